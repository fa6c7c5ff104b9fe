"""Shared test fixtures: project paths and the seed corpus extracted once per session."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "articles"
GOLD = ROOT / "data" / "annotations" / "seeds_gold.csv"


@pytest.fixture(scope="session")
def seed_dataset(tmp_path_factory):
    """The seed corpus extracted into a temporary folder: (summary, out_dir)."""
    from vnlabour.corpus import run_extract

    out = tmp_path_factory.mktemp("processed")
    return run_extract(SEEDS, out), out
