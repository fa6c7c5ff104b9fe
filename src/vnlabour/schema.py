"""The one definition of the three output tables: column names, types and descriptions.

Everything that writes, validates or documents a table (dataset.py, datapackage.json, the
report notebooks) reads it from here, so a column is added or renamed in one place.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column: its name, Frictionless type, whether it may be empty, and what it means."""

    name: str
    type: str  # Frictionless Table Schema type: string, integer, number, boolean
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()


STATUSES = ("actual", "target")
QUALIFIERS = ("exact", "over", "under", "about", "nearly", "at_least", "at_most")
ADMIN_LEVELS = ("province", "district")
SCOPES = ("place", "subgroup", "national", "combined", "component", "channel", "flow",
          "subarea", "per_unit", "average", "local_line")
UNITS = ("persons", "households", "percent", "percentage_points", "vnd", "count")
PROVINCE_SOURCES = ("text", "district", "domain", "catalog", "unresolved")
REVIEWS = ("unreviewed", "accepted", "rejected", "edited", "added")
# the fields of a figure a researcher's correction may set (corrections.py); an edited one
# keeps the extracted value beside it in facts.csv as <field>_extracted
EDITABLE = ("indicator", "status", "year", "value", "unit", "qualifier", "province", "locality")
DOC_STATUSES = ("ok", "no_figures", "empty", "duplicate", "unreadable", "unsupported_encoding",
                "failed")

_PLACE = (
    Column("province", "string", "Pre-2025 province (one of 63), canonical name with diacritics, "
           "no 'tỉnh'/'thành phố' prefix; empty when the text does not tell."),
    Column("province_code", "string", "Official two-digit code of the pre-2025 province."),
    Column("province_2025", "string", "Province after the 2025-07-01 merger (one of 34)."),
    Column("locality", "string", "District, town or city the figure is about; empty for the "
           "whole province."),
    Column("admin_level", "string", "'province' or 'district'.", enum=ADMIN_LEVELS),
)

FACTS = (
    Column("fact_id", "string", "Stable id: document id and character offset of the figure.",
           required=True),
    Column("doc_id", "string", "Document the figure comes from (file stem).", required=True),
    *_PLACE,
    Column("indicator", "string", "Indicator code (see rules/indicators.csv). Figures that are "
           "not about the whole place carry a suffix: __subgroup, __national, __combined, "
           "__component, __channel (credited to one programme or loan), __flow (households "
           "leaving or entering poverty), __subarea (a commune or region), __per_unit, "
           "__average, __local_line (on the place's own poverty line).", required=True),
    Column("scope", "string", "place (whole population of the place), subgroup, national, "
           "combined (poor + near-poor), component (a part of a stated total), channel, flow, "
           "subarea, per_unit, average or local_line (see indicator).",
           required=True, enum=SCOPES),
    Column("status", "string", "'actual' (result, estimate) or 'target' (plan, goal).",
           required=True, enum=STATUSES),
    Column("year", "integer", "Calendar year the figure is about (end year of a period)."),
    Column("period_start", "integer", "First year when the text gives a multi-year period."),
    Column("months", "integer", "Months of the year a result covers when the text gives only "
           "part of a year (\"6 tháng đầu năm\": 6); empty for a whole year. Such figures "
           "stay out of the annual indicators."),
    Column("statistic", "string", "'annual_average' for a yearly average over a period "
           "(\"bình quân mỗi năm\"; indicator suffix __average), else empty. Averages stay out "
           "of the annual indicators."),
    Column("measure", "string", "For jobs: jobs_found (\"giải quyết việc làm\": every worker "
           "placed, work abroad included) or new_jobs (\"tạo việc làm mới\"); empty when the "
           "text does not say (rules/job_measures.csv)."),
    Column("value", "number", "Value in base units (persons, households, percent, ...).",
           required=True),
    Column("unit", "string", "Unit of value.", required=True, enum=UNITS),
    Column("qualifier", "string", "exact, over (trên/hơn), under (dưới), about (khoảng), "
           "nearly (gần), at_least (tối thiểu/từ ... trở lên), at_most.", required=True,
           enum=QUALIFIERS),
    Column("value_max", "number", "Upper end when the text gives a range."),
    Column("sentence", "string", "The source sentence, as in the normalised document text.",
           required=True),
    Column("char_start", "integer", "Start of the figure's span in the normalised text.",
           required=True),
    Column("char_end", "integer", "End (exclusive) of the figure's span in the normalised text.",
           required=True),
    Column("rule", "string", "Cue and rule that produced the figure (for review).",
           required=True),
    Column("confidence", "number", "How likely the reading is right, in [0, 1], from the "
           "deciding rule and the figure's context (confidence.py, calibrated on a hand-checked "
           "set; see the README); 1 for a figure a researcher added."),
    Column("review", "string", "A researcher's decision (data/annotations/corrections.csv): "
           "unreviewed, accepted, rejected (kept here, used by no indicator or report), edited "
           "or added.", required=True, enum=REVIEWS),
    *(Column(f"{name}_extracted", "integer" if name == "year" else
             "number" if name == "value" else "string",
             f"The extracted {name} when a correction edited it; empty otherwise.")
      for name in EDITABLE),
)

DOCUMENTS = (
    Column("doc_id", "string", "File stem.", required=True),
    Column("path", "string", "Path of the input file as given.", required=True),
    Column("sha256", "string", "SHA-256 of the raw file bytes."),
    Column("title", "string", "Title found in the text."),
    Column("published", "string", "Publication date (ISO) from the catalog or the text."),
    Column("url", "string", "Source URL from the catalog."),
    Column("province", "string", "Province the document is about (pre-2025)."),
    Column("province_code", "string", "Official two-digit code of that province."),
    Column("province_2025", "string", "Province after the 2025 merger."),
    Column("province_source", "string", "How the province was resolved.",
           enum=PROVINCE_SOURCES),
    Column("locality", "string", "District the document is mainly about, if any."),
    Column("encoding", "string", "Detected text encoding."),
    Column("n_facts", "integer", "Number of figures extracted.", required=True),
    Column("status", "string", "ok, no_figures, empty, duplicate, unreadable, "
           "unsupported_encoding or failed (an error of vnlabour on this file, or its extraction "
           "stopped past the time budget; see message).",
           required=True, enum=DOC_STATUSES),
    Column("message", "string", "What went wrong or what to check, for a human."),
)

INDICATORS = (
    *_PLACE,
    Column("indicator", "string", "Indicator code.", required=True),
    Column("status", "string", "'actual' or 'target'.", required=True, enum=STATUSES),
    Column("year", "integer", "Calendar year."),
    Column("measure", "string", "For jobs: jobs_found or new_jobs, kept apart (see facts)."),
    Column("value", "number", "Chosen value.", required=True),
    Column("unit", "string", "Unit of value.", required=True, enum=UNITS),
    Column("qualifier", "string", "Qualifier of the chosen value.", enum=QUALIFIERS),
    Column("value_max", "number", "Upper end of a range."),
    Column("n_sources", "integer", "Number of facts behind the value.", required=True),
    Column("conflict", "boolean", "True when the facts disagree beyond rounding.",
           required=True),
    Column("derived", "boolean", "True when computed (e.g. % of plan = actual / target), not "
           "stated in a text.", required=True),
    Column("fact_ids", "string", "Facts behind the value, ';'-separated."),
    Column("doc_ids", "string", "Documents behind the value, ';'-separated."),
)

TABLES = {"facts": FACTS, "documents": DOCUMENTS, "indicators": INDICATORS}


def column_names(table: str) -> list[str]:
    """Column order of `table` ('facts', 'documents' or 'indicators')."""
    return [c.name for c in TABLES[table]]
