"""One vnlabour run at a time per output folder.

A build or an extraction writes many files of its output folders; two runs on the same
folders at once would interleave them. Each run therefore holds an advisory lock
(`fcntl.flock`) on `<folder>/.vnlabour.lock` while it writes. A second run waits for it,
saying so, or (`wait=False`, the CLI's `--no-wait`) stops at once with `Busy`. The operating
system releases the lock when its holder ends, even when killed: a stale lock file is never a
problem. The locks are re-entrant within a process (`run_build` holds them while it calls
`run_extract`, which takes the data folder's again).
"""
from __future__ import annotations

import fcntl
import functools
import inspect
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from vnlabour.errors import Busy

log = logging.getLogger(__name__)

LOCK_NAME = ".vnlabour.lock"
_held: dict[Path, int] = {}   # lock file -> how many times this process holds it
_held_guard = threading.Lock()


def _holder(path: Path) -> str:
    """The process id written in a lock file by its holder ('?' when unknown)."""
    try:
        return path.read_text(encoding="utf-8").strip() or "?"
    except OSError:
        return "?"


@contextmanager
def _one_lock(folder: Path, wait: bool) -> Iterator[None]:
    """Hold the lock of one folder (created if missing) for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    path = (folder / LOCK_NAME).resolve()
    with _held_guard:
        if _held.get(path):
            _held[path] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[path] -= 1
        return
    with open(path, "a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = (f"{folder} is being written by another vnlabour run "
                       f"(process {_holder(path)}; lock file {path})")
            if not wait:
                raise Busy(f"{message}; try again when it has finished") from None
            log.warning("%s; waiting for it to finish", message)
            fcntl.flock(f, fcntl.LOCK_EX)
            log.info("lock of %s acquired", folder)
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n")
        f.flush()
        with _held_guard:
            _held[path] = 1
        log.debug("holding %s", path)
        try:
            yield
        finally:
            with _held_guard:
                del _held[path]
            f.seek(0)
            f.truncate()
            fcntl.flock(f, fcntl.LOCK_UN)


@contextmanager
def project_lock(*folders: Path, wait: bool = True) -> Iterator[None]:
    """Hold the locks of `folders` (in a fixed order, so two runs cannot deadlock) for the
    block; wait for another run holding one, or raise `Busy` when `wait` is False."""
    unique = sorted({Path(f).resolve() for f in folders})
    with ExitStack() as stack:
        for folder in unique:
            stack.enter_context(_one_lock(folder, wait))
        yield


def holding_lock(*params: str):
    """Decorator: the function runs holding the locks of the folders passed as its
    arguments `params` (e.g. `@holding_lock("data_dir", "reports_dir")`), waiting for
    another run that holds one."""
    def decorate(func):
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            with project_lock(*(Path(bound.arguments[p]) for p in params)):
                return func(*args, **kwargs)
        return wrapper
    return decorate
