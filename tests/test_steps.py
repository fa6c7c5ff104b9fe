"""Each reading step of the extractor (vnlabour.extract.indicator.STEPS) on its own example: what
the step says of the figure when the pipeline reaches it, and that it is the step that decides."""
from dataclasses import replace

import pytest

from vnlabour.extract import DROP, STEPS, Document, Place, Reading, Role, extract
from vnlabour.extract import document, indicator
from vnlabour.places import find_mentions
from vnlabour.text import normalise

S = {step.__name__: step for step in STEPS}


def ask(step, text: str, figure: str, monkeypatch) -> tuple:
    """(what `step` returns for `figure` of `text` (as written from its qualifier to its unit),
    asked when the pipeline reaches that figure, the name of the step that decided, or None
    when none made it a figure)."""
    seen = []

    def spy(q, v, r):
        decided = indicator.read(q, v, r)
        if v.st[q.qual_start:q.unit_end] == figure:
            seen.append((step(q, v, r), decided.step if decided else None))
        return decided

    monkeypatch.setattr(document, "read", spy)
    doc = Document("t", normalise(text), published="2024-12-20")
    extract(doc, Place("Nghệ An", ""), find_mentions(doc.text))
    assert len(seen) == 1, f"{figure!r} is not one quantity of the text"
    return seen[0]


# step, text, figure, the Reading the step returns (without its parent), its parent's
# (indicator, value)
CASES = [
    ("plan_share_after",
     "Năm 2024, toàn tỉnh đã giải quyết việc làm cho 30.500 lao động, vượt 167% kế hoạch.",
     "167%", Reading("jobs_created_plan_pct", "plan:vượt/follows", role=Role.PLAN_SHARE,
                     plan_verb="vượt"), ("jobs_created", 30500)),
    ("share_of_group",
     "Năm 2022, hộ nghèo dân tộc thiểu số có 44.210 hộ, chiếm 95,9% tổng số hộ nghèo.",
     "95,9%", DROP, None),
    ("change_of_count",
     "Năm 2024, tỉnh đưa 1.126 người đi làm việc ở nước ngoài, tăng 218 người so với năm 2023.",
     "218 người", DROP, None),
    ("aside",
     "Cuối năm 2024, toàn huyện còn 241 hộ nghèo (1,96%).",
     "1,96%", Reading("poverty_rate", "rate:(%)", role=Role.RATE), ("poor_households", 241)),
    ("level_to",
     "Năm 2024, số hộ nghèo giảm từ 241 hộ xuống còn 217 hộ.",
     "217 hộ", Reading("poor_households", "to:xuống còn"), None),
    ("cue_in_segment",
     "Năm 2023, tỷ lệ hộ nghèo còn 3,62%.",
     "3,62%", Reading("poverty_rate", "cue:tỷ lệ hộ nghèo/before"), None),
    ("from_level_elliptic",
     "Năm 2024 tỷ lệ hộ nghèo toàn tỉnh giảm 2,62%, từ 11,35% xuống còn 8,73%.",
     "11,35%", Reading("poverty_rate", "from:elliptic+from", from_level=True), None),
    ("plan_share_before",
     "Năm 2023, kết quả đã tuyển sinh đào tạo 13.575 người, đạt 169,7%.",
     "169,7%", Reading("vocational_enrolment_plan_pct", "plan:đạt/before",
                       role=Role.PLAN_SHARE, plan_verb="đạt"), ("vocational_enrolment", 13575)),
    ("rate_of_count",
     "Năm 2024, toàn tỉnh có 12.345 hộ nghèo, chiếm 3,2%.",
     "3,2%", Reading("poverty_rate", "rate:chiếm", role=Role.RATE), ("poor_households", 12345)),
    ("decrease_elliptic",
     "Tỷ lệ hộ nghèo đa chiều cuối năm 2023 là 2,5%, giảm 1,2% so với năm 2022.",
     "1,2%", Reading("poverty_rate_reduction", "decrease:elliptic", role=Role.DECREASE),
     ("poverty_rate", 2.5)),
    ("count_of_rate",
     "Năm 2023, tỷ lệ hộ nghèo còn 3,62%, tương ứng 9.300 hộ.",
     "9.300 hộ", Reading("poor_households", "count:of-rate"), ("poverty_rate", 3.62)),
    ("cue_in_clause",
     "Về giải quyết việc làm, năm 2024 toàn tỉnh đạt 25.430 lao động.",
     "25.430 lao động", Reading("jobs_created", "cue:giải quyết việc làm/before"), None),
    ("part_of_total",
     "Giai đoạn 2021-2024, tỉnh đã giải quyết việc làm cho 64.000 lao động, trong đó năm 2024 "
     "là 16.280 lao động.",
     "16.280 lao động", Reading("jobs_created", "part:of-total"), None),
    ("result_of_target",
     "Chỉ tiêu năm 2024 là giải quyết việc làm cho 18.000 lao động, đến nay đã đạt 19.200 lao "
     "động.",
     "19.200 lao động", Reading("jobs_created", "result:of-target"), None),
    ("next_level",
     "Năm 2021, tỷ lệ lao động qua đào tạo là 61,3%; dự ước năm 2022 khoảng 63%.",
     "khoảng 63%", Reading("trained_labour_rate", "level:next-year"), None),
    ("list_item",
     "Năm 2024, quận Liên Chiểu giải quyết việc làm cho 7.850 lao động; quận Hải Châu 6.920 "
     "lao động.",
     "6.920 lao động", Reading("jobs_created", "list:place"), None),
]


@pytest.mark.parametrize("name, text, figure, expected, parent", CASES,
                         ids=[case[0] for case in CASES])
def test_step_reads_its_example(name, text, figure, expected, parent, monkeypatch):
    got, decided = ask(S[name], text, figure, monkeypatch)
    if expected is DROP:
        assert (got, decided) == (DROP, None)
        return
    assert decided == name
    assert replace(got, parent=None) == expected
    assert ((got.parent.indicator, got.parent.value) if got.parent else None) == parent


@pytest.mark.parametrize("name, text, figure, expected", [
    # a bare "tỷ lệ" that is the rate of nothing the rules know: no cue further away names it
    ("cue_in_segment", "Năm 2024, toàn tỉnh tuyển sinh đào tạo nghề cho 25.000 người, tỷ lệ có "
     "việc làm sau đào tạo đạt 81%.", "81%", DROP),
    # a cue that needs a level word before the figure, and has it
    ("cue_in_segment", "Năm 2024, toàn huyện còn 5.123 hộ nghèo.", "5.123 hộ nghèo",
     Reading("poor_households", "cue:hộ nghèo/after+level", level_word=True)),
    # a fall told with the cue: its decrease
    ("cue_in_segment", "Năm 2024, tỷ lệ hộ nghèo giảm 1,2%.", "1,2%",
     Reading("poverty_rate_reduction", "cue:tỷ lệ hộ nghèo/before+decrease")),
    # the earlier level of "giảm từ X xuống Y", named by its cue
    ("cue_in_segment", "Năm 2024, tỷ lệ hộ nghèo giảm từ 5,12% xuống còn 3,8%.", "5,12%",
     Reading("poverty_rate", "cue:tỷ lệ hộ nghèo/before+from", from_level=True)),
    # a new level after a level word, in a clause of its own
    ("next_level", "Năm 2023, tỷ lệ hộ nghèo của tỉnh là 4,5%; năm 2024 giảm xuống còn 3,2%.",
     "3,2%", Reading("poverty_rate", "to:xuống còn/elliptic")),
    # the target of the figure before, in parentheses
    ("aside", "Năm 2024, tỷ lệ lao động qua đào tạo đạt 70,5% (kế hoạch 70%).", "70%",
     Reading("trained_labour_rate", "target:aside", role=Role.TARGET)),
])
def test_step_variants(name, text, figure, expected, monkeypatch):
    got, decided = ask(S[name], text, figure, monkeypatch)
    if expected is DROP:
        assert (got, decided) == (DROP, None)
    else:
        assert decided == name
        assert replace(got, parent=None) == expected


def test_every_step_has_a_docstring_example_and_a_case():
    """A step states its pattern and a Vietnamese example, and this file tries it."""
    assert [s for s in S if '"' not in (S[s].__doc__ or "")] == []
    assert sorted(S) == sorted(case[0] for case in CASES)


def test_a_fact_keeps_its_reading_and_the_rule_is_its_label():
    doc = Document("t", normalise("Năm 2024, toàn tỉnh đã giải quyết việc làm cho 30.500 lao "
                                  "động, vượt 167% kế hoạch."))
    share = extract(doc, Place("Nghệ An", ""))[1]
    assert (share.indicator, share.value, share.rule) == \
        ("jobs_created_plan_pct", 167, "plan:vượt/follows")
    assert (share.reading.step, share.reading.role, share.reading.parent.value) == \
        ("plan_share_after", Role.PLAN_SHARE, 30500)


def test_no_code_reads_the_provenance_label(monkeypatch):
    """Later rules decide on the Reading, never on `rule`: a label that starts like another
    kind of reading ("target:", "plan:", "+from") changes no figure."""
    def figures():
        out = []
        for text in [case[1] for case in CASES]:
            doc = Document("t", normalise(text), published="2024-12-20")
            out += [(f.indicator, f.status, f.year, f.period_start, f.value, f.qualifier)
                    for f in extract(doc, Place("Nghệ An", ""), find_mentions(doc.text))]
        return out

    plain = figures()

    def misleading(q, v, r):
        reading = indicator.read(q, v, r)
        if reading is not None:
            reading.rule = "target:plan:+from+level" + reading.rule
        return reading

    monkeypatch.setattr(document, "read", misleading)
    assert len(plain) == 29
    assert figures() == plain
