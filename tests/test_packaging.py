"""pyproject.toml, environment.yml (conda users) and requirements.lock (every `make` install)
agree: the same dependencies, and every version range admits the locked, tested version."""
import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DECLARED = [Requirement(r) for r in PROJECT["dependencies"]
            + [r for extra in PROJECT["optional-dependencies"].values() for r in extra]]


def environment_yml() -> list[Requirement]:
    """The packages environment.yml lists (conda's and pip's), without python, pip and the
    project itself."""
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = []
    for line in text[text.index("dependencies:"):].splitlines():
        item = line.strip()
        if item.startswith("- ") and not item.startswith(("- python", "- pip", "- -e")):
            listed.append(Requirement(item[2:]))
    return listed


def locked() -> dict[str, list[str]]:
    """Package -> its versions in requirements.lock (two when a marker splits them)."""
    versions: dict[str, list[str]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        found = re.match(r"([A-Za-z0-9._-]+)==([^\s;]+)", line)
        if found:
            versions.setdefault(canonicalize_name(found[1]), []).append(found[2])
    return versions


def test_environment_yml_lists_the_dependencies_of_pyproject():
    wanted = {canonicalize_name(r.name) for r in DECLARED}
    # lxml's [html_clean] extra is a package of its own for conda
    listed = {canonicalize_name(r.name) for r in environment_yml()} - {"lxml-html-clean"}
    assert listed == wanted


@pytest.mark.parametrize("source", ["pyproject.toml", "environment.yml"])
def test_every_version_range_admits_the_locked_version(source):
    lock = locked()
    requirements = DECLARED if source == "pyproject.toml" else environment_yml()
    refused = {r.name: lock.get(canonicalize_name(r.name)) for r in requirements
               if not any(r.specifier.contains(v, prereleases=True)
                          for v in lock.get(canonicalize_name(r.name), []))}
    assert refused == {}


def test_the_lock_pins_what_the_build_relies_on_exactly():
    """The build subclasses papermill's engine, nbclient's client and nbconvert's exporter:
    pyproject pins them to the one version each, the locked one."""
    pinned = {canonicalize_name(r.name): str(r.specifier) for r in DECLARED
              if str(r.specifier).startswith("==")}
    lock = locked()
    assert set(pinned) == {"papermill", "nbclient", "nbconvert"}
    assert {name: [f"=={v}" for v in lock[name]] for name in pinned} == {
        name: [spec] for name, spec in pinned.items()}


def test_the_lock_is_the_output_of_make_lock():
    header = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()[:2]
    assert header[1].strip() == ("#    uv pip compile pyproject.toml --all-extras --universal "
                                 "--python-version 3.11 -o requirements.lock")
