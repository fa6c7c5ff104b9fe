"""One document -> facts: which figures a text states, about what, when, where and how sure.

For every quantity of every sentence (numbers.py) the extractor decides:
- indicator: the nearest cue phrase of its comma segment (rules/indicator_cues.csv), or a
  percentage of plan ("đạt 117% kế hoạch"), or the rate companion of a count ("241 hộ (1,96%)");
- status: the nearest status cue before it in the sentence (rules/status_cues.csv);
- year: a year before it in the sentence, else after it in its clause, else the last year of
  the text before it, else the publication date (rules/time_cues.csv for what is ignored);
- scope: sub-group, national, combined or a component of a stated total (rules/scope_markers.csv);
- place: a district named before it in the sentence, "toàn tỉnh", or the document's locality.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from vnlabour.numbers import Quantity, find_quantities, unit_at
from vnlabour.tables import read_table
from vnlabour.text import Sentence, content_lines, split_sentences

BEFORE_GAP = 80   # characters a cue may stand before its number
AFTER_GAP = 30    # characters a cue may stand after its number (or unit)
PLAN_GAP = 4      # characters between "X%" and "kế hoạch"
MARKER_AFTER = 40  # characters after a number in which a sub-group marker still applies


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
    district_province: dict = field(default_factory=dict)  # district -> province of mentions


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


# --- rule tables, compiled once ------------------------------------------------------------

def _words(phrases) -> re.Pattern:
    """One pattern matching any of the phrases as whole words, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)")


@dataclass(frozen=True)
class _Rules:
    cue: re.Pattern
    cues: dict            # lowercase phrase -> list of (indicator, number_unit, side, needs)
    status: re.Pattern
    statuses: dict        # lowercase phrase -> status
    scope: re.Pattern
    scopes: dict          # lowercase phrase -> scope
    time: dict            # kind -> pattern
    plan_follows: re.Pattern
    plan_before: re.Pattern
    exceed: frozenset
    statement: re.Pattern
    statements: dict      # phrase -> (indicator, value, unit)
    indicators: dict      # code -> row of rules/indicators.csv


@lru_cache(maxsize=None)
def rules() -> _Rules:
    """The extraction rules, read from the tables in rules/ and compiled."""
    cues: dict = {}
    for r in read_table("indicator_cues"):
        needs = tuple(w for w in r["needs"].split("|") if w)
        cues.setdefault(r["cue"].lower(), []).append(
            (r["indicator"], r["number_unit"], r["side"], needs))
    statuses = {r["phrase"].lower(): r["status"] for r in read_table("status_cues")}
    scopes = {r["phrase"].lower(): r["scope"] for r in read_table("scope_markers")}
    time_rows = read_table("time_cues")
    time = {kind: _words([r["phrase"] for r in time_rows if r["kind"] == kind])
            for kind in {r["kind"] for r in time_rows}}
    plan = read_table("plan_cues")
    statements = {r["phrase"]: (r["indicator"], float(r["value"]), r["unit"])
                  for r in read_table("statements")}
    return _Rules(
        cue=re.compile(r"(?<!\w)(?=(" + _words(cues).pattern + "))", re.IGNORECASE), cues=cues,
        status=re.compile(_words(statuses).pattern, re.IGNORECASE), statuses=statuses,
        scope=re.compile(_words(scopes).pattern, re.IGNORECASE), scopes=scopes,
        time=time,
        plan_follows=re.compile(r"\s?(?:" + _words(
            [r["phrase"] for r in plan if r["kind"] == "follows"]).pattern + ")"),
        plan_before=re.compile(r"(?:^|\W)(?P<verb>" + _words(
            [r["phrase"] for r in plan if r["kind"] == "before"]).pattern + r")\s$",
            re.IGNORECASE),
        exceed=frozenset(r["phrase"] for r in plan if r["kind"] == "exceed"),
        statement=re.compile(_words(statements).pattern, re.IGNORECASE),
        statements=statements,
        indicators={r["code"]: r for r in read_table("indicators")},
    )


@dataclass(frozen=True, slots=True)
class _Match:
    """A cue phrase found in a sentence (cue matches may overlap, unlike re matches)."""

    begin: int
    finish: int
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self) -> str:
        return self.text


# --- years --------------------------------------------------------------------------------

_YEAR = r"(?:19[89]\d|20[0-5]\d)"
_YEARS = re.compile(
    rf"(?P<p1>{_YEAR})\s?(?:-|–|đến|tới|đến năm)\s?(?P<p2>{_YEAR})(?![\d.,])"
    rf"|(?P<y>(?<![\d.,]){_YEAR})(?![\d.,]?\d)(?!\s?%)(?!\s(?:người|lao động|hộ|lượt)\b)")


@dataclass(frozen=True, slots=True)
class _Year:
    start: int
    end: int
    year: int | None      # None for "từ năm 2021 đến nay" until the context year is known
    period_start: int | None
    ignored: bool


def _find_years(text: str, r: _Rules) -> list[_Year]:
    """Year and period mentions of a sentence, with those after comparison/standard phrases
    marked ignored. "từ năm 2021 đến nay" is a period that ends in the current year."""
    ignore_ends = [m.end() for m in r.time["ignore"].finditer(text)]
    found = []
    for m in _YEARS.finditer(text):
        ignored = any(0 <= m.start() - e <= 60 and ";" not in text[e:m.start()]
                      for e in ignore_ends)
        if m["p1"]:
            found.append(_Year(m.start(), m.end(), int(m["p2"]), int(m["p1"]), ignored))
            continue
        year = int(m["y"])
        until_now = r.time["until_now"].match(text, m.end() + 1)
        if until_now and text[m.start() - 4:m.start()].strip().lower().endswith(("từ", "năm")):
            found.append(_Year(m.start(), until_now.end(), None, year, ignored))
        else:
            found.append(_Year(m.start(), m.end(), year, None, ignored))
    return found


# --- sentence layout: clauses, segments, parentheses --------------------------------------

def _segments(text: str, protected: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Boundaries of clauses (';') and comma segments of a sentence, ignoring separators
    inside cue phrases or numerals."""
    def free(i: int) -> bool:
        return not any(s <= i < e for s, e in protected)

    clauses = [m.start() for m in re.finditer(r";", text) if free(m.start())]
    commas = [m.start() for m in re.finditer(r",(?!\d)|;|:(?!\d)", text) if free(m.start())]
    return clauses, commas


def _bounds(cuts: list[int], pos: int, length: int) -> tuple[int, int]:
    """The [start, end) of the part of a sentence cut at `cuts` that contains `pos`."""
    i = bisect.bisect_right(cuts, pos)
    return (cuts[i - 1] + 1 if i else 0), (cuts[i] if i < len(cuts) else length)


def _paren_spans(text: str) -> list[tuple[int, int]]:
    """Spans of parenthesised asides "( ... )"."""
    return [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span containing pos, if any."""
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return None


# --- the extractor --------------------------------------------------------------------------

@dataclass
class _Context:
    """What earlier sentences tell about later ones."""

    year: int | None = None
    last_sentence_had_figure: bool = False


def extract(doc: Document, place: Place | None = None,
            mentions: list | None = None) -> list[Fact]:
    """Facts of one document. `mentions` are place mentions (places.find_mentions) used to put
    a figure in a district; `place` gives the document's default locality."""
    r = rules()
    place = place or Place()
    text = doc.text
    lines = content_lines(text)
    sentences = split_sentences(text, lines)
    mentions = mentions or []
    mention_starts = [m.start for m in mentions]
    ctx = _Context()
    fallback_year = _fallback_year(doc, text, lines)
    facts: list[Fact] = []
    for s in sentences:
        st = text[s.start:s.end]
        years = _find_years(st, r)
        found, n_quantities = _sentence_facts(doc, s, st, years, ctx, fallback_year, r) \
            if _has_figure(st) else ([], 0)
        for f in found:
            f.locality = _locality(f, s, mentions, mention_starts, place, st)
            f.admin_level = "district" if f.locality else "province"
        facts.extend(found)
        ctx.last_sentence_had_figure = n_quantities > 0
        kept = [y for y in years if not y.ignored and y.year is not None
                and not _inside(y.start, _paren_spans(st))]
        if kept:
            ctx.year = kept[-1].year
    return facts


def _has_figure(sentence: str) -> bool:
    """Quick test: a digit, or a phrase that states a figure without one."""
    return any(ch.isdigit() for ch in sentence) or bool(rules().statement.search(sentence))


def _fallback_year(doc: Document, text: str, lines) -> int | None:
    """The year a figure belongs to when nothing in the text before it says: the publication
    year, else the latest year the document mentions (a report speaks of its latest year)."""
    if doc.published[:4].isdigit():
        return int(doc.published[:4])
    years = [int(y) for y in re.findall(rf"(?<!\d){_YEAR}(?!\d)", text)]
    return max(years) if years else None


def _sentence_facts(doc: Document, s: Sentence, st: str, years: list[_Year], ctx: _Context,
                    fallback_year: int | None, r: _Rules) -> tuple[list[Fact], int]:
    """Facts of one sentence, and how many quantities with a unit it has."""
    quantities = [q for q in find_quantities(st) if q.unit]
    cue_matches = [_Match(m.start(1), m.end(1), m.group(1)) for m in r.cue.finditer(st)]
    protected = [(m.start(), m.end()) for m in cue_matches] + \
                [(q.start, q.end) for q in quantities]
    clauses, commas = _segments(st, protected)
    parens = _paren_spans(st)
    status_cues = [(m.start(), m.end(), r.statuses[m.group().lower()])
                   for m in r.status.finditer(st) if not st[:m.start()].rstrip().endswith("%")]
    scope_cues = [(m.start(), m.end(), r.scopes[m.group().lower()])
                  for m in r.scope.finditer(st)]
    facts: list[Fact] = []
    assigned: list[tuple[Quantity, str, str]] = []   # (quantity, indicator, rule)
    for q in quantities:
        own_paren = _inside(q.start, parens)
        plan_kind, indicator, rule = _plan_indicator(q, st, assigned, clauses, r)
        if plan_kind == "follows" and not indicator:
            continue  # "đạt 100% kế hoạch" of something that is not an indicator
        if not indicator and own_paren and assigned and q.unit == "percent":
            indicator, rule = _rate_companion(assigned, own_paren, r)
        if not indicator and own_paren:
            continue  # other asides in parentheses are not figures of the text
        if not indicator or plan_kind == "before":
            own, own_rule = _level_to(q, st, assigned, commas, r) or \
                _cue_indicator(q, st, cue_matches, quantities, commas, clauses, r)
            if own and not (plan_kind == "before" and own_rule.endswith("/outside")):
                indicator, rule = own, own_rule
        if indicator == "@rate":
            indicator, rule = _rate_of_last(assigned, r), rule
        if not indicator:
            continue
        parent = _parent(q, assigned, clauses, len(st)) if rule.startswith(("plan", "rate")) \
            else None
        fact = _make_fact(doc, s, st, q, indicator, rule, parent, years, ctx, fallback_year,
                          status_cues, scope_cues, clauses, commas, parens, facts, quantities, r)
        if fact:
            facts.append(fact)
            assigned.append((q, fact.indicator, fact.rule))
    facts.extend(_statements(doc, s, st, years, ctx, fallback_year, scope_cues, status_cues, r))
    return facts, len(quantities)


def _cue_indicator(q: Quantity, st: str, cue_matches, quantities, commas, clauses,
                   r: _Rules) -> tuple[str, str]:
    """Indicator of the nearest unit-compatible cue in the quantity's comma segment, or else
    a cue earlier in its clause with no other quantity in between."""
    seg_start, seg_end = _bounds(commas, q.start, len(st))
    # "100% người lao động thuộc hộ nghèo": a share of a group, named only by a cue before it
    share_of_group = q.unit == "percent" and unit_at(st, q.end) in ("persons", "households",
                                                                    "count")
    best = None
    for m in cue_matches:
        for indicator, unit, side, needs in r.cues[m.group().lower()]:
            if unit != q.unit:
                continue
            if m.end() <= q.qual_start and side in ("before", "any"):
                gap, where = q.qual_start - m.end(), "before"
                if gap > BEFORE_GAP or any(m.end() <= o.start < q.start for o in quantities):
                    continue
            elif m.start() >= q.end and side in ("after", "any") and not share_of_group:
                gap, where = max(0, m.start() - q.unit_end), "after"
                if gap > AFTER_GAP or any(q.end <= o.start < m.start() for o in quantities):
                    continue
            else:
                continue
            if needs and not _preceded_by(st, q.qual_start, needs):
                continue
            in_segment = seg_start <= m.start() and m.end() <= seg_end
            if not in_segment and (where == "after" or _bounds(clauses, m.start(), len(st))
                                   != _bounds(clauses, q.start, len(st))):
                continue
            rank = (not in_segment, gap)
            if best is None or rank < best[0]:
                best = (rank, indicator,
                        f"cue:{m.group()}/{where}" + ("" if in_segment else "/outside"))
    return (best[1], best[2]) if best else ("", "")


def _preceded_by(st: str, pos: int, words: tuple[str, ...]) -> bool:
    """True when one of `words` ends right before pos (spaces aside)."""
    head = st[max(0, pos - 20):pos].rstrip().lower()
    return any(head.endswith(w.lower()) and (len(head) == len(w) or not head[-len(w) - 1]
                                              .isalnum()) for w in words)


def _plan_indicator(q: Quantity, st: str, assigned, clauses,
                    r: _Rules) -> tuple[str, str, str]:
    """(kind, indicator, rule) of a percentage of plan: "X% kế hoạch" (kind 'follows') or
    "đạt/vượt X%" right after a count (kind 'before'), the share of plan of the figure before
    it. kind is '' when q is no share of plan, indicator '' when it has no parent figure."""
    if q.unit != "percent":
        return "", "", ""
    follows = r.plan_follows.match(st, q.end)
    before = r.plan_before.search(st[max(0, q.qual_start - 16):q.qual_start])
    if not follows and not before:
        return "", "", ""
    kind = "follows" if follows else "before"
    parent = _parent(q, assigned, clauses, len(st))
    if parent is None or parent[1].endswith("_plan_pct") or parent[0].unit == "percent" and \
            not follows:
        return kind, "", ""
    verb = before["verb"].lower() if before else "đạt"
    return kind, f"{parent[1].split('__')[0]}_plan_pct", f"plan:{verb}/{kind}"


def _level_to(q: Quantity, st: str, assigned, commas, r: _Rules) -> tuple[str, str] | None:
    """"giảm từ 241 hộ … xuống còn 217 hộ": the later level has the indicator of the earlier."""
    seg_start, _ = _bounds(commas, q.start, len(st))
    head = st[seg_start:q.qual_start]
    to = list(r.time["to"].finditer(head))
    if not to or head[to[-1].end():].strip():
        return None
    for prev, indicator, rule in reversed(assigned):
        if prev.unit == q.unit and "+from" in rule and prev.start >= seg_start:
            return indicator.split("__")[0], f"to:{to[-1].group()}"
    return None


def _parent(q: Quantity, assigned, clauses, length: int):
    """The last figure with an indicator before q in the same clause."""
    clause = _bounds(clauses, q.start, length)
    for prev in reversed(assigned):
        if _bounds(clauses, prev[0].start, length) == clause and prev[0].start < q.start:
            return prev
    return None


def _rate_companion(assigned, paren: tuple[int, int], r: _Rules) -> tuple[str, str]:
    """"241 hộ (1,96%)": a percentage in parentheses right after a count is its rate."""
    q, indicator, _ = assigned[-1]
    base = indicator.split("__")[0]
    rate = r.indicators.get(base, {}).get("rate", "")
    if rate and 0 <= paren[0] - q.unit_end <= 2:
        return rate, "rate:(%)"
    return "", ""


def _rate_of_last(assigned, r: _Rules) -> str:
    """"…giảm 13 hộ nghèo, tỷ lệ còn 1,86%": a bare "tỷ lệ" is the rate of the last count."""
    for _, indicator, _ in reversed(assigned):
        base = indicator.split("__")[0].replace("_reduction", "")
        rate = r.indicators.get(base, {}).get("rate", "")
        if rate:
            return rate
    return ""


def _make_fact(doc, s, st, q, indicator, rule, parent, years, ctx, fallback_year,
               status_cues, scope_cues, clauses, commas, parens, facts, quantities,
               r) -> Fact | None:
    """Build the fact of quantity q: value, status, year, scope; None when implausible."""
    value, qualifier = q.value, q.qualifier
    if rule.startswith("plan"):
        verb = rule.split(":")[1].split("/")[0]
        if verb in r.exceed and value < 100:
            value = 100 + value
        qualifier = "over" if "trên" in verb else "exact"
    parent_fact = _fact_of(parent, facts, s) if parent else None
    year, period_start, from_level = _year_of(q, st, years, ctx, fallback_year, clauses, parens,
                                              r)
    if parent_fact:
        status, year, period_start = parent_fact.status, parent_fact.year, \
            parent_fact.period_start
        scope = parent_fact.scope
        indicator = indicator.split("__")[0]
    else:
        status = _status_of(q, status_cues, parens)
        scope = _scope_of(q, st, scope_cues, commas, ctx, quantities)
        if not rule.startswith(("plan", "rate")):
            indicator, rule = _decrease(indicator, rule, q, st, commas, from_level, r)
        if from_level:
            rule += "+from"
    base = r.indicators.get(indicator)
    if base is None:
        return None
    unit = base["unit"]
    if not float(base["min"]) <= value <= float(base["max"]):
        return None
    if scope != "place":
        indicator = f"{indicator}__{scope}"
    return Fact(doc_id=doc.doc_id, indicator=indicator, scope=scope, status=status, year=year,
                period_start=period_start, value=value, unit=unit, qualifier=qualifier,
                value_max=q.value_max, sentence=st, char_start=s.start + q.qual_start,
                char_end=s.start + q.unit_end, rule=rule)


def _fact_of(parent, facts: list[Fact], s: Sentence) -> Fact | None:
    """The fact built from a parent quantity."""
    q = parent[0]
    for f in reversed(facts):
        if f.char_start == s.start + q.qual_start:
            return f
    return None


def _decrease(indicator: str, rule: str, q: Quantity, st: str, commas, from_level: bool,
              r: _Rules) -> tuple[str, str]:
    """"giảm 4,87%" of a level indicator is its decrease indicator, unless a level word follows
    the verb ("giảm còn 2%") or the figure is the earlier level of "giảm từ X xuống Y"."""
    decrease = r.indicators.get(indicator, {}).get("decrease", "")
    if not decrease or from_level:
        return indicator, rule
    seg_start, _ = _bounds(commas, q.start, len(st))
    window = st[seg_start:q.qual_start]
    verbs = list(r.time["decrease"].finditer(window))
    if not verbs:
        return indicator, rule
    after_verb = window[verbs[-1].end():]
    if r.time["level"].search(after_verb):
        return indicator, rule
    return decrease, rule + "+decrease"


def _status_of(q: Quantity, status_cues, parens) -> str:
    """Status from the nearest cue before the figure in its sentence (not inside someone
    else's parentheses); a result when there is none."""
    best = None
    for start, end, status in status_cues:
        if end <= q.qual_start + 1 and not (_inside(start, parens) and
                                            _inside(start, parens) != _inside(q.start, parens)):
            best = status
    return best or "actual"


def _scope_of(q: Quantity, st: str, scope_cues, commas, ctx: _Context, quantities) -> str:
    """place, or subgroup / national / combined / component from markers around the figure."""
    seg_start, seg_end = _bounds(commas, q.start, len(st))
    for start, end, scope in scope_cues:
        if scope == "component":
            # "…1.884 lao động. Trong đó, …" or "55.841 người …, trong đó 44.662 …"
            opens_sentence = start == 0 and ctx.last_sentence_had_figure
            after_figure = 0 < start < q.start and any(o.end <= start for o in quantities)
            if (opens_sentence or after_figure) and start < q.start:
                return "component"
            continue
        if seg_start <= start and end <= min(seg_end, q.unit_end + MARKER_AFTER) and \
                start >= seg_start:
            return scope
    return "place"


def _year_of(q: Quantity, st: str, years: list[_Year], ctx: _Context, fallback_year,
             clauses, parens, r: _Rules) -> tuple[int | None, int | None, bool]:
    """(year, period_start, is_from_level) of a figure."""
    own_paren = _inside(q.start, parens)
    usable = [y for y in years if not y.ignored and _inside(y.start, parens) in (None, own_paren)]
    clause = _bounds(clauses, q.start, len(st))
    chosen = None
    before = [y for y in usable if y.end <= q.qual_start]
    if before:
        chosen = before[-1]
    else:
        after = [y for y in usable if y.start >= q.end and y.start < clause[1]]
        chosen = after[0] if after else None
    year = period_start = None
    if chosen:
        year, period_start = chosen.year, chosen.period_start
        if year is None:  # "từ năm 2021 đến nay"
            year = ctx.year or fallback_year
    else:
        head = st[:q.qual_start]
        if r.time["last_year"].search(head) and fallback_year:
            year = _last_year(fallback_year, ctx)
        else:
            year = ctx.year or fallback_year
    from_level = _is_from_level(q, st, r)
    if from_level and year is not None:
        year = period_start if period_start else year - 1
        period_start = None
    return year, period_start, from_level


def _last_year(fallback_year: int, ctx: _Context) -> int:
    """"năm qua": the year the text is about; the context year when there is one."""
    return ctx.year or fallback_year


def _is_from_level(q: Quantity, st: str, r: _Rules) -> bool:
    """"giảm từ 241 hộ (1,96%) xuống còn 217 hộ": 241 is the level before the change."""
    head = st[max(0, q.qual_start - 12):q.qual_start]
    if not re.search(r"(?<!\w)từ\s$", head, re.IGNORECASE):
        return False
    return bool(r.time["to"].search(st, q.unit_end))


def _statements(doc, s, st, years, ctx, fallback_year, scope_cues, status_cues, r):
    """Figures stated without numerals ("Huyện không còn hộ nghèo" -> 0 poor households)."""
    found = []
    for m in r.statement.finditer(st):
        indicator, value, unit = r.statements[m.group().lower()] if m.group().lower() in \
            r.statements else r.statements[m.group()]
        q = Quantity(m.start(), m.end(), m.end(), m.start(), value, None, unit, "exact",
                     m.group())
        tail = st[m.end():m.end() + MARKER_AFTER]
        scope = "place"
        for start, end, kind in scope_cues:
            if m.end() <= start < m.end() + MARKER_AFTER and kind == "subgroup" \
                    and ";" not in tail[:start - m.end()]:
                scope = "subgroup"
        year, period_start, _ = _year_of(q, st, years, ctx, fallback_year, [], [], r)
        status = _status_of(q, status_cues, [])
        code = indicator if scope == "place" else f"{indicator}__{scope}"
        found.append(Fact(doc.doc_id, code, scope, status, year, period_start, value, unit,
                          "exact", None, st, s.start + m.start(), s.start + m.end(),
                          f"statement:{m.group()}"))
    return found


def _locality(f: Fact, s: Sentence, mentions, mention_starts, place: Place, st: str) -> str:
    """The district a figure is about: a district named (not as a destination) before it in
    its sentence; none after "toàn tỉnh" or "tỉnh X"; else the document's locality."""
    lo = bisect.bisect_left(mention_starts, s.start)
    hi = bisect.bisect_left(mention_starts, f.char_start)
    named = [m for m in mentions[lo:hi] if not m.destination]
    if re.search(r"(?<!\w)toàn tỉnh(?!\w)", st[:f.char_start - s.start], re.IGNORECASE):
        return ""
    for m in reversed(named):
        if m.kind == "province" and m.prefix:
            return ""
        if m.kind == "district" and m.prefix and (not place.province or
                                                  m.province == place.province):
            return m.name
    return place.locality
