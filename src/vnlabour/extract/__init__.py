"""One document -> facts: which figures a text states, about what, when, where and how sure.

A newcomer's map, in the order a document goes through:

  document.py   extract(): the loop over sentences; what a sentence carries to the next
      │          (year, period, last total, a list of targets); the title's figures
      ▼
  sentence.py   the view of one sentence (_View): quantities with units, cue phrases,
      │          clauses and comma segments, asides in parentheses, status/scope markers
      ▼
  indicator.py  STEPS: the reading steps, in order; the first that decides gives a Reading
      │          (cue.py finds cue phrases, aside.py reads figures that qualify another)
      ▼
  qualify.py    Reading -> Fact: status, year (time.py), scope, plausible value
      ▼
  model.py      the types: Document, Place, Reading, Fact;  ruleset.py: the tables, compiled

Where things go:
- a phrase (a new cue, status word, marker, time phrase): a row of a table in rules/
  (indicator_cues.csv, status_cues.csv, scope_markers.csv, plan_cues.csv, time_cues.csv …);
- a new kind of reading ("X is the rate of the count before it when …"): a step function in
  indicator.py, with its pattern and example in its docstring, put in STEPS where it must
  decide before the steps after it (tests/test_steps.py has one test per step);
- a new indicator: a row of rules/indicators.csv (unit, range, its rate/decrease links) and
  its cue phrases in rules/indicator_cues.csv.

For every quantity of every sentence (numbers.py) the extractor decides:
- indicator: the nearest cue phrase of its comma segment (rules/indicator_cues.csv), or a
  percentage of plan ("đạt 117% kế hoạch"), or the rate companion of a count ("241 hộ (1,96%)"),
  or, in parentheses, the decrease or plan of the figure before ("(giảm 1,2%)", "(KH 70%)");
  "32.150/30.000 lao động" is a result and its plan;
- status: the nearest status cue before it in the sentence (rules/status_cues.csv); a figure
  of a year after the publication year is a target;
- year: a year before it in the sentence, else after it in its clause, else the last year of
  the text before it, else the publication date (rules/time_cues.csv for what is ignored);
- scope: sub-group, national, combined or a component of a stated total (rules/scope_markers.csv);
- place: a district named before it in the sentence, "toàn tỉnh", or the document's locality.
A title's figures count only when the body does not restate them.
"""
from vnlabour.extract.document import extract
from vnlabour.extract.indicator import STEPS
from vnlabour.extract.model import DROP, Document, Fact, Place, Reading, Role
from vnlabour.extract.ruleset import rules

__all__ = ["DROP", "STEPS", "Document", "Fact", "Place", "Reading", "Role", "extract", "rules"]
