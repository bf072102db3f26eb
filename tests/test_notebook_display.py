"""A loaded network shows itself in a few lines (repr) and as a compact, escaped HTML summary
in a notebook; the frames a notebook user meets print dates as dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from netwk_analysis.analyses import followups, metrics
from netwk_analysis.reading.load import load_network

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_network.xlsx"


@pytest.fixture(scope="module")
def broken(write_workbook, tmp_path_factory):
    """One contact; Interactions!B2 names an unknown '<script>' person, Interactions!A3 has
    no date; one setting changed."""
    path = write_workbook(
        tmp_path_factory.mktemp("display") / "broken.xlsx",
        contacts=[["Ann Lee", "Acme & Co", None, "known", "active", dt.date(2026, 3, 2)]],
        interactions=[
            [dt.date(2026, 3, 3), "<script>alert(1)</script>", "request", "email", None],
            ["not a date", "Ann Lee", "request", "email", None],
            [dt.date(2026, 3, 4), "Ann Lee", "request", "email", None],
        ],
        settings={"thank_you_days": 2, "as_of": dt.date(2026, 3, 6)},
    )
    return load_network(path)


@pytest.mark.skipif(not SAMPLE.exists(), reason="data/sample_network.xlsx not generated yet")
def test_repr_of_the_sample_is_a_few_lines(sample_network):
    network = sample_network
    text = repr(network)
    assert len(text.splitlines()) < 10
    assert text.splitlines()[0] == (
        f"Network: {SAMPLE}, as of Fri 27 Nov 2026 (the as_of setting)"
    )
    assert f"Contacts: {len(network.contacts)} rows" in text
    assert "problems: 0 errors, 0 warnings" in text


def test_repr_of_a_broken_workbook(broken):
    assert repr(broken).splitlines()[1:] == [
        "  Contacts: 1 row, Interactions: 1 row, Leads: 0 rows",
        "  problems: 2 errors, 0 warnings",
        "  settings: thank_you_days=2",
    ]


def test_html_lists_the_problem_cells_escaped(broken):
    html = broken._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<td>Interactions!B2</td>" in html and "<td>Interactions!A3</td>" in html
    assert "Problems: 2 errors, 0 warnings" in html
    assert "<td>thank_you_days</td><td>2</td>" in html  # differs from the default 1
    assert "as of Fri 6 Mar 2026" in html
    assert "Acme &amp; Co" in html  # first rows of Contacts, escaped
    assert "<td>2026-03-04</td>" in html and "00:00:00" not in html  # dates as dates


@pytest.mark.skipif(not SAMPLE.exists(), reason="data/sample_network.xlsx not generated yet")
def test_due_list_and_weekly_stats_print_dates_as_dates(sample_network):
    network = sample_network
    as_of = network.as_of()
    due = followups.due_items(network, as_of=as_of)
    weekly = metrics.weekly_outreach(network, as_of=as_of)
    for frame, column in ((due, "due_on"), (weekly, "week")):
        assert pd.api.types.is_datetime64_any_dtype(frame[column])
        shown = frame.to_string() + frame.to_html()
        assert "00:00:00" not in shown and "Timestamp" not in shown
    assert "2026-11-23" in weekly.to_string()  # the last week, as a date
