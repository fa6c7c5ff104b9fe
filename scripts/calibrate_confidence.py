"""Fit the confidence priors (src/vnlabour/rules/confidence_priors.csv) on a hand-checked set.

usage: python scripts/calibrate_confidence.py [--docs ../shared/realdev/docs]
                                              [--gold ../shared/realdev/gold.csv] [--write]

Extracts every article of --docs, marks each core fact right when it matches a gold row (the
scorer's rules), fits an L2-penalised logistic regression on the one-hot features of
confidence.py, prints the calibration table and, with --write, rewrites the priors table.
The penalty (--l2) keeps rare rule labels near the base rate: a conservative confidence.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

from vnlabour import confidence, corpus, evaluate

PRIORS = Path(confidence.__file__).parent / "rules" / f"{confidence.PRIORS}.csv"


def labelled(docs: Path, gold: Path) -> tuple[list[dict], list[bool], list[str]]:
    """Features, rightness and doc_id of every core fact of the articles of `docs`."""
    catalog, _ = corpus.read_catalog(docs / corpus.CATALOG)
    feats, facts = [], []
    for path in corpus.list_inputs(docs):
        res = corpus.process_file(path, catalog.get(path.stem))
        text = corpus.normalised_text(path)
        for fact in res.facts:
            feats.append(confidence.features(fact, confidence.figure_offset(text, fact),
                                             res.document))
            facts.append(fact)
    with open(gold, encoding="utf-8", newline="") as f:
        right = evaluate.judged(list(csv.DictReader(f)), facts)
    keep = [i for i, r in enumerate(right) if r is not None]
    return ([feats[i] for i in keep], [bool(right[i]) for i in keep],
            [facts[i]["doc_id"] for i in keep])


def fit(feats: list[dict], right: list[bool], l2: float) -> dict[tuple[str, str], float]:
    """Weights of (feature, value) by Newton's method; the intercept is not penalised."""
    columns = sorted({(k, v) for f in feats for k, v in f.items()})
    index = {c: i + 1 for i, c in enumerate(columns)}
    x = np.zeros((len(feats), len(columns) + 1))
    x[:, 0] = 1
    for row, f in enumerate(feats):
        for kv in f.items():
            x[row, index[kv]] = 1
    y = np.array(right, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + penalty * w
        hess = (x.T * (p * (1 - p))) @ x + np.diag(penalty + 1e-9)
        w -= np.linalg.solve(hess, grad)
    return {("intercept", confidence.ANY): float(w[0]),
            **{c: float(w[i]) for c, i in index.items()}}


def _score(weights: dict, feats: dict) -> float:
    z = weights[("intercept", confidence.ANY)] + sum(weights.get(kv, 0.0) for kv in feats.items())
    return float(1 / (1 + np.exp(-z)))


def held_out(feats: list[dict], right: list[bool], docs: list[str], l2: float) -> list[float]:
    """Leave-one-document-out scores: each fact scored by weights fitted without its
    document (an honest estimate of the calibration on new articles)."""
    scores = [0.0] * len(feats)
    for doc in sorted(set(docs)):
        train = [i for i, d in enumerate(docs) if d != doc]
        w = fit([feats[i] for i in train], [right[i] for i in train], l2)
        for i, d in enumerate(docs):
            if d == doc:
                scores[i] = _score(w, feats[i])
    return scores


def write(weights: dict, feats: list[dict], right: list[bool]) -> None:
    """Rewrite the priors table: its comment header, then one row per weight."""
    header = [line for line in PRIORS.read_text(encoding="utf-8").splitlines()
              if line.startswith("#")]
    rows = []
    for (name, value), weight in weights.items():
        hits = [r for f, r in zip(feats, right) if name == "intercept" or f[name] == value]
        rows.append([name, value, f"{weight:.3f}", len(hits), sum(hits)])
    with open(PRIORS, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(header) + "\n")
        csv.writer(f, lineterminator="\n").writerows(
            [["feature", "value", "weight", "n", "right"], *rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("../shared/realdev/docs"))
    parser.add_argument("--gold", type=Path, default=Path("../shared/realdev/gold.csv"))
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    feats, right, docs = labelled(args.docs, args.gold)
    weights = fit(feats, right, args.l2)
    if args.write:
        write(weights, feats, right)
    print(f"{len(feats)} core facts, {sum(right)} right")
    print("band      in-sample (count, right)   leave-one-document-out (count, right)")
    for a, b in zip(evaluate.calibration([_score(weights, f) for f in feats], right),
                    evaluate.calibration(held_out(feats, right, docs, args.l2), right)):
        print(f"{a['band']}   {a['count']:4}  {a['right']}          {b['count']:4}  {b['right']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
