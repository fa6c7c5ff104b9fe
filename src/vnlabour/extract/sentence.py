"""The view of one sentence that the reading steps look at (_View): its quantities with units,
the cue phrases in it, its clauses (';') and comma segments, its parenthesised asides, its status
and scope markers, years and places, and the figures read so far (a later figure may refer to
an earlier one: "…, đạt 117% kế hoạch").
"""
from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

from vnlabour.extract.model import _TARGET
from vnlabour.numbers import Quantity, whole_count
from vnlabour.text import Sentence

if TYPE_CHECKING:
    from vnlabour.extract.model import Document, Fact, _Context
    from vnlabour.extract.ruleset import _Rules
    from vnlabour.extract.time import _Year

_START, _END = itemgetter(0), itemgetter(1)   # bisection keys of (start, end, ...) markers
_AT = attrgetter("start")                      # and of cues and years


@dataclass(slots=True)  # not frozen: frozen dataclasses are 3x slower to create
class _Cue:
    """A cue phrase found in a sentence (cue matches may overlap, unlike re matches) and the
    parenthesised aside it stands in, if any."""

    start: int
    end: int
    phrase: str
    paren: tuple[int, int] | None


# --- sentence layout: clauses, segments, parentheses --------------------------------------

_SEMICOLON = re.compile(";")
_SEPARATOR = re.compile(r",(?!\d)|;|:(?!\d)")
_PARENS = re.compile(r"\([^()]*\)")


def _segments(text: str, protected: list[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    """Boundaries of clauses (';') and comma segments of a sentence, ignoring separators
    inside cue phrases or numerals (spans that may overlap)."""
    merged: list[list[int]] = []
    for start, end in sorted(protected):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [m[0] for m in merged]

    def free(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k < 0 or i >= merged[k][1]

    clauses = tuple(m.start() for m in _SEMICOLON.finditer(text) if free(m.start()))
    commas = tuple(m.start() for m in _SEPARATOR.finditer(text) if free(m.start()))
    return clauses, commas


@lru_cache(maxsize=4096)
def _bounds(cuts: tuple[int, ...], pos: int, length: int) -> tuple[int, int]:
    """The [start, end) of the part of a sentence cut at `cuts` that contains `pos`."""
    i = bisect.bisect_right(cuts, pos)
    return (cuts[i - 1] + 1 if i else 0), (cuts[i] if i < len(cuts) else length)


def _paren_spans(text: str) -> list[tuple[int, int]]:
    """Spans of parenthesised asides "( ... )"."""
    return [(m.start(), m.end()) for m in _PARENS.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span containing pos, if any. The spans are in order and apart (as _paren_spans
    gives them), so only the last one starting at or before pos may hold it: a bisection,
    not a scan (a sentence may have thousands of asides)."""
    if not spans:   # most sentences
        return None
    i = bisect.bisect_right(spans, (pos, math.inf)) - 1
    return spans[i] if i >= 0 and pos < spans[i][1] else None


@dataclass
class _View:
    """One sentence prepared for the rules: its quantities, cues, clauses and the facts made
    so far (a later figure may refer to an earlier one: "…, đạt 117% kế hoạch")."""

    doc: Document
    s: Sentence
    st: str
    low: str                  # st lowercased: rule phrases are matched here
    quantities: list[Quantity]
    starts: list[int]         # where each quantity starts, in order
    cues: list[_Cue]
    clauses: tuple[int, ...]
    commas: tuple[int, ...]
    parens: list[tuple[int, int]]
    status_cues: list[tuple[int, int, tuple[str, str]]]   # (start, end, (status, qualifier))
    scope_cues: list[tuple[int, int, str]]
    years: list[_Year]
    partial: list[tuple[int, int]]   # (start, months) of "6 tháng đầu năm" phrases
    place_starts: list[int]   # where places named with a prefix start ("quận Hải Châu")
    province_starts: list[int]   # where provinces are named (not as a destination)
    communes: list[int]       # where communes are named ("xã Trà Bui")
    ctx: _Context
    fallback_year: Callable[[], int | None]   # computed once, only when a figure needs it
    made: list[tuple[Quantity, Fact]] = field(default_factory=list)
    plans: list[Fact] = field(default_factory=list)   # targets written "result/plan"
    totals: dict = field(default_factory=dict)   # unit -> ([end], [(q, fact)]) of the totals
    #                                             among `made`, in order: see _total_before

    def figure_between(self, lo: int, hi: int) -> bool:
        """Whether a quantity of the sentence starts in [lo, hi)."""
        i = bisect.bisect_left(self.starts, lo)
        return i < len(self.starts) and self.starts[i] < hi

    @cached_property
    def openers(self) -> list[int]:
        """Indices in scope_cues of the component markers that may reach past their clause:
        opening the sentence, or before a ':' (see qualify._breaks_down)."""
        return [i for i, (start, _, scope) in enumerate(self.scope_cues) if scope == "component"
                and (not self.st[:start].strip()
                     or self.low.startswith(":", _after_marker(start, self)))]

    def segment(self, pos: int) -> tuple[int, int]:
        """The comma segment around pos."""
        return _bounds(self.commas, pos, len(self.st))

    def clause(self, pos: int) -> tuple[int, int]:
        """The ';' clause around pos."""
        return _bounds(self.clauses, pos, len(self.st))

    def parent(self, q: Quantity) -> tuple[Quantity, Fact] | None:
        """The last figure made before q in the same clause (the plan of a figure, "(KH
        25.000 lao động)", is not: what follows it is about the figure)."""
        clause = self.clause(q.start)
        for prev in reversed(self.made):
            if prev[0].start < clause[0] - 1:   # made in order: all earlier are other clauses'
                break
            if prev[0].start < q.start and self.clause(prev[0].start) == clause \
                    and prev[1].reading.role is not _TARGET:
                return prev
        return None


_MARKER_END = re.compile(r"[^\s,:;]*")


def _after_marker(start: int, v: _View) -> int:
    """The position after the marker word at `start` and the spaces after it."""
    end = _MARKER_END.match(v.low, start + 1).end()
    while end < len(v.low) and v.low[end] == " ":
        end += 1
    return end


def _with_units(quantities: list[Quantity], parens: list[tuple[int, int]], low: str,
                r: _Rules, cues: list[_Cue]) -> list[Quantity]:
    """The quantities that have a unit. A bare number after a plan word in parentheses takes
    the unit of the figure before them: "28.150 người (KH 27.000)"; a bare count led by a cue
    of people takes persons (see _led_count)."""
    kept: list[Quantity] = []
    cue_starts = [c.start for c in cues]
    for q in quantities:
        if not q.unit and _led_count(q, low, r, cues, cue_starts):
            q.unit, q.unit_end = "persons", q.end
        if not q.unit and kept and kept[-1].unit != "percent":
            paren = _inside(q.start, parens)
            if paren and kept[-1].end <= paren[0] and any(
                    r.statuses[m.group()][0] == "target"
                    for m in r.status.finditer(low, paren[0], q.qual_start)):
                q.unit, q.unit_end = kept[-1].unit, q.end
        if q.unit:
            kept.append(q)
    return kept


_BARE_END = re.compile(r"\s*(?:[,;.)]|$)")
_LEAD_REACH = 12   # characters between a cue and the number it leads: " được ", " cho "
_LEAD_CUES = 8     # cues that may end there (overlapping matches of one phrase)


def _led_count(q: Quantity, low: str, r: _Rules, cues: list[_Cue], cue_starts: list[int]) -> bool:
    """A whole number with no unit word that a cue of people leads ("đã tuyển sinh được
    28.180", "đưa lao động đi làm việc ở nước ngoài 2.760, đạt 112% kế hoạch") and that ends
    its phrase: the source left out "người"."""
    if q.value_max is not None or not _BARE_END.match(low, q.end):
        return False
    value = whole_count(q.text, q.value)   # "2,760": a count is whole
    # the cues that end within a linking word before the number (found by bisect: a long
    # sentence of many cues costs no more per number)
    i = bisect.bisect_left(cue_starts, q.qual_start)
    near = [c for c in cues[max(0, i - _LEAD_CUES):i] if c.end >= q.qual_start - _LEAD_REACH]
    if value < 10 or value != int(value) or not any(
            c.end <= q.qual_start and (c.phrase, "persons") in r.cues
            and r.lead.fullmatch(low, c.end, q.qual_start) for c in near):
        return False
    q.value = value
    return True


def _view(doc: Document, s: Sentence, st: str, low: str, quantities: list[Quantity],
          cues: list[_Cue], parens: list[tuple[int, int]], years: list[_Year],
          partial: list[tuple[int, int]], starts: tuple[list[int], list[int], list[int]],
          ctx: _Context, fallback_year: Callable[[], int | None], r: _Rules) -> _View:
    """Scan a sentence once for separators, status and scope markers (a comma inside a cue, a
    numeral or a marker cuts nothing: "tổng số hộ nghèo, cận nghèo … là 4.320 hộ")."""
    scope_cues = [(m.start(), m.end(), r.scopes[m.group()]) for m in r.scope.finditer(low)]
    protected = [(c.start, c.end) for c in cues] + [(q.start, q.end) for q in quantities] \
        + [(start, end) for start, end, _ in scope_cues]
    clauses, commas = _segments(st, protected)
    status_cues = [(m.start(), m.end(), r.statuses[m.group()])
                   for m in r.status.finditer(low)
                   if "%" not in low[max(0, m.start() - 2):m.start()]
                   and r.statuses[m.group()][0]]   # names that only hold a cue word say nothing
    return _View(doc, s, st, low, quantities, [q.start for q in quantities], cues, clauses,
                 commas, parens, status_cues,
                 scope_cues, years, partial, *starts, ctx, fallback_year)
