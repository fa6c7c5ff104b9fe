"""Helpers for `notebooks/explore.ipynb`: filter figures, search quotes, read a figure's sentence.

Meant for a researcher in JupyterLab; results are plain DataFrames (pandas escapes them when
it renders HTML) or plain text.
"""
from __future__ import annotations

import unicodedata

import pandas as pd

from vnlabour.report import fmt, labels, tables

COLUMNS = ["fact_id", "province", "locality", "indicator", "status", "year", "value", "unit",
           "qualifier", "sentence"]


def summary(dataset) -> str:
    """Sizes of the three tables and the provinces with figures."""
    data = tables.Data.coerce(dataset)
    provs = data.provinces_with_figures()
    return (f"{len(data.facts)} facts from {len(data.documents)} documents; "
            f"{len(data.indicators)} indicator values; {len(provs)} provinces with figures: "
            f"{', '.join(provs)}")


def _fold(text: str) -> str:
    """Lower case without diacritics ('Hà Giang' -> 'ha giang'), for forgiving matches."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def facts(dataset, province: str | None = None, indicator: str | None = None,
          year: int | None = None) -> pd.DataFrame:
    """Facts filtered by province (pre-2025 name, diacritics optional), indicator code
    (prefix match: 'poverty' matches every poverty indicator) and year."""
    f = tables.Data.coerce(dataset).facts
    if province:
        f = f[f["province"].map(_fold) == _fold(province)]
    if indicator:
        f = f[f["indicator"].str.startswith(indicator)]
    if year is not None:
        f = f[f["year"] == int(year)]
    return f[COLUMNS].reset_index(drop=True)


def search(dataset, word: str, ignore_diacritics: bool = False) -> pd.DataFrame:
    """Facts whose sentence contains `word` (case-insensitive; optionally diacritic-blind)."""
    f = tables.Data.coerce(dataset).facts
    needle = unicodedata.normalize("NFC", word)
    if ignore_diacritics:
        hit = f["sentence"].map(_fold).str.contains(_fold(needle), regex=False)
    else:
        hit = f["sentence"].str.casefold().str.contains(needle.casefold(), regex=False)
    return f.loc[hit.astype(bool), COLUMNS].reset_index(drop=True)


def _number_forms(value: float) -> list[str]:
    """How a number may be written in Vietnamese text: 30500 -> '30.500', '30500'."""
    if not fmt.finite(value):
        return []
    v = float(value)
    forms = []
    if v == int(v):
        forms += [f"{int(v):,}".replace(",", "."), str(int(v))]
    else:
        text = f"{v:.2f}".rstrip("0").rstrip(".")
        whole, _, dec = text.partition(".")
        forms += [f"{int(whole):,}".replace(",", ".") + "," + dec, text]
    return forms


def mark(sentence: str, value: float) -> str:
    """The sentence with the first written form of `value` between [[ and ]]."""
    for form in _number_forms(value):
        i = sentence.find(form)
        if i >= 0 and not (i > 0 and sentence[i - 1].isdigit()):
            return f"{sentence[:i]}[[{form}]]{sentence[i + len(form):]}"
    return sentence


def describe(hits: pd.DataFrame, limit: int = 10) -> str:
    """Plain text: one block per fact with its figure and its sentence (figure marked)."""
    if hits.empty:
        return "No matching figures."
    out = [f"{len(hits)} matching figure(s)"]
    for _, r in hits.head(limit).iterrows():
        place = r["province"] or "(province unknown)"
        if r["locality"]:
            place = f"{r['locality']} (district-level), {place}"
        year = "" if fmt.is_missing(r["year"]) else f" {int(r['year'])}"
        out.append(f"- {labels.label(r['indicator'])}, {place}{year} ({r['status']}): "
                   f"{fmt.value(r['value'], r['unit'], r['qualifier'], with_unit=True)}\n"
                   f"  “{mark(r['sentence'], r['value'])}”")
    if len(hits) > limit:
        out.append(f"… and {len(hits) - limit} more")
    return "\n".join(out)


def sentence(dataset, fact_id: str) -> str:
    """One figure's sentence and source: what a reviewer checks."""
    data = tables.Data.coerce(dataset)
    f = data.facts[data.facts["fact_id"] == fact_id]
    if f.empty:
        return f"No fact with id {fact_id!r}."
    r = f.iloc[0]
    doc = data.documents[data.documents["doc_id"] == r["doc_id"]]
    title = doc["title"].iloc[0] if len(doc) else ""
    url = doc["url"].iloc[0] if len(doc) else ""
    return (describe(f[COLUMNS].reset_index(drop=True)).split("\n", 1)[1]
            + f"\n  document {r['doc_id']}" + (f": {title}" if title else "")
            + (f"\n  {url}" if url else ""))


def fact(dataset, fact_id: str) -> pd.DataFrame:
    """Every column of one fact (character span, extraction rule, ...), one row."""
    f = tables.Data.coerce(dataset).facts
    return f[f["fact_id"] == fact_id].reset_index(drop=True)
