"""The rule tables of rules/ compiled once into patterns and lookups (_Rules): cue phrases,
status, scope, plan and time words, parts of a year, statements, indicators and their links.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from vnlabour.extract.time import _YEAR
from vnlabour.patterns import lower_words
from vnlabour.tables import read_table


def _words(phrases) -> re.Pattern:
    """One pattern matching any of the phrases as whole words in lowercased text."""
    return re.compile(lower_words(phrases))


@dataclass(frozen=True)
class _Rules:
    cue: re.Pattern
    cues: dict            # (lowercase phrase, number unit) -> list of (indicator, side, needs)
    longest_cue: int      # length of the longest cue phrase: how far before its end one starts
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
        longest_cue=max((len(phrase) for phrase, _ in cues), default=0),
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
