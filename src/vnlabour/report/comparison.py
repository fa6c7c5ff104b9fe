"""The comparison report: what `notebooks/comparison_report.ipynb` shows.

Province-level values only (district figures are listed in the caveats and the coverage map).
Geography `legacy` compares the 63 provinces as reported; `2025` the 34 merged provinces, with
counts summed over the merged provinces that report them and rates never averaged.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from vnlabour.report import bars, fmt, labels, tables
from vnlabour.report.downloads import Downloads
from vnlabour.report.fmt import Html, esc
from vnlabour.report.province import _note, legend, table_html
from vnlabour.report.scope import GEOGRAPHIES, LEGACY


class ComparisonReport:
    """Provinces side by side for one year.

    `year=None` takes the latest year with an actual province-level figure; `indicators=None`
    the core indicators; `geography` is 'legacy' (63 provinces) or '2025' (34 provinces).
    """

    def __init__(self, dataset, year: int | None = None,
                 indicators: Sequence[str] | None = None, geography: str = LEGACY,
                 downloads: str | None = None) -> None:
        if geography not in GEOGRAPHIES:
            raise ValueError(f"geography must be one of {GEOGRAPHIES}, not {geography!r}")
        self.downloads = Downloads(downloads, f"comparison-{geography}")
        self.data = tables.Data.coerce(dataset)
        self.geography = geography
        self.indicators = list(indicators) if indicators else labels.core_codes()
        unknown = [c for c in self.indicators if c not in labels.core_codes()
                   and c not in set(self.data.indicators["indicator"])]
        if unknown:
            raise ValueError(f"unknown indicator code(s): {', '.join(unknown)}; known: "
                             f"{', '.join(labels.core_codes())}")
        self.year = int(year) if year is not None else tables.default_year(
            self.data, self.indicators)
        wanted = set(self.indicators) | {c + labels.PLAN_SUFFIX for c in self.indicators}
        values, self.combine_notes = tables.area_values(self.data, geography)
        values = values[values["indicator"].isin(wanted)].reset_index(drop=True)
        self.values_all = values
        self.values = values[values["year"] == self.year].reset_index(drop=True)

    @property
    def area_word(self) -> str:
        return "province (pre-2025)" if self.geography == LEGACY else "2025 province"

    @property
    def n_figures(self) -> int:
        """Number of values in the year's comparison."""
        return len(self.values)

    def header(self) -> Html:
        geo = ("legacy geography: the 63 provinces before 1 July 2025, as reported"
               if self.geography == LEGACY else
               "2025 geography: the 34 provinces after the 1 July 2025 merger")
        if self.year is None:
            summary = "No province-level figures in the dataset."
        else:
            n = self.values["area"].nunique()
            summary = (f"{self.year}: {len(self.values)} figure(s) for {n} "
                       f"{'province' if n == 1 else 'provinces'}.")
        title = f"Provinces compared, {self.year if self.year is not None else 'no data'}"
        html = (f'<h1 class="vn-title">{esc(title)}</h1><p class="vn-sub">{esc(geo)}.</p>'
                f'<p class="vn-summary">{esc(summary)}</p>')
        return Html(html, f"{title}\n{geo}.\n{summary}")

    def headlines(self) -> str:
        """Plain text: per indicator, the areas from highest to lowest actual value."""
        if self.values.empty:
            return f"No province-level figures for {self.year}."
        lines = []
        for code in self._codes(plan=False):
            r = tables.ranked(self.values, code, self.year)
            r = r[r["actual_text"] != ""]
            if len(r):
                lines.append(f"{labels.label(code)}, {self.year}: " + "; ".join(
                    f"{a} {t}" for a, t in zip(r["label"], r["actual_text"])))
        return "\n".join(lines) or f"No actual figures for {self.year}."

    def headline_cards(self) -> Html:
        """The headlines as HTML cards, one per indicator: areas from highest to lowest."""
        text = self.headlines()
        out = []
        for code in ([] if self.values.empty else self._codes(plan=False)):
            r = tables.ranked(self.values, code, self.year)
            r = r[r["actual_text"] != ""]
            if len(r):
                lines = "".join(f"<li>{esc(a)}: <b>{esc(t)}</b></li>"
                                for a, t in zip(r["label"], r["actual_text"]))
                out.append(f'<div class="vn-card"><div class="vn-card-label">'
                           f"{esc(labels.indicator(code).label_en)}, {self.year}</div>"
                           f'<ol class="vn-card-extra">{lines}</ol></div>')
        if not out:
            return _note(text)
        return Html(f'<div class="vn-cards">{"".join(out)}</div>', text)

    def _codes(self, plan: bool) -> list[str]:
        """Selected indicator codes with figures in the year: % of plan codes or the others."""
        have = set(self.values["indicator"])
        if plan:
            cands = [labels.base_code(c) + labels.PLAN_SUFFIX for c in self.indicators]
        else:
            cands = [c for c in self.indicators if labels.kind(c) != "plan_pct"]
        return [c for c in dict.fromkeys(cands) if c in have]

    def _ranking(self, data: pd.DataFrame, title: str, reference: float | None = None) -> Html:
        """A ranking of areas (HTML bars) when at least three state the figure, else their
        values in a table: two values are not a ranking."""
        data = data[data["actual_text"] != ""] if reference is not None else data
        n = int((data["actual_text"] != "").sum())
        if n >= bars.MIN_RANKED:
            return bars.ranked_bars(data, title, reference)
        df = pd.DataFrame({self.area_word.capitalize(): data["label"],
                           "Actual": data["actual_text"], "Target": data["target_text"],
                           "_href:Actual": data["href"], "_hover:Actual": data["hover"]})
        out = table_html(df, numeric=("Actual", "Target"), caption=title)
        areas = data.loc[data["actual_text"] != "", "label"].str.split(" · ").str[0].nunique()
        note = (f"{areas} {'province states' if areas == 1 else 'provinces state'} "
                f"{'this figure' if reference is None else 'a share of plan'} for {self.year}: "
                f"not ranked (a ranking needs at least {bars.MIN_RANKED} values).")
        return Html(out.html + f'<p class="vn-note">{esc(note)}</p>', f"{title}\n{out.text}")

    def ranked_charts(self) -> list[Html]:
        """Per indicator with data in the year, the areas ranked (targets beside them)."""
        return [self._ranking(tables.ranked(self.values, code, self.year),
                              f"{labels.label(code)}, {self.year}")
                for code in self._codes(plan=False)]

    def show_ranked(self) -> None:
        """Display the rankings (or a note when the year has no figures)."""
        from IPython.display import display

        shown = self.ranked_charts()
        if not shown:
            display(_note(f"No province-level figures for {self.year}."))
        for c in shown:
            display(c)

    def plan_chart(self) -> Html:
        """% of plan per area and indicator, against full plan (100%)."""
        rows = []
        for code in self._codes(plan=True):
            r = tables.ranked(self.values, code, self.year)
            base = labels.indicator(labels.base_code(code)).label_en
            rows.append(r.assign(label=[f"{lab} · {base}" for lab in r["label"]]))
        data = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
        if data.empty or not (data["actual_text"] != "").any():
            return _note(f"No % of plan figures for {self.year}.")
        data = data.sort_values("actual", ascending=False, kind="stable").reset_index(drop=True)
        return self._ranking(data, f"Plan fulfilment (% of plan), {self.year}", reference=100)

    def maps(self) -> list:
        """Tile-grid maps: how many figures each province has (all years), and the first
        core count indicator of the year with a value for at least one province."""
        from vnlabour.report import maps

        cov = tables.coverage(self.data, self.geography, self.indicators)
        cov = cov[~cov.index.str.endswith(f"{tables.DISTRICT_LEVEL})")]
        counts = {area: (float(n), str(int(n))) for area, n in cov.sum(axis=1).items() if n}
        geo = f"{len(maps.positions(self.geography))} provinces"
        out = [maps.tile_map(counts, f"Figures per province, all years ({geo})",
                             self.geography, "the number of figures")]
        for code in self._codes(plan=False):
            r = tables.ranked(self.values, code, self.year)
            r = r[r["actual_text"] != ""]
            if labels.kind(code) == "count" and len(r):
                out.append(maps.tile_map(
                    {a: (v, t) for a, v, t in zip(r["label"], r["actual"], r["actual_text"])},
                    f"{labels.indicator(code).label_en}, {self.year} ({geo})", self.geography,
                    labels.indicator(code).label_en.lower()))
                break
        return out

    def show_maps(self) -> Html:
        """The tile-grid maps side by side."""
        shown = self.maps()
        return Html('<div class="vn-maps">' + "".join(m._repr_html_() for m in shown)
                    + "</div>", "\n".join(repr(m) for m in shown))

    def time_series(self) -> list[Html]:
        """Per indicator with figures in two years or more, each area's values by year
        (actual, with the target of the year after it), each value linked to its source."""
        out = []
        for code in self.indicators:
            v = self.values_all[self.values_all["indicator"] == code]
            years = sorted({int(y) for y in v["year"].dropna()})
            if len(years) < 2:
                continue
            grid: dict[str, dict] = {}
            for r, text in zip(v.to_dict("records"), tables.cells(v)):
                col = str(int(r["year"])) + (" target" if r["status"] == "target" else "")
                row = grid.setdefault(r["label"], {self.area_word.capitalize(): r["label"]})
                row.setdefault(col, text)
                row.setdefault(f"_href:{col}", r["href"])
                row.setdefault(f"_hover:{col}", r["hover"])
            cols = [c for y in years for c in (str(y), f"{y} target")
                    if any(c in row for row in grid.values())]
            df = pd.DataFrame(sorted(grid.values(), key=lambda r: tables.sort_key(
                r[self.area_word.capitalize()]))).reindex(
                columns=[self.area_word.capitalize(), *cols,
                         *[f"_{k}:{c}" for c in cols for k in ("href", "hover")]]).fillna("")
            out.append(self.downloads.attach(
                table_html(df, numeric=tuple(cols), caption=f"{labels.label(code)}, by year"),
                df, f"series-{code}"))
        return out or [_note("No indicator has province-level figures for two years or more.")]

    def show_time_series(self) -> None:
        """Display the time series tables."""
        from IPython.display import display

        for t in self.time_series():
            display(t)

    def trained_vs_poverty(self):
        """Trained labour rate (x) against poverty rate (y), one point per area."""
        from vnlabour.report import figures

        v = self.values[self.values["status"] == "actual"]
        x = v[v["indicator"] == "trained_labour_rate"].drop_duplicates("label")
        y = v[v["indicator"] == "poverty_rate"].drop_duplicates("label")
        both = x.merge(y, on="label", suffixes=("_x", "_y"))
        if both.empty:
            only_x = ", ".join(x["label"]) or "none"
            only_y = ", ".join(y["label"]) or "none"
            return _note(f"No area has both a trained labour rate and a poverty rate for "
                         f"{self.year} (trained labour rate: {only_x}; poverty rate: "
                         f"{only_y}).")
        data = pd.DataFrame({
            "label": both["label"], "x": both["value_x"], "y": both["value_y"],
            "x_text": [f"trained {fmt.value(v, 'percent', q)}" for v, q in
                       zip(both["value_x"], both["qualifier_x"])],
            "y_text": [f"poverty {fmt.value(v, 'percent', q)}" for v, q in
                       zip(both["value_y"], both["qualifier_y"])]})
        return figures.scatter(data, f"Trained labour rate against poverty rate, {self.year} "
                               f"({len(data)} {'area' if len(data) == 1 else 'areas'})",
                               labels.label("trained_labour_rate"), labels.label("poverty_rate"))

    def coverage_chart(self) -> Html:
        """Which figures exist for each place (all years): a table of counts, darker where
        there are more (district-level places listed after the provinces)."""
        cov = tables.coverage(self.data, self.geography, self.indicators)
        if cov.empty:
            return _note("No figures in the dataset.")
        top = max(int(cov.to_numpy().max()), 1)
        head = "".join(f'<th scope="col">{esc(labels.indicator(c).label_en)}</th>'
                       for c in self.indicators)
        body = "".join(
            f'<tr><th scope="row">{esc(place)}</th>' + "".join(
                f'<td class="num" style="background:rgba(42,111,151,{0.1 + 0.6 * n / top:.2f})">'
                f"{int(n)}</td>" if n else "<td></td>" for n in row) + "</tr>"
            for place, row in zip(cov.index, cov.to_numpy()))
        text = cov.to_string()
        return Html(f'<table class="vn-table vn-coverage"><caption>Figures per place and '
                    f"indicator, all years</caption><thead><tr><th></th>{head}</tr></thead>"
                    f"<tbody>{body}</tbody></table>", text)

    def parts(self) -> Html:
        """2025 geography: the former provinces' values the 2025 provinces do not combine,
        each under its 2025 province (the year's, and every year's)."""
        if self.geography == LEGACY:
            return _note("The 63 provinces as reported: nothing is combined.")
        df = tables.merged_parts(self.data)
        if df.empty:
            return _note("Every value of a 2025 province combines all its former provinces.")
        out = table_html(df, numeric=("Value",), caption="Values of former provinces, not "
                         "combined (a rate, or a count not every former province reports)")
        return self.downloads.attach(out, df, "parts")

    def table(self) -> Html:
        """Every value of the year: actual, target, % of plan (and notes for 2025 sums)."""
        if self.values.empty:
            return _note(f"No province-level figures for {self.year}.")
        df = tables.area_table(self.values, self.year, self.geography)
        out = table_html(df, numeric=("Actual", "Target", "% of plan"))
        out = Html(out.html + f'<p class="vn-legend">{esc(legend())}</p>', out.text)
        return self.downloads.attach(out, df, "table")

    def caveats(self) -> Html:
        notes = tables.caveats(self.data, self.values, self.year, self.geography,
                               self.combine_notes)
        return Html(fmt.bullet_list([esc(n) for n in notes]), "\n".join(f"- {n}" for n in notes))
