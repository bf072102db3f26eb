"""Spreadsheets as people keep them (docs/workbook.md, "Reading spreadsheets as people keep
them"): one snapshot, headers found and matched by alias, one-sheet trackers, tables, far cells,
CSV dialects. Every input is built here, in code."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from netwk_analysis.core import schema
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


# --- header row, aliases, first + last name ---------------------------------------------------


def test_title_rows_above_the_header_are_skipped_and_cells_keep_their_numbers(tmp_path):
    path = _book(
        tmp_path / "tracker.xlsx",
        {
            "Contacts": [
                ["My networking tracker"],
                [],
                ["Updated weekly", None, "by me"],
                ["Full Name", "Employer", "Referrer", "Date Contacted"],
                ["Ann Lee", "Acme", None, dt.date(2026, 3, 2)],
                ["Bo Chen", "Beta", "Ann Leee", dt.date(2026, 3, 3)],
            ]
        },
    )
    network = load_network(path, as_of=AS_OF)
    assert network.contacts["name"].tolist() == ["Ann Lee", "Bo Chen"]
    assert network.contacts["company"].tolist() == ["Acme", "Beta"]
    assert network.contacts["row"].tolist() == [5, 6]
    assert _problems(network) == [
        "Contacts!C6: unknown contact 'Ann Leee' in referred_by; did you mean 'Ann Lee'?"
    ]
    assert network.interactions["type"].tolist() == ["request", "request"]


def test_one_sheet_tracker_with_progress_dates_reads_every_step(tmp_path):
    path = _book(
        tmp_path / "tracker.xlsx",
        {
            "Tracker": [
                [
                    "Name",
                    "Company",
                    "Date Contacted",
                    "Date Replied",
                    "Informational Interview",
                    "Thank You Sent",
                    "Referrer",
                ],
                [
                    "Ann Lee",
                    "Acme",
                    dt.date(2026, 3, 2),
                    dt.date(2026, 3, 3),
                    dt.date(2026, 3, 9),
                    dt.date(2026, 3, 10),
                    None,
                ],
                ["Bo Chen", "Beta", dt.date(2026, 3, 11), None, None, None, "Ann Lee"],
            ]
        },
    )
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == []
    assert network.contacts["referred_by"].tolist() == [pd.NA, "Ann Lee"]
    events = network.interactions
    assert list(zip(events["contact"], events["type"], strict=True)) == [
        ("Ann Lee", "request"),
        ("Ann Lee", "reply"),
        ("Ann Lee", "interview"),
        ("Ann Lee", "thank_you"),
        ("Bo Chen", "request"),
    ]


def test_every_alias_in_the_schema_is_read_as_its_column(tmp_path):
    for sheet, aliases in schema.HEADER_ALIASES.items():
        for column, names in aliases.items():
            for alias in names:
                key = schema.match_key(alias)
                columns = [c.name for c in schema.SHEET_COLUMNS[sheet]]
                # no alias is another column's own name
                assert key not in {schema.match_key(c) for c in columns if c != column}, alias
    path = _book(
        tmp_path / "aliases.xlsx",
        {
            "Contacts": [
                [
                    "Contact Name",
                    "Organisation",
                    "Job Title",
                    "E-mail",
                    "Profile URL",
                    "Introduced By",
                    "Name Received",
                    "Outreach Date",
                    "Response Date",
                    "Coffee Chat",
                    "Thank You Note",
                ],
                [
                    "Ann Lee",
                    "Acme",
                    "Analyst",
                    "ann@acme.example",
                    "https://x.example/ann",
                    None,
                    dt.date(2026, 3, 1),
                    dt.date(2026, 3, 2),
                    dt.date(2026, 3, 3),
                    dt.date(2026, 3, 4),
                    dt.date(2026, 3, 5),
                ],
            ],
            "Interactions": [
                ["Date", "With", "Activity"],
                [dt.date(2026, 3, 20), "Ann Lee", "check in"],
            ],
        },
    )
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == []
    row = network.contacts.iloc[0]
    assert (row["company"], row["role"], row["email"], row["linkedin"]) == (
        "Acme",
        "Analyst",
        "ann@acme.example",
        "https://x.example/ann",
    )
    assert row["added_on"] == pd.Timestamp(2026, 3, 1)
    assert network.interactions["type"].tolist() == [
        "request",
        "reply",
        "interview",
        "thank_you",
        "check_in",
    ]


def test_first_and_last_name_make_the_name(tmp_path):
    path = _book(
        tmp_path / "names.xlsx",
        {
            "Contacts": [
                ["First Name", "Last Name", "Company"],
                ["Ann", "Lee", "Acme"],
                ["Bo", None, "Beta"],
                [None, None, "Nobody Inc"],
            ]
        },
    )
    network = load_network(path, as_of=AS_OF)
    assert network.contacts["name"].tolist() == ["Ann Lee", "Bo"]
    assert _problems(network) == ["Contacts!A4: name is empty"]


def test_linkedin_connections_csv_with_note_lines_reads_as_contacts(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "Notes:\n"
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."\n'
        "\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,https://www.linkedin.com/in/ann,,Acme,Analyst,2026-03-02\n"
        "Bo,Chen,https://www.linkedin.com/in/bo,bo@beta.example,Beta,Manager,2026-03-03\n",
        encoding="utf-8",
    )
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == []
    contacts = network.contacts
    assert contacts["name"].tolist() == ["Ann Lee", "Bo Chen"]
    assert contacts["role"].tolist() == ["Analyst", "Manager"]
    assert contacts["linkedin"].tolist() == [
        "https://www.linkedin.com/in/ann",
        "https://www.linkedin.com/in/bo",
    ]
    assert contacts["added_on"].tolist() == [pd.Timestamp(2026, 3, 2), pd.Timestamp(2026, 3, 3)]
    assert contacts["row"].tolist() == [5, 6]


# --- Columns sheet -----------------------------------------------------------------------------


def test_columns_sheet_maps_headers_and_wins_over_aliases(tmp_path):
    path = _book(
        tmp_path / "mapped.xlsx",
        {
            "Contacts": [
                ["Who", "Title", "Job", "Date Reached"],
                ["Ann Lee", "Ms", "Analyst", dt.date(2026, 3, 2)],
            ],
            "Columns": [
                ["Sheet", "Column", "Means"],
                ["Contacts", "Who", "name"],
                ["contacts", "Job", "role"],
                ["Contacts", "Date Reached", "contacted on"],
                ["Contacts", "Title", "notes"],
            ],
        },
    )
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == []
    row = network.contacts.iloc[0]
    assert (row["name"], row["role"], row["notes"]) == ("Ann Lee", "Analyst", "Ms")
    assert network.interactions["date"].tolist() == [pd.Timestamp(2026, 3, 2)]


def test_columns_sheet_mistakes_are_problems_at_its_cells(tmp_path):
    path = _book(
        tmp_path / "mapped.xlsx",
        {
            "Contacts": [["Name", "Job"], ["Ann Lee", "Analyst"]],
            "Columns": [
                ["Sheet", "Column", "Means"],
                ["Contacts", "Job", "occupation"],
                ["People", "Job", "role"],
                ["Contacts", "Jobb", "role"],
                ["Contacts", None, "role"],
            ],
        },
    )
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == [
        "Columns!C2: 'occupation' is not a column of Contacts; use one of: "
        + ", ".join(c.name for c in schema.CONTACT_COLUMNS),
        "Columns!A3: 'People' is not a sheet to map; use Contacts, Interactions, Leads or Targets",
        "Columns!B4: Contacts has no header 'Jobb' in its header row",
        "Columns!B5: column is empty; type the header as it is in your sheet",
    ]
    assert all(p.severity == "error" for p in network.problems)


# --- said, never silent ------------------------------------------------------------------------


def test_unused_columns_that_may_be_meant_are_warnings_at_their_header(tmp_path):
    path = _book(
        tmp_path / "tracker.xlsx",
        {
            "Contacts": [
                ["Name", "Compnay", "Have Contacted?", "Pet", "Name", "Date Reached", "Comapny"],
                ["Ann Lee", "Acme", "yes", "cat", "Ann L.", dt.date(2026, 3, 2), "Acme Ltd"],
                ["Bo Chen", "Beta", "no", "dog", "Bo C.", "2026-03-04", "Beta Inc"],
            ]
        },
    )
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == [
        "Contacts!B1: column 'Compnay' is not used; if it means company, rename it or map it "
        "in Columns",
        "Contacts!C1: column 'Have Contacted?' holds yes/no answers, which the review cannot "
        "use: it needs the day of each step; type dates in contacted_on, replied_on, "
        "interviewed_on or thank_you_on (or map a date column in Columns)",
        "Contacts!E1: column 'Name' repeats name (already at Contacts!A1, 'Name'); the one at "
        "Contacts!A1 is used",
        "Contacts!F1: column 'Date Reached' is not used; if it means contacted_on, rename it "
        "or map it in Columns",
        "Contacts!G1: column 'Comapny' is not used; if it means company, rename it or map it "
        "in Columns",
    ]
    assert all(p.severity == "warning" for p in network.problems)
    assert network.contacts["name"].tolist() == ["Ann Lee", "Bo Chen"]


def test_an_own_name_wins_over_an_alias_and_the_alias_is_named(tmp_path):
    path = _book(
        tmp_path / "both.xlsx",
        {"Contacts": [["Full Name", "Name"], ["Ann Lee (full)", "Ann Lee"]]},
    )
    network = load_network(path, as_of=AS_OF)
    assert network.contacts["name"].tolist() == ["Ann Lee"]
    assert _problems(network) == [
        "Contacts!A1: column 'Full Name' repeats name (already at Contacts!B1, 'Name'); the "
        "one at Contacts!B1 is used"
    ]


def test_merged_header_cell_is_a_warning(tmp_path):
    path = tmp_path / "merged.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    sheet.append(["Name", "Company", None, "Role"])
    sheet.append(["Ann Lee", "Acme", "Acme Labs", "Analyst"])
    sheet.merge_cells("B1:C1")
    book.save(path)
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == [
        "Contacts!B1: header 'Company' is a merged cell (Contacts!B1:C1); only its first "
        "column is read: unmerge it and give each column its own header"
    ]
    assert network.contacts["company"].tolist() == ["Acme"]


# --- Excel Tables --------------------------------------------------------------------------------


def _with_table(path: Path, rows: list[list], *, totals: bool, start_row: int = 1) -> Path:
    from openpyxl.worksheet.table import Table

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    for _ in range(start_row - 1):
        sheet.append(["Contacts (a table)"])
    for row in rows:
        sheet.append(row)
    last = start_row + len(rows) - 1
    if totals:
        sheet.append(["Total", "=SUBTOTAL(103,Table1[Company])"])
        last += 1
    table = Table(displayName="Table1", ref=f"A{start_row}:B{last}")
    if totals:
        table.totalsRowCount = 1
    sheet.add_table(table)
    book.save(path)
    return path


def test_an_excel_tables_totals_row_is_not_a_contact(tmp_path):
    rows = [["Name", "Company"], ["Ann Lee", "Acme"], ["Bo Chen", "Beta"]]
    path = _with_table(tmp_path / "table.xlsx", rows, totals=True, start_row=3)
    network = load_network(path, as_of=AS_OF)
    assert network.contacts["name"].tolist() == ["Ann Lee", "Bo Chen"]
    assert [p for p in network.problems if p.severity == "error"] == []
    plain = load_network(_with_table(tmp_path / "plain.xlsx", rows, totals=False), as_of=AS_OF)
    assert plain.contacts["name"].tolist() == ["Ann Lee", "Bo Chen"]


# --- extent --------------------------------------------------------------------------------------


def _offset_book(path: Path, stray: str | None) -> Path:
    """Contacts with a title in B1, the header in B3 and a misspelt referrer in D6."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    sheet["B1"] = "People I met"
    rows = [
        ["Name", "Company", "Referred By", "Added On"],
        ["Ann Lee", "Acme", None, dt.date(2026, 3, 2)],
        ["   ", "  ", None, None],
        ["Bo Chen", "Beta", "Ann Leee", "2026-13-01"],
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            sheet.cell(3 + i, 2 + j, value)
    if stray:
        sheet[stray] = "stray"
    book.save(path)
    return path


@pytest.mark.parametrize("stray", ["XFD1048576", "GR1048576", "XFD4", "Z1048576"])
def test_a_stray_far_cell_costs_nothing_and_cells_keep_their_references(tmp_path, stray):
    plain = load_network(_offset_book(tmp_path / "plain.xlsx", None), as_of=AS_OF)
    far = load_network(_offset_book(tmp_path / "far.xlsx", stray), as_of=AS_OF)
    assert _problems(plain) == [
        "Contacts!D6: unknown contact 'Ann Leee' in referred_by; did you mean 'Ann Lee'?",
        "Contacts!E6: '2026-13-01' in added_on is not a date (type it as YYYY-MM-DD, or set "
        "date_format in Settings)",
    ]
    assert _problems(far) == _problems(plain)
    assert far.contacts["name"].tolist() == plain.contacts["name"].tolist()
    assert far.contacts["name"].tolist() == ["Ann Lee", "Bo Chen"]
    assert far.contacts["row"].tolist() == [4, 6]


def test_a_far_value_in_a_named_column_is_data_at_its_own_row(tmp_path):
    path = _book(tmp_path / "far.xlsx", {"Contacts": [["Name"], ["Ann Lee"]]})
    book = openpyxl.load_workbook(path)
    book["Contacts"]["A1048576"] = "Zed Far"
    book.save(path)
    network = load_network(path, as_of=AS_OF)
    assert network.contacts["name"].tolist() == ["Ann Lee", "Zed Far"]
    assert network.contacts["row"].tolist() == [2, 1048576]


# --- CSV -----------------------------------------------------------------------------------------


def test_a_semicolon_csv_folder_from_european_excel_reads(tmp_path):
    text = "\ufeffName;Company;Referred By\r\nZoë Brandt;Acme, Inc.;\r\n"
    text += "Bo Chen;Beta;Zoë Brandt\r\n"
    (tmp_path / "contacts.csv").write_bytes(text.encode())
    (tmp_path / "interactions.csv").write_bytes(
        b"Date;Contact;Type\r\n2026-03-02;Bo Chen;request\r\n2026-03-04;Bo Chen;reply\r\n"
    )
    network = load_network(tmp_path, as_of=AS_OF)
    assert _problems(network) == []
    assert network.contacts["company"].tolist() == ["Acme, Inc.", "Beta"]
    assert network.contacts["referred_by"].tolist() == [pd.NA, "Zoë Brandt"]
    assert network.interactions["type"].tolist() == ["request", "reply"]


def test_utf16_tab_separated_csv_file_reads_as_contacts(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Name\tCompany\nZoë Brandt\tAcme\n".encode("utf-16"))
    network = load_network(path, as_of=AS_OF)
    assert network.contacts["name"].tolist() == ["Zoë Brandt"]
    assert _problems(network) == []


def test_windows_1252_csv_is_read_with_a_warning_naming_the_file(tmp_path):
    (tmp_path / "contacts.csv").write_bytes(
        "Name,Company\r\nZoë Brandt,Café Nord\r\n".encode("cp1252")
    )
    network = load_network(tmp_path, as_of=AS_OF)
    assert network.contacts["company"].tolist() == ["Café Nord"]
    assert _problems(network) == [
        "'contacts.csv': contacts.csv is not UTF-8 text, so it was read as Windows-1252: check "
        "accented letters (or export it again as 'CSV UTF-8')"
    ]
    assert network.problems[0].severity == "warning"


@pytest.mark.parametrize(
    "saved",
    [
        # LibreOffice: every text quoted, LF, no BOM
        b'"Name","Company","Referred By"\n"Ann Lee","Acme",""\n"Bo Chen","Beta","Ann Lee"\n',
        # Excel "CSV UTF-8": BOM, CRLF, quotes only where needed
        b"\xef\xbb\xbfName,Company,Referred By\r\nAnn Lee,Acme,\r\nBo Chen,Beta,Ann Lee\r\n",
    ],
    ids=["libreoffice", "excel"],
)
def test_csv_as_spreadsheet_programs_save_it(tmp_path, saved):
    (tmp_path / "Contacts.csv").write_bytes(saved)
    network = load_network(tmp_path, as_of=AS_OF)
    assert _problems(network) == []
    assert network.contacts["referred_by"].tolist() == [pd.NA, "Ann Lee"]


# --- Settings ------------------------------------------------------------------------------------


def test_a_settings_sheet_with_one_column_is_a_problem_at_its_cell(tmp_path):
    path = _book(
        tmp_path / "settings.xlsx",
        {
            "Contacts": [["Name"], ["Ann Lee"]],
            "Settings": [["weekly_outreach_target"], ["tickler_days"]],
        },
    )
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == [
        "Settings!B1: the sheet has one column; put each setting's value in the column next "
        "to its key"
    ]
    headed = _book(
        tmp_path / "headed.xlsx",
        {"Contacts": [["Name"], ["Ann Lee"]], "Settings": [["Key"], ["tickler_days"]]},
    )
    assert _problems(load_network(headed, as_of=AS_OF)) == [
        "Settings!B1: missing column 'value'; put each setting's value in the column next to "
        "its key"
    ]


# --- hostile but ordinary: what spreadsheet programs add ---------------------------------------


def _ordinary(path: Path, case: str) -> Path:
    """A two-contact workbook with one everyday spreadsheet feature."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "contacts" if case == "lower_case_sheet" else "Contacts"
    sheet.append(["Name", "Company", "Referred By", "LinkedIn"])
    sheet.append(["Ann Lee", "Acme", None, "https://x.example/ann"])
    sheet.append(["Bo Chen", "Beta", "Ann Lee", "https://x.example/bo"])
    if case == "filter":
        sheet.auto_filter.ref = "A1:D3"
        sheet.auto_filter.add_filter_column(1, ["Beta"])
    elif case == "hidden_row":
        sheet.row_dimensions[2].hidden = True
    elif case == "frozen_panes":
        sheet.freeze_panes = "B2"
    elif case == "comment":
        sheet["A2"].comment = Comment("met at the meetup", "me")
        sheet["A1"].comment = Comment("full names", "me")
    elif case == "hyperlink":
        sheet["D2"].hyperlink = "https://x.example/ann"
        sheet["D2"].style = "Hyperlink"
    elif case == "rich_text":
        sheet["A3"] = CellRichText([TextBlock(InlineFont(b=True), "Bo"), " Chen"])
        sheet["A1"] = CellRichText([TextBlock(InlineFont(i=True), "Na"), "me"])
    elif case == "several_sheets":
        sheet.title = "Tracker"
        book.create_sheet("Archive").append(["Name"])
        book["Archive"].append(["Old Friend"])
    elif case == "blank_extra_sheets":
        sheet.title = "Sheet1"
        book.create_sheet("Sheet2")
        book.create_sheet("Sheet3")
    book.save(path)
    return path


ORDINARY = [
    "filter",
    "hidden_row",
    "frozen_panes",
    "comment",
    "hyperlink",
    "rich_text",
    "lower_case_sheet",
    "blank_extra_sheets",
]


@pytest.mark.parametrize("case", ORDINARY)
def test_everyday_spreadsheet_features_do_not_change_what_is_read(tmp_path, case):
    network = load_network(_ordinary(tmp_path / f"{case}.xlsx", case), as_of=AS_OF)
    assert _problems(network) == []
    assert network.contacts["name"].tolist() == ["Ann Lee", "Bo Chen"]
    assert network.contacts["referred_by"].tolist() == [pd.NA, "Ann Lee"]
    assert network.contacts["linkedin"].tolist() == [
        "https://x.example/ann",
        "https://x.example/bo",
    ]


def test_several_sheets_and_none_called_contacts_lists_the_sheets(tmp_path):
    network = load_network(_ordinary(tmp_path / "two.xlsx", "several_sheets"), as_of=AS_OF)
    assert _problems(network) == [
        "Contacts: missing required sheet 'Contacts' (sheets found: 'Tracker', 'Archive'); "
        "rename the sheet that lists your contacts to Contacts"
    ]


def _issue_inputs(folder: Path) -> dict[str, Path]:
    """Every input of this module's kinds, for ``netwk check``."""
    paths = {
        case: _ordinary(folder / f"{case}.xlsx", case) for case in [*ORDINARY, "several_sheets"]
    }
    paths["stray"] = _offset_book(folder / "stray.xlsx", "XFD1048576")
    paths["table"] = _with_table(
        folder / "table.xlsx", [["Name", "Company"], ["Ann Lee", "Acme"]], totals=True
    )
    semicolon = folder / "semicolon"
    semicolon.mkdir()
    (semicolon / "contacts.csv").write_bytes(b"Name;Company\r\nAnn Lee;Acme\r\n")
    paths["semicolon"] = semicolon
    single = folder / "tracker.csv"
    single.write_bytes("Full Name,Date Contacted\nZoë Brandt,2026-03-02\n".encode("cp1252"))
    paths["single_csv"] = single
    paths["one_column_settings"] = _book(
        folder / "settings.xlsx",
        {"Contacts": [["Name"], ["Ann Lee"]], "Settings": [["tickler_days"]]},
    )
    return paths


def test_netwk_check_on_every_case_exits_0_1_or_2_without_a_traceback(tmp_path, capsys):
    from netwk_analysis.cli import main

    codes = {}
    for case, path in _issue_inputs(tmp_path).items():
        codes[case] = main(["check", str(path)])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err, case
    assert codes == {
        **dict.fromkeys(ORDINARY, 0),
        "several_sheets": 1,
        "stray": 1,
        "table": 0,
        "semicolon": 0,
        "single_csv": 0,
        "one_column_settings": 1,
    }


# --- property: a tracker as people keep it reads like the template -------------------------------

_TITLES = ["Networking tracker", "Notes:", "Updated weekly", "Job search 2026"]
_CONTACT_SPELLINGS = {
    "name": ["Name", *schema.HEADER_ALIASES[schema.CONTACTS]["name"]],
    "company": ["Company", *schema.HEADER_ALIASES[schema.CONTACTS]["company"]],
    "referred_by": ["Referred By", *schema.HEADER_ALIASES[schema.CONTACTS]["referred_by"]],
    "added_on": ["Added On", *schema.HEADER_ALIASES[schema.CONTACTS]["added_on"]],
    "contacted_on": ["Contacted On", *schema.HEADER_ALIASES[schema.CONTACTS]["contacted_on"]],
}
_INTERACTION_SPELLINGS = {
    "date": ["Date"],
    "contact": ["Contact", *schema.HEADER_ALIASES[schema.INTERACTIONS]["contact"]],
    "type": ["Type", *schema.HEADER_ALIASES[schema.INTERACTIONS]["type"]],
}
_FAR = ["XFD1048576", "GR1048576", "AZ700", "XFD2"]


def _days():
    from hypothesis import strategies as st

    return st.dates(dt.date(2026, 2, 1), dt.date(2026, 3, 31))


def _networks():
    from hypothesis import strategies as st

    @st.composite
    def build(draw):
        size = draw(st.integers(1, 7))
        contacts = []
        for i in range(size):  # a loop building test data, not over loaded rows
            referrer = draw(st.none() | st.integers(0, i - 1)) if i else None
            contacts.append(
                {
                    "name": f"Person {i}",
                    "company": draw(st.sampled_from(["Acme", "Beta", "Cyan"])),
                    "referred_by": None if referrer is None else f"Person {referrer}",
                    "added_on": draw(st.none() | _days()),
                    "contacted_on": draw(st.none() | _days()),
                }
            )
        interactions = [
            {
                "date": draw(_days()),
                "contact": f"Person {draw(st.integers(0, size - 1))}",
                "type": draw(st.sampled_from(schema.INTERACTION_TYPES)),
            }
            for _ in range(draw(st.integers(0, 8)))
        ]
        return contacts, interactions

    return build()


def _rewrites():
    from hypothesis import strategies as st

    return st.fixed_dictionaries(
        {
            "titles": st.lists(st.sampled_from(_TITLES), max_size=3),
            "contact_headers": st.fixed_dictionaries(
                {c: st.sampled_from(s) for c, s in _CONTACT_SPELLINGS.items()}
            ),
            "interaction_headers": st.fixed_dictionaries(
                {c: st.sampled_from(s) for c, s in _INTERACTION_SPELLINGS.items()}
            ),
            "contact_order": st.permutations(list(_CONTACT_SPELLINGS)),
            "interaction_order": st.permutations(list(_INTERACTION_SPELLINGS)),
            "totals": st.booleans(),
            "far": st.sampled_from(_FAR),
        }
    )


def _write(path: Path, contacts, interactions, rewrite=None) -> Path:
    """The workbook as the template has it, or rewritten as a person keeps it."""
    from openpyxl.worksheet.table import Table

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    order = rewrite["contact_order"] if rewrite else list(_CONTACT_SPELLINGS)
    spell = rewrite["contact_headers"] if rewrite else {c: c for c in order}
    for title in rewrite["titles"] if rewrite else []:
        sheet.append([title])
    header_row = sheet.max_row + 1 if rewrite and rewrite["titles"] else 1
    sheet.append([spell[c] for c in order])
    for contact in contacts:
        sheet.append([contact[c] for c in order])
    if rewrite:
        last = sheet.max_row
        if rewrite["totals"]:
            sheet.append(["Total" if c == "name" else len(contacts) for c in order])
            last += 1
        table = Table(displayName="People", ref=f"A{header_row}:{chr(64 + len(order))}{last}")
        if rewrite["totals"]:
            table.totalsRowCount = 1
        sheet.add_table(table)
        sheet[rewrite["far"]] = "stray"
    events = book.create_sheet("Interactions")
    order = rewrite["interaction_order"] if rewrite else list(_INTERACTION_SPELLINGS)
    spell = rewrite["interaction_headers"] if rewrite else {c: c for c in order}
    events.append([spell[c] for c in order])
    for event in interactions:
        events.append([event[c] for c in order])
    book.save(path)
    return path


def _outputs(path: Path) -> tuple[str, str, str]:
    from netwk_analysis.analyses import followups, metrics, referrals
    from netwk_analysis.presentation import tables as output

    network = load_network(path, as_of=AS_OF)
    stats = {
        "weeks": metrics.weekly_outreach(network, as_of=AS_OF),
        "contacts": metrics.request_outcomes(network, as_of=AS_OF),
        "interviews": metrics.referral_yield(network, as_of=AS_OF),
    }
    return (
        output.render_json(followups.due_items(network, as_of=AS_OF)),
        output.render_json(stats),
        output.render_json(referrals.tree_tables(network)),
    )


def examples(count: int) -> int:
    """The example count of a property test: ``count`` in CI and with ``--run-slow`` (the "ci"
    hypothesis profile of tests/conftest.py), a third of it, at least 3, in a plain run."""
    from hypothesis import settings

    return max(3, count * settings.default.max_examples // 100)


def test_a_tracker_rewritten_as_people_keep_it_gives_the_same_review(tmp_path_factory):
    from hypothesis import HealthCheck, given, settings

    @settings(
        max_examples=examples(10),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(network=_networks(), rewrite=_rewrites())
    def check(network, rewrite):
        folder = tmp_path_factory.mktemp("property")
        contacts, interactions = network
        original = _outputs(_write(folder / "template.xlsx", contacts, interactions))
        kept = _outputs(_write(folder / "kept.xlsx", contacts, interactions, rewrite))
        assert kept == original

    check()


def test_the_aliases_table_in_the_docs_is_the_schemas():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "workbook.md").read_text()
    table = docs.split("### Header aliases", 1)[1].split("\n\n| sheet |", 1)[1].split("\n\n")[0]
    rows = [line.strip("|").split("|") for line in table.splitlines()[2:]]
    documented = {
        (sheet.strip(), column.strip(" `")): tuple(a.strip() for a in aliases.split(","))
        for sheet, column, aliases in rows
    }
    declared = {
        (sheet, column): aliases
        for sheet, columns in schema.HEADER_ALIASES.items()
        for column, aliases in columns.items()
    }
    assert documented == declared


def test_an_ods_one_sheet_tracker_with_a_title_row_reads(tmp_path):
    path = tmp_path / "tracker.ods"
    rows = [
        ["Networking 2026", None, None],
        ["Full Name", "Organisation", "Date Contacted"],
        ["Ann Lee", "Acme", "2026-03-02"],
    ]
    pd.DataFrame(rows).to_excel(path, sheet_name="Tracker", header=False, index=False)
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == []
    assert network.contacts[["name", "company", "row"]].values.tolist() == [["Ann Lee", "Acme", 3]]
    assert network.interactions["date"].tolist() == [pd.Timestamp(2026, 3, 2)]


def test_a_merged_header_is_named_in_a_compacted_sheet_too(tmp_path):
    path = tmp_path / "merged_far.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    sheet["C2"], sheet["D2"] = "Name", "Company"
    sheet["C3"], sheet["D3"], sheet["E3"] = "Ann Lee", "Acme", "Acme Labs"
    sheet.merge_cells("D2:E2")
    sheet["XFD1048576"] = "stray"
    book.save(path)
    network = load_network(path, as_of=AS_OF)
    assert _problems(network) == [
        "Contacts!D2: header 'Company' is a merged cell (Contacts!D2:E2); only its first "
        "column is read: unmerge it and give each column its own header"
    ]
    assert network.contacts[["name", "company", "row"]].values.tolist() == [["Ann Lee", "Acme", 3]]
