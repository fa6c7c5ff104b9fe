"""How one figure is shown wherever it appears: the link to its mark on its article page,
its reading on hover, its time (year, period, part of a year), when the number shown is
not the number written (a rule computed it), the mark and the reason, and when a researcher
reviewed it, the review's mark (✓ accepted, ✎ edited, with the extracted reading on hover).

Tables (in the notebooks, pages at reports/) and article pages (reports/articles/) both use
these, so a figure reads the same everywhere.
"""
from __future__ import annotations

from urllib.parse import quote

from vnlabour.report import fmt, labels

ARTICLES = "articles"
COMPUTED_MARK = "⚙"
REVIEW_MARKS = {"accepted": "✓", "edited": "✎", "added": "+"}
REVIEW_HOVER = {"accepted": "accepted by a researcher", "added": "added by a researcher"}
REVIEW_LEGEND = ("✓ accepted by a researcher; ✎ corrected by a researcher (hover: the "
                 "extracted reading)")


def anchor(fact_id: str) -> str:
    """The id of a fact's <mark> on its article page: 'f-<fact_id>'."""
    return f"f-{fact_id}"


def article_href(doc_id: str, root: str = "") -> str:
    """The article page of a document, relative to a page at `root` ('' for reports/)."""
    return f"{root}{ARTICLES}/{quote(doc_id, safe='')}.html"


def fact_href(fact: dict, root: str = "") -> str:
    """'articles/<doc_id>.html#f-<fact_id>': the mark of `fact` on its article page."""
    return f"{article_href(fact['doc_id'], root)}#{quote(anchor(fact['fact_id']), safe='@')}"


def time_text(year, period_start=None, months=None, statistic=None) -> str:
    """'2024', '2021–2024 (period total)', '2021–2024 (yearly average)', '2024, 9 months':
    what a figure covers."""
    if fmt.is_missing(year):
        return "year not stated"
    text = str(int(year))
    average = not fmt.is_missing(statistic) and statistic == "annual_average"
    if not fmt.is_missing(period_start) and int(period_start) != int(year):
        return f"{int(period_start)}–{text} ({'yearly average' if average else 'period total'})"
    if average:
        return f"{text} (yearly average)"
    if not fmt.is_missing(months):
        return f"{text}, {int(months)} months"
    return text


def fact_time(fact: dict) -> str:
    """`time_text` of a fact (a row of facts.csv)."""
    return time_text(fact.get("year"), fact.get("period_start"), fact.get("months"),
                     fact.get("statistic"))


def reviewed(text: str, review: str) -> str:
    """A figure's display text with the mark of its review ('1,500 persons ✎')."""
    mark = REVIEW_MARKS.get(review, "")
    return f"{text} {mark}" if mark else text


def review_hover(fact: dict) -> str:
    """What a reviewed figure's mark explains: for an edited one, the extracted reading."""
    if fact.get("review") != "edited":
        return REVIEW_HOVER.get(fact.get("review", ""), "")
    changed = [f"{name} {fact[f'{name}_extracted']}" for name in
               ("indicator", "status", "year", "unit", "qualifier", "province", "locality")
               if not fmt.is_missing(fact.get(f"{name}_extracted")) and
               str(fact[f"{name}_extracted"]) != ""]
    if not fmt.is_missing(fact.get("value_extracted")):
        changed.insert(0, "value " + fmt.value(fact["value_extracted"], fact.get(
            "unit_extracted") or fact["unit"], fact["qualifier"], with_unit=True))
    return "extracted: " + ", ".join(changed)


def written_values(text: str) -> set[float]:
    """The values of the quantities written in `text` ('vượt 6%' -> {6.0})."""
    from vnlabour.numbers import find_quantities

    return {round(float(q.value), 6) for q in find_quantities(text)}


def computed_reason(fact: dict, written: str | None = None) -> str:
    """Why the value of `fact` is not a number written in the text, or '' when it is.

    `written` is the figure's span ('6%'); without it the sentence is searched. A share of
    plan from 'vượt 6%' (106%) and a zero from 'không còn hộ nghèo' are computed by a rule.
    A value a researcher gave (an added figure, an edited value) is not a rule's."""
    if fact.get("review") == "added" or (fact.get("review") == "edited"
                                         and not fmt.is_missing(fact.get("value_extracted"))):
        return ""
    text = written if written is not None else fact.get("sentence", "")
    value = fact.get("value")
    if fmt.is_missing(value) or round(float(value), 6) in written_values(text or ""):
        return ""
    shown = fmt.value(value, fact.get("unit", ""), fact.get("qualifier"), with_unit=True)
    rule = fact.get("rule", "") or "of the extractor"
    if written is not None:
        return f"computed by the rule {rule}: the text writes “{written.strip()}”, read as {shown}"
    return f"computed by the rule {rule}: {shown} is not written as such in the sentence"


def reading(fact: dict) -> str:
    """The reading of a fact as hover text: indicator, status, place, time, value, rule."""
    place = fact.get("province") or "province unknown"
    if fact.get("locality"):
        place = f"{fact['locality']} (district), {place}"
    value = fmt.value(fact.get("value"), fact.get("unit", ""), fact.get("qualifier"),
                      fact.get("value_max"), with_unit=True)
    return (f"{labels.label(fact.get('indicator', ''))} · {fact.get('status', '')} · {place} · "
            f"{fact_time(fact)} · "
            f"{value} · rule {fact.get('rule', '')}")


def chosen_fact(fact_ids: str, value, facts_by_id: dict[str, dict]) -> dict | None:
    """The fact behind an indicator value: the first of its facts that states the value,
    else its first fact (a derived value: the actual figure it is computed from)."""
    facts = [facts_by_id[i] for i in (fact_ids or "").split(";") if i in facts_by_id]
    same = [f for f in facts if not fmt.is_missing(value) and not fmt.is_missing(f["value"])
            and round(float(f["value"]), 6) == round(float(value), 6)]
    return (same or facts or [None])[0]


def value_links(rows: list[dict], facts_by_id: dict[str, dict]
                ) -> tuple[list[str], list[str], list[bool]]:
    """For indicator rows (fact_ids, value, derived, conflict): the link to the mark of the
    fact behind each value, the hover text (its reading and, for a value not written as
    such, why) and whether a rule computed it."""
    hrefs, hovers, computed = [], [], []
    for r in rows:
        fact = chosen_fact(r["fact_ids"], r["value"], facts_by_id)
        if fact is None:
            hrefs.append(""), hovers.append(""), computed.append(False)
            continue
        reason = "" if r["derived"] else computed_reason(fact)
        notes = [reading(fact)]
        if r["derived"]:
            values = [fmt.value(f["value"], f["unit"], f["qualifier"], with_unit=True)
                      for f in (facts_by_id.get(i) for i in r["fact_ids"].split(";")) if f]
            notes.insert(0, "derived: actual ÷ target × 100 from " + ", ".join(values))
        if r["conflict"]:
            values = [fmt.value(f["value"], f["unit"], f["qualifier"])
                      for f in (facts_by_id.get(i) for i in r["fact_ids"].split(";")) if f]
            notes.insert(0, "sources disagree: " + ", ".join(values))
        if reason:
            notes.insert(0, reason)
        hrefs.append(fact_href(fact)), hovers.append(" | ".join(notes))
        computed.append(bool(reason))
    return hrefs, hovers, computed
