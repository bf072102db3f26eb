"""The charts drawn on two cores (presentation/forked.py, docs/report.md "Speed"): the same files
as drawn one by one, in the same order, with the child always reaped and a serial fallback."""

from __future__ import annotations

import os
import threading
import time

import pytest

from netwk_analysis.cli import main
from netwk_analysis.presentation import forked
from netwk_analysis.presentation.page import collect
from netwk_analysis.presentation.report import CHARTS, draw_charts
from netwk_analysis.reading.load import load_network


def _needs_fork() -> None:
    """Checked when the test runs: a thread left by an earlier test (a download) rules fork out."""
    if not forked.can_fork():
        threads = ", ".join(thread.name for thread in threading.enumerate())
        pytest.skip(f"fork is not used here (not Linux, one CPU, or other threads: {threads})")


def _slow_pid(item: int) -> tuple[int, int]:
    time.sleep(0.1)  # long enough that the child surely takes some items
    return item, os.getpid()


def _reaped(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # succeeds on a zombie too: only a reaped child is gone
    except ProcessLookupError:
        return True
    return False


def test_the_child_shares_the_items_and_is_reaped():
    _needs_fork()
    steps = []
    results = forked.map_forked(
        _slow_pid,
        list(range(8)),
        order=[7, 6, 5, 4, 3, 2, 1, 0],
        on_done=lambda d, t: steps.append((d, t)),
    )
    assert [item for item, _ in results] == list(range(8))
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2
    (child,) = pids - {os.getpid()}
    assert _reaped(child)
    assert [done for done, _ in steps] == list(range(1, 9)) and {t for _, t in steps} == {8}


def test_items_a_failed_child_took_are_drawn_here():
    _needs_fork()
    parent = os.getpid()

    def fails_in_child(item):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        time.sleep(0.05)
        return item * 10

    assert forked.map_forked(fails_in_child, list(range(6))) == [0, 10, 20, 30, 40, 50]


@pytest.mark.parametrize("way", ["env", "no fork", "not linux"])
def test_serial_where_fork_is_unavailable(monkeypatch, way):
    if way == "env":
        monkeypatch.setenv(forked.SERIAL_ENV, "1")
    elif way == "no fork":
        monkeypatch.delattr(os, "fork", raising=False)
    else:
        monkeypatch.setattr(forked.sys, "platform", "win32")
    assert not forked.can_fork()
    results = forked.map_forked(_slow_pid, [0, 1, 2])
    assert results == [(0, os.getpid()), (1, os.getpid()), (2, os.getpid())]


def test_forked_charts_are_byte_identical_to_serial(tmp_path, monkeypatch, capsys):
    book = tmp_path / "demo.xlsx"
    assert main(["demo", str(book), "--contacts", "120", "--seed", "3"]) == 0
    network = load_network(book)
    data = collect(network, as_of=network.as_of())
    drawn = draw_charts(data)
    monkeypatch.setenv(forked.SERIAL_ENV, "1")
    serial = draw_charts(data)
    assert list(drawn) == [chart.name for chart in CHARTS]
    assert drawn == serial


@pytest.mark.slow  # draws every chart twice (~4 s); CI runs it
def test_the_chart_canvas_writes_what_matplotlibs_own_svg_canvas_writes(
    sample_network, monkeypatch
):
    """page.chart_svg saves through its own SVG canvas (text sizes and font heights cached,
    no mixed-mode wrapper: docs/report.md, "Speed"); every chart of the page must come out
    byte for byte as matplotlib's own ``FigureCanvasSVG`` writes it."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    from netwk_analysis.presentation import page

    data = page.collect(sample_network, as_of=sample_network.as_of())
    ours = {chart.name: page.chart_svg(chart, data) for chart in page.CHARTS}
    monkeypatch.setattr(page, "_svg_canvas", lambda: FigureCanvasSVG)
    theirs = {chart.name: page.chart_svg(chart, data) for chart in page.CHARTS}
    assert [name for name in ours if ours[name] != theirs[name]] == []
