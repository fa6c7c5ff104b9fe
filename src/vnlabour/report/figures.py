"""Static charts (PNG, embedded in the notebook output) for the reports.

Charts are drawn on `matplotlib.figure.Figure` objects (no pyplot state, safe in threads) and
returned as `Chart`, which a notebook shows as an <img> with alt text; HTML built from the
notebook therefore needs no JavaScript and works offline. Seaborn draws the heatmap.
"""
from __future__ import annotations

import base64
import html
import io
import math

import pandas as pd
from matplotlib.figure import Figure

from vnlabour.report import fmt

ACTUAL = "#2a6f97"
ACTUAL_2 = "#7fb3d5"
TARGET = "#c0392b"
GRID = "#d9d9d9"
DPI = 100
RC = {
    "font.family": "DejaVu Sans",  # has every Vietnamese glyph; bundled with matplotlib
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#666666",
    "axes.axisbelow": True,
}


class Chart:
    """A rendered chart: PNG bytes plus a text description (alt text)."""

    def __init__(self, png: bytes, title: str, alt: str) -> None:
        self.png = png
        self.title = title
        self.alt = alt

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (f'<figure class="vn-chart"><img src="data:image/png;base64,{data}" '
                f'alt="{html.escape(self.alt, quote=True)}"></figure>')

    def __repr__(self) -> str:
        return f"[chart] {self.title}"


def _figure(width: float, height: float) -> Figure:
    import matplotlib

    matplotlib.rcParams.update(RC)
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _render(fig: Figure, title: str, alt: str) -> Chart:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return Chart(buf.getvalue(), title, alt)


def _unit_axis(unit: str) -> str:
    return {"percent": "%", "percentage_points": "percentage points"}.get(unit, unit)


def _fmt_tick(unit: str):
    from matplotlib.ticker import FuncFormatter

    if unit == "percent":
        return FuncFormatter(lambda v, _: f"{fmt.number(v)}%")
    return FuncFormatter(lambda v, _: fmt.number(v))


def year_panels(panels: list[dict], title: str) -> Chart:
    """Bars of actual values by year with target markers, one panel per indicator.

    Each panel: {'title', 'unit', 'data'} where data has columns series, year, status,
    value, text (the label shown above the bar). Several series (provinces) are grouped.
    """
    n = len(panels)
    fig = _figure(5.2 * n if n > 1 else 8, 4.6)
    axes = fig.subplots(1, n, squeeze=False)[0]
    alt = [title + "."]
    for ax, panel in zip(axes, panels):
        data = panel["data"]
        years = sorted(int(y) for y in data["year"].unique())
        series = list(dict.fromkeys(data["series"]))
        width = 0.8 / max(len(series), 1)
        x = {y: i for i, y in enumerate(years)}
        for j, s in enumerate(series):
            own = data[data["series"] == s]
            off = -0.4 + width * (j + 0.5)
            act = own[own["status"] == "actual"]
            colour = ACTUAL if j == 0 else ACTUAL_2
            if len(act):
                bars = ax.bar([x[int(y)] + off for y in act["year"]], act["value"], width * 0.9,
                              color=colour,
                              label=f"{s}: actual" if len(series) > 1 else "Actual")
                ax.bar_label(bars, labels=list(act["text"]), padding=2, fontsize=9)
            tgt = own[own["status"] == "target"]
            if len(tgt):
                ax.scatter([x[int(y)] + off for y in tgt["year"]], tgt["value"], marker="D",
                           s=46, color=TARGET, zorder=3,
                           label=f"{s}: target" if len(series) > 1 else "Target")
                for xx, yy, t in zip(tgt["year"], tgt["value"], tgt["text"]):
                    ax.annotate(f"target {t}", (x[int(xx)] + off, yy), textcoords="offset points",
                                xytext=(6, -3), fontsize=8, color=TARGET)
            for _, r in own.iterrows():
                alt.append(f"{s} {int(r['year'])} {r['status']}: {r['text']}.")
        ax.set_xticks(range(len(years)), [str(y) for y in years])
        pad = 0.2 + max(0.0, (3 - len(years)) / 2)  # keep a lone year's bars narrow
        ax.set_xlim(-0.5 - pad, len(years) - 0.5 + pad)
        ax.set_title(panel["title"], loc="left", wrap=True)
        ax.set_ylabel(_unit_axis(panel["unit"]))
        ax.yaxis.set_major_formatter(_fmt_tick(panel["unit"]))
        ax.grid(axis="y", color=GRID)
        top = float(data["value"].max()) if len(data) else 1.0
        ax.set_ylim(0, (top if top > 0 else 1.0) * 1.22)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8,
                  frameon=False)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    return _render(fig, title, " ".join(alt))


def ranked_bars(data: pd.DataFrame, title: str, unit: str, reference: float | None = None
                ) -> Chart:
    """Horizontal bars sorted from the highest actual value, target markers beside them.

    `data` as returned by `tables.ranked` (label, actual, actual_text, target, target_text).
    `reference` draws a vertical line (e.g. 100 for % of plan).
    """
    n = len(data)
    fig = _figure(8, 1.2 + 0.42 * max(n, 1))
    ax = fig.subplots()
    labels = list(data["label"])[::-1]
    pos = range(n)
    actual = list(data["actual"])[::-1]
    bars = ax.barh(pos, [0 if math.isnan(v) else v for v in actual], color=ACTUAL, height=0.6,
                   label="Actual")
    ax.bar_label(bars, labels=list(data["actual_text"])[::-1], padding=3, fontsize=9)
    target = list(data["target"])[::-1]
    has_t = [(p, t) for p, t in zip(pos, target) if not math.isnan(t)]
    if has_t:
        ax.scatter([t for _, t in has_t], [p for p, _ in has_t], marker="D", s=46,
                   color=TARGET, zorder=3, label="Target")
    if reference is not None:
        ax.axvline(reference, color="#333333", linewidth=1, linestyle="--",
                   label=f"{fmt.number(reference)}{'%' if unit == 'percent' else ''}")
    ax.set_yticks(list(pos), labels)
    ax.set_xlabel(_unit_axis(unit))
    ax.xaxis.set_major_formatter(_fmt_tick(unit))
    top = max([v for v in actual + target if not math.isnan(v)] + [reference or 0, 1e-9])
    ax.set_xlim(0, top * 1.25)
    ax.grid(axis="x", color=GRID)
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    alt = [title + ", highest first."]
    for _, r in data.iterrows():
        alt.append(f"{r['label']}: {r['actual_text'] or 'no actual value'}"
                   + (f", target {r['target_text']}" if r["target_text"] else "") + ".")
    return _render(fig, title, " ".join(alt))


def scatter(data: pd.DataFrame, title: str, x_label: str, y_label: str) -> Chart:
    """One labelled point per area (columns label, x, y, x_text, y_text)."""
    fig = _figure(7, 4.8)
    ax = fig.subplots()
    ax.scatter(data["x"], data["y"], s=60, color=ACTUAL, zorder=3)
    for _, r in data.iterrows():
        ax.annotate(r["label"], (r["x"], r["y"]), textcoords="offset points", xytext=(6, 5),
                    fontsize=9)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.xaxis.set_major_formatter(_fmt_tick("percent"))
    ax.yaxis.set_major_formatter(_fmt_tick("percent"))
    ax.set_xlim(0, max(100.0, float(data["x"].max()) * 1.1))
    ax.set_ylim(0, max(1.0, float(data["y"].max()) * 1.3))
    ax.grid(color=GRID)
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    alt = [title + "."] + [f"{r['label']}: {r['x_text']}, {r['y_text']}."
                           for _, r in data.iterrows()]
    return _render(fig, title, " ".join(alt))


def heatmap(table: pd.DataFrame, title: str) -> Chart:
    """Place × indicator counts as a heatmap (blank = no figure).

    Indicators run down the side while there are fewer places than indicators (their labels
    stay readable), across the top once the places outnumber them (63 provinces)."""
    import seaborn as sns

    places_as_rows = table.shape[0] > table.shape[1]
    shown = table if places_as_rows else table.T
    rows, cols = shown.shape
    if places_as_rows:
        fig = _figure(2.6 + 0.7 * cols, 2.6 + 0.3 * rows)
    else:
        fig = _figure(min(14.0, 6.8 + 0.9 * cols), 2.2 + 0.34 * rows)
    ax = fig.subplots()
    counts = shown.to_numpy()
    annot = [["" if v == 0 else str(int(v)) for v in row] for row in counts]
    sns.heatmap(shown, ax=ax, annot=annot, fmt="", cmap="Blues", cbar=False, linewidths=0.8,
                linecolor="#ffffff", vmin=0, vmax=max(int(counts.max()), 1) * 1.3,
                mask=counts == 0)
    ax.set_facecolor("#f2f2f2")
    if places_as_rows:
        ax.set_xticks([i + 0.5 for i in range(cols)], [_two_lines(c) for c in shown.columns],
                      rotation=30, ha="right", rotation_mode="anchor", fontsize=9)
    else:
        ax.xaxis.tick_top()
        ax.set_xticks([i + 0.5 for i in range(cols)],
                      [c.replace(" (district-level)", "\n(district-level)")
                       for c in shown.columns],
                      rotation=30, ha="left", rotation_mode="anchor", fontsize=9)
    ax.set_yticks([i + 0.5 for i in range(rows)], list(shown.index), rotation=0, fontsize=9)
    ax.tick_params(length=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    alt = [title + "."]
    for place, row in table.iterrows():
        have = [f"{c}: {int(v)}" for c, v in row.items() if v]
        alt.append(f"{place}: {', '.join(have) or 'none'}.")
    return _render(fig, title, " ".join(alt))


def _two_lines(label: str) -> str:
    """'Jobs created (giải quyết việc làm)' -> 'Jobs created\n(giải quyết việc làm)', shortened."""
    en, sep, vi = label.partition(" (")
    vi = "(" + vi if sep else ""
    if len(vi) > 30:
        vi = vi[:28].rstrip() + "…)"
    return f"{en}\n{vi}" if vi else en


def warm_up() -> None:
    """Draw a tiny chart once so that fonts and the PNG writer are loaded (the build calls it
    in each kernel before the first report)."""
    fig = _figure(1, 1)
    fig.subplots().set_title("Hà Giang 30,500")
    _render(fig, "warm-up", "")
