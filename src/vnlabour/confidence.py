"""How likely each extracted figure is read right: `confidence` in [0, 1].

A logistic score: the log-odds of `rules/confidence_priors.csv` for the intercept and for each
feature's value, summed and squashed. The features come from what the extraction wrote of a
fact and its document (the engine itself is not consulted):

- rule: the deciding rule's label, looked up as an opaque string ('*': any label not listed);
- cue: how far the nearest cue phrase of the fact's indicator (rules/indicator_cues.csv)
  stands from the figure in its sentence: near (<= 20 characters), mid (<= 60), far, none;
- year / status: whether the fact's year, and a status phrase of its status
  (rules/status_cues.csv), stand in its own sentence or were carried from earlier;
- scope: whether a sub-group/national/combined/component marker (rules/scope_markers.csv)
  stands within 60 characters of a figure read as the whole place's;
- place: how the document's province was resolved (documents.csv province_source), or
  'sentence' when the figure's sentence named another province;
- span: a whole year, part of a year (months) or a multi-year period.

The weights are fitted on the hand-checked realdev set by scripts/calibrate_confidence.py,
which rewrites the table; the README shows the calibration (confidence band -> share right).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from vnlabour.tables import read_table

PRIORS = "confidence_priors"
ANY = "*"
NEAR, MID = 20, 60        # characters between a cue and its figure
MARKER_REACH = 60         # characters around a figure in which a scope marker counts
FEATURES = ("rule", "cue", "year", "status", "scope", "place", "span")


@lru_cache(maxsize=1)
def _weights() -> dict[tuple[str, str], float]:
    """(feature, value) -> log-odds, from the priors table."""
    return {(r["feature"], r["value"]): float(r["weight"]) for r in read_table(PRIORS)}


def _phrases(table: str, column: str) -> dict[str, tuple[str, ...]]:
    """Lower-case phrases of a rule table grouped by `column`."""
    out: dict[str, list[str]] = {}
    for r in read_table(table):
        out.setdefault(r[column], []).append(r.get("cue") or r["phrase"])
    return {k: tuple(p.lower() for p in v if p) for k, v in out.items()}


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[str, ...]]:
    return _phrases("indicator_cues", "indicator")


@lru_cache(maxsize=1)
def _statuses() -> dict[str, tuple[str, ...]]:
    return _phrases("status_cues", "status")


@lru_cache(maxsize=1)
def _markers() -> re.Pattern:
    phrases = [p for scope, ps in _phrases("scope_markers", "scope").items()
               if scope in ("subgroup", "national", "combined", "component") for p in ps]
    return re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))


def _base(indicator: str) -> str:
    """The count or rate an indicator code is about: 'jobs_created_plan_pct__subgroup' ->
    'jobs_created'."""
    code = indicator.partition("__")[0]
    return code.removesuffix("_plan_pct")


def _gap(low: str, phrase: str, start: int, end: int) -> int | None:
    """Characters between the figure [start, end) and the nearest occurrence of `phrase`."""
    gaps = [max(0, start - (m.end()), m.start() - end)
            for m in re.finditer(re.escape(phrase), low)]
    return min(gaps) if gaps else None


def _cue_feature(low: str, indicator: str, start: int, end: int) -> str:
    gaps = [g for p in _cues().get(_base(indicator), ()) if (g := _gap(low, p, start, end))
            is not None]
    if not gaps or start < 0:
        return "none"
    gap = min(gaps)
    return "near" if gap <= NEAR else "mid" if gap <= MID else "far"


def _missing(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def features(fact: dict, offset: int, document: dict) -> dict[str, str]:
    """The feature values of a fact whose figure starts `offset` characters into its
    sentence (-1 when unknown), in a document (its documents.csv row)."""
    sentence = fact["sentence"]
    low = sentence.lower()
    start, end = offset, offset + int(fact["char_end"]) - int(fact["char_start"])
    year = "none" if _missing(fact.get("year")) else \
        "own" if str(int(fact["year"])) in sentence else "carried"
    own = any(p in low for p in _statuses().get(fact["status"], ()))
    other = any(p in low for s, ps in _statuses().items() if s not in ("", fact["status"])
                for p in ps)
    status = "own" if own else "other" if other else "none"
    near = start >= 0 and any(m.start() < end + MARKER_REACH and m.end() > start - MARKER_REACH
                              for m in _markers().finditer(low))
    scope = "other" if fact.get("scope", "place") != "place" else "marker" if near else "clear"
    place = ("sentence" if fact.get("province") and fact.get("province") !=
             document.get("province") else document.get("province_source") or "unresolved")
    span = ("period" if not _missing(fact.get("period_start")) else
            "part" if not _missing(fact.get("months")) else "year")
    return {"rule": fact["rule"], "cue": _cue_feature(low, fact["indicator"], start, end),
            "year": year, "status": status, "scope": scope, "place": place, "span": span}


def score(feats: dict[str, str]) -> float:
    """Confidence of a fact's features: the squashed sum of their log-odds (a value missing
    from the table adds its feature's '*' weight, or nothing)."""
    w = _weights()
    logit = w.get(("intercept", ANY), 0.0)
    for name, value in feats.items():
        logit += w.get((name, value), w.get((name, ANY), 0.0))
    return round(1 / (1 + math.exp(-logit)), 3)


def figure_offset(text: str, fact: dict) -> int:
    """Where the figure starts in its sentence (-1 when the sentence is not found there)."""
    start, sentence = int(fact["char_start"]), fact["sentence"]
    at = text.find(sentence, max(0, int(fact["char_end"]) - len(sentence)))
    return start - at if 0 <= at <= start else -1


def add_confidence(facts: list[dict], text: str, document: dict) -> None:
    """Set `confidence` on every fact of a document (its normalised text and row)."""
    for fact in facts:
        fact["confidence"] = score(features(fact, figure_offset(text, fact), document))
