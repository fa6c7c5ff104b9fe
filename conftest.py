"""Test-session policy for every test of the repository (tests/ and the nbval notebooks).

- Every test gets one marker of what it costs unless it carries one itself: from the shared
  fixture it uses (`KIND_OF_FIXTURE`), else from its module (`KIND_OF_MODULE`; a module not
  listed is `unit`, a notebook cell is `notebooks`). `make test-fast` runs `-m unit`. The
  markers are declared in pyproject.toml.
- The notebooks read the embedded corpus's dataset (`../data/processed`): before the first
  notebook cell runs, that dataset is extracted when it is missing or stale (the build's
  stamp decides), so `pytest --nbval-lax notebooks` passes on a fresh clone.

Shared fixtures and path constants are in tests/conftest.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
KINDS = ("unit", "build", "notebooks", "browser", "bench")
# test module -> its kind; a test of another kind in such a module is marked explicitly
KIND_OF_MODULE = {
    "test_build": "build",        # papermill builds of the embedded corpus
    "test_resilience": "build",   # builds killed, repeated, run twice at once
    "test_browser": "browser",    # headless Chromium
    "test_bench": "bench",        # smoke runs of the benchmark scripts
    "test_review_build": "build",  # builds with researchers' corrections
}
# shared fixture (tests/conftest.py) -> the kind of every test that uses it
KIND_OF_FIXTURE = {"browser": "browser", "corpus_build": "build"}


def kind_of(item: pytest.Item) -> str:
    """The cost marker an unmarked test gets from where it lives."""
    if item.path.suffix == ".ipynb":
        return "notebooks"
    for fixture, kind in KIND_OF_FIXTURE.items():
        if fixture in getattr(item, "fixturenames", ()):
            return kind
    return KIND_OF_MODULE.get(item.path.stem, "unit")


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by these markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its kind, unless it is marked with one already."""
    for item in items:
        if not any(item.get_closest_marker(kind) for kind in KINDS):
            item.add_marker(kind_of(item))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Extract the embedded corpus into data/processed (when stale) if notebooks will run."""
    if not session.config.option.collectonly and any(
            item.path.suffix == ".ipynb" for item in session.items):
        from vnlabour.build import ensure_extracted
        from vnlabour.locking import project_lock

        data = ROOT / "data" / "processed"
        with project_lock(data):
            ok, message = ensure_extracted(ROOT / "data" / "raw" / "articles", data)
        if not ok:
            pytest.exit(f"the notebooks' dataset could not be extracted: {message}",
                        returncode=1)
