"""Draw the report's charts on two cores: one forked child shares the work (docs/report.md,
"Speed").

``map_forked(function, items)`` returns ``[function(item) for item in items]``. Where it is
safe, a child process is forked once the data are ready: it inherits every module and frame
(copy on write, nothing is pickled on the way in), and the parent and the child take the items
one at a time from a shared queue (a pipe of item numbers) until none is left. The child
writes its results to a temporary file and exits; the parent waits for it (never a zombie).
Where fork is unavailable or unsafe (not Linux, one CPU, another thread running, more than
255 items) the items are drawn here, one after the other: the same results, in the same order.
Should the child fail, the items it took are drawn here after all.

While the items are drawn, the objects that existed before are frozen (``gc.freeze``): the
cyclic garbage collector then leaves them alone, so the full collections that drawing's many
short-lived objects trigger do not walk every frame and module of the process (and in the child
they do not touch, and so copy, the pages it shares with the parent).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["SERIAL_ENV", "can_fork", "map_forked"]

T = TypeVar("T")

#: Set this environment variable (to anything but empty) to draw every chart in one process.
SERIAL_ENV = "NETWK_SERIAL"

#: Threads known to share nothing with drawing: the progress line's ticker writes only its
#: own line on standard error, which the child never touches.
_HARMLESS_THREADS = frozenset({"netwk-progress"})


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether ``map_forked`` may fork here: Linux (fork is safe there; macOS and Windows
    start processes otherwise), at least two CPUs usable, ``NETWK_SERIAL`` unset, and no
    thread running besides this one and the progress line."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    if os.environ.get(SERIAL_ENV) or _cpus() < 2:
        return False
    current = threading.current_thread()
    return all(
        thread is current or thread.name in _HARMLESS_THREADS for thread in threading.enumerate()
    )


@contextmanager
def _existing_objects_frozen() -> Iterator[None]:
    """Freeze the objects that exist now for the block (``gc.freeze``), unfreezing them after.

    Left as it is when something is frozen already: the caller froze on purpose, or this is
    the forked child, whose inherited objects stay frozen until it exits.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _take(jobs: int):
    """Item numbers from the queue, one byte at a time (a read of one byte from a pipe is
    atomic: the parent and the child never take the same item)."""
    while True:
        byte = os.read(jobs, 1)
        if not byte:
            return
        yield byte[0]


def _child(function, items, jobs: int, results) -> None:
    """In the forked child: draw items from the queue, write them to ``results``, exit.
    Never returns: the caller's stack belongs to the parent."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends the child quietly
        done = {index: function(items[index]) for index in _take(jobs)}
        pickle.dump(done, results, protocol=pickle.HIGHEST_PROTOCOL)
        results.flush()
        code = 0
    except BaseException:  # noqa: BLE001 - the parent draws what the child could not
        pass
    finally:
        os._exit(code)


def map_forked(
    function: Callable[[T], str],
    items: Sequence[T],
    *,
    order: Sequence[int] | None = None,
    on_done: Callable[[int, int], None] | None = None,
) -> list[str]:
    """``[function(item) for item in items]``, shared with a forked child where it is safe.

    Parameters
    ----------
    function : callable
        Returns a picklable result (a chart's SVG); must not depend on which process runs it.
    items : sequence
    order : sequence of int, optional
        The order in which items are taken (the costliest first balances the two processes
        best); default the order of ``items``.
    on_done : callable, optional
        ``on_done(done, total)`` after each item finished here, and for the child's items when
        they arrive.

    Returns
    -------
    list
        The results, in the order of ``items``: the same as drawing them one by one.
    """
    total = len(items)
    order = list(range(total)) if order is None else list(order)
    report = on_done or (lambda done, total: None)
    with _existing_objects_frozen():
        if total < 2 or total > 255 or not can_fork():
            results = {}
            for index in order:
                results[index] = function(items[index])
                report(len(results), total)
            return [results[index] for index in range(total)]
        return _forked(function, items, order, report)


def _forked(function, items, order: list[int], report) -> list[str]:
    total = len(items)
    jobs, queue = os.pipe()
    os.write(queue, bytes(order))  # at most 255 bytes: fits any pipe's buffer
    os.close(queue)
    results: dict[int, str] = {}
    with tempfile.TemporaryFile() as stored:
        try:
            pid = os.fork()
        except OSError:
            pid = None
        if pid == 0:
            _child(function, items, jobs, stored)
        finished = False
        try:
            for index in _take(jobs):
                results[index] = function(items[index])
                report(len(results), total)
            finished = True
        finally:
            os.close(jobs)
            if pid:
                if not finished:
                    os.kill(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
        if pid and os.waitstatus_to_exitcode(status) == 0:
            stored.seek(0)
            try:
                child = pickle.load(stored)
            except Exception:  # noqa: BLE001 - a truncated file: draw those items here
                child = {}
            for index, result in child.items():
                results[index] = result
                report(len(results), total)
    for index in order:  # items the child took but did not deliver
        if index not in results:
            results[index] = function(items[index])
            report(len(results), total)
    return [results[index] for index in range(total)]
