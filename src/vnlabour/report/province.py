"""The province report: what `notebooks/province_report.ipynb` shows, section by section.

Each method returns an object the notebook displays (escaped HTML with a plain-text form, or
a `Chart`), so the notebook stays a list of one-line calls with prose between them. A province
without figures gets a clear "no figures" message in every section instead of an error.
"""
from __future__ import annotations

from collections.abc import Iterable

from vnlabour.report import bars, cards, fmt, labels, marks, tables
from vnlabour.report.downloads import Downloads
from vnlabour.report.fmt import Html, Missing, esc
from vnlabour.report.scope import locality_name, resolve, slug


AVERAGE = "__average"  # the suffix of a yearly average's indicator code


def _note(text: str) -> Missing:
    """A section's note that it has nothing to show, and why."""
    return Missing(f'<p class="vn-note">{esc(text)}</p>', text)


# The sections of a province page, in order: (key, heading, what it shows, method).
SECTIONS = (
    ("headlines", "Headline figures", "The latest year with an actual figure, for the "
     "province as a whole; > marks a figure stated as trên/hơn (over).", "headline_cards"),
    ("key-figures", "Key figures", "One row per indicator and year, province level only: the "
     "figure achieved (actual), the plan (target) and the share of the plan achieved (% of "
     "plan, as stated or computed). Each figure links to its sentence.", "key_figures"),
    ("periods", "Figures over a period or part of a year", "Totals over several years (giai "
     "đoạn, từ năm … đến nay), results of part of a year (9 tháng đầu năm) and yearly "
     "averages, with their time; they stay out of the annual tables and charts.", "periods"),
    ("jobs", "Jobs created against target", "Figures achieved by year (bars) against the "
     "plan (diamonds); a single year's figure is shown among the other provinces' figures.",
     "chart_jobs"),
    ("trained", "Trained labour rate against target", "Share of the workforce with "
     "vocational training (tỷ lệ lao động qua đào tạo).", "chart_trained_labour"),
    ("poverty", "Poverty: rate and reduction", "The share of poor households (a level) and "
     "its fall over the year in percentage points (a change); not the same measure.",
     "chart_poverty"),
    ("ranking", "Rank among provinces with data", "Rank 1 is the highest value among the "
     "provinces whose articles state the same figure for the same year.", "ranking"),
    ("districts", "District-level figures", "Figures for a district, town or city of the "
     "province; never added into the province totals.", "districts"),
    ("sources", "Sources", "Every figure with the sentence it comes from, its document and "
     "source link.", "provenance"),
    ("notes", "Data notes", "Conflicting sources, figures computed rather than stated, "
     "figures kept out of the totals, documents not attributed to a province.", "notes"),
)


def table_html(df, *, html_columns: tuple[str, ...] = (), numeric: tuple[str, ...] = (),
               caption: str = "", url_column: str | None = None) -> Html:
    """A DataFrame of display strings as an escaped HTML table (URLs linked when http(s)).

    Columns whose name starts with '_' are not shown: '_href:<column>' links the cells of
    <column> (a figure to its mark on its article page) and '_hover:<column>' gives them a
    hover text."""
    cols = [str(c) for c in df.columns if not str(c).startswith("_")]
    plain_rows = df.to_dict("records")
    rows = plain_rows
    if url_column:
        rows = [{**r, url_column: fmt.link(r[url_column]) if r[url_column] else ""}
                for r in plain_rows]
        html_columns = (*html_columns, url_column)
    linked = [c for c in cols if f"_href:{c}" in df.columns]
    if linked:
        rows = [{**r, **{c: fmt.local_link(r[f"_href:{c}"], r[c], r.get(f"_hover:{c}", ""))
                         for c in linked}} for r in rows]
        html_columns = (*html_columns, *linked)
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

    `dataset` is what `vnlabour.dataset.load` returns; `years` limits every section;
    `downloads` is a folder where each table is also saved as CSV and linked (the build
    gives reports/data).
    """

    def __init__(self, dataset, province: str, years: Iterable[int] | None = None,
                 downloads: str | None = None) -> None:
        self.data = tables.Data.coerce(dataset)
        self.scope = resolve(province)
        self.downloads = Downloads(downloads, f"province-{slug(self.scope.display)}")
        self.years = None if years is None else [int(y) for y in years]
        self.provinces = list(self.scope.provinces)
        self.rows = self.data.rows(self.provinces, years=self.years)
        self.district_rows = self.data.rows(self.provinces, level=tables.DISTRICT,
                                            years=self.years)
        self.missing: list[tuple[str, str]] = []  # (heading, why) of sections not shown

    # ------------------------------------------------------------------ sections
    def section(self, key: str) -> Html:
        """A section of the page (see SECTIONS): its heading, what it shows and its content;
        nothing when it has nothing to show (`not_shown` names it)."""
        _, heading, intro, method = next(s for s in SECTIONS if s[0] == key)
        shown = getattr(self, method)()
        if isinstance(shown, Missing):
            self.missing.append((heading, shown.text))
            return Html("", "")
        return Html(f'<h2 id="{esc(key)}">{esc(heading)}</h2><p>{esc(intro)}</p>'
                    + shown._repr_html_(), repr(shown))

    def not_shown(self) -> Html:
        """One line naming the sections that had nothing to show, the reasons on hover."""
        if not self.missing:
            return Html("", "")
        names = "; ".join(f'<span title="{esc(why)}">{esc(h)}</span>' for h, why in self.missing)
        text = "; ".join(h for h, _ in self.missing)
        return Html(f'<p class="vn-note" id="not-shown">Nothing to show for '
                    f"{esc(self.scope.display)} in: {names}.</p>", f"Nothing to show in: {text}.")

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
        title = s.display
        if self.n_figures == 0:
            summary = (f"No figures for {s.display} in the dataset: no article of the corpus "
                       "states one for it.")
        else:
            yrs = sorted({int(y) for y in [*self.rows["year"].dropna(),
                                           *self.district_rows["year"].dropna()]})
            span = f"{yrs[0]}–{yrs[-1]}" if len(yrs) > 1 else (str(yrs[0]) if yrs else "n/a")
            summary = f"{self.n_figures} figures, {span}"
            places = self.localities()
            if self.rows.empty:
                summary += f", all for {' and '.join(places)}, none for the province as a whole."
                if len(places) == 1:
                    title = f"{places[0]}, {s.display}"
            else:
                summary += (f": {len(self.rows)} for the province, {len(self.district_rows)} "
                            f"for {' and '.join(places)}." if places else ".")
        html = (f'<h1 class="vn-title">{esc(title)}</h1>'
                f'<p class="vn-sub">{esc(sub)} {esc(years)}</p>'
                f'<p class="vn-summary">{esc(summary)}</p>')
        return Html(html, f"{title}\n{sub} {years}\n{summary}")

    def localities(self) -> list[str]:
        """The districts, towns and cities with figures: ['Hải Hà district']."""
        pairs = dict.fromkeys(zip(self.district_rows["province"], self.district_rows["locality"]))
        return [locality_name(p, loc) for p, loc in pairs]

    def headlines(self) -> str:
        """Headline figures as plain text (latest year per indicator)."""
        if self.n_figures == 0:
            return f"{self.scope.display}: no figures in the dataset."
        if self.rows.empty:
            return (f"{self.scope.display}: no province-level figures; "
                    f"{len(self.district_rows)} district-level figure(s) below.")
        return "\n".join(cards.headlines(self.rows, self.provinces))

    def headline_cards(self) -> Html:
        """The headlines as HTML cards (the text form is `headlines`)."""
        if self.rows.empty:
            return _note(self.headlines())
        return cards.cards(self.rows, self.provinces, self.headlines())

    # ------------------------------------------------------------------ tables
    def key_figures(self) -> Html:
        """Indicator × year: actual, target, % of plan (province level only)."""
        if self.rows.empty:
            return _note(f"No province-level figures for {self.scope.display}"
                         + (" (district-level figures are shown below)."
                            if len(self.district_rows) else "."))
        df = tables.key_figures(self.rows, self._place_columns())
        out = table_html(df, numeric=("Actual", "Target", "% of plan"))
        out = Html(out.html + f'<p class="vn-legend">{esc(legend())}</p>', out.text)
        return self.downloads.attach(out, df, "key-figures")

    def _not_annual(self):
        """The province's place-level facts over a period, a part of a year or a yearly
        average over a period (suffix __average)."""
        f = self.data.facts
        place = f["indicator"].str.removesuffix(AVERAGE).map(labels.is_place_code)
        mask = (f["province"].isin(self.provinces) & place
                & (f["period_start"].notna() | f["months"].notna() | (f["statistic"] != "")))
        if self.years is not None:
            mask &= f["year"].isin(self.years).fillna(False)
        return f[mask.astype(bool)]

    def periods(self) -> Html:
        """Figures over several years or part of a year: shown with their time, never in the
        annual tables and charts."""
        facts = self._not_annual()
        if facts.empty:
            return _note("None: every figure is of a single whole year.")
        df = tables.provenance(self.data, self.provinces, facts=facts)
        df = df.drop(columns=["URL", "Document", "_href:Document"]).rename(
            columns={"Year": "Time"})
        return self.downloads.attach(table_html(df), df, "periods")

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
        out = self.downloads.attach(table_html(df, numeric=("Value",)), df, "ranks")
        ranked = set(zip(df["Indicator"], df["Year"]))
        alone = {(tables.measure_label(r.indicator, r.measure), str(r.year))
                 for r in own.itertuples()
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
        return self.downloads.attach(table_html(df, numeric=("Actual", "Target", "% of plan")),
                                     df, "districts")

    def provenance(self) -> Html:
        """Every stated figure with its quote, document and source link."""
        df = tables.provenance(self.data, self.provinces, self.years)
        if df.empty:
            return _note(f"No figures for {self.scope.display}, so no sources to list.")
        out = self.downloads.attach(table_html(df, url_column="URL"), df, "sources")
        if not df["Value"].str.endswith(tuple(marks.REVIEW_MARKS.values())).any():
            return out  # no reviewed figure: no legend of the review marks
        return Html(f'{out.html}<p class="vn-note">{esc(marks.REVIEW_LEGEND)}.</p>', out.text)

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
        other = self._not_annual()
        other = other[other["indicator"].isin(codes)]
        left_out = "; ".join(
            f"{labels.indicator(f['indicator']).label_en} "
            f"{fmt.value(f['value'], f['unit'], f['qualifier'], with_unit=True)} "
            f"({marks.fact_time(f)})"
            for f in other.to_dict("records"))
        note = (f"Not in this annual chart (see the figures over a period or part of a "
                f"year): {left_out}.") if left_out else ""
        if not panels:
            names = " or ".join(labels.label(c) for c in codes)
            return _note(f"No province-level figures for {names} in {self.scope.display}."
                         + (f" {note}" if note else ""))
        if all(p["data"]["year"].nunique() == 1 for p in panels):  # one value: no bar chart
            shown = [self._strip(c) for c in codes if self._panel(c) is not None]
            chart = Html("".join(h.html for h in shown), "\n".join(h.text for h in shown))
        else:
            chart = figures.year_panels(panels, f"{self.scope.display}: {title}")
        return Html(chart._repr_html_() + f'<p class="vn-note">{esc(note)}</p>',
                    repr(chart)) if note else chart

    def _strip(self, code: str) -> Html:
        """The province's value of `code` (its one year) among every province's value of
        that year, as dots on a strip."""
        own = self.rows[(self.rows["indicator"] == code) & self.rows["year"].notna()]
        year = int(own["year"].iloc[0])
        everyone = self.data.rows(None, years=[year])
        everyone = everyone[(everyone["indicator"] == code) & (everyone["status"] == "actual")]
        if own[own["status"] == "actual"].empty:  # a target only: it alone, on its own
            everyone = own
        everyone = everyone.drop_duplicates("province")
        points = [(p, float(v), t, h) for p, v, t, h in zip(
            everyone["province"], everyone["value"], tables.cells(everyone), everyone["href"])]
        target = own[own["status"] == "target"]
        title = f"{labels.label(code)}, {year}" + (
            f" (target {tables.cells(target)[0]})" if len(target) and len(everyone) else "")
        return bars.strip(points, set(self.provinces), title)

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
