"""The output tables: schema, validation, reconciliation, datapackage, determinism, loading."""
import json

import pandas as pd
import pandera.errors
import pytest

from vnlabour import dataset
from vnlabour.corpus import run_extract
from vnlabour.schema import TABLES, column_names

from conftest import SEEDS


def fact(**kw):
    base = {"fact_id": "d@1", "doc_id": "d", "province": "Hà Giang", "province_code": "02",
            "province_2025": "Tuyên Quang", "locality": "", "admin_level": "province",
            "indicator": "jobs_created", "scope": "place", "status": "actual", "year": 2024,
            "period_start": None, "months": None, "statistic": "", "measure": "",
            "value": 30500.0, "unit": "persons", "qualifier": "over",
            "value_max": None, "sentence": "s", "char_start": 1, "char_end": 5, "rule": "cue:x"}
    return {**base, **kw}


def test_written_tables_follow_the_schema(seed_dataset):
    _, out = seed_dataset
    for name in TABLES:
        df = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(df.columns) == column_names(name)
        assert (out / f"{name}.parquet").exists()
    loaded = dataset.load(out)
    for name in TABLES:
        dataset.validate(name, getattr(loaded, name))
    docs = loaded.documents.set_index("doc_id")
    assert docs.loc["004_b39e73849f90ede2", "province_source"] == "unresolved"
    assert docs.loc["004_b39e73849f90ede2", "province"] == ""
    assert docs.loc["003_abde4b4eb7bf41d0", "province"] == "Hà Giang"
    assert docs.loc["003_abde4b4eb7bf41d0", "province_2025"] == "Tuyên Quang"


def test_datapackage_describes_every_column(seed_dataset):
    _, out = seed_dataset
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == column_names(resource["name"])
        assert all(f["description"] for f in fields)


def test_validation_names_the_bad_column():
    df = dataset.frame("facts", [fact(status="planned")])
    with pytest.raises(pandera.errors.SchemaError, match="status"):
        dataset.validate("facts", df)


def test_reconcile_merges_duplicates_flags_conflicts_and_derives_plan_share():
    facts = dataset.frame("facts", [
        fact(fact_id="a@1", doc_id="a", value=30500.0),
        fact(fact_id="b@1", doc_id="b", value=30500.0),
        fact(fact_id="c@1", doc_id="c", value=28000.0),
        fact(fact_id="a@9", doc_id="a", status="target", value=25000.0, qualifier="exact"),
        fact(fact_id="z@1", doc_id="z", province="", province_code="", province_2025=""),
    ])
    ind = dataset.reconcile(facts).set_index(["indicator", "status"])
    actual = ind.loc[("jobs_created", "actual")]
    assert (actual["value"], actual["n_sources"], actual["conflict"]) == (30500.0, 3, True)
    assert actual["doc_ids"] == "a;b;c"
    share = ind.loc[("jobs_created_plan_pct", "actual")]
    assert (share["value"], share["derived"]) == (122.0, True)
    assert len(ind) == 3  # the fact of an unresolved document is not placed


def test_multi_year_totals_and_national_figures_are_not_province_indicators(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(
        "Năm 2024, tỉnh Nghệ An đã giải quyết việc làm cho 46.500 lao động. Giai đoạn "
        "2021-2024, toàn tỉnh đã giải quyết việc làm cho 175.000 lao động. Cả nước có 1,6 triệu "
        "lao động được giải quyết việc làm trong năm 2024.", encoding="utf-8")
    run_extract(src, tmp_path / "out")
    data = dataset.load(tmp_path / "out")
    national = data.facts[data.facts["indicator"] == "jobs_created__national"].iloc[0]
    assert (national["province"], national["value"]) == ("", 1_600_000)
    assert data.indicators[["province", "indicator", "year", "value"]].values.tolist() == [
        ["Nghệ An", "jobs_created", 2024, 46500.0]]


def test_figures_of_another_province_or_of_a_merged_one_get_their_own_place(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "st.txt").write_text(
        "Sóc Trăng: giữ chân lao động\nNăm 2024, tỉnh Sóc Trăng có tỷ lệ hộ nghèo 2,62%. Trong "
        "khi đó, Đồng Nai năm 2024 có tỷ lệ hộ nghèo chỉ còn 0,11%.", encoding="utf-8")
    # after the 2025-07-01 merger "tỉnh Ninh Bình" is Hà Nam, Nam Định and Ninh Bình together
    (src / "nb.txt").write_text(
        "Ninh Bình: sau sáp nhập\nNăm 2025, tỉnh Ninh Bình giải quyết việc làm cho 31.460 lao "
        "động. Năm 2024, tỉnh Hà Nam (cũ) giải quyết việc làm cho 16.240 lao động; tỉnh Ninh "
        "Bình (cũ) giải quyết việc làm cho 21.000 lao động.", encoding="utf-8")
    (src / "sources.csv").write_text("doc_id,url,published,province\nnb,,2025-08-14,\n"
                                     "st,,2025-01-10,\n", encoding="utf-8")
    run_extract(src, tmp_path / "out")
    data = dataset.load(tmp_path / "out")
    places = data.facts[["doc_id", "province", "province_2025", "value"]].values.tolist()
    assert places == [["nb", "", "Ninh Bình", 31460.0], ["nb", "Hà Nam", "Ninh Bình", 16240.0],
                      ["nb", "Ninh Bình", "Ninh Bình", 21000.0],
                      ["st", "Sóc Trăng", "Cần Thơ", 2.62], ["st", "Đồng Nai", "Đồng Nai", 0.11]]
    doc = data.documents.set_index("doc_id").loc["nb"]
    assert (doc["province"], doc["province_2025"]) == ("", "Ninh Bình")
    assert "merged province Ninh Bình (Hà Nam, Nam Định, Ninh Bình)" in doc["message"]
    # the merged province's own figure stays out of the pre-2025 indicators
    assert sorted(data.indicators["province"]) == ["Hà Nam", "Ninh Bình", "Sóc Trăng",
                                                   "Đồng Nai"]


def test_results_of_part_of_a_year_are_no_annual_indicator():
    rows = dataset.reconcile_rows([fact(), fact(fact_id="d@9", value=15000.0, months=6)])
    assert [(r["value"], r["n_sources"]) for r in rows] == [(30500.0, 1)]


def test_rounding_differences_are_no_conflict():
    facts = dataset.frame("facts", [fact(fact_id="a@1", value=70.43, unit="percent",
                                         indicator="trained_labour_rate"),
                                    fact(fact_id="b@1", doc_id="b", value=70.4, unit="percent",
                                         indicator="trained_labour_rate")])
    assert not dataset.reconcile(facts)["conflict"].iloc[0]


def test_same_input_same_bytes(tmp_path, seed_dataset):
    _, first = seed_dataset
    run_extract(SEEDS, tmp_path)
    for name in ("facts.csv", "documents.csv", "indicators.csv", "datapackage.json"):
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_load_names_the_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"facts\.csv"):
        dataset.load(tmp_path)
