"""environment.yml (conda users) lists the same dependencies as pyproject.toml."""
import re
import tomllib

from conftest import ROOT


def names(requirements):
    return {re.split(r"[<>=\[ ;]", r.strip(), maxsplit=1)[0].lower().replace("_", "-")
            for r in requirements if r.strip()}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = names(project["dependencies"] + project["optional-dependencies"]["test"])
    listed = []
    text = (ROOT / "environment.yml").read_text()
    for line in text[text.index("dependencies:"):].splitlines():
        item = line.strip()
        if item.startswith("- ") and not item.startswith(("- python", "- pip", "- -e")):
            listed.append(item[2:])
    assert names(listed) - {"lxml-html-clean"} == wanted
