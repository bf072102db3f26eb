"""Build small workbooks in tests: real files written with openpyxl (or pandas' odf writer)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

CONTACT_HEADER = ["Name", "Company", "Referred By", "Source", "Status", "Added On"]
INTERACTION_HEADER = ["Date", "Contact", "Type", "Channel", "Duration (min)"]
LEAD_HEADER = ["Date", "Contact", "Company", "Role", "Stage"]


def write_workbook(
    path: Path,
    *,
    contacts: list[list] | None = None,
    interactions: list[list] | None = None,
    leads: list[list] | None = None,
    settings: dict[str, object] | None = None,
    headers: dict[str, list[str]] | None = None,
) -> Path:
    """Write an .xlsx with the given rows under the default (or given) headers."""
    headers = headers or {}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    sheet.append(headers.get("Contacts", CONTACT_HEADER))
    for row in contacts or []:
        sheet.append(row)
    for title, rows, header in (
        ("Interactions", interactions, INTERACTION_HEADER),
        ("Leads", leads, LEAD_HEADER),
    ):
        if rows is not None:
            sheet = book.create_sheet(title)
            sheet.append(headers.get(title, header))
            for row in rows:
                sheet.append(row)
    if settings is not None:
        sheet = book.create_sheet("Settings")
        sheet.append(["Key", "Value"])
        for key, value in settings.items():
            sheet.append([key, value])
    book.save(path)
    return path
