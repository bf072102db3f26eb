"""Write a NEW workbook in the template's layout from frames: the writer ``netwk import`` uses.

``write_workbook`` takes the sheets as pandas frames (canonical column names from ``schema``)
and writes an ``.xlsx`` laid out like the template of ``netwk init`` (docs/workbook.md): the
contract sheets with human-readable headers (``template.header_label``), a bold frozen
header row, drop-down lists for every fixed-value column, date formats on the date columns, a
``Settings`` sheet of key, value and meaning, and the ``How to use`` sheet. Text is
formula-escaped (``escape.escape_formula``) and the file is written atomically
(``files.atomic_path``), never over an existing file unless asked. It runs on XlsxWriter in its
constant-memory mode: rows are streamed to disk as they are written, so memory stays flat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from netwk_analysis.core import schema
from netwk_analysis.writing.escape import escape_formula
from netwk_analysis.writing.files import atomic_path
from netwk_analysis.writing.template import (
    COLUMN_WIDTHS,
    DATE_FORMAT,
    HOW_TO_LINES,
    HOW_TO_SHEET,
    SETTING_MEANINGS,
    TEMPLATE_ROWS,
    header_label,
)

__all__ = ["settings_frame", "write_workbook"]

_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
# Excel refuses a data-validation title longer than 32 characters.
_TITLE_LIMIT = 32


def settings_frame(values: Mapping[str, object] | None = None) -> pd.DataFrame:
    """The Settings sheet as a ``key``/``value`` frame: the documented defaults, then ``values``.

    As in the template, ``holidays`` and ``as_of`` are left empty unless given; keys not among
    the documented settings are appended in the order given.

    Examples
    --------
    >>> frame = settings_frame({"since": dt.date(2026, 6, 1)})
    >>> frame.iloc[-1].tolist(), frame.iloc[0].tolist()
    (['since', datetime.date(2026, 6, 1)], ['weekly_outreach_target', 5])
    """
    chosen = {
        key: None if key in ("holidays", "as_of") else default
        for key, default in schema.SETTING_DEFAULTS.items()
    }
    chosen.update(values or {})
    return pd.DataFrame(
        {"key": list(chosen), "value": pd.array(list(chosen.values()), dtype=object)}
    )


def write_workbook(
    frames: Mapping[str, pd.DataFrame], path: str | Path, *, overwrite: bool = False
) -> Path:
    """Write ``frames`` to a new ``.xlsx`` at ``path`` in the template's layout; return the path.

    Parameters
    ----------
    frames : mapping of sheet name to frame
        ``Contacts``, ``Interactions``, ``Leads`` with canonical column names (any subset of a
        sheet's columns, in any order; they are written in the contract's order, missing ones
        empty) and ``Settings`` with ``key`` and ``value``. A sheet not given is written with
        its headers only. Settings holds the defaults with the given rows over them
        (``settings_frame``).
    path : the ``.xlsx`` file to create.
    overwrite : replace an existing file; by default an existing file is an error.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    files.OutputExists
        If ``path`` exists and ``overwrite`` is false.
    ValueError
        If a frame has a column the contract does not know.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> contacts = pd.DataFrame({"name": ["Alice Moreno"], "added_on": [dt.date(2026, 3, 2)]})
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "network.xlsx"
    >>> write_workbook({"Contacts": contacts}, target).name
    'network.xlsx'
    """
    import xlsxwriter

    path = Path(path)
    for sheet, columns in schema.SHEET_COLUMNS.items():
        unknown = set(frames.get(sheet, pd.DataFrame()).columns) - {c.name for c in columns}
        if unknown:
            raise ValueError(f"{sheet}: columns {sorted(unknown)} are not in the contract")
    with atomic_path(path, overwrite=overwrite) as temporary:
        book = xlsxwriter.Workbook(
            str(temporary), {"constant_memory": True, "strings_to_numbers": False}
        )
        styles = {
            "header": book.add_format({"bold": True}),
            "date": book.add_format({"num_format": DATE_FORMAT}),
            "number": book.add_format({"num_format": "0"}),
            "title": book.add_format({"bold": True, "font_size": 14, "text_wrap": True}),
            "heading": book.add_format({"bold": True, "text_wrap": True}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        }
        for sheet, columns in schema.SHEET_COLUMNS.items():
            frame = frames.get(sheet, pd.DataFrame(columns=[c.name for c in columns]))
            _data_sheet(book.add_worksheet(sheet), frame, columns, styles)
        given = frames.get(schema.SETTINGS, pd.DataFrame({"key": [], "value": []}))
        values = dict(zip(given["key"], given["value"], strict=True))
        _settings_sheet(book.add_worksheet(schema.SETTINGS), settings_frame(values), styles)
        _how_to_sheet(book.add_worksheet(HOW_TO_SHEET), styles)
        book.close()
    return path


def _choices(column: schema.Column) -> tuple[str, ...]:
    return ("yes", "no") if column.kind == "yesno" else column.choices


def _header(ws, labels: list[str], styles: dict) -> None:
    for index, label in enumerate(labels):
        ws.write_string(0, index, label, styles["header"])
    ws.freeze_panes(1, 0)


def _data_sheet(ws, frame: pd.DataFrame, columns: tuple[schema.Column, ...], styles) -> None:
    """Headers, widths, drop-downs, date formats and the rows of one contract sheet.

    Drop-downs reach as many rows past the data as in the empty template (row
    ``TEMPLATE_ROWS`` when there is no data), room to keep typing; formats cover the columns.
    """
    labels = [header_label(c.name) for c in columns]
    _header(ws, labels, styles)
    last = len(frame) + TEMPLATE_ROWS - 1  # 0-based index of the last prepared row
    names = f"={schema.CONTACTS}!$A$2:$A${last + 1}"
    for index, (column, label) in enumerate(zip(columns, labels, strict=True)):
        width = COLUMN_WIDTHS.get(column.name, 13 if column.kind == "date" else 12)
        style = {"date": styles["date"], "number": styles["number"]}.get(column.kind)
        ws.set_column(index, index, max(width, len(label) + 3), style)
        choices = _choices(column)
        if choices:
            ws.data_validation(
                1,
                index,
                last,
                index,
                {
                    "validate": "list",
                    "source": list(choices),
                    "error_title": f"{label}: pick from list"[:_TITLE_LIMIT],
                    "error_message": "Allowed: " + ", ".join(choices),
                },
            )
        elif column.name in ("referred_by", "contact"):
            # A list of the names on Contacts; a warning only, so a name can be typed before
            # its own row exists.
            ws.data_validation(
                1,
                index,
                last,
                index,
                {
                    "validate": "list",
                    "source": names,
                    "error_type": "warning",
                    "error_title": "Unknown name",
                    "error_message": "This name is not in the Name column of Contacts (yet).",
                },
            )
    cells = [_column_values(frame, column) for column in columns]
    writers = [
        _date_writer(ws, styles["date"]) if column.kind == "date" else ws.write_string
        for column in columns
    ]
    writers = [
        ws.write_number if column.kind == "number" else writer
        for column, writer in zip(columns, writers, strict=True)
    ]
    _write_rows(ws, cells, writers)


def _date_writer(ws, style):
    def write(row: int, col: int, serial: float) -> None:
        ws.write_number(row, col, serial, style)

    return write


def _write_rows(ws, cells: list[list], writers: list) -> None:
    """Stream the rows in order (constant-memory mode needs it); blank cells are not written."""
    pairs = list(enumerate(writers))
    for row, values in enumerate(zip(*cells, strict=True), start=1):
        for (col, write), value in zip(pairs, values, strict=True):
            if value is not None:
                write(row, col, value)


def _column_values(frame: pd.DataFrame, column: schema.Column) -> list:
    """One contract column as cell values: Excel day numbers for dates, escaped text, None blank.

    Yes/no columns holding booleans become ``yes``/``no``; a column missing from ``frame`` is
    all blank.
    """
    if column.name not in frame:
        return [None] * len(frame)
    values = frame[column.name]
    if column.kind == "date":
        days = pd.to_datetime(values).to_numpy("datetime64[D]")
        serial = (days - _EXCEL_EPOCH).astype(np.int64).astype(object)
        serial[np.isnat(days)] = None
        return serial.tolist()
    if column.kind == "number":
        numbers = pd.to_numeric(values).astype(object)
        return numbers.where(values.notna(), None).tolist()
    if pd.api.types.is_bool_dtype(values.dtype):
        values = values.map({True: "yes", False: "no"})
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    text = [escape_formula(str(value)) for value in uniques]
    lookup = np.array([value if value != "" else None for value in text] + [None], dtype=object)
    return lookup[codes].tolist()


def _settings_sheet(ws, frame: pd.DataFrame, styles) -> None:
    """Key, Value and Meaning rows; dates formatted, numbers as numbers, text escaped."""
    _header(ws, ["Key", "Value", "Meaning"], styles)
    for row, (key, value) in enumerate(zip(frame["key"], frame["value"], strict=True), start=1):
        ws.write_string(row, 0, escape_formula(str(key)))
        if isinstance(value, dt.date | pd.Timestamp):
            ws.write_number(row, 1, _serial(value), styles["date"])
        elif isinstance(value, bool):
            ws.write_string(row, 1, "yes" if value else "no")
        elif isinstance(value, int | float | np.integer | np.floating) and not pd.isna(value):
            ws.write_number(row, 1, value)
        elif value is not None and not pd.isna(value):
            ws.write_string(row, 1, escape_formula(str(value)))
        meaning = SETTING_MEANINGS.get(key)
        if meaning:
            ws.write_string(row, 2, meaning)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 90)


def _serial(day: dt.date | pd.Timestamp) -> int:
    return int((np.datetime64(pd.Timestamp(day).date(), "D") - _EXCEL_EPOCH).astype(np.int64))


def _how_to_sheet(ws, styles) -> None:
    """The How-to lines: the title large, a line after a blank line bold (a heading)."""
    ws.set_column(0, 0, 110)
    previous = ""
    for row, line in enumerate(HOW_TO_LINES):
        style = styles["title"] if row == 0 else styles["wrap"]
        if row > 0 and line and previous == "":
            style = styles["heading"]
        if line:
            ws.write_string(row, 0, line, style)
        previous = line
