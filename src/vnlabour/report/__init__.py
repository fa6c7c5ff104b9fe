"""Tables, charts and formatting for the report notebooks (no extraction code here).

Notebooks import `vnlabour.report.province.ProvinceReport`,
`vnlabour.report.comparison.ComparisonReport` or `vnlabour.report.explore`; each returns
objects that display as escaped HTML, plain text or static PNG charts.
"""
