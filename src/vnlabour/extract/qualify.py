"""A reading made into a fact: its status (actual or target, from the nearest status cue),
its time (time.py), its scope (place, subgroup, national, component, channel …, from markers
around it), a plausible value for the indicator, the plan of "32.150/30.000 lao động", and
figures stated in words ("không còn hộ nghèo").
"""
from __future__ import annotations

import logging
import bisect
import re
from dataclasses import replace
from itertools import chain
from typing import TYPE_CHECKING

from vnlabour.extract.model import _PLAN_SHARE, _TARGET, Fact, Reading, _base
from vnlabour.extract.sentence import _AT, _END, _START, _after_marker, _inside
from vnlabour.extract.time import (
    _months_of,
    _no_future_results,
    _period_start,
    _start_of_year_level,
    _year_of,
)
from vnlabour.numbers import Quantity

if TYPE_CHECKING:
    from vnlabour.extract.ruleset import _Rules
    from vnlabour.extract.sentence import _View


MARKER_AFTER = 40  # characters after a number in which a sub-group marker still applies
# one debug record per decision, for `vnlabour explain` (explain.py reads this logger)
_TRACE = logging.getLogger("vnlabour.extract.trace")


def _make_fact(q: Quantity, reading: Reading, v: _View, r: _Rules) -> Fact | None:
    """The fact of quantity q read as `reading`; None when its value is implausible for the
    indicator (a relative fall "giảm 50% hộ cận nghèo" is no fall in percentage points). A
    figure that qualifies another (its parent) shares the parent's status, time and scope."""
    indicator, parent = reading.indicator, reading.parent
    value, qualifier = q.value, q.qualifier
    if reading.role is _PLAN_SHARE:
        verb = reading.plan_verb
        if any(w in r.exceed for w in verb.split()) and value < 100:
            value = 100 + value
        qualifier = "over" if verb.endswith("trên") else "exact"
    months = None
    if parent is not None:
        status, year, period_start, scope = parent.status, parent.year, parent.period_start, \
            parent.scope
        own = _scope_of(q, indicator, v, r)   # "… dưới 1% và vùng đồng bào giảm 3%": its own
        if own not in ("place", "component"):
            scope = own
        if reading.role is _TARGET:
            status = "target"
        months = parent.months if status == "actual" else None
    else:
        status, estimate = _status_of(q, v)
        if estimate and qualifier == "exact":
            qualifier = estimate
        year, period_start = _year_of(q, v, from_level=reading.from_level, r=r, status=status)
        if r.indicators.get(indicator, {}).get("stock") == "1":
            # a level is of one year: "giai đoạn 2021-2024 … còn 6,85%" is the 2024 level
            period_start = None
            year = _start_of_year_level(q, year, v, r)
        elif period_start is None and year is not None:
            period_start = _period_start(q, indicator, year, v, r)
        status = _no_future_results(status, year, v.doc)
        scope = _scope_of(q, indicator, v, r)
        if scope == "average" and status == "target":
            scope = "place"   # "phấn đấu mỗi năm giải quyết việc làm cho 20.000": each year's
        if status == "actual" and period_start is None \
                and r.indicators.get(indicator, {}).get("stock") != "1":
            months = _months_of(q, v)
    if not _plausible(indicator, value, r):
        return None
    code = indicator if scope == "place" else f"{indicator}__{scope}"
    s = v.s
    return Fact(doc_id=v.doc.doc_id, indicator=code, scope=scope, status=status, year=year,
                period_start=period_start, value=value, unit=r.indicators[indicator]["unit"],
                qualifier=qualifier, value_max=q.value_max, sentence=v.st,
                char_start=s.start + q.qual_start, char_end=s.start + q.unit_end, rule=reading.rule,
                months=months, statistic="annual_average" if scope == "average" else "",
                measure=parent.measure if parent is not None else _measure(q, v, r),
                reading=reading)


def _measure(q: Quantity, v: _View, r: _Rules) -> str:
    """The measure of jobs the nearest measure phrase of q's clause names ("giải quyết việc
    làm cho 30.500 lao động": jobs_found; "tạo việc làm mới cho 18.000": new_jobs), or ""."""
    clause = v.clause(q.start)
    # the cues are in order: the nearest measure phrase on each side, walking out from q
    k = bisect.bisect_left(v.cues, q.start, key=_AT)
    near = [(abs(c.start - q.start), r.measures[c.phrase]) for c in (
        next((v.cues[i] for i in range(k - 1, -1, -1) if v.cues[i].phrase in r.measures
              or v.cues[i].start < clause[0] - 1), None),
        next((v.cues[i] for i in range(k, len(v.cues)) if v.cues[i].phrase in r.measures
              or v.cues[i].start >= clause[1]), None))
        if c is not None and c.phrase in r.measures and v.clause(c.start) == clause]
    return min(near)[1] if near else ""


def _plausible(indicator: str, value: float, r: _Rules) -> bool:
    """A known indicator and a value in its range (rules/indicators.csv)."""
    row = r.indicators.get(indicator)
    return row is not None and float(row["min"]) <= value <= float(row["max"])


def _plan_fact(fact: Fact, q: Quantity, v: _View, r: _Rules) -> Fact | None:
    """The target of "32.150/30.000 lao động": the plan after the result, same indicator and
    year; None when the figure states no plan, is no result or the plan is implausible."""
    if q.plan is None or fact.status != "actual" or \
            not _plausible(_base(fact.indicator), q.plan, r):
        return None
    return replace(fact, status="target", value=q.plan, qualifier="exact", value_max=None,
                   char_start=v.s.start + q.plan_start, rule=fact.reading.rule + "+plan",
                   months=None, reading=replace(fact.reading, rule=fact.reading.rule + "+plan"))


def _status_of(q: Quantity, v: _View) -> tuple[str, str]:
    """(status, estimate qualifier) from the nearest cue before the figure in its sentence
    (not inside someone else's parentheses); when there is none, a target in a list of
    targets or after a sentence of targets of its paragraph when it names no year, else a
    result."""
    own = _inside(q.start, v.parens)
    planned = v.ctx.plans or v.ctx.targets_in == v.s.paragraph and all(y.ignored for y in v.years)
    best, phrase = ("target", "") if planned else ("actual", ""), ""
    # the cues are in order and apart: the last one that ends before q, from the back
    for i in range(bisect.bisect_right(v.status_cues, q.qual_start + 1, key=_END) - 1, -1, -1):
        start, end, cue = v.status_cues[i]
        paren = _inside(start, v.parens)
        if paren is None or paren == own:
            best, phrase = cue, v.st[start:end]
            break
    if _TRACE.isEnabledFor(logging.DEBUG):   # for `vnlabour explain`: the cue that decided
        _TRACE.debug("status %s from cue %r", best[0], phrase,
                   extra={"at": v.s.start + q.qual_start, "status_cue": phrase})
    return best


def _scope_of(q: Quantity, indicator: str, v: _View, r: _Rules) -> str:
    """place, or component (a part of a stated total of the same indicator, after "trong
    đó", unless the part is a place named after the marker: "Trong đó, huyện X có …"), or
    subgroup / national / combined / channel / flow / subarea / per_unit / average from
    markers around the figure (a channel marker anywhere before it in its clause: "giải ngân
    cho vay tạo việc làm, duy trì việc làm cho 18.113 lao động"), or a commune named before it
    in its clause (subarea), or the scope of a subject that opens the clause and still holds
    (rules/scope_markers.csv). The label of a "label: value" item counts as part of the
    value's segment."""
    seg_start, seg_end = v.segment(q.start)
    if seg_start and v.st[seg_start - 1] == ":":
        seg_start = v.segment(seg_start - 2)[0]
    clause_start = v.clause(q.start)[0]
    # a marker before q's clause, segment and parentheses decides only if it opens the
    # sentence or a list (v.openers): those, then a bisection to the markers near q
    own = _inside(q.start, v.parens)
    lo = bisect.bisect_left(v.scope_cues, min(seg_start, clause_start, own[0] if own else
                                              clause_start) - 1, key=_START)
    openers = [i for i in v.openers if i < lo] if lo else ()   # lo = 0: none before it
    for i in chain(openers, range(lo, len(v.scope_cues))):
        start, end, scope = v.scope_cues[i]
        if start >= max(q.start, seg_end):   # in order: no later one reaches q
            break
        if scope == "component":
            if start < q.start and _is_component(start, q, indicator, seg_start, v, r):
                return "component"
        elif scope in _NO_SCOPE:
            continue
        elif scope == "commune":
            if clause_start <= start < q.start:
                return "subarea"   # "Vĩnh Thuận Tây là xã còn nhiều hộ nghèo nhất, tỷ lệ 12,4%"
        elif seg_start <= start and end <= min(seg_end, q.unit_end + MARKER_AFTER) and (
                start < q.start or not _AND.search(v.low, q.unit_end, start)
                and _inside(start, v.parens) in (None, _inside(q.start, v.parens))) or \
                scope == "channel" and (clause_start <= start < q.start or q.end <= start and
                                        end <= seg_end and not _AND.search(v.low, q.end, start)):
            return scope

    if _commune_before(q, clause_start, v):
        return "subarea"
    return _clause_subject(q, v, r)


_NO_SCOPE = ("comparison", "local", "neutral")
_AND = re.compile(r"\svà\s")   # a marker after "và" begins the next item


def _is_component(start: int, q: Quantity, indicator: str, seg_start: int, v: _View,
                  r: _Rules) -> bool:
    """Whether the "trong đó" at `start` makes q a part of a stated total: it reaches q, no
    place is named between them (a place's part is that place's own figure), and it breaks
    down a total of q's indicator, or a whole named in words by a cue of q's indicator ("Đa
    số hộ nghèo tập trung ở nông thôn, trong đó có 16.125 hộ nghèo"). The part of a period's
    total that names its own year is that year's figure ("giai đoạn 2021-2024 … 64.000 lao
    động, trong đó năm 2024 là 16.280")."""
    if not _breaks_down(start, q, v) or any(
            start < p < q.qual_start for p in v.place_starts + v.province_starts):
        return False
    before = _total_before(start, v, q.unit)
    if before is None and not v.st[:start].strip():
        # "Trong đó, ngành công nghiệp … 2.850 người; ngành nông nghiệp 6.800 người; xuất khẩu
        # lao động được 210 người": items of the first item's indicator, after a whole of words
        first = next((f for p, f in v.made if p.start > start), None)
        return first is None or _base(first.indicator) == indicator
    if before is None:   # a whole named in words before the marker, with no figure
        return not v.figure_between(0, start) and any(
            c.end <= start and any(entry[0] == indicator for entry in
                                   r.cues.get((c.phrase, q.unit), ()))
            for c in v.cues[:bisect.bisect_left(v.cues, start, key=_AT)])   # in order
    total = before[1]
    if _base(total.indicator) != indicator:
        return False
    own_year = any(not y.ignored and y.period_start is None for y in v.years[   # in order
        bisect.bisect_left(v.years, seg_start, key=_AT):
        bisect.bisect_left(v.years, q.qual_start, key=_AT)])
    return not (total.period_start and own_year)


def _commune_before(q: Quantity, clause_start: int, v: _View) -> bool:
    """Whether a commune is named before q in its clause ("Xã Trà Bui (Bắc Trà My) có số hộ
    nghèo nhiều nhất tỉnh với 850 hộ") with no district or province named after it outside
    parentheses: the figure is the commune's, not the place's."""
    last = max((c for c in v.communes if clause_start <= c < q.qual_start), default=None)
    return last is not None and not any(
        last < p < q.qual_start and _inside(p, v.parens) is None
        for p in v.place_starts + v.province_starts)


def _breaks_down(start: int, q: Quantity, v: _View) -> bool:
    """Whether the component marker at `start` reaches q: in q's clause, or, when it opens
    the sentence or a list ("Trong đó, ngành công nghiệp … 2.850 người; ngành nông nghiệp
    6.800 người", "trong đó: …; …"), in every later clause of the sentence; inside
    parentheses, up to their end ("(trong đó, có 15.215 hộ …, 2.193 hộ …)")."""
    paren = _inside(start, v.parens)
    if paren is not None:
        return paren == _inside(q.start, v.parens)
    if v.clause(start) == v.clause(q.start):
        return True
    return not v.st[:start].strip() or v.low.startswith(":", _after_marker(start, v))


def _clause_subject(q: Quantity, v: _View, r: _Rules) -> str:
    """The scope a subject earlier in q's clause gives it, with no word naming the place
    itself in between: a national marker anywhere before q ("cả nước …, đưa 159.000 người
    …" but "cả nước …; tỉnh đưa 512 …"), or another marker that opens the clause ("Riêng
    khu vực miền núi có 17.449 hộ nghèo (20,85%), 3.308 hộ cận nghèo"; "Thông qua các
    chương trình …, thành phố đã giải quyết việc làm cho 43.672 lao động"), or a national
    lead of the sentences before. "place" when none holds."""
    clause_start = v.clause(q.start)[0]
    last = None
    for i in range(bisect.bisect_left(v.scope_cues, clause_start, key=_START),
                   len(v.scope_cues)):
        start, end, scope = v.scope_cues[i]
        if end > q.qual_start:   # markers are in order and apart: none later ends before q
            break
        if scope == "national" or scope in _SUBJECT_SCOPES and \
                r.opener.fullmatch(v.low, clause_start, start):
            last = (end, scope)
    if last is None or last[1] == "national" and r.local.search(v.low, last[0], q.qual_start):
        return "national" if v.ctx.national and not _turns_local(q, v, r) else "place"
    return last[1]


def _total_before(pos: int, v: _View, unit: str) -> tuple[Quantity, Fact] | None:
    """The figure a "trong đó" at pos breaks down: the last total of `unit` before it in the
    sentence ("15.943 hộ, chiếm 10,86% (trong đó, có 15.215 hộ …)": the count, not the
    rate), or the last total of the previous sentence when the marker opens the sentence."""
    ends, totals = v.totals.get(unit, ((), ()))   # made in order: their ends are sorted
    k = bisect.bisect_right(ends, pos)
    if k:
        return totals[k - 1]
    last = v.ctx.last_total
    return None if v.st[:pos].strip() or last is None else (None, last)


_SUBJECT_SCOPES = ("subgroup", "channel", "subarea")


def _turns_local(q: Quantity, v: _View, r: _Rules) -> bool:
    """Whether the text turns from the country to the place before q in its sentence: a word
    naming the place itself ("Tại tỉnh …", "toàn tỉnh") or a province named."""
    return bool(r.local.search(v.low, 0, q.qual_start)) or \
        any(p < q.qual_start for p in v.province_starts)


def _statements(v: _View, r: _Rules) -> list[Fact]:
    """Figures stated without numerals ("Huyện không còn hộ nghèo" -> 0 poor households)."""
    found = []
    for m in r.statement.finditer(v.low):
        indicator, value, unit = r.statements[m.group()]
        if not indicator:   # "cơ bản không còn hộ nghèo": a goal, no figure
            continue
        q = Quantity(m.start(), m.end(), m.end(), m.start(), value, None, unit, "exact",
                     m.group())
        scope = "place"
        for start, _, kind in v.scope_cues:
            if kind == "subgroup" and m.end() <= start < m.end() + MARKER_AFTER \
                    and ";" not in v.low[m.end():start]:
                scope = "subgroup"
        status = _status_of(q, v)[0]
        year, period_start = _year_of(q, v, False, r, status)
        code = indicator if scope == "place" else f"{indicator}__{scope}"
        status = _no_future_results(status, year, v.doc)
        found.append(Fact(v.doc.doc_id, code, scope, status, year, period_start,
                          value, unit, "exact", None, v.st, v.s.start + m.start(),
                          v.s.start + m.end(), f"statement:{m.group()}",
                          reading=Reading(indicator, f"statement:{m.group()}", step="statement")))
    return found
