"""Property tests of the whole extractor on generated Vietnamese sentences."""
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vnlabour.extract import Document, Place, extract
from vnlabour.numbers import format_number
from vnlabour.text import normalise

CUES = ["giải quyết việc làm cho", "tạo việc làm mới cho", "tuyển sinh đào tạo nghề cho"]
INDICATOR = {CUES[0]: "jobs_created", CUES[1]: "jobs_created",
             CUES[2]: "vocational_enrolment"}
QUALIFIERS = {"": "exact", "trên ": "over", "hơn ": "over", "gần ": "nearly",
              "khoảng ": "about", "tối thiểu ": "at_least"}
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@st.composite
def sentences(draw):
    year = draw(st.integers(2015, 2030))
    value = draw(st.integers(1, 4_000_000))
    cue = draw(st.sampled_from(CUES))
    qualifier = draw(st.sampled_from(sorted(QUALIFIERS)))
    subject = draw(st.sampled_from(["toàn tỉnh đã", "huyện đã", "tỉnh", "ngành đã"]))
    text = f"Năm {year}, {subject} {cue} {qualifier}{format_number(value)} lao động."
    return text, year, value, INDICATOR[cue], QUALIFIERS[qualifier]


@settings(max_examples=2500, deadline=None)
@given(sentences(), st.sampled_from(["NFC", "NFD"]))
def test_generated_figures_round_trip(case, form):
    text, year, value, indicator, qualifier = case
    doc = Document("g", normalise(unicodedata.normalize(form, text)))
    facts = extract(doc, Place("Hà Giang", ""))
    assert [(f.indicator, f.status, f.year, f.value, f.qualifier) for f in facts] == [
        (indicator, "actual", year, value, qualifier)]


@settings(max_examples=2500, deadline=None)
@given(NOISE, sentences(), NOISE)
def test_noise_never_breaks_the_extractor(before, case, after):
    text = normalise(before + " " + case[0] + " " + after)
    for f in extract(Document("n", text), Place()):
        assert 0 <= f.char_start < f.char_end <= len(text)
        assert f.status in ("actual", "target") and f.value >= 0
