"""Formatting for readers: numbers, qualifier marks, and escaped HTML tables and links.

Everything that comes from article text (quotes, titles, URLs, place names) reaches HTML only
through `esc`, `html_table` or `link` here, which escape it; a link is made only for an
http(s) URL.
"""
from __future__ import annotations

import html
import math
from urllib.parse import urlsplit

# Mark shown before a value for each qualifier of schema.QUALIFIERS.
QUALIFIER_MARKS = {
    "exact": "",
    "over": ">",
    "under": "<",
    "about": "≈",
    "nearly": "≲",
    "at_least": "≥",
    "at_most": "≤",
}
QUALIFIER_WORDS = {
    "over": "over (trên/hơn/vượt)",
    "under": "under (dưới)",
    "about": "about (khoảng/ước)",
    "nearly": "nearly (gần)",
    "at_least": "at least (tối thiểu/từ … trở lên)",
    "at_most": "at most (tối đa)",
}
DERIVED_MARK = "*"
CONFLICT_MARK = "†"
UNIT_WORDS = {
    "persons": "persons",
    "households": "households",
    "percent": "%",
    "percentage_points": "percentage points",
    "vnd": "VND",
    "count": "count",
}


def is_missing(value) -> bool:
    """True for None, NaN and pandas NA."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, and pd.NA raises TypeError
    except TypeError:
        return True


def number(value: float, decimals: int | None = None) -> str:
    """A number for readers: thousands separated by ',', the decimals of the source (up to
    four) without trailing zeros: 70.43 -> '70.43', 134.7 -> '134.7', 30500 -> '30,500'."""
    if is_missing(value):
        return "–"
    value = float(value)
    if decimals is None:
        decimals = len(f"{value:.4f}".rstrip("0").partition(".")[2])
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def value(value: float, unit: str, qualifier: str | None = "exact", value_max: float | None = None,
          with_unit: bool = False) -> str:
    """One figure as a reader sees it: '>30,500', '70.4%', '≥0.19 pp', '1,000–1,200'.

    Percent values always carry '%' and percentage points 'pp'; counts carry their unit word
    only when `with_unit` (e.g. '>30,500 persons').
    """
    if is_missing(value):
        return "–"
    mark = QUALIFIER_MARKS.get("" if is_missing(qualifier) else (qualifier or ""), "")
    text = number(value)
    if not is_missing(value_max) and value_max is not None and float(value_max) != float(value):
        text = f"{text}–{number(value_max)}"
    if unit == "percent":
        text += "%"
    elif unit == "percentage_points":
        text += " pp"
    elif with_unit and unit:
        text += " " + UNIT_WORDS.get(unit, unit)
    return mark + text


def unit_word(unit: str) -> str:
    """The unit as a column heading: 'persons', '%', 'percentage points'."""
    return UNIT_WORDS.get(unit, unit or "")


def esc(text) -> str:
    """HTML-escaped text (quotes included); missing values become ''."""
    if is_missing(text):
        return ""
    return html.escape(str(text), quote=True)


def safe_url(url) -> str | None:
    """The URL when it is an absolute http(s) URL with a host, else None."""
    if is_missing(url):
        return None
    url = str(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c in url for c in "\x00\r\n\t \"'<>`"):
        return None
    return url


def link(url, text=None) -> str:
    """An escaped <a> to an http(s) URL; other URLs are shown as escaped text, not linked."""
    ok = safe_url(url)
    label = esc(url if text is None else text)
    if ok is None:
        return label
    return f'<a href="{esc(ok)}" rel="noopener noreferrer">{label}</a>'


def local_link(href, text, title="") -> str:
    """An escaped <a> to a page inside reports/ (a relative path, never a scheme), with a
    hover title; the text alone when there is no such path."""
    label = esc(text)
    if is_missing(href) or not href or not label or urlsplit(str(href)).scheme \
            or str(href).startswith(("/", "\\")):
        return label
    hover = f' title="{esc(title)}"' if title else ""
    return f'<a href="{esc(href)}"{hover}>{label}</a>'


class Html:
    """A block of HTML built by this package (all text inside already escaped).

    Shown as HTML in a notebook and as plain text in a terminal or a text-only output.
    """

    def __init__(self, html_text: str, text: str = "") -> None:
        self.html = html_text
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text or "(HTML)"


class Missing(Html):
    """What a section shows when it has nothing to show (a page collapses such sections
    into one line)."""


def html_table(rows: list[dict], columns: list[str], *, html_columns: tuple[str, ...] = (),
               caption: str = "", css_class: str = "vn-table", numeric: tuple[str, ...] = ()
               ) -> str:
    """An HTML table of `rows` (dicts) with every cell escaped.

    Cells of `html_columns` must already be safe HTML built by this module (e.g. `link`);
    all others are escaped here. `numeric` columns are right-aligned.
    """
    out = [f'<table class="{esc(css_class)}">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
               + "</tr></thead><tbody>")
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c, "")
            content = (v if isinstance(v, str) else "") if c in html_columns else esc(v)
            cls = ' class="num"' if c in numeric else ""
            cells.append(f"<td{cls}>{content}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def text_table(rows: list[dict], columns: list[str]) -> str:
    """The same table as aligned plain text (for terminals and text outputs)."""
    if not rows:
        return ""
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def bullet_list(items: list[str]) -> str:
    """An HTML list of already-escaped items."""
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def finite(x) -> bool:
    """True for a real, finite number."""
    return not is_missing(x) and math.isfinite(float(x))
