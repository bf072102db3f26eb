"""Write the empty template workbook that ``netwk init`` hands to a new user.

The template is the contract of docs/workbook.md made usable: the five sheets with
human-readable headers (``"Referred By"`` for ``referred_by``; headers are matched after
``schema.match_key``), a bold frozen header row, drop-down lists for every fixed-value column,
date formats on the date columns, a pre-filled ``Settings`` sheet and a short ``How to use`` sheet.
The file is written atomically and never overwrites an existing file unless asked.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from netwk_analysis.core import schema
from netwk_analysis.writing.files import atomic_path

__all__ = [
    "DATE_FORMAT",
    "HOW_TO_SHEET",
    "SETTING_MEANINGS",
    "TEMPLATE_ROWS",
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
    ws.append(labels)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"


def _data_sheet(ws: Worksheet, columns: tuple[schema.Column, ...]) -> None:
    """Headers, widths, drop-downs and date formats of one contract sheet."""
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
    as_of_row = list(schema.SETTING_DEFAULTS).index("as_of") + 2
    ws.cell(row=as_of_row, column=2).number_format = DATE_FORMAT
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 90


def _how_to_sheet(ws: Worksheet) -> None:
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
    """Write the empty template workbook to ``path`` and return the path.

    Parameters
    ----------
    path : where to write the ``.xlsx`` file.
    overwrite : replace an existing file; by default an existing file is an error.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    files.OutputExists
        If ``path`` exists and ``overwrite`` is false.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_template(folder / "network.xlsx").name
    'network.xlsx'
    """
    path = Path(path)
    workbook = build_template()
    with atomic_path(path, overwrite=overwrite) as tmp:
        workbook.save(tmp)
    return path
