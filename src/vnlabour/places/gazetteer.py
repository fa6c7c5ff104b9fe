"""The gazetteer: the 63 pre-2025 provinces (34 after 2025-07-01), their aliases and codes,
their districts, and lookups by name (rules/provinces.csv, districts.csv). Reports need only
this module.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from vnlabour.tables import read_table
from vnlabour.text import normalise


@dataclass(frozen=True)
class Province:
    """A pre-2025 province and the 2025 province it became part of."""

    name: str
    code: str
    name_2025: str
    code_2025: str


class UnknownProvince(ValueError):
    """A province name that matches none of the 63 (or 34) provinces, with a suggestion."""


@dataclass(frozen=True)
class _Catalog:
    """Provinces and districts indexed for lookups (built once from the rule tables)."""

    provinces: tuple[Province, ...]
    by_name: dict[str, Province]
    by_key: dict[str, Province]  # _key(name or alias) -> province
    cities: frozenset[str]  # centrally-run cities: "thành phố X" is the province
    aliases: dict[str, tuple[str, ...]]  # province name -> its aliases
    district_provinces: dict[str, tuple[str, ...]]  # district name -> provinces having one
    district_lower: dict[str, str]  # lower-case name -> district name
    district_keys: dict[str, tuple[str, ...]]  # _key(name, None) -> district names
    district_types: dict[tuple[str, str], str]  # (province, district) -> huyện/quận/...


def _ascii(text: str) -> str:
    """`text` without diacritics ("Đắk Lắk" -> "Dak Lak"), for tolerant comparisons."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


# Prefix words, matched on the lower-case diacritic-free form ("tp.hcm", "huyen hai ha").
_PROVINCE_WORD = re.compile(r"^(?:tinh\s+|thanh\s+pho\s+|t\.?\s?p\.?\s*)")
_DISTRICT_WORD = re.compile(r"^(?:(?:huyen|quan|thi\s+xa|thanh\s+pho)\s+|t\.?\s?[px]\.?\s*)")


def _spaced(name: str) -> str:
    """Lower-case, diacritic-free, single-spaced form: the basis of keys and suggestions."""
    return " ".join(_ascii(normalise(name)).lower().split())


def _key(name: str, prefix: re.Pattern | None = _PROVINCE_WORD) -> str:
    """Comparison key without the `prefix` word, case, diacritics, spaces or punctuation
    ("TP.HCM" -> "hcm", "Khánh Hoà" -> "khanhhoa")."""
    spaced = _spaced(name)
    return re.sub(r"[^a-z0-9]", "", prefix.sub("", spaced) if prefix else spaced)


def _group_by_key(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Diacritic-free key -> the names that share it ("Phú Mỹ" and "Phù Mỹ" do)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[_key(name, None)].append(name)
    return {k: tuple(v) for k, v in groups.items()}


@lru_cache(maxsize=None)
def _catalog() -> _Catalog:
    """Read provinces.csv and districts.csv into lookup tables."""
    rows = sorted(read_table("provinces"), key=lambda r: r["code"])
    provinces = tuple(Province(r["name"], r["code"], r["name_2025"], r["code_2025"])
                      for r in rows)
    aliases = {r["name"]: tuple(a.strip() for a in r["aliases"].split("|") if a.strip())
               for r in rows}
    by_key = {}
    for p in provinces:
        for spelling in (p.name, *aliases[p.name]):
            by_key[_key(spelling)] = p
    district_provinces: dict[str, list[str]] = defaultdict(list)
    district_types = {}
    for r in read_table("districts"):
        if r["province"] not in district_provinces[r["district"]]:
            district_provinces[r["district"]].append(r["province"])
        district_types.setdefault((r["province"], r["district"]), r["type"])
    return _Catalog(
        provinces=provinces, by_name={p.name: p for p in provinces}, by_key=by_key,
        cities=frozenset(r["name"] for r in rows if r["type"] == "thành phố"), aliases=aliases,
        district_provinces={d: tuple(ps) for d, ps in district_provinces.items()},
        district_lower={d.lower(): d for d in district_provinces},
        district_keys=_group_by_key(district_provinces),
        district_types=district_types)


def provinces() -> list[Province]:
    """The 63 pre-2025 provinces, ordered by official code."""
    return list(_catalog().provinces)


def provinces_2025() -> dict[str, list[Province]]:
    """Each of the 34 provinces from 2025-07-01 (ordered by code) -> the legacy ones it covers."""
    merged: dict[str, list[Province]] = {}
    for p in sorted(_catalog().provinces, key=lambda p: (p.code_2025, p.code)):
        merged.setdefault(p.name_2025, []).append(p)
    return merged


MERGER_DATE = "2025-07-01"   # 63 provinces became 34


def merged_name(province: Province, published: str) -> bool:
    """Whether, in a text published on `published` (ISO date), the province's name names the
    merged 2025 province rather than the one before: after the merger, "tỉnh Ninh Bình" is
    Hà Nam, Nam Định and Ninh Bình together (a province whose name was dropped, or one that
    was not merged, is itself)."""
    return published >= MERGER_DATE and province.name == province.name_2025 \
        and len(provinces_2025()[province.name_2025]) > 1


def lookup_province(name: str) -> Province | None:
    """The legacy province called `name`, tolerating a prefix ("tỉnh ", "TP. "), case, NFD or
    old-style tone marks, missing diacritics ("ha giang") and aliases ("TP.HCM", "Huế")."""
    if not name or not name.strip():
        return None
    return _catalog().by_key.get(_key(name))


def _suggestion(name: str) -> str:
    """The province (legacy or 2025) name closest to `name` without diacritics, or ''."""
    cat = _catalog()
    spellings = {_spaced(p.name): p.name for p in cat.provinces}
    spellings.update({_spaced(p.name_2025): p.name_2025 for p in cat.provinces})
    spellings.update({_spaced(a): p for p, names in cat.aliases.items() for a in names})
    close = difflib.get_close_matches(_spaced(name), list(spellings), n=1, cutoff=0.6)
    return spellings[close[0]] if close else ""


def _unknown(name: str) -> UnknownProvince:
    """The error for an unknown province name, with a 'did you mean' when one is close."""
    guess = _suggestion(name)
    hint = f"; did you mean '{guess}'?" if guess else ""
    return UnknownProvince(f"unknown province '{name}'{hint}")


def resolve_report_province(name: str) -> tuple[str, list[Province]]:
    """(display name, legacy provinces covered) for a report on `name`.

    A name of one of the 34 provinces from 2025-07-01 covers all the legacy provinces merged
    into it ("Tuyên Quang" -> Hà Giang and Tuyên Quang), also when spelt as an alias of its
    namesake ("TP.HCM"); any other legacy name ("Hà Giang", "Thừa Thiên Huế") covers itself.
    Raises UnknownProvince with a suggestion otherwise.
    """
    merged = provinces_2025()
    by_key_2025 = {_key(new): new for new in merged}
    new = by_key_2025.get(_key(name)) if name and name.strip() else None
    legacy = lookup_province(name)
    if new is None and legacy is not None and legacy.name == legacy.name_2025:
        new = legacy.name_2025
    if new is not None:
        return new, merged[new]
    if legacy is not None:
        return legacy.name, [legacy]
    raise _unknown(name)


def district_province(district: str, province_hint: str | None = None) -> Province | None:
    """The province of a district given by its short name ("Hải Hà" -> Quảng Ninh).

    Several provinces have a district of the same name ("Châu Thành"): then `province_hint`
    (any spelling lookup_province accepts) picks one, and without it the answer is None.
    """
    cat = _catalog()
    candidates = _district_candidates(district or "")
    if len(candidates) > 1:
        hint = lookup_province(province_hint or "")
        return hint if hint is not None and hint.name in candidates else None
    return cat.by_name[candidates[0]] if candidates else None


def _district_candidates(district: str) -> tuple[str, ...]:
    """Provinces that may have the district `district`, written with or without a prefix,
    in any case, with or without diacritics (exact spelling first: "Phú Mỹ" is not "Phù Mỹ";
    the name as given before the name without prefix: "Quan Sơn" and "Quận 1" start with a
    word that is also a prefix)."""
    cat = _catalog()
    given = " ".join(normalise(district).split())
    prefix = _DISTRICT_WORD.match(_ascii(given).lower())
    forms = (given, given[prefix.end():]) if prefix else (given,)
    for form in forms:
        if form.lower() in cat.district_lower:
            return cat.district_provinces[cat.district_lower[form.lower()]]
    for form in forms:
        names = cat.district_keys.get(_key(form, None), ())
        if names:
            return tuple(dict.fromkeys(p for n in names for p in cat.district_provinces[n]))
    return ()


def slug(name: str) -> str:
    """File-name-safe slug: "Hà Giang" -> "ha-giang"; only [a-z0-9-], never empty."""
    text = re.sub(r"[^a-z0-9]+", "-", _ascii(normalise(name or "")).lower()).strip("-")
    return text or "unknown"
