"""Progress of long work, on standard error, for a person watching a terminal.

docs/cli.md, "Progress": work that lasts longer than about a second (reading a big workbook,
the analyses, each chart, writing) shows one line on standard error naming the phase in a
user's words ("reading Interactions", "drawing charts 3/9") with a bar and the time so far.
Nothing is shown when standard error is not a terminal (a pipe, a file), when the ``CI``
environment variable is set (``CI=true``), or with ``netwk --quiet``; standard output never
carries progress. The bar library (tqdm) is imported only when a bar is drawn, so ``netwk
--help`` and quick commands do not pay for it.

Code that does long work takes an ``on_step(label, done, total)`` callback and calls it as
each step starts (``done`` steps of ``total`` finished); ``progress()`` yields one.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

__all__ = ["DEFAULT_DELAY", "DELAY_ENV", "OnStep", "no_step", "progress", "shows_progress"]

#: Seconds of work before a bar appears (quick commands never flash one).
DEFAULT_DELAY = 1.0
#: Environment variable overriding ``DEFAULT_DELAY`` (tests set it to 0 to see a bar at once).
DELAY_ENV = "NETWK_PROGRESS_DELAY"
#: How often the time shown on a bar is brought up to date while a step lasts.
_TICK = 0.5

_STEPS = "{desc}: {bar} {n_fmt}/{total_fmt} [{elapsed}]"
_ONE_STEP = "{desc}... [{elapsed}]"

OnStep = Callable[[str, int, int], None]


def no_step(label: str, done: int, total: int) -> None:
    """The ``on_step`` that shows nothing (the default of functions that take one)."""


def shows_progress(
    stream: TextIO, *, quiet: bool = False, environ: Mapping[str, str] | None = None
) -> bool:
    """Whether progress is drawn on ``stream``: a terminal, not ``--quiet``, not in CI.

    Examples
    --------
    >>> import io
    >>> shows_progress(io.StringIO())  # a pipe or a file: never
    False
    """
    environ = os.environ if environ is None else environ
    if quiet or environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


@contextmanager
def progress(
    *, quiet: bool = False, stream: TextIO | None = None, delay: float | None = None
) -> Iterator[OnStep]:
    """Yield an ``on_step(label, done, total)`` callback drawing progress on ``stream``.

    Parameters
    ----------
    quiet : bool, default False
        Show nothing (``netwk --quiet``).
    stream : text stream, default ``sys.stderr``
        Where the bar goes; nothing is drawn unless it is a terminal (``shows_progress``).
    delay : float, optional
        Seconds of work before the bar appears; default ``DEFAULT_DELAY`` or the
        ``NETWK_PROGRESS_DELAY`` environment variable.

    Examples
    --------
    >>> import io
    >>> with progress(stream=io.StringIO()) as on_step:
    ...     on_step("reading Interactions", 1, 4)
    """
    stream = sys.stderr if stream is None else stream
    if not shows_progress(stream, quiet=quiet):
        yield no_step
        return
    if delay is None:
        try:
            delay = float(os.environ.get(DELAY_ENV, DEFAULT_DELAY))
        except ValueError:
            delay = DEFAULT_DELAY
    line = _Line(stream, delay)
    try:
        yield line.step
    finally:
        line.close()


def _width(stream: TextIO) -> int:
    """Columns of the terminal behind ``stream`` (80 when it does not say)."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        columns = 0
    return columns or 80


class _Line:
    """One progress line: the latest step, drawn once the work has lasted ``delay`` seconds,
    its time kept current by a small thread, and wiped when a phase ends (``done == total``) so
    that a message printed between phases is not mixed with the bar."""

    def __init__(self, stream: TextIO, delay: float) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._state: tuple[str, int, int] | None = None
        self._bar = None
        self._shown_from = time.monotonic() + delay
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="netwk-progress", daemon=True)
        self._ticker.start()

    def step(self, label: str, done: int, total: int) -> None:
        with self._lock:
            self._state = (label, done, total)
            if self._bar is not None or time.monotonic() >= self._shown_from:
                self._draw()

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            if self._bar is not None:
                self._bar.close()  # leave=False: the line is wiped
                self._bar = None

    def _tick(self) -> None:
        wait = max(0.0, self._shown_from - time.monotonic())
        while not self._stop.wait(wait):
            with self._lock:
                running = self._state is not None and self._state[1] < self._state[2]
                if running and not self._stop.is_set():
                    self._draw()
            wait = _TICK

    def _draw(self) -> None:
        label, done, total = self._state
        shape = _STEPS if total > 1 else _ONE_STEP  # one step: a bar from 0/1 to 1/1 tells nothing
        if self._bar is None:
            from tqdm import tqdm  # only now: a bar is really shown

            class Bar(tqdm):
                # no monitor thread: the ticker keeps the line current, and a thread left
                # running would keep the report from drawing its charts on two cores (forked)
                monitor_interval = 0

            self._bar = Bar(
                total=total,
                desc=label,
                file=self._stream,
                leave=False,
                ncols=_width(self._stream),
                mininterval=0,
                bar_format=shape,
            )
        bar = self._bar
        bar.set_description_str(label, refresh=False)
        bar.bar_format = shape
        if bar.total != total:
            bar.reset(total=total)  # a new phase: its own count and time
        bar.n = min(done, total)
        if total and done >= total:
            bar.clear()  # a phase ended: a clean line for whatever is printed next
        else:
            bar.refresh()
