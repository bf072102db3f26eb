"""Per-contact cadence (``check_in_days``) and reach (docs/metrics.md, "Reach"), on small
hand-built workbooks, plus the two new charts."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from netwk_analysis.analyses.followups import due_items  # noqa: E402
from netwk_analysis.analyses.reach import REACH_COLUMNS, reach  # noqa: E402
from netwk_analysis.analyses.timing import reply_curves  # noqa: E402
from netwk_analysis.presentation.plots import (  # noqa: E402
    plot_reach,
    plot_reply_timing,
    plot_response_rate,
)
from netwk_analysis.reading.load import load_network  # noqa: E402


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def cadence_workbook(write_workbook, path: Path, contacts_header, contacts, interactions) -> Path:
    """Contacts under ``contacts_header``; interactions as ``(ISO date, contact, type)``."""
    return write_workbook(
        path,
        contacts=contacts,
        interactions=interactions,
        headers={"Contacts": contacts_header, "Interactions": ["Date", "Contact", "Type"]},
        iso_dates=True,
    )


# --- check_in_days ------------------------------------------------------------------------


def cadence_book(write_workbook, tmp_path: Path) -> Path:
    # Ann and Ben interviewed Mon 2 Mar 2026, thank-you the same day. Ann wants a check-in
    # every 14 days: due Mon 16 Mar. Ben has none: tickler_days 30 -> Wed 1 Apr.
    return cadence_workbook(
        write_workbook,
        tmp_path / "cadence.xlsx",
        ["Name", "Check In Days"],
        [("Ann", 14), ("Ben", None)],
        [
            ("2026-03-02", "Ann", "interview"),
            ("2026-03-02", "Ann", "thank_you"),
            ("2026-03-02", "Ben", "interview"),
            ("2026-03-02", "Ben", "thank_you"),
        ],
    )


def test_check_in_days_overrides_tickler_days(write_workbook, tmp_path):
    network = load_network(cadence_book(write_workbook, tmp_path))
    assert network.errors == ()
    rows = due_items(network, as_of=dt.date(2026, 3, 16))[["contact", "kind", "due_on"]]
    assert rows.astype(str).values.tolist() == [["Ann", "check_in", "2026-03-16"]]
    later = due_items(network, as_of=dt.date(2026, 4, 1))
    assert later[["contact", "days_overdue"]].values.tolist() == [["Ann", 16], ["Ben", 0]]


def test_check_in_days_must_be_whole_days(write_workbook, tmp_path):
    path = cadence_workbook(
        write_workbook,
        tmp_path / "bad.xlsx",
        ["Name", "Check In Days"],
        [("Ann", 0), ("Ben", 7.5), ("Cy", "soon")],
        [],
    )
    assert [str(p) for p in load_network(path).errors] == [
        "Contacts!B2: '0' in check_in_days is not a whole number of days (1 or more)",
        "Contacts!B3: '7.5' in check_in_days is not a whole number of days (1 or more)",
        "Contacts!B4: 'soon' in check_in_days is not a whole number of days (1 or more)",
    ]


# --- reach --------------------------------------------------------------------------------


@pytest.fixture()
def reach_network(write_workbook, tmp_path):
    # Kim (known, depth 0) gave Lou's name (depth 1), Lou gave Max's (depth 2); Ned is cold
    # (depth 0), Oz known. January: Kim -> 1 interview, 0 new, level 0. February: none.
    # March: Kim again (known), Lou, Ned -> 3, 2 new (2/3), deepest 1. April (as of 15 Apr):
    # Max, Oz, Lou -> 3, 2 new, deepest 2; Max on 20 Apr is after the as-of day.
    path = cadence_workbook(
        write_workbook,
        tmp_path / "reach.xlsx",
        ["Name", "Referred By", "Source"],
        [
            ("Kim", None, "known"),
            ("Lou", "Kim", None),
            ("Max", "Lou", None),
            ("Ned", None, "cold"),
            ("Oz", None, None),
        ],
        [
            ("2026-01-15", "Kim", "interview"),
            ("2026-03-02", "Kim", "interview"),
            ("2026-03-10", "Lou", "interview"),
            ("2026-03-20", "Ned", "interview"),
            ("2026-04-06", "Max", "interview"),
            ("2026-04-08", "Oz", "interview"),
            ("2026-04-09", "Lou", "interview"),
            ("2026-04-20", "Max", "interview"),
        ],
    )
    return load_network(path, as_of=dt.date(2026, 4, 15))


def test_reach_per_month_worked_by_hand(reach_network):
    table = reach(reach_network, as_of=dt.date(2026, 4, 15))
    assert list(table.columns) == REACH_COLUMNS
    assert table["month"].dt.strftime("%Y-%m").tolist() == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
    ]
    assert table["interviews"].tolist() == [1, 0, 3, 3]
    assert table["new_people"].tolist() == [0, 0, 2, 2]
    share = table["share_new"].tolist()
    assert (
        share[0] == 0
        and math.isnan(share[1])
        and round(share[2], 3) == round(share[3], 3) == 0.667
    )
    assert table["deepest_level"].tolist() == [0, pd.NA, 1, 2]


def test_reach_without_interviews_is_empty(write_workbook, tmp_path):
    network = load_network(
        cadence_workbook(write_workbook, tmp_path / "none.xlsx", ["Name"], [("Ann",)], [])
    )
    table = reach(network, as_of=dt.date(2026, 4, 15))
    assert table.empty and list(table.columns) == REACH_COLUMNS


# --- the charts ---------------------------------------------------------------------------


@pytest.fixture()
def ax():
    figure, axes = plt.subplots()
    yield axes
    plt.close(figure)


def test_plot_reach_bars_and_labels(reach_network, ax):
    assert plot_reach(reach(reach_network, as_of=dt.date(2026, 4, 15)), ax=ax) is ax
    heights = [round(p.get_height(), 1) for p in ax.patches]
    assert heights == [0.0, 0.0, 66.7, 66.7]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["0 of 1\nlevel 0", "none", "2 of 3\nlevel 1", "2 of 3\nlevel 2"]
    assert ax.get_title(loc="left") == "Reach: interviews with people new to you"


def test_plot_reach_empty(ax):
    plot_reach(pd.DataFrame(columns=REACH_COLUMNS), ax=ax)
    assert [t.get_text() for t in ax.texts] == ["no interviews yet"]


def test_plot_reply_timing_marks_move_on_and_follow_up(write_workbook, tmp_path, ax):
    path = cadence_workbook(
        write_workbook,
        tmp_path / "t.xlsx",
        ["Name"],
        [("Ann",), ("Ben",)],
        [
            ("2026-03-02", "Ann", "request"),
            ("2026-03-04", "Ann", "reply"),
            ("2026-03-02", "Ben", "request"),
        ],
    )
    network = load_network(path)
    curves = reply_curves(network, as_of=dt.date(2026, 3, 13))
    plot_reply_timing(curves, move_on_days=3, follow_up_days=7, ax=ax)
    assert ax.get_title(loc="left") == "How long do answers take?"
    assert [t.get_text() for t in ax.texts] == [" move on (day 3)", " follow up (day 7)"]
    lines = [line for line in ax.get_lines() if line.get_label() == "all (2 requests)"]
    # Ann answered on day 2 of 2 waiting: 50% from day 2 on; Ben censored at day 9; the
    # line runs on to day 10
    assert list(lines[0].get_xdata()) == [0.0, 2.0, 9.0, 10.0]
    assert list(lines[0].get_ydata()) == [0.0, 50.0, 50.0, 50.0]
    assert ax.get_xlim() == (0.0, 10.0)  # follow-up day + 3


def test_plot_reply_timing_empty(ax):
    plot_reply_timing(pd.DataFrame(), move_on_days=3, follow_up_days=7, ax=ax)
    assert [t.get_text() for t in ax.texts] == ["no requests yet"]


def test_response_rate_error_bars_are_the_wilson_interval(ax):
    weekly = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-03-02", "2026-03-09"]),
            "requests": [10, 1],
            "answered": [5, 1],
            "pending": [0, 0],
            "response_rate": [0.5, 1.0],
            "response_rate_low": [0.2366, 0.2065],
            "response_rate_high": [0.7634, 1.0],
        }
    )
    plot_response_rate(weekly, ax=ax)
    rate_ax = [other for other in ax.figure.axes if other is not ax][0]
    bars = [c for c in rate_ax.containers if c.get_label() == "95% interval (Wilson)"]
    assert len(bars) == 1
    _, _, (vertical,) = bars[0].lines
    segments = vertical.get_segments()
    assert [round(s[0][1], 2) for s in segments] == [23.66, 20.65]
    assert [round(s[1][1], 2) for s in segments] == [76.34, 100.0]
