"""Static charts (PNG, embedded in the notebook output) for the reports.

Charts are drawn on `matplotlib.figure.Figure` objects (no pyplot state, safe in threads) and
returned as `Chart`, which a notebook shows as an <img> with alt text; HTML built from the
notebook therefore needs no JavaScript and works offline.
"""
from __future__ import annotations

import base64
import functools
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
    """A figure with an Agg canvas, whose renderer measures the text that `_layout` places
    (the draw then finds those measurements cached)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    matplotlib.rcParams.update(RC)
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _render(fig: Figure, title: str, alt: str) -> Chart:
    """The chart as PNG: one draw (the layout is already fixed), fast zlib compression (the
    same pixels in a slightly larger file)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None},
                pil_kwargs={"compress_level": 1})
    return Chart(buf.getvalue(), title, alt)


# ----------------------------------------------------------------------------- layout
# matplotlib's constrained layout measures every artist of a chart several times and saving
# the chart draws it twice. `_layout` measures once only what can reach beyond the axes (tick
# and axis labels, panel titles, a legend below the axes and the data labels a chart names)
# and fixes the axes positions before the one draw: the same arrangement and padding. The
# draw reuses the text measurements (they are cached per renderer).

PAD = 3 / 72  # inches between the figure's edge, the panels and the suptitle


def _suptitle(fig: Figure, title: str, *, left: bool, size: int):
    """The figure title, PAD below the top edge: left-aligned or centred."""
    height = fig.get_size_inches()[1]
    return fig.suptitle(title, x=0.01 if left else 0.5, y=1 - PAD / height,
                        ha="left" if left else "center", va="top", fontsize=size,
                        fontweight="bold")


def _layout(fig: Figure, suptitle, titles=(), labels=()) -> None:
    """Place the figure's axes (one row, equal sizes) below the `suptitle` so that what is
    drawn around them fits in the figure, PAD apart. Panel `titles` (left-aligned) are
    wrapped to the width of their panel; `labels` are the data labels (annotations) that may
    reach beyond the axes. Measured again only when the final sizes show other tick labels
    (another round or two of a few milliseconds)."""
    renderer = fig.canvas.get_renderer()
    width, height = fig.get_size_inches() * DPI
    pad = PAD * DPI
    top = suptitle.get_window_extent(renderer).y0 - pad
    axes, shown = fig.axes, None
    for _ in range(3):
        ticks = [[_tick_labels(axis) for axis in (ax.xaxis, ax.yaxis)] for ax in axes]
        texts = [label.get_text() for t in ticks for tt in t for _, label, _ in tt]
        if texts == shown:  # the tick labels measured last round are those of the final size
            return
        shown = texts
        boxes = [_boxes(ax, renderer, tk, [t for t in labels if t.axes is ax])
                 for ax, tk in zip(axes, ticks)]
        w, overs = _fit(width - pad * (len(axes) + 1), [[b[:3] for b in bs] for bs in boxes])
        x, lefts = pad, []  # the left edge of each panel's axes
        for before, after in overs:
            lefts.append(x + before)
            x += before + w + after + pad
        for title in titles:
            k = axes.index(title.axes)
            _wrap(title, w + overs[k][1])
            boxes[k].append(_anchored(title, title.axes.bbox, 0.0, 1.0, renderer))
        h, ((below, _),) = _fit(top - pad, [[b[3:] for bs in boxes for b in bs]])
        for ax, left in zip(axes, lefts):
            ax.set_position([left / width, (pad + below) / height, w / width, h / height])


def _fit(total: float, box_lists: list[list[tuple]]) -> tuple[float, list[tuple]]:
    """The common length of axes placed one after another in `total` pixels together with
    the room their boxes need beyond them, and that room ((before, after) for each axes).
    A box (frac, lo, hi) reaches from frac × length + lo to frac × length + hi."""
    length = total / len(box_lists)
    for _ in range(8):  # converges: the room needed shrinks as the length grows
        overs = [_overhang(boxes, length) for boxes in box_lists]
        length = (total - sum(b + a for b, a in overs)) / len(box_lists)
    return length, [_overhang(boxes, length) for boxes in box_lists]


def _overhang(boxes: list[tuple], length: float) -> tuple[float, float]:
    """How far `boxes` reach before and after axes of `length` (see _fit)."""
    before = max([0.0] + [-(f * length + lo) for f, lo, _ in boxes])
    after = max([0.0] + [f * length + hi - length for f, _, hi in boxes])
    return before, after


def _anchored(artist, axes_box, fx: float, fy: float, renderer) -> tuple:
    """The box of `artist` anchored at the fraction (fx, fy) of the axes: (fx, x_lo, x_hi,
    fy, y_lo, y_hi), in pixels from the anchor."""
    bb = artist.get_window_extent(renderer)
    x, y = axes_box.x0 + fx * axes_box.width, axes_box.y0 + fy * axes_box.height
    return fx, bb.x0 - x, bb.x1 - x, fy, bb.y0 - y, bb.y1 - y


def _boxes(ax, renderer, tick_labels, labels) -> list[tuple]:
    """The boxes (see _anchored) of what is drawn around `ax`: its x and y `tick_labels`
    (`_tick_labels`), which keep their offset from their tick whatever the axes size, the
    axis labels outside them, a legend below the axes and the data `labels` (annotations at
    data points)."""
    a = ax.bbox
    out = []
    for axis, along_x, shown in ((ax.xaxis, True, tick_labels[0]),
                                 (ax.yaxis, False, tick_labels[1])):
        ticks = [_anchored(label, a, *((frac, 0.0 if first else 1.0) if along_x else
                                       (0.0 if first else 1.0, frac)), renderer)
                 for frac, label, first in shown]
        out += ticks
        if axis.label.get_text():
            far = max([0.0] + [-(b[4] if along_x else b[1]) for b in ticks])
            gap = far + axis.labelpad * DPI / 72
            bb = axis.label.get_window_extent(renderer)
            out.append((0.5, -bb.width / 2, bb.width / 2, 0.0, -gap - bb.height, -gap)
                       if along_x else
                       (0.0, -gap - bb.width, -gap, 0.5, -bb.height / 2, bb.height / 2))
    legend = ax.get_legend()
    if legend is not None and legend.get_window_extent(renderer).y1 <= a.y0:
        out.append(_anchored(legend, a, 0.5, 0.0, renderer))  # centred below the axes
    to_axes = ax.transScale + ax.transLimits
    out += [_anchored(label, a, *to_axes.transform(label.xy), renderer) for label in labels]
    return out


def _tick_labels(axis) -> list[tuple]:
    """(fraction of the axis, label, True when below/left) of the tick labels `axis` draws."""
    axis.get_ticklabels()  # formats and places the ticks of the current view
    v0, v1 = axis.axes.get_xlim() if axis.axis_name == "x" else axis.axes.get_ylim()
    out = []
    for tick, loc in zip(axis.get_major_ticks(), axis.get_majorticklocs()):
        frac = (loc - v0) / (v1 - v0)
        if -1e-9 <= frac <= 1 + 1e-9:
            out += [(frac, label, first) for label, first in ((tick.label1, True),
                                                              (tick.label2, False))
                    if label.get_visible() and label.get_text()]
    return out


def _wrap(title, room: float) -> None:
    """Break a title into lines no wider than `room` pixels, greedily at spaces (as
    matplotlib's wrap=True does, against the figure's edge)."""
    words = title.get_text().replace("\n", " ").split(" ")
    prop = title.get_fontproperties()
    size, weight = prop.get_size_in_points(), prop.get_weight()
    lines, line = [], words[0]
    for word in words[1:]:
        if _text_width(f"{line} {word}", size, weight) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}"
    title.set_text("\n".join([*lines, line]))


@functools.lru_cache(maxsize=4096)
def _text_width(text: str, size: float, weight) -> float:
    """Width in pixels of one line of text in the charts' font (the same titles recur in
    every report, so a kernel measures each once)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family=RC["font.family"], size=size, weight=weight)
    return RendererAgg(1, 1, DPI).get_text_width_height_descent(text, prop, ismath=False)[0]


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
    alt, titles, notes = [title + "."], [], []
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
                notes += [ax.annotate(f"target {t}", (x[int(xx)] + off, yy), fontsize=8,
                                      textcoords="offset points", xytext=(6, -3), color=TARGET)
                          for xx, yy, t in zip(tgt["year"], tgt["value"], tgt["text"])]
            alt += [f"{s} {int(y)} {status}: {text}." for y, status, text in
                    zip(own["year"], own["status"], own["text"])]
        ax.set_xticks(range(len(years)), [str(y) for y in years])
        pad = 0.2 + max(0.0, (3 - len(years)) / 2)  # keep a lone year's bars narrow
        ax.set_xlim(-0.5 - pad, len(years) - 0.5 + pad)
        if n > 1:  # one panel: the chart's title names it (one title per chart)
            titles.append(ax.set_title(panel["title"], loc="left", y=1.0))
        ax.set_ylabel(_unit_axis(panel["unit"]))
        ax.yaxis.set_major_formatter(_fmt_tick(panel["unit"]))
        ax.grid(axis="y", color=GRID)
        top = float(data["value"].max()) if len(data) else 1.0
        ax.set_ylim(0, (top if top > 0 else 1.0) * 1.22)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), borderaxespad=3.5, ncol=2,
                  fontsize=8, frameon=False)  # 28 pt below the axes, under the year labels
    # the bar labels stay inside: centred on their bar, below the 22% headroom above the top
    _layout(fig, _suptitle(fig, title, left=False, size=13), titles, notes)
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
    values = ax.bar_label(bars, labels=list(data["actual_text"])[::-1], padding=3, fontsize=9)
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
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    _layout(fig, _suptitle(fig, title, left=True, size=12), labels=values)
    alt = [title + ", highest first."]
    alt += [f"{label}: {actual or 'no actual value'}" + (f", target {tgt}" if tgt else "") + "."
            for label, actual, tgt in zip(data["label"], data["actual_text"],
                                          data["target_text"])]
    return _render(fig, title, " ".join(alt))


def scatter(data: pd.DataFrame, title: str, x_label: str, y_label: str) -> Chart:
    """One labelled point per area (columns label, x, y, x_text, y_text)."""
    fig = _figure(7, 4.8)
    ax = fig.subplots()
    ax.scatter(data["x"], data["y"], s=60, color=ACTUAL, zorder=3)
    names = [ax.annotate(label, (x, y), textcoords="offset points", xytext=(6, 5), fontsize=9)
             for label, x, y in zip(data["label"], data["x"], data["y"])]
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.xaxis.set_major_formatter(_fmt_tick("percent"))
    ax.yaxis.set_major_formatter(_fmt_tick("percent"))
    ax.set_xlim(0, max(100.0, float(data["x"].max()) * 1.1))
    ax.set_ylim(0, max(1.0, float(data["y"].max()) * 1.3))
    ax.grid(color=GRID)
    _layout(fig, _suptitle(fig, title, left=True, size=12), labels=names)
    alt = [title + "."] + [f"{label}: {x}, {y}." for label, x, y in
                           zip(data["label"], data["x_text"], data["y_text"])]
    return _render(fig, title, " ".join(alt))


def warm_up() -> None:
    """Draw a tiny chart once so that fonts and the PNG writer are loaded (the build calls it
    in each kernel before the first report)."""
    fig = _figure(1, 1)
    fig.subplots().set_title("Hà Giang 30,500")
    _layout(fig, _suptitle(fig, "warm-up", left=True, size=12))
    _render(fig, "warm-up", "")
