"""What a quantity is a figure of: the reading steps, in order.

Each step is a function `step(q, v, r) -> Reading | DROP | None` of a quantity `q`, the view
of its sentence `v` (sentence._View: its cues, clauses, parentheses and the figures read so
far) and the compiled rules `r` (ruleset._Rules). It returns a Reading when the pattern it knows
decides what the quantity is, DROP when that pattern says the quantity is no figure, and None
when the pattern is not there: then the next step is asked. The order is STEPS, at the end of
this module; a new kind of reading is a new step put in that tuple. Each docstring gives the
pattern and one example (the example's figure in brackets).

The helpers steps share: the cue search (cue.py) and the figures that qualify another one,
in parentheses or not (aside.py).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vnlabour.extract.aside import _aside, _plan_share, _rate_companion, _referent
from vnlabour.extract.cue import _cue_indicator, _falls, _is_from_level
from vnlabour.extract.model import DROP, Reading, Role, _base, _is_total
from vnlabour.extract.sentence import _inside
from vnlabour.extract.time import _YEAR
from vnlabour.numbers import Quantity

if TYPE_CHECKING:
    from vnlabour.extract.model import _Drop
    from vnlabour.extract.ruleset import _Rules
    from vnlabour.extract.sentence import _View

HEAD = 16   # characters before a figure in which its verb is looked for ("đạt", "chiếm")


def _head(q: Quantity, v: _View) -> str:
    """The few words right before a figure (lowercased)."""
    return v.low[max(0, q.qual_start - HEAD):q.qual_start]


def plan_share_after(q: Quantity, v: _View, r: _Rules) -> Reading | _Drop | None:
    """A percentage followed by plan words is the share of plan of the figure before it in
    its clause, or, with no number before it in its clause, of the sentence's last total; a
    share of plan of a share of plan is no figure.
    "… giải quyết việc làm cho 30.500 lao động, vượt [167%] kế hoạch" -> jobs_created_plan_pct."""
    if q.unit != "percent" or not r.plan_follows.match(v.low, q.end):
        return None
    parent = v.parent(q)
    parent_fact = parent[1] if parent else None
    # "… 689 lao động có việc làm mới; trong khi huyện Mường Tè mới đạt 38% kế hoạch"
    if parent_fact is None and not v.figure_between(v.clause(q.start)[0], q.start):
        parent_fact = next((f for _, f in reversed(v.made) if _is_total(f)), None)
    return _plan_share(parent_fact, r.plan_before.search(_head(q, v)), "follows")


def share_of_group(q: Quantity, v: _View, r: _Rules) -> _Drop | None:
    """A percentage followed by "tổng số" (rules/plan_cues.csv share) is a share of a group,
    no figure of an indicator. "hộ nghèo dân tộc thiểu số có 44.210 hộ, chiếm [95,9%] tổng số
    hộ nghèo" -> DROP."""
    return DROP if q.unit == "percent" and r.share_follows.match(v.low, q.end) else None


def change_of_count(q: Quantity, v: _View, r: _Rules) -> _Drop | None:
    """A count after a change verb and before a comparison ("so với") is a change against
    another period, no figure. "tăng [218 người] so với năm 2023" -> DROP."""
    if q.unit != "percent" and r.plan_not.match(v.low, q.unit_end) \
            and r.change_before.search(_head(q, v)):
        return DROP
    return None


def aside(q: Quantity, v: _View, r: _Rules) -> Reading | _Drop | None:
    """A figure in parentheses: the rate, count, decrease or target of the figure before them,
    or a figure of its own cue inside them, or an item of a list of places; other asides are
    no figures (aside._aside). "241 hộ nghèo ([1,96%])" -> poverty_rate."""
    paren = _inside(q.start, v.parens)
    if paren is None:
        return None
    return _aside(q, paren, v.parent(q), v, r) or list_item(q, v, r) or DROP


def level_to(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """The later level of "giảm từ X xuống Y" has the indicator of the earlier one in its
    segment. "số hộ nghèo giảm từ 241 hộ xuống còn [217 hộ]" -> poor_households."""
    seg_start, _ = v.segment(q.start)
    head = v.low[seg_start:q.qual_start]
    to = list(r.time["to"].finditer(head))
    if not to or head[to[-1].end():].strip():
        return None
    for prev, fact in reversed(v.made):
        if prev.start < seg_start:   # made in order: all earlier are before the segment
            break
        if prev.unit == q.unit and fact.reading.from_level:
            return Reading(_base(fact.indicator), f"to:{to[-1].group()}")
    return None


def cue_in_segment(q: Quantity, v: _View, r: _Rules) -> Reading | _Drop | None:
    """The nearest cue of the figure's unit in its own comma segment (rules/indicator_cues.csv:
    before or after it, within a gap); a bare "tỷ lệ" that is the rate of nothing the rules
    know ends the search (DROP). "tỷ lệ hộ nghèo còn [3,62%]" -> poverty_rate."""
    return _cue_indicator(q, v, r, same_segment=True)


def from_level_elliptic(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """A "từ X xuống Y" with no cue of its own after a change: X is the earlier level of the
    indicator whose change came before. "giảm 2,62%, từ [11,35%] xuống còn 8,73%" ->
    poverty_rate (the level of the poverty_rate_reduction before)."""
    referent = _referent(q, q.qual_start, v)
    if referent and _is_from_level(q, v.low, r):
        base = _base(referent.indicator)
        return Reading(r.levels.get(base, base), "from:elliptic+from", from_level=True)
    return None


def plan_share_before(q: Quantity, v: _View, r: _Rules) -> Reading | _Drop | None:
    """A percentage after a result verb ("đạt", "vượt") and a count before it is the count's
    share of plan. "… tuyển sinh đào tạo 13.575 người, đạt [169,7%]" ->
    vocational_enrolment_plan_pct."""
    if q.unit != "percent":
        return None
    verb = r.plan_before.search(_head(q, v))
    parent = v.parent(q)
    if verb and parent and parent[0].unit != "percent" and not r.plan_not.match(v.low, q.end):
        return _plan_share(parent[1], verb, "before")
    return None


def rate_of_count(q: Quantity, v: _View, r: _Rules) -> Reading | _Drop | None:
    """A percentage after "chiếm" is the rate of the count before it.
    "12.345 hộ nghèo, chiếm [3,2%]" -> poverty_rate."""
    if q.unit != "percent" or not r.rate_before.search(_head(q, v)):
        return None
    parent = v.parent(q)
    return _rate_companion(parent[1], "rate:chiếm", r) if parent else None


def decrease_elliptic(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """A percentage after a decrease verb with no cue of its own is the decrease of the last
    level of its unit before it in its clause. "tỷ lệ hộ nghèo là 2,5%, giảm [1,2%]" ->
    poverty_rate_reduction."""
    if q.unit != "percent":
        return None
    level = _referent(q, q.qual_start, v)
    decrease = r.indicators.get(_base(level.indicator), {}).get("decrease", "") \
        if level else ""
    if decrease and _falls(v.low[v.segment(q.start)[0]:q.qual_start], r):
        return Reading(decrease, "decrease:elliptic", level, Role.DECREASE)
    return None


def count_of_rate(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """A count after "tương ứng" is the count of the rate before it.
    "tỷ lệ hộ nghèo còn 3,62%, tương ứng [9.300 hộ]" -> poor_households."""
    if q.unit == "percent" or not r.count_before.search(_head(q, v)):
        return None
    parent = v.parent(q)
    count = r.counts.get(_base(parent[1].indicator), "") if parent else ""
    return Reading(count, "count:of-rate", parent[1]) if count else None


def cue_in_clause(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """A cue of the figure's unit earlier in its clause, with no other figure in between.
    "Về giải quyết việc làm, năm 2024 toàn tỉnh đạt [25.430 lao động]" -> jobs_created."""
    cue = _cue_indicator(q, v, r, same_segment=False)
    return cue if isinstance(cue, Reading) else None


def part_of_total(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """A figure with no cue after a component marker ("trong đó") in its segment is a part of
    the last total of its unit before it (its scope is decided by qualify._scope_of).
    "… 64.000 lao động, trong đó năm 2024 là [16.280 lao động]" -> jobs_created."""
    seg_start = v.segment(q.start)[0]
    if not any(kind == "component" and seg_start <= start < q.qual_start
               for start, _, kind in v.scope_cues):
        return None
    for prev, fact in reversed(v.made):
        if prev.end <= q.start and prev.unit == q.unit and _is_total(fact):
            return Reading(_base(fact.indicator), "part:of-total")
    return None


def result_of_target(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """A count with no cue right after a result verb is the result of the last target of its
    unit in the sentence. "Chỉ tiêu giải quyết việc làm 18.000 lao động, đến nay đã đạt
    [19.200 lao động]" -> jobs_created."""
    if q.unit == "percent" or not r.plan_before.search(_head(q, v)):
        return None
    for prev, fact in reversed(v.made):
        if prev.unit == q.unit and fact.status == "target" and _is_total(fact):
            return Reading(_base(fact.indicator), "result:of-target")
    return None


# a clause that names only a year (and a status word) before its figure: "; dự ước năm 2022
# khoảng 63%", "; năm 2023 đạt 65%"
_YEAR_ITEM = re.compile(rf"\s*(?:(?:dự\s)?(?:ước|kiến)\s|đến\s|cuối\s)*năm\s{_YEAR}[\s,]*"
                        r"(?:(?:ước\s)?(?:đạt|là|còn)\s)?")


def next_level(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """A figure right after a level word ("còn", "xuống còn") and no cue of its own is a new
    level of the last level figure of the sentence with the same unit (its own year); so is a
    figure whose clause names only its year before it. "Năm 2021, tỷ lệ lao động qua đào tạo
    là 61,3%; dự ước năm 2022 khoảng [63%]" -> trained_labour_rate."""
    head = v.low[v.segment(q.start)[0]:q.qual_start]
    to = list(r.time["to"].finditer(head))
    if to and not head[to[-1].end():].strip():
        rule, needs_decrease = f"to:{to[-1].group()}/elliptic", True
    elif _YEAR_ITEM.fullmatch(v.low, v.clause(q.start)[0], q.qual_start):
        rule, needs_decrease = "level:next-year", False
    else:
        return None
    for prev, fact in reversed(v.made):
        base = _base(fact.indicator)
        row = r.indicators.get(base, {})
        if prev.unit == q.unit and _is_total(fact) and (
                row.get("decrease") if needs_decrease else row.get("stock") == "1"):
            return Reading(base, rule)
    return None


def list_item(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """A figure with no cue of its own after a place named in its segment has the indicator
    of the last total of its unit before it in the sentence, or, first in its sentence, of
    the last total of the sentence before in its paragraph.
    "… quận Liên Chiểu 7.850 lao động; quận Hải Châu [6.920 lao động]" -> jobs_created."""
    seg_start = v.segment(q.start)[0]
    if not any(seg_start <= p < q.qual_start for p in v.place_starts):
        return None
    for prev, fact in reversed(v.made):
        if prev.unit == q.unit and _is_total(fact):
            return Reading(_base(fact.indicator), "list:place")
    last = v.ctx.last_total   # "… đã đưa 712 lao động xuất cảnh. Huyện X dẫn đầu với 126 lao động"
    if not v.made and last is not None and last.unit == q.unit \
            and v.ctx.total_in == v.s.paragraph:
        return Reading(_base(last.indicator), "list:place/previous")
    return None


# The order in which the steps are asked: the first that decides wins.
STEPS = (
    plan_share_after,
    share_of_group,
    change_of_count,
    aside,
    level_to,
    cue_in_segment,
    from_level_elliptic,
    plan_share_before,
    rate_of_count,
    decrease_elliptic,
    count_of_rate,
    cue_in_clause,
    part_of_total,
    result_of_target,
    next_level,
    list_item,
)


def read(q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """The reading of a quantity by the first step that decides; None when it is no figure."""
    for step in STEPS:
        verdict = step(q, v, r)
        if verdict is not None:
            if verdict is DROP:
                return None
            verdict.step = step.__name__
            return verdict
    return None
