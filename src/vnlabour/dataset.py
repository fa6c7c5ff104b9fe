"""The dataset: typed tables from the one schema (schema.py), validation, reconciliation of
facts into indicators, atomic writing (CSV, Parquet, datapackage.json) and loading.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pandas as pd

from vnlabour.files import atomic_write, replacing
from vnlabour.schema import TABLES, Column, column_names

ROUNDING = 0.005   # values within 0.5% of each other are the same figure, rounded
_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


@dataclass
class Dataset:
    """The three tables of a processed dataset."""

    facts: pd.DataFrame
    documents: pd.DataFrame
    indicators: pd.DataFrame


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """A DataFrame of `rows` with the columns and dtypes of `table`, in schema order."""
    df = pd.DataFrame(rows, columns=column_names(table))
    for col in TABLES[table]:
        df[col.name] = df[col.name].astype(_DTYPES[col.type])
        if col.type == "string":
            df[col.name] = df[col.name].fillna("")
    return df


def _pandera_schema(table: str):
    """A pandera schema generated from schema.py: types, required columns, allowed values."""
    import pandera.pandas as pa

    def check(col: Column):
        checks = [pa.Check.isin(list(col.enum) + ([] if col.required else [""]))] \
            if col.enum else []
        if col.required and col.type == "string":
            checks.append(pa.Check.str_length(min_value=1))
        return pa.Column(_DTYPES[col.type], checks=checks, nullable=not col.required)

    return pa.DataFrameSchema({c.name: check(c) for c in TABLES[table]}, strict=True,
                              ordered=True)


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Raise pandera's SchemaError naming the column and values when df breaks the schema."""
    return _pandera_schema(table).validate(df)


_GROUP = ("province", "province_code", "province_2025", "locality", "admin_level",
          "indicator", "status", "year", "measure")
# what reconciliation reads of a fact (the rest, quotes above all, need not stay in memory)
RECONCILE_FIELDS = _GROUP + ("value", "unit", "qualifier", "value_max", "fact_id", "doc_id",
                             "period_start", "months", "statistic", "review")


def reconcile(facts: pd.DataFrame) -> pd.DataFrame:
    """The indicators table of a facts table (see reconcile_rows)."""
    return frame("indicators", reconcile_rows(facts[list(RECONCILE_FIELDS)].to_dict("records")))


def reconcile_rows(facts: list[dict]) -> list[dict]:
    """One row per (province, locality, indicator, status, year): the value most sources give
    (ties: the first fact by fact_id), how many facts support it, whether they conflict beyond
    rounding, and % of plan derived from actual / target where no text states it. A figure
    a researcher rejected (review 'rejected') counts for nothing.

    Indicators are annual: totals over a multi-year period ("giai đoạn 2021-2024") and results
    of part of a year ("6 tháng đầu năm") and yearly averages ("bình quân mỗi năm") stay in
    facts.csv only, and so do figures of
    documents whose province is unknown."""
    from vnlabour.tables import read_table

    groups: dict[tuple, list[dict]] = {}
    for f in facts:
        if f["province"] and _missing(f["period_start"]) and _missing(f["months"]) \
                and (_missing(f["statistic"]) or not f["statistic"]) \
                and f.get("review") != "rejected":
            key = tuple(None if k == "year" and _missing(f[k]) else f[k] for k in _GROUP)
            groups.setdefault(key, []).append(f)
    rows = [_reconciled(dict(zip(_GROUP, key)), sorted(group, key=lambda f: f["fact_id"]))
            for key, group in groups.items()]
    rows += _derived_plan_shares(rows, {r["code"]: r["plan_pct"] for r in read_table("indicators")
                                        if r["plan_pct"]})
    return sorted(rows, key=lambda r: (r["province"], r["locality"], r["indicator"],
                                       r["status"], -1 if r["year"] is None else r["year"]))


def _missing(value) -> bool:
    """None, NaN or pandas NA."""
    return value is None or bool(pd.isna(value))


def _reconciled(key: dict, group: list[dict]) -> dict:
    """The indicators row of one group of facts (sorted by fact_id)."""
    values = [round(float(f["value"]), 6) for f in group]
    counts: dict[float, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    best = max(counts, key=lambda v: counts[v])   # first of the most frequent, in fact order
    chosen = group[values.index(best)]
    low, high = min(values), max(values)
    return {**key, "year": None if key["year"] is None else int(key["year"]), "value": best,
            "unit": chosen["unit"], "qualifier": chosen["qualifier"],
            "value_max": None if _missing(chosen["value_max"]) else chosen["value_max"],
            "n_sources": len(group),
            "conflict": high - low > max(0.01, ROUNDING * abs(high)), "derived": False,
            "fact_ids": ";".join(f["fact_id"] for f in group),
            "doc_ids": ";".join(sorted({f["doc_id"] for f in group}))}


def _derived_plan_shares(rows: list[dict], plan_pct_of: dict[str, str]) -> list[dict]:
    """% of plan = actual / target × 100 for counts that have both (of one measure) and no
    stated share."""
    index = {(r["province"], r["locality"], r["indicator"], r["status"], r["year"],
              r["measure"]): r for r in rows}
    derived = []
    for (prov, loc, indicator, status, year, measure), actual in index.items():
        share = plan_pct_of.get(indicator)
        target = index.get((prov, loc, indicator, "target", year, measure))
        if status != "actual" or not share or not target or not target["value"]:
            continue
        if (prov, loc, share, "actual", year, measure) in index:
            continue
        derived.append({**{k: actual[k] for k in ("province", "province_code", "province_2025",
                                                   "locality", "admin_level", "year",
                                                   "measure")},
                        "indicator": share, "status": "actual",
                        "value": round(100 * actual["value"] / target["value"], 1),
                        "unit": "percent", "qualifier": actual["qualifier"], "value_max": None,
                        "n_sources": actual["n_sources"] + target["n_sources"],
                        "conflict": False, "derived": True,
                        "fact_ids": f"{actual['fact_ids']};{target['fact_ids']}",
                        "doc_ids": ";".join(sorted(set(actual["doc_ids"].split(";")) |
                                                   set(target["doc_ids"].split(";"))))})
    return derived


def datapackage() -> dict:
    """Frictionless data package descriptor of the three tables, from schema.py."""
    def field(col: Column) -> dict:
        out = {"name": col.name, "type": col.type, "description": col.description}
        constraints = {}
        if col.required:
            constraints["required"] = True
        if col.enum:
            constraints["enum"] = list(col.enum)
        if constraints:
            out["constraints"] = constraints
        return out

    return {
        "name": "vnlabour",
        "title": "Vietnamese labour-market and poverty figures extracted from articles",
        "resources": [{"name": name, "path": f"{name}.csv", "format": "csv",
                       "encoding": "utf-8", "schema": {"fields": [field(c) for c in cols]}}
                      for name, cols in TABLES.items()],
    }


CHUNK = 5000   # facts validated and written at a time


def write(out_dir: Path, facts: Iterable[dict], documents: list[dict]) -> int:
    """Validate and write all tables (CSV + Parquet) and datapackage.json; the number of facts.
    `facts` must come in table order (doc_id, then position in the text)."""
    return write_rest(out_dir, documents, write_facts(out_dir, facts))


def write_facts(out_dir: Path, facts: Iterable[dict]) -> list[dict]:
    """Stream facts to facts.csv and facts.parquet in validated chunks, so a large corpus is
    never held whole; return what reconciliation needs of each fact (no quotes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    slim: list[dict] = []
    with replacing(out_dir / "facts.csv") as csv_tmp, \
            replacing(out_dir / "facts.parquet") as parquet_tmp:
        writer = None
        for chunk in _chunks(facts, CHUNK):
            for row in chunk:
                row.setdefault("review", "unreviewed")
            df = validate("facts", frame("facts", chunk))
            df.to_csv(csv_tmp, mode="a", header=writer is None, index=False,
                      float_format="%.10g", lineterminator="\n")
            table = pa.Table.from_pandas(df, preserve_index=False)
            writer = writer or pq.ParquetWriter(parquet_tmp, table.schema)
            writer.write_table(table)
            slim += [{k: row.get(k) for k in RECONCILE_FIELDS} for row in chunk]
        if writer is None:
            empty = frame("facts", [])
            empty.to_csv(csv_tmp, index=False, lineterminator="\n")
            empty.to_parquet(parquet_tmp, index=False)
        else:
            writer.close()
    return slim


def write_rest(out_dir: Path, documents: list[dict], slim_facts: list[dict]) -> int:
    """Write documents, indicators (reconciled from the facts) and datapackage.json."""
    docs = frame("documents", documents).sort_values("doc_id", kind="stable")
    for name, df in (("documents", docs.reset_index(drop=True)),
                     ("indicators", frame("indicators", reconcile_rows(slim_facts)))):
        validate(name, df)
        with replacing(out_dir / f"{name}.csv") as tmp:
            df.to_csv(tmp, index=False, float_format="%.10g", lineterminator="\n")
        with replacing(out_dir / f"{name}.parquet") as tmp:
            df.to_parquet(tmp, index=False)
    atomic_write(out_dir / "datapackage.json",
                 json.dumps(datapackage(), ensure_ascii=False, indent=1) + "\n")
    return len(slim_facts)


def _chunks(items: Iterable[dict], size: int):
    """Lists of up to `size` items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def load(data_dir: Path | str) -> Dataset:
    """Read a processed dataset (the CSV tables) with the schema's dtypes."""
    data_dir = Path(data_dir)
    tables = {}
    for name in TABLES:
        path = data_dir / f"{name}.csv"
        if not path.exists():
            raise FileNotFoundError(f"{path} not found: run `vnlabour extract` first")
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        tables[name] = pd.DataFrame({c.name: _typed(raw.get(c.name), c, len(raw))
                                     for c in TABLES[name]})
    return Dataset(**tables)


def _typed(values: pd.Series | None, col: Column, length: int) -> pd.Series:
    """A CSV column (strings) as the column's dtype; empty cells are missing values."""
    if values is None:
        values = pd.Series([""] * length, dtype="string")
    if col.type == "string":
        return values.astype("string")
    if col.type == "boolean":
        return values.str.strip().str.lower().map({"true": True, "false": False}) \
            .astype("boolean")
    numbers = pd.to_numeric(values.where(values != ""), errors="raise")
    return numbers.astype("Int64" if col.type == "integer" else "Float64")
