"""Write the empty template workbook that ``netwk init`` hands to a new user.

The template is the contract of docs/workbook.md made usable: the five sheets with
human-readable headers (``"Referred By"`` for ``referred_by``; headers are matched after
``schema.match_key``), a bold frozen header row, drop-down lists for every fixed-value column,
date formats on the date columns, a pre-filled ``Settings`` sheet and a short ``How to use`` sheet.
The file is written atomically and never overwrites an existing file unless asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from netwk_analysis.core import schema
from netwk_analysis.writing.files import atomic_path

if TYPE_CHECKING:  # openpyxl is imported when the template is built: the layout alone is light
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "COLUMN_WIDTHS",
    "DATE_FORMAT",
    "HOW_TO_LINES",
    "HOW_TO_SHEET",
    "SETTING_MEANINGS",
    "TEMPLATE_ROWS",
    "build_ods_template",
    "build_template",
    "header_label",
    "write_template",
]

#: Number format of every date cell the toolkit writes.
DATE_FORMAT = "yyyy-mm-dd"
#: Title of the instructions sheet (an extra sheet, ignored by the loader).
HOW_TO_SHEET = "How to use"
#: Last row that gets drop-down lists and date formats in the template.
TEMPLATE_ROWS = 1000

_LABEL_OVERRIDES = {"linkedin": "LinkedIn", "duration_min": "Duration (min)"}

#: One sentence per setting, written in the "Meaning" column of the Settings sheet.
SETTING_MEANINGS: dict[str, str] = {
    "weekly_outreach_target": "Requests plus follow-ups you aim to send each week.",
    "thank_you_days": "Days after an interview by which the thank-you note is due.",
    "move_on_business_days": (
        "Business days without a reply before you try another person at that employer (3B7)."
    ),
    "follow_up_business_days": (
        "Business days without a reply before you follow up with the same person (3B7)."
    ),
    "tickler_days": "Days between check-ins with everyone you have interviewed.",
    "referral_contact_days": "Days after receiving a name by which you should contact them.",
    "names_per_interview_target": "Names you ask for at every interview.",
    "interview_minutes": "Planned length of an informational interview, in minutes.",
    "week_start": "First day of your week in weekly charts (Monday or Sunday).",
    "date_format": (
        "How dates typed as text are written: ISO (2026-03-06) or e.g. DD/MM/YYYY or %d/%m/%Y."
    ),
    "holidays": "Country code whose public holidays business-day counts skip (e.g. US, GB).",
    "as_of": "Day the review is made for; empty = today. netwk --as-of overrides it.",
    "calendar_kind": (
        "What due.ics holds: event (all-day events, for Google, Apple or Outlook calendars) "
        "or todo (to-dos, for Thunderbird and other task apps)."
    ),
    "timezone": (
        "Zone whose calendar day a time with a zone (2026-03-05T14:30Z) falls on, e.g. "
        "Europe/Paris; empty = this computer's zone."
    ),
    "since": "Start of your search: rows dated before it are left out; netwk --since overrides.",
}

_WIDTHS = {
    "name": 22,
    "contact": 22,
    "referred_by": 22,
    "company": 24,
    "employer": 24,
    "role": 22,
    "industry": 18,
    "email": 28,
    "phone": 15,
    "linkedin": 30,
    "notes": 40,
    "may_use_name": 14,
    "asked_for_names": 16,
    "resume_left": 13,
    "duration_min": 14,
}

_HOW_TO = (
    "How to use this workbook",
    "",
    "The method",
    "1. Ask for advice, never for a job: 20-30 minute informational interviews.",
    '2. End every interview with: "Can you give me the names of two other people who might talk'
    ' with me?" and "May I use your name?"',
    "3. Send a brief thank-you note within a day; leave your resume as a calling card.",
    "4. 3B7: no reply after 3 business days - ask another person at that employer;"
    " after 7 business days - follow up with the same person.",
    "5. Check in with everyone you interviewed about once a month (call, voicemail or email).",
    "",
    "Keeping the sheets",
    "Contacts: one row per person. Referred By = the name of the person who gave you this name.",
    "Interactions: one row per touch (request, reply, interview, thank_you, follow_up, ...).",
    "   Or, on Contacts only, fill Contacted On / Replied On / Interviewed On / Thank You On.",
    "Leads: one row per job opportunity someone surfaced.",
    "Targets: the employers you want to work for (Motivation 0-3, Posting 3 = a fitting posting,"
    " 2 = a posting, 1 = none; Alumni yes/no); netwk targets says where to look next.",
    "Settings: change a value to suit your routine; leave the rest as they are.",
    "",
    "Running the review",
    "netwk check network.xlsx    lists every problem with its cell (exit 0 = clean).",
    "netwk due network.xlsx      what to do this week, most overdue first.",
    "netwk report network.xlsx --out review/    the weekly review page with charts.",
)


#: The layout shared with ``sheets.write_workbook``: column widths and the How-to lines.
COLUMN_WIDTHS = _WIDTHS
HOW_TO_LINES = _HOW_TO


def header_label(name: str) -> str:
    """Return the human-readable header of a canonical column name.

    The label matches the canonical name after ``schema.match_key``.

    Examples
    --------
    >>> header_label("referred_by"), header_label("duration_min"), header_label("linkedin")
    ('Referred By', 'Duration (min)', 'LinkedIn')
    """
    return _LABEL_OVERRIDES.get(name) or name.replace("_", " ").title()


def _choices(column: schema.Column) -> tuple[str, ...]:
    return ("yes", "no") if column.kind == "yesno" else column.choices


def _header_row(ws: Worksheet, labels: list[str]) -> None:
    from openpyxl.styles import Font

    ws.append(labels)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"


def _data_sheet(ws: Worksheet, columns: tuple[schema.Column, ...]) -> None:
    """Headers, widths, drop-downs and date formats of one contract sheet."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    _header_row(ws, [header_label(c.name) for c in columns])
    last = TEMPLATE_ROWS
    names_ref = f"{schema.CONTACTS}!$A$2:$A${last}"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        label = header_label(column.name)
        width = _WIDTHS.get(column.name, 13 if column.kind == "date" else 12)
        ws.column_dimensions[letter].width = max(width, len(label) + 3)
        cells = f"{letter}2:{letter}{last}"
        choices = _choices(column)
        if choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"{label}: pick from the list",
                error="Allowed: " + ", ".join(choices),
            )
            validation.add(cells)
            ws.add_data_validation(validation)
        elif column.name in ("referred_by", "contact"):
            # A helper list of the names on Contacts; a warning only, so a name can be typed
            # before its own row exists.
            validation = DataValidation(
                type="list",
                formula1=names_ref,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle="Unknown name",
                error="This name is not in the Name column of Contacts (yet).",
            )
            validation.add(cells)
            ws.add_data_validation(validation)
        if column.kind == "date":
            for row in range(2, last + 1):
                ws.cell(row=row, column=index).number_format = DATE_FORMAT
        elif column.kind == "number":
            for row in range(2, last + 1):
                ws.cell(row=row, column=index).number_format = "0"


def _settings_sheet(ws: Worksheet) -> None:
    _header_row(ws, ["Key", "Value", "Meaning"])
    for key, default in schema.SETTING_DEFAULTS.items():
        value = None if key in ("holidays", "as_of") else default
        ws.append([key, value, SETTING_MEANINGS[key]])
    for dated in ("as_of", "since"):
        row = list(schema.SETTING_DEFAULTS).index(dated) + 2
        ws.cell(row=row, column=2).number_format = DATE_FORMAT
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 90


def _how_to_sheet(ws: Worksheet) -> None:
    from openpyxl.styles import Alignment, Font

    for line in _HOW_TO:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    for row in (3, 10, 18):
        ws.cell(row=row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 110
    for row in ws.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def build_template() -> Workbook:
    """Return the template as an in-memory openpyxl ``Workbook`` (nothing is written).

    Examples
    --------
    >>> build_template().sheetnames
    ['Contacts', 'Interactions', 'Leads', 'Targets', 'Settings', 'How to use']
    """
    from openpyxl import Workbook

    wb = Workbook()
    contacts = wb.active
    contacts.title = schema.CONTACTS
    _data_sheet(contacts, schema.CONTACT_COLUMNS)
    _data_sheet(wb.create_sheet(schema.INTERACTIONS), schema.INTERACTION_COLUMNS)
    _data_sheet(wb.create_sheet(schema.LEADS), schema.LEAD_COLUMNS)
    _data_sheet(wb.create_sheet(schema.TARGETS), schema.TARGET_COLUMNS)
    _settings_sheet(wb.create_sheet(schema.SETTINGS))
    _how_to_sheet(wb.create_sheet(HOW_TO_SHEET))
    return wb


def write_template(path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the empty template to ``path`` and return the path; its kind follows the name.

    docs/workbook.md, "Starting from the template": ``.xlsx`` is the full template (drop-downs,
    date formats, frozen header row, How to use sheet); ``.ods`` is an OpenDocument spreadsheet
    with the same sheets, drop-downs and date formats (no frozen row); a name without a suffix
    is a folder of CSV templates (``contacts.csv``, ``interactions.csv``, ``leads.csv``,
    ``targets.csv``, ``settings.csv``: headers and the settings only, CSV has no drop-downs).
    A ``.csv`` name is refused: a CSV workbook is a folder of CSV files.

    Parameters
    ----------
    path : where to write the ``.xlsx`` or ``.ods`` file, or the CSV folder.
    overwrite : replace an existing file (or the CSV files); by default it is an error.

    Returns
    -------
    Path
        The written file or folder.

    Raises
    ------
    files.OutputExists
        If the file (or one of the CSV files) exists and ``overwrite`` is false.
    ValueError
        A name ending in ``.csv`` or another suffix the toolkit does not read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_template(folder / "network.xlsx").name
    'network.xlsx'
    >>> sorted(p.name for p in write_template(folder / "network").iterdir())
    ['contacts.csv', 'interactions.csv', 'leads.csv', 'settings.csv', 'targets.csv']
    >>> write_template(folder / "network.csv")
    Traceback (most recent call last):
    ...
    ValueError: a CSV workbook is a folder of CSV files, not one file: give a folder ...
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raise ValueError(
            "a CSV workbook is a folder of CSV files, not one file: give a folder name "
            f"such as '{path.with_suffix('')}' (or a .xlsx or .ods name)"
        )
    if suffix == ".ods":
        with atomic_path(path, overwrite=overwrite) as tmp:
            build_ods_template().save(str(tmp))
        return path
    if suffix in ("", ".d") or path.is_dir():
        return _write_csv_template(path, overwrite=overwrite)
    if suffix != ".xlsx":
        raise ValueError(f"{path.name}: name the template .xlsx, .ods, or a folder for CSV files")
    workbook = build_template()
    with atomic_path(path, overwrite=overwrite) as tmp:
        workbook.save(tmp)
    return path


def _sheet_rows() -> dict[str, list[list[object]]]:
    """The template's cells, sheet by sheet: the headers, and the settings with their meaning."""
    rows = {
        sheet: [[header_label(c.name) for c in columns]]
        for sheet, columns in schema.SHEET_COLUMNS.items()
    }
    rows[schema.SETTINGS] = [["Key", "Value", "Meaning"]] + [
        [key, None if key in ("holidays", "as_of") else default, SETTING_MEANINGS[key]]
        for key, default in schema.SETTING_DEFAULTS.items()
    ]
    return rows


def _write_csv_template(folder: Path, *, overwrite: bool) -> Path:
    """The CSV files of a CSV workbook folder (UTF-8 with a byte-order mark for Excel)."""
    import csv
    import io

    from netwk_analysis.writing.files import atomic_paths

    folder.mkdir(parents=True, exist_ok=True)
    rows = _sheet_rows()
    names = {sheet: folder / f"{sheet.lower()}.csv" for sheet in schema.SHEETS}
    with atomic_paths(names.values(), overwrite=overwrite) as temporary:
        for sheet, target in names.items():
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows[sheet])
            temporary[target.name].write_text(buffer.getvalue(), encoding="utf-8-sig")
    return folder


def build_ods_template():
    """Return the template as an in-memory odfpy ``OpenDocumentSpreadsheet``.

    The same sheets as the ``.xlsx``; every fixed-value column has a drop-down list (a content
    validation) on rows 2 to ``TEMPLATE_ROWS``, date columns a ``YYYY-MM-DD`` format.

    Examples
    --------
    >>> from odf.table import Table
    >>> [t.getAttribute("name") for t in build_ods_template().spreadsheet.getElementsByType(Table)]
    ['Contacts', 'Interactions', 'Leads', 'Targets', 'Settings', 'How to use']
    """
    from odf.number import DateStyle, Day, Month, Text, Year
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties, TextProperties
    from odf.table import ContentValidation, ContentValidations, ErrorMessage, Table, TableColumn
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    iso = DateStyle(name="iso-date")
    for part in (Year(style="long"), Text(text="-"), Month(style="long"), Text(text="-")):
        iso.addElement(part)
    iso.addElement(Day(style="long"))
    doc.automaticstyles.addElement(iso)
    date = Style(name="date", family="table-cell", datastylename="iso-date")
    bold = Style(name="header", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    for style in (date, bold):
        doc.automaticstyles.addElement(style)
    widths = {}

    def column_style(chars: int) -> Style:
        if chars not in widths:
            widths[chars] = Style(name=f"width{chars}", family="table-column")
            widths[chars].addElement(TableColumnProperties(columnwidth=f"{chars * 0.21:.2f}cm"))
            doc.automaticstyles.addElement(widths[chars])
        return widths[chars]

    validations = ContentValidations()
    rows = _sheet_rows()
    tables = []
    for sheet, columns in schema.SHEET_COLUMNS.items():
        table = Table(name=sheet)
        empty = []  # (validation name, style) of each column's rows 2..TEMPLATE_ROWS
        for column in columns:
            label = header_label(column.name)
            width = _WIDTHS.get(column.name, 13 if column.kind == "date" else 12)
            table.addElement(TableColumn(stylename=column_style(max(width, len(label) + 3))))
            rule = _ods_rule(column)
            name = None
            if rule is not None:
                condition, kind, message = rule
                name = f"{sheet}-{column.name}"
                validation = ContentValidation(
                    name=name, condition=condition, allowemptycell="true", displaylist="unsorted"
                )
                error = ErrorMessage(title=f"{label}: pick from the list", messagetype=kind)
                error.setAttribute("display", "true")
                error.addElement(P(text=message))
                validation.addElement(error)
                validations.addElement(validation)
            empty.append((name, date if column.kind == "date" else None))
        table.addElement(_ods_row(rows[sheet][0], style=bold))
        table.addElement(_ods_empty_rows(empty, TEMPLATE_ROWS - 1))
        tables.append(table)
    settings = Table(name=schema.SETTINGS)
    for chars in (28, 14, 90):
        settings.addElement(TableColumn(stylename=column_style(chars)))
    settings.addElement(_ods_row(rows[schema.SETTINGS][0], style=bold))
    for row in rows[schema.SETTINGS][1:]:
        settings.addElement(_ods_row(row))
    how_to = Table(name=HOW_TO_SHEET)
    how_to.addElement(TableColumn(stylename=column_style(110)))
    for line in _HOW_TO:
        how_to.addElement(_ods_row([line or None]))
    doc.spreadsheet.addElement(validations)
    for table in (*tables, settings, how_to):
        doc.spreadsheet.addElement(table)
    return doc


def _ods_rule(column: schema.Column) -> tuple[str, str, str] | None:
    """(condition, error kind, message) of a column's drop-down in OpenDocument terms."""
    choices = _choices(column)
    if choices:
        listed = ";".join(f'"{choice}"' for choice in choices)
        return f"of:cell-content-is-in-list({listed})", "stop", "Allowed: " + ", ".join(choices)
    if column.name in ("referred_by", "contact"):
        names = f"[$'{schema.CONTACTS}'.$A$2:.$A${TEMPLATE_ROWS}]"
        return (
            f"of:cell-content-is-in-list({names})",
            "warning",
            "This name is not in the Name column of Contacts (yet).",
        )
    return None


def _ods_row(values: list[object], *, style=None):
    """One OpenDocument row of text and whole-number cells."""
    from odf.table import TableCell, TableRow
    from odf.text import P

    row = TableRow()
    for value in values:
        if value is None:
            row.addElement(TableCell())
            continue
        number = isinstance(value, int) and not isinstance(value, bool)
        cell = (
            TableCell(valuetype="float", value=value) if number else TableCell(valuetype="string")
        )
        if style is not None:
            cell.setAttribute("stylename", style)
        cell.addElement(P(text=str(value)))
        row.addElement(cell)
    return row


def _ods_empty_rows(columns: list[tuple[str | None, object]], count: int):
    """``count`` empty rows carrying each column's drop-down and date format (one element)."""
    from odf.table import TableCell, TableRow

    row = TableRow(numberrowsrepeated=count)
    for name, style in columns:
        cell = TableCell()
        if name is not None:
            cell.setAttribute("contentvalidationname", name)
        if style is not None:
            cell.setAttribute("stylename", style)
        row.addElement(cell)
    return row
