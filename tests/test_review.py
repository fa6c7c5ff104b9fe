"""Reviewing (review.py, review_ui.py): the queue and its filters, each decision appended to
the corrections file and read back, the progress, refused decisions, and the cards."""
from __future__ import annotations

import csv

import pytest

from test_corrections import ARTICLE, SHA, corpus  # noqa: F401 - the invented article
from vnlabour import review
from vnlabour.corpus import run_extract


@pytest.fixture
def where(corpus, tmp_path):  # noqa: F811
    """The invented article extracted; where review functions find it and write to."""
    run_extract(corpus, tmp_path / "out")
    return {"data_dir": tmp_path / "out", "corrections": tmp_path / "corrections.csv",
            "reviewer": "tester"}


def rows(where) -> list[dict]:
    with open(where["corrections"], encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_queue_is_unreviewed_facts_lowest_confidence_first(where):
    q = review.queue(data_dir=where["data_dir"], corrections=where["corrections"])
    assert list(q["confidence"]) == sorted(q["confidence"])
    assert sorted(q["fact_id"]) == ["a1@120", "a1@182", "a1@194", "a1@230", "a1@99"]
    assert list(review.queue(indicator="poverty_rate", **{k: where[k] for k in (
        "data_dir", "corrections")})["fact_id"]) == ["a1@182"]
    assert review.queue(province="Tuyên Quang", data_dir=where["data_dir"],
                        corrections=where["corrections"]).shape[0] == 5
    assert review.queue(document="zz", data_dir=where["data_dir"],
                        corrections=where["corrections"]).empty


def test_each_decision_appends_a_row_and_leaves_the_queue(where):
    review.accept("a1@99", **where)
    review.reject("a1@230", note="a national figure", **where)
    review.edit("a1@120", value=111, **where)
    start = ARTICLE.index("2023")
    review.add("a1", quote="so với năm 2023", figure="2023", indicator="jobs_created",
               status="actual", value=9000, unit="persons", year=2023, **where)
    got = [{k: r[k] for k in ("char_start", "char_end", "action", "indicator", "status", "year",
                              "value", "unit", "qualifier", "province", "note", "reviewer")}
           for r in rows(where)]
    assert got == [
        {"char_start": "99", "char_end": "114", "action": "accept", "indicator": "jobs_created",
         "status": "actual", "year": "2024", "value": "12345", "unit": "persons",
         "qualifier": "exact", "province": "Hà Giang", "note": "", "reviewer": "tester"},
        {"char_start": "230", "char_end": "241", "action": "reject",
         "indicator": "workers_abroad", "status": "", "year": "", "value": "", "unit": "",
         "qualifier": "", "province": "", "note": "a national figure", "reviewer": "tester"},
        {"char_start": "120", "char_end": "124", "action": "edit", "indicator": "",
         "status": "", "year": "", "value": "111", "unit": "", "qualifier": "",
         "province": "", "note": "", "reviewer": "tester"},
        {"char_start": str(start), "char_end": str(start + 4), "action": "add",
         "indicator": "jobs_created", "status": "actual", "year": "2023", "value": "9000",
         "unit": "persons", "qualifier": "", "province": "", "note": "",
         "reviewer": "tester"}]
    assert {r["doc_sha256"] for r in rows(where)} == {SHA}
    q = review.queue(data_dir=where["data_dir"], corrections=where["corrections"])
    assert sorted(q["fact_id"]) == ["a1@182", "a1@194"]
    progress = review.progress(where["data_dir"], where["corrections"])
    assert progress.to_dict("records") == [
        {"province": "Hà Giang", "figures": 5, "reviewed": 3, "accepted": 1, "rejected": 1,
         "edited": 1, "added": 0},
        {"province": "all", "figures": 5, "reviewed": 3, "accepted": 1, "rejected": 1,
         "edited": 1, "added": 0}]
    assert review.summary_line(progress) == "3 / 5 figures reviewed (Hà Giang 3/5)"


def test_refused_decisions_say_why_and_write_nothing(where):
    with pytest.raises(review.ReviewError, match="no fact 'a1@1' in"):
        review.accept("a1@1", **where)
    with pytest.raises(review.ReviewError, match="value: 'many' is not a number"):
        review.edit("a1@99", value="many", **where)
    with pytest.raises(review.ReviewError, match="cannot edit sentence"):
        review.edit("a1@99", sentence="x", **where)
    with pytest.raises(review.ReviewError, match="the quote is found 4 times in a1"):
        review.add("a1", quote="2024", indicator="jobs_created", status="actual", value=1,
                   unit="persons", **where)
    with pytest.raises(review.ReviewError, match="unit: an added figure needs it"):
        review.add("a1", span=(0, 3), indicator="jobs_created", status="actual", value=1,
                   **where)
    assert not where["corrections"].exists()


def test_cards_highlight_the_figure_and_record_a_click(where):
    from vnlabour import review_ui

    panel = review_ui.Panel({"province": None, "indicator": "jobs_created", "document": None},
                            5, str(where["data_dir"]), str(where["corrections"]), "tester")
    assert panel.progress.value == "<b>0 / 5 figures reviewed (Hà Giang 0/5)</b>"
    card_box = panel.cards.children[0]
    assert "cho <mark>12.345 lao động</mark>, đạt 110%" in card_box.children[0].value
    assert "jobs_created · actual · 2024 · 12345 persons (exact) · Hà Giang" in \
        card_box.children[0].value
    accept = card_box.children[1].children[0]
    assert accept.description == "Accept"
    accept.click()
    assert [r["action"] for r in rows(where)] == ["accept"]
    assert accept.disabled and panel.progress.value.startswith("<b>1 / 5")
