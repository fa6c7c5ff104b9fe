"""Tile-grid maps: one square per province at its approximate place (report/tile_grid.csv),
coloured by a value or by how many figures a province has; no geometry, nothing downloaded.

Each map is a PNG `figures.Chart` whose alt text says it is a map and lists every province's
value, so the map can be read without seeing it.
"""
from __future__ import annotations

import functools
import math
from pathlib import Path

from vnlabour.report import figures
from vnlabour.report.scope import LEGACY

GRID = Path(__file__).with_name("tile_grid.csv")
NO_DATA = "#eef1f4"


@functools.lru_cache(maxsize=None)
def positions(geography: str = LEGACY) -> dict[str, tuple[int, int]]:
    """Province name -> (row, col) of its square, for 'legacy' (63) or '2025' (34)."""
    from vnlabour.tables import read_file

    return {r["province"]: (int(r["row"]), int(r["col"])) for r in read_file(GRID)
            if r["geography"] == geography}


def _short(name: str) -> str:
    """A name that fits a square: 'Bà Rịa - Vũng Tàu' -> 'Bà Rịa -\nVũng Tàu'."""
    words = name.split()
    if len(name) <= 9 or len(words) == 1:
        return name
    half = math.ceil(len(words) / 2)
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])


def tile_map(values: dict[str, tuple[float, str]], title: str, geography: str = LEGACY,
             what: str = "value") -> figures.Chart:
    """The provinces of `geography` as squares; those in `values` (name -> (number, text))
    are coloured by the number (darker = higher) and show the text, the others are pale."""
    from matplotlib import colormaps
    from matplotlib.patches import Rectangle

    grid = positions(geography)
    n_rows = max(r for r, _ in grid.values()) + 1
    n_cols = max(c for _, c in grid.values()) + 1
    fig = figures._figure(0.66 * n_cols + 0.3, 0.42 * n_rows + 0.6)
    ax = fig.subplots()
    numbers = [v for v, _ in values.values() if not math.isnan(v)]
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    cmap = colormaps["Blues"]
    for name, (row, col) in grid.items():
        value, text = values.get(name, (math.nan, ""))
        shade = 0.25 + 0.7 * ((value - low) / (high - low) if high > low else 1.0)
        colour = NO_DATA if math.isnan(value) else cmap(shade)
        ax.add_patch(Rectangle((col, -row), 0.94, -0.9, color=colour))
        dark = not math.isnan(value) and shade > 0.6
        ax.text(col + 0.47, -row - 0.3, _short(name), ha="center", va="center", fontsize=5.5,
                color="white" if dark else "#1f2933", linespacing=0.9)
        if text:
            ax.text(col + 0.47, -row - 0.72, text, ha="center", va="center", fontsize=6,
                    fontweight="bold", color="white" if dark else "#1f2933")
    ax.set_xlim(-0.1, n_cols + 0.1)
    ax.set_ylim(-n_rows - 0.1, 0.1)
    ax.set_aspect("auto")
    ax.axis("off")
    figures._layout(fig, figures._suptitle(fig, title, left=True, size=11))
    shown = sorted((n for n in values if n in grid), key=lambda n: grid[n])
    era = "pre-2025" if geography == LEGACY else "2025"
    alt = [f"Tile-grid map of the {len(grid)} provinces ({era}), one square each, north at the "
           f"top, coloured by {what}: {title}."]
    alt += [f"{n}: {values[n][1]}." for n in shown]
    alt.append(f"{len(grid) - len(shown)} provinces without data are pale.")
    return figures._render(fig, title, " ".join(alt))
