"""Reader-facing names of the indicators, read from the indicator registry `rules/indicators.csv`.

An indicator is shown as its English label with the Vietnamese term beside it, e.g.
"Jobs created (giải quyết việc làm)". Codes that the table does not list (new indicators of
the extractor) get a label made from the code, so a report never fails on them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vnlabour.rule_schemas import INDICATOR_KINDS as KINDS
from vnlabour.tables import read_table

PLAN_SUFFIX = "_plan_pct"
SCOPE_SEPARATOR = "__"


@dataclass(frozen=True)
class Indicator:
    """One indicator: code, English and Vietnamese labels, unit, kind and whether it is core."""

    code: str
    label_en: str
    label_vi: str
    unit: str
    kind: str
    core: bool
    order: int

    @property
    def label(self) -> str:
        """'Jobs created (giải quyết việc làm)'."""
        return f"{self.label_en} ({self.label_vi})" if self.label_vi else self.label_en

    @property
    def base(self) -> str:
        """Code of the indicator a % of plan refers to (itself for other kinds)."""
        return base_code(self.code)


@lru_cache(maxsize=1)
def _table() -> dict[str, Indicator]:
    """The registry's indicators by code, in table order (rows the schema rejects are left
    out and reported by `vnlabour rules check`)."""
    return {row["code"]: Indicator(row["code"], row["label_en"], row["label_vi"], row["unit"],
                                   row["kind"], row["core"] == "1", i)
            for i, row in enumerate(read_table("indicators"))}


def base_code(code: str) -> str:
    """'jobs_created_plan_pct' -> 'jobs_created'; other codes unchanged."""
    return code[: -len(PLAN_SUFFIX)] if code.endswith(PLAN_SUFFIX) else code


def is_place_code(code: str) -> bool:
    """False for figures about a sub-group, the nation, or a part (codes with a '__' suffix)."""
    return SCOPE_SEPARATOR not in code


def indicator(code: str) -> Indicator:
    """The Indicator of `code`; unknown codes get a label made from the code."""
    table = _table()
    if code in table:
        return table[code]
    base, _, scope = code.partition(SCOPE_SEPARATOR)
    if base in table:
        known = table[base]
        return Indicator(code, f"{known.label_en} [{scope}]", known.label_vi, known.unit,
                         known.kind, False, len(table) + known.order)
    kind = "plan_pct" if code.endswith(PLAN_SUFFIX) else (
        "rate" if code.endswith("_rate") else "count")
    return Indicator(code, code.replace("_", " ").capitalize(), "", "", kind, False,
                     2 * len(table))


def label(code: str) -> str:
    """'Jobs created (giải quyết việc làm)'."""
    return indicator(code).label


def kind(code: str) -> str:
    """count, rate, plan_pct or change."""
    return indicator(code).kind


def core_codes() -> list[str]:
    """The core indicator codes, in table order."""
    return [c for c, i in _table().items() if i.core]


def order_key(code: str) -> tuple[int, str]:
    """Sort key that puts indicators in the table's order, unknown codes last."""
    return (indicator(code).order, code)
