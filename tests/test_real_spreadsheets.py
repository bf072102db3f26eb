"""Spreadsheets as people keep them (docs/workbook.md, "Reading spreadsheets as people keep
them"): one snapshot, headers found and matched by alias, one-sheet trackers, tables, far cells,
CSV dialects. Every input is built here, in code."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest

from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading.load import load_network
from netwk_analysis.reading.snapshot import Snapshot, take_snapshot

AS_OF = dt.date(2026, 3, 31)


def _book(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write an .xlsx whose sheets hold ``rows`` from A1 down."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _problems(network) -> list[str]:
    return [str(p) for p in network.problems]


# --- one snapshot ------------------------------------------------------------------------------


def test_a_file_replaced_after_the_snapshot_still_loads_the_old_workbook(tmp_path):
    path = _book(tmp_path / "network.xlsx", {"Contacts": [["Name"], ["Ann Lee"], ["Bo Chen"]]})
    snapshot = take_snapshot(path)
    other = _book(tmp_path / "other.xlsx", {"Contacts": [["Name"], ["Cy Diaz"]]})
    os.replace(other, path)
    network = load_network(snapshot, as_of=AS_OF)
    assert network.contacts["name"].tolist() == ["Ann Lee", "Bo Chen"]
    assert network.path == path
    assert load_network(path, as_of=AS_OF).contacts["name"].tolist() == ["Cy Diaz"]


def test_on_step_is_told_each_sheet_read(tmp_path):
    path = _book(
        tmp_path / "network.xlsx",
        {
            "Contacts": [["Name"], ["Ann Lee"]],
            "Notes": [["anything"]],
            "Interactions": [
                ["Date", "Contact", "Type"],
                [dt.date(2026, 3, 2), "Ann Lee", "request"],
            ],
        },
    )
    steps = []
    load_network(path, as_of=AS_OF, on_step=lambda *step: steps.append(step))
    assert steps == [("reading Contacts", 1, 2), ("reading Interactions", 2, 2)]


def test_messages_name_the_snapshot_not_a_temporary_file(tmp_path):

    with pytest.raises(UnreadableWorkbook, match=r"^my network\.xlsx is empty"):
        load_network(Snapshot("my network.xlsx", b"", ".xlsx"))
