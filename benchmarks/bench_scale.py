"""Scale: the full build of a synthetic dataset with figures for every province.

usage: python benchmarks/bench_scale.py [--provinces 63] [--years 5] [--runs 3] [--results F]

The dataset (facts, documents, indicators; written and validated by `vnlabour.dataset.write`)
has, for each of the first `--provinces` provinces of `vnlabour.places.provinces()` and each of
`--years` years, one article's worth of figures: the core indicators, actual and target, and
a second, disagreeing source for every seventh province (so conflicts and derived % of plan are
exercised). The build runs through the real `vnlabour build` command from an empty reports
folder, with an extraction stamp that is up to date (nothing is extracted). Reports the wall
time (target for 63 provinces: ≤ 25 s), the CPU time of all its processes (the work, whatever
else the machine runs) and the run time of each report from the manifest.
"""
from __future__ import annotations

import json
import random
import shutil
import statistics
import tempfile
from pathlib import Path

from benchlib import measure_build, parser, row, save, summary

LAST_YEAR = 2024
# indicator code, unit, range of the actual value, target as a share of the actual (or None)
INDICATORS = (
    ("jobs_created", "persons", (5_000, 60_000), 0.95),
    ("workers_abroad", "persons", (100, 8_000), 0.9),
    ("vocational_enrolment", "persons", (5_000, 80_000), 0.97),
    ("trained_labour_rate", "percent", (45.0, 80.0), 0.98),
    ("trained_labour_certified_rate", "percent", (15.0, 40.0), None),
    ("poverty_rate", "percent", (0.5, 25.0), 0.9),
    ("poverty_rate_reduction", "percentage_points", (0.3, 4.0), None),
    ("poor_households", "households", (500, 60_000), None),
    ("near_poor_rate", "percent", (1.0, 15.0), None),
    ("near_poor_households", "households", (500, 40_000), None),
)


def _value(rng: random.Random, unit: str, low: float, high: float) -> float:
    """A plausible value: whole persons/households, rates with two decimals."""
    v = rng.uniform(low, high)
    return float(round(v)) if unit in ("persons", "households") else round(v, 2)


def _document(rng: random.Random, prov, year: int, doc_id: str, shift: float = 1.0
              ) -> tuple[dict, list[dict]]:
    """One synthetic article of a province and year: its documents row and its facts rows."""
    place = {"province": prov.name, "province_code": prov.code, "province_2025": prov.name_2025,
             "locality": "", "admin_level": "province"}
    facts, pos = [], 0
    for code, unit, (low, high), target_share in INDICATORS:
        actual = _value(rng, unit, low, high) * shift
        values = [("actual", actual)]
        if target_share:
            values.append(("target", round(actual * target_share, 2)))
        for status, value in values:
            sentence = f"Năm {year}, tỉnh {prov.name}: {code} ({status}) đạt {value:g}."
            start = pos + sentence.index(f"{value:g}")
            facts.append({**place, "fact_id": f"{doc_id}@{start}", "doc_id": doc_id,
                          "indicator": code, "scope": "place", "status": status, "year": year,
                          "period_start": None, "months": None, "statistic": "",
                          "measure": "", "value": value, "unit": unit,
                          "qualifier": "exact", "value_max": None, "sentence": sentence,
                          "char_start": start, "char_end": start + len(f"{value:g}"),
                          "rule": "synthetic"})
            pos += len(sentence) + 1
    doc = {"doc_id": doc_id, "path": f"synthetic/{doc_id}.txt", "sha256": "",
           "title": f"{prov.name}: lao động, việc làm và giảm nghèo năm {year}",
           "published": f"{year + 1}-01-15", "url": f"https://example.org/{doc_id}",
           **{k: place[k] for k in ("province", "province_code", "province_2025")},
           "province_source": "text", "locality": "", "encoding": "utf-8",
           "n_facts": len(facts), "status": "ok", "message": ""}
    return doc, facts


def make_dataset(data_dir: Path, n_provinces: int, n_years: int, seed: int = 63) -> int:
    """Write the synthetic dataset into data_dir; return the number of facts."""
    from vnlabour.dataset import write
    from vnlabour.places import provinces

    rng = random.Random(seed)
    documents, facts = [], []
    for i, prov in enumerate(provinces()[:n_provinces]):
        for year in range(LAST_YEAR - n_years + 1, LAST_YEAR + 1):
            sources = [1.0, 1.08] if i % 7 == 0 else [1.0]  # a disagreeing second source
            for k, shift in enumerate(sources):
                doc, rows = _document(rng, prov, year, f"syn_{prov.code}_{year}_{k}", shift)
                documents.append(doc)
                facts += rows
    write(data_dir, facts, documents)
    return len(facts)


def up_to_date_stamp(src: Path, data_dir: Path) -> None:
    """An (empty) article folder whose extraction stamp matches data_dir: the build does not
    extract, it builds the reports of the dataset as it is."""
    from vnlabour.build import write_stamp

    src.mkdir(parents=True, exist_ok=True)
    (src / "sources.csv").write_text("doc_id,url,published,province\n", encoding="utf-8")
    write_stamp(src, data_dir)


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--provinces", type=int, default=63, help="number of provinces (≤ 63)")
    p.add_argument("--years", type=int, default=5, help="years of figures per province")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vnlabour-scale-"))
    try:
        src, data, reports = work / "src", work / "data", work / "reports"
        n_facts = make_dataset(data, args.provinces, args.years)
        up_to_date_stamp(src, data)
        runs = [measure_build(src, data, reports, reports) for _ in range(args.runs)]
        records = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))["reports"]
        failed = [r["name"] for r in records if r["status"] != "ok"]
        if failed:
            raise SystemExit(f"failed reports: {', '.join(failed)}")
        per = {kind: [r["seconds"] for r in records if r["kind"] == kind]
               for kind in ("province", "comparison")}
        wall, cpu = summary([r["wall"] for r in runs]), summary([r["cpu"] for r in runs])
        figures = {"provinces": args.provinces, "years": args.years, "facts": n_facts,
                   "reports": len(records), "wall_s": wall, "cpu_s": cpu,
                   "province_report_s": {"median": statistics.median(per["province"]),
                                         "max": max(per["province"])},
                   "comparison_report_s": {"median": statistics.median(per["comparison"]),
                                           "max": max(per["comparison"])}}
        print(f"{args.provinces} provinces × {args.years} years: {n_facts} facts, "
              f"{len(records)} reports")
        target = 25.0 if args.provinces == 63 else None
        save(args.results, "scale", figures, [
            row(f"full build, {args.provinces} provinces ({len(records)} reports)",
                wall["median"], "s", at_most=target, spread=wall["spread"]),
            row("  its CPU time, all processes (wall ≥ CPU ÷ 2 cores)", cpu["median"], "s",
                spread=cpu["spread"]),
            row("province report (median of the last run)",
                statistics.median(per["province"]), "s"),
            row("comparison report (median of the last run)",
                statistics.median(per["comparison"]), "s"),
        ])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
