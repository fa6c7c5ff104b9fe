"""Tables the reports show, computed from the dataset (no plotting, no HTML here).

Every function takes the typed tables of `vnlabour.dataset` (through `Data`) and returns a
pandas DataFrame of display strings, or a list of plain-text notes; `vnlabour.report.province`
and `.comparison` turn them into escaped HTML. The build uses `figure_count` to count the
figures of a report without executing it.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from vnlabour import schema
from vnlabour.files import sha256_file
from vnlabour.report import fmt, labels, marks
from vnlabour.report.scope import LEGACY, MERGED, components, locality_name, merged_into

PROVINCE, DISTRICT = "province", "district"
DISTRICT_LEVEL = "district-level"  # how coverage labels a district's row


def clean(df: pd.DataFrame | None, table: str) -> pd.DataFrame:
    """A copy of `df` with every schema column present: text '' when missing, booleans False,
    integers Int64, numbers float."""
    df = pd.DataFrame() if df is None else df.copy()
    n = len(df)
    for col in schema.TABLES[table]:
        if col.name not in df.columns:
            df[col.name] = pd.Series([pd.NA] * n, index=df.index, dtype="object")
        s = df[col.name]
        if col.type == "string":
            df[col.name] = s.astype("object").where(s.notna(), "").astype(str).str.strip()
        elif col.type == "boolean":
            df[col.name] = s.map(_truthy).astype(bool)
        elif col.type == "integer":
            df[col.name] = pd.to_numeric(s, errors="coerce").astype("Int64")
        else:
            df[col.name] = pd.to_numeric(s, errors="coerce").astype(float)
    return df.reset_index(drop=True)


def _truthy(v) -> bool:
    if fmt.is_missing(v):
        return False
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    return bool(v)


class Data:
    """The three tables, cleaned once for the report functions."""

    def __init__(self, dataset) -> None:
        facts = clean(getattr(dataset, "facts", None), "facts")
        self.facts = facts[facts["review"] != "rejected"].reset_index(drop=True)
        self.documents = clean(getattr(dataset, "documents", None), "documents")
        ind = clean(getattr(dataset, "indicators", None), "indicators")
        is_district = (ind["admin_level"] == DISTRICT) | (ind["locality"] != "")
        ind["level"] = is_district.map({True: DISTRICT, False: PROVINCE})
        ind["place_scope"] = ind["indicator"].map(labels.is_place_code).astype(bool)
        missing = (ind["province_2025"] == "") & (ind["province"] != "")
        if missing.any():
            fill = ind["province"].map(merged_into()).fillna("")
            ind["province_2025"] = ind["province_2025"].where(~missing, fill)
        ind["href"], ind["hover"], ind["computed"] = marks.value_links(
            ind[["fact_ids", "value", "derived", "conflict"]].to_dict("records"),
            self.facts_by_id) if len(ind) else ([], [], [])
        ind["computed"] = ind["computed"].astype(bool)
        self.indicators = ind

    @classmethod
    def coerce(cls, dataset) -> "Data":
        """`dataset` itself when it is already a Data, else a Data built from it."""
        return dataset if isinstance(dataset, Data) else cls(dataset)

    @functools.cached_property
    def facts_by_id(self) -> dict[str, dict]:
        """fact_id -> the fact (its first row when an id repeats), as a dict."""
        facts = self.facts.drop_duplicates("fact_id")
        return dict(zip(facts["fact_id"], facts.to_dict("records")))

    @functools.cached_property
    def documents_by_id(self) -> dict[str, dict]:
        """doc_id -> the document (its first row when an id repeats), as a dict."""
        docs = self.documents.drop_duplicates("doc_id")
        return dict(zip(docs["doc_id"], docs.to_dict("records")))

    def rows(self, provinces: Sequence[str] | None = None, *, level: str | None = PROVINCE,
             years: Iterable[int] | None = None, place_only: bool = True) -> pd.DataFrame:
        """Indicator values, filtered by province names, admin level, years and scope."""
        ind = self.indicators
        mask = ind["province"] != ""
        if provinces is not None:
            mask &= ind["province"].isin(list(provinces))
        if level is not None:
            mask &= ind["level"] == level
        if years is not None:
            mask &= ind["year"].isin([int(y) for y in years]).fillna(False).astype(bool)
        if place_only:
            mask &= ind["place_scope"]
        return ind[mask]

    def provinces_with_figures(self) -> list[str]:
        """Pre-2025 provinces with at least one value (any level), sorted by name."""
        names = self.indicators.loc[self.indicators["province"] != "", "province"].unique()
        return sorted(names, key=sort_key)

    def years(self) -> list[int]:
        """Years with values, ascending."""
        return sorted(int(y) for y in self.indicators["year"].dropna().unique())


def load(data_dir: Path | str) -> Data:
    """The dataset of `data_dir` (`vnlabour.dataset.load`) as a Data, cached in this process
    by the content of its tables: a warm kernel that builds one report after another reads
    and cleans the dataset once, and again only when a table changed. Report code never
    modifies a Data (pandas copies on write), so the reports cannot affect one another."""
    data_dir = Path(data_dir).resolve()
    key = tuple(sha256_file(data_dir / f"{name}.csv") if (data_dir / f"{name}.csv").exists()
                else "" for name in schema.TABLES)
    return _load(data_dir, key)


@functools.lru_cache(maxsize=1)
def _load(data_dir: Path, key: tuple[str, ...]) -> Data:
    """The Data of `data_dir` whose tables have the sha256 digests `key`."""
    from vnlabour.dataset import load as load_tables

    return Data(load_tables(data_dir))


@functools.lru_cache(maxsize=None)
def sort_key(name: str) -> tuple:
    """Vietnamese-friendly sort key (base letters first, then diacritics)."""
    import unicodedata

    base = "".join(c for c in unicodedata.normalize("NFD", name.replace("Đ", "D").replace(
        "đ", "d")) if not unicodedata.combining(c))
    return (base.casefold(), name)


def cell(row) -> str:
    """A value as shown in a table cell, with its qualifier mark and derived/conflict marks."""
    return _cell_text(row["value"], row["unit"], row["qualifier"], row["value_max"],
                      row.get("derived", False), row.get("conflict", False),
                      row.get("computed", False))


def cells(df: pd.DataFrame) -> list[str]:
    """`cell` of every row of `df`, in order (without building a Series per row)."""
    flags = [df[c] if c in df.columns else [False] * len(df)
             for c in ("derived", "conflict", "computed")]
    return [_cell_text(*r) for r in zip(df["value"], df["unit"], df["qualifier"],
                                        df["value_max"], *flags)]


def _cell_text(value, unit, qualifier, value_max, derived, conflict, computed=False) -> str:
    text = fmt.value(value, unit, qualifier, value_max)
    if computed:
        text += marks.COMPUTED_MARK
    if derived:
        text += fmt.DERIVED_MARK
    if conflict:
        text += fmt.CONFLICT_MARK
    return text


def _year_text(y) -> str:
    return "" if fmt.is_missing(y) else str(int(y))


def key_figures(rows: pd.DataFrame, place_columns: dict[str, str] | None = None) -> pd.DataFrame:
    """Indicator × year table: Actual, Target, % of plan and Unit as display strings.

    `place_columns` maps columns of `rows` to headings (e.g. {'province': 'Province'}) that
    come first when a table covers several places. A '% of plan' indicator
    ('jobs_created_plan_pct') fills the '% of plan' column of its base indicator's row.
    In each row (place, indicator, year) a column shows the first value of `rows` with that
    status; '% of plan' the first actual one, else the first target.
    """
    place_columns = place_columns or {}
    cols = [*place_columns.values(), "Indicator", "Year", "Actual", "Target", "% of plan", "Unit"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    keys = [*place_columns, "base", "measure", "y"]  # unlike measures of jobs kept apart
    df = rows.assign(base=rows["indicator"].map(labels.base_code),
                     is_plan=rows["indicator"].str.endswith(labels.PLAN_SUFFIX),
                     y=rows["year"].fillna(-1).astype(int), text=cells(rows))
    plain, plan = df[~df["is_plan"]], df[df["is_plan"]].sort_values("status", kind="stable")
    by_column = {"Actual": plain[plain["status"] == "actual"],
                 "Target": plain[plain["status"] == "target"], "% of plan": plan}
    shown = {col: {f: _first_by(part, keys, f) if f in part.columns else {}
                   for f in ("text", "href", "hover")} for col, part in by_column.items()}
    unit = _first_by(plain, keys, "unit")
    groups = df.drop_duplicates(keys)
    out = []
    for key, year in zip(zip(*(groups[k] for k in keys)), groups["year"]):
        *place, base, measure, y = key
        rec = dict(zip(place_columns.values(), place))
        rec.update({
            "Indicator": measure_label(base, measure), "Year": _year_text(year),
            **{col: got["text"].get(key, "") for col, got in shown.items()},
            **{f"_{f}:{col}": got[f].get(key, "") for col, got in shown.items()
               for f in ("href", "hover")},
            "Unit": fmt.unit_word(unit.get(key, labels.indicator(base).unit) or ""),
            "_order": (*[sort_key(str(p)) for p in place], labels.order_key(base), measure,
                       y),
        })
        out.append(rec)
    out.sort(key=lambda r: r["_order"])
    links = [f"_{f}:{c}" for c in shown for f in ("href", "hover")]
    return pd.DataFrame(out, columns=[*cols, *links])


MEASURES = {"jobs_found": "jobs found", "new_jobs": "new jobs"}


def measure_label(code: str, measure: str) -> str:
    """An indicator's label, with the measure of jobs when the text gives one: 'Jobs created
    (giải quyết việc làm): new jobs'."""
    return labels.label(code) + (f": {MEASURES.get(measure, measure)}" if measure else "")


def _first_by(df: pd.DataFrame, keys: list[str], column: str) -> dict[tuple, object]:
    """Tuple of the `keys` columns -> `column` of the first row of `df` with those keys."""
    first = df.drop_duplicates(keys)
    return dict(zip(zip(*(first[k] for k in keys)), first[column]))


def ranks(data: Data, provinces: Sequence[str], years: Iterable[int] | None = None,
          min_provinces: int = 2) -> pd.DataFrame:
    """Where each province ranks among the provinces with a province-level actual value of
    the same indicator and year (1 = highest value; ties share a rank). Indicators stated
    for fewer than `min_provinces` provinces are left out (nothing to compare with)."""
    cols = ["Province", "Indicator", "Year", "Value", "Rank", "Provinces with data"]
    allrows = data.rows(None, years=years)
    allrows = allrows[(allrows["status"] == "actual") & allrows["year"].notna()]
    keys = ["indicator", "measure", "year"]  # jobs found and new jobs are not ranked together
    allrows = allrows.drop_duplicates([*keys, "province"])  # a province's first value counts
    n = allrows.groupby(keys)["province"].transform("size")
    allrows = allrows[n >= min_provinces].assign(n=n)
    allrows = allrows.assign(rank=allrows.groupby(keys)["value"].rank(ascending=False,
                                                                      method="min"))
    own = allrows[allrows["province"].isin(list(provinces))]
    if own.empty:
        return pd.DataFrame(columns=cols)
    with_own = allrows.merge(own[keys].drop_duplicates(), on=keys)
    names = {key: ", ".join(sorted(g, key=sort_key))
             for key, g in with_own.groupby(keys)["province"]}
    out = [{"Province": prov, "Indicator": measure_label(code, measure),
            "Year": str(int(year)), "Value": text, "Rank": f"{int(rank)} of {n}",
            "Provinces with data": names[(code, measure, year)], "_href:Value": href,
            "_hover:Value": hover,
            "_order": (sort_key(prov), labels.order_key(code), measure, int(year))}
           for prov, code, measure, year, text, rank, n, href, hover in zip(
               own["province"], own["indicator"], own["measure"], own["year"], cells(own),
               own["rank"], own["n"], own["href"], own["hover"])]
    out.sort(key=lambda r: r["_order"])
    return pd.DataFrame(out, columns=[*cols, "_href:Value", "_hover:Value"])


def _place_text(row, with_province: bool) -> str:
    if row["locality"]:
        return f"{row['locality']} (district)" + (f", {row['province']}" if with_province
                                                  else "")
    return row["province"] or "(province unknown)"


def provenance(data: Data, provinces: Sequence[str], years: Iterable[int] | None = None,
               facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per stated figure of the provinces (or per row of `facts`): figure, place,
    time, value (marked when a researcher reviewed it), quote, document, URL."""
    cols = ["Figure", "Place", "Year", "Status", "Value", "Quote", "Document", "URL",
            "_href:Value", "_hover:Value", "_href:Document"]
    f = data.facts if facts is None else facts
    if facts is None:
        mask = (f["province"].isin(list(provinces)) & f["indicator"].map(labels.is_place_code)
                & f["scope"].isin(["", "place"]))
        if years is not None:
            mask &= f["year"].isin([int(y) for y in years]).fillna(False).astype(bool)
        f = f[mask.astype(bool)]
    if f.empty:
        return pd.DataFrame(columns=cols)
    docs = data.documents_by_id
    out = []
    for row in f.to_dict("records"):
        doc = docs.get(row["doc_id"])
        title = (doc["title"] if doc is not None else "") or ""
        reason = marks.computed_reason(row)
        out.append({
            "Figure": labels.label(row["indicator"]),
            "Place": _place_text(row, len(provinces) > 1),
            "Year": marks.fact_time(row),
            "Status": row["status"],
            "Value": marks.reviewed(fmt.value(row["value"], row["unit"], row["qualifier"],
                                              row["value_max"], with_unit=True)
                                    + (marks.COMPUTED_MARK if reason else ""), row["review"]),
            "Quote": row["sentence"],
            "Document": f"{title} [{row['doc_id']}]" if title else row["doc_id"],
            "URL": (doc["url"] if doc is not None else "") or "",
            "_href:Value": marks.fact_href(row),
            "_hover:Value": " | ".join(filter(None, [marks.review_hover(row), reason,
                                                     marks.reading(row)])),
            "_href:Document": marks.article_href(row["doc_id"]),
            "_order": (row["locality"] != "", sort_key(row["province"]),
                       sort_key(row["locality"]), labels.order_key(row["indicator"]),
                       -1 if fmt.is_missing(row["year"]) else int(row["year"]),
                       row["status"], int(row["char_start"]) if fmt.finite(row["char_start"])
                       else 0),
        })
    out.sort(key=lambda r: r["_order"])
    return pd.DataFrame(out, columns=cols)


def _fact_values(data: Data, fact_ids: str) -> list[str]:
    """'30,500 (doc_id)' for each of the ';'-separated facts that the dataset has."""
    facts = data.facts_by_id
    return [f"{fmt.value(r['value'], r['unit'], r['qualifier'], r['value_max'])} "
            f"({r['doc_id']})" for r in (facts.get(i) for i in fact_ids.split(";") if i)
            if r is not None]


def _where(row) -> str:
    place = f"{row['locality']} (district-level, {row['province']})" if row["locality"] \
        else row["province"]
    return f"{place} {_year_text(row['year'])} ({row['status']})".replace("  ", " ")


def unresolved_documents(data: Data) -> pd.DataFrame:
    """Documents whose province could not be resolved (their figures are in no report)."""
    d = data.documents
    return d[(d["province_source"] == "unresolved") | (d["province"] == "")]


def data_notes(data: Data, provinces: Sequence[str], years: Iterable[int] | None = None
               ) -> list[str]:
    """Plain-text notes for a province report: conflicts, derived figures, figures kept out
    of the totals, district-level figures, unresolved documents."""
    rows = data.rows(provinces, level=None, years=years, place_only=False)
    notes = []
    for r in rows[rows["conflict"]].to_dict("records"):
        values = _fact_values(data, r["fact_ids"])
        notes.append(f"Conflict: {labels.label(r['indicator'])}, {_where(r)}: the sources "
                     f"disagree ({'; '.join(values) or 'values not listed'}); the tables show "
                     f"{fmt.value(r['value'], r['unit'], r['qualifier'], r['value_max'])} "
                     f"and mark it {fmt.CONFLICT_MARK}.")
    for r in rows[rows["derived"]].to_dict("records"):
        notes.append(f"Derived: {labels.label(r['indicator'])}, {_where(r)}: "
                     f"{fmt.value(r['value'], r['unit'], r['qualifier'], r['value_max'])} is "
                     f"computed from other figures (e.g. actual ÷ target), not stated in a "
                     f"text; marked {fmt.DERIVED_MARK}.")
    other = rows[~rows["place_scope"]]
    if len(other):
        kinds = sorted({c.partition(labels.SCOPE_SEPARATOR)[2] for c in other["indicator"]})
        notes.append(f"{len(other)} figure(s) about a sub-group, the whole country or a part "
                     f"({', '.join(kinds)}) are kept out of the province tables.")
    districts = rows[(rows["level"] == DISTRICT) & rows["place_scope"]]
    if len(districts):
        names = sorted({f"{r.locality} ({r.province})" for r in districts.itertuples()},
                       key=sort_key)
        notes.append(f"{len(districts)} district-level figure(s) ({', '.join(names)}) are "
                     "shown in their own section and never added into province totals.")
    unresolved = unresolved_documents(data)
    if len(unresolved):
        with_figs = unresolved[unresolved["n_facts"].fillna(0) > 0]
        listed = "; ".join(f"{r.doc_id}" + (f" “{r.title}”" if r.title else "")
                           + f" ({int(r.n_facts)} figures)" for r in with_figs.itertuples())
        notes.append(f"Unresolved documents: {len(unresolved)} document(s) of the corpus could "
                     f"not be attributed to a province; {len(with_figs)} of them state figures, "
                     "which are therefore in no province report"
                     + (f": {listed}." if listed else "."))
    return notes


def figure_count(data: Data, provinces: Sequence[str], years: Iterable[int] | None = None
                 ) -> int:
    """Number of values (figures) a province report shows: province and district level."""
    return int(len(data.rows(provinces, level=None, years=years)))


# ----------------------------------------------------------------------------- comparison

AREA_COLUMNS = ["area", "label", "components", "indicator", "status", "year", "value", "unit",
                "qualifier", "value_max", "conflict", "derived", "n_sources", "note", "href",
                "hover", "computed", "measure"]


def default_year(data: Data, indicators: Sequence[str] | None = None) -> int | None:
    """The latest year with a province-level actual value (of `indicators` when given); else
    the latest year with any value; None for an empty dataset."""
    rows = data.rows(None)
    if indicators is not None:
        codes = set(indicators) | {c + labels.PLAN_SUFFIX for c in indicators}
        rows = rows[rows["indicator"].isin(codes)]
    actual = rows[(rows["status"] == "actual")]["year"].dropna()
    if len(actual):
        return int(actual.max())
    years = rows["year"].dropna()
    return int(years.max()) if len(years) else None


def _combine_qualifiers(qs: Iterable[str]) -> str:
    qs = {q or "exact" for q in qs} - {"exact"}
    if not qs:
        return "exact"
    if qs <= {"over", "at_least"}:
        return "at_least" if qs == {"at_least"} else "over"
    if qs <= {"under", "at_most"}:
        return "at_most" if qs == {"at_most"} else "under"
    return "about"


def area_values(data: Data, geography: str = LEGACY, years: Iterable[int] | None = None
                ) -> tuple[pd.DataFrame, list[str]]:
    """Province-level values per area of a geography, and notes on how they were combined.

    `legacy`: the 63 provinces as reported. `2025`: the 34 merged provinces; a count is the
    sum of the merged provinces only when every one of them reports it for the year (else
    its parts are listed in a note, never summed), rates, changes and % of plan are never
    combined: they are kept only for a 2025 province that is a single pre-2025 province, and
    % of plan is recomputed from summed actual and target (marked derived).
    """
    if geography not in (LEGACY, MERGED):
        raise ValueError(f"geography must be {LEGACY!r} or {MERGED!r}, not {geography!r}")
    rows = data.rows(None, years=years)
    notes: list[str] = []
    if geography == LEGACY:
        df = pd.DataFrame({
            "area": rows["province"], "label": rows["province"], "components": rows["province"],
            "indicator": rows["indicator"], "status": rows["status"], "year": rows["year"],
            "value": rows["value"], "unit": rows["unit"], "qualifier": rows["qualifier"],
            "value_max": rows["value_max"], "conflict": rows["conflict"],
            "derived": rows["derived"], "n_sources": rows["n_sources"], "note": "",
            "href": rows["href"], "hover": rows["hover"], "computed": rows["computed"],
            "measure": rows["measure"],
        }, columns=AREA_COLUMNS)
        return df.reset_index(drop=True), notes
    comps = components()
    out, not_combined = _merged_values(rows, comps)
    df = pd.DataFrame(out, columns=AREA_COLUMNS)
    extra = _merged_plan_shares(out, comps)
    if extra:
        df = pd.concat([df, pd.DataFrame(extra, columns=AREA_COLUMNS)], ignore_index=True)
    if len(df):
        df["conflict"] = df["conflict"].astype(bool)
        df["derived"] = df["derived"].astype(bool)
    if not_combined:
        parts = {}
        for *_, year_text, status, code, prov, text, p25, _, _ in sorted(not_combined):
            parts.setdefault(code, []).append(
                f"{p25}: former {prov} {text} ({year_text}"
                f"{', target' if status == 'target' else ''})")
        notes.append("Shown as parts, not combined: rates, changes and % of plan of merged "
                     "provinces (combining them would need weights the articles do not give) "
                     "and counts that not every former province reports for the year (a sum "
                     "of some would read as the whole): " + "; ".join(
                         f"{labels.label(c)}: {', '.join(v)}" for c, v in parts.items()) + ".")
    if len(df) and (df["note"] != "").any():
        notes.append("A count of a merged province is the sum of all its former provinces, "
                     "each of which reports it for the year.")
    return df.reset_index(drop=True), notes


def merged_parts(data: Data, years: Iterable[int] | None = None) -> pd.DataFrame:
    """The values of former provinces that a 2025 province does not combine (rates of
    merged provinces, counts not every former province reports), one row each, linked."""
    _, parts = _merged_values(data.rows(None, years=years), components())
    return pd.DataFrame([
        {"2025 province": p25, "Former province": prov, "Indicator": labels.label(code),
         "Year": year, "Status": status, "Value": text, "_href:Value": href,
         "_hover:Value": hover}
        for *_, year, status, code, prov, text, p25, href, hover in sorted(parts)],
        columns=["2025 province", "Former province", "Indicator", "Year", "Status", "Value",
                 "_href:Value", "_hover:Value"])


def _merged_values(rows: pd.DataFrame, comps: dict[str, tuple[str, ...]]
                   ) -> tuple[list[dict], list[tuple]]:
    """The 2025 values of `rows` (see area_values), one per (2025 province, indicator,
    status, year) in order of appearance, and the sort keys and texts of the pre-2025 rates
    that are not combined. Each group counts the first row of each province."""
    groups: dict[tuple, dict[str, dict]] = {}
    for r in rows.to_dict("records"):
        key = (r["province_2025"], r["indicator"], r["status"], r["year"], r["measure"])
        groups.setdefault(key, {}).setdefault(r["province"], r)
    out, not_combined = [], []
    for (p25, code, status, year, measure), by_province in groups.items():
        g = list(by_province.values())
        members = comps.get(p25, tuple(by_province))
        have = sorted(by_province, key=sort_key)
        base = {"area": p25, "indicator": code, "status": status, "year": year,
                "measure": measure,
                "unit": g[0]["unit"], "conflict": any(r["conflict"] for r in g),
                "n_sources": sum(1 if fmt.is_missing(r["n_sources"]) else int(r["n_sources"])
                                 for r in g),
                "href": g[0]["href"], "hover": g[0]["hover"], "computed": g[0]["computed"]}
        if labels.kind(code) == "count" and len(have) == len(members):
            out.append({**base, **_summed(g, p25, have)})
        elif len(members) == 1:
            r = g[0]
            out.append({**base, "label": p25, "components": r["province"], "value": r["value"],
                        "qualifier": r["qualifier"], "value_max": r["value_max"],
                        "derived": bool(r["derived"]), "note": ""})
        else:
            not_combined += [(labels.order_key(code), sort_key(p25), sort_key(r["province"]),
                              _year_text(year), status, code, r["province"], cell(r), p25,
                              r["href"], r["hover"]) for r in g]
    return out, not_combined


def _summed(g: list[dict], p25: str, have: list[str]) -> dict:
    """A count of a 2025 province: the sum of the rows `g` of all its merged provinces
    (`have`, every one of which reports it)."""
    note = f"sum of {', '.join(have)}" if len(have) > 1 else ""
    values = [r["value"] for r in g]
    highs = [r["value"] if fmt.is_missing(r["value_max"]) else r["value_max"] for r in g]
    return {"label": p25,
            "hover": f"{note}; the link opens {have[0]}'s source" if note else g[0]["hover"],
            "computed": False,
            "components": ", ".join(have), "value": _sum(values),
            "qualifier": _combine_qualifiers(r["qualifier"] for r in g),
            "value_max": _sum(highs) if any(not fmt.is_missing(r["value_max"]) for r in g)
            else None,
            "derived": any(r["derived"] for r in g) or len(have) > 1, "note": note}


def _sum(values: list) -> float:
    """The sum of the values that are not missing (0.0 when none is), as pandas sums."""
    return float(sum(v for v in values if not fmt.is_missing(v)))


def _merged_plan_shares(out: list[dict], comps: dict[str, tuple[str, ...]]) -> list[dict]:
    """% of plan of merged provinces: summed actual over summed target of the same provinces
    (for each area of several provinces, count indicator and year with both)."""
    groups: dict[tuple, dict[str, dict]] = {}  # (area, indicator, year) -> status -> row
    for r in out:
        if labels.kind(r["indicator"]) == "count" and len(comps.get(r["area"], ())) >= 2:
            groups.setdefault((r["area"], r["indicator"], r["year"], r["measure"]),
                              {}).setdefault(r["status"], r)
    extra = []
    for (_, code, _, _), by_status in groups.items():
        a, t = by_status.get("actual"), by_status.get("target")
        if a is None or t is None or a["components"] != t["components"] or not t["value"]:
            continue
        extra.append({**{k: a[k] for k in AREA_COLUMNS}, "indicator": code + labels.PLAN_SUFFIX,
                      "value": round(100 * a["value"] / t["value"], 1), "unit": "percent",
                      "value_max": None, "derived": True,
                      "qualifier": _combine_qualifiers([a["qualifier"], t["qualifier"]]),
                      "note": f"{a['components']}: summed actual ÷ summed target",
                      "hover": f"derived: {a['components']}: summed actual ÷ summed target",
                      "computed": False})
    return extra


def ranked(values: pd.DataFrame, indicator: str, year: int) -> pd.DataFrame:
    """Areas ranked by their actual value of `indicator` in `year` (highest first), with the
    target beside it; areas with only a target come last.

    A target is dropped when it covers other provinces than the actual value (a partial sum
    of merged provinces): comparing them would mislead.
    """
    cols = ["label", "actual", "actual_text", "target", "target_text", "href", "hover"]
    sel = values[(values["indicator"] == indicator) & (values["year"] == year)]
    if sel.empty:
        return pd.DataFrame(columns=cols)
    first = [sel[sel["status"] == status].drop_duplicates("area").set_index("area")
             for status in ("actual", "target")]
    areas = pd.Index(sel["area"].unique())  # in order of appearance
    has_a, has_t = (areas.isin(f.index) for f in first)
    a, t = (f.reindex(areas) for f in first)
    t_ok = has_t & ~(has_a & (a["components"] != t["components"]).to_numpy())
    df = pd.DataFrame({
        "label": a["label"].where(has_a, t["label"]).to_numpy(),
        "actual": a["value"].astype(float).to_numpy(),
        "actual_text": [x if ok else "" for x, ok in zip(cells(a), has_a)],
        "target": t["value"].astype(float).where(t_ok).to_numpy(),
        "target_text": [x if ok else "" for x, ok in zip(cells(t), t_ok)],
        "href": a["href"].where(has_a, "").fillna("").to_numpy(),
        "hover": a["hover"].where(has_a, "").fillna("").to_numpy()}, columns=cols)
    df["_has"] = df["actual"].notna()
    df = df.sort_values(["_has", "actual", "target", "label"],
                        ascending=[False, False, False, True], kind="stable")
    return df.drop(columns="_has").reset_index(drop=True)


def coverage(data: Data, geography: str = LEGACY, indicators: Sequence[str] | None = None
             ) -> pd.DataFrame:
    """Place × indicator: how many values (years × actual/target) exist, all years.

    Rows are provinces (or 2025 provinces) with province-level values, then district-level
    places: 'Quảng Ninh: Hải Hà district (district-level)', or in the 2025 geography
    'Thái Nguyên: Bắc Kạn city (former Bắc Kạn, district-level)'."""
    rows = data.rows(None, level=None)
    codes = list(indicators) if indicators is not None else labels.core_codes()
    rows = rows[rows["indicator"].isin(codes)]
    if rows.empty:
        return pd.DataFrame(columns=[labels.label(c) for c in codes])
    area = rows["province_2025"] if geography == MERGED else rows["province"]
    local = [f"{a}: {locality_name(p, loc)} ("
             + (f"former {p}, " if geography == MERGED else "") + f"{DISTRICT_LEVEL})"
             for a, p, loc in zip(area, rows["province"], rows["locality"])]
    place = area.where(rows["level"] == PROVINCE, pd.Series(local, index=rows.index))
    tab = pd.crosstab(place, rows["indicator"]).reindex(columns=codes, fill_value=0)
    order = sorted(tab.index, key=lambda n: (n.endswith(f"{DISTRICT_LEVEL})"), sort_key(n)))
    tab = tab.loc[order]
    tab.columns = [labels.label(c) for c in codes]
    tab.index.name = None
    return tab


def area_table(values: pd.DataFrame, year: int | None, geography: str) -> pd.DataFrame:
    """The full comparison table of `year`: area × indicator with actual, target, % of plan
    (and, for the 2025 geography, which merged provinces each value sums)."""
    sel = values if year is None else values[values["year"] == year]
    place = {"area": "Province" if geography == LEGACY else "2025 province"}
    table = key_figures(sel, place)
    if geography != LEGACY and len(table):
        notes: dict[tuple, list[str]] = {}
        for r in sel[sel["note"] != ""].to_dict("records"):
            key = (r["area"], labels.label(labels.base_code(r["indicator"])), _year_text(r["year"]))
            notes.setdefault(key, []).append(f"{r['status']}: {r['note']}")
        table["Note"] = ["; ".join(notes.get(key, [])) for key in
                         zip(table[place["area"]], table["Indicator"], table["Year"])]
    return table


def caveats(data: Data, values: pd.DataFrame, year: int | None, geography: str,
            combine_notes: Sequence[str] = ()) -> list[str]:
    """Plain-text caveats of a comparison report."""
    out = list(combine_notes)
    districts = data.rows(None, level=DISTRICT)
    if len(districts):
        names = sorted({f"{r.province} ({r.locality})" for r in districts.itertuples()},
                       key=sort_key)
        only = sorted(set(districts["province"]) - set(data.rows(None)["province"]),
                      key=sort_key)
        out.append(f"Mixed administrative levels: {len(districts)} district-level figure(s) "
                   f"({', '.join(names)}) are not province totals and are left out of the "
                   "rankings, charts and table; the coverage map lists them separately."
                   + (f" Provinces with district-level figures only: {', '.join(only)}."
                      if only else ""))
    sel = values if year is None else values[values["year"] == year]
    q = sel[sel["qualifier"].fillna("exact") != "exact"]
    if len(q):
        marks = ", ".join(f"{fmt.QUALIFIER_MARKS[k]} {fmt.QUALIFIER_WORDS[k]}"
                          for k in sorted(set(q["qualifier"])) if k in fmt.QUALIFIER_WORDS)
        out.append(f"Qualifiers: {len(q)} value(s) are not exact ({marks}); they are ranked "
                   "by the number the text states.")
    n_conf, n_der = int(sel["conflict"].sum()), int(sel["derived"].sum())
    if n_conf:
        out.append(f"Conflicts: {n_conf} value(s) come from sources that disagree "
                   f"(marked {fmt.CONFLICT_MARK}); the province reports list the sources.")
    if n_der:
        out.append(f"Derived: {n_der} value(s) are computed, not stated in a text "
                   f"(marked {fmt.DERIVED_MARK}).")
    unresolved = unresolved_documents(data)
    if len(unresolved):
        out.append(f"{len(unresolved)} document(s) could not be attributed to a province; "
                   "their figures are in no comparison.")
    out.append("Figures come from news articles: coverage differs between provinces, so a "
               "missing bar means no article stated the figure, not a value of zero.")
    return out
