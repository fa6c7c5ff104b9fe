"""Hostile shapes of text (issue 16): an endless sentence, a flattened table, a stuck file.

Work is counted, not timed: the function calls extraction makes (Python and C, through
sys.setprofile) per figure must not grow with the length of the sentence, and a file past its
time budget is stopped by a slow hook that never ends, whatever the machine's speed.
"""
from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from vnlabour import corpus, extract
from vnlabour.extract import Document, extract as extract_facts
from vnlabour.text import LONG_SENTENCE, Sentence, clause_pieces

from conftest import ROOT, SEEDS

# clauses of a labour report, invented in the patterns of the seed articles (N: a count, P: a
# rate, Y: a year)
CLAUSES = ("năm {Y}, toàn tỉnh đã giải quyết việc làm cho {N} lao động", "đạt {P}% kế hoạch",
           "trong đó xuất khẩu lao động {N} người", "tuyển sinh đào tạo nghề {N} người "
           "(kế hoạch {N} người)", "tỷ lệ lao động qua đào tạo đạt {P}%",
           "tỷ lệ hộ nghèo còn {P}% (giảm {P}% so với cuối năm {Y})",
           "số hộ nghèo giảm từ {N} hộ xuống còn {N} hộ", "; hộ cận nghèo còn {N} hộ",
           "huyện Bảo Lâm có {N} hộ nghèo, chiếm {P}%")


def _sentence(clauses: list[tuple[int, int, int, int]], times: int) -> str:
    """The clauses (index, count, rate, year) said `times` over as one sentence, no full stop."""
    parts = [CLAUSES[i].format(N=f"{n:,}".replace(",", "."), P=f"{p // 10},{p % 10}",
                               Y=y) for i, n, p, y in clauses] * times
    text = ", ".join(parts).replace(", ;", ";")
    return "Năm 2024, " + text


def _calls(text: str) -> tuple[int, int]:
    """(function calls made by extracting a text, figures read)."""
    doc = Document("d", text, published="2024-12-20")
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    extract_facts(doc)   # rules and caches loaded outside the count
    sys.setprofile(count)
    try:
        facts = extract_facts(doc)
    finally:
        sys.setprofile(None)
    return calls, len(facts)


def clause_lists(kinds: list[int]):
    """Lists of (clause index among `kinds`, count, rate, year)."""
    return st.lists(st.tuples(st.sampled_from(kinds), st.integers(100, 99_999),
                              st.integers(10, 999), st.integers(2019, 2024)),
                    min_size=3, max_size=8)


# near-poor counts are left out: a document's poor and near-poor figures of one place and
# year are paired to find combined sums (extract._combined_sums), work that grows with their
# product in the whole document, which no guard on sentences bounds (the time budget does)
ALL = [i for i, c in enumerate(CLAUSES) if "cận nghèo" not in c]
# "trong đó" is tried against every later figure of its clause: bounded by the guard only
NO_PARTS = [i for i in ALL if "trong đó" not in CLAUSES[i]]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clause_lists(NO_PARTS))
def test_work_per_figure_stays_bounded_as_one_sentence_grows(clauses):
    """The same clauses said 2 and 16 times in one sentence (kept whole: the guard that cuts
    long sentences is off) cost about the same calls per figure: no figure rescans the
    others (a scan per figure made the 16-fold sentence cost 8 times more per figure). Parts
    of a total ("trong đó") are left out: each such marker is tried for every later figure
    of its clause, which only the guard bounds (next test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "clause_pieces", lambda text, sentences: sentences)
        short_calls, short_figures = _calls(_sentence(clauses, 2))
        long_calls, long_figures = _calls(_sentence(clauses, 16))
    assume(short_figures >= 2)
    assert long_figures >= 8 * short_figures * 0.9
    assert long_calls / long_figures <= 1.5 * short_calls / short_figures


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clause_lists(ALL))
def test_a_sentence_past_the_limit_is_read_in_pieces_with_its_figures(clauses):
    """A sentence of 60 KB is read in pieces of at most LONG_SENTENCE characters and costs
    about the calls per figure of one of 2 KB."""
    text = _sentence(clauses, 1)
    times = 60_000 // len(text) + 1
    short_calls, short_figures = _calls(_sentence(clauses, 2_000 // len(text) + 1))
    long_calls, long_figures = _calls(_sentence(clauses, times))
    assume(short_figures >= 2)
    assert long_figures >= 0.9 * short_figures * times / (2_000 // len(text) + 1)
    assert long_calls / long_figures <= 1.5 * short_calls / short_figures
    facts = extract_facts(Document("d", _sentence(clauses, times), published="2024-12-20"))
    assert max(len(f.sentence) for f in facts) <= LONG_SENTENCE


def test_long_sentences_are_cut_at_clause_ends_then_list_separators_then_spaces():
    text = ("a" * 30 + "; " + "b" * 30 + ", " + "c" * 30 + " " + "d" * 60 + " ngắn.")
    pieces = clause_pieces(text, [Sentence(0, len(text), 3)], limit=40)
    assert [text[p.start:p.end] for p in pieces] == [
        "a" * 30 + ";", "b" * 30 + ",", "c" * 30, "d" * 40, "d" * 20 + " ngắn."]
    assert {p.paragraph for p in pieces} == {3}


def test_sentences_within_the_limit_are_left_as_they_are():
    text = "Một câu ngắn. Câu thứ hai; vẫn ngắn."
    sentences = [Sentence(0, 13, 0), Sentence(14, len(text), 0)]
    assert clause_pieces(text, sentences, limit=40) == sentences


def test_a_table_flattened_to_one_line_keeps_its_figures_in_pieces():
    rows = [f"huyện Bảo Lâm {1 + i % 9}.{i:03d} lao động, tỷ lệ hộ nghèo {i % 30 + 1},5%"
            for i in range(300)]
    text = "Năm 2024, kết quả giải quyết việc làm của các huyện: " + " ".join(rows)
    facts = extract_facts(Document("d", text, published="2024-12-20"))
    rates = [f for f in facts if f.indicator == "poverty_rate"]
    assert len(text) > 5 * LONG_SENTENCE
    assert [f.value for f in rates] == [i % 30 + 1.5 for i in range(300)]
    assert {f.year for f in rates} == {2024}


# --- the time budget ----------------------------------------------------------------------

def _documents(out) -> dict[str, dict]:
    with open(out / "documents.csv", encoding="utf-8") as f:
        return {row["doc_id"]: row for row in csv.DictReader(f)}


def test_a_file_past_its_time_budget_is_marked_failed_and_the_rest_goes_on(tmp_path, monkeypatch):
    """A hook that never ends stands for a file vnlabour reads too slowly: after its budget
    it is stopped and marked failed with the reason, and every other file is extracted."""
    src = tmp_path / "articles"
    src.mkdir()
    for path in SEEDS.glob("*.txt"):
        (src / path.name).write_bytes(path.read_bytes())
    (src / "stuck.txt").write_text("Năm 2024, tỉnh giải quyết việc làm cho 1.000 lao động.",
                                   encoding="utf-8")
    real = corpus.process_file

    def slow(path, *args):
        while path.stem == "stuck":
            pass
        return real(path, *args)

    monkeypatch.setattr(corpus, "process_file", slow)
    summary = corpus.run_extract(src, tmp_path / "out", time_budget=2)
    documents = _documents(tmp_path / "out")
    assert (documents["stuck"]["status"], documents["stuck"]["message"]) == (
        "failed", "stuck.txt: stopped: extraction ran past the time budget of one file, 2 s "
                  "(--time-budget)")
    assert {d: row["status"] for d, row in documents.items() if d != "stuck"} == {
        p.stem: "ok" for p in SEEDS.glob("*.txt")}
    alone = corpus.run_extract(SEEDS, tmp_path / "seeds", time_budget=0)
    assert summary.n_facts == alone.n_facts   # the seeds' own, as without the stuck file
    assert summary.skipped == [("stuck.txt", "failed", documents["stuck"]["message"])]


def test_the_time_budget_reaches_the_worker_processes(tmp_path):
    """`vnlabour extract --jobs 2 --time-budget` stops files in the workers too: with a budget
    of a microsecond, every file (each takes milliseconds) is stopped and marked failed."""
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "vnlabour", "extract", str(SEEDS), "--out",
                           str(out), "--jobs", "2", "--time-budget", "0.000001"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr   # no document was read
    documents = _documents(out)
    assert {row["status"] for row in documents.values()} == {"failed"}
    assert {row["message"] for row in documents.values()} == {
        f"{d}.txt: stopped: extraction ran past the time budget of one file, 1e-06 s "
        "(--time-budget)" for d in documents}
    assert len(documents) == len(list(SEEDS.glob("*.txt")))


def test_no_time_budget_with_zero(tmp_path, monkeypatch):
    """--time-budget 0 sets no timer: the work is not interrupted."""
    calls = []
    monkeypatch.setattr(corpus.signal, "setitimer", lambda *a: calls.append(a))
    summary = corpus.run_extract(SEEDS, tmp_path / "out", time_budget=0)
    assert (calls, summary.statuses) == ([], {"ok": len(list(SEEDS.glob("*.txt")))})


@pytest.mark.parametrize("args", [["--kb", "4", "--rows", "40", "--lines", "60"]])
def test_the_hostile_benchmark_runs_and_records_its_figures(tmp_path, args):
    """Smoke run of benchmarks/bench_hostile.py on tiny shapes (no timing asserted)."""
    import json

    results = tmp_path / "results.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_hostile.py"), *args,
                           "--results", str(results)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(results.read_text(encoding="utf-8"))["hostile"]
    assert sorted(figures) == ["flat_table", "one_sentence", "short_lines", "table"]
    assert all(figures[shape]["hostile_facts"] > 0 and figures[shape]["ordinary_facts"] > 0
               for shape in ("flat_table", "one_sentence", "short_lines"))
    assert "hostile ÷ same words in sentences" in done.stdout
