"""Print every benchmark's figures from the results file as one table.

usage: python benchmarks/summary.py [--results F]
"""
from __future__ import annotations

import json

from benchlib import ORDER, parser, print_table


def main() -> None:
    args = parser(__doc__, runs=False).parse_args()
    results = json.loads(args.results.read_text(encoding="utf-8"))
    rows = [{**r, "what": f"{n}. {r['what']}"} for n, key in enumerate(ORDER, 1)
            for r in results.get(key, {}).get("table", [])]
    print(f"\nBenchmarks ({args.results}):")
    print_table(rows)


if __name__ == "__main__":
    main()
