"""Reviewing 50 figures with the review notebook's widgets: clicks and machine time per figure.

usage: python benchmarks/bench_review.py [--corpus DIR] [--figures 50] [--results F]

Extracts the corpus (default: the embedded one), builds the review panel of the notebook
(vnlabour.review_ui, 10 cards at a time) and clicks through the queue as a researcher would:
every 5th figure edited (Edit, change the value, Save), every 7th rejected, the others
accepted, "Next figures" after each 10. Prints the clicks per figure and the time from a
click to its row in corrections.csv (the panel's own work: queue, decision, progress line);
a researcher's reading time comes on top and is not measured here.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchlib import parser, row, save, text_row

ROOT = Path(__file__).resolve().parents[1]


def click_through(panel, figures: int) -> tuple[int, list[float]]:
    """Decide `figures` figures on the panel; (clicks, seconds per decision)."""
    clicks, seconds, done = 0, [], 0
    while done < figures:
        cards = [c for c in panel.cards.children if c.children and len(c.children) == 3]
        if not cards:
            break
        for card in cards:
            if done == figures:
                break
            accept, reject, edit = card.children[1].children[:3]
            t0 = time.perf_counter()
            if done % 5 == 4:
                edit.click()
                form = card.children[2]
                value = form.children[3]
                value.value = str(float(value.value or 0) + 1)
                form.children[-1].click()
                clicks += 2
            else:
                (reject if done % 7 == 6 else accept).click()
                clicks += 1
            seconds.append(time.perf_counter() - t0)
            done += 1
        panel.load()   # "Next figures"
        clicks += 1
    return clicks, seconds


def main() -> None:
    p = parser(__doc__, runs=False)
    p.add_argument("--corpus", type=Path, default=ROOT / "data" / "raw" / "articles")
    p.add_argument("--figures", type=int, default=50)
    args = p.parse_args()
    from vnlabour.corpus import run_extract
    from vnlabour.review_ui import Panel

    with tempfile.TemporaryDirectory(prefix="vnlabour-bench-review-") as tmp:
        data = Path(tmp) / "data"
        run_extract(args.corpus, data)
        panel = Panel({"province": None, "indicator": None, "document": None}, 10,
                      str(data), str(Path(tmp) / "corrections.csv"), "bench")
        clicks, seconds = click_through(panel, args.figures)
    n = len(seconds)
    figures = {"figures": n, "clicks": clicks, "clicks_per_figure": round(clicks / n, 2),
               "click_to_row_s": round(statistics.median(seconds), 3),
               "total_s": round(sum(seconds), 2)}
    save(args.results, "review", figures, [
        text_row("figures reviewed (accept, reject, edit)", str(n)),
        row("clicks per figure", clicks / n, ""),
        row("click -> row in corrections.csv (median)", statistics.median(seconds), "s",
            at_most=1.0),
        row(f"machine time for {n} figures", sum(seconds), "s")])


if __name__ == "__main__":
    main()
