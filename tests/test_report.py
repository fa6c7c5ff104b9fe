"""The report package on a small hand-made dataset (tests/data/report_fixture).

The fixture: Hà Giang (2023–2024, actual + target, ">" qualifier), Hậu Giang (2024 actual,
2025 targets, a sub-group figure), Sóc Trăng (a conflict, a derived % of plan, a hostile title
and URL), Quảng Ninh (district Hải Hà only), Bắc Kạn (city Bắc Kạn only), one unresolved
document with figures and one without.
"""
from __future__ import annotations

import itertools
import re
import struct
from types import SimpleNamespace
import warnings

import pytest

from vnlabour import places
from vnlabour.dataset import load
from vnlabour.report import articles, cards, explore, figures, fmt, labels, marks, tables
from vnlabour.report.comparison import ComparisonReport
from vnlabour.report import province
from vnlabour.report.province import ProvinceReport

from conftest import FIXTURE, ROOT


@pytest.fixture(scope="module")
def ds():
    return load(FIXTURE)


@pytest.fixture(scope="module")
def data(ds):
    return tables.Data(ds)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


# ----------------------------------------------------------------------------- fmt

@pytest.mark.parametrize("value, expected", [
    (30500, "30,500"), (70.43, "70.43"), (111.1111, "111.1111"), (1.47, "1.47"), (167.0, "167"),
    (0.19, "0.19"),
    (1234.5, "1,234.5"), (134.7, "134.7"), (57, "57"), (0, "0"), (1884, "1,884"),
    (float("nan"), "–"), (None, "–"),
])
def test_number(value, expected):
    assert fmt.number(value) == expected


@pytest.mark.parametrize("args, kwargs, expected", [
    ((30500, "persons", "over"), {}, ">30,500"),
    ((30500, "persons", "over"), {"with_unit": True}, ">30,500 persons"),
    ((70.43, "percent", "exact"), {}, "70.43%"),
    ((0.74, "percentage_points", "at_least"), {}, "≥0.74 pp"),
    ((1000, "persons", "exact", 1200), {}, "1,000–1,200"),
    ((20000, "persons", "about"), {}, "≈20,000"),
    ((1000, "persons", "nearly"), {}, "≲1,000"),
    ((500, "households", None), {"with_unit": True}, "500 households"),
])
def test_value(args, kwargs, expected):
    assert fmt.value(*args, **kwargs) == expected


def test_links_only_for_http_urls_and_always_escaped():
    assert fmt.link("https://baohagiang.vn/a?b=1&c=2", "Báo Hà Giang") == (
        '<a href="https://baohagiang.vn/a?b=1&amp;c=2" rel="noopener noreferrer">'
        "Báo Hà Giang</a>")
    assert fmt.link("javascript:alert(1)") == "javascript:alert(1)"
    assert fmt.link('http://x.vn/"onmouseover="alert(1)') == (
        "http://x.vn/&quot;onmouseover=&quot;alert(1)")
    assert fmt.link("ftp://x.vn/file") == "ftp://x.vn/file"
    assert fmt.safe_url("https:///no-host") is None


def test_html_table_escapes_every_cell():
    out = fmt.html_table([{"a": "<script>alert(1)</script>", "b": "x & y"}], ["a", "b"])
    assert "<script>" not in out
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>x &amp; y</td>" in out


# ----------------------------------------------------------------------------- labels

def test_core_labels_carry_the_vietnamese_term():
    assert labels.label("jobs_created") == "Jobs created (giải quyết việc làm)"
    assert labels.label("poverty_rate") == "Poverty rate (tỷ lệ hộ nghèo)"
    assert labels.core_codes() == [
        "jobs_created", "jobs_created_plan_pct", "workers_abroad", "vocational_enrolment",
        "vocational_enrolment_plan_pct", "trained_labour_rate", "trained_labour_certified_rate",
        "poverty_rate", "poverty_rate_reduction", "poor_households", "near_poor_rate",
        "near_poor_households"]
    for code in labels.core_codes():
        ind = labels.indicator(code)
        assert ind.label_vi and ind.unit and ind.kind in labels.KINDS


def test_every_extracted_indicator_has_a_label_with_the_same_unit():
    from vnlabour.tables import read_table

    for row in read_table("indicators"):
        ind = labels.indicator(row["code"])
        assert ind.label_vi, row["code"]
        assert ind.unit == row["unit"], row["code"]
        assert ind.core == (row["core"] == "1"), row["code"]


def test_plan_pct_codes_map_to_their_base_and_unknown_codes_get_a_label():
    assert labels.base_code("jobs_created_plan_pct") == "jobs_created"
    assert labels.kind("jobs_created_plan_pct") == "plan_pct"
    assert labels.kind("poverty_rate_reduction") == "change"
    assert labels.label("poverty_rate__subgroup") == "Poverty rate [subgroup] (tỷ lệ hộ nghèo)"
    assert labels.label("foo_bar") == "Foo bar"
    assert not labels.is_place_code("workers_abroad__combined")


# ----------------------------------------------------------------------------- province tables

def shown(df):
    """The columns a reader sees (not the hidden link and hover columns)."""
    return df[[c for c in df.columns if not c.startswith("_")]]


def test_key_figures_of_ha_giang(data):
    df = tables.key_figures(data.rows(["Hà Giang"]))
    assert shown(df).to_dict("records") == [
        {"Indicator": "Jobs created (giải quyết việc làm)", "Year": "2024", "Actual": ">30,500",
         "Target": "", "% of plan": "167%", "Unit": "persons"},
        {"Indicator": "Vocational training enrolment (tuyển sinh đào tạo nghề)", "Year": "2024",
         "Actual": "13,800", "Target": "", "% of plan": "", "Unit": "persons"},
        {"Indicator": "Trained labour rate (tỷ lệ lao động qua đào tạo)", "Year": "2023",
         "Actual": "58%", "Target": "", "% of plan": "", "Unit": "%"},
        {"Indicator": "Trained labour rate (tỷ lệ lao động qua đào tạo)", "Year": "2024",
         "Actual": "60%", "Target": "59.5%", "% of plan": "", "Unit": "%"},
    ]


def test_jobs_found_and_new_jobs_stay_apart(data):
    import pandas as pd

    rows = data.rows(["Hà Giang"])
    jobs = rows[rows["indicator"] == "jobs_created"].assign(measure="new_jobs", value=1200.0,
                                                              qualifier="exact")
    df = tables.key_figures(pd.concat([rows, jobs]))
    assert df[["Indicator", "Actual"]].values.tolist()[:2] == [
        ["Jobs created (giải quyết việc làm)", ">30,500"],
        ["Jobs created (giải quyết việc làm): new jobs", "1,200"]]


def test_key_figures_mark_derived_and_conflicting_values(data):
    df = tables.key_figures(data.rows(["Sóc Trăng"]))
    assert df[["Actual", "Target", "% of plan"]].values.tolist() == [
        ["≈20,000", "18,000", "≈111.1%*"], ["2.1%†", "", ""]]


def test_years_filter(data):
    df = tables.key_figures(data.rows(["Hà Giang"], years=[2023]))
    assert df[["Year", "Actual"]].values.tolist() == [["2023", "58%"]]


def test_headlines(data):
    assert cards.headlines(data.rows(["Hà Giang"]), ["Hà Giang"]) == [
        "Hà Giang · Jobs created (giải quyết việc làm) · 2024: >30,500 persons (167% of plan)",
        "Hà Giang · Trained labour rate (tỷ lệ lao động qua đào tạo) · 2024: 60%, target 59.5%",
        "Hà Giang · Poverty rate (tỷ lệ hộ nghèo): no province-level figure",
    ]


def test_ranks_among_provinces_with_data(data):
    df = tables.ranks(data, ["Hậu Giang"])
    assert df[["Indicator", "Year", "Value", "Rank", "Provinces with data"]].values.tolist() == [
        ["Jobs created (giải quyết việc làm)", "2024", "26,054", "2 of 3",
         "Hà Giang, Hậu Giang, Sóc Trăng"],
        ["Trained labour rate (tỷ lệ lao động qua đào tạo)", "2024", "70.43%", "1 of 2",
         "Hà Giang, Hậu Giang"],
        ["Poverty rate (tỷ lệ hộ nghèo)", "2024", "1.47%", "2 of 2", "Hậu Giang, Sóc Trăng"],
    ]


def test_district_figures_stay_out_of_province_rows(data):
    assert data.rows(["Quảng Ninh"]).empty
    df = tables.key_figures(data.rows(["Quảng Ninh"], level=tables.DISTRICT),
                            {"locality": "District"})
    assert df[["District", "Year", "Actual", "Target", "% of plan"]].values.tolist() == [
        ["Hải Hà", "2024", "1,884", "1,400", "134.7%⚙"], ["Hải Hà", "2024", "57", "", ""]]


def test_provenance_lists_quote_document_and_url(data):
    df = tables.provenance(data, ["Hà Giang"], years=[2024])
    first = df.iloc[0].to_dict()
    assert first["Figure"] == "Jobs created (giải quyết việc làm)"
    assert first["Value"] == ">30,500 persons"
    assert "trên 30.500 lao động" in first["Quote"]
    assert first["Document"] == ("Hà Giang: nâng cao chất lượng nguồn nhân lực "
                                 "[003_abde4b4eb7bf41d0]")
    assert first["URL"] == "https://baohagiang.vn/xa-hoi/202501/viec-lam.html"
    assert len(df) == 5  # the 2023 figure is filtered out


def test_data_notes_of_soc_trang(data):
    notes = tables.data_notes(data, ["Sóc Trăng"])
    assert notes[0] == (
        "Conflict: Poverty rate (tỷ lệ hộ nghèo), Sóc Trăng 2024 (actual): the sources disagree "
        "(2.1% (005_soctrang_a); 2.3% (006_soctrang_b)); the tables show 2.1% and mark it †.")
    assert notes[1].startswith("Derived: Jobs created: % of plan")
    assert notes[2] == (
        "Unresolved documents: 2 document(s) of the corpus could not be attributed to a "
        "province; 1 of them state figures, which are therefore in no province report: "
        "004_b39e73849f90ede2 “Dấu ấn của ngành Lao động - Thương binh và Xã hội” (3 figures).")


# ----------------------------------------------------------------------------- ProvinceReport

def test_province_report_sections(ds):
    r = ProvinceReport(ds, "Hà Giang")
    assert r.n_figures == 6
    assert repr(r.header()).splitlines() == [
        "Hà Giang", "Pre-2025 province; since 1 July 2025 part of Tuyên Quang. Years: all.",
        "6 figures, 2023–2024."]
    assert "&gt;30,500" in r.key_figures()._repr_html_()
    assert repr(r.districts()) == "No district-level figures for Hà Giang."
    # one year: the value as a dot among the other provinces' values, not a one-bar chart
    strip = r.chart_jobs()
    assert repr(strip).splitlines() == ["Jobs created (giải quyết việc làm), 2024",
                                        "Sóc Trăng: ≈20,000", "Hậu Giang: 26,054",
                                        "* Hà Giang: >30,500"]
    assert ("<figcaption>Jobs created (giải quyết việc làm), 2024: 3 provinces, from ≈20,000 "
            "to &gt;30,500</figcaption>") in strip.html
    assert '<span class="vn-dot vn-own" style="left:100.0%" title="Hà Giang: &gt;30,500">' \
        in strip.html
    chart = r.chart_trained_labour()  # 2023 and 2024: a chart
    width, height = png_size(chart.png)
    assert (width, height) == (800, 460)
    assert "Hà Giang 2024 actual: 60%." in chart.alt
    assert 'alt="Hà Giang: trained labour rate against target. Hà Giang 2024 actual: 60%. ' \
        'Hà Giang 2023 actual: 58%. Hà Giang 2024 target: 59.5%."' in chart._repr_html_()
    assert repr(r.chart_poverty()) == (
        "No province-level figures for Poverty rate (tỷ lệ hộ nghèo) or Poverty rate reduction "
        "(mức giảm tỷ lệ hộ nghèo) in Hà Giang.")


def test_names_without_diacritics_and_2025_names(ds):
    assert ProvinceReport(ds, "ha giang").scope.display == "Hà Giang"
    r = ProvinceReport(ds, "Cần Thơ")
    assert r.scope.provinces == ("Cần Thơ", "Hậu Giang", "Sóc Trăng")
    assert repr(r.header()).splitlines()[1] == (
        "2025 province (from 1 July 2025), covering the pre-2025 province(s): Cần Thơ, "
        "Hậu Giang, Sóc Trăng. Years: all.")
    assert list(tables.key_figures(r.rows, r._place_columns())["Province"].unique()) == [
        "Hậu Giang", "Sóc Trăng"]


def test_unknown_province_suggests_a_name(ds):
    with pytest.raises(places.UnknownProvince, match="did you mean 'Hà Giang'"):
        ProvinceReport(ds, "Ha Giangg")


def test_province_without_figures_gives_a_clear_report(ds):
    r = ProvinceReport(ds, "Lai Châu")
    assert r.n_figures == 0
    assert repr(r.header()).splitlines()[-1] == (
        "No figures for Lai Châu in the dataset: no article of the corpus states one for it.")
    assert r.headlines() == "Lai Châu: no figures in the dataset."
    assert repr(r.key_figures()) == "No province-level figures for Lai Châu."
    assert repr(r.ranking()) == "No province-level actual figures for Lai Châu to rank."
    assert repr(r.provenance()) == "No figures for Lai Châu, so no sources to list."
    for section in (r.chart_jobs(), r.chart_trained_labour(), r.chart_poverty(),
                    r.districts(), r.notes()):
        assert "Lai Châu" in repr(section) or "Unresolved" in repr(section)


def test_district_only_province(ds):
    r = ProvinceReport(ds, "Quảng Ninh")
    assert r.headlines() == ("Quảng Ninh: no province-level figures; 4 district-level "
                             "figure(s) below.")
    assert "Hải Hà" in r.districts()._repr_html_()
    assert repr(r.header()).splitlines()[0::2] == [
        "Hải Hà district, Quảng Ninh",
        "4 figures, 2024, all for Hải Hà district, none for the province as a whole."]
    assert repr(ProvinceReport(ds, "Bắc Kạn").header()).splitlines()[0] == "Bắc Kạn city, Bắc Kạn"


def test_sections_with_nothing_to_show_collapse_into_one_line(ds):
    r = ProvinceReport(ds, "Quảng Ninh")
    shown = {key: r.section(key) for key, *_ in province.SECTIONS}
    assert [k for k, v in shown.items() if v.html] == ["districts", "sources", "notes"]
    assert shown["districts"].html.startswith(
        '<h2 id="districts">District-level figures</h2><p>Figures for a district')
    assert repr(r.not_shown()) == (
        "Nothing to show in: Headline figures; Key figures; Figures over a period or part of "
        "a year; Jobs created against target; Trained labour rate against target; Poverty: "
        "rate and reduction; Rank among provinces with data.")
    assert ('<span title="No district-level figures for Quảng Ninh.">' not in
            r.not_shown().html)
    assert '<span title="No province-level figures for Quảng Ninh (district-level figures ' \
        'are shown below).">Key figures</span>' in r.not_shown().html


def test_article_text_reaches_html_only_escaped(ds):
    html = ProvinceReport(ds, "Sóc Trăng").provenance()._repr_html_()
    assert "<script>" not in html and "<img src=x" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://baosoctrang.org.vn/xa-hoi/viec-lam.html"' in html


def test_charts_render_vietnamese_without_missing_glyphs(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" is a UserWarning
        charts = [ProvinceReport(ds, "Cần Thơ").chart_jobs(), *ComparisonReport(ds).maps()]
    assert all(png_size(c.png)[0] > 0 for c in charts)


def test_charts_fit_their_text_inside_the_figure(ds, monkeypatch):
    """The fixed layout (figures._layout) leaves room for every label: nothing drawn reaches
    beyond the figure, panels and their labels do not overlap, the title is above them."""
    drawn = []
    render = figures._render
    monkeypatch.setattr(figures, "_render", lambda fig, *args: drawn.append(fig)
                        or render(fig, *args))
    for name in ("Hà Giang", "Cần Thơ", "Hậu Giang"):
        r = ProvinceReport(ds, name)
        r.chart_jobs(), r.chart_trained_labour(), r.chart_poverty()
    for geography in ("legacy", "2025"):
        r = ComparisonReport(ds, geography=geography)
        r.trained_vs_poverty(), r.maps()
    panels = [ProvinceReport(ds, "Hà Giang")._panel("trained_labour_rate"),
              ProvinceReport(ds, "Hậu Giang")._panel("jobs_created")]
    figures.year_panels(panels, "Two panels side by side")
    assert len(drawn) >= 10 and any(len(fig.axes) == 2 for fig in drawn)
    for fig in drawn:
        renderer = fig.canvas.get_renderer()
        width, height = fig.get_size_inches()
        box = fig.get_tightbbox(renderer)  # inches
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height
        panels = sorted((ax.get_tightbbox(renderer) for ax in fig.axes), key=lambda b: b.x0)
        assert all(a.x1 <= b.x0 for a, b in itertools.pairwise(panels))
        suptitle, = fig.texts
        assert all(p.y1 <= suptitle.get_window_extent(renderer).y0 for p in panels)


# ----------------------------------------------------------------------------- comparison

def test_default_year_is_latest_with_actual_figures(data):
    assert tables.default_year(data) == 2024
    assert tables.default_year(data, ["jobs_created"]) == 2024


def test_legacy_ranking_with_targets(data):
    values, notes = tables.area_values(data, "legacy")
    assert notes == []
    r = tables.ranked(values, "jobs_created", 2024)
    assert r[["label", "actual_text", "target_text"]].values.tolist() == [
        ["Hà Giang", ">30,500", ""], ["Hậu Giang", "26,054", ""],
        ["Sóc Trăng", "≈20,000", "18,000"]]


def test_2025_geography_sums_counts_only_when_every_former_province_reports(data):
    values, notes = tables.area_values(data, "2025", years=[2024])
    # Cần Thơ = Cần Thơ + Hậu Giang + Sóc Trăng, Tuyên Quang = Hà Giang + Tuyên Quang: in the
    # fixture some former provinces report nothing, so nothing is summed, all is listed
    assert values[values["indicator"] == "jobs_created"].empty
    assert not values["indicator"].isin(["trained_labour_rate", "poverty_rate"]).any()
    assert notes[0].startswith("Shown as parts, not combined: rates, changes and % of plan")
    assert ("Jobs created (giải quyết việc làm): Cần Thơ: former Hậu Giang 26,054 (2024), "
            "Cần Thơ: former Sóc Trăng ≈20,000 (2024), Cần Thơ: former Sóc Trăng 18,000 "
            "(2024, target), Tuyên Quang: former Hà Giang >30,500 (2024)") in notes[0]
    assert "Poverty rate (tỷ lệ hộ nghèo): Cần Thơ: former Hậu Giang 1.47% (2024), Cần Thơ: " \
        "former Sóc Trăng 2.1%† (2024)" in notes[0]


def test_2025_sum_of_every_former_province_with_its_own_target(ds):
    import pandas as pd

    extra = ds.indicators[(ds.indicators["province"] == "Hà Giang")
                          & (ds.indicators["indicator"] == "jobs_created")].copy()
    extra[["province", "province_code", "value", "qualifier", "fact_ids"]] = [
        "Tuyên Quang", "08", 10000.0, "exact", "003_abde4b4eb7bf41d0@1200"]
    both = SimpleNamespace(facts=ds.facts, documents=ds.documents,
                           indicators=pd.concat([ds.indicators, extra], ignore_index=True))
    values, notes = tables.area_values(tables.Data(both), "2025", years=[2024])
    jobs = values[values["indicator"] == "jobs_created"]
    assert jobs[["label", "status", "value", "qualifier", "note"]].values.tolist() == [
        ["Tuyên Quang", "actual", 40500.0, "over", "sum of Hà Giang, Tuyên Quang"]]
    assert notes[-1] == ("A count of a merged province is the sum of all its former provinces, "
                         "each of which reports it for the year.")
    # the Sóc Trăng target alone is never set against a sum of other places
    assert tables.ranked(values, "jobs_created", 2024)[
        ["label", "actual_text", "target_text"]].values.tolist() == [
        ["Tuyên Quang", ">40,500*", ""]]


def test_comparison_report(ds):
    r = ComparisonReport(ds)
    assert r.year == 2024
    assert r.headlines().splitlines() == [
        "Jobs created (giải quyết việc làm), 2024: Hà Giang >30,500; Hậu Giang 26,054; "
        "Sóc Trăng ≈20,000",
        "Vocational training enrolment (tuyển sinh đào tạo nghề), 2024: Hà Giang 13,800",
        "Trained labour rate (tỷ lệ lao động qua đào tạo), 2024: Hậu Giang 70.43%; Hà Giang 60%",
        "Poverty rate (tỷ lệ hộ nghèo), 2024: Sóc Trăng 2.1%†; Hậu Giang 1.47%",
    ]
    ranked = r.ranked_charts()
    assert repr(ranked[0]).splitlines() == [
        "Jobs created (giải quyết việc làm), 2024", "1. Hà Giang: >30,500",
        "2. Hậu Giang: 26,054", "3. Sóc Trăng: ≈20,000, target 18,000"]
    assert ('<td class="num"><a href="articles/003_abde4b4eb7bf41d0.html#f-003_abde4b4eb7bf41d0'
            '@520" title="Jobs created') in ranked[0].html
    # two provinces are not a ranking: their values in a table, and why
    assert [repr(c).splitlines()[0] for c in ranked[1:]] == [
        "Vocational training enrolment (tuyển sinh đào tạo nghề), 2024",
        "Trained labour rate (tỷ lệ lao động qua đào tạo), 2024",
        "Poverty rate (tỷ lệ hộ nghèo), 2024"]
    assert ("2 provinces state this figure for 2024: not ranked (a ranking needs at least 3 "
            "values).") in ranked[2].html
    assert repr(r.plan_chart()).startswith("Plan fulfilment (% of plan), 2024\n")
    maps = r.maps()
    assert [m.title for m in maps] == ["Figures per province, all years (63 provinces)",
                                       "Jobs created, 2024 (63 provinces)"]
    assert maps[1].alt.startswith("Tile-grid map of the 63 provinces (pre-2025), one square "
                                  "each, north at the top, coloured by jobs created")
    assert "Hà Giang: >30,500. Hậu Giang: 26,054. Sóc Trăng: ≈20,000." in maps[1].alt
    series = r.time_series()
    assert [repr(t).splitlines() for t in series] == [[
        "Province (pre-2025)  2024     2024 target  2025 target",
        "Hà Giang             >30,500",
        "Hậu Giang            26,054                15,000",
        "Sóc Trăng            ≈20,000  18,000"], [
        "Province (pre-2025)  2023  2024    2024 target  2025 target",
        "Hà Giang             58%   60%     59.5%",
        "Hậu Giang                  70.43%               71%"]]
    assert repr(ComparisonReport(ds, geography="2025").time_series()[0]) == (
        "No indicator has province-level figures for two years or more.")
    assert "Hậu Giang: trained 70.43%, poverty 1.47%." in r.trained_vs_poverty().alt
    caveats = repr(r.caveats())
    assert ("Provinces with district-level figures only: Bắc Kạn, Quảng Ninh." in caveats)
    assert "Qualifiers: 3 value(s) are not exact" in caveats


def test_comparison_2025_lists_parts_instead_of_partial_sums(ds):
    r = ComparisonReport(ds, geography="2025")
    parts = tables.merged_parts(r.data)
    assert parts.iloc[:3, :6].values.tolist() == [
        ["Cần Thơ", "Hậu Giang", "Jobs created (giải quyết việc làm)", "2024", "actual",
         "26,054"],
        ["Cần Thơ", "Hậu Giang", "Jobs created (giải quyết việc làm)", "2025", "target",
         "15,000"],
        ["Cần Thơ", "Sóc Trăng", "Jobs created (giải quyết việc làm)", "2024", "actual",
         "≈20,000"]]
    assert len(parts) == 16 and "<caption>Values of former provinces" in r.parts().html
    assert repr(ComparisonReport(ds).parts()) == (
        "The 63 provinces as reported: nothing is combined.")
    df = tables.area_table(r.values, r.year, "2025")
    assert "Cần Thơ" not in set(df["2025 province"])
    assert "Cần Thơ: former Sóc Trăng 18,000 (2024, target)" in repr(r.caveats())
    assert repr(r.trained_vs_poverty()).startswith("No area has both")


def test_coverage_counts_values_per_place(data):
    cov = tables.coverage(data, "legacy")
    assert list(cov.index) == ["Hà Giang", "Hậu Giang", "Sóc Trăng",
                               "Bắc Kạn: Bắc Kạn city (district-level)",
                               "Quảng Ninh: Hải Hà district (district-level)"]
    assert cov.loc["Hà Giang", "Trained labour rate (tỷ lệ lao động qua đào tạo)"] == 3
    assert cov.loc["Bắc Kạn: Bắc Kạn city (district-level)", "Poverty rate (tỷ lệ hộ nghèo)"] == 3
    merged = tables.coverage(data, "2025")
    assert "Thái Nguyên: Bắc Kạn city (former Bắc Kạn, district-level)" in merged.index
    assert cov.loc["Hậu Giang", "Poverty rate (tỷ lệ hộ nghèo)"] == 1  # sub-group not counted
    cov25 = tables.coverage(data, "2025")
    assert cov25.loc["Cần Thơ", "Jobs created (giải quyết việc làm)"] == 4


def test_comparison_rejects_bad_parameters(ds):
    with pytest.raises(ValueError, match="geography"):
        ComparisonReport(ds, geography="1990")
    with pytest.raises(ValueError, match="unknown indicator code"):
        ComparisonReport(ds, indicators=["jobs"])


def test_empty_year_gives_notes_not_errors(ds):
    r = ComparisonReport(ds, year=2019)
    assert r.headlines() == "No province-level figures for 2019."
    assert repr(r.table()) == "No province-level figures for 2019."
    assert repr(r.plan_chart()) == "No % of plan figures for 2019."
    assert r.ranked_charts() == []


# ----------------------------------------------------------------------------- explore

def test_explore_search_and_sentence(ds):
    hits = explore.search(ds, "30.500")
    assert list(hits["fact_id"]) == ["003_abde4b4eb7bf41d0@520", "003_abde4b4eb7bf41d0@548"]
    assert list(explore.search(ds, "GIAI QUYET VIEC LAM", ignore_diacritics=True)["province"]) \
        == ["Hậu Giang", "Hà Giang", "Hà Giang", "Sóc Trăng"]
    assert explore.mark("cho trên 30.500 lao động", 30500) == "cho trên [[30.500]] lao động"
    assert explore.mark("đạt 70,43%", 70.43) == "đạt [[70,43]]%"
    text = explore.sentence(ds, "003_abde4b4eb7bf41d0@520")
    assert text.splitlines()[0] == ("- Jobs created (giải quyết việc làm), Hà Giang 2024 "
                                    "(actual): >30,500 persons")
    assert text.splitlines()[-1] == "  https://baohagiang.vn/xa-hoi/202501/viec-lam.html"
    assert explore.sentence(ds, "nope") == "No fact with id 'nope'."
    assert list(explore.facts(ds, province="hau giang", indicator="poverty")["indicator"]) == [
        "poverty_rate_reduction", "poverty_rate", "poverty_rate__subgroup"]


def test_notebooks_are_thin_and_import_only_loader_and_report():
    import nbformat

    for name in ("province_report", "comparison_report", "explore"):
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code[0].metadata.get("tags") == ["parameters"], name
        for line in code[0].source.splitlines():
            assert "# type: " in line, line  # documented for papermill --help-notebook
        imports = {line.split()[1] for c in code for line in c.source.splitlines()
                   if line.startswith(("import ", "from "))}
        assert imports <= {"vnlabour.dataset", "vnlabour.report.province",
                           "vnlabour.report.comparison", "vnlabour.report"}, (name, imports)
        assert all(len(c.source.splitlines()) <= 6 for c in code), name


# ----------------------------------------------------------------------------- figure links

def test_every_table_value_links_to_its_mark_with_its_reading(data):
    df = tables.key_figures(data.rows(["Hà Giang"]))
    jobs = df.iloc[0].to_dict()
    assert jobs["_href:Actual"] == "articles/003_abde4b4eb7bf41d0.html#f-003_abde4b4eb7bf41d0@520"
    assert jobs["_hover:Actual"] == ("Jobs created (giải quyết việc làm) · actual · Hà Giang · "
                                     "2024 · >30,500 persons · rule fixture")
    html = ProvinceReport(data, "Hà Giang").key_figures().html
    assert ('<td class="num"><a href="articles/003_abde4b4eb7bf41d0.html#f-003_abde4b4eb7bf41d0'
            '@520" title="Jobs created (giải quyết việc làm) · actual · Hà Giang · 2024 · '
            '&gt;30,500 persons · rule fixture">&gt;30,500</a></td>') in html
    sources = tables.provenance(data, ["Hà Giang"], years=[2024]).iloc[0]
    assert sources["_href:Value"] == jobs["_href:Actual"]
    assert sources["_href:Document"] == "articles/003_abde4b4eb7bf41d0.html"


def test_a_value_computed_by_a_rule_carries_a_mark_and_its_reason():
    fact = {"value": 106.0, "unit": "percent", "qualifier": "exact", "rule": "plan:vượt/follows",
            "sentence": "Tuyển sinh 13.800 người, vượt 6% so với kế hoạch."}
    assert marks.computed_reason(fact, "6%") == (
        "computed by the rule plan:vượt/follows: the text writes “6%”, read as 106%")
    assert marks.computed_reason(fact) == (
        "computed by the rule plan:vượt/follows: 106% is not written as such in the sentence")
    assert marks.computed_reason({**fact, "value": 13800.0}) == ""
    assert marks.computed_reason({**fact, "value": 19000.0, "unit": "persons"},
                                 "19 nghìn người") == ""


@pytest.mark.parametrize("args, expected", [
    ((2024, None, None), "2024"), ((2024, 2021, None), "2021–2024 (period total)"),
    ((2024, None, 9), "2024, 9 months"), ((None, None, None), "year not stated"),
])
def test_time_of_a_figure_is_always_shown(args, expected):
    assert marks.time_text(*args) == expected


def test_marks_nest_and_never_cross():
    facts = [{"fact_id": f"d@{a}", "char_start": a, "char_end": b, "status": "actual",
              "indicator": "jobs_created", "value": 1, "unit": "persons", "rule": "r"}
             for a, b in ((3, 8), (3, 8), (6, 11), (13, 15))]
    out = str(articles.marked_text("ab 1.500 <b> 7%", facts))
    assert 'title="Jobs created (giải quyết việc làm) · actual · province unknown · year not ' \
        'stated · 1 persons · rule r"' in out
    # the second mark of the same span opens inside the first; one that crosses is cut
    assert re.sub(r' title="[^"]*"', "", out) == (
        'ab <mark id="f-d@3"><mark id="f-d@3">1.5<mark id="f-d@6">00</mark></mark></mark>'
        ' &lt;b&gt; <mark id="f-d@13">7%</mark>')


def test_article_page_without_its_file_shows_each_figure_in_its_sentence(data):
    doc = {**data.documents_by_id["003_abde4b4eb7bf41d0"], "path": "gone/003.txt"}
    facts = [articles._plain(f) for f in data.facts.to_dict("records")
             if f["doc_id"] == doc["doc_id"]]
    page = articles.render_article(doc, facts, None)
    assert '<a href="../index.html">← All reports</a>' in page
    assert '<link rel="stylesheet" href="../static/vnlabour.css">' in page
    assert page.count("<mark id=") == len(facts) == 6
    assert "<dd>from the provincial newspaper of the source address</dd>" in page
    assert ("The text of 003_abde4b4eb7bf41d0 is not available here (no file 003.txt in the "
            "articles folder); each figure is shown in its sentence.") in page
