"""The pages of reports/ that are not notebooks, and the frame of every page: Jinja2
templates (autoescaped) in report/templates, the stylesheet report/static/vnlabour.css.

Every page links the one stylesheet by a relative path (`root` is '' for a page in reports/,
'../' for one in reports/articles/), so the folder works moved or zipped, without a network.
"""
from __future__ import annotations

import functools
import shutil
from pathlib import Path

from markupsafe import Markup

from vnlabour.files import atomic_write

HERE = Path(__file__).parent
STATIC = HERE / "static"
CSS = "vnlabour.css"


@functools.lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment of the report templates, HTML autoescaped."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                              autoescape=True, trim_blocks=False, keep_trailing_newline=True)


def render(template: str, **context) -> str:
    """A template of report/templates rendered with `context` (text escaped)."""
    context.setdefault("root", "")
    context.setdefault("nav", True)
    return environment().get_template(template).render(**context)


def page(title: str, body: str, root: str = "", nav: bool = True) -> str:
    """A complete page around `body`, HTML this package built (a rendered notebook)."""
    return render("base.html", title=title, body=Markup(body), root=root, nav=nav)


def write_static(reports_dir: Path) -> None:
    """Copy the stylesheet into reports/static/ (when it changed)."""
    target = reports_dir / "static" / CSS
    source = (STATIC / CSS).read_bytes()
    if not target.is_file() or target.read_bytes() != source:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, source)


def write_page(path: Path, text: str) -> bool:
    """Write a page atomically unless it already has this content; True when written."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
    return True


def copy_file(source: Path, target: Path) -> None:
    """Copy a file into reports/ (a dataset table) unless the copy is already the same."""
    if target.is_file() and target.stat().st_size == source.stat().st_size \
            and target.read_bytes() == source.read_bytes():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
