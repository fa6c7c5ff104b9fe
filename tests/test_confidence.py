"""Confidence per fact (confidence.py): the priors table, the features, and the calibration on
the hand-checked realdev set (../shared/realdev): facts with confidence >= 0.9 are right at
least 90% of the time."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from vnlabour import confidence, evaluate
from vnlabour.corpus import run_extract
from vnlabour.paths import RULES

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (the main checkout), or beside the worktrees' folder
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared")
               if (p / "realdev" / "gold.csv").exists()), None)


def test_priors_table_has_its_declared_columns_and_known_features():
    with open(RULES / "confidence_priors.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    assert list(rows[0]) == ["feature", "value", "weight", "n", "right"]
    assert {r["feature"] for r in rows} == {"intercept", *confidence.FEATURES}
    assert all(-10 < float(r["weight"]) < 10 for r in rows)


def test_features_of_an_invented_fact():
    sentence = ("Năm 2024, kế hoạch của tỉnh là giải quyết việc làm cho 5.000 lao động "
                "thuộc hộ nghèo.")
    fact = {"sentence": sentence, "char_start": 1055, "char_end": 1060, "year": 2023,
            "status": "target", "scope": "place", "rule": "no such rule",
            "indicator": "jobs_created", "province": "", "period_start": None, "months": 6}
    feats = confidence.features(fact, sentence.index("5.000"), {"province_source": "domain"})
    assert feats == {"rule": "no such rule", "cue": "near", "year": "carried",
                     "status": "own", "scope": "marker", "place": "domain", "span": "part"}
    assert confidence.features(fact, -1, {})["cue"] == "none"
    assert 0 < confidence.score(feats) < 1


def test_every_seed_fact_has_a_confidence_in_range(seed_dataset):
    summary, out = seed_dataset
    with open(out / "facts.csv", encoding="utf-8") as f:
        values = [float(r["confidence"]) for r in csv.DictReader(f)]
    assert len(values) == summary.n_facts > 40 and all(0 <= v <= 1 for v in values)


@pytest.mark.skipif(SHARED is None, reason="../shared/realdev (the hand-checked articles) is "
                                           "not beside this checkout")
def test_confident_facts_are_right_nine_times_in_ten_on_realdev(tmp_path):
    run_extract(SHARED / "realdev" / "docs", tmp_path)
    with open(tmp_path / "facts.csv", encoding="utf-8") as f:
        facts = list(csv.DictReader(f))
    with open(SHARED / "realdev" / "gold.csv", encoding="utf-8") as f:
        right = evaluate.judged(list(csv.DictReader(f)), facts)
    judged = [(float(fact["confidence"]), r) for fact, r in zip(facts, right) if r is not None]
    confident = [r for c, r in judged if c >= 0.9]
    assert len(confident) >= 10, "too few confident facts to judge the calibration"
    assert sum(confident) / len(confident) >= 0.9
