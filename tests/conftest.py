"""Shared test set-up: the slow-test rule, the one builder of real workbooks (openpyxl) with
its short forms, and the sample report drawn once per session.

Slow tests (``@pytest.mark.slow``: a full-disk report, zip bombs, whole-notebook runs, child
processes, the browser) run in CI (where ``CI`` is set) and with ``--run-slow``; a plain
``python -m pytest`` skips them. Likewise the property tests (hypothesis) draw the example
count each names in CI and with ``--run-slow`` (the "ci" profile), a third of it in a plain run
(the "dev" profile); see ``examples`` in the modules that use it.

Tests take the builders as fixtures (``write_workbook``, ``write_book``, ``load``, ``due_book``);
no test module imports another.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_network.xlsx"

CONTACT_HEADER = ["Name", "Company", "Referred By", "Source", "Status", "Added On"]
INTERACTION_HEADER = ["Date", "Contact", "Type", "Channel", "Duration (min)"]
LEAD_HEADER = ["Date", "Contact", "Company", "Role", "Stage"]
SETTINGS_HEADER = ["Key", "Value"]


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow")


def _full_run(config) -> bool:
    """CI (``CI`` set) or ``--run-slow``: every test, every example."""
    return bool(config.getoption("--run-slow") or os.environ.get("CI"))


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a test of many seconds, run in CI and --run-slow")
    from hypothesis import settings

    # A property test asks for ``examples(n)``: n * max_examples / 100, so n in the "ci" profile
    # (hypothesis's own default of 100) and a third of n in the "dev" one.
    settings.register_profile("ci", max_examples=100)
    settings.register_profile("dev", max_examples=34)
    settings.load_profile("ci" if _full_run(config) else "dev")


def pytest_collection_modifyitems(config, items):
    if _full_run(config):
        return
    skip = pytest.mark.skip(reason="slow: runs in CI (CI=true) or with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# --- the one workbook builder ------------------------------------------------------------------


def _iso_day(value):
    """``"2026-03-02"`` becomes a real date cell; anything else is kept."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date.fromisoformat(value)
    return value


def _write_workbook(
    path: Path,
    *,
    contacts=None,
    interactions=None,
    leads=None,
    settings: dict[str, object] | None = None,
    headers: dict[str, list[str]] | None = None,
    sheets: dict[str, list] | None = None,
    iso_dates: bool = False,
    text_formulas: bool = False,
) -> Path:
    """Write a real .xlsx (openpyxl) with the given rows under the default (or given) headers.

    A Contacts sheet is always written; Interactions, Leads and Settings only when given (an
    empty list or dict writes the sheet with its header only), then any other ``sheets``
    (title -> rows, under ``headers[title]``). A row is a list of cells in
    header order, or a dict keyed by header names (missing keys are blank cells). With
    ``iso_dates`` ISO text dates in the data sheets become real dates; with ``text_formulas``
    text starting with ``=`` is stored as text, as a spreadsheet does when a user types
    ``'=...``, rather than as a formula.
    """
    headers = headers or {}
    book = openpyxl.Workbook()
    first = True
    for title, rows, header in (
        ("Contacts", contacts or [], CONTACT_HEADER),
        ("Interactions", interactions, INTERACTION_HEADER),
        ("Leads", leads, LEAD_HEADER),
        ("Settings", None if settings is None else list(settings.items()), SETTINGS_HEADER),
        *((title, rows, headers[title]) for title, rows in (sheets or {}).items()),
    ):
        if rows is None:
            continue
        header = headers.get(title, header)
        sheet = book.active if first else book.create_sheet(title)
        sheet.title = title
        first = False
        sheet.append(header)
        for row in rows:
            cells = [row.get(key) for key in header] if isinstance(row, dict) else list(row)
            if iso_dates and title in ("Contacts", "Interactions", "Leads"):
                cells = [_iso_day(cell) for cell in cells]
            sheet.append(cells)
            if text_formulas:
                for cell in sheet[sheet.max_row]:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"
    book.save(path)
    return path


@pytest.fixture(scope="session")
def write_workbook():
    """The workbook builder: ``write_workbook(path, contacts=[[...]], interactions=...,
    leads=..., settings={...}, headers={...}, sheets={...}, iso_dates=False,
    text_formulas=False) -> path``."""
    return _write_workbook


# The short form used by the due-item and metrics tests: contacts as dicts of these keys,
# interactions as (date, contact, type[, channel[, duration_min]]), leads as
# (date, contact, company, stage), ISO text dates as real dates, no Settings sheet when empty.
CONTACT_KEYS = [
    "name",
    "company",
    "referred_by",
    "may_use_name",
    "added_on",
    "status",
    "contacted_on",
    "interviewed_on",
    "thank_you_on",
]
SHORT_HEADERS = {
    "Contacts": CONTACT_KEYS,
    "Leads": ["Date", "Contact", "Company", "Stage"],
    "Settings": ["key", "value"],
}


def _write_book(path: Path, *, contacts, interactions=(), leads=None, settings=None) -> Path:
    return _write_workbook(
        path,
        contacts=contacts,
        interactions=interactions,
        leads=leads,
        settings=settings or None,
        headers=SHORT_HEADERS,
        iso_dates=True,
    )


@pytest.fixture(scope="session")
def write_book():
    """The short form of the builder: ``write_book(path, contacts=[{"name": ...}], ...)``."""
    return _write_book


@pytest.fixture
def load(tmp_path, write_book):
    """``load(contacts=..., interactions=..., ...)``: write ``network.xlsx`` in ``tmp_path`` with
    the short form and load it; the workbook must load without errors."""
    from netwk_analysis.reading.load import load_network

    def load(**book):
        network = load_network(write_book(tmp_path / "network.xlsx", **book))
        assert not network.errors, network.errors
        return network

    return load


# --- the metrics workbook, used by the metrics tests and by `netwk stats` -----------------------


@pytest.fixture(scope="session")
def metrics_rows() -> dict[str, list]:
    """The hand-worked metrics workbook of tests/test_metrics.py (its docstring gives the
    story), as ``write_book`` keyword arguments."""
    people = [
        {"name": "Ann", "company": "Acme", "added_on": "2026-02-20"},
        {"name": "Hank", "company": "acme ", "added_on": "2026-02-20"},
        {"name": "Ben", "company": "Bolt", "added_on": "2026-02-20"},
        {"name": "Cal", "company": "Bolt", "added_on": "2026-02-20"},
        {"name": "Dee", "added_on": "2026-02-20"},
        {"name": "Eve", "company": "Cove", "added_on": "2026-02-20"},
        {"name": "Fay", "company": "Cove", "added_on": "2026-02-20"},
        {"name": "Gil", "added_on": "2026-02-20"},
        {"name": "Kim", "referred_by": "Ann", "added_on": "2026-02-27", "company": "Acme"},
        {"name": "Lee", "referred_by": "Ann", "added_on": "2026-03-13"},
        {"name": "Moe", "referred_by": "Ann", "added_on": "2026-03-14"},
        {"name": "Nia", "referred_by": "Ann", "added_on": "2026-03-25"},
    ]
    acts = [
        ("2026-02-23", "Ann", "request", "email"),
        ("2026-02-24", "Hank", "request", "linkedin"),
        ("2026-02-25", "Ann", "reply", "email"),
        ("2026-02-27", "Ann", "interview", "video", 25),
        ("2026-03-03", "Hank", "reply"),
        ("2026-03-09", "Ben", "request", "email"),
        ("2026-03-10", "Cal", "request", "email"),
        ("2026-03-11", "Dee", "follow_up", "email"),
        ("2026-03-16", "Eve", "request", "email"),
        ("2026-03-16", "Ann", "request"),
        ("2026-03-18", "Eve", "reply"),
        ("2026-03-18", "Fay", "request", "linkedin"),
        ("2026-03-19", "Hank", "interview", "phone", 45),
        ("2026-03-20", "Gil", "request", "email"),
        ("2026-03-23", "Fay", "reply"),
        ("2026-03-25", "Ann", "request"),
    ]
    leads = [("2026-03-19", "Hank", None, "lead"), ("2026-04-01", "Ann", "Acme", "lead")]
    return {"contacts": people, "interactions": acts, "leads": leads}


# --- the due-items workbook, used by `netwk due` tests ------------------------------------------

DUE_PEOPLE = [
    {"name": "Ben Carter", "company": "Acme", "added_on": "2026-03-01"},
    {"name": "Dana Ruiz", "company": "ACME", "added_on": "2026-03-01"},
    {"name": "Eli Stone", "company": "Zinc", "added_on": "2026-03-01"},
    {"name": "Ann Lee", "referred_by": "Ben Carter", "added_on": "2026-03-05"},
    {"name": "Cy Ode", "company": "Acme", "status": "closed"},
]
DUE_ACTS = [
    ("2026-03-06", "Ben Carter", "request"),
    ("2026-03-09", "Eli Stone", "interview"),
    ("2026-03-02", "Cy Ode", "request"),
]
# As of Thu 12 Mar 2026: Eli's thank-you was due Tue 10 Mar (interview + 1 day), Ben's move_on
# Wed 11 Mar (Fri 6 Mar + 3 business days), Ann's first contact Thu 12 Mar (5 Mar + 7 days).
# Ben's follow_up (Tue 17 Mar) and Eli's check-in (8 Apr) are not due; Cy is closed.
EXPECTED_DUE = [
    {
        "contact": "Eli Stone",
        "kind": "thank_you",
        "due_on": "2026-03-10",
        "days_overdue": 2,
        "action": "Send Eli Stone a thank-you note for the interview on Mon 9 Mar",
    },
    {
        "contact": "Ben Carter",
        "kind": "move_on",
        "due_on": "2026-03-11",
        "days_overdue": 1,
        "action": "No answer from Ben Carter since Fri 6 Mar: ask someone else at Acme "
        "(Dana Ruiz)",
    },
    {
        "contact": "Ann Lee",
        "kind": "first_contact",
        "due_on": "2026-03-12",
        "days_overdue": 0,
        "action": "Contact Ann Lee, the name Ben Carter gave you on Thu 5 Mar",
    },
]


@pytest.fixture(scope="session")
def expected_due() -> list[dict]:
    """The due items of the ``due_book`` workbook as of Thu 12 Mar 2026, worked out by hand."""
    return EXPECTED_DUE


@pytest.fixture
def due_book(tmp_path, write_book):
    """``due_book(extra=(), settings=None)``: write ``due.xlsx`` in ``tmp_path`` (people
    DUE_PEOPLE, interactions DUE_ACTS plus ``extra``)."""

    def due_book(extra=(), settings=None):
        return write_book(
            tmp_path / "due.xlsx",
            contacts=DUE_PEOPLE,
            interactions=[*DUE_ACTS, *extra],
            settings=settings,
        )

    return due_book


# --- expensive inputs, made once per session (tests copy them, never change them) ---------------


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> Path:
    """The report of data/sample_network.xlsx as of Fri 30 Oct 2026, drawn once with
    ``netwk report``; a test that changes a report copies this folder first."""
    from netwk_analysis.cli import main

    if not SAMPLE.exists():
        pytest.skip("data/sample_network.xlsx not generated yet")
    folder = tmp_path_factory.mktemp("sample_report")
    book = folder / SAMPLE.name
    shutil.copy2(SAMPLE, book)
    out = folder / "report"
    assert main(["report", str(book), "--out", str(out), "--as-of", "2026-10-30"]) == 0
    return out


def _frames_digest(network) -> list[int]:
    """A digest of every frame of ``network``: equal digests, unchanged frames."""
    import pandas as pd

    frames = (network.contacts, network.interactions, network.leads, network.targets)
    return [int(pd.util.hash_pandas_object(frame).sum()) for frame in frames]


@pytest.fixture(scope="session")
def sample_network():
    """data/sample_network.xlsx loaded once per session, for the tests that only analyse it;
    at the end of the session its frames must be as loaded (no test may change them)."""
    from netwk_analysis.reading.load import load_network

    if not SAMPLE.exists():
        pytest.skip("data/sample_network.xlsx not generated yet")
    network = load_network(SAMPLE)
    digest = _frames_digest(network)
    yield network
    assert _frames_digest(network) == digest, "a test changed the shared sample network"
