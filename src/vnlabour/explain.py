"""`vnlabour explain "SENTENCE"`: how the extractor reads each figure of a sentence, and why.

The sentence is extracted as a one-sentence document (`extract.extract`, the same engine as
`vnlabour extract`, with the researcher's `--rules DIR` when given). For every number in it the
explanation gives the indicator and the rule that decided it, the status and the status cue
that set it (the extractor reports the cue in a debug log record, captured here), the year and
where it came from, the scope, the qualifier and the value. A number no rule reads is listed
too, so that "why is this figure missing?" has an answer as well.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from vnlabour.extract import Document, Fact, extract
from vnlabour.numbers import find_quantities
from vnlabour.text import normalise

_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20[0-5]\d)(?!\d)")


@dataclass(frozen=True)
class Figure:
    """A number of the sentence as written ("30.500 lao động"), and what was read from it:
    its facts (none, one, or a result and its plan for "32.150/30.000")."""

    text: str
    start: int
    end: int
    facts: tuple[Fact, ...]


class _StatusCues(logging.Handler):
    """Collects the extractor's status decisions: document offset -> (status, cue phrase)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.cues: dict[int, tuple[str, str]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "status_cue"):
            self.cues[record.at] = (record.args[0], record.status_cue)


def read_sentence(sentence: str, published: str = "", rules_dir: Path | None = None
                  ) -> tuple[str, list[Figure], dict[int, tuple[str, str]]]:
    """(normalised text, its figures in order, (status, cue) by fact start) of a sentence."""
    text = normalise(sentence).strip()
    # the extractor's trace records, for this call only: kept from the application's handlers
    logger = logging.getLogger("vnlabour.extract.trace")
    cues, level, propagate = _StatusCues(), logger.level, logger.propagate
    logger.addHandler(cues)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        facts = extract(Document("explain", text, published=published), rules_dir=rules_dir)
    finally:
        logger.removeHandler(cues)
        logger.setLevel(level)
        logger.propagate = propagate
    figures, used = [], set()
    for q in find_quantities(text):
        own = tuple(f for f in facts if q.qual_start <= f.char_start < max(q.unit_end, q.end))
        used.update(id(f) for f in own)
        figures.append(Figure(text[q.qual_start:q.unit_end], q.qual_start, q.unit_end, own))
    # figures stated in words ("không còn hộ nghèo") have no number of their own
    figures += [Figure(text[f.char_start:f.char_end], f.char_start, f.char_end, (f,))
                for f in facts if id(f) not in used]
    return text, sorted(figures, key=lambda g: g.start), cues.cues


def explain(sentence: str, published: str = "", rules_dir: Path | None = None) -> str:
    """The explanation of every figure of `sentence`, as text (see the module docstring)."""
    text, figures, cues = read_sentence(sentence, published, rules_dir)
    lines = [text, f"published: {published or 'not given'}; rules: the package's"
             + (f" and {rules_dir}" if rules_dir else ""), ""]
    if not figures:
        lines.append("no number in this sentence")
    for n, figure in enumerate(figures, 1):
        lines.append(f"{n}. {figure.text}  (characters {figure.start}-{figure.end})")
        if not figure.facts:
            lines.append("   no figure: no reading rule gave it an indicator (no cue phrase "
                         "of indicator_cues.csv for it, or a value out of range)")
        for fact in figure.facts:
            lines += _fact_lines(fact, text, cues, published)
    return "\n".join(lines)


def _fact_lines(fact: Fact, text: str, cues: dict[int, tuple[str, str]], published: str
                ) -> list[str]:
    """The fields of one fact, each with the evidence for it."""
    fields = [("indicator", fact.indicator), ("rule", fact.rule),
              ("status", f"{fact.status} ({_status_reason(fact, cues, published)})"),
              ("year", _year_text(fact, text, published)),
              ("scope", fact.scope), ("qualifier", fact.qualifier),
              ("value", f"{_number(fact.value)}"
                        + (f"-{_number(fact.value_max)}" if fact.value_max else "")
                        + f" {fact.unit}")]
    fields += [("months", f"{fact.months} (part of the year)")] if fact.months else []
    place = fact.locality or fact.province or fact.province_2025
    fields += [("place", place)] if place else []
    return [f"   {name + ':':<11}{value}" for name, value in fields]


def _status_reason(fact: Fact, cues: dict[int, tuple[str, str]], published: str) -> str:
    """Why the fact has its status: the cue before it, no cue (a result), a year after the
    publication, or the figure it qualifies (a share of plan, a rate, a decrease, a plan)."""
    if fact.char_start not in cues:
        return "that of the figure it belongs to"
    status, cue = cues[fact.char_start]
    if status != fact.status:
        return f"its year is after the publication year {published[:4]}: no result is known yet"
    if cue:
        return f"cue {cue!r}"
    return "no status cue before it" + (": a result" if status == "actual" else
                                        ": it goes on with the targets before it")


def _year_text(fact: Fact, text: str, published: str) -> str:
    """The year (or period) and where it came from: written in the fact's sentence, in an
    earlier one, worked out from the years written, or the publication date."""
    if fact.year is None:
        return "none (no year written and no publication date)"
    year = f"{fact.period_start}-{fact.year}" if fact.period_start else str(fact.year)
    written = [int(y) for y in _WRITTEN_YEAR.findall(fact.sentence)]
    before = [int(y) for y in _WRITTEN_YEAR.findall(text[:text.find(fact.sentence)])]
    if fact.year in written:
        source = f"written in the sentence: {fact.year}"
    elif written:
        source = "worked out from the year(s) written: " + ", ".join(map(str, written))
    elif before:
        source = f"from an earlier sentence: {before[-1]}"
    elif published:
        source = f"from the publication date {published}"
    else:
        source = "worked out from the sentence"
    return f"{year} ({source})"


def _number(value: float) -> str:
    """30500.0 -> '30500', 1.86 -> '1.86'."""
    return str(int(value)) if float(value).is_integer() else repr(value)
