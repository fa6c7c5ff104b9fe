"""One document -> facts: which figures a text states, about what, when, where and how sure.

For every quantity of every sentence (numbers.py) the extractor decides:
- indicator: the nearest cue phrase of its comma segment (rules/indicator_cues.csv), or a
  percentage of plan ("đạt 117% kế hoạch"), or the rate companion of a count ("241 hộ (1,96%)"),
  or, in parentheses, the decrease or plan of the figure before ("(giảm 1,2%)", "(KH 70%)");
  "32.150/30.000 lao động" is a result and its plan;
- status: the nearest status cue before it in the sentence (rules/status_cues.csv); a figure
  of a year after the publication year is a target;
- year: a year before it in the sentence, else after it in its clause, else the last year of
  the text before it, else the publication date (rules/time_cues.csv for what is ignored);
- scope: sub-group, national, combined or a component of a stated total (rules/scope_markers.csv);
- place: a district named before it in the sentence, "toàn tỉnh", or the document's locality.
A title's figures count only when the body does not restate them.
"""
from __future__ import annotations

import bisect
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path

from vnlabour import places
from vnlabour.numbers import Quantity, find_quantities, unit_at, whole_count
from vnlabour.patterns import lower_words, lowered
from vnlabour.tables import read_table
from vnlabour.text import Sentence, clause_pieces, content_lines, split_sentences

_START, _END = itemgetter(0), itemgetter(1)   # bisection keys of (start, end, ...) markers
_AT = attrgetter("start")                      # and of cues and years

BEFORE_GAP = 80   # characters a cue may stand before its number
AFTER_GAP = 30    # characters a cue may stand after its number (or unit)
MARKER_AFTER = 40  # characters after a number in which a sub-group marker still applies
_TRACE = logging.getLogger(__name__ + ".trace")   # one debug record per decision (explain.py)


@dataclass(frozen=True)
class Document:
    """A normalised article ready for extraction."""

    doc_id: str
    text: str
    title: str = ""
    published: str = ""   # ISO date or ""
    url: str = ""


@dataclass(frozen=True)
class Place:
    """Where a document's figures are, by default: its province and main locality."""

    province: str = ""
    locality: str = ""


@dataclass
class Fact:
    """One figure; the place columns are filled in by the corpus step."""

    doc_id: str
    indicator: str
    scope: str
    status: str
    year: int | None
    period_start: int | None
    value: float
    unit: str
    qualifier: str
    value_max: float | None
    sentence: str
    char_start: int
    char_end: int
    rule: str
    locality: str = ""
    admin_level: str = "province"
    province: str = ""        # a province other than the document's, named for this figure
    province_2025: str = ""   # the 2025 province, when the figure is of a whole merged one
    months: int | None = None  # months of the year a count covers, when only part of it
    statistic: str = ""       # "annual_average" for a yearly average ("bình quân mỗi năm")
    measure: str = ""         # of jobs: jobs_found or new_jobs (rules/job_measures.csv)


# --- rule tables, compiled once ------------------------------------------------------------

def _words(phrases) -> re.Pattern:
    """One pattern matching any of the phrases as whole words in lowercased text."""
    return re.compile(lower_words(phrases))


@dataclass(frozen=True)
class _Rules:
    cue: re.Pattern
    cues: dict            # (lowercase phrase, number unit) -> list of (indicator, side, needs)
    status: re.Pattern
    statuses: dict        # lowercase phrase -> (status, qualifier or "")
    scope: re.Pattern
    scopes: dict          # lowercase phrase -> scope
    local: re.Pattern     # words naming the place itself after a national subject ("tỉnh")
    opener: re.Pattern    # what may stand before a subject that opens a clause ("Năm 2022,
    #                       riêng")
    plan_year_before: re.Pattern   # "triển khai nhiệm vụ năm" ending right before a year
    time: dict            # kind -> pattern
    plan_follows: re.Pattern
    plan_before: re.Pattern
    plan_not: re.Pattern
    rate_before: re.Pattern
    count_before: re.Pattern    # "tương ứng" before the count of the rate before it
    share_follows: re.Pattern   # "tổng số" after a share of a group
    change_before: re.Pattern   # "tăng" before a count that changes against another period
    opens_plan: re.Pattern      # "phấn đấu": sets out a plan later sentences may go on with
    lead: re.Pattern            # " cho ": all that stands between a cue and the figure it leads
    exceed: frozenset
    statement: re.Pattern
    part_of_year: re.Pattern    # "6 tháng đầu năm": group p<i> is phrase i, n<i> its number
    part_months: tuple          # months of phrase i: an int, or "N" for its number
    statements: dict      # phrase -> (indicator, value, unit)
    from_word: re.Pattern       # "từ", "giảm từ" ending right before a figure
    after_years: re.Pattern     # "sau 4 năm": group 1 is the number of years
    province_scope: re.Pattern  # "toàn tỉnh"
    indicators: dict      # code -> row of rules/indicators.csv
    levels: dict          # decrease indicator -> its level indicator
    counts: dict          # rate indicator -> the count it is the rate of
    target_words: tuple   # the target cues of status_cues.csv
    variants: dict        # spelling variant -> the spelling of the rule tables
    sums: tuple           # (whole, part): a whole equal to another whole + a part is combined
    measures: dict        # jobs cue phrase -> jobs_found or new_jobs
    variant: re.Pattern   # any variant, as whole words


def _part_of_year(rows) -> dict:
    """The part-of-year pattern and months of rules/part_of_year.csv: one alternation, longest
    phrase first, "N" standing for a number of months."""
    rows = sorted(rows, key=lambda r: -len(r["phrase"]))
    branches = [f"(?P<p{i}>" + rf"(?P<n{i}>\d{{1,2}})".join(
        re.escape(part.lower()) for part in r["phrase"].split("N")) + ")"
        for i, r in enumerate(rows)]
    return {"part_of_year": re.compile(r"(?<!\w)(?:" + "|".join(branches) + r")(?!\w)"),
            "part_months": tuple(r["months"] if r["months"] == "N" else int(r["months"])
                                 for r in rows)}


def _variants(extra: Path | None) -> dict[str, str]:
    """rules/spelling_variants.csv: variant -> canonical spelling, for pairs of one length
    (a pair of two lengths would move every offset after it: left out, and reported by the
    table's schema)."""
    return {r["variant"].lower(): r["canonical"].lower()
            for r in read_table("spelling_variants", extra)
            if len(r["variant"]) == len(r["canonical"])}


def _folded(low: str, r: _Rules) -> str:
    """Lowercased text with the spelling variants of rules/spelling_variants.csv replaced by
    the spelling the rule tables use ("tỉ lệ" -> "tỷ lệ"); offsets do not move."""
    if not r.variants:
        return low
    return r.variant.sub(lambda m: r.variants[m.group()], low)


def _kind(rows, kind: str) -> list[str]:
    """Phrases of the rows of one kind."""
    return _kind_of(rows, "kind", kind)


def _kind_of(rows, column: str, kind: str) -> list[str]:
    """Phrases of the rows whose `column` is `kind`."""
    return [r["phrase"] for r in rows if r[column] == kind]


@lru_cache(maxsize=None)
def rules(extra: Path | None = None) -> _Rules:
    """The extraction rules, read from the tables in rules/ (with the rows of a researcher's
    folder `extra`, `--rules DIR`) and compiled."""
    cues: dict = {}
    for r in read_table("indicator_cues", extra):
        needs = tuple(w for w in r["needs"].split("|") if w)
        cues.setdefault((r["cue"].lower(), r["number_unit"]), []).append(
            (r["indicator"], r["side"], needs))
    statuses = {r["phrase"].lower(): (r["status"], r["qualifier"])
                for r in read_table("status_cues", extra)}
    markers = read_table("scope_markers", extra)
    scopes = {r["phrase"].lower(): r["scope"] for r in markers
              if r["scope"] not in ("local", "opener")}
    time_rows = read_table("time_cues", extra)
    time = {kind: _words([r["phrase"] for r in time_rows if r["kind"] == kind])
            for kind in {r["kind"] for r in time_rows}}
    plan = read_table("plan_cues", extra)
    statements = {r["phrase"].lower(): (r["indicator"], float(r["value"] or 0), r["unit"])
                  for r in read_table("statements", extra)}
    return _Rules(
        cue=re.compile(lower_words({phrase for phrase, _ in cues}, capture=True)), cues=cues,
        status=_words(statuses), statuses=statuses,
        scope=_words(scopes), scopes=scopes,
        local=_words(r["phrase"] for r in markers if r["scope"] == "local"),
        opener=re.compile(r"[\s,]*(?:(?:\w+\s){0,3}" + _YEAR + r"[\s,]+)?(?:"
                          + lower_words(_kind_of(markers, "scope", "opener")) + r"[\s,]*)?"),
        plan_year_before=re.compile(lower_words(_kind(time_rows, "plan_year")) + r"\s$"),
        time=time,
        plan_follows=re.compile(r"\s?" + lower_words(_kind(plan, "follows"))),
        plan_before=re.compile(r"(?P<verb>" + lower_words(_kind(plan, "before")) + r")\s$"),
        plan_not=re.compile(r"\s?" + lower_words(_kind(plan, "not"))),
        rate_before=re.compile(lower_words(_kind(plan, "rate")) + r"\s$"),
        count_before=re.compile(lower_words(_kind(plan, "count")) + r"\s$"),
        share_follows=re.compile(r"\s" + lower_words(_kind(plan, "share"))),
        change_before=re.compile(lower_words(_kind(plan, "change")) + r"\s$"),
        opens_plan=_words(_kind(plan, "opens")),
        lead=re.compile(r"\s(?:" + lower_words(_kind(plan, "lead")) + r"\s)?"),
        exceed=frozenset(r["phrase"] for r in plan if r["kind"] == "exceed"),
        statement=_words(statements),
        **_part_of_year(read_table("part_of_year", extra)),
        statements=statements,
        from_word=re.compile(lower_words(_kind(time_rows, "from")) + r"\s$"),
        after_years=re.compile(lower_words(_kind(time_rows, "after_years"))
                               + r"\s(\d{1,2})\snăm(?!\w)"),
        province_scope=_words(_kind(read_table("place_context", extra), "province_scope")),
        indicators={r["code"]: r for r in read_table("indicators", extra)},
        levels={r["decrease"]: r["code"] for r in read_table("indicators", extra) if r["decrease"]},
        counts={r["rate"]: r["code"] for r in read_table("indicators", extra) if r["rate"]},
        target_words=tuple(p for p, (status, _) in statuses.items() if status == "target"),
        variants=_variants(extra), variant=_words(_variants(extra) or ["\x00"]),
        sums=tuple((row["whole"], row["part"]) for row in read_table("combined_sums", extra)),
        measures={row["cue"].lower(): row["measure"]
                  for row in read_table("job_measures", extra)},
    )


@dataclass(slots=True)  # not frozen: frozen dataclasses are 3x slower to create
class _Cue:
    """A cue phrase found in a sentence (cue matches may overlap, unlike re matches) and the
    parenthesised aside it stands in, if any."""

    start: int
    end: int
    phrase: str
    paren: tuple[int, int] | None


# --- years --------------------------------------------------------------------------------

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


# --- the extractor --------------------------------------------------------------------------

@dataclass
class _Context:
    """What earlier sentences tell about later ones."""

    year: int | None = None
    period: tuple[int, int] | None = None   # the last period named: (first year, last year)
    period_before: bool = False    # whether the sentence before named that period
    last_total: Fact | None = None   # the last figure of the previous sentence that is a
    #                                  total (not a share, rate or decrease of another figure)
    total_in: int | None = None      # the paragraph of that sentence
    from_year: int | None = None   # year of the last earlier level of "giảm từ X xuống Y"
    months: int | None = None      # the part of the year the last sentences spoke of
    plan_year: int | None = None   # a year of plans named after the last year of results
    plans: bool = False            # under a heading or lead-in of targets
    national: bool = False         # the last sentences spoke of the whole country
    targets_in: int | None = None  # the paragraph whose last sentence with figures gave only
    #                                targets ("Năm 2025, tỉnh phấn đấu …. Tuyển sinh 7.200 …")


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
        opening the sentence, or before a ':' (see _breaks_down)."""
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
                    and not prev[1].rule.startswith("target"):
                return prev
        return None


_DROP = ("", "", None)   # a rule's verdict: this quantity is no figure of an indicator
# the verdict of a bare "tỷ lệ" in a figure's segment that is the rate of no count: the rate of
# something the rules do not know, which no cue further away may name
_OTHER_RATE = ("", "rate of another thing", None)


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
    earlier = [f.year for f in found if "+from" in f.rule]
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
_ANY_YEAR = re.compile(rf"[12](?<!\d.){_YEAR_REST}(?!\d)")


def _fallback_year(doc: Document, text: str) -> int | None:
    """The year a figure belongs to when nothing in the text before it says: the publication
    year, else the latest year the document mentions (a report speaks of its latest year)."""
    if doc.published[:4].isdigit():
        return int(doc.published[:4])
    years = [int(y) for y in _ANY_YEAR.findall(text)]
    return max(years) if years else None


def _view(doc, s, st, low, quantities, cues, parens, years, partial, starts, ctx,
          fallback_year, r: _Rules) -> _View:
    """Scan a sentence once for separators, status and scope markers (a comma inside a cue, a
    numeral or a marker cuts nothing: "tổng số hộ nghèo, cận nghèo … là 4.320 hộ")."""
    scope_cues = [(m.start(), m.end(), r.scopes[m.group()]) for m in r.scope.finditer(low)]
    protected = [(c.start, c.end) for c in cues] + [(q.start, q.end) for q in quantities] \
        + [(start, end) for start, end, _ in scope_cues]
    clauses, commas = _segments(st, protected)
    status_cues = [(m.start(), m.end(), r.statuses[m.group()])
                   for m in r.status.finditer(low) if "%" not in low[max(0, m.start() - 2):m.start()]
                   and r.statuses[m.group()][0]]   # names that only hold a cue word say nothing
    return _View(doc, s, st, low, quantities, [q.start for q in quantities], cues, clauses, commas, parens, status_cues,
                 scope_cues, years, partial, *starts, ctx, fallback_year)


def _sentence_facts(v: _View, r: _Rules, has_statement: bool) -> list[Fact]:
    """Facts of one sentence: each quantity through the indicator rules, in order, and the
    figures stated in words when the sentence has such a statement."""
    for q in v.quantities:
        indicator, rule, parent = _indicator_of(q, v, r)
        if not indicator:
            continue
        fact = _make_fact(q, indicator, rule, parent, v, r)
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


def _indicator_of(q: Quantity, v: _View, r: _Rules) -> tuple[str, str, Fact | None]:
    """(indicator, rule, parent fact) of a quantity: the first rule that decides, in order.
    A parent is the earlier figure this one qualifies (share of plan, rate, decrease)."""
    st = v.low
    parent = v.parent(q)
    parent_fact = parent[1] if parent else None
    is_pct = q.unit == "percent"
    head = st[max(0, q.qual_start - 16):q.qual_start]
    # 1. "X% kế hoạch": the share of plan of the figure before it, or nothing; "X% tổng số
    # hộ nghèo": a share of a group, and a count's change against another year: no figure.
    if is_pct and r.plan_follows.match(st, q.end):
        # with no number before it in its clause, of the sentence's last figure ("… 689 lao
        # động có việc làm mới; trong khi huyện Mường Tè mới đạt 38% kế hoạch")
        if parent_fact is None and not v.figure_between(v.clause(q.start)[0], q.start):
            parent_fact = next((f for _, f in reversed(v.made) if _is_total(f)), None)
        return _plan_share(parent_fact, r.plan_before.search(head), "follows")
    if is_pct and r.share_follows.match(st, q.end):
        return _DROP
    # "tăng 218 người so với năm 2023": a change of a count, no figure of an indicator
    if not is_pct and r.change_before.search(head) and r.plan_not.match(st, q.unit_end):
        return _DROP
    # 2. A figure in parentheses: see _aside.
    paren = _inside(q.start, v.parens)
    if paren:
        return _aside(q, paren, parent, v, r)
    # 3. "giảm từ 241 hộ … xuống còn 217 hộ": the later level of the same indicator.
    to = _level_to(q, v, r)
    if to:
        return to
    # 4. A cue in the quantity's own comma segment.
    cue = _cue_indicator(q, v, r, same_segment=True)
    if cue[0] or cue is _OTHER_RATE:
        return cue
    # 4b. "giảm 2,62%, từ 11,35% xuống còn 8,73%": the earlier level of the change before it.
    referent = _referent(q, q.qual_start, v)
    if referent and _is_from_level(q, st, r):
        base = _base(referent.indicator)
        return r.levels.get(base, base), "from:elliptic+from", None
    if is_pct:
        # 5. "13.575 người, đạt 169,7%": the share of plan of the count before.
        verb = r.plan_before.search(head)
        if verb and parent_fact and parent[0].unit != "percent" and \
                not r.plan_not.match(st, q.end):
            return _plan_share(parent_fact, verb, "before")
        # 6. "12.345 hộ nghèo, chiếm 3,2%": the rate of the count before.
        if r.rate_before.search(head) and parent_fact:
            return _rate_companion(parent_fact, "rate:chiếm", r)
        # 7. "…là 2,5%, giảm 1,2%", "… 3,62%, tương ứng 9.300 hộ, giảm 1,05%": the decrease
        # of the last rate before.
        level = _referent(q, q.qual_start, v)
        decrease = r.indicators.get(_base(level.indicator), {}).get("decrease", "") \
            if level else ""
        if decrease and _falls(v.low[v.segment(q.start)[0]:q.qual_start], r):
            return decrease, "decrease:elliptic", level
    # 8. "tỷ lệ hộ nghèo còn 3,62%, tương ứng 9.300 hộ": the count of the rate before.
    if not is_pct and parent_fact and r.count_before.search(head):
        count = r.counts.get(_base(parent_fact.indicator), "")
        if count:
            return count, "count:of-rate", parent_fact
    # 9. A cue earlier in the clause, with no other figure in between.
    cue = _cue_indicator(q, v, r, same_segment=False)
    if cue[0]:
        return cue
    # 10. "… 64.000 lao động, trong đó năm 2024 là 16.280 lao động": a part of the total before.
    part = _part_of_total(q, v)
    if part:
        return part
    # 11. "Chỉ tiêu … 18.000 lao động, đến nay đã đạt 19.200 lao động": the target's result.
    result = _result_of_target(q, head, v, r) if not is_pct else None
    if result:
        return result
    # 12. "… là 4,5%; năm 2024 giảm xuống còn 3,2%": a new level of the last level figure.
    level = _next_level(q, v, r)
    if level[0]:
        return level
    # 13. "… quận Liên Chiểu 7.850 lao động; quận Hải Châu 6.920 lao động": an item of a list
    # of places continues the figure of the place before it.
    return _list_item(q, v)


def _aside(q: Quantity, paren: tuple[int, int], parent: tuple[Quantity, Fact] | None,
           v: _View, r: _Rules) -> tuple[str, str, Fact | None]:
    """A figure in parentheses is the rate of the count right before them ("241 hộ (1,96%)")
    or the count of the rate right before them ("2,27% trong năm 2023 (7.540 hộ)"),
    a figure of its own cue inside them ("(trong đó xuất khẩu lao động 22.150 người)"), or
    the decrease or the target of the last figure of its unit before them ("3,51% (giảm 1,2%
    so với đầu năm)", "70,5% (kế hoạch 70%)", "25.430 người, đạt 101,7% KH (KH: 25.000
    người)", "giảm 0,9% (KH giảm 0,8%)", "vượt mục tiêu đề ra (75.000 lao động)"). Other
    asides are not figures. An aside with none of these before it is named by a cue before
    the parentheses in their comma segment, or continues a list of places."""
    parent_fact = parent[1] if parent else None
    if parent and _TIME_BETWEEN.fullmatch(v.low, parent[0].unit_end, paren[0]):
        if q.unit == "percent" and parent[0].unit != "percent":
            return _rate_companion(parent_fact, "rate:(%)", r)
        count = r.counts.get(_base(parent_fact.indicator), "")
        head = v.low[paren[0] + 1:q.qual_start]
        if count and parent[0].unit == "percent" and q.unit != "percent" and \
                (not head.strip() or r.count_before.search(head)):
            return count, "count:(n)", parent_fact   # "3,56% vào cuối năm 2022 (11.735 hộ)"
    cue = _cue_indicator(q, v, r, same_segment=True)
    referent = _referent(q, paren[0], v)
    if cue[0]:
        return cue
    if referent is None:   # "có tỷ lệ hộ nghèo cao nhất tỉnh (3,42%), kế đến là huyện X (2,15%)"
        seg_start = v.segment(paren[0])[0]
        if any(seg_start <= c.start and c.end <= paren[0] for c in v.cues):
            cue = _cue_indicator(q, v, r, same_segment=False)
        return cue if cue[0] else _list_item(q, v)
    if _year_before_aside(q, v):   # "giảm 4,79% so với cuối năm 2023 (26,28%)": that year's level
        indicator = _base(referent.indicator)
        return r.levels.get(indicator, indicator), "level:aside-year", None
    indicator = _base(referent.indicator)
    target = any(paren[0] < start and end <= q.qual_start and status == "target"
                 for start, end, (status, _) in v.status_cues) or _target_before(paren[0], v, r) \
        or _share_of_plan_before(paren[0], v, r)
    falls = bool(r.time["decrease"].search(v.low, paren[0], q.qual_start))
    decrease = r.indicators.get(indicator, {}).get("decrease", "") if falls else ""
    if decrease:                  # "2,85% (giảm 1,2%)", "(KH giảm 1%)": the fall of the level
        indicator = decrease
    elif falls and not target:    # "giảm 0,9% (giảm 0,8% năm trước)": another year's fall
        return _DROP
    if target:
        return indicator, "target:aside", referent
    return (indicator, "decrease:aside", referent) if decrease else _list_item(q, v)


# what may stand between a figure and its companion in parentheses: "3,56% vào cuối năm 2022
# (11.735 hộ)"
_TIME_BETWEEN = re.compile(rf"\s{{0,2}}|\s(?:(?:vào|trong|đến)\s)?(?:(?:cuối|đầu)\s)?năm\s{_YEAR}\s?")


def _year_before_aside(q: Quantity, v: _View) -> _Year | None:
    """The year right before the parentheses that hold only q ("cuối năm 2023 (26,28%)")."""
    paren = _inside(q.start, v.parens)
    if paren is None or v.st[paren[0] + 1:q.qual_start].strip() \
            or v.st[q.unit_end:paren[1] - 1].strip():
        return None
    return next((y for y in v.years if y.year is not None and y.end <= paren[0]
                 and not v.st[y.end:paren[0]].strip()), None)


def _referent(q: Quantity, before: int, v: _View) -> Fact | None:
    """The figure an aside at `before` speaks of: the last one of q's unit made before it in
    q's clause that is no share of plan, no target and no other year's level given aside."""
    clause = v.clause(q.start)
    for prev, fact in reversed(v.made):
        if prev.start < clause[0] - 1:   # made in order: all earlier are other clauses'
            break
        if prev.unit == q.unit and prev.end <= before and v.clause(prev.start) == clause \
                and not fact.rule.startswith(("target", "plan", "level:aside")):
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
    if last is None or not last[1].rule.startswith("plan"):
        return False
    words = r.plan_follows.match(v.low, last[0].end)
    return bool(words and _PLAN_NAME.fullmatch(v.low, words.end(), pos))


def _base(indicator: str) -> str:
    """Indicator code without its scope suffix ("jobs_created__component" -> "jobs_created")."""
    return indicator.split("__")[0]


def _plan_share(parent_fact: Fact | None, verb: re.Match | None, kind: str):
    """The share-of-plan indicator of the parent figure (none for a share of a share)."""
    if parent_fact is None or _base(parent_fact.indicator).endswith("_plan_pct"):
        return _DROP
    word = verb["verb"].lower() if verb else "đạt"
    return f"{_base(parent_fact.indicator)}_plan_pct", f"plan:{word}/{kind}", parent_fact


def _rate_companion(parent_fact: Fact | None, rule: str, r: _Rules):
    """The rate indicator of a count ("poor_households" -> "poverty_rate")."""
    rate = r.indicators.get(_base(parent_fact.indicator), {}).get("rate", "") \
        if parent_fact else ""
    return (rate, rule, parent_fact) if rate else _DROP


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


def _cue_indicator(q: Quantity, v: _View, r: _Rules, same_segment: bool):
    """The nearest unit-compatible cue in the quantity's segment (same_segment) or, failing
    that, a cue before it in its clause with no other figure in between."""
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
    lo = bisect.bisect_left(v.cues, q.qual_start - BEFORE_GAP - _longest_cue(), key=_AT)
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
                best = (gap, indicator, f"cue:{c.phrase}/{where}" + ("+level" if needs else ""))
    if best is None:
        return _DROP
    # "…, tỷ lệ giảm 1,02%": the bare "tỷ lệ" is the rate of the last count, whose fall it is
    indicator = _rate_of_last(v, r) if best[1] == "@rate" else best[1]
    if not indicator:   # "…, tỷ lệ có việc làm sau đào tạo đạt 81%": a rate of another thing
        return _OTHER_RATE if same_segment else _DROP
    indicator, rule = _level_or_decrease(indicator, best[2], q, v, r)
    return (indicator, rule, None) if indicator else _DROP


@lru_cache(maxsize=1)
def _longest_cue() -> int:
    """Length of the longest cue phrase: how far before its end a cue may start."""
    return max(len(phrase) for phrase, _ in rules().cues)


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
        "+level" in f.rule for _, f in v.made)


def _preceded_by(st: str, pos: int, words: tuple[str, ...]) -> bool:
    """True when one of `words` ends right before pos (spaces aside), as a whole word."""
    head = st[max(0, pos - 24):pos].rstrip().lower()
    return any(head.endswith(w.lower()) and (len(head) == len(w) or not w[0].isalnum() or
                                              not head[-len(w) - 1].isalnum()) for w in words)


def _level_or_decrease(indicator: str, rule: str, q: Quantity, v: _View, r: _Rules):
    """A level indicator, or its decrease: "giảm 4,87%" is a decrease unless a level word
    follows the verb ("giảm … xuống còn 2%") or it is the earlier level of "giảm từ X xuống Y"
    or "tăng từ X lên Y" (rules/time_cues.csv). Works for level cues and for decrease cues
    ("giảm tỷ lệ hộ nghèo")."""
    level = r.levels.get(indicator, indicator)
    if _is_from_level(q, v.low, r):
        return level, rule + "+from"
    decrease = r.indicators.get(level, {}).get("decrease", "")
    if not decrease:
        return indicator, rule
    i = bisect.bisect_left(v.starts, q.start)   # a verb before the figure before is its own
    start = max(v.segment(q.start)[0], v.quantities[i - 1].unit_end if i else 0)
    window = v.low[start:q.qual_start]
    if q.unit == "percent" and r.indicators.get(level, {}).get("stock") == "1" \
            and _changes(window, r.time["increase"], r):
        return "", rule   # "tỷ lệ tăng 0,12%": a rise of a rate is no level of it
    if q.qualifier == "under" or not _falls(window, r):
        return level, rule   # "giảm tỷ lệ hộ nghèo dưới 1%": down to a level under 1%
    return decrease, rule + "+decrease"


def _falls(window: str, r: _Rules) -> bool:
    """Whether the text before a figure tells a fall by it: a decrease verb with no level word
    after it ("giảm 1,2%", not "giảm xuống 2,27%" nor "giảm còn 3%")."""
    return _changes(window, r.time["decrease"], r)


def _changes(window: str, verb: re.Pattern, r: _Rules) -> bool:
    """Whether the text before a figure ends with a change by it: the last `verb` with no
    level word after it ("tăng 0,12%", not "tăng lên 70%")."""
    verbs = list(verb.finditer(window))
    return bool(verbs) and not r.time["level"].search(window, verbs[-1].end())


def _level_to(q: Quantity, v: _View, r: _Rules):
    """"giảm từ 241 hộ … xuống còn 217 hộ": the later level has the indicator of the earlier."""
    seg_start, _ = v.segment(q.start)
    head = v.low[seg_start:q.qual_start]
    to = list(r.time["to"].finditer(head))
    if not to or head[to[-1].end():].strip():
        return None
    for prev, fact in reversed(v.made):
        if prev.start < seg_start:   # made in order: all earlier are before the segment
            break
        if prev.unit == q.unit and "+from" in fact.rule:
            return _base(fact.indicator), f"to:{to[-1].group()}", None
    return None


def _part_of_total(q: Quantity, v: _View):
    """A figure with no cue after a component marker ("trong đó") in its segment is a part of
    the last total before it with the same unit (its scope is decided by _scope_of)."""
    seg_start = v.segment(q.start)[0]
    if not any(kind == "component" and seg_start <= start < q.qual_start
               for start, _, kind in v.scope_cues):
        return None
    for prev, fact in reversed(v.made):
        if prev.end <= q.start and prev.unit == q.unit and _is_total(fact):
            return _base(fact.indicator), "part:of-total", None
    return None


def _result_of_target(q: Quantity, head: str, v: _View, r: _Rules):
    """A count with no cue right after a result verb ("đã đạt 19.200 lao động") is the result
    of the last target of the sentence with the same unit."""
    if not r.plan_before.search(head):
        return None
    for prev, fact in reversed(v.made):
        if prev.unit == q.unit and fact.status == "target" and _is_total(fact):
            return _base(fact.indicator), "result:of-target", None
    return None


def _list_item(q: Quantity, v: _View):
    """A figure with no cue of its own after a place named in its segment ("…, quận Thanh
    Khê 5.430 lao động", "…, của tỉnh Kiên Giang (cũ) là 0,86%") has the indicator of the
    last figure of its unit before it in the sentence, or, first in its sentence, of the last
    figure of the sentence before in its paragraph."""
    seg_start = v.segment(q.start)[0]
    if not any(seg_start <= p < q.qual_start for p in v.place_starts):
        return _DROP
    for prev, fact in reversed(v.made):
        if prev.unit == q.unit and _is_total(fact):
            return _base(fact.indicator), "list:place", None
    last = v.ctx.last_total   # "… đã đưa 712 lao động xuất cảnh. Huyện X dẫn đầu với 126 lao động"
    if not v.made and last is not None and last.unit == q.unit \
            and v.ctx.total_in == v.s.paragraph:
        return _base(last.indicator), "list:place/previous", None
    return _DROP


def _next_level(q: Quantity, v: _View, r: _Rules):
    """A figure right after a level word ("còn", "xuống còn") and no cue of its own is a new
    level of the last level figure of the sentence with the same unit (its own year); so is a
    figure whose clause names only its year before it ("Năm 2021, tỷ lệ lao động qua đào tạo
    là 61,3%; dự ước năm 2022 khoảng 63%")."""
    head = v.low[v.segment(q.start)[0]:q.qual_start]
    to = list(r.time["to"].finditer(head))
    if to and not head[to[-1].end():].strip():
        rule, needs_decrease = f"to:{to[-1].group()}/elliptic", True
    elif _YEAR_ITEM.fullmatch(v.low, v.clause(q.start)[0], q.qual_start):
        rule, needs_decrease = "level:next-year", False
    else:
        return _DROP
    for prev, fact in reversed(v.made):
        base = _base(fact.indicator)
        row = r.indicators.get(base, {})
        if prev.unit == q.unit and _is_total(fact) and (
                row.get("decrease") if needs_decrease else row.get("stock") == "1"):
            return base, rule, None
    return _DROP


# a clause that names only a year (and a status word) before its figure: "; dự ước năm 2022
# khoảng 63%", "; năm 2023 đạt 65%"
_YEAR_ITEM = re.compile(rf"\s*(?:(?:dự\s)?(?:ước|kiến)\s|đến\s|cuối\s)*năm\s{_YEAR}[\s,]*"
                        r"(?:(?:ước\s)?(?:đạt|là|còn)\s)?")


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


def _make_fact(q: Quantity, indicator: str, rule: str, parent: Fact | None, v: _View,
               r: _Rules) -> Fact | None:
    """The fact of quantity q; None when its value is implausible for the indicator (a
    relative fall "giảm 50% hộ cận nghèo" is no fall in percentage points)."""
    value, qualifier = q.value, q.qualifier
    if rule.startswith("plan"):
        verb = rule.split(":")[1].split("/")[0]
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
        if rule.startswith("target"):
            status = "target"
        months = parent.months if status == "actual" else None
    else:
        status, estimate = _status_of(q, v)
        if estimate and qualifier == "exact":
            qualifier = estimate
        year, period_start = _year_of(q, v, from_level="+from" in rule, r=r, status=status)
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
                char_start=s.start + q.qual_start, char_end=s.start + q.unit_end, rule=rule,
                months=months, statistic="annual_average" if scope == "average" else "",
                measure=parent.measure if parent is not None else _measure(q, v, r))


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
                   char_start=v.s.start + q.plan_start, rule=fact.rule + "+plan", months=None)


def _no_future_results(status: str, year: int | None, doc: Document) -> str:
    """A figure of a year after the publication year is a target, whatever the wording
    ("Đến năm 2025, toàn tỉnh không còn hộ nghèo" in a 2024 article): no result is known yet."""
    if status == "actual" and year is not None and doc.published[:4].isdigit() \
            and year > int(doc.published[:4]):
        return "target"
    return status


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
    số hộ nghèo tập trung ở nông thôn, trong đó có 16.125 hộ nghèo"). The part of a period's total that names its own
    year is that year's figure ("giai đoạn 2021-2024 … 64.000 lao động, trong đó năm 2024 là
    16.280")."""
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


_MARKER_END = re.compile(r"[^\s,:;]*")


def _after_marker(start: int, v: _View) -> int:
    """The position after the marker word at `start` and the spaces after it."""
    end = _MARKER_END.match(v.low, start + 1).end()
    while end < len(v.low) and v.low[end] == " ":
        end += 1
    return end


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


def _is_total(fact: Fact) -> bool:
    """A figure in its own right, not a share, rate or decrease qualifying another one."""
    return not fact.rule.startswith(("plan", "rate", "decrease", "target"))


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
                          v.s.start + m.end(), f"statement:{m.group()}"))
    return found


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
