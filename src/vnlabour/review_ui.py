"""The review notebook's widgets (ipywidgets): the queue as cards, one per figure, with its
sentence and the figure highlighted, the reading, and Accept / Reject / Edit buttons that
record the decision at once (review.py); a progress line above them.

    from vnlabour.review_ui import review_panel
    review_panel(province="Hà Giang", n=10)
"""
from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

import ipywidgets as w

from vnlabour import review
from vnlabour.review import cell
from vnlabour.confidence import figure_offset
from vnlabour.paths import DEFAULT_CORRECTIONS, DEFAULT_PROCESSED
from vnlabour.schema import EDITABLE, QUALIFIERS, STATUSES, UNITS

DONE = {"accepted": "✓ accepted", "rejected": "✗ rejected", "edited": "✎ edited"}
_CHOICES = {"status": STATUSES, "unit": UNITS, "qualifier": QUALIFIERS}


@lru_cache(maxsize=64)
def _text(path: str) -> str:
    from vnlabour.corpus import normalised_text

    return normalised_text(Path(path))


def sentence_html(fact: dict) -> str:
    """The fact's sentence, escaped, with its figure in <mark>."""
    sentence = fact["sentence"]
    try:
        at = figure_offset(_text(fact["path"]), fact)
    except (OSError, ValueError):   # the article moved or changed since the extraction
        at = -1
    if at < 0:
        return html.escape(sentence)
    end = at + int(fact["char_end"]) - int(fact["char_start"])
    return (f"{html.escape(sentence[:at])}<mark>{html.escape(sentence[at:end])}</mark>"
            f"{html.escape(sentence[end:])}")


def reading_text(fact: dict) -> str:
    """The extracted reading on one line: indicator, status, year, value, unit, place."""
    place = " / ".join(p for p in (cell(fact["province"]) or cell(fact["province_2025"]),
                                   cell(fact["locality"])) if p)
    return (f"{fact['indicator']} · {fact['status']} · {cell(fact['year']) or 'no year'} · "
            f"{cell(fact['value'])} {fact['unit']} ({fact['qualifier']}) · "
            f"{place or 'province unknown'}")


class Card:
    """One figure of the queue and its buttons."""

    def __init__(self, fact: dict, panel: Panel) -> None:
        self.fact, self.panel = fact, panel
        head = (f"<b>{html.escape(fact['doc_id'])}</b> · confidence "
                f"{float(fact['confidence']):.2f} · rule <code>{html.escape(fact['rule'])}"
                f"</code><br>{html.escape(cell(fact['title']))}")
        self.status = w.HTML()
        self.buttons = [self._button("Accept", "success", self.accept),
                        self._button("Reject", "danger", self.reject),
                        self._button("Edit", "warning", self.open_form)]
        self.fields = {n: (w.Dropdown(options=("", *_CHOICES[n]), value=cell(fact[n]))
                           if n in _CHOICES else w.Text(value=cell(fact[n])))
                       for n in EDITABLE}
        for name, field in self.fields.items():
            field.description = name
        save = self._button("Save", "primary", self.save)
        self.form = w.VBox([*self.fields.values(), save], layout=w.Layout(display="none"))
        self.widget = w.VBox([
            w.HTML(f'<div class="vn-card-head">{head}</div>'
                   f'<p class="vn-sentence">{sentence_html(fact)}</p>'
                   f'<p class="vn-reading">{html.escape(reading_text(fact))}</p>'),
            w.HBox([*self.buttons, self.status]), self.form],
            layout=w.Layout(border="1px solid #ccc", padding="6px", margin="4px 0"))
        self.widget.add_class("vn-review-card")

    def _button(self, label: str, style: str, action) -> w.Button:
        button = w.Button(description=label, button_style=style)
        button.on_click(lambda _: self._run(action))
        return button

    def _run(self, action) -> None:
        """Run a decision; show its outcome (or why it was refused) on the card."""
        try:
            action()
        except review.ReviewError as exc:
            self.status.value = f'<span style="color:#b00">{html.escape(str(exc))}</span>'

    def _done(self, state: str) -> None:
        for button in self.buttons:
            button.disabled = True
        self.form.layout.display = "none"
        self.status.value = f"<b>{DONE[state]}</b>"
        self.panel.refresh_progress()

    def accept(self) -> None:
        review.accept(self.fact["fact_id"], **self.panel.where)
        self._done("accepted")

    def reject(self) -> None:
        review.reject(self.fact["fact_id"], **self.panel.where)
        self._done("rejected")

    def open_form(self) -> None:
        self.form.layout.display = "flex"

    def save(self) -> None:
        """Record the fields the researcher changed."""
        changed = {n: f.value.strip() for n, f in self.fields.items()
                   if f.value.strip() != cell(self.fact[n])}
        if not changed:
            self.status.value = "nothing changed"
            return
        review.edit(self.fact["fact_id"], **changed, **self.panel.where)
        self._done("edited")


class Panel:
    """The progress line, the cards of the first `n` figures of the queue, and a button that
    brings the next ones."""

    def __init__(self, filters: dict, n: int, data_dir, corrections, reviewer) -> None:
        self.filters, self.n = filters, n
        self.where = {"data_dir": data_dir, "corrections": corrections, "reviewer": reviewer}
        self.progress = w.HTML()
        self.progress.add_class("vn-progress")
        self.cards = w.VBox()
        more = w.Button(description="Next figures")
        more.on_click(lambda _: self.load())
        self.widget = w.VBox([self.progress, self.cards, more])
        self.load()

    def refresh_progress(self) -> None:
        table = review.progress(self.where["data_dir"], self.where["corrections"])
        self.progress.value = f"<b>{html.escape(review.summary_line(table))}</b>"

    def load(self) -> None:
        """Cards for the next unreviewed figures, lowest confidence first."""
        queue = review.queue(**self.filters, data_dir=self.where["data_dir"],
                             corrections=self.where["corrections"]).head(self.n)
        self.cards.children = [Card(f, self).widget for f in queue.to_dict("records")] or [
            w.HTML("No unreviewed figures here.")]
        self.refresh_progress()


def review_panel(province: str | None = None, indicator: str | None = None,
                 document: str | None = None, n: int = 10,
                 data_dir: Path | str = DEFAULT_PROCESSED,
                 corrections: Path | str = DEFAULT_CORRECTIONS,
                 reviewer: str | None = None) -> w.VBox:
    """The review widget of the notebook: the queue (filtered by province, indicator code or
    document id), `n` cards at a time."""
    filters = {"province": province, "indicator": indicator, "document": document}
    return Panel(filters, n, str(data_dir), str(corrections), reviewer).widget
