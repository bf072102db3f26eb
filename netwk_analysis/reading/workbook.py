"""Read the raw cells of a workbook: ``.xlsx``/``.xlsm``/``.ods`` or a folder of CSV files.

This layer only reads. It never opens the user's file for writing, never saves it and keeps no
handle open afterwards. It returns, for each sheet of the contract, a frame of text cells whose
columns are the canonical names (headers matched after ``schema.match_key``), the spreadsheet row
number of every row, and where each column sits so problems can be given an A1 reference.
Blank rows are dropped here; values are normalised later, in ``load``.

Spreadsheets are read with fastexcel (calamine, in Rust, straight into Arrow text columns), so a
100,000-row sheet never becomes Python objects cell by cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netwk_analysis.core import schema
from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading.snapshot import Snapshot

__all__ = ["RawSheet", "StepCallback", "SuspectCell", "read_workbook", "suspect_cells"]

TEXT = pd.StringDtype()

#: ``on_step(label, done, total)``: told after each sheet is read (a progress bar's hook).
StepCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RawSheet:
    """One sheet's cells, headers matched to the contract.

    Attributes
    ----------
    title : the sheet's name as the workbook spells it (used in A1 references).
    frame : text cells (string dtype, <NA> when empty) of the non-blank rows, as the spreadsheet
        reader renders them (a date cell reads ``2026-03-06 00:00:00``, a number ``44123``);
        columns are canonical names for contract columns and the header text for extra
        columns; index is the spreadsheet row number.
    positions : canonical column name -> 0-based column index in the sheet.
    header_row : spreadsheet row number of the header (1 unless leading rows are blank).
    duplicates : canonical names whose header appears more than once (first one is used).
    """

    title: str
    frame: pd.DataFrame
    positions: dict[str, int]
    header_row: int = 1
    duplicates: tuple[tuple[str, int], ...] = field(default=())


@dataclass(frozen=True)
class _Grid:
    """A sheet as read: one Arrow text column per sheet column, element ``i`` in sheet row
    ``i + 1``; ``first_column`` is the 0-based sheet column of ``columns[0]``."""

    title: str
    columns: list[pa.Array]
    first_column: int = 0


def read_workbook(
    snapshot: Snapshot, kind: str, *, on_step: StepCallback | None = None
) -> dict[str, RawSheet]:
    """Read every contract sheet present in the snapshot; keys are canonical sheet names.

    Sheets are matched like headers (``"contacts"`` and ``"CONTACTS"`` are ``Contacts``); extra
    sheets are ignored. ``kind`` is ``"xlsx"``, ``"ods"`` or ``"csv_folder"``. ``on_step``, if
    given, is called after each sheet is read: ``on_step("reading Interactions", 2, 4)``.
    """
    if kind == "csv_file":
        files = {schema.CONTACTS: snapshot.data}
        grids = _read_csv_files(files, {schema.CONTACTS: snapshot.name}, on_step)
    elif kind == "csv_folder":
        grids = _read_csv_folder(snapshot, on_step)
    else:
        grids = _read_spreadsheet(snapshot, kind, on_step)
    return {name: _raw_sheet(grid) for name, grid in grids.items()}


def _canonical_sheets(titles: list[str]) -> dict[str, str]:
    """Map canonical sheet name -> the first title in the workbook that matches it."""
    wanted = {schema.match_key(s): s for s in schema.SHEETS}
    found: dict[str, str] = {}
    for title in titles:
        canonical = wanted.get(schema.match_key(title))
        if canonical and canonical not in found:
            found[canonical] = title
    return found


def _read_spreadsheet(
    snapshot: Snapshot, kind: str, on_step: StepCallback | None
) -> dict[str, _Grid]:
    """Text columns of the contract sheets of an xlsx/ods snapshot, read with fastexcel.

    The parser reads the snapshot's bytes, never the file. ``skip_rows=0`` keeps the
    blank rows above the data, so element ``i`` of a column is sheet row ``i + 1``; blank
    columns on the left are dropped by the reader and found again by ``_first_column``.
    """
    import fastexcel

    data = snapshot.data
    try:
        book = fastexcel.read_excel(data)
    except Exception as exc:  # calamine raises several unrelated errors for a broken file
        raise UnreadableWorkbook(
            f"{snapshot.name} could not be read as a spreadsheet ({_short(exc)}); open it in your "
            "spreadsheet program and save it again as .xlsx or .ods"
        ) from exc
    grids = {}
    wanted = _canonical_sheets(book.sheet_names)
    for step, (canonical, title) in enumerate(wanted.items(), start=1):
        try:
            columns = book.load_sheet(
                title, header_row=None, skip_rows=0, dtypes="string", eager=True
            ).columns
        except Exception as exc:
            raise UnreadableWorkbook(
                f"sheet '{title}' of {snapshot.name} could not be read ({_short(exc)}); open "
                "the file in your spreadsheet program and save it again"
            ) from exc
        grids[canonical] = _Grid(title, columns, _first_column(data, kind, title, columns))
        if on_step is not None:
            on_step(f"reading {title}", step, len(wanted))
    return grids


def _first_column(data: bytes, kind: str, title: str, columns: list[pa.Array]) -> int:
    """0-based sheet column of the first column the reader returned.

    For an ``.xlsx`` the first row holding values is found in the sheet XML (one small read)
    and its cells are matched with the reader's; when that is not conclusive (an ``.ods``, or
    cells written without references) calamine parses the sheet again and says where its range
    starts.
    """
    if not columns:
        return 0
    if kind == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _sheet_parts(archive).get(title)
            first = _first_filled_row(archive, part) if part in archive.namelist() else None
        if first is not None:
            row, in_sheet = first
            shown = [
                j for j, column in enumerate(columns) if row < len(column) and column[row].is_valid
            ]
            offsets = {c - j for c, j in zip(in_sheet, shown, strict=False)}
            if len(shown) == len(in_sheet) and len(offsets) == 1:
                return offsets.pop()
    import python_calamine as calamine

    start = (
        calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(title).start
    )
    return start[1] if start else 0


def _first_filled_row(archive: zipfile.ZipFile, part: str) -> tuple[int, list[int]] | None:
    """(0-based row, 0-based columns) of the value cells of the first sheet row holding a
    value, read from the start of the sheet XML; None if a cell has no reference."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 16):
            data = tail + chunk
            cut = data.rfind(b"</row>") + len(b"</row>")
            rows, tail = (data[:cut], data[cut:]) if cut >= len(b"</row>") else (b"", data)
            for row in _ROW.finditer(rows):
                cells = [cell for cell in _CELL.finditer(row.group(1)) if _holds_value(cell)]
                refs = [_REF.search(cell.group(1)) for cell in cells]
                if None in refs:
                    return None
                if refs:
                    return (
                        int(refs[0].group(2)) - 1,
                        [_column_index(ref.group(1).decode()) for ref in refs],
                    )
    return None


def _holds_value(cell: re.Match) -> bool:
    """Whether a ``<c>`` element holds a saved value that is not an error."""
    return b't="e"' not in cell.group(1) and _SAVED_VALUE.search(cell.group(2) or b"") is not None


def _read_csv_folder(snapshot: Snapshot, on_step: StepCallback | None) -> dict[str, _Grid]:
    """Cells of ``contacts.csv``, ``interactions.csv``, ``leads.csv``, ``settings.csv``."""
    stems = {Path(name).stem: name for name in snapshot.files}
    wanted = _canonical_sheets(list(stems))
    files = {canonical: snapshot.files[stems[stem]] for canonical, stem in wanted.items()}
    return _read_csv_files(files, {c: stems[s] for c, s in wanted.items()}, on_step)


def _read_csv_files(
    files: dict[str, bytes], names: dict[str, str], on_step: StepCallback | None
) -> dict[str, _Grid]:
    """Cells of CSV files: canonical sheet -> bytes; ``names`` are what messages call them."""
    grids = {}
    for step, (canonical, data) in enumerate(files.items(), start=1):
        name = names[canonical]
        try:
            text = data.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise UnreadableWorkbook(
                f"{name} is not a UTF-8 CSV file ({_short(exc)}); export it again as 'CSV UTF-8'"
            ) from exc
        cells = pd.DataFrame(rows, dtype=object)
        columns = [pa.array(cells[j], type=pa.string(), from_pandas=True) for j in cells]
        grids[canonical] = _Grid(name, columns)
        if on_step is not None:
            on_step(f"reading {name}", step, len(files))
    return grids


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


def _raw_sheet(grid: _Grid) -> RawSheet:
    """Find the header (first non-blank row), match it, drop blank rows."""
    first = _header_index(grid.columns)
    if first is None:
        return RawSheet(grid.title, pd.DataFrame(), {}, 1)
    header = [(column[first].as_py() or "").strip() for column in grid.columns]
    columns = _columns_of(grid.title)
    if columns and columns[0].name == "key" and schema.match_key(header[0]) != "key":
        first -= 1  # a Settings sheet without a header row: the first row is a setting
        header = ["key", "value"] + [""] * (len(header) - 2)
    known = {c.key: c.name for c in columns}
    positions: dict[str, int] = {}
    cells: dict[str, pa.Array] = {}
    duplicates = []
    for i, text in enumerate(header):
        name = known.get(schema.match_key(text), text)
        if not text:
            continue
        if name in positions:
            duplicates.append((name, grid.first_column + i))
            continue
        positions[name] = grid.first_column + i
        cells[name] = grid.columns[i].slice(first + 1)
    # Whitespace-only cells are blanked later, when text is stripped in ``load``.
    kept = np.zeros(len(grid.columns[0]) - first - 1, dtype=bool)
    for column in cells.values():
        kept |= pc.fill_null(pc.not_equal(column, ""), False).to_numpy(zero_copy_only=False)
    if not kept.all():
        cells = {name: column.filter(kept) for name, column in cells.items()}
    frame = pd.DataFrame(
        {name: pd.array(column, dtype=TEXT) for name, column in cells.items()},
        index=pd.Index(np.flatnonzero(kept) + first + 2),
    )
    return RawSheet(grid.title, frame, positions, first + 1, tuple(duplicates))


def _header_index(columns: list[pa.Array], *, look_first: int = 100) -> int | None:
    """Index of the first row with a cell holding more than whitespace, or None.

    The header is nearly always within the first rows, so those are searched first.
    """
    for rows in (look_first, None):
        filled = np.zeros(len(columns[0][:rows]) if columns else 0, dtype=bool)
        for column in columns:
            text = pc.utf8_trim_whitespace(column[:rows])
            filled |= pc.fill_null(pc.not_equal(text, ""), False).to_numpy(zero_copy_only=False)
        if filled.any():
            return int(filled.argmax())
    return None


def _columns_of(title: str) -> tuple[schema.Column, ...]:
    key = schema.match_key(Path(title).stem)
    for sheet, columns in schema.SHEET_COLUMNS.items():
        if schema.match_key(sheet) == key:
            return columns
    if key == schema.match_key(schema.SETTINGS):
        return (schema.Column("key"), schema.Column("value"))
    return ()


# --- cells calamine reads as empty although they are not ----------------------------------------

_ROW = re.compile(rb"<row\b[^>]*?(?<!/)>(.*?)</row>", re.DOTALL)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_ERROR_VALUE = re.compile(rb"<v>([^<]*)</v>")
_SAVED_VALUE = re.compile(rb"<v>[^<]|<is>")
_CHUNK = 8 << 20


@dataclass(frozen=True)
class SuspectCell:
    """A cell whose shown value is not data: an error (``#REF!``) or a formula never computed."""

    sheet: str
    row: int
    column: int
    message: str


def suspect_cells(data: bytes) -> list[SuspectCell]:
    """Error cells and formulas without a saved value in the contract sheets of an ``.xlsx``.

    The reader reads both as empty cells, which would silently lose data; this scan of the
    sheet XML (streamed, in chunks) finds them so they can be reported by cell. Sheets holding
    no formula and no error cost one fast byte search per chunk.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = _sheet_parts(archive)
        found = []
        for title in _canonical_sheets(list(parts)).values():
            if parts[title] in archive.namelist():
                with archive.open(parts[title]) as stream:
                    found += _scan_sheet(stream, title)
        return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> part name, from ``xl/workbook.xml`` and its relationships."""
    book = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {
        m.group(1): m.group(2).decode()
        for m in re.finditer(rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)
    }
    targets |= {
        m.group(2): m.group(1).decode()
        for m in re.finditer(rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)
    }
    parts = {}
    for m in re.finditer(rb"<sheet\b[^>]*>", book):
        name = re.search(rb'name="([^"]*)"', m.group(0))
        rid = re.search(rb'r:id="([^"]*)"', m.group(0))
        if name and rid and rid.group(1) in targets:
            target = targets[rid.group(1)].lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            parts[_unescape(name.group(1).decode("utf-8"))] = part
    return parts


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _scan_sheet(stream, title: str) -> list[SuspectCell]:
    found, tail = [], b""
    while chunk := stream.read(_CHUNK):
        data = tail + chunk
        cut = data.rfind(b"</row>") + len(b"</row>") if b"</row>" in data else 0
        body, tail = data[:cut], data[cut:]
        if b"<f" in body or b't="e"' in body:
            found += _suspects_in(body, title)
    return found + (_suspects_in(tail, title) if b"<f" in tail or b't="e"' in tail else [])


def _suspects_in(xml: bytes, title: str) -> list[SuspectCell]:
    found = []
    for cell in _CELL.finditer(xml):
        attributes, inner = cell.group(1), cell.group(2) or b""
        is_error = b't="e"' in attributes
        no_value = b"<f" in inner and _SAVED_VALUE.search(inner) is None
        if not (is_error or no_value):
            continue
        ref = _REF.search(attributes)
        if ref is None:
            continue
        column = _column_index(ref.group(1).decode())
        if is_error:
            shown = _ERROR_VALUE.search(inner)
            value = shown.group(1).decode() if shown else "an error"
            message = f"the cell shows {value} instead of a value; fix or retype it"
        else:
            message = (
                "the cell holds a formula with no saved result; open the file in your "
                "spreadsheet program and save it, or type the value"
            )
        found.append(SuspectCell(title, int(ref.group(2)), column, message))
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
