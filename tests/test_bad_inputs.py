"""Bad input gets a clear status and message, and the rest of the work goes on."""
import hashlib
import shutil

import pandas as pd
import pytest

from vnlabour.cli import main
from vnlabour.corpus import process_file, read_catalog, run_extract

from conftest import ROOT

BAD = ROOT / "tests" / "data" / "bad_inputs"


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bad")
    summary = run_extract(BAD, out)
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    return summary, docs.set_index("doc_id"), out


@pytest.mark.parametrize("doc_id, status, encoding, n_facts", [
    ("empty", "empty", "", "0"),
    ("image", "unreadable", "", "0"),
    ("bom", "ok", "utf-8-sig", "2"),
    ("utf16", "ok", "utf-16", "2"),
    ("utf16_nobom", "ok", "utf-16-le", "2"),
    ("cp1258", "ok", "cp1258", "2"),
    ("tcvn3", "unsupported_encoding", "", "0"),
    ("nfd", "ok", "utf-8", "2"),
    ("mixed_eol", "ok", "utf-8", "2"),
    ("script_only", "empty", "utf-8", "0"),
    ("article", "ok", "utf-8", "5"),  # the title repeats a body figure
    ("dup_a", "ok", "utf-8", "11"),
    ("dup_b", "duplicate", "utf-8", "0"),
    ("no_figures", "no_figures", "utf-8", "0"),
])
def test_every_file_gets_a_status(bad_run, doc_id, status, encoding, n_facts):
    _, docs, _ = bad_run
    row = docs.loc[doc_id]
    assert (row["status"], row["encoding"], row["n_facts"]) == (status, encoding, n_facts)
    if status != "ok":
        assert row["message"]


def test_messages_name_the_file_and_the_problem(bad_run):
    summary, docs, _ = bad_run
    text = summary.describe()
    assert "skipped image.txt: unreadable: image.txt: binary file" in text
    assert "skipped tcvn3.txt: unsupported_encoding" in text and "convert it to UTF-8" in text
    assert "skipped dup_b.txt: duplicate: same text as dup_a" in text
    assert "skipped script_only.html: empty" in text
    assert docs.loc["no_figures", "message"] == ("no_figures.txt: no labour or poverty figures "
                                                 "found")


def test_catalog_problems_are_warnings(bad_run):
    summary, docs, _ = bad_run
    assert summary.warnings == [
        "sources.csv: unknown columns ignored: notes",
        "sources.csv line 3: doc_id bom: bad date '31/12/2024' (want YYYY-MM-DD, YYYY-MM or "
        "YYYY); ignored",
        "sources.csv line 5: doc_id nfd: unknown province 'Atlantis'; ignored",
        "sources.csv: doc_id 'ghost' has no file in " + str(BAD) + "; ignored",
    ]
    assert docs.loc["bom", "province_source"] == "catalog"   # a BOM before the header is fine
    assert docs.loc["dup_a", "url"] == "https://baohagiang.vn/xa-hoi/a.html"


def test_good_files_give_the_facts_they_give_alone(bad_run):
    _, docs, out = bad_run
    facts = pd.read_csv(out / "facts.csv", dtype=str, keep_default_na=False)
    for doc_id in docs.index[docs["status"] == "ok"]:
        path = next(BAD.glob(f"{doc_id}.*"))
        alone = process_file(path).facts
        together = facts[facts["doc_id"] == doc_id]
        assert [f["fact_id"] for f in alone] == list(together["fact_id"]), doc_id
        assert [f["value"] for f in alone] == [float(v) for v in together["value"]]


def test_html_keeps_the_lead_and_drops_scripts_and_comments(bad_run):
    _, _, out = bad_run
    facts = pd.read_csv(out / "facts.csv", dtype=str, keep_default_na=False)
    article = facts[facts["doc_id"] == "article"]
    assert "30500" in set(article["value"])           # the lead paragraph (div.sapo)
    assert not article["sentence"].str.contains("pwned|Bình luận").any()
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    # with no address in the catalog, the page's canonical address is its url
    assert docs.set_index("doc_id").loc["article", "url"] == \
        "https://baohagiang.vn/xa-hoi/viec-lam.html"


def test_strict_fails_when_a_file_was_skipped(tmp_path):
    assert main(["extract", str(BAD), "--out", str(tmp_path), "--strict"]) == 1


def test_catalog_not_utf8_missing_columns(tmp_path):
    (tmp_path / "sources.csv").write_bytes("doc_id,url\nx,http://a\n".encode("utf-16"))
    rows, warnings = read_catalog(tmp_path / "sources.csv")
    assert rows == {"x": {"doc_id": "x", "url": "http://a", "published": "", "province": ""}}
    assert warnings == []
    (tmp_path / "sources.csv").write_bytes(b"\x89PNG\x00\x00")
    rows, warnings = read_catalog(tmp_path / "sources.csv")
    assert rows == {} and "catalog ignored" in warnings[0]
    (tmp_path / "sources.csv").write_text("id,url\n", encoding="utf-8")
    assert read_catalog(tmp_path / "sources.csv")[1] == [
        "sources.csv: no doc_id column (columns: id, url); catalog ignored"]


@pytest.mark.bench  # a scale check (seconds): not in `make test-fast`
def test_a_20_mb_file_is_read(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    seed = (ROOT / "data/raw/articles/002_121b9cfc0a5a8ef3.txt").read_bytes()
    (src / "big.txt").write_bytes(seed * (20_000_000 // len(seed) + 1))
    summary = run_extract(src, tmp_path / "out")
    assert summary.statuses == {"ok": 1} and summary.n_facts > 10_000


def test_raw_data_is_never_written(tmp_path):
    def digest():
        return {p: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted((ROOT / "data" / "raw").rglob("*")) if p.is_file()}

    before = digest()
    shutil.copytree(BAD, tmp_path / "copy")
    run_extract(ROOT / "data" / "raw" / "articles", tmp_path / "out")
    assert digest() == before


def test_a_rule_row_with_an_unquoted_comma_is_named_and_skipped(tmp_path):
    from vnlabour import tables

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "indicator_cues.csv").write_text(
        "indicator,number_unit,side,cue,needs\n"
        "jobs_created,persons,any,giải quyết việc làm, tạo việc làm,\n", encoding="utf-8")
    expected = (f"{mine / 'indicator_cues.csv'} line 2: 6 values for 5 columns "
                "(indicator, number_unit, side, cue, needs); put a phrase that contains "
                "a comma in double quotes. Row skipped.")
    assert tables.problems(mine) == [expected]
    assert tables.read_table("indicator_cues", mine) == tables.read_table("indicator_cues")
    summary = run_extract(ROOT / "data" / "raw" / "articles", tmp_path / "out", rules_dir=mine)
    assert summary.warnings[0] == expected
    assert f"warning: {expected}" in summary.describe()
    assert summary.n_facts == len(pd.read_csv(tmp_path / "out" / "facts.csv"))
    assert summary.n_facts > 0


def test_the_shipped_rule_tables_have_no_problems():
    from vnlabour import tables

    assert tables.problems() == []
