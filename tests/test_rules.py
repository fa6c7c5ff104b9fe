"""Rule tables: schemas checked on load, `rules check`, a researcher's `--rules DIR`, the
indicator registry and `vnlabour explain`."""
import pytest

from vnlabour import rule_schemas, schema, tables
from vnlabour.cli import main
from vnlabour.paths import RULES

from conftest import SEEDS

ISSUE_SENTENCE = ("Năm 2024, toàn tỉnh giải quyết việc làm cho 30.500 lao động, đạt 102% "
                  "kế hoạch.")
NEW_CUE = "Năm 2024, huyện giúp 1.200 người có sinh kế mới."   # "có sinh kế mới": no cue


def _lookup(table, column):
    return frozenset(r[column] for r in tables.read_table(table))


def _registry_row(**changes):
    row = {"code": "jobs_kept", "label_en": "Jobs kept", "label_vi": "giữ việc làm",
           "unit": "persons", "kind": "count", "core": "0", "stock": "0", "min": "1",
           "max": "1000000", "rate": "", "decrease": "", "plan_pct": "",
           "definition": "Workers who kept their job."}
    return {**row, **changes}


# (table, a good row, a bad row, the problems of the bad row)
CASES = [
    ("indicators", _registry_row(), _registry_row(kind="cnt"),
     [("kind", "'cnt' is not one of count, rate, plan_pct, change (did you mean 'count'?)")]),
    ("indicator_cues",
     {"indicator": "jobs_created", "number_unit": "persons", "side": "after",
      "cue": "có sinh kế mới", "needs": ""},
     {"indicator": "jobs_creatd", "number_unit": "persons", "side": "after",
      "cue": "có sinh kế mới", "needs": ""},
     [("indicator", "'jobs_creatd' is not one of the indicator codes in indicators.csv "
                    "(did you mean 'jobs_created'?)")]),
    ("status_cues", {"status": "target", "phrase": "dự kiến", "qualifier": ""},
     {"status": "targt", "phrase": "dự kiến", "qualifier": ""},
     [("status", "'targt' is not one of actual, target (did you mean 'target'?)")]),
    ("scope_markers", {"scope": "subgroup", "phrase": "thanh niên"},
     {"scope": "young", "phrase": "thanh niên"},
     [("scope", "'young' is not one of "
       + ", ".join(schema.SCOPES[1:] + rule_schemas.MARKER_KINDS))]),
    ("time_cues", {"kind": "ignore", "phrase": "so với"}, {"kind": "ignored", "phrase": "so với"},
     [("kind", "'ignored' is not one of " + ", ".join(rule_schemas.TIME_KINDS)
       + " (did you mean 'ignore'?)")]),
    ("plan_cues", {"kind": "follows", "phrase": "kế hoạch năm"},
     {"kind": "follows", "phrase": ""}, [("phrase", "empty (a value is required)")]),
    ("part_of_year", {"phrase": "N tháng", "months": "N"}, {"phrase": "quý đầu", "months": "N"},
     [("months", "'N' but the phrase has no N (the number of months) in it")]),
    ("statements",
     {"phrase": "không còn hộ nghèo", "indicator": "poor_households", "value": "0",
      "unit": "households"},
     {"phrase": "không còn hộ nghèo", "indicator": "poor_households", "value": "không",
      "unit": "households"},
     [("value", "'không' is not a number")]),
    ("combined_sums", {"whole": "poverty_rate", "part": "near_poor_rate"},
     {"whole": "poverty_rate", "part": "near_poor"},
     [("part", "'near_poor' is not one of the indicator codes in indicators.csv "
               "(did you mean 'near_poor_rate'?)")]),
    ("job_measures", {"cue": "tạo việc làm mới", "measure": "new_jobs"},
     {"cue": "tạo việc làm mới", "measure": "new_job"},
     [("measure", "'new_job' is not one of jobs_found, new_jobs (did you mean 'new_jobs'?)")]),
    ("spelling_variants", {"variant": "tỉ lệ", "canonical": "tỷ lệ"},
     {"variant": "tỉ lệ", "canonical": "tỷ lệ phần trăm"},
     [("canonical", "'tỷ lệ phần trăm' is not as long as 'tỉ lệ' (a variant is replaced in "
                    "place)")]),
    ("units", {"phrase": "thanh niên", "unit": "persons"},
     {"phrase": "thanh niên", "unit": "person"},
     [("unit", "'person' is not one of persons, households, vnd, count, percent "
               "(did you mean 'persons'?)")]),
    ("multipliers", {"word": "nghìn", "factor": "1000"}, {"word": "nghìn", "factor": "1.000,5"},
     [("factor", "'1.000,5' is not a number")]),
    ("qualifiers", {"phrase": "hơn", "position": "before", "qualifier": "over"},
     {"phrase": "hơn", "position": "front", "qualifier": "over"},
     [("position", "'front' is not one of before, after")]),
    ("abbreviations", {"abbreviation": "TT."}, {"abbreviation": ""},
     [("abbreviation", "empty (a value is required)")]),
    ("boilerplate", {"kind": "menu", "pattern": "trang chủ"}, {"kind": "menu", "pattern": "(tin"},
     [("pattern", "'(tin' is not a valid regular expression (missing ), unterminated "
                  "subpattern at position 0)")]),
    ("provinces",
     {"code": "99", "name": "Tỉnh Mới", "type": "tỉnh", "name_2025": "Hà Nội",
      "code_2025": "01", "aliases": ""},
     {"code": "9", "name": "Tỉnh Mới", "type": "tỉnh", "name_2025": "Hà Nội",
      "code_2025": "01", "aliases": ""},
     [("code", "'9' is not a two-digit code")]),
    ("districts", {"province": "Hà Giang", "district": "Mèo Vạc", "type": "huyện"},
     {"province": "Ha Giang", "district": "Mèo Vạc", "type": "huyện"},
     [("province", "'Ha Giang' is not one of the province names in provinces.csv "
                   "(did you mean 'Hà Giang'?)")]),
    ("newspapers", {"province": "Hà Giang", "domain": "baohagiang.vn", "abbreviation": ""},
     {"province": "Hà Giang", "domain": "https://baohagiang.vn", "abbreviation": ""},
     [("domain", "'https://baohagiang.vn' is not a domain such as baohagiang.vn")]),
    ("place_context", {"kind": "province_prefix", "phrase": "tỉnh"},
     {"kind": "province_prefx", "phrase": "tỉnh"},
     [("kind", "'province_prefx' is not one of " + ", ".join(rule_schemas.PLACE_KINDS)
       + " (did you mean 'province_prefix'?)")]),
    ("confidence_priors", {"feature": "rule", "value": "cue:x/before", "weight": "-0.31",
                           "n": "4", "right": "0"},
     {"feature": "rules", "value": "cue:x/before", "weight": "-0,31", "n": "4", "right": "0"},
     [("feature", "'rules' is not one of intercept, rule, cue, year, status, scope, place, "
                  "span (did you mean 'rule'?)"), ("weight", "'-0,31' is not a number")]),
]


def test_every_rule_table_has_a_schema_and_a_test_case():
    assert {name for name, *_ in CASES} == set(rule_schemas.TABLES) \
        == {p.stem for p in RULES.glob("*.csv")}


@pytest.mark.parametrize("name,good,bad,problems", CASES, ids=[c[0] for c in CASES])
def test_schema_accepts_a_good_row_and_names_the_bad_value(name, good, bad, problems):
    assert rule_schemas.row_problems(name, good, _lookup) == []
    assert rule_schemas.row_problems(name, bad, _lookup) == problems


def test_registry_link_to_a_plan_share_must_be_its_plan_pct_code():
    row = _registry_row(plan_pct="jobs_created_plan_pct")
    assert rule_schemas.row_problems("indicators", row, _lookup) == [
        ("plan_pct", "'jobs_created_plan_pct' is not 'jobs_kept_plan_pct'")]


def test_a_statement_states_a_whole_figure_or_none():
    none = {"phrase": "cơ bản không còn hộ nghèo", "indicator": "", "value": "", "unit": ""}
    assert rule_schemas.row_problems("statements", none, _lookup) == []
    half = {**none, "indicator": "poor_households", "unit": "households"}
    assert rule_schemas.row_problems("statements", half, _lookup) == [
        ("value", "empty, but the indicator 'poor_households' needs one")]
    assert rule_schemas.row_problems("statements", {**none, "value": "0"}, _lookup) == [
        ("value", "'0' with no indicator")]


def _mine(tmp_path, **files):
    """A researcher's rules folder with the given tables (name -> CSV text)."""
    folder = tmp_path / "mine"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


CUES_HEADER = "# my own cues\nindicator,number_unit,side,cue,needs\n"


def test_rules_check_is_clean_on_the_package_tables(capsys):
    assert main(["rules", "check"]) == 0
    assert capsys.readouterr().out == "rule tables: no problems\n"


def test_rules_check_names_file_line_column_and_value(tmp_path, capsys):
    mine = _mine(tmp_path, indicator_cues=CUES_HEADER + "jobs_created,persons,after,có sinh kế "
                 "mới,\njobs_creatd,persons,after,có việc làm ổn định,\n",
                 units="phrase,unit\nthanh niên,persons\n")
    assert main(["rules", "check", "--rules", str(mine)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{mine / 'indicator_cues.csv'} line 4: column indicator: 'jobs_creatd' is not one of "
        "the indicator codes in indicators.csv (did you mean 'jobs_created'?). Row skipped.",
        f"{mine / 'units.csv'}: units is a table --rules does not extend; file ignored (the "
        f"tables --rules adds rows to: {', '.join(rule_schemas.EXTENDABLE)})"]


def test_rules_check_names_missing_columns_and_repeated_codes(tmp_path):
    mine = _mine(tmp_path, status_cues="status,phrase\ntarget,dự kiến\n",
                 indicators=",".join(_registry_row()) + "\n"
                 + ",".join(_registry_row(code="jobs_created").values()) + "\n")
    lines = (RULES / "indicators.csv").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("jobs_created,"))
    assert tables.problems(mine) == [
        f"{mine / 'indicators.csv'} line 2: column code: 'jobs_created' is already in "
        f"rules/indicators.csv line {line}. Row skipped.",
        f"{mine / 'status_cues.csv'}: no column qualifier (columns: status, phrase); "
        "file ignored"]


def test_a_table_file_the_package_lacks_is_named_and_read_as_empty(monkeypatch):
    monkeypatch.setitem(rule_schemas.TABLES, "jobs_words", rule_schemas.TABLES["units"])
    assert tables.problems() == ["rules/jobs_words.csv: no such file; read as empty"]
    assert tables.read_table("jobs_words") == ()


def test_a_missing_rules_folder_is_an_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["rules", "check", "--rules", str(tmp_path / "nowhere")])
    assert exit_.value.code == 2
    assert f"argument --rules: {tmp_path / 'nowhere'} is not a folder" in capsys.readouterr().err


def _explained_indicators(sentence, rules_dir=None):
    from vnlabour.explain import read_sentence

    return [(f.indicator, f.value, f.rule) for g in read_sentence(sentence, "", rules_dir)[1]
            for f in g.facts]


def test_rules_folder_adds_a_cue_and_a_bad_row_only_costs_itself(tmp_path, capsys):
    mine = _mine(tmp_path, indicator_cues=CUES_HEADER + "jobs_creatd,persons,after,có việc làm "
                 "ổn định,\njobs_created,persons,after,có sinh kế mới,\n")
    assert _explained_indicators(NEW_CUE) == []
    assert _explained_indicators(NEW_CUE, mine) == [
        ("jobs_created", 1200.0, "cue:có sinh kế mới/after")]
    src = tmp_path / "src"
    src.mkdir()
    for name, n in (("a", "1.200"), ("b", "1.300")):
        (src / f"{name}.txt").write_text(f"Kết quả\n\n{NEW_CUE.replace('1.200', n)}\n",
                                         encoding="utf-8")
    # two worker processes: the folder reaches them
    assert main(["extract", str(src), "--out", str(tmp_path / "out"), "--jobs", "2",
                 "--rules", str(mine)]) == 0
    out, err = capsys.readouterr()   # the counts on stdout, the problems logged on stderr
    assert "2 documents (2 ok), 2 facts" in out
    assert f"warning: {mine / 'indicator_cues.csv'} line 3: column indicator: 'jobs_creatd'" in err


def test_explain_warns_of_a_bad_row_in_the_rules_folder(tmp_path, capsys):
    mine = _mine(tmp_path, indicator_cues=CUES_HEADER + "jobs_created,persons,after,có sinh kế "
                 "mới,\njobs_created,persons,later,có việc làm ổn định,\n")
    assert main(["explain", NEW_CUE, "--rules", str(mine)]) == 0
    out, err = capsys.readouterr()
    assert "   rule:      cue:có sinh kế mới/after\n" in out
    assert err == (f"warning: {mine / 'indicator_cues.csv'} line 4: column side: 'later' is "
                   "not one of before, after, any (did you mean 'after'?). Row skipped.\n")


def test_registry_row_in_a_rules_folder_defines_a_new_indicator(tmp_path):
    mine = _mine(tmp_path, indicators=",".join(_registry_row()) + "\n"
                 + ",".join(_registry_row().values()) + "\n",
                 indicator_cues=CUES_HEADER + "jobs_kept,persons,after,giữ được việc làm,\n")
    assert _explained_indicators("Năm 2024 có 800 lao động giữ được việc làm.", mine) == [
        ("jobs_kept", 800.0, "cue:giữ được việc làm/after")]


def test_the_registry_defines_labels_links_and_core_codes():
    from vnlabour import dataset
    from vnlabour.extract import rules
    from vnlabour.report import labels

    ind = labels.indicator("poverty_rate")
    assert (ind.label, ind.unit, ind.kind, ind.core) == (
        "Poverty rate (tỷ lệ hộ nghèo)", "percent", "rate", True)
    assert labels.core_codes() == [
        "jobs_created", "jobs_created_plan_pct", "workers_abroad", "vocational_enrolment",
        "vocational_enrolment_plan_pct", "trained_labour_rate", "trained_labour_certified_rate",
        "poverty_rate", "poverty_rate_reduction", "poor_households", "near_poor_rate",
        "near_poor_households"]
    r = rules()
    assert r.levels["poverty_rate_reduction"] == "poverty_rate"
    assert r.counts["poverty_rate"] == "poor_households"
    assert all(row["definition"] for row in tables.read_table("indicators"))
    rows = dataset.reconcile_rows([
        {"province": "Hà Giang", "province_code": "02", "province_2025": "Tuyên Quang",
         "locality": "", "admin_level": "province", "indicator": code, "status": status,
         "year": 2024, "value": value, "unit": "persons", "qualifier": "exact",
         "value_max": None, "fact_id": f"d@{i}", "doc_id": "d", "period_start": None,
         "statistic": "", "measure": "", "months": None}
        for i, (code, status, value) in enumerate([("workers_abroad", "actual", 600.0),
                                                   ("workers_abroad", "target", 500.0)])])
    assert [(r["indicator"], r["value"]) for r in rows if r["derived"]] == [
        ("workers_abroad_plan_pct", 120.0)]


EXPLAINED = """\
Năm 2024, toàn tỉnh giải quyết việc làm cho 30.500 lao động, đạt 102% kế hoạch.
published: 2025-01-08; rules: the package's

1. 30.500 lao động  (characters 44-59)
   indicator: jobs_created
   rule:      cue:giải quyết việc làm/before
   status:    actual (no status cue before it: a result)
   year:      2024 (written in the sentence: 2024)
   scope:     place
   qualifier: exact
   value:     30500 persons
2. 102%  (characters 65-69)
   indicator: jobs_created_plan_pct
   rule:      plan:đạt/follows
   status:    actual (that of the figure it belongs to)
   year:      2024 (written in the sentence: 2024)
   scope:     place
   qualifier: exact
   value:     102 percent
"""


def test_explain_shows_each_figure_with_its_reasons(capsys):
    assert main(["explain", ISSUE_SENTENCE, "--published", "2025-01-08"]) == 0
    assert capsys.readouterr().out == EXPLAINED


def test_explain_names_the_status_cue_the_year_source_and_unread_numbers():
    from vnlabour.explain import explain

    text = explain("Phấn đấu đến năm 2026 đưa 300 lao động đi làm việc ở nước ngoài, "
                   "hỗ trợ 12 hộ.", published="2025-03-01")
    assert "   status:    target (cue 'Phấn đấu')\n   year:      2026 (written in the " \
           "sentence: 2026)" in text
    assert text.endswith("2. 12 hộ  (characters 72-77)\n   no figure: no reading rule gave it "
                         "an indicator (no cue phrase of indicator_cues.csv for it, or a value "
                         "out of range)")
    future = explain("Năm 2026, toàn tỉnh không còn hộ nghèo.", published="2025-03-01")
    assert "   status:    target (its year is after the publication year 2025: no result " \
           "is known yet)" in future
    dated = explain("Toàn tỉnh giải quyết việc làm cho 1.000 lao động.", published="2025-03-01")
    assert "   year:      2025 (from the publication date 2025-03-01)" in dated


def test_explain_refuses_an_empty_sentence_and_a_bad_date(capsys):
    assert main(["explain", "   "]) == 2
    assert capsys.readouterr().err == ("vnlabour explain: the sentence is empty; give the "
                                       "sentence in quotes\n")
    with pytest.raises(SystemExit) as exit_:
        main(["explain", ISSUE_SENTENCE, "--published", "08/01/2025"])
    assert exit_.value.code == 2
    assert "'08/01/2025' is not a YYYY-MM-DD date" in capsys.readouterr().err


def test_the_build_re_extracts_when_a_rules_folder_changes(tmp_path):
    from vnlabour import build

    data = tmp_path / "data"
    data.mkdir()
    for table in build.TABLES:
        (data / f"{table}.csv").write_text("x\n", encoding="utf-8")
    mine = _mine(tmp_path, indicator_cues=CUES_HEADER)
    build.write_stamp(SEEDS, data, mine)
    assert build.is_stale(SEEDS, data, mine) is False
    assert build.is_stale(SEEDS, data) is True      # the same inputs without the folder
    (mine / "indicator_cues.csv").write_text(CUES_HEADER + "jobs_created,persons,after,"
                                             "có sinh kế mới,\n", encoding="utf-8")
    assert build.is_stale(SEEDS, data, mine) is True
