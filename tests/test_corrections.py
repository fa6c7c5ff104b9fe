"""The corrections contract (corrections.py): each action, stale corrections (by hash, by
span, by a changed reading), malformed rows, the last row winning, `--strict`,
`--corrections`, and `evaluate --corrections`, on an invented article."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from vnlabour import corrections as fixes
from vnlabour.cli import main
from vnlabour.corpus import run_extract
from vnlabour.dataset import load
from vnlabour.evaluate import evaluate_corrections

ARTICLE = """Hà Giang: kết quả giải quyết việc làm năm 2024

Năm 2024, tỉnh Hà Giang đã giải quyết việc làm cho 12.345 lao động, đạt 110% kế hoạch năm.

Tỷ lệ hộ nghèo của tỉnh cuối năm 2024 còn 20,5%, giảm 3,1% so với năm 2023.

Toàn tỉnh có 1.234 người đi làm việc ở nước ngoài theo hợp đồng trong năm 2024.
"""
JOBS, PLAN, RATE, CUT, ABROAD = (99, 114), (120, 124), (182, 187), (194, 198), (230, 241)
SHA = hashlib.sha256(ARTICLE.encode()).hexdigest()
HEADER = ",".join(fixes.COLUMNS)


def row(span, action, **fields) -> str:
    """A corrections.csv line for the invented article."""
    cells = {"doc_sha256": SHA, "char_start": span[0], "char_end": span[1], "action": action,
             **fields}
    return ",".join(str(cells.get(c, "")) for c in fixes.COLUMNS)


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    return src


def extract(corpus: Path, tmp_path: Path, *lines: str, header: str = HEADER):
    """Extract the corpus with a corrections file of `lines`: (summary, facts by span,
    indicators by code, stale rows)."""
    path = tmp_path / "corrections.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_extract(corpus, out, corrections=path)
    data = load(out)
    facts = {(r["char_start"], r["char_end"]): r for r in data.facts.to_dict("records")}
    indicators = {r["indicator"]: r for r in data.indicators.to_dict("records")}
    return summary, facts, indicators, fixes.read_stale(out)


def test_without_corrections_every_fact_is_unreviewed(corpus, tmp_path):
    _, facts, indicators, stale = extract(corpus, tmp_path)
    assert sorted(facts) == [JOBS, PLAN, RATE, CUT, ABROAD]
    assert {f["review"] for f in facts.values()} == {"unreviewed"}
    assert indicators["jobs_created"]["value"] == 12345
    assert stale == []


def test_accept_marks_the_fact_and_changes_no_value(corpus, tmp_path):
    _, facts, indicators, stale = extract(corpus, tmp_path, row(JOBS, "accept"),
                                          row(RATE, "accept", value="20.5", year=2024))
    assert facts[JOBS]["review"] == facts[RATE]["review"] == "accepted"
    assert facts[PLAN]["review"] == "unreviewed"
    assert indicators["jobs_created"]["value"] == 12345 and stale == []


def test_reject_keeps_the_fact_marked_and_out_of_the_indicators(corpus, tmp_path):
    _, facts, indicators, _ = extract(corpus, tmp_path, row(ABROAD, "reject", note="not ours"))
    assert facts[ABROAD]["review"] == "rejected" and facts[ABROAD]["value"] == 1234
    assert "workers_abroad" not in indicators
    assert indicators["jobs_created"]["value"] == 12345


def test_edit_replaces_the_given_fields_and_keeps_the_extracted_ones(corpus, tmp_path):
    _, facts, indicators, _ = extract(corpus, tmp_path,
                                      row(JOBS, "edit", value=12354, year=2023))
    fact = facts[JOBS]
    assert (fact["review"], fact["value"], fact["year"]) == ("edited", 12354, 2023)
    assert (fact["value_extracted"], fact["year_extracted"]) == (12345, 2024)
    assert fact["status_extracted"] == "" and fact["status"] == "actual"
    assert indicators["jobs_created"]["value"] == 12354
    assert indicators["jobs_created"]["year"] == 2023


def test_edit_of_province_and_indicator_sets_what_follows_from_them(corpus, tmp_path):
    _, facts, _, _ = extract(corpus, tmp_path, row(
        CUT, "edit", indicator="poverty_rate_reduction__national", province="Hà Nội"))
    fact = facts[CUT]
    assert (fact["scope"], fact["province"], fact["province_code"], fact["province_2025"]) \
        == ("national", "Hà Nội", "01", "Hà Nội")
    assert (fact["indicator_extracted"], fact["province_extracted"]) == \
        ("poverty_rate_reduction", "Hà Giang")


def test_add_makes_a_fact_with_its_sentence(corpus, tmp_path):
    start = ARTICLE.index("2023")
    _, facts, _, stale = extract(corpus, tmp_path, row(
        (start, start + 4), "add", indicator="jobs_created", status="target", year=2025,
        value=15000, unit="persons"))
    fact = facts[(start, start + 4)]
    assert (fact["review"], fact["value"], fact["province"], fact["rule"], fact["confidence"]) \
        == ("added", 15000, "Hà Giang", fixes.ADDED_RULE, 1.0)
    assert fact["sentence"] == "Tỷ lệ hộ nghèo của tỉnh cuối năm 2024 còn 20,5%, giảm 3,1% so " \
                               "với năm 2023."
    assert fact["fact_id"] == f"a1@{start}" and stale == []
    assert len(facts) == 6


def test_add_where_the_extractor_now_finds_a_figure_edits_it(corpus, tmp_path):
    _, facts, _, stale = extract(corpus, tmp_path, row(
        ABROAD, "add", indicator="workers_abroad", status="actual", year=2024, value=1243,
        unit="persons"))
    assert (facts[ABROAD]["review"], facts[ABROAD]["value"]) == ("edited", 1243)
    assert len(facts) == 5 and stale == []


def test_a_later_row_for_the_same_figure_wins(corpus, tmp_path):
    _, facts, _, _ = extract(corpus, tmp_path, row(JOBS, "reject"), row(JOBS, "accept"))
    assert facts[JOBS]["review"] == "accepted"


def test_stale_by_span_is_listed_and_applied_to_nothing(corpus, tmp_path):
    summary, facts, _, stale = extract(corpus, tmp_path, row((100, 114), "edit", value=1),
                                       row(JOBS, "accept"))
    assert [(s["line"], s["doc_id"], s["reason"]) for s in stale] == [
        ("2", "a1", "no figure at chars 100-114 any more")]
    assert facts[JOBS]["value"] == 12345 and facts[JOBS]["review"] == "accepted"
    assert "stale correction (line 2, edit of chars 100-114 in a1): no figure at chars " \
           "100-114 any more; not applied" in summary.describe()


def test_stale_when_the_accepted_reading_changed(corpus, tmp_path):
    _, facts, _, stale = extract(corpus, tmp_path, row(JOBS, "accept", value=12000))
    assert facts[JOBS]["review"] == "unreviewed"
    assert [s["reason"] for s in stale] == [
        "the reading changed since it was accepted: value 12345.0 -> 12000.0"]


def test_stale_by_hash_after_the_article_changed(corpus, tmp_path):
    extract(corpus, tmp_path, row(JOBS, "edit", value=12354))
    (corpus / "a1.txt").write_text(ARTICLE.replace("12.345", "12.346"), encoding="utf-8")
    summary, facts, indicators, stale = extract(corpus, tmp_path, row(JOBS, "edit", value=12354))
    assert facts[JOBS]["value"] == 12346 and facts[JOBS]["review"] == "unreviewed"
    assert indicators["jobs_created"]["value"] == 12346
    reason = "no document has this content hash any more (its article changed or was removed)"
    assert [(s["doc_id"], s["doc_sha256"], s["reason"]) for s in stale] == [("a1", SHA, reason)]
    # the document stays named in later runs, from the stale list itself
    assert [s["doc_id"] for s in extract(corpus, tmp_path, row(JOBS, "accept"))[3]] == ["a1"]
    assert f"in a1): {reason}" in summary.describe()


def test_malformed_rows_are_named_and_the_others_still_apply(corpus, tmp_path):
    summary, facts, _, _ = extract(
        corpus, tmp_path, row(JOBS, "approve"), row(PLAN, "edit", value="1.234.5"),
        row(RATE, "edit"), row(CUT, "add", value=3), "abc," + row(ABROAD, "reject")[65:],
        row((5, 2), "reject"), row(ABROAD, "edit", year=24, unit="people"),
        row(ABROAD, "reject", province="Atlantis"), row(JOBS, "accept"))
    path = tmp_path / "corrections.csv"
    problems = [line.strip() for line in summary.describe().splitlines()
                if line.startswith(f"  {path}")]
    assert problems == [
        f"{path} line 2: column action: unknown action 'approve' (want one of accept, reject, "
        "edit, add); row skipped",
        f"{path} line 3: column value: '1.234.5' is not a number (use '.' for decimals, no "
        "separators); row skipped",
        f"{path} line 4: column action: an edit needs at least one field to change; row skipped",
        f"{path} line 5: column indicator: an added figure needs it; row skipped",
        f"{path} line 5: column status: an added figure needs it; row skipped",
        f"{path} line 5: column unit: an added figure needs it; row skipped",
        f"{path} line 6: column doc_sha256: 'abc' is not a sha256 (64 lowercase hex digits, "
        "documents.csv column sha256); row skipped",
        f"{path} line 7: column char_end: 2 is not after char_start 5; row skipped",
        f"{path} line 8: column year: '24' is not a year (1900-2100); row skipped",
        f"{path} line 8: column unit: 'people' is not one of persons, households, percent, "
        "percentage_points, vnd, count; row skipped",
        f"{path} line 9: column province: unknown province 'Atlantis'; row skipped"]
    assert [k for k, f in facts.items() if f["review"] != "unreviewed"] == [JOBS]


def test_missing_columns_are_named_and_key_columns_stop_the_file(corpus, tmp_path):
    short = HEADER.replace(",reviewed_on", "")
    summary, facts, _, _ = extract(corpus, tmp_path, row(JOBS, "accept").rsplit(",", 1)[0],
                                   header=short)
    path = tmp_path / "corrections.csv"
    assert f"{path} line 1: column reviewed_on: missing (want {HEADER})" in summary.describe()
    assert facts[JOBS]["review"] == "accepted"
    no_key = HEADER.replace("action,", "")
    summary, facts, _, _ = extract(corpus, tmp_path, "", header=no_key)
    assert f"{path}: no correction applied" in summary.describe()


def test_cli_strict_fails_on_a_stale_correction_and_names_a_missing_file(corpus, tmp_path,
                                                                         capsys):
    path = tmp_path / "corrections.csv"
    path.write_text(HEADER + "\n" + row((1, 2), "reject") + "\n", encoding="utf-8")
    out = str(tmp_path / "out")
    assert main(["extract", str(corpus), "--out", out, "--corrections", str(path)]) == 0
    assert main(["extract", str(corpus), "--out", out, "--corrections", str(path),
                 "--strict"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == \
        "error: --strict: 1 correction(s) stale or malformed"
    assert main(["extract", str(corpus), "--out", out, "--corrections", "nowhere.csv"]) == 1
    assert "vnlabour extract: corrections file nowhere.csv not found" in \
        capsys.readouterr().err


def test_evaluate_against_the_researchers_decisions(corpus, tmp_path):
    start = ARTICLE.index("2023")
    extract(corpus, tmp_path, row(JOBS, "accept"), row(PLAN, "edit", value=111),
            row(ABROAD, "reject"), row((start, start + 4), "add", indicator="jobs_created",
                                       status="actual", year=2023, value=9000,
                                       unit="persons"))
    score, problems = evaluate_corrections(tmp_path / "corrections.csv",
                                           tmp_path / "out" / "facts.csv")
    assert problems == []
    # gold: jobs (accepted), plan share 111 (edited), the added figure; extracted: jobs,
    # plan share 110, workers abroad (rejected)
    assert (score.required, score.found, score.predicted) == (3, 1, 3)
    assert (score.recall, score.precision) == (0.3333, 0.3333)
    assert sorted(p["indicator"] for p in score.false_positives) == [
        "jobs_created_plan_pct", "workers_abroad"]
    with open(tmp_path / "out" / "facts.csv", encoding="utf-8") as f:
        plan = next(r for r in csv.DictReader(f) if r["indicator"] == "jobs_created_plan_pct")
    assert (plan["value"], plan["value_extracted"]) == ("111", "110")
