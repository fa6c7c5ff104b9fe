"""Places: the 63 pre-2025 provinces (34 after 2025-07-01), their districts, provincial
newspapers, the place names an article mentions, and the province it is about.

  gazetteer.py   provinces, districts, aliases, codes, the 2025 merger, lookups by name
                 (rules/provinces.csv, districts.csv): all that reports need
  mentions.py    the places a text names and their role (find_mentions; a destination,
                 "(cũ)"/"(mới)", a commune) (rules/place_context.csv)
  resolution.py  the province and district a document is about, from its newspaper, its
                 portal address and the places it names (rules/newspapers.csv)

The data lives in rule tables so a researcher can add an alias, a newspaper or a context phrase
without touching this code.
"""
from importlib import import_module

from vnlabour.places.gazetteer import (
    MERGER_DATE, Province, UnknownProvince, _catalog, district_province, lookup_province,
    merged_name, provinces, provinces_2025, resolve_report_province, slug)

# What the text modules define, imported when first asked for: a report, which needs only the
# gazetteer, loads none of them (build.read_by_reports).
_LAZY = {name: "mentions" for name in ("DESTINATION_WINDOW", "Mention", "commune_starts",
                                       "era_marker", "find_mentions", "opens_clause")}
_LAZY.update({name: "resolution" for name in ("DATELINE_SPAN", "MIN_LEAD", "MIN_SCORE",
                                              "WEIGHTS", "Resolution", "portal_province",
                                              "resolve_document")})


def __getattr__(name: str):
    """A name of mentions.py or resolution.py, loaded on first use (PEP 562) and kept here,
    so that later uses cost a plain lookup."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    return value


__all__ = ["MERGER_DATE", "Province", "UnknownProvince", "_catalog", "district_province",
           "lookup_province", "merged_name", "provinces", "provinces_2025",
           "resolve_report_province", "slug", *_LAZY]
