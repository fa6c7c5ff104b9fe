"""Figures that speak of another figure: in parentheses ("241 hộ (1,96%)", "70,5% (kế hoạch
70%)"), the figure an aside speaks of (its referent), and the companions a figure may have: its
share of plan ("đạt 117% kế hoạch") and its rate ("chiếm 3,2%").
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from vnlabour.extract.cue import _cue_indicator
from vnlabour.extract.model import _PLAN_SHARE, _TARGET, DROP, Reading, Role, _base
from vnlabour.extract.sentence import _END
from vnlabour.extract.time import _YEAR, _year_before_aside
from vnlabour.numbers import Quantity

if TYPE_CHECKING:
    from vnlabour.extract.model import Fact, _Drop
    from vnlabour.extract.ruleset import _Rules
    from vnlabour.extract.sentence import _View


def _aside(q: Quantity, paren: tuple[int, int], parent: tuple[Quantity, Fact] | None,
           v: _View, r: _Rules) -> Reading | _Drop | None:
    """A figure in parentheses is the rate of the count right before them ("241 hộ (1,96%)")
    or the count of the rate right before them ("2,27% trong năm 2023 (7.540 hộ)"),
    a figure of its own cue inside them ("(trong đó xuất khẩu lao động 22.150 người)"), or
    the decrease or the target of the last figure of its unit before them ("3,51% (giảm 1,2%
    so với đầu năm)", "70,5% (kế hoạch 70%)", "25.430 người, đạt 101,7% KH (KH: 25.000
    người)", "giảm 0,9% (KH giảm 0,8%)", "vượt mục tiêu đề ra (75.000 lao động)"). Other
    asides are not figures. An aside with none of these before it is named by a cue before
    the parentheses in their comma segment; None when it may still continue a list of places
    (indicator.list_item)."""
    parent_fact = parent[1] if parent else None
    if parent and _TIME_BETWEEN.fullmatch(v.low, parent[0].unit_end, paren[0]):
        if q.unit == "percent" and parent[0].unit != "percent":
            return _rate_companion(parent_fact, "rate:(%)", r)
        count = r.counts.get(_base(parent_fact.indicator), "")
        head = v.low[paren[0] + 1:q.qual_start]
        if count and parent[0].unit == "percent" and q.unit != "percent" and \
                (not head.strip() or r.count_before.search(head)):
            # "3,56% vào cuối năm 2022 (11.735 hộ)"
            return Reading(count, "count:(n)", parent_fact)
    cue = _cue_indicator(q, v, r, same_segment=True)
    referent = _referent(q, paren[0], v)
    if isinstance(cue, Reading):
        return cue
    if referent is None:   # "có tỷ lệ hộ nghèo cao nhất tỉnh (3,42%), kế đến là huyện X (2,15%)"
        seg_start = v.segment(paren[0])[0]
        if any(seg_start <= c.start and c.end <= paren[0] for c in v.cues):
            cue = _cue_indicator(q, v, r, same_segment=False)
            return cue if isinstance(cue, Reading) else None
        return None
    if _year_before_aside(q, v):   # "giảm 4,79% so với cuối năm 2023 (26,28%)": that year's level
        indicator = _base(referent.indicator)
        return Reading(r.levels.get(indicator, indicator), "level:aside-year", aside_year=True)
    indicator = _base(referent.indicator)
    target = any(paren[0] < start and end <= q.qual_start and status == "target"
                 for start, end, (status, _) in v.status_cues) or _target_before(paren[0], v, r) \
        or _share_of_plan_before(paren[0], v, r)
    falls = bool(r.time["decrease"].search(v.low, paren[0], q.qual_start))
    decrease = r.indicators.get(indicator, {}).get("decrease", "") if falls else ""
    if decrease:                  # "2,85% (giảm 1,2%)", "(KH giảm 1%)": the fall of the level
        indicator = decrease
    elif falls and not target:    # "giảm 0,9% (giảm 0,8% năm trước)": another year's fall
        return DROP
    if target:
        return Reading(indicator, "target:aside", referent, Role.TARGET)
    return Reading(indicator, "decrease:aside", referent, Role.DECREASE) if decrease else None


# what may stand between a figure and its companion in parentheses: "3,56% vào cuối năm 2022
# (11.735 hộ)"
_TIME_BETWEEN = re.compile(rf"\s{{0,2}}|\s(?:(?:vào|trong|đến)\s)?(?:(?:cuối|đầu)\s)?"
                           rf"năm\s{_YEAR}\s?")


def _referent(q: Quantity, before: int, v: _View) -> Fact | None:
    """The figure an aside at `before` speaks of: the last one of q's unit made before it in
    q's clause that is no share of plan, no target and no other year's level given aside."""
    clause = v.clause(q.start)
    for prev, fact in reversed(v.made):
        if prev.start < clause[0] - 1:   # made in order: all earlier are other clauses'
            break
        if prev.unit == q.unit and prev.end <= before and v.clause(prev.start) == clause \
                and fact.reading.role is not _TARGET and fact.reading.role is not _PLAN_SHARE \
                and not fact.reading.aside_year:
            return fact
    return None


_PLAN_NAME = re.compile(r"\s*(?:[^\W\d]+\s+){0,3}")   # "Nghị quyết " after "mục tiêu"


def _target_before(pos: int, v: _View, r: _Rules) -> bool:
    """Whether a phrase naming a plan ends right before pos, or a few words before it: a
    target cue ("mục tiêu đề ra (…)", "mục tiêu Nghị quyết (…)") or a result measured against
    one ("vượt chỉ tiêu được giao (…)")."""
    # the cues are in order and apart; when the words from one cue to pos are too many, they
    # are for every cue before it too: from the back, until the first that is too far
    for i in range(bisect.bisect_right(v.status_cues, pos, key=_END) - 1, -1, -1):
        start, end, (status, _) = v.status_cues[i]
        if not _PLAN_NAME.fullmatch(v.low, end, pos):
            return False
        if status == "target" or any(w in v.low[start:end] for w in r.target_words):
            return True
    return False


def _share_of_plan_before(pos: int, v: _View, r: _Rules) -> bool:
    """Whether the last figure before pos is a share of plan whose plan words end right, or a
    few words, before it: "đạt 102% mục tiêu Nghị quyết (75.000 lao động)"."""
    last = next(((q, f) for q, f in reversed(v.made) if q.end <= pos), None)
    if last is None or last[1].reading.role is not _PLAN_SHARE:
        return False
    words = r.plan_follows.match(v.low, last[0].end)
    return bool(words and _PLAN_NAME.fullmatch(v.low, words.end(), pos))


def _plan_share(parent_fact: Fact | None, verb: re.Match | None, kind: str) -> Reading | _Drop:
    """The share of plan of the parent figure, with its verb ("đạt" when none is written);
    none for a share of a share."""
    if parent_fact is None or _base(parent_fact.indicator).endswith("_plan_pct"):
        return DROP
    word = verb["verb"].lower() if verb else "đạt"
    return Reading(f"{_base(parent_fact.indicator)}_plan_pct", f"plan:{word}/{kind}",
                   parent_fact, Role.PLAN_SHARE, plan_verb=word)


def _rate_companion(parent_fact: Fact | None, rule: str, r: _Rules) -> Reading | _Drop:
    """The rate of a count ("poor_households" -> "poverty_rate"); none for a count that has
    no rate."""
    rate = r.indicators.get(_base(parent_fact.indicator), {}).get("rate", "") \
        if parent_fact else ""
    return Reading(rate, rule, parent_fact, Role.RATE) if rate else DROP
