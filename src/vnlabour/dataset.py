"""The dataset: typed tables from the one schema (schema.py), validation, reconciliation of
facts into indicators, atomic writing (CSV, Parquet, datapackage.json) and loading.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
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


def reconcile(facts: pd.DataFrame, plan_pct_of: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per (province, locality, indicator, status, year): the value most sources give
    (ties: the first fact), how many facts support it, whether they conflict beyond rounding,
    and % of plan derived from actual / target where no text states it.

    Indicators are annual: totals over a multi-year period ("giai đoạn 2021-2024") stay in
    facts.csv only, and so do figures of documents whose province is unknown."""
    from vnlabour.tables import read_table

    known = facts[(facts["province"] != "") & facts["period_start"].isna()]
    keys = ["province", "province_code", "province_2025", "locality", "admin_level",
            "indicator", "status", "year"]
    rows = []
    for key, group in known.sort_values(["fact_id"]).groupby(keys, dropna=False, sort=True):
        rows.append(_reconciled(dict(zip(keys, key)), group))
    codes = {r["code"] for r in read_table("indicators")}
    plan_pct_of = plan_pct_of or {c: f"{c}_plan_pct" for c in codes if f"{c}_plan_pct" in codes}
    rows += _derived_plan_shares(rows, plan_pct_of)
    df = frame("indicators", rows)
    return df.sort_values(["province", "locality", "indicator", "status", "year"],
                          na_position="first", kind="stable").reset_index(drop=True)


def _reconciled(key: dict, group: pd.DataFrame) -> dict:
    """The indicators row of one group of facts."""
    values = group["value"].astype(float)
    counts = values.round(6).value_counts(sort=False)
    best = counts.idxmax()
    chosen = group[values.round(6) == best].iloc[0]
    low, high = values.min(), values.max()
    conflict = bool(high - low > max(0.01, ROUNDING * abs(high)))
    year = key["year"]
    return {**key, "year": None if pd.isna(year) else int(year), "value": float(best),
            "unit": chosen["unit"], "qualifier": chosen["qualifier"],
            "value_max": chosen["value_max"], "n_sources": len(group), "conflict": conflict,
            "derived": False, "fact_ids": ";".join(group["fact_id"]),
            "doc_ids": ";".join(sorted(set(group["doc_id"])))}


def _derived_plan_shares(rows: list[dict], plan_pct_of: dict[str, str]) -> list[dict]:
    """% of plan = actual / target × 100 for counts that have both and no stated share."""
    index = {(r["province"], r["locality"], r["indicator"], r["status"], r["year"]): r
             for r in rows}
    derived = []
    for (prov, loc, indicator, status, year), actual in index.items():
        share = plan_pct_of.get(indicator)
        target = index.get((prov, loc, indicator, "target", year))
        if status != "actual" or not share or not target or not target["value"]:
            continue
        if (prov, loc, share, "actual", year) in index:
            continue
        derived.append({**{k: actual[k] for k in ("province", "province_code", "province_2025",
                                                   "locality", "admin_level", "year")},
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


def write(out_dir: Path, facts: list[dict], documents: list[dict]) -> Dataset:
    """Validate and write facts, documents, indicators (CSV + Parquet) and datapackage.json."""
    facts_df = frame("facts", facts).sort_values(["doc_id", "char_start", "indicator"],
                                                 kind="stable").reset_index(drop=True)
    docs_df = frame("documents", documents).sort_values("doc_id", kind="stable") \
        .reset_index(drop=True)
    data = Dataset(facts_df, docs_df, reconcile(facts_df))
    for name in TABLES:
        df = validate(name, getattr(data, name))
        with replacing(out_dir / f"{name}.csv") as tmp:
            df.to_csv(tmp, index=False, float_format="%.10g", lineterminator="\n")
        with replacing(out_dir / f"{name}.parquet") as tmp:
            df.to_parquet(tmp, index=False)
    atomic_write(out_dir / "datapackage.json",
                 json.dumps(datapackage(), ensure_ascii=False, indent=1) + "\n")
    return data


def load(data_dir: Path | str) -> Dataset:
    """Read a processed dataset (the CSV tables) with the schema's dtypes."""
    data_dir = Path(data_dir)
    tables = {}
    for name in TABLES:
        path = data_dir / f"{name}.csv"
        if not path.exists():
            raise FileNotFoundError(f"{path} not found: run `vnlabour extract` first")
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        tables[name] = frame(name, [{c.name: _parse(row.get(c.name, ""), c) for c in TABLES[name]}
                                    for row in df.to_dict("records")])
    return Dataset(**tables)


def _parse(value: str, col: Column):
    """A CSV cell as the column's Python type (None for an empty non-string cell)."""
    if col.type == "string":
        return value
    if value == "":
        return None
    if col.type == "integer":
        return int(float(value))
    if col.type == "number":
        return float(value)
    return value.strip().lower() == "true"
