"""Vietnamese numerals: thousands '.' and decimal ',', number words, units, qualifiers, ranges.

`find_quantities(text)` returns every figure of a (normalised) text with its value in base
units, the unit that follows it, the qualifier around it ("trên" -> over) and the upper end of a
range. Years, dates ("7/1", "9/2024") and document numbers ("Nghị định 61/2015") are not
quantities. Units, number words and qualifiers come from the tables in `rules/`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vnlabour.patterns import trie_regex, words
from vnlabour.tables import read_table

# A numeral: "1.234.567,5" (Vietnamese grouping), "70,43", "1.5" (a misused dot), "2024".
_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![.,]?\d)|\d+(?:[.,]\d+)*"
_NUM_REST = r"\d{0,2}(?:\.\d{3})+(?:,\d+)?(?![.,]?\d)|\d*(?:[.,]\d+)*"  # after its first digit
YEAR_MIN, YEAR_MAX = 1975, 2060
# Words after which a number is an identifier or a date part, not a quantity.
_ID_WORDS = ("số", "Số", "lần thứ", "thứ", "Điều", "điều", "khoản", "Khoản", "tháng", "Tháng",
             "ngày", "Ngày", "quý", "Quý", "Nghị định", "Nghị quyết", "Quyết định", "Thông tư",
             "Chỉ thị", "Kế hoạch số", "khóa", "Khóa", "lúc", "Chương trình", "Dự án",
             "Tiểu dự án", "Luật", "phiên bản", "mã", "đợt", "Đợt", "kỳ", "giai đoạn",
             "Giai đoạn", "năm", "Năm")

# ... unless they end a phrase that announces a total: "có tổng số 13.821 hộ"
_TOTAL_WORDS = ("tổng số",)


@dataclass(slots=True)  # not frozen: frozen dataclasses are 3x slower to create
class Quantity:
    """A figure found in text. Offsets are relative to the text given to find_quantities."""

    start: int          # first character of the numeral
    end: int            # end of the numeral with its number word and '%' (range: upper end)
    unit_end: int       # end of the unit phrase ("lao động"), == end when there is none
    qual_start: int     # start of a qualifier before the number, == start when there is none
    value: float
    value_max: float | None
    unit: str           # persons, households, percent, vnd, count, or "" when none
    qualifier: str      # exact, over, under, about, nearly, at_least, at_most
    text: str           # the numeral as written
    plan: float | None = None   # "32.150/30.000 lao động": the plan the figure is set against
    plan_start: int = -1        # where the plan's numeral starts


_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")     # 1.234.567,5
_COMMA_GROUPED = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")  # 1,234,567
_ONE_GROUP = re.compile(r"\d{1,3}[,.]\d{3}")                      # 21,700 or 21.700


def parse_number(token: str) -> float:
    """Value of a numeral written the Vietnamese way ('.' groups thousands, ',' is decimal).

    Sources break the rule sometimes; a lone '.' or ',' followed by anything but a group of
    three digits is a decimal mark ("1.5" -> 1.5), and "1,234,567" is grouped by commas.
    """
    if _DOT_GROUPED.fullmatch(token):
        return float(token.replace(".", "").replace(",", "."))
    if _COMMA_GROUPED.fullmatch(token):
        return float(token.replace(",", ""))
    if token.count(",") + token.count(".") > 1:
        raise ValueError(f"not a numeral: {token!r}")
    return float(token.replace(",", "."))


def format_number(value: float, decimals: int = 0) -> str:
    """Write `value` the Vietnamese way: 30500 -> '30.500', 70.43 -> '70,43'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@dataclass(frozen=True)
class _Patterns:
    """Compiled patterns and lookups built from the unit, multiplier and qualifier tables."""

    number: re.Pattern        # a numeral with range, number word and '%'
    unit: re.Pattern          # a unit phrase after a number
    units: dict               # lowercase unit phrase -> unit
    mults: dict               # number word -> factor
    ids: frozenset            # words after which a number is an identifier ("Nghị định")
    before: dict              # lowercase qualifier -> qualifier code ("trên" -> over)
    longest: int              # words in the longest identifier or qualifier phrase
    tail: re.Pattern          # a qualifier after the number or unit ("trở lên")
    after: dict


@lru_cache(maxsize=None)
def _tables() -> _Patterns:
    """The patterns of the tables in rules/, compiled once."""
    units = {r["phrase"].lower(): r["unit"] for r in read_table("units")}
    mults = {r["word"]: float(r["factor"]) for r in read_table("multipliers")}
    quals = read_table("qualifiers")
    before = {r["phrase"].lower(): r["qualifier"] for r in quals if r["position"] == "before"}
    after = {r["phrase"]: r["qualifier"] for r in quals if r["position"] == "after"}
    # The first digit comes first (the engine skips to digits), then what precedes it is
    # checked; group n1 holds the rest of the first numeral.
    number = re.compile(
        rf"\d(?<![\w/.,].)(?:(?<=[tT]ừ .)(?P<from>))?(?P<n1>{_NUM_REST})"
        # "32.150/30.000 người" is a result over its plan ("7/1", "9/2024" are dates: see below)
        rf"(?:/(?P<plan>{_NUM})(?!/|[.,]?\d))?(?P<p1>\s?%)?"
        # "X - Y" is a range; "X đến Y" only after "từ" ("tăng 5.000 đến năm 2025" is none)
        rf"(?:(?(from)(?:\s?[-–]\s?|\s(?:đến|tới)\s)|\s?[-–]\s?)(?P<n2>{_NUM})(?!\s?/))?"
        # no number word after a '%': "giảm 0,5% tỷ lệ hộ nghèo" is no 0.5 billion percent
        rf"(?(p1)|(?:\s(?P<mult>{trie_regex(mults)})(?!\w))?)"
        rf"(?P<pct>\s?%|\sphần trăm)?(?!\w|/\d)")
    return _Patterns(
        number=number, unit=re.compile(rf"\s(?:lượt\s)?(?P<unit>{words(units, True)})"),
        units=units, mults=mults,
        ids=frozenset(_ID_WORDS), before=before,
        longest=max(len(p.split()) for p in (*_ID_WORDS, *before)),
        tail=re.compile(rf"(?:\s?/\s?năm|\smỗi năm)?\s(?P<q>{words(after)})"), after=after)


def _is_year(token: str) -> bool:
    """A bare four-digit numeral in the range of years."""
    return len(token) == 4 and token.isdigit() and YEAR_MIN <= int(token) <= YEAR_MAX


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text` with value, unit, qualifier and range, in order of position."""
    t = _tables()
    found = []
    for m in t.number.finditer(text):
        start, end = m.start(), m.end()
        n1, n2, mult, pct = text[start:m.end("n1")], m["n2"], m["mult"], m["pct"] or m["p1"]
        head = _words_before(text, start, t)
        if head is _IDENTIFIER:
            continue
        unit, unit_end = ("percent" if pct else ""), end
        if not pct:
            u = t.unit.match(text, end)
            if u:
                unit, unit_end = t.units[u["unit"].lower()], u.end()
        if _is_year(n1) and not mult and not unit:
            continue
        if m["plan"] and not _is_result_of_plan(n1, m["plan"], n2, mult, unit):
            continue  # a date or a document number: "7/1", "9/2024", "12/12 huyện"
        try:
            v1 = parse_number(n1)
            v2 = parse_number(n2) if n2 else None
            plan = parse_number(m["plan"]) if m["plan"] else None
        except ValueError:
            continue
        if plan is not None and not _near_plan(v1, plan):
            plan = None   # "4.643/199.765 hộ": a part of all the households, not a plan
        if unit in ("persons", "households", "count") and not mult:
            v1, v2 = whole_count(n1, v1), (whole_count(n2, v2) if n2 else None)
            plan = whole_count(m["plan"], plan) if plan is not None else None
        factor = t.mults.get(mult, 1.0) if mult else 1.0
        qualifier, qual_start = "exact", start
        if head:
            qualifier, qual_start = head
        tail = t.tail.match(text, unit_end)
        if tail:
            qualifier = t.after[tail["q"]]
        found.append(Quantity(
            start=start, end=end, unit_end=unit_end, qual_start=qual_start,
            value=_clean(v1 * factor), value_max=_clean(v2 * factor) if v2 is not None else None,
            unit=unit, qualifier=qualifier, text=m.group(), plan=plan,
            plan_start=m.start("plan") if plan is not None else -1))
    return _ranges_of_units(text, found)


_RANGE_DASH = re.compile(r"\s*[-–—]\s*")


def _ranges_of_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """"900 người – 1.100 người": two quantities of one unit joined by a dash are one range."""
    merged: list[Quantity] = []
    for q in found:
        last = merged[-1] if merged else None
        if last is not None and q.unit and q.unit == last.unit and last.value_max is None \
                and q.value_max is None and q.value > last.value \
                and _RANGE_DASH.fullmatch(text, last.unit_end, q.qual_start):
            last.value_max, last.end, last.unit_end = q.value, q.end, q.unit_end
            continue
        merged.append(q)
    return merged


def _is_result_of_plan(n1: str, plan: str, n2: str | None, mult: str | None, unit: str) -> bool:
    """"32.150/30.000 lao động" (result over plan): a count of people or households with no
    year, range or number word; anything else written "a/b" is a date or an identifier."""
    return unit in ("persons", "households") and not (_is_year(n1) or _is_year(plan) or n2
                                                      or mult)


PLAN_RATIO = 2.0   # a result lies within this factor of its plan; "a/b" beyond it is a part/whole


def _near_plan(value: float, plan: float) -> bool:
    """Whether "a/b" can be a result over its plan: a plan is of the order of its result
    ("32.150/30.000 lao động"), while a part of a whole is far below it ("2.975/210.400 hộ cận
    nghèo": the near-poor among all households)."""
    return plan > 0 and 1 / PLAN_RATIO <= value / plan <= PLAN_RATIO


_IDENTIFIER = ("identifier", 0)
_OPENERS = "([\"'“‘-–"  # punctuation that may open a phrase: "(trên 500 người)"


def _words_before(text: str, start: int, t: _Patterns):
    """What the words right before a number make of it: _IDENTIFIER ("Nghị định 61"), a
    (qualifier, start of the qualifier) pair ("trên 30.500"), or None. Dictionary lookups of
    the last one, two, three words: much cheaper than a regex search of the text before."""
    head = text[max(0, start - 24):start]
    if not head.endswith(" "):
        return None
    tokens = head.split()
    for n in range(1, min(t.longest, len(tokens)) + 1):
        phrase = " ".join(tokens[-n:]).lstrip(_OPENERS)
        if phrase in t.ids and " ".join(tokens[-n - 1:]).lower() not in _TOTAL_WORDS:
            return _IDENTIFIER
        qualifier = t.before.get(phrase.lower())
        if qualifier:
            return qualifier, start - len(head) + head.rindex(tokens[-n].lstrip(_OPENERS))
    return None


def unit_at(text: str, pos: int) -> str:
    """Unit of the unit phrase starting after a space at `pos` ("" when none): "100% người lao
    động" has 'persons' after the percentage, a share of a group."""
    t = _tables()
    m = t.unit.match(text, pos)
    return t.units[m["unit"].lower()] if m else ""


def whole_count(token: str, value: float) -> float:
    """A count of people or households is whole: "21,700 người" means 21700, not 21.7."""
    if _ONE_GROUP.fullmatch(token):
        return float(token.replace(",", "").replace(".", ""))
    return value


def _clean(value: float) -> float:
    """Round away binary noise from multiplying decimals (1.1 * 1e9)."""
    return round(value, 6)
