"""Rankings as HTML bars: one row per province, its value linked to its mark on its article
page, the bar's length proportional to the value, the target beside it. Cheap to build for
63 provinces and many indicators (no image), readable at any zoom, and every value stays a
link to its source."""
from __future__ import annotations

import math

import pandas as pd

from vnlabour.report import fmt
from vnlabour.report.fmt import Html, esc

MIN_RANKED = 3  # fewer provinces with a figure: a table, not a ranking


def ranked_bars(data: pd.DataFrame, title: str, reference: float | None = None) -> Html:
    """`data` as `tables.ranked` returns it (highest first), as a titled list of bars;
    `reference` (e.g. 100 for % of plan) is named under the bars."""
    actual = [v for v in data["actual"] if not math.isnan(v)]
    top = max(actual + [v for v in data["target"] if not math.isnan(v)] + [reference or 0])
    rows, text = [], [title]
    for rank, r in enumerate(data.to_dict("records"), 1):
        width = 0 if math.isnan(r["actual"]) or top <= 0 else 100 * r["actual"] / top
        target = (f'<span class="vn-target">target {esc(r["target_text"])}</span>'
                  if r["target_text"] else "")
        rows.append(f'<tr><td class="num">{rank if r["actual_text"] else ""}</td>'
                    f'<td>{esc(r["label"])}</td><td class="num">'
                    f'{fmt.local_link(r["href"], r["actual_text"], r["hover"])}</td>'
                    f'<td class="vn-bar"><span class="vn-fill" style="width:{width:.1f}%">'
                    f"</span>{target}</td></tr>")
        text.append(f"{rank}. {r['label']}: {r['actual_text'] or 'no actual value'}"
                    + (f", target {r['target_text']}" if r["target_text"] else ""))
    note = (f'<p class="vn-legend">The bars start at 0; {fmt.number(reference)}% is full '
            "plan.</p>" if reference is not None else "")
    return Html(f'<table class="vn-bars"><caption>{esc(title)}</caption><tbody>'
                + "".join(rows) + "</tbody></table>" + note, "\n".join(text))


def strip(points: list[tuple[str, float, str, str]], own: set[str], title: str) -> Html:
    """A single value beside the other provinces' values of the same figure and year: one
    dot each on a line from the lowest to the highest, the province's own dots labelled and
    marked. `points`: (province, value, text, href)."""
    values = [v for _, v, _, _ in points]
    low, high = min(values), max(values)
    dots, text = [], [title]
    for name, value, shown, href in sorted(points, key=lambda p: p[1]):
        left = 50.0 if high == low else 100 * (value - low) / (high - low)
        mine = name in own
        side = " vn-from-left" if left < 25 else (" vn-from-right" if left > 75 else "")
        label = (f'<span class="vn-strip-label{side}">'
                 f'{fmt.local_link(href, f"{name} {shown}")}</span>' if mine else "")
        dots.append(f'<span class="vn-dot{" vn-own" if mine else ""}" style="left:{left:.1f}%"'
                    f' title="{esc(name)}: {esc(shown)}">{label}</span>')
        text.append(f"{'* ' if mine else ''}{name}: {shown}")
    others = len(points) - len([p for p in points if p[0] in own])
    scale = (f"{len(points)} provinces, from {esc(min(points, key=lambda p: p[1])[2])} to "
             f"{esc(max(points, key=lambda p: p[1])[2])}" if others else
             "no other province states this figure for the year")
    return Html(f'<figure class="vn-strip"><figcaption>{esc(title)}: {scale}</figcaption>'
                f'<div class="vn-strip-line">{"".join(dots)}</div></figure>', "\n".join(text))
