"""Which pre-2025 provinces a report is about, and the 2025 geography (34 merged provinces).

Names come from `vnlabour.places` (one source of truth for the 63 + 34 provinces); this module
only adapts it to what the reports need.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

LEGACY = "legacy"
MERGED = "2025"
GEOGRAPHIES = (LEGACY, MERGED)


@dataclass(frozen=True)
class Scope:
    """The place a province report is about.

    `display` is the name the reader asked for (with diacritics); `provinces` are the pre-2025
    provinces it covers (one, or every province merged into a 2025 province); `province_2025`
    the 2025 province(s) they belong to.
    """

    display: str
    provinces: tuple[str, ...]
    province_2025: tuple[str, ...]

    @property
    def merged(self) -> bool:
        """True when the report covers several pre-2025 provinces (a 2025 name)."""
        return len(self.provinces) > 1

    @property
    def is_2025_name(self) -> bool:
        """True when the name asked for is a 2025 province that differs from a single old one."""
        return self.merged or (self.province_2025 == (self.display,)
                               and self.provinces != (self.display,))


def _name(p) -> str:
    return p if isinstance(p, str) else p.name


def resolve(name: str) -> Scope:
    """The Scope of a province name (pre-2025 or 2025); raises places.UnknownProvince."""
    from vnlabour import places

    display, provs = places.resolve_report_province(name)
    names = tuple(p.name for p in provs)
    p2025 = tuple(dict.fromkeys(p.name_2025 for p in provs if p.name_2025))
    return Scope(display, names, p2025)


@lru_cache(maxsize=1)
def merged_into() -> dict[str, str]:
    """Pre-2025 province name -> its 2025 province name (all 63)."""
    from vnlabour import places

    return {p.name: p.name_2025 for p in places.provinces()}


@lru_cache(maxsize=1)
def components() -> dict[str, tuple[str, ...]]:
    """2025 province name -> the pre-2025 provinces merged into it (all 34)."""
    out: dict[str, list[str]] = {}
    for old, new in merged_into().items():
        out.setdefault(new, []).append(old)
    return {k: tuple(v) for k, v in out.items()}


def slug(name: str) -> str:
    """Deterministic file-name slug of a province name ('Hà Giang' -> 'ha-giang')."""
    from vnlabour import places

    return places.slug(name)


LOCALITY_WORDS = {"huyện": "district", "thành phố": "city", "thị xã": "town",
                  "quận": "urban district"}


@lru_cache(maxsize=None)
def locality_name(province: str, locality: str) -> str:
    """'Hải Hà district', 'Bắc Kạn city': a district, town or city with its kind in English
    (rules/districts.csv), or the name with 'district' when the table does not list it."""
    from vnlabour.tables import read_table

    kinds = {(r["province"], r["district"]): r["type"] for r in read_table("districts")}
    return f"{locality} {LOCALITY_WORDS.get(kinds.get((province, locality), ''), 'district')}"
