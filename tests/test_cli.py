"""The command line contract: extract and evaluate, their messages and exit codes, the log
levels, and one run at a time per output folder."""
import os
import shutil
import subprocess
import sys

from vnlabour.cli import main
from vnlabour.locking import LOCK_NAME, project_lock

from conftest import SEEDS

GOLD_HEADER = "doc_id,province,locality,indicator,status,year,value,unit,qualifier,required,quote\n"
FACTS_HEADER = "doc_id,province,indicator,status,year,value,sentence\n"


def test_extract_then_evaluate(tmp_path, capsys):
    assert main(["extract", str(SEEDS), "--out", str(tmp_path)]) == 0
    assert "5 documents (5 ok)" in capsys.readouterr().out
    gold, facts = tmp_path / "gold.csv", tmp_path / "mine.csv"
    gold.write_text(GOLD_HEADER
                    + "a,Hà Giang,,jobs_created,actual,2024,30500,persons,over,1,q1\n"
                    + "a,Hà Giang,,poverty_rate,actual,2024,9.5,percent,exact,1,q2\n",
                    encoding="utf-8")
    facts.write_text(FACTS_HEADER + "a,Hà Giang,jobs_created,actual,2024,30500,s1\n"
                     + "a,Hà Giang,poverty_rate,actual,2023,9.5,s2\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--facts", str(facts)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "MISSED    a poverty_rate actual 2024 9.5  «q2»",
        "FALSE+    a poverty_rate actual 2023 9.5  «s2»",
        "recall 0.500  precision 0.500  F1 0.500  province accuracy 1.0  (1/2 required found, "
        "1 false positives)"]


def test_a_missing_file_is_a_message_and_exit_code_1(tmp_path, capsys):
    missing = tmp_path / "nothing.csv"
    assert main(["evaluate", "--facts", str(missing)]) == 1
    assert capsys.readouterr().err == f"error: vnlabour evaluate: {missing} not found\n"
    assert main(["-q", "extract", str(missing), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"error: vnlabour extract: {missing} is not a folder\n"


def test_bad_files_are_reported_and_strict_fails(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEEDS / "003_abde4b4eb7bf41d0.txt", src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["extract", str(src), "--out", str(tmp_path / "out")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("3 documents (1 empty, 1 ok, 1 unreadable), ")
    assert out.endswith(f" facts -> {tmp_path / 'out'}\n") and out.count("\n") == 1
    assert err.splitlines() == [
        "warning: skipped empty.txt: empty: empty.txt: file is empty",
        "warning: skipped image.txt: unreadable: image.txt: binary file (contains NUL bytes), "
        "not text"]
    assert main(["extract", str(src), "--out", str(tmp_path / "out"), "--strict"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "error: --strict: 2 file(s) skipped"


def test_empty_corpus_is_an_error(tmp_path, capsys):
    assert main(["extract", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == (
        f"error: no *.txt or *.html files in {tmp_path}: the corpus is empty\n")


def test_verbose_and_quiet_set_the_log_level(fixture_data, tmp_path, capsys):
    src, data = fixture_data
    args = ["build", "--src", str(src), "--data", str(data), "--reports",
            str(tmp_path / "reports"), "--only", "Xyzzy"]
    assert main(["-q", *args]) == 2
    assert capsys.readouterr().err == "error: build: unknown province 'Xyzzy'\n"
    assert main(args) == 2
    assert capsys.readouterr().err.splitlines() == [
        "dataset up to date (inputs unchanged since the last extraction)",
        "error: build: unknown province 'Xyzzy'"]
    assert main(["-v", *args]) == 2
    assert [line for line in capsys.readouterr().err.splitlines()
            if line.startswith("[vnlabour.build]")] == [
        "[vnlabour.build] dataset up to date (inputs unchanged since the last extraction)",
        "[vnlabour.build] error: build: unknown province 'Xyzzy'"]


def test_lab_without_jupyterlab_says_how_to_install_it(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "jupyterlab" else real(name, *a))
    assert main(["lab"]) == 1
    assert capsys.readouterr().err == ("error: JupyterLab is not installed: run `make lab`, or "
                                       "`pip install -e '.[lab]'`\n")


# ----------------------------------------------------------------------------- two runs at once

def vnlabour(*args: str) -> list[str]:
    """The command line of `vnlabour args` in a new process."""
    return [sys.executable, "-m", "vnlabour", *args]


def test_a_second_run_on_a_busy_folder_refuses_with_no_wait(tmp_path):
    out, reports = tmp_path / "data", tmp_path / "reports"
    lock_file = (out / LOCK_NAME).resolve()
    with project_lock(out):   # this test is the other run
        for command in (["extract", str(SEEDS), "--out", str(out), "--no-wait"],
                        ["build", "--src", str(SEEDS), "--data", str(out), "--reports",
                         str(reports), "--no-wait"]):
            done = subprocess.run(vnlabour(*command), capture_output=True, text=True,
                                  timeout=120)
            assert (done.returncode, done.stderr) == (3, (
                f"error: {out} is being written by another vnlabour run (process "
                f"{os.getpid()}; lock file {lock_file}); try again when it has finished\n"))
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]   # nothing written


def test_a_second_run_waits_for_the_first_and_never_interleaves(tmp_path):
    out = tmp_path / "data"
    with project_lock(out):
        proc = subprocess.Popen(vnlabour("extract", str(SEEDS), "--out", str(out)),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stderr.readline()   # blocks until the run says it waits
        assert first == (f"warning: {out} is being written by another vnlabour run (process "
                         f"{os.getpid()}; lock file {(out / LOCK_NAME).resolve()}); waiting "
                         "for it to finish\n")
        assert not (out / "facts.csv").exists()
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert stderr == f"lock of {out} acquired\n"
    assert "5 documents (5 ok)" in stdout and (out / "facts.csv").is_file()


def test_the_lock_is_reentrant_within_a_process(tmp_path):
    with project_lock(tmp_path), project_lock(tmp_path, wait=False):
        assert (tmp_path / LOCK_NAME).read_text(encoding="utf-8") == f"{os.getpid()}\n"
    assert (tmp_path / LOCK_NAME).read_text(encoding="utf-8") == ""

