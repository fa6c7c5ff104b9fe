"""The command line contract: extract and evaluate, their messages and exit codes."""
import shutil

from vnlabour.cli import main

from conftest import GOLD, SEEDS


def test_extract_then_evaluate(tmp_path, capsys):
    assert main(["extract", str(SEEDS), "--out", str(tmp_path)]) == 0
    assert "5 documents (5 ok)" in capsys.readouterr().out
    assert main(["evaluate", "--gold", str(GOLD), "--facts", str(tmp_path / "facts.csv")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("recall 1.000  precision 1.000  F1 1.000  province accuracy 1.0")


def test_bad_files_are_reported_and_strict_fails(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEEDS / "003_abde4b4eb7bf41d0.txt", src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["extract", str(src), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "skipped empty.txt: empty" in out and "skipped image.txt: unreadable" in out
    assert main(["extract", str(src), "--out", str(tmp_path / "out"), "--strict"]) == 1


def test_empty_corpus_is_an_error(tmp_path, capsys):
    assert main(["extract", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "the corpus is empty" in capsys.readouterr().out
