"""The cue search: which cue phrase of rules/indicator_cues.csv names a figure (the nearest
of its unit, before or after it, within a gap, with no other figure in between), and whether
the figure is the cue's level, its decrease ("giảm 1,2%") or the earlier level of a change
("giảm từ 241 hộ xuống còn 217 hộ").
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from vnlabour.extract.model import DROP, Reading, _base
from vnlabour.extract.sentence import _AT, _inside
from vnlabour.numbers import Quantity, unit_at

if TYPE_CHECKING:
    from vnlabour.extract.model import _Drop
    from vnlabour.extract.ruleset import _Rules
    from vnlabour.extract.sentence import _Cue, _View

BEFORE_GAP = 80   # characters a cue may stand before its number
AFTER_GAP = 30    # characters a cue may stand after its number (or unit)


def _rate_of_last(v: _View, r: _Rules) -> str:
    """"…giảm 13 hộ nghèo, tỷ lệ còn 1,86%": a bare "tỷ lệ" is the rate of the last count, or
    with none in its sentence, of the last total of the sentence before in its paragraph
    ("… có 16.006 hộ nghèo. …, tỉ lệ này giảm còn 3,56%")."""
    last = v.ctx.last_total if v.ctx.total_in == v.s.paragraph else None
    for fact in [f for _, f in reversed(v.made)] + ([last] if last else []):
        base = _base(fact.indicator)
        rate = r.indicators.get(r.levels.get(base, base), {}).get("rate", "")
        if rate:
            return rate
    return ""


def _cue_indicator(q: Quantity, v: _View, r: _Rules,
                   same_segment: bool) -> Reading | _Drop | None:
    """The reading of the nearest unit-compatible cue in the quantity's segment (same_segment)
    or, failing that, of a cue before it in its clause with no other figure in between. None
    when there is none; DROP for a bare "tỷ lệ" in the segment that is the rate of nothing
    the rules know (no cue further away may name the figure then)."""
    st = v.st
    # the segment of a figure in parentheses is the inside of the parentheses, and a cue in
    # parentheses names no figure outside them
    own_paren = _inside(q.start, v.parens)
    seg_start, seg_end = own_paren or v.segment(q.start)
    clause = v.clause(q.start)
    # "100% người lao động thuộc hộ nghèo": a share of a group, named only by a cue before it,
    # unless the noun right after it is a cue of a rate ("còn 4,85% hộ nghèo")
    share_of_group = q.unit == "percent" and unit_at(st, q.end) in ("persons", "households",
                                                                    "count")
    best = None
    # a cue ends at most BEFORE_GAP before q or starts at most AFTER_GAP after it: a bisection
    # to the cues that start in that window, not a scan of the sentence's
    lo = bisect.bisect_left(v.cues, q.qual_start - BEFORE_GAP - r.longest_cue, key=_AT)
    for i in range(lo, bisect.bisect_right(v.cues, q.unit_end + AFTER_GAP, lo, key=_AT)):
        c = v.cues[i]
        entries = r.cues.get((c.phrase, q.unit))
        if not entries:
            continue
        in_segment = seg_start <= c.start and c.end <= seg_end
        if in_segment != same_segment or c.paren not in (None, own_paren):
            continue
        for indicator, side, needs in entries:
            if c.end <= q.qual_start and side in ("before", "any"):
                gap, where = q.qual_start - c.end, "before"
                if gap > BEFORE_GAP or v.figure_between(c.end, q.start) \
                        or v.clause(c.start) != clause:
                    continue
            elif c.start >= q.end and side in ("after", "any") and in_segment \
                    and (not share_of_group or not st[q.end:c.start].strip()):
                gap, where = max(0, c.start - q.unit_end), "after"
                if gap > AFTER_GAP or v.figure_between(q.end, c.start) or _leads_figure(c, v, r):
                    continue
            else:
                continue
            if needs and not _needs_met(q, v, needs):
                continue
            if best is None or gap < best[0]:
                best = (gap, indicator, f"cue:{c.phrase}/{where}" + ("+level" if needs else ""),
                        bool(needs))
    if best is None:
        return None
    # "…, tỷ lệ giảm 1,02%": the bare "tỷ lệ" is the rate of the last count, whose fall it is
    indicator = _rate_of_last(v, r) if best[1] == "@rate" else best[1]
    if not indicator:   # "…, tỷ lệ có việc làm sau đào tạo đạt 81%": a rate of another thing
        return DROP if same_segment else None
    return _level_or_decrease(Reading(indicator, best[2], level_word=best[3]), q, v, r)


def _leads_figure(c: _Cue, v: _View, r: _Rules) -> bool:
    """Whether a figure follows the cue right away or after a linking word ("… đã giải quyết
    việc làm cho 17.920 lao động"): the cue names that figure, not one before it."""
    i = bisect.bisect_left(v.starts, c.end)
    return i < len(v.starts) and bool(r.lead.fullmatch(v.low, c.end, v.quantities[i].qual_start))


def _needs_met(q: Quantity, v: _View, needs: tuple[str, ...]) -> bool:
    """A level word right before the figure ("còn 5.123 hộ nghèo"), or the figure continues a
    list whose first item had one ("có 4.521 hộ nghèo … và 6.789 hộ cận nghèo")."""
    if _preceded_by(v.low, q.qual_start, needs):
        return True
    return _preceded_by(v.low, q.qual_start, ("và", ",", ";")) and any(
        f.reading.level_word for _, f in v.made)


def _preceded_by(st: str, pos: int, words: tuple[str, ...]) -> bool:
    """True when one of `words` ends right before pos (spaces aside), as a whole word."""
    head = st[max(0, pos - 24):pos].rstrip().lower()
    return any(head.endswith(w.lower()) and (len(head) == len(w) or not w[0].isalnum() or
                                              not head[-len(w) - 1].isalnum()) for w in words)


def _level_or_decrease(cue: Reading, q: Quantity, v: _View, r: _Rules) -> Reading | None:
    """The reading of a cue's figure as a level, or its decrease: "giảm 4,87%" is a decrease
    unless a level word follows the verb ("giảm … xuống còn 2%") or it is the earlier level
    of "giảm từ X xuống Y" or "tăng từ X lên Y" (rules/time_cues.csv). Works for level cues
    and for decrease cues ("giảm tỷ lệ hộ nghèo"). None for a rise of a rate."""
    level = r.levels.get(cue.indicator, cue.indicator)
    if _is_from_level(q, v.low, r):
        cue.indicator, cue.rule, cue.from_level = level, cue.rule + "+from", True
        return cue
    decrease = r.indicators.get(level, {}).get("decrease", "")
    if not decrease:
        return cue
    i = bisect.bisect_left(v.starts, q.start)   # a verb before the figure before is its own
    start = max(v.segment(q.start)[0], v.quantities[i - 1].unit_end if i else 0)
    window = v.low[start:q.qual_start]
    if q.unit == "percent" and r.indicators.get(level, {}).get("stock") == "1" \
            and _changes(window, r.time["increase"], r):
        return None   # "tỷ lệ tăng 0,12%": a rise of a rate is no level of it
    if q.qualifier == "under" or not _falls(window, r):
        cue.indicator = level   # "giảm tỷ lệ hộ nghèo dưới 1%": down to a level under 1%
        return cue
    cue.indicator, cue.rule = decrease, cue.rule + "+decrease"
    return cue


def _falls(window: str, r: _Rules) -> bool:
    """Whether the text before a figure tells a fall by it: a decrease verb with no level word
    after it ("giảm 1,2%", not "giảm xuống 2,27%" nor "giảm còn 3%")."""
    return _changes(window, r.time["decrease"], r)


def _changes(window: str, verb: re.Pattern, r: _Rules) -> bool:
    """Whether the text before a figure ends with a change by it: the last `verb` with no
    level word after it ("tăng 0,12%", not "tăng lên 70%")."""
    verbs = list(verb.finditer(window))
    return bool(verbs) and not r.time["level"].search(window, verbs[-1].end())


def _is_from_level(q: Quantity, low: str, r: _Rules) -> bool:
    """"giảm từ 241 hộ (1,96%) xuống còn 217 hộ": 241 is the level before the change ("từ 3%
    trở lên" is a floor, not a level)."""
    if q.qualifier == "at_least" or \
            not r.from_word.search(low, max(0, q.qual_start - 12), q.qual_start):
        return False
    return bool(r.time["to"].search(low, q.unit_end, _clause_end(low, q.unit_end)))


def _clause_end(low: str, pos: int) -> int:
    """Where the ';' clause around pos ends (the end of the text when none)."""
    end = low.find(";", pos)
    return len(low) if end < 0 else end
