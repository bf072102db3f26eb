"""Progress on standard error: drawn on a terminal, never on a pipe, in CI or with --quiet;
standard output unchanged.

The CLI runs in a subprocess whose standard error is a pseudo-terminal (``pty.openpty``).
``NETWK_PROGRESS_DELAY=0`` (docs/cli.md, "Progress") shows the bar at once instead of after a
second, so a small workbook is enough. The subprocess runs are marked slow (they run in CI and
with ``--run-slow``).
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import threading

import pytest

from netwk_analysis.presentation.progress import progress, shows_progress
from netwk_analysis.writing.demo import write_demo


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return write_demo(tmp_path_factory.mktemp("progress") / "network.xlsx", contacts=60, seed=3)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NETWK_PROGRESS_DELAY")}
    env.update(extra)
    return env


def _run(args, *, tmp_path, env, terminal: bool) -> tuple[str, bytes]:
    """Run ``netwk args``; return (standard output, what standard error received)."""
    out = tmp_path / "stdout.txt"
    with out.open("wb") as stdout:
        if not terminal:
            done = subprocess.run(
                [sys.executable, "-m", "netwk_analysis", *args],
                stdout=stdout,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                env=env,
                timeout=300,
            )
            return out.read_text(), done.stderr
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # 80 columns
        process = subprocess.Popen(
            [sys.executable, "-m", "netwk_analysis", *args],
            stdout=stdout,
            stderr=slave,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        os.close(slave)
        received = bytearray()
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: every end of the terminal's slave side is closed
                break
            if not chunk:
                break
            received += chunk
        os.close(master)
        process.wait(timeout=300)
    return out.read_text(), bytes(received)


STATS = ["stats", "--as-of", "2026-11-27", "--format", "json"]


@pytest.mark.slow
def test_progress_on_a_terminal_never_on_stdout(book, tmp_path):
    env = _env(NETWK_PROGRESS_DELAY="0")
    out, err = _run([*STATS[:1], str(book), *STATS[1:]], tmp_path=tmp_path, env=env, terminal=True)
    assert b"reading network.xlsx" in err
    assert b"counting outreach per week" in err and b"timing the answers" in err
    assert b"2/3" in err
    piped_out, piped_err = _run(
        [*STATS[:1], str(book), *STATS[1:]], tmp_path=tmp_path, env=env, terminal=False
    )
    assert piped_err == b""  # a pipe: not one byte of progress
    assert json.loads(out) == json.loads(piped_out)  # stdout is the same JSON either way
    assert "reading" not in out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("extra", "flags"),
    [({}, ["--quiet"]), ({}, ["-q"]), ({"CI": "true"}, [])],
    ids=["--quiet", "-q-after-command", "CI=true"],
)
def test_quiet_and_ci_silence_it(book, tmp_path, extra, flags):
    env = _env(NETWK_PROGRESS_DELAY="0", **extra)
    args = ["--quiet", "due", str(book), "--as-of", "2026-11-27", "--format", "json"]
    if flags == ["-q"]:
        args = ["due", str(book), "-q", "--as-of", "2026-11-27", "--format", "json"]
    elif not flags:
        args = args[1:]
    out, err = _run(args, tmp_path=tmp_path, env=env, terminal=True)
    assert b"reading" not in err and b"finding what is due" not in err
    assert isinstance(json.loads(out), list)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_callback_draws_the_phase_and_wipes_it_at_the_end(monkeypatch):
    monkeypatch.delenv("CI", raising=False)  # CI itself runs this test
    screen = _Terminal()
    with progress(stream=screen, delay=0) as on_step:
        on_step("drawing charts", 3, 9)
        assert "drawing charts" in screen.getvalue() and "3/9" in screen.getvalue()
    assert screen.getvalue().endswith("\r")  # the bar's line is wiped when the work ends


def test_a_bar_leaves_no_thread_that_keeps_the_charts_from_two_cores(monkeypatch):
    """tqdm's monitor thread would outlive the bar, and fork is refused while another thread
    runs (presentation/forked.py): the report on a terminal would draw on one core."""
    monkeypatch.delenv("CI", raising=False)
    with progress(stream=_Terminal(), delay=0) as on_step:
        on_step("drawing charts", 1, 11)
    assert "tqdm_monitor" not in {thread.name for thread in threading.enumerate()}


def test_nothing_before_the_delay_and_nothing_off_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    screen = _Terminal()
    with progress(stream=screen, delay=60) as on_step:
        on_step("reading Interactions", 1, 4)
    assert screen.getvalue() == ""
    assert not shows_progress(io.StringIO())
    assert not shows_progress(_Terminal(), quiet=True)
    assert not shows_progress(_Terminal(), environ={"CI": "true"})
    assert shows_progress(_Terminal(), environ={"CI": "false"})


def test_help_imports_neither_the_bar_library_nor_pandas():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "netwk_analysis", "--help"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert done.returncode == 0 and "usage: netwk" in done.stdout
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert "netwk_analysis.cli" in imported
    assert not {"tqdm", "pandas", "importlib.metadata"} & imported


@pytest.mark.slow
def test_demo_names_its_phases(tmp_path):
    target = tmp_path / "try.xlsx"
    env = _env(NETWK_PROGRESS_DELAY="0")
    out, err = _run(
        ["demo", str(target), "--contacts", "30"], tmp_path=tmp_path, env=env, terminal=True
    )
    assert b"inventing 30 people" in err and b"writing try.xlsx" in err
    assert out.startswith(f"wrote {target} (30 synthetic contacts")
