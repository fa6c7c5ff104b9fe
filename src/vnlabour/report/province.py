"""The province report: what `notebooks/province_report.ipynb` shows, section by section.

Each method returns an object the notebook displays (escaped HTML with a plain-text form, or
a `Chart`), so the notebook stays a list of one-line calls with prose between them. A province
without figures gets a clear "no figures" message in every section instead of an error.
"""
from __future__ import annotations

from collections.abc import Iterable

from vnlabour.report import fmt, labels, review, tables
from vnlabour.report.fmt import Html, esc
from vnlabour.report.scope import resolve


def _note(text: str) -> Html:
    return Html(f'<p class="vn-note">{esc(text)}</p>', text)


def table_html(df, *, html_columns: tuple[str, ...] = (), numeric: tuple[str, ...] = (),
               caption: str = "", url_column: str | None = None) -> Html:
    """A DataFrame of display strings as an escaped HTML table (URLs linked when http(s))."""
    plain_rows = df.to_dict("records")
    rows = plain_rows
    if url_column:
        rows = [{**r, url_column: fmt.link(r[url_column]) if r[url_column] else ""}
                for r in plain_rows]
        html_columns = (*html_columns, url_column)
    cols = [str(c) for c in df.columns]
    plain = fmt.text_table(plain_rows, cols)
    return Html(fmt.html_table(rows, cols, html_columns=html_columns, numeric=numeric,
                               caption=caption), plain)


def legend() -> str:
    """Plain-text legend of the marks used in the tables."""
    marks = "; ".join(f"{fmt.QUALIFIER_MARKS[k]} {v}" for k, v in fmt.QUALIFIER_WORDS.items())
    return (f"Marks: {marks}; {fmt.DERIVED_MARK} derived (computed, not stated); "
            f"{fmt.CONFLICT_MARK} sources disagree.")


class ProvinceReport:
    """Figures of one province (a pre-2025 name) or of a 2025 province (its merged provinces).

    `dataset` is what `vnlabour.dataset.load` returns; `years` limits every section.
    """

    def __init__(self, dataset, province: str, years: Iterable[int] | None = None) -> None:
        self.data = tables.Data.coerce(dataset)
        self.scope = resolve(province)
        self.years = None if years is None else [int(y) for y in years]
        self.provinces = list(self.scope.provinces)
        self.rows = self.data.rows(self.provinces, years=self.years)
        self.district_rows = self.data.rows(self.provinces, level=tables.DISTRICT,
                                            years=self.years)

    # ------------------------------------------------------------------ header
    @property
    def n_figures(self) -> int:
        """Number of values shown (province and district level)."""
        return len(self.rows) + len(self.district_rows)

    def _place_columns(self) -> dict[str, str]:
        return {"province": "Province"} if self.scope.merged else {}

    def header(self) -> Html:
        """Title, the 2025 province (or the merged provinces) and a one-line summary."""
        s = self.scope
        if s.is_2025_name:
            sub = (f"2025 province (from 1 July 2025), covering the pre-2025 province(s): "
                   f"{', '.join(s.provinces)}.")
        else:
            p25 = ", ".join(s.province_2025) or "unknown"
            sub = (f"Pre-2025 province; since 1 July 2025 part of {p25}." if p25 != s.display
                   else "Province unchanged by the 1 July 2025 merger.")
        years = f"Years: {', '.join(map(str, self.years))}." if self.years else "Years: all."
        if self.n_figures == 0:
            summary = f"No figures for {s.display} in the dataset."
        else:
            yrs = sorted({int(y) for y in [*self.rows["year"].dropna(),
                                           *self.district_rows["year"].dropna()]})
            span = f"{yrs[0]}–{yrs[-1]}" if len(yrs) > 1 else (str(yrs[0]) if yrs else "n/a")
            summary = (f"{len(self.rows)} province-level and {len(self.district_rows)} "
                       f"district-level figure(s), {span}.")
        html = (f'<h1 class="vn-title">{esc(s.display)}</h1>'
                f'<p class="vn-sub">{esc(sub)} {esc(years)}</p>'
                f'<p class="vn-summary">{esc(summary)}</p>')
        return Html(html, f"{s.display}\n{sub} {years}\n{summary}")

    def headlines(self) -> str:
        """Headline figures as plain text (latest year per indicator)."""
        if self.n_figures == 0:
            return f"{self.scope.display}: no figures in the dataset."
        if self.rows.empty:
            return (f"{self.scope.display}: no province-level figures; "
                    f"{len(self.district_rows)} district-level figure(s) below.")
        return "\n".join(tables.headlines(self.rows, self.provinces))

    # ------------------------------------------------------------------ tables
    def key_figures(self) -> Html:
        """Indicator × year: actual, target, % of plan (province level only)."""
        if self.rows.empty:
            return _note(f"No province-level figures for {self.scope.display}"
                         + (" (district-level figures are shown below)."
                            if len(self.district_rows) else "."))
        df = tables.key_figures(self.rows, self._place_columns())
        out = table_html(df, numeric=("Actual", "Target", "% of plan"))
        return Html(out.html + f'<p class="vn-legend">{esc(legend())}</p>', out.text)

    def ranking(self) -> Html:
        """Rank of the province among provinces with the same figure (highest = 1)."""
        df = tables.ranks(self.data, self.provinces, self.years)
        own = self.rows[self.rows["status"] == "actual"]
        if df.empty:
            return _note(f"No province-level actual figures for {self.scope.display} to rank."
                         if own.empty else
                         f"No other province states the same figures as {self.scope.display} "
                         "for the same year, so there is nothing to rank against.")
        if not self.scope.merged:
            df = df.drop(columns="Province")
        out = table_html(df, numeric=("Value",))
        ranked = set(zip(df["Indicator"], df["Year"]))
        alone = {(labels.label(r.indicator), str(r.year)) for r in own.itertuples()
                 if not fmt.is_missing(r.year)} - ranked
        if alone:
            note = (f"{len(alone)} other figure(s) of {self.scope.display} are stated for no "
                    "other province in the same year and are not ranked.")
            return Html(out.html + f'<p class="vn-note">{esc(note)}</p>', out.text + "\n" + note)
        return out

    def districts(self) -> Html:
        """District-level figures, separate from the province totals."""
        if self.district_rows.empty:
            return _note(f"No district-level figures for {self.scope.display}.")
        cols = {"province": "Province", "locality": "District"} if self.scope.merged \
            else {"locality": "District"}
        df = tables.key_figures(self.district_rows, cols)
        return table_html(df, numeric=("Actual", "Target", "% of plan"))

    def provenance(self) -> Html:
        """Every stated figure with its quote, document and source link."""
        df = tables.provenance(self.data, self.provinces, self.years)
        if df.empty:
            return _note(f"No figures for {self.scope.display}, so no sources to list.")
        hover = df.pop("_hover")
        out = table_html(df, url_column="URL")
        if not hover.any():
            return out
        cells = [review.with_hover(v, h) for v, h in zip(df["Value"], hover)]
        marked = table_html(df.assign(Value=cells), url_column="URL", html_columns=("Value",))
        return Html(f'{marked.html}<p class="vn-note">{esc(review.LEGEND)}.</p>', out.text)

    def notes(self) -> Html:
        """Data notes: conflicts, derived figures, excluded figures, unresolved documents."""
        notes = tables.data_notes(self.data, self.provinces, self.years)
        if not notes:
            return _note("No conflicts, derived figures or unresolved documents.")
        return Html(fmt.bullet_list([esc(n) for n in notes]), "\n".join(f"- {n}" for n in notes))

    # ------------------------------------------------------------------ charts
    def _panel(self, code: str, title: str | None = None) -> dict | None:
        rows = self.rows[(self.rows["indicator"] == code) & self.rows["year"].notna()]
        if rows.empty:
            return None
        data = rows.assign(series=rows["province"], text=tables.cells(rows))
        ind = labels.indicator(code)
        return {"title": title or ind.label, "unit": rows["unit"].iloc[0] or ind.unit,
                "data": data[["series", "year", "status", "value", "text"]]}

    def _chart(self, codes: list[str], title: str):
        from vnlabour.report import figures

        panels = [p for p in (self._panel(c) for c in codes) if p is not None]
        if not panels:
            names = " or ".join(labels.label(c) for c in codes)
            return _note(f"No province-level figures for {names} in {self.scope.display}.")
        return figures.year_panels(panels, f"{self.scope.display}: {title}")

    def chart_jobs(self):
        """Jobs created by year, actual bars against target markers."""
        return self._chart(["jobs_created"], "jobs created against target")

    def chart_trained_labour(self):
        """Trained labour rate by year against target."""
        return self._chart(["trained_labour_rate"], "trained labour rate against target")

    def chart_poverty(self):
        """Poverty rate (level) and its reduction (percentage points) by year."""
        return self._chart(["poverty_rate", "poverty_rate_reduction"],
                           "poverty rate and its reduction")
