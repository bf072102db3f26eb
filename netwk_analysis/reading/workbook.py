"""Read the raw cells of a workbook: ``.xlsx``/``.xlsm``/``.ods``, a CSV file or a folder of them.

This layer only reads. It never opens the user's file for writing, never saves it and keeps no
handle open afterwards. It returns, for each sheet of the contract, a frame of text cells whose
columns are the canonical names (headers found and matched in ``headers``), the spreadsheet row
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
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netwk_analysis.core import schema
from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading import sheetxml
from netwk_analysis.reading.headers import (
    Grid,
    Note,
    RawSheet,
    columns_mapping,
    known_headers,
    raw_sheet,
    unmatched_mappings,
)
from netwk_analysis.reading.snapshot import Snapshot

__all__ = [
    "RawSheet",
    "StepCallback",
    "SuspectCell",
    "csv_text",
    "read_workbook",
    "sniff_delimiter",
    "suspect_cells",
]

TEXT = pd.StringDtype()

#: ``on_step(label, done, total)``: told after each sheet is read (a progress bar's hook).
StepCallback = Callable[[str, int, int], None]

#: Sheets read by their role, in this order: the Columns sheet first (it maps the others).
_ORDER = (schema.COLUMNS, *schema.SHEETS)


def read_workbook(
    snapshot: Snapshot, kind: str, *, on_step: StepCallback | None = None
) -> dict[str, RawSheet]:
    """Read every contract sheet present in the snapshot; keys are canonical sheet names.

    Sheets are matched like headers (``"contacts"`` and ``"CONTACTS"`` are ``Contacts``); extra
    sheets are ignored. With no Contacts sheet, the only data sheet is read as Contacts
    (docs/workbook.md, "One-sheet trackers"); with several, the Contacts entry is an empty
    placeholder whose note lists the sheets found. The ``Columns`` sheet, if any, is read first
    and maps the others' headers; its entry carries its own problems. ``kind`` is ``"xlsx"``,
    ``"ods"``, ``"csv_folder"`` or ``"csv_file"``. ``on_step``, if given, is called after each
    sheet is read: ``on_step("reading Interactions", 2, 4)``.
    """
    if kind == "csv_file":
        reader: _Reader = _CsvReader({snapshot.name: snapshot.data}, sole=True)
    elif kind == "csv_folder":
        reader = _CsvReader(dict(snapshot.files))
    else:
        reader = _SpreadsheetReader(snapshot, kind)
    roles = _roles(reader)
    raw: dict[str, RawSheet] = {}
    titles = {schema.match_key(t): c for c, t in roles.items()}
    titles |= {schema.match_key(c): c for c in roles}
    mapping: dict[str, dict[str, str]] = {}
    columns_rows: dict[tuple[str, str], int] = {}
    column_notes: list[Note] = []
    steps = [c for c in _ORDER if c in roles]
    for done, canonical in enumerate(steps, start=1):
        grid = reader.grid(roles[canonical])
        raw[canonical] = raw_sheet(grid, canonical, mapping.get(canonical))
        if canonical == schema.COLUMNS:
            mapping, columns_rows, column_notes = columns_mapping(raw[canonical], titles)
        if on_step is not None:
            on_step(f"reading {grid.title}", done, len(steps))
    if schema.COLUMNS in raw:
        column_notes += unmatched_mappings(raw[schema.COLUMNS], columns_rows, raw)
        raw[schema.COLUMNS] = replace(
            raw[schema.COLUMNS], notes=raw[schema.COLUMNS].notes + tuple(column_notes)
        )
    if schema.CONTACTS not in raw:
        raw[schema.CONTACTS] = RawSheet("", pd.DataFrame(), {}, notes=(_no_contacts(reader),))
    return raw


def _roles(reader: _Reader) -> dict[str, str]:
    """Canonical sheet -> the title read as it; a one-sheet tracker's data sheet is Contacts."""
    roles = _canonical_sheets(reader.titles)
    if schema.CONTACTS not in roles:
        others = [t for t in reader.titles if t not in roles.values()]
        data = others if reader.sole else [t for t in others if reader.holds_values(t)]
        if len(data) == 1:
            roles[schema.CONTACTS] = data[0]
    return roles


def _no_contacts(reader: _Reader) -> Note:
    """The problem of a workbook with no Contacts sheet, listing the sheets it has."""
    found = ", ".join(f"'{t}'" for t in reader.titles) or "none"
    return Note(
        schema.CONTACTS,
        None,
        None,
        None,
        f"missing required sheet 'Contacts' (sheets found: {found}); rename the sheet that "
        "lists your contacts to Contacts",
        "error",
    )


def _canonical_sheets(titles: list[str]) -> dict[str, str]:
    """Map canonical sheet name -> the first title in the workbook that matches it."""
    wanted = {schema.match_key(s): s for s in _ORDER}
    found: dict[str, str] = {}
    for title in titles:
        canonical = wanted.get(schema.match_key(Path(title).stem))
        if canonical and canonical not in found:
            found[canonical] = title
    return found


class _Reader:
    """Sheets of a workbook by title; each read once."""

    titles: list[str]
    sole: bool = False

    def grid(self, title: str) -> Grid:
        raise NotImplementedError

    def holds_values(self, title: str) -> bool:
        """Whether a sheet has a cell holding more than spaces."""
        return any(
            pc.any(pc.not_equal(pc.utf8_trim_whitespace(c), "")).as_py()
            for c in self.grid(title).columns
        )


class _SpreadsheetReader(_Reader):
    """Text columns of an xlsx/ods snapshot, read with fastexcel (calamine).

    The parser reads the snapshot's bytes, never the file. ``skip_rows=0`` keeps the blank rows
    above the data, so element ``i`` of a column is sheet row ``i + 1``; blank columns on the
    left are dropped by the reader and found again by ``_first_column``. An ``.xlsx`` sheet
    whose grid would be larger than ``sheetxml.DENSE_LIMIT`` cells is compacted first.
    """

    def __init__(self, snapshot: Snapshot, kind: str):
        import fastexcel

        self.snapshot, self.kind = snapshot, kind
        try:
            self.book = fastexcel.read_excel(snapshot.data)
        except Exception as exc:  # calamine raises several unrelated errors for a broken file
            raise UnreadableWorkbook(
                f"{snapshot.name} could not be read as a spreadsheet ({_short(exc)}); open it "
                "in your spreadsheet program and save it again as .xlsx or .ods"
            ) from exc
        self.titles = list(self.book.sheet_names)
        self.archive = zipfile.ZipFile(io.BytesIO(snapshot.data)) if kind == "xlsx" else None
        self.parts = sheetxml.sheet_parts(self.archive) if self.archive else {}
        self._grids: dict[str, Grid] = {}

    def grid(self, title: str) -> Grid:
        if title not in self._grids:
            self._grids[title] = self._read(title)
        return self._grids[title]

    def _read(self, title: str) -> Grid:
        part = self.parts.get(title)
        if part is None or part not in self.archive.namelist():  # an .ods has no parts
            columns = self._load(self.book, title)
            return Grid(title, columns, self._first(title, columns))
        shape = sheetxml.sheet_shape(self.archive, part)
        skip = sheetxml.totals_rows(self.archive, part)
        if not shape.needs_compacting:
            columns = self._load(self.book, title)
            first = self._first(title, columns)
            return Grid(title, columns, first, skip=skip, merged=shape.merged)
        import fastexcel

        data, rows, used = sheetxml.compact_sheet(self.snapshot.data, part)
        columns = self._load(fastexcel.read_excel(data), title)
        return Grid(title, columns, 0, rows, skip, shape.merged, used)

    def _first(self, title: str, columns: list[pa.Array]) -> int:
        """``_first_column`` of a sheet of this snapshot, its archive opened once."""
        return _first_column(
            self.snapshot.data, self.kind, title, columns, self.archive, self.parts
        )

    def _load(self, book, title: str) -> list[pa.Array]:
        try:
            return book.load_sheet(
                title, header_row=None, skip_rows=0, dtypes="string", eager=True
            ).columns
        except Exception as exc:
            raise UnreadableWorkbook(
                f"sheet '{title}' of {self.snapshot.name} could not be read ({_short(exc)}); "
                "open the file in your spreadsheet program and save it again"
            ) from exc


def _first_column(
    data: bytes,
    kind: str,
    title: str,
    columns: list[pa.Array],
    archive: zipfile.ZipFile | None = None,
    parts: dict[str, str] | None = None,
) -> int:
    """0-based sheet column of the first column the reader returned.

    For an ``.xlsx`` the first row holding values is found in the sheet XML (one small read)
    and its cells are matched with the reader's; when that is not conclusive (an ``.ods``, or
    cells written without references) calamine parses the sheet again and says where its range
    starts. ``archive`` and ``parts``, when given, are the snapshot's zip archive, already
    opened, and its ``sheetxml.sheet_parts``.
    """
    if not columns:
        return 0
    if kind == "xlsx":
        if archive is None:
            with zipfile.ZipFile(io.BytesIO(data)) as opened:
                first = _first_filled(opened, title)
        else:
            first = _first_filled(archive, title, parts)
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


def _first_filled(
    archive: zipfile.ZipFile, title: str, parts: dict[str, str] | None = None
) -> tuple[int, list[int]] | None:
    """``_first_filled_row`` of the sheet titled ``title`` (None if it has no part)."""
    part = (sheetxml.sheet_parts(archive) if parts is None else parts).get(title)
    return _first_filled_row(archive, part) if part in archive.namelist() else None


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


class _CsvReader(_Reader):
    """CSV files (name -> bytes) as sheets titled by file name (docs/workbook.md, "CSV files")."""

    def __init__(self, files: dict[str, bytes], *, sole: bool = False):
        self.files, self.sole = files, sole
        self.titles = list(files)
        self._grids: dict[str, Grid] = {}

    def grid(self, title: str) -> Grid:
        if title not in self._grids:
            role = next(iter(_canonical_sheets([title])), schema.CONTACTS)
            self._grids[title] = _csv_grid(title, self.files[title], role)
        return self._grids[title]


def _csv_grid(title: str, data: bytes, sheet: str) -> Grid:
    """The cells of one CSV file, encoding and delimiter sniffed (docs/workbook.md, "CSV
    files")."""
    text, guessed = csv_text(data)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text, sheet)))
    width = max(map(len, rows), default=0)
    columns = [
        pa.array([row[j] if j < len(row) else None for row in rows], type=pa.string())
        for j in range(width)
    ]
    notes = ()
    if guessed:
        notes = (
            Note(
                title,
                None,
                None,
                None,
                f"{title} is not UTF-8 text, so it was read as Windows-1252: check accented "
                "letters (or export it again as 'CSV UTF-8')",
            ),
        )
    return Grid(title, columns, notes=notes)


def csv_text(data: bytes) -> tuple[str, bool]:
    """Decode a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Returns the text and whether Windows-1252 was guessed.

    Examples
    --------
    >>> csv_text("Zoë".encode("utf-8-sig")), csv_text("Zoë".encode("utf-16"))
    (('Zoë', False), ('Zoë', False))
    >>> csv_text("Zoë".encode("cp1252"))
    ('Zoë', True)
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), False
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), True


_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str, sheet: str) -> str:
    """The delimiter of a CSV file, from its header line: among ``,`` ``;`` and tab, the one
    that splits one of the first 20 non-blank lines into the most known headers; if none does,
    the one that splits the first non-blank line into the most fields (``,`` on a tie).

    Examples
    --------
    >>> sniff_delimiter("Name;Company;Notes\\nMoreno, Alice;Acme;a,b,c\\n", "Contacts")
    ';'
    >>> sniff_delimiter("a\\tb\\n1\\t2\\n", "Contacts")
    '\\t'
    """
    lines = [line for line in text.splitlines()[:200] if line.strip()][:20]
    if not lines:
        return ","
    known = known_headers(sheet)

    def score(delimiter: str) -> tuple[int, int]:
        headers = max(
            len({schema.match_key(f) for f in _fields(line, delimiter)} & known) for line in lines
        )
        return headers, len(_fields(lines[0], delimiter))

    return max(_DELIMITERS, key=score)


def _fields(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return [line]


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


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
        parts = sheetxml.sheet_parts(archive)
        found = []
        for title in parts:
            if parts[title] in archive.namelist():
                with archive.open(parts[title]) as stream:
                    found += _scan_sheet(stream, title)
        return found


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


_column_index = sheetxml.column_index
