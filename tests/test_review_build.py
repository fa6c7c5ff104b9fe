"""Review end to end on the embedded corpus: corrections survive rebuilds, show in facts,
indicators and HTML, rebuild only the reports whose figures changed, and go stale (listed,
not applied) when their article changes."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from vnlabour import build
from vnlabour import corrections as fixes
from vnlabour.dataset import load

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "articles"
HA_GIANG = "003_abde4b4eb7bf41d0"
JOBS_HG, BENEFITS_HG = (492, 512), (2675, 2686)   # 30.500 jobs; 2.734 benefit recipients
JOBS_QN, JOBS_BK = (3468, 3482), (3153, 3170)     # Quảng Ninh 1.884, Bắc Kạn 500 jobs


def decision(data: Path, doc: str, span, action: str, **fields) -> dict:
    docs = load(data).documents
    sha = docs.loc[docs["doc_id"].str.startswith(doc), "sha256"].iloc[0]
    return {"doc_sha256": sha, "char_start": span[0], "char_end": span[1], "action": action,
            **fields}


def run(base: Path, corrections: Path, strict: bool = False) -> SimpleNamespace:
    code = build.run_build(base / "src", base / "data", base / "reports", jobs=2, only=None,
                           corrections=corrections, strict=strict)
    manifest = json.loads((base / "reports" / "manifest.json").read_text(encoding="utf-8"))
    data = load(base / "data")
    return SimpleNamespace(
        code=code, executed=set(manifest["executed"]),
        facts={(r["doc_id"][:3], r["char_start"]): r for r in data.facts.to_dict("records")},
        indicators=data.indicators, stale=fixes.read_stale(base / "data"),
        html={p.stem: p.read_text(encoding="utf-8") for p in (base / "reports").glob("*.html")})


def value(indicators, province: str, code: str) -> list[float]:
    i = indicators
    return list(i[(i["province"] == province) & (i["indicator"] == code)
                  & (i["status"] == "actual") & (i["year"] == 2024)]["value"])


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("review_build")
    shutil.copytree(SEEDS, base / "src")
    path = base / "corrections.csv"
    first = run(base, path)
    data = base / "data"
    fixes.append(path, [decision(data, "003", JOBS_HG, "edit", value=30600),
                        decision(data, "003", BENEFITS_HG, "reject", note="not ours"),
                        decision(data, "000", JOBS_QN, "accept", value=1884)])
    corrected = run(base, path)
    fixes.append(path, [decision(data, "001", JOBS_BK, "accept")])
    accepted = run(base, path)
    article = base / "src" / f"{HA_GIANG}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("Hà Giang", "Hà  Giang", 1),
                       encoding="utf-8")
    changed = run(base, path)
    strict = run(base, path, strict=True)
    return SimpleNamespace(first=first, corrected=corrected, accepted=accepted,
                           changed=changed, strict=strict)


def test_corrections_reach_facts_and_indicators(builds):
    first, b = builds.first, builds.corrected
    assert first.code == b.code == 0 and b.stale == []
    jobs = b.facts[("003", 492)]
    assert (jobs["review"], jobs["value"], jobs["value_extracted"]) == ("edited", 30600, 30500)
    assert b.facts[("003", 2675)]["review"] == "rejected"
    assert b.facts[("000", 3468)]["review"] == "accepted"
    assert value(b.indicators, "Hà Giang", "jobs_created") == [30600]
    assert value(first.indicators, "Hà Giang", "unemployment_benefit_recipients") == [2734]
    assert value(b.indicators, "Hà Giang", "unemployment_benefit_recipients") == []


def test_only_reports_whose_figures_changed_are_rebuilt(builds):
    assert builds.corrected.executed == {"province-ha-giang", "province-quang-ninh",
                                         "comparison-legacy", "comparison-2025"}
    assert builds.accepted.executed == {"province-bac-kan"}   # a mark, nothing else


def test_reports_mark_reviewed_figures_and_the_index_shows_progress(builds):
    b = builds.accepted
    ha_giang = b.html["province-ha-giang"]
    assert (f'<a href="articles/{HA_GIANG}.html#f-{HA_GIANG}@492" title="extracted: value '
            "&gt;30,500 persons | Jobs created (giải quyết việc làm) · actual · Hà Giang · 2024 "
            '· &gt;30,600 persons · rule cue:giải quyết việc làm/before">&gt;30,600 persons ✎'
            "</a>") in ha_giang
    assert "2,734" not in ha_giang
    assert ('title="accepted by a researcher | Jobs created (giải quyết việc làm) · actual · '
            'Hải Hà (district), Quảng Ninh · 2024 · 1,884 persons · rule cue:tạo việc làm tăng '
            'thêm/before">1,884 persons ✓</a>') in b.html["province-quang-ninh"]
    assert "✓ accepted by a researcher; ✎ corrected by a researcher" in ha_giang
    assert ("a figure they accepted is marked ✓, one they corrected ✎ with the extracted "
            "reading on hover, one they added +;") in b.html["methods"]
    index = b.html["index"]
    assert '<h2 id="review">Review</h2>' in index
    assert ("<tr><td>Hà Giang</td><td class=\"num\">11</td><td class=\"num\">2</td>"
            "<td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">1</td>"
            "<td class=\"num\">0</td></tr>") in index
    assert "stale correction" not in index


def test_a_changed_article_makes_its_corrections_stale_not_applied(builds):
    b = builds.changed
    assert b.code == 0
    assert [(s["doc_id"], s["action"], s["char_start"]) for s in b.stale] == [
        (HA_GIANG, "edit", "492"), (HA_GIANG, "reject", "2675")]
    # the normalised text, and so the spans, are the same (spaces are collapsed), but the
    # file's bytes changed: the decisions were about another version of the article
    jobs = b.facts[("003", 492)]
    assert (jobs["review"], jobs["value"]) == ("unreviewed", 30500)
    assert b.facts[("003", 2675)]["review"] == "unreviewed"
    assert b.facts[("000", 3468)]["review"] == "accepted"
    assert value(b.indicators, "Hà Giang", "jobs_created") == [30500]
    index = b.html["index"]
    assert '<h3 id="stale-corrections">2 stale correction(s), not applied</h3>' in index
    assert (f"line 2: edit of chars 492-512 in {HA_GIANG}: no document has this content hash "
            "any more (its article changed or was removed)") in index
    assert builds.strict.code == 1
