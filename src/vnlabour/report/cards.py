"""Headline figures: the latest actual value of a few core indicators per province, with
its share of plan and target, as HTML cards (each value links to its mark on its article
page) and as plain text (what nbval checks and a terminal shows)."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from vnlabour.report import fmt, labels
from vnlabour.report.fmt import Html, esc

HEADLINE_CODES = ("jobs_created", "trained_labour_rate", "poverty_rate")


def latest(rows: pd.DataFrame, indicator: str, status: str = "actual") -> pd.Series | None:
    """The row of `indicator` with `status` for the latest year, or None."""
    sel = rows[(rows["indicator"] == indicator) & (rows["status"] == status)
               & rows["year"].notna()]
    if sel.empty:
        return None
    return sel.sort_values("year").iloc[-1]


def items(rows: pd.DataFrame, provinces: Sequence[str]) -> list[dict]:
    """One headline per province and headline indicator: its latest actual row (None when
    there is none), the share of plan and the target of the same year (text or '')."""
    out = []
    for prov in provinces:
        own = rows[rows["province"] == prov]
        if own.empty and len(provinces) > 1:
            continue
        for code in HEADLINE_CODES:
            row = latest(own, code)
            item = {"province": prov, "code": code, "row": row, "plan": "", "target": ""}
            if row is not None:
                same = own[(own["year"] == row["year"])]
                plan = same[(same["indicator"] == code + labels.PLAN_SUFFIX)
                            & (same["status"] == "actual")]
                target = same[(same["indicator"] == code) & (same["status"] == "target")]
                if len(plan):
                    p = plan.iloc[0]
                    item["plan"] = fmt.value(p["value"], p["unit"], p["qualifier"])
                if len(target):
                    t = target.iloc[0]
                    item["target"] = fmt.value(t["value"], t["unit"], t["qualifier"],
                                               t["value_max"])
            out.append(item)
    return out


def _value(row) -> str:
    return fmt.value(row["value"], row["unit"], row["qualifier"], row["value_max"],
                     with_unit=True)


def headlines(rows: pd.DataFrame, provinces: Sequence[str]) -> list[str]:
    """Plain-text headline figures per province: latest actual jobs created (with % of plan),
    trained labour rate and poverty rate, province level only."""
    lines = []
    for it in items(rows, provinces):
        name, row = labels.label(it["code"]), it["row"]
        if row is None:
            lines.append(f"{it['province']} · {name}: no province-level figure")
            continue
        text = _value(row) + (f" ({it['plan']} of plan)" if it["plan"] else "")
        text += f", target {it['target']}" if it["target"] else ""
        lines.append(f"{it['province']} · {name} · {int(row['year'])}: {text}")
    return lines


def cards(rows: pd.DataFrame, provinces: Sequence[str], text: str) -> Html:
    """The headlines as cards; the indicators without a figure are named in one line."""
    shown, missing = [], []
    for it in items(rows, provinces):
        row, name = it["row"], labels.indicator(it["code"]).label_en
        if row is None:
            missing.append(name)
            continue
        value = fmt.local_link(row.get("href", ""), _value(row), row.get("hover", ""))
        extra = "; ".join(filter(None, [f"{it['plan']} of plan" if it["plan"] else "",
                                        f"target {it['target']}" if it["target"] else ""]))
        place = f"{esc(it['province'])} · " if len(provinces) > 1 else ""
        shown.append(f'<div class="vn-card"><div class="vn-card-label">{place}{esc(name)}, '
                     f'{int(row["year"])}</div><div class="vn-card-value">{value}</div>'
                     + (f'<div class="vn-card-extra">{esc(extra)}</div>' if extra else "")
                     + "</div>")
    html = f'<div class="vn-cards">{"".join(shown)}</div>' if shown else ""
    if missing:
        html += (f'<p class="vn-note">No province-level figure for '
                 f'{esc(", ".join(dict.fromkeys(missing)))}.</p>')
    return Html(html, text)
