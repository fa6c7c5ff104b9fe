"""The types of extraction: the input (Document, Place), what a step decides of a quantity
(Reading, Role, DROP), the output (Fact), and what one sentence tells the next (_Context).

A Fact keeps its Reading: later rules ask it whether a figure is a total, a share of plan, the
earlier level of a change ...; `Fact.rule` is the same reading as a provenance label for
facts.csv ("cue:tỷ lệ hộ nghèo/before+decrease") and is never parsed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


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
    # how the figure was read; code decides on this, never on `rule` (not a column)
    reading: Reading | None = field(default=None, repr=False, compare=False)


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


class Role(Enum):
    """What a reading is of the figure it qualifies (its parent), if any."""

    TOTAL = "total"            # a figure in its own right (also the count of a rate before it)
    PLAN_SHARE = "plan share"  # "…, đạt 117% kế hoạch": the share of plan of the figure before
    RATE = "rate"              # "241 hộ (1,96%)", "…, chiếm 3,2%": the rate of the count before
    DECREASE = "decrease"      # "3,51% (giảm 1,2%)": the fall of the level before
    TARGET = "target"          # "70,5% (kế hoạch 70%)": the plan of the figure before


# the roles as plain names, for the checks made for every figure (a member lookup on an Enum
# class costs five times a global's in Python 3.11)
_TOTAL, _PLAN_SHARE, _TARGET = Role.TOTAL, Role.PLAN_SHARE, Role.TARGET


@dataclass(slots=True)  # not frozen: frozen dataclasses are slower to create
class Reading:
    """What a quantity is: its indicator, the step that decided (indicator.STEPS) and what the
    later rules need to know of it. `rule` is the provenance label written to facts.csv; no
    code reads it back."""

    indicator: str
    rule: str
    parent: Fact | None = None   # the figure it qualifies: it shares its status, year, scope
    role: Role = Role.TOTAL
    plan_verb: str = ""          # of a share of plan, its verb: "vượt" (exceed) adds 100 to X < 100
    from_level: bool = False     # the earlier level of "giảm từ X xuống Y": the year before
    level_word: bool = False     # its cue needs a level word before it ("còn 5.123 hộ nghèo")
    aside_year: bool = False     # another year's level, in parentheses ("cuối năm 2023 (26,28%)")
    step: str = ""               # the name of the step that decided


class _Drop:
    """The type of DROP."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "DROP"


DROP = _Drop()   # a step's verdict: this quantity is no figure (no later step is asked)


def _base(indicator: str) -> str:
    """Indicator code without its scope suffix ("jobs_created__component" -> "jobs_created")."""
    return indicator.split("__")[0]


def _is_total(fact: Fact) -> bool:
    """A figure in its own right, not a share, rate, decrease or target of another one."""
    return fact.reading.role is _TOTAL
