"""When a figure is of: years and periods named in a sentence ("năm 2024", "giai đoạn
2021-2025", "từ năm 2021 đến nay"), the year a figure takes (_year_of: before it, after it, the
year of earlier sentences, "năm qua", the publication date), the first year of a multi-year
figure, a level at the start of a year, and parts of a year ("6 tháng đầu năm": 6 months).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnlabour.extract.sentence import _AT, _inside
from vnlabour.numbers import Quantity

if TYPE_CHECKING:
    from vnlabour.extract.model import Document
    from vnlabour.extract.ruleset import _Rules
    from vnlabour.extract.sentence import _View


_YEAR = r"(?:19[89]\d|20[0-5]\d)"
# The year patterns start with the year's first digit, which lets the regex engine skip to
# candidates; their groups hold the rest of the year ("p1" of "2021-2025" is "021").
_YEAR_REST = r"(?:(?<=1)9[89]\d|(?<=2)0[0-5]\d)"
_YEARS = re.compile(
    rf"[12](?:(?P<p1>{_YEAR_REST})\s?(?:-|–|đến|tới|đến năm)\s?(?P<p2>{_YEAR})(?![.,]?\d)"
    rf"|(?<![\d.,].)(?P<y>{_YEAR_REST})(?![\d.,]?\d)(?!\s?%)"
    rf"(?!\s(?:người|lao động|hộ|lượt)\b))")


@dataclass(slots=True)
class _Year:
    start: int
    end: int
    year: int | None      # None for "từ năm 2021 đến nay" until the context year is known
    period_start: int | None
    ignored: bool
    plan: bool = False    # the year of plans and tasks ("triển khai nhiệm vụ năm 2025")


_IGNORE_STOP = re.compile(r"[;)]|,(?!\d)")   # an ignore phrase holds up to here
# what stands before the year of "từ năm 2021 đến nay", "từ ngày 1-10-2021 đến nay"
_SINCE = re.compile(r"(?:từ|năm)\s(?:(?:năm|ngày|tháng)\s)?(?:\d{1,2}[-/.]){0,2}$")


def _find_years(text: str, low: str, r: _Rules) -> list[_Year]:
    """Year and period mentions of a sentence, with those after comparison/standard phrases
    marked ignored. "từ năm 2021 đến nay" (or "từ ngày 1-10-2021 đến nay") is a period that
    ends in the current year."""
    mentions = list(_YEARS.finditer(text))
    if not mentions:
        return []
    ignore_ends = [m.end() for m in r.time["ignore"].finditer(low)]
    found = []
    for m in mentions:
        near = ignore_ends[bisect.bisect_left(ignore_ends, m.start() - 60):
                           bisect.bisect_right(ignore_ends, m.start())] if ignore_ends else ()
        ignored = any(not _IGNORE_STOP.search(text, e, m.start()) for e in near)   # in order
        plan = bool(r.plan_year_before.search(low, max(0, m.start() - 32), m.start()))
        if m["p1"]:
            found.append(_Year(m.start(), m.end(), int(m["p2"]), int(text[m.start():m.end("p1")]),
                               ignored, plan))
            continue
        year = int(text[m.start():m.end("y")])
        until_now = r.time["until_now"].match(low, m.end() + 1)
        if until_now and _SINCE.search(low, max(0, m.start() - 20), m.start()):
            found.append(_Year(m.start(), until_now.end(), None, year, ignored, plan))
        else:
            found.append(_Year(m.start(), m.end(), year, None, ignored, plan))
    return found


_ANY_YEAR = re.compile(rf"[12](?<!\d.){_YEAR_REST}(?!\d)")


def _fallback_year(doc: Document, text: str) -> int | None:
    """The year a figure belongs to when nothing in the text before it says: the publication
    year, else the latest year the document mentions (a report speaks of its latest year)."""
    if doc.published[:4].isdigit():
        return int(doc.published[:4])
    years = [int(y) for y in _ANY_YEAR.findall(text)]
    return max(years) if years else None


def _year_before_aside(q: Quantity, v: _View) -> _Year | None:
    """The year right before the parentheses that hold only q ("cuối năm 2023 (26,28%)")."""
    paren = _inside(q.start, v.parens)
    if paren is None or v.st[paren[0] + 1:q.qual_start].strip() \
            or v.st[q.unit_end:paren[1] - 1].strip():
        return None
    return next((y for y in v.years if y.year is not None and y.end <= paren[0]
                 and not v.st[y.end:paren[0]].strip()), None)


def _part_of_year_phrases(low: str, r: _Rules) -> list[tuple[int, int]]:
    """(start, months) of the phrases of a sentence that name part of a year ("6 tháng đầu
    năm": 6; rules/part_of_year.csv); a whole year ("tính đến tháng 12") is none."""
    if "tháng" not in low and "quý" not in low and "nửa" not in low:
        return []
    found = []
    for m in r.part_of_year.finditer(low):
        i = int(m.lastgroup[1:])
        months = r.part_months[i]
        months = int(m.group(f"n{i}")) if months == "N" else months
        if 0 < months < 12:
            found.append((m.start(), months))
    return found


def _months_of(q: Quantity, v: _View) -> int | None:
    """Months of the year a result covers: those of the last part-of-year phrase before it
    in its sentence, else those the sentences before spoke of unless the sentence names its
    own year before it."""
    before = [months for start, months in v.partial if start < q.qual_start]
    if before:
        return before[-1]
    if any(y.end <= q.qual_start and not y.ignored for y in v.years):
        return None
    return v.ctx.months


def _no_future_results(status: str, year: int | None, doc: Document) -> str:
    """A figure of a year after the publication year is a target, whatever the wording
    ("Đến năm 2025, toàn tỉnh không còn hộ nghèo" in a 2024 article): no result is known yet."""
    if status == "actual" and year is not None and doc.published[:4].isdigit() \
            and year > int(doc.published[:4]):
        return "target"
    return status


def _year_of(q: Quantity, v: _View, from_level: bool, r: _Rules,
             status: str = "actual") -> tuple[int | None, int | None]:
    """(year, period_start): a year written right after the figure ("3,8% cuối năm 2023"),
    else the nearest before it in the sentence, else the first after it in its clause, else
    "năm qua"/the context year of earlier sentences/the publication year. The earlier level
    of "giảm từ X xuống Y" is the year before (or the period's start), or with no year in its
    sentence, the year of the earlier level of the change told just before; a from-level
    right after its year ("năm 2023 từ 6,03%") is of that year, and its later level of the
    next year. The parts of a total after a sentence-opening "Trong đó" share its time."""
    own_paren = _inside(q.start, v.parens)
    year = _year_before_aside(q, v) if own_paren else None
    if year is not None:   # "so với cuối năm 2023 (26,28%)", even after a comparison word
        return year.year, year.period_start
    years = v.years   # in order: bisections to the years near q, not scans of all of them
    seg_end = v.segment(q.start)[1]
    clause_end = v.clause(q.start)[1]
    # a year written right after the figure, or in parentheses right after it: "3,8% (năm 2023)"
    follow = v.parens[bisect.bisect_left(v.parens, (q.unit_end,)):
                      bisect.bisect_left(v.parens, (q.unit_end + 3,))] if v.parens else []
    # "2,55% (tương đương 10.368 hộ) năm 2021": a year right after the aside that follows
    end = follow[0][1] if follow and not own_paren else q.unit_end
    tight, before, after = [], None, None
    if years:
        lo = bisect.bisect_left(years, q.unit_end, key=_AT)
        reach = max(end + 21, follow[-1][1]) if follow else end + 21
        tight = [y for y in years[lo:bisect.bisect_left(years, reach, lo, key=_AT)]
                 if not y.ignored and (
                     end <= y.start <= end + 20 and y.start < seg_end and
                     _inside(y.start, v.parens) in (None, own_paren)
                     or _inside(y.start, v.parens) in follow)
                 and not v.figure_between(max(q.end, end), y.start)
                 and not _NEXT_ITEM.search(v.low, end, y.start)]
        # usable: not ignored, outside parentheses or in q's own
        before = next((y for y in (years[i] for i in range(
            bisect.bisect_left(years, q.qual_start, key=_AT) - 1, -1, -1))
            if not y.ignored and y.end <= q.qual_start
            and _inside(y.start, v.parens) in (None, own_paren)), None)
        k = bisect.bisect_left(years, q.end, key=_AT)
        after = next((y for y in (years[i] for i in range(
            k, bisect.bisect_left(years, clause_end, k, key=_AT)))
            if not y.ignored and _inside(y.start, v.parens) in (None, own_paren)), None)
    if not (tight or before) and v.ctx.period \
            and r.time["this_period"].search(v.low, 0, clause_end):
        return v.ctx.period[1], v.ctx.period[0]     # "cũng trong giai đoạn này", before or after
    chosen = tight[0] if tight else before or after
    elapsed = _elapsed(q, chosen, v, r)
    if elapsed:
        return elapsed
    last = v.ctx.last_total
    if chosen is None and last is not None and any(
            kind == "component" and not v.st[:start].strip() for start, _, kind in v.scope_cues):
        return last.year, last.period_start   # "… 85.300 lao động. Trong đó, có 9.200 …"
    if chosen is None:
        if from_level and v.ctx.from_year is not None:
            # "Tỷ lệ hộ nghèo giảm từ 20,71% đầu năm 2022 xuống … Số hộ nghèo giảm từ 40.120
            # hộ xuống …": a change told in parallel starts where the one before did
            return v.ctx.from_year, None
        if from_level and v.ctx.period_before:
            # "Sau giai đoạn 2021-2024, huyện … Tỷ lệ hộ nghèo giảm từ 9,12% xuống còn 6,04%":
            # a change told over the period named just before starts at its first year
            return v.ctx.period[0], None
        published = v.doc.published
        if published[:4].isdigit() and (r.time["last_year"].search(v.low, 0, q.qual_start)
                                        or _said_now(q, v, r)):
            year = _last_year(published)
        elif published[5:7].isdigit() and any(start < q.qual_start and months <= int(published[5:7])
                                             for start, months in v.partial):
            year = int(published[:4])  # "9 tháng qua", "6 tháng cuối năm": this year's
        elif status == "target" and v.ctx.plan_year:
            year = v.ctx.plan_year
        else:
            year = v.ctx.year or v.fallback_year()
        return (year - 1 if from_level and year is not None else year), None
    year = chosen.year if chosen.year is not None else (v.ctx.year or v.fallback_year())
    attached = None if tight or chosen.period_start else _ATTACHED_FROM.match(v.low, chosen.end)
    if attached and attached.end() <= q.qual_start and year is not None:
        # "tỷ lệ hộ nghèo năm 2023 từ 6,03% đã giảm xuống còn 3,36%": 6,03% is the level of
        # 2023 and 3,36% the level a year later
        return (year if attached.end() == q.qual_start else year + 1), None
    if from_level and not tight and year is not None:
        return chosen.period_start or year - 1, None
    return year, chosen.period_start


# a year that a from-level follows directly: "năm 2023 từ 6,03%", "năm 2023 đã giảm từ 5%"
_ATTACHED_FROM = re.compile(r"\s(?:(?:đã\s)?(?:giảm|tăng)\s)?từ\s(?:mức\s)?")


# a year after "và" or "đến" opens the next item: "… còn dưới 3% và đến cuối năm 2030, …"
_NEXT_ITEM = re.compile(r"\s(?:và|đến|tới)\s")


def _said_now(q: Quantity, v: _View, r: _Rules) -> bool:
    """Whether a word of the present ("hiện", "hiện nay") stands before q in its sentence (not
    as part of another word: "thực hiện", "hiện đại")."""
    others = [m.span() for m in r.time["not_now"].finditer(v.low, 0, q.qual_start)]
    return any(not any(start < m.end() and m.start() < end for start, end in others)
               for m in r.time["now"].finditer(v.low, 0, q.qual_start))


def _elapsed(q: Quantity, chosen: _Year | None, v: _View, r: _Rules) -> tuple[int, int] | None:
    """(year, period_start) after "sau N năm" before q in its clause: the Nth year of the
    period named for the figure ("sau 4 năm triển khai đề án giai đoạn 2021-2025": 2024), or
    N years after the last year named before ("cuối năm 2021 … Sau 3 năm": 2024), or the Nth
    year of the last period named when that year was its end. None when no such phrase, or the
    figure names a year of its own."""
    m = r.after_years.search(v.low, v.clause(q.start)[0], q.qual_start)
    if m is None or (chosen is not None and chosen.period_start is None):
        return None
    n = int(m[1])
    if chosen is not None and chosen.year is not None:
        first = chosen.period_start
    elif v.ctx.year and not (v.ctx.period and v.ctx.period[1] == v.ctx.year):
        return v.ctx.year + n, v.ctx.year + 1
    elif v.ctx.period:
        first = v.ctx.period[0]
    else:
        return None
    return first + n - 1, first


_COUNT_BEFORE = re.compile(r"(\d{1,2})\s$")
_BASELINE_YEAR = re.compile(rf"\s?({_YEAR})(?!\d)")


def _period_start(q: Quantity, indicator: str, year: int, v: _View, r: _Rules) -> int | None:
    """The first year of a figure that spans several years though it names one: after "5
    năm qua" in its clause (a five-year total), or a decrease against an older year ("giảm
    5,2% so với năm 2020": 2021 to the figure's year). None for a one-year figure."""
    clause_start = v.clause(q.start)[0]
    for m in r.time["recent_years"].finditer(v.low, clause_start, q.qual_start):
        n = _COUNT_BEFORE.search(v.low, max(0, m.start() - 4), m.start())
        if n and int(n[1]) > 1:
            return year - int(n[1]) + 1
    if indicator not in r.levels:   # only a decrease has a baseline
        return None
    for m in r.time["baseline"].finditer(v.low, clause_start, v.clause(q.start)[1]):
        baseline = _BASELINE_YEAR.match(v.low, m.end())
        if baseline and int(baseline[1]) < year - 1:
            return int(baseline[1]) + 1
    return None


def _start_of_year_level(q: Quantity, year: int | None, v: _View, r: _Rules) -> int | None:
    """A level whose year comes after "đầu năm" ("đầu năm 2024 toàn thị xã có 412 hộ nghèo,
    chiếm 2,1%, và 530 hộ cận nghèo", "giảm từ 20,71% đầu năm 2022") is the level at the end
    of the year before, unless another time is named in between ("đến cuối năm")."""
    seg_end = v.segment(q.start)[1]
    near = [y for y in v.years if y.year == year and not y.ignored and (
        y.end <= q.qual_start or q.unit_end <= y.start <= q.unit_end + 20 and y.start < seg_end)]
    if year is None or not near:
        return year
    after = [y for y in near if y.start >= q.unit_end]
    named = after[0] if after else near[-1]
    if not after and "năm" in v.low[named.end:q.qual_start]:
        return year    # "đầu năm 2024 … có 412 hộ, đến cuối năm còn 265 hộ": another time
    year_at = named.start
    head = v.low[max(0, year_at - 20):year_at]
    starts = [m for m in r.time["start_of_year"].finditer(head) if not head[m.end():].strip()]
    # "từ đầu năm 2024 đến nay" is no level at the start of the year, "tính từ đầu năm 2022" is
    if starts and not any(m.end() == starts[-1].end() and m.start() <= starts[-1].start()
                          for m in r.time["not_start_of_year"].finditer(head)):
        return year - 1
    return year


def _last_year(published: str) -> int:
    """"năm qua" (the past year) seen from the publication date: the year before when
    published in its first half (a January review), else the year itself (a December one)."""
    year, month = int(published[:4]), int(published[5:7] or 12)
    return year - 1 if month <= 6 else year
