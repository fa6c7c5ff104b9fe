"""One document -> facts: the loop over its sentences, what one sentence carries to the next
(_carry: its year, period, last total, a list of targets), the title's figures (kept only when
the body does not restate them), the place of each figure, and combined poor + near-poor sums.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING

from vnlabour import places
from vnlabour.extract.indicator import read
from vnlabour.extract.model import Place, _Context, _is_total
from vnlabour.extract.qualify import _make_fact, _plan_fact, _statements
from vnlabour.extract.ruleset import _folded, rules
from vnlabour.extract.sentence import _Cue, _inside, _paren_spans, _view, _with_units
from vnlabour.extract.time import _fallback_year, _find_years, _part_of_year_phrases
from vnlabour.numbers import find_quantities
from vnlabour.patterns import lowered
from vnlabour.text import Sentence, clause_pieces, content_lines, split_sentences

if TYPE_CHECKING:
    from pathlib import Path

    from vnlabour.extract.model import Document, Fact
    from vnlabour.extract.ruleset import _Rules
    from vnlabour.extract.sentence import _View
    from vnlabour.extract.time import _Year


def extract(doc: Document, place: Place | None = None, mentions: list | None = None,
            lines: list[tuple[int, int]] | None = None, rules_dir: Path | None = None
            ) -> list[Fact]:
    """Facts of one document. `mentions` are place mentions (places.find_mentions) used to put
    a figure in a district; `place` gives the document's default locality; `lines` are the
    content lines (text.content_lines) when the caller has them already; `rules_dir` is a
    researcher's folder of extra rule rows (`--rules DIR`)."""
    r = rules(rules_dir)
    place = place or Place()
    text = doc.text
    lines = content_lines(text) if lines is None else lines
    mentions = mentions or []
    mention_starts = [m.start for m in mentions]
    ctx = _Context()
    fallback_year = lru_cache(maxsize=1)(lambda: _fallback_year(doc, text))
    facts: list[Fact] = []
    headline: list[Fact] = []   # figures of the title, kept only when the body lacks them
    headline_year = False       # whether the title states a year
    plan_year = None            # the first year of plans the body names ("nhiệm vụ năm 2024")
    title = _title_paragraph(text, lines, doc.title)
    low_text = _folded(lowered(text), r)  # rule phrases are matched in lowercase, at the
    #                                        same offsets, with spelling variants folded
    stated = [m.start() for m in r.statement.finditer(low_text)]
    for s in clause_pieces(text, split_sentences(text, lines)):
        st = text[s.start:s.end]
        low = low_text[s.start:s.end]
        has_statement = bisect.bisect_left(stated, s.start) < bisect.bisect_left(stated, s.end)
        if not has_statement and not _DIGIT.search(st):
            continue
        years = _find_years(st, low, r)
        partial = _part_of_year_phrases(low, r)
        parens = _paren_spans(st)
        # every figure needs a cue (its own, or its parent's for shares, rates and decreases)
        cues = [_Cue(m.start(), m.end(m.lastindex), low[m.start():m.end(m.lastindex)],
                     _inside(m.start(), parens)) for m in r.cue.finditer(low)]
        named = mentions[bisect.bisect_left(mention_starts, s.start):
                         bisect.bisect_left(mention_starts, s.end)]
        place_starts = [m.start - s.start for m in named
                        if (m.prefix or m.kind == "district") and not m.destination]
        province_starts = [m.start - s.start for m in named
                           if m.kind == "province" and not m.destination]
        # a sentence with no cue may still go on with a list of places (see _list_item)
        listing = place_starts and ctx.last_total is not None and ctx.total_in == s.paragraph
        quantities = _with_units(find_quantities(st), parens, low, r, cues) \
            if cues or listing else []
        found = _sentence_facts(_view(doc, s, st, low, quantities, cues, parens, years,
                                      partial, (place_starts, province_starts,
                                                places.commune_starts(st)), ctx,
                                      fallback_year, r),
                                r, has_statement) \
            if quantities or has_statement else []
        wholes = [s.start + m.start() for m in r.province_scope.finditer(low)] if found else []
        for f in found:
            f.province, f.province_2025 = _own_province(f, s, mentions, mention_starts,
                                                        place, text)
            f.locality = "" if f.province or f.province_2025 else \
                _locality(f, s, mentions, mention_starts, place, wholes)
            f.admin_level = "district" if f.locality else "province"
        kept = [y for y in years if not y.ignored and y.year is not None
                and not _inside(y.start, parens)]
        if s.paragraph == title:
            headline.extend(found)
            headline_year = headline_year or bool(kept)
        else:
            facts.extend(found)
            plan_year = plan_year or next((y.year for y in kept if y.plan), None)
        _carry(ctx, found, kept, partial, st, low, s.paragraph, r,
               any(m.kind == "province" and not m.destination for m in named))
    return _combined_sums(_headline_facts(headline, facts, headline_year, plan_year) + facts, r)


SUM_TOLERANCE = 0.015   # rounding allowed when a rate is the sum of two others


def _combined_sums(facts: list[Fact], r: _Rules) -> list[Fact]:
    """A poverty rate (or count) that is the sum of another poverty rate and the near-poor
    rate of the same place, year and status is the combined poor + near-poor figure ("tỷ lệ
    nghèo đa chiều … 14,99%; tỷ lệ hộ nghèo … 6,03%; tỷ lệ hộ cận nghèo … 8,96%"): it gets the
    combined scope (rules/combined_sums.csv)."""
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.scope == "place":
            groups.setdefault((f.status, f.year, f.province, f.province_2025, f.locality),
                              []).append(f)
    for group in groups.values():
        for whole, part in r.sums:
            wholes = [f for f in group if f.indicator == whole]
            parts = [f for f in group if f.indicator == part]
            # the wholes by value: for each part, a bisection to those near f - part (a long
            # text has thousands of rates of one year), then the exact test
            ranked = sorted(wholes, key=attrgetter("value"))
            values = [g.value for g in ranked]
            for f in wholes:
                if any(f is not g and abs(f.value - g.value - n.value) <= SUM_TOLERANCE
                       * max(1.0, f.value / 100) for n in parts
                       for g in _near(ranked, values, f.value - n.value,
                                      SUM_TOLERANCE * max(1.0, f.value / 100))):
                    f.indicator, f.scope = f"{whole}__combined", "combined"
    return facts


def _near(ranked: list[Fact], values: list[float], value: float, tolerance: float) -> list[Fact]:
    """The facts of `ranked` (sorted by value, their values in `values`) within a tolerance
    of `value`, and a margin for rounding (the caller tests each exactly)."""
    margin = tolerance + 1e-6 * (1 + abs(value))
    return ranked[bisect.bisect_left(values, value - margin):
                  bisect.bisect_right(values, value + margin)]


def _carry(ctx: _Context, found: list[Fact], kept: list[_Year],
           partial: list[tuple[int, int]], st: str, low: str, paragraph: int,
           r: _Rules, province_named: bool = False) -> None:
    """Carry what a sentence tells to the next ones: its last total, the year of the earlier
    level of its "giảm từ X xuống Y", the part of the year it speaks of, its last period, the
    year of results and the year of plans named after it ("tổng kết công tác năm 2024, triển
    khai nhiệm vụ năm 2025": results after it are still of 2024), and whether a heading or
    lead-in of targets ("II. NHIỆM VỤ, CHỈ TIÊU NĂM 2025", "… phấn đấu thực hiện các chỉ tiêu
    sau:") opens a list of targets, which a year of results or another heading closes. A
    sentence that names a year resets what it does not name again. A sentence that sets out a
    plan (its figures all targets, a word such as "phấn đấu") makes the next ones of its
    paragraph targets when they have no status or year of their own."""
    ctx.last_total = next((f for f in reversed(found) if _is_total(f)), None)
    ctx.total_in = paragraph
    earlier = [f.year for f in found if f.reading.from_level]
    if earlier or kept:
        ctx.from_year = earlier[-1] if earlier else None
    if partial or kept:
        ctx.months = partial[-1][1] if partial else None
    periods = [y for y in kept if y.period_start is not None]
    if periods:
        ctx.period = (periods[-1].period_start, periods[-1].year)
    ctx.period_before = bool(periods)
    # a period ("Chương trình giảm nghèo giai đoạn 2021-2025 được triển khai …") is no year of
    # the results told after it, unless its sentence gave figures over it
    over = any(f.period_start is not None for f in found)
    results = [y for y in kept if not y.plan and (y.period_start is None or over)]
    if results:
        ctx.year = results[-1].year
    elif kept and ctx.year is None and (kept[-1].period_start is None or over):
        ctx.year = kept[-1].year
    if kept:
        ctx.plan_year = kept[-1].year if kept[-1].plan else None
    if any(f.scope == "place" for f in found) or r.local.search(low) or province_named:
        ctx.national = False
    elif any(f.scope == "national" for f in found):
        ctx.national = True
    if found or kept:
        ctx.targets_in = paragraph if found and all(f.status == "target" for f in found) \
            and (ctx.targets_in == paragraph or r.opens_plan.search(low)) else None
    if st.rstrip()[-1:] not in ".!?;" and not _DIGIT_COUNT.search(st):   # heading, lead-in
        statuses = [r.statuses[m.group()][0] for m in r.status.finditer(low)]
        ctx.plans = "actual" not in statuses and (
            any(y.plan for y in kept) or st.rstrip().endswith(":") and "target" in statuses)
    elif results:
        ctx.plans = False


_DIGIT_COUNT = re.compile(r"\d(?:[\d.,]*\d)?\s*(?:%|người|lao động|hộ)")


def _title_paragraph(text: str, lines: list[tuple[int, int]], title: str) -> int | None:
    """Index of the content line that is the document's title, if it is one."""
    return next((i for i, (start, end) in enumerate(lines[:4]) if title and
                 text[start:end] == title), None)


HEADLINE_ROUNDING = 0.1   # a title may round a body figure by this much ("hơn 65 nghìn")


def _headline_facts(headline: list[Fact], body: list[Fact], has_year: bool,
                    plan_year: int | None) -> list[Fact]:
    """The title's figures that the body does not give: a headline restates a body figure,
    rounded ("hơn 65 nghìn lao động" for 65.420), and such a repeat would count one source
    twice. A title with no year speaks of the year of the body's first figure (a January
    review of the past year is no figure of the publication year), or for a target, of the
    year of plans the body names ("tổng kết năm 2023 và bàn nhiệm vụ năm 2024": 2024)."""
    kept = [f for f in headline if not any(
        b.indicator == f.indicator and b.status == f.status
        and abs(b.value - f.value) <= HEADLINE_ROUNDING * abs(b.value) for b in body)]
    if not has_year and body:
        for f in kept:
            f.year, f.period_start = body[0].year, body[0].period_start
            if f.status == "target" and plan_year:
                f.year, f.period_start = plan_year, None
    return kept


_DIGIT = re.compile(r"\d")


def _sentence_facts(v: _View, r: _Rules, has_statement: bool) -> list[Fact]:
    """Facts of one sentence: each quantity through the reading steps (indicator.STEPS), in
    order, and the figures stated in words when the sentence has such a statement."""
    for q in v.quantities:
        reading = read(q, v, r)
        if reading is None:
            continue
        fact = _make_fact(q, reading, v, r)
        if fact:
            v.made.append((q, fact))
            if _is_total(fact):
                ends, totals = v.totals.setdefault(q.unit, ([], []))
                ends.append(q.end)
                totals.append((q, fact))
            plan = _plan_fact(fact, q, v, r)
            if plan:
                v.plans.append(plan)
    facts = [f for _, f in v.made] + v.plans
    return facts + _statements(v, r) if has_statement else facts


def _own_province(f: Fact, s: Sentence, mentions, mention_starts, place: Place,
                  text: str) -> tuple[str, str]:
    """(province, 2025 province) of a figure whose sentence names, before it, a province
    other than the document's as what it is about ("tỉnh Hà Nam (cũ) giải quyết việc làm cho
    …", "Trong khi đó, Đồng Nai năm 2024 có tỷ lệ hộ nghèo …"), or a province marked as the
    merged one ("toàn tỉnh Ninh Bình (mới)": its 2025 province only). ("", "") otherwise."""
    lo = bisect.bisect_left(mention_starts, s.start)
    hi = bisect.bisect_left(mention_starts, f.char_start)
    for m in reversed(mentions[lo:hi]):
        if m.destination:
            continue
        if m.kind != "province" or not (m.prefix or places.opens_clause(text, m)):
            return "", ""
        era = places.era_marker(text, m.end)
        if era == "merged":
            province = places.lookup_province(m.name)
            return "", province.name_2025 if province else ""
        return ("", "") if m.name == place.province and not era else (m.name, "")
    return "", ""


def _locality(f: Fact, s: Sentence, mentions, mention_starts, place: Place,
              wholes: list[int]) -> str:
    """The district a figure is about: the district or province named (not as a destination)
    last before it in its sentence, or "toàn tỉnh" (at `wholes`) if that comes later (the
    whole province); else the document's locality."""
    lo = bisect.bisect_left(mention_starts, s.start)
    hi = bisect.bisect_left(mention_starts, f.char_start)
    k = bisect.bisect_left(wholes, f.char_start)
    whole = wholes[k - 1] if k else -1
    for m in reversed([m for m in mentions[lo:hi] if not m.destination]):
        if m.start < whole:
            break
        if m.kind == "province" and m.prefix:
            return ""
        if m.kind == "district" and (not place.province or m.province == place.province):
            return m.name
    return "" if whole >= 0 else place.locality
