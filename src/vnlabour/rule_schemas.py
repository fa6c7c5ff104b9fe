"""The columns and allowed values of every rule table in `rules/`, declared in one place.

`tables.read_table` checks each row of a table against its schema here. A value that breaks
it is named by file, line and column ("rules/indicator_cues.csv line 12: column indicator:
'jobs_creatd' is not one of the codes of indicators.csv (did you mean 'jobs_created'?)"), the
row is skipped and the extraction goes on with the rest. `vnlabour rules check` prints them all.

A check is a small function of (value, lookup) that returns what is wrong, or None; `lookup`
gives the values of a column of another table, so that a cue names an indicator of the
registry (`indicators.csv`), with the researcher's own rows when `--rules DIR` adds some.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from vnlabour.schema import QUALIFIERS, SCOPES, STATUSES, UNITS

Lookup = Callable[[str, str], frozenset]   # (table, column) -> the values it holds
Check = Callable[[str, Lookup], "str | None"]


def one_of(*allowed: str) -> Check:
    """The value is one of `allowed`."""
    def check(value: str, _lookup: Lookup) -> str | None:
        if value in allowed:
            return None
        return f"{value!r} is not one of {', '.join(allowed)}{_close(value, allowed)}"
    return check


def code_of(table: str, column: str, what: str, *also: str) -> Check:
    """The value is in `column` of `table` (or one of `also`): a reference to another table;
    `what` names those values in messages ("indicator codes")."""
    def check(value: str, lookup: Lookup) -> str | None:
        known = lookup(table, column)
        if value in known or value in also:
            return None
        return (f"{value!r} is not one of the {what} in {table}.csv"
                f"{_close(value, sorted(known | set(also)))}")
    return check


def matches(pattern: str, what: str) -> Check:
    """The value is written as `pattern` (a regular expression) requires."""
    compiled = re.compile(pattern)

    def check(value: str, _lookup: Lookup) -> str | None:
        return None if compiled.fullmatch(value) else f"{value!r} is not {what}"
    return check


def number(value: str, _lookup: Lookup) -> str | None:
    """The value is a number written with a dot for decimals ("1000", "0.5")."""
    try:
        float(value)
    except ValueError:
        return f"{value!r} is not a number"
    return None


def regex(value: str, _lookup: Lookup) -> str | None:
    """The value is a valid regular expression."""
    try:
        re.compile(value)
    except re.error as exc:
        return f"{value!r} is not a valid regular expression ({exc})"
    return None


def _close(value: str, candidates) -> str:
    """' (did you mean 'x'?)' for the nearest candidate to a misspelled value, else ''."""
    near = difflib.get_close_matches(value, [c for c in candidates if c], n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


@dataclass(frozen=True)
class Column:
    """One column of a rule table: its check (None: any text), whether it may be empty and
    whether each value may appear only once in the table."""

    name: str
    check: Check | None = None
    required: bool = True
    unique: bool = False


@dataclass(frozen=True)
class Table:
    """A rule table's columns and the checks across columns of one row; `extendable` tables
    are read from a researcher's `--rules DIR` too (rows added to the package's)."""

    columns: tuple[Column, ...]
    extendable: bool = False
    row_checks: tuple[Callable[[dict], tuple[str, str] | None], ...] = ()


def _plan_pct_link(row: dict) -> tuple[str, str] | None:
    """A % of plan indicator is coded as the indicator it measures + '_plan_pct' (the reports
    rely on it): (column, problem) when the registry's plan_pct link says otherwise."""
    link = row.get("plan_pct", "")
    if link and link != row["code"] + "_plan_pct":
        return "plan_pct", f"{link!r} is not {row['code'] + '_plan_pct'!r}"
    return None


def _months_in_phrase(row: dict) -> tuple[str, str] | None:
    """months "N" needs an N (the number of months) in the phrase."""
    if row.get("months") == "N" and "N" not in row["phrase"]:
        return "months", "'N' but the phrase has no N (the number of months) in it"
    return None


def _same_length(row: dict) -> tuple[str, str] | None:
    """A spelling variant is folded in place: it must have its canonical form's length."""
    if len(row["variant"]) != len(row["canonical"]):
        return "canonical", (f"{row['canonical']!r} is not as long as {row['variant']!r} "
                             "(a variant is replaced in place)")
    return None


def _statement_complete(row: dict) -> tuple[str, str] | None:
    """A statement states a figure (indicator, value and unit) or none (all three empty)."""
    for column in ("value", "unit"):
        if bool(row["indicator"]) != bool(row[column]):
            return column, (f"{row[column]!r} with no indicator" if row[column] else
                            f"empty, but the indicator {row['indicator']!r} needs one")
    return None


_INDICATOR = code_of("indicators", "code", "indicator codes")
_PHRASE = Column("phrase")
_FLAG = one_of("0", "1")
_TWO_DIGITS = matches(r"\d\d", "a two-digit code")
_PROVINCE = code_of("provinces", "name", "province names")
_MONTHS = matches(r"N|[1-9]|1[0-2]", "N or a number of months from 1 to 12")

# Values taken by the code: a new one needs code that reads it (see the table's header).
TIME_KINDS = ("ignore", "until_now", "last_year", "decrease", "level", "from", "to",
              "baseline", "recent_years", "this_period", "start_of_year",
              "not_start_of_year", "plan_year", "now", "not_now", "after_years", "increase")
PLAN_KINDS = ("follows", "before", "exceed", "not", "rate", "count", "share", "change",
              "opens", "lead")
PLACE_KINDS = ("province_prefix", "district_prefix", "commune_prefix", "destination",
               "destination_adjacent", "not_place", "province_scope", "district_scope",
               "former", "merged", "district_descriptor", "province_reference")
# scope_markers rows that are no scope of a figure: a comparison with the country, words naming
# the place itself, a clause's opening words, words that hold a marker but change nothing,
# words that make the clause's subject a commune (its figures are sub-area ones)
MARKER_KINDS = ("comparison", "local", "opener", "neutral", "commune")
JOB_MEASURES = ("jobs_found", "new_jobs")
INDICATOR_KINDS = ("count", "rate", "plan_pct", "change")
CUE_UNITS = ("persons", "households", "percent", "vnd")
PHRASE_UNITS = ("persons", "households", "vnd", "count", "percent")

TABLES: dict[str, Table] = {
    "indicators": Table((
        Column("code", matches(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*",
                               "a code of lowercase words joined by single '_'"), unique=True),
        Column("label_en"), Column("label_vi"), Column("unit", one_of(*UNITS)),
        Column("kind", one_of(*INDICATOR_KINDS)), Column("core", _FLAG),
        Column("stock", _FLAG), Column("min", number), Column("max", number),
        Column("rate", _INDICATOR, required=False),
        Column("decrease", _INDICATOR, required=False),
        Column("plan_pct", _INDICATOR, required=False),
        Column("definition")), extendable=True, row_checks=(_plan_pct_link,)),
    "indicator_cues": Table((
        Column("indicator", code_of("indicators", "code", "indicator codes", "@rate")),
        Column("number_unit", one_of(*CUE_UNITS)),
        Column("side", one_of("before", "after", "any")), Column("cue"),
        Column("needs", required=False)), extendable=True),
    "status_cues": Table((
        Column("status", one_of(*STATUSES), required=False), _PHRASE,
        Column("qualifier", one_of(*QUALIFIERS), required=False)), extendable=True),
    "scope_markers": Table((
        Column("scope", one_of(*(s for s in SCOPES if s != "place"), *MARKER_KINDS)),
        _PHRASE), extendable=True),
    "time_cues": Table((Column("kind", one_of(*TIME_KINDS)), _PHRASE), extendable=True),
    "plan_cues": Table((Column("kind", one_of(*PLAN_KINDS)), _PHRASE), extendable=True),
    "part_of_year": Table((_PHRASE, Column("months", _MONTHS)), extendable=True,
                          row_checks=(_months_in_phrase,)),
    "statements": Table((
        _PHRASE, Column("indicator", _INDICATOR, required=False),
        Column("value", number, required=False), Column("unit", one_of(*UNITS), required=False)),
        extendable=True, row_checks=(_statement_complete,)),
    "combined_sums": Table((Column("whole", _INDICATOR), Column("part", _INDICATOR)),
                           extendable=True),
    "job_measures": Table((Column("cue"), Column("measure", one_of(*JOB_MEASURES))),
                          extendable=True),
    "spelling_variants": Table((Column("variant"), Column("canonical")), extendable=True,
                               row_checks=(_same_length,)),
    "units": Table((_PHRASE, Column("unit", one_of(*PHRASE_UNITS)))),
    "multipliers": Table((Column("word"), Column("factor", number))),
    "qualifiers": Table((
        _PHRASE, Column("position", one_of("before", "after")),
        Column("qualifier", one_of(*(q for q in QUALIFIERS if q != "exact"))))),
    "abbreviations": Table((Column("abbreviation"),)),
    "boilerplate": Table((Column("kind"), Column("pattern", regex))),
    "provinces": Table((
        Column("code", _TWO_DIGITS, unique=True), Column("name", unique=True),
        Column("type", one_of("tỉnh", "thành phố")), Column("name_2025"),
        Column("code_2025", _TWO_DIGITS), Column("aliases", required=False))),
    "districts": Table((
        Column("province", _PROVINCE), Column("district"),
        Column("type", one_of("quận", "huyện", "thành phố", "thị xã")))),
    "newspapers": Table((
        Column("province", _PROVINCE),
        Column("domain", matches(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", "a domain such as baohagiang.vn")),
        Column("abbreviation", required=False))),
    "place_context": Table((Column("kind", one_of(*PLACE_KINDS)), _PHRASE)),
    # confidence.py's log-odds by feature value (scripts/calibrate_confidence.py writes it)
    "confidence_priors": Table((
        Column("feature", one_of("intercept", "rule", "cue", "year", "status", "scope",
                                 "place", "span")),
        Column("value"), Column("weight", number),
        Column("n", matches(r"\d+", "a count")), Column("right", matches(r"\d+", "a count")))),
}

EXTENDABLE = tuple(name for name, table in TABLES.items() if table.extendable)


def row_problems(name: str, row: dict, lookup: Lookup) -> list[tuple[str, str]]:
    """(column, problem) for every value of `row` that breaks table `name`'s schema."""
    table = TABLES[name]
    found = []
    for col in table.columns:
        value = row.get(col.name, "")
        if not value:
            if col.required:
                found.append((col.name, "empty (a value is required)"))
            continue
        problem = col.check(value, lookup) if col.check else None
        if problem:
            found.append((col.name, problem))
    if not found:
        found = [p for p in (check(row) for check in table.row_checks) if p]
    return found
