"""The kernel pool and the papermill engine that runs report notebooks on it, and the
rendering of executed notebooks to pages (nbconvert's Python API; the frame of the page and
its stylesheet come from `vnlabour.report.site`).

One process runs the notebooks with papermill's Python API in a small thread pool on a pool
of warm kernels and renders each to a self-contained page (no code, images inline, no
JavaScript, nothing loaded from the network); the same notebook is also rendered with its
code.
"""
from __future__ import annotations

import functools
import html
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from vnlabour.build.plan import COMPARISON_NOTEBOOK, PROVINCE_NOTEBOOK, notebooks_dir
from vnlabour.files import atomic_write

KERNEL = "python3"

# No start-up warnings in the build log; no input history: a reused kernel whose execution
# count is reset would print "Session/line number was not unique in database" into a report.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]

CELL_TIMEOUT = 600  # seconds; a report stuck longer fails (and its kernel is replaced)

ENGINE = "vnlabour-pool"  # the papermill engine that runs notebooks on the pool's kernels


_IMPORT_LOCK = threading.Lock()


def _import_papermill():
    """papermill and nbconvert, without jsonschema's slow optional IRI checker (~1 s of
    `rfc3987_syntax` start-up; nbformat's schema has no IRI formats), with the pool engine
    registered."""
    with _IMPORT_LOCK:
        stub = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
        if stub:
            sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import fails
        try:
            import nbconvert
            import papermill
        finally:
            if stub and sys.modules.get("rfc3987_syntax", 0) is None:
                del sys.modules["rfc3987_syntax"]
        from papermill.engines import papermill_engines

        papermill_engines.register(ENGINE, _pool_engine())
    return papermill, nbconvert


@functools.lru_cache(maxsize=1)
def _pool_engine():
    """papermill's nbclient engine, run on a kernel of the pool through the pool's connected
    client (`kc`). papermill's own engine connects a new client to the kernel for every
    notebook and waits for it to be ready, ~0.2 s of quiet-channel timeout per report. The
    cell papermill injects gets a fixed id instead of a random one, so that the same inputs
    give the same pages."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger

    class PoolEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, km=None, kc=None,
                                     execution_timeout=None, log_output=False, **_):
            for cell in nb_man.nb.cells:
                if "injected-parameters" in cell.metadata.get("tags", []):
                    cell.id = "injected-parameters"
            client = PapermillNotebookClient(nb_man, km=km, kernel_name=kernel_name,
                                             timeout=execution_timeout, log=logger,
                                             log_output=log_output)
            client.kc = kc  # set: nbclient then neither connects nor waits for the kernel
            return client.execute()

    return PoolEngine


_exporter_local = threading.local()


def _exporter(code: bool = False):
    """One nbconvert HTML exporter per thread and kind: body only, no prompts; the code
    cells only with `code` (the executed notebook as a reader of the method sees it)."""
    key = "code" if code else "exp"
    exp = getattr(_exporter_local, key, None)
    if exp is None:
        exp = _page_exporter()(template_name="basic", exclude_input=not code,
                               exclude_input_prompt=True, exclude_output_prompt=True,
                               embed_images=True, anchor_link_text="¶")
        setattr(_exporter_local, key, exp)
    return exp


@functools.lru_cache(maxsize=1)
def _page_exporter():
    """nbconvert's HTMLExporter without its last step, which parses the whole page again
    with BeautifulSoup (~0.2 s a report at 63 provinces, a sixth of the build process's
    work) only to give images without alt text a placeholder one and the input and output
    areas of the 'lab' template a tabindex: the report charts carry their own alt text
    (tests/test_browser.py checks every image has one) and the 'basic' template has no such
    areas."""
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters import Highlight2HTML

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            self.register_filter("highlight_code", _plain_code if not self.exclude_input
                                 else Highlight2HTML(parent=self))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


def render_html(nb, title: str) -> str:
    """The executed notebook as a page of reports/: outputs and prose, no code cells, in
    the frame and stylesheet of every page (`report.site.page`)."""
    from vnlabour.report import site

    body, _ = _exporter().from_notebook_node(nb)
    return site.page(title, body)


def _plain_code(source: str, language=None, metadata=None) -> str:
    """A code cell as escaped text: the thin notebooks' code reads well without colours,
    and pygments would cost ~0.06 s a report."""
    return f'<div class="highlight"><pre>{html.escape(source)}</pre></div>'


def render_code_html(nb, title: str) -> str:
    """The executed notebook with its code, as a page of reports/."""
    from vnlabour.report import site

    body, _ = _exporter(code=True).from_notebook_node(nb)
    return site.page(f"{title} (notebook with code)", body)


def _count_charts(nb) -> int:
    """The charts and maps a report shows (an output may hold several)."""
    n = 0
    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            n += max(int("image/png" in data),
                     str(data.get("text/html", "")).count('class="vn-chart"'))
    return n


def _error_text(exc: BaseException) -> str:
    """'ValueError: unknown province …' from a papermill or any other exception."""
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None)
    if evalue is None:
        lines = str(exc).strip().splitlines()
        evalue = lines[-1] if lines else ""
    return f"{ename}: {evalue}"


class Kernels:
    """A pool of warm kernels, reused from report to report.

    Kernel start-up and the notebooks' imports (pandas, matplotlib) dominate a report's run
    time. The pool starts its kernels in the background as soon as the build knows it will
    run reports (while the articles are extracted, or the jobs planned), imports the report
    modules in them, and after each report clears the user namespace (`%reset -f`, in the
    background while the report's HTML is rendered): every report starts from empty variables
    but finds its modules imported. Once warm, a kernel freezes what it holds (`gc.freeze`):
    the cyclic garbage collector, which `%reset` runs in full and Python runs now and then
    during a report, no longer walks the ~130,000 objects of the imported modules every time
    (about 0.4 s a report). A kernel that failed a report is shut down and replaced.
    Kernels start in the notebooks folder (papermill's own `cwd` option would chdir the whole
    build process, which is unsafe with threads).
    """

    WARM = ("vnlabour.dataset", "vnlabour.report.province", "vnlabour.report.comparison",
            "vnlabour.report.figures", "vnlabour.report.maps")
    RESET = "%reset -f\nget_ipython().execution_count = 1"

    def __init__(self, cwd: Path) -> None:
        import queue

        self.cwd = cwd
        self.ready: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.started: list = []
        self.closed = False
        self.starter: ThreadPoolExecutor | None = None

    def start(self, n: int) -> Kernels:
        """Start `n` kernels in the background (once: later calls change nothing)."""
        # typing before the threads: they import it (jupyter_client), and a dataclass made
        # meanwhile in this thread looks it up in sys.modules, half-imported ("partially
        # initialized module 'typing' has no attribute 'ClassVar'")
        import typing  # noqa: F401

        with self.lock:
            if self.starter is None:
                self.starter = ThreadPoolExecutor(max_workers=max(1, n))
                for _ in range(max(1, n)):
                    self.starter.submit(self._start)
        return self

    def _start(self) -> None:
        from jupyter_client import KernelManager

        try:
            km = KernelManager(kernel_name=KERNEL)
            km.start_kernel(extra_arguments=KERNEL_ARGS, cwd=str(self.cwd))
            with self.lock:
                self.started.append(km)
            kc = km.blocking_client()
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            warm = ("import importlib as _il\n"
                    f"for _m in {self.WARM!r}:\n    _il.import_module(_m)\n"
                    "_il.import_module('vnlabour.report.figures').warm_up()\n"
                    "import gc as _gc\n_gc.collect()\n_gc.freeze()\n"
                    "del _il, _m, _gc")
            kc.execute_interactive(warm, silent=True, timeout=120)
            self.ready.put((km, kc))
        except Exception as exc:  # noqa: BLE001 - handed to the job that waits for it
            self.ready.put(exc)

    def acquire(self):
        """A warm (km, kc) pair; waits for one to be free."""
        item = self.ready.get(timeout=300)
        if isinstance(item, Exception):
            self.starter.submit(self._start)  # keep the pool size for the other jobs
            raise item
        return item

    def release(self, pair, healthy: bool) -> None:
        """Give a kernel back after a report, without waiting for it: it is reset (or
        replaced, when it failed the report) in the background."""
        self.starter.submit(self._recycle, pair, healthy)

    def _recycle(self, pair, healthy: bool) -> None:
        """Reset a kernel and make it available again; replace it when that fails."""
        km, kc = pair
        if healthy and km.is_alive():
            try:
                reply = kc.execute_interactive(self.RESET, silent=True, timeout=60)
                if reply["content"].get("status") == "ok":
                    self.ready.put(pair)
                    return
            except Exception:  # noqa: BLE001 - a kernel that cannot reset is replaced
                pass
        self._shutdown(km, kc)
        if not self.closed:
            self._start()

    def _shutdown(self, km, kc) -> None:
        with self.lock:
            if km in self.started:
                self.started.remove(km)
        try:
            if kc is not None:
                kc.stop_channels()
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)

    def close(self) -> None:
        """Shut every kernel down (also those still starting)."""
        self.closed = True
        if self.starter is None:
            return
        self.starter.shutdown(wait=True)
        while not self.ready.empty():
            item = self.ready.get()
            if not isinstance(item, Exception):
                self._shutdown(*item)
        with self.lock:
            left, self.started = self.started, []
        for km in left:
            if km.has_kernel:
                km.shutdown_kernel(now=True)


# ----------------------------------------------------------------------------- nbval outputs

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"

NOTEBOOKS = (PROVINCE_NOTEBOOK, COMPARISON_NOTEBOOK, "explore.ipynb")


def refresh_checked_outputs(nb_dir: Path | None = None) -> list[Path]:
    """Execute each notebook with its default parameters and store in it only the outputs of
    the cells marked `# NBVAL_CHECK_OUTPUT` (the ones `pytest --nbval-lax` compares); every
    other output (and its execution count) is cleared. Run it after a deliberate change of the
    headline figures of the embedded corpus: `python -m vnlabour.build --refresh-notebooks`."""
    _import_papermill()
    import nbformat
    from nbclient import NotebookClient

    nb_dir = Path(nb_dir) if nb_dir else notebooks_dir()
    written = []
    for name in NOTEBOOKS:
        path = nb_dir / name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name=KERNEL, resources={"metadata": {"path": str(nb_dir)}},
                       extra_arguments=KERNEL_ARGS, shutdown_kernel="immediate").execute()
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.metadata.pop("execution", None)
            if CHECK_MARK not in cell.source:  # nbval wants a count on cells with outputs
                cell.execution_count = None
                cell.outputs = []
        atomic_write(path, nbformat.writes(nb) + "\n")
        written.append(path)
    return written
