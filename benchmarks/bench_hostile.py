"""Extraction time of hostile document shapes against the same words in ordinary sentences.

usage: python benchmarks/bench_hostile.py [--kb 500] [--rows 5000] [--lines 100000] [--runs 1]
                                          [--results F]

Three shapes a real corpus may hold, each written twice with the same words:
- one sentence: --kb KB of report clauses (cues, "(", ";", "trong đó", percentages and
  counts) with no full stop, against the same words in sentences of two to five clauses;
- a flattened table: --rows rows of a district, a count and a rate (two figures a row) run
  together on one line, against one sentence per row;
- short lines: --lines lines of a number each item ("12. huyện X: 1.234 lao động, 2,5%"),
  against the same items as sentences of ten-line paragraphs.
Prints the seconds of `process_file` (decode, normalise, place, extract) of each, the facts
read and the ratio hostile ÷ ordinary (target for the one sentence: ≤ 3×).
"""
from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

from benchlib import parser, row, save, summary, timed

# clauses of a labour report, in the patterns of the seed articles (N: a count, P: a rate)
CLAUSES = ("năm {Y}, toàn tỉnh đã giải quyết việc làm cho {N} lao động",
           "đạt {P}% kế hoạch", "trong đó xuất khẩu lao động {N} người",
           "tuyển sinh đào tạo nghề {N} người (kế hoạch {N} người)",
           "tỷ lệ lao động qua đào tạo đạt {P}%",
           "tỷ lệ hộ nghèo còn {P}% (giảm {P}% so với cuối năm {Y})",
           "số hộ nghèo giảm từ {N} hộ xuống còn {N} hộ", "; hộ cận nghèo còn {N} hộ",
           "phấn đấu đến năm 2025 giảm tỷ lệ hộ nghèo xuống dưới {P}%",
           "huyện Bảo Lâm có {N} hộ nghèo, chiếm {P}%")


def _sentences(kb: float, seed: int = 5) -> list[str]:
    """Sentences of two to five clauses until they hold `kb` KB."""
    rng = random.Random(seed)
    sentences, size = [], 0
    while size < kb * 1000:
        clauses = [rng.choice(CLAUSES) for _ in range(rng.randint(2, 5))]
        text = ", ".join(clauses).replace(", ;", ";").format_map(_Numbers(rng))
        sentences.append(text[0].upper() + text[1:].lstrip("; ") + ".")
        size += len(sentences[-1].encode("utf-8")) + 1
    return sentences


class _Numbers(dict):
    """format_map values: a new random count, rate or year for every field."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "Y":
            return str(rng.randint(2020, 2024))
        if key == "P":
            return f"{rng.randint(1, 99)},{rng.randint(0, 9)}"
        return f"{rng.randint(100, 50_000):,}".replace(",", ".")


def one_sentence(kb: float) -> tuple[str, str]:
    """(hostile, ordinary): `kb` KB of report sentences as one sentence with no full stop,
    and as written, in paragraphs of five sentences."""
    sentences = _sentences(kb)
    paragraphs = [" ".join(sentences[k:k + 5]) for k in range(0, len(sentences), 5)]
    return " ".join(s[:-1] for s in sentences), "\n".join(paragraphs)


def _rows(n: int, seed: int = 11) -> list[str]:
    """n table rows: a district of the place tables, a count of workers and a poverty rate."""
    from vnlabour.tables import read_table

    rng = random.Random(seed)
    names = sorted({r["district"] for r in read_table("districts")})
    return [f"huyện {rng.choice(names)} {rng.randint(100, 9999):,} lao động".replace(",", ".")
            + f", tỷ lệ hộ nghèo {rng.randint(1, 30)},{rng.randint(10, 99)}%" for _ in range(n)]


HEADER = "Năm 2024, kết quả giải quyết việc làm mới của các huyện như sau"


def flattened_table(rows: int) -> tuple[str, str]:
    """(hostile, ordinary): a table of `rows` rows flattened to one line, and one sentence
    per row."""
    items = _rows(rows)
    return (f"{HEADER}: " + " ".join(items),
            f"{HEADER}. " + " ".join(f"{i[0].upper()}{i[1:]}." for i in items))


def short_lines(lines: int) -> tuple[str, str]:
    """(hostile, ordinary): `lines` numbered items, one a line, and as sentences in
    paragraphs of ten."""
    items = [f"{n}. {item}" for n, item in enumerate(_rows(lines), 1)]
    paragraphs = [" ".join(i + "." for i in items[k:k + 10]) for k in range(0, len(items), 10)]
    return f"{HEADER}:\n" + "\n".join(items), f"{HEADER}.\n" + "\n".join(paragraphs)


def extract_seconds(path: Path, runs: int) -> tuple[dict, int]:
    """Timings of process_file on one file and the facts it reads."""
    from vnlabour.corpus import process_file

    facts = []
    times = [timed(lambda: facts.append(len(process_file(path).facts))) for _ in range(runs)]
    return summary(times), facts[0]


def main() -> None:
    p = parser(__doc__)
    p.set_defaults(runs=1)
    p.add_argument("--kb", type=float, default=500.0, help="size of the one-sentence text")
    p.add_argument("--rows", type=int, default=5000, help="rows of the flattened table")
    p.add_argument("--lines", type=int, default=100_000, help="short lines of numbers")
    args = p.parse_args()
    shapes = {"one_sentence": one_sentence(args.kb), "flat_table": flattened_table(args.rows),
              "short_lines": short_lines(args.lines)}
    work = Path(tempfile.mkdtemp(prefix="vnlabour-bench-hostile-"))
    figures, table = {}, []
    try:
        warm = work / "warm.txt"   # rules and place tables loaded before any clock starts
        warm.write_text(one_sentence(2)[1], encoding="utf-8")
        extract_seconds(warm, 1)
        print(f"{'shape':<14}{'KB':>8}{'hostile s':>11}{'facts':>8}{'ordinary s':>12}{'facts':>8}"
              f"{'ratio':>8}")
        for name, (hostile, ordinary) in shapes.items():
            timing = {}
            for kind, text in (("hostile", hostile), ("ordinary", ordinary)):
                path = work / f"{name}_{kind}.txt"
                path.write_text(text, encoding="utf-8")
                timing[kind] = extract_seconds(path, args.runs)
            (bad, n_bad), (good, n_good) = timing["hostile"], timing["ordinary"]
            ratio = bad["median"] / good["median"]
            kb = len(hostile.encode("utf-8")) / 1000
            figures[name] = {"kb": round(kb, 1), "hostile_s": bad, "ordinary_s": good,
                             "hostile_facts": n_bad, "ordinary_facts": n_good,
                             "ratio": round(ratio, 2)}
            print(f"{name:<14}{kb:>8.0f}{bad['median']:>11.2f}{n_bad:>8}{good['median']:>12.2f}"
                  f"{n_good:>8}{ratio:>8.2f}")
            table += [row(f"{name.replace('_', ' ')} ({kb:.0f} KB), hostile", bad["median"], "s"),
                      row(f"{name.replace('_', ' ')}, hostile ÷ same words in sentences", ratio,
                          "×", at_most=3.0 if name == "one_sentence" else None)]
        save(args.results, "hostile", figures, table)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
