"""What the cell reader does not say about an ``.xlsx`` sheet, read from its XML.

docs/workbook.md, "Spreadsheets as people keep them": a sheet's extent is its last cell
holding a value, and a stray value far away must cost nothing. The cell reader (calamine) builds
one dense grid from the first to the last cell, so a value at ``XFD1048576`` under ten rows asks
for 17 billion cells. ``sheet_shape`` streams the sheet XML once and bounds the grid from the last
row number and the widest column reference; a sheet whose grid would be too large is
``compacted``: its rows holding values are renumbered 1, 2, 3... and its columns holding values
A, B, C..., so the grid holds only what is there, and the original row and column numbers are
kept for every A1 reference. The same pass collects the merged ranges (a merged header cell is a
warning). ``totals_rows`` reads the sheet's Excel Tables: a table's totals row is not data.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass

import numpy as np

from netwk_analysis.core.model import column_letter

__all__ = [
    "DENSE_LIMIT",
    "SheetShape",
    "column_index",
    "compact_sheet",
    "sheet_parts",
    "sheet_shape",
    "totals_rows",
]

#: Cells (rows x columns, from A1 to the last cell) above which a sheet is compacted first.
#: 12 million cells of the reader's grid take about 400 MB; a real tracker of 400,000 rows and
#: 26 columns stays below it and is read directly.
DENSE_LIMIT = 12_000_000
_CHUNK = 8 << 20

_LAST_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"')
#: A cell reference of two letters or more, and of three (`` r="`` first: the search skips fast).
_TWO_LETTERS = re.compile(rb' r="[A-Z]{2}')
_THREE_LETTERS = re.compile(rb' r="[A-Z]{3}[0-9]')
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)"')
_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.DOTALL)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_ROW_NUMBER = re.compile(rb'\br="([0-9]+)"')
_VALUE = re.compile(rb"<v>[^<]|<is>")
_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)


def column_index(letters: str) -> int:
    """0-based index of a column's letters.

    Examples
    --------
    >>> column_index("A"), column_index("Z"), column_index("AA"), column_index("XFD")
    (0, 25, 26, 16383)
    """
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> part name, from ``xl/workbook.xml`` and its relationships."""
    book = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = _targets(rels)
    parts = {}
    for m in re.finditer(rb"<sheet\b[^>]*>", book):
        name = re.search(rb'name="([^"]*)"', m.group(0))
        rid = re.search(rb'r:id="([^"]*)"', m.group(0))
        if name and rid and rid.group(1) in targets:
            parts[html.unescape(name.group(1).decode("utf-8"))] = _resolve(
                "xl/workbook.xml", targets[rid.group(1)]
            )
    return parts


def _targets(rels: bytes) -> dict[bytes, str]:
    """Relationship id -> target, whatever the attributes' order."""
    found = {}
    for m in re.finditer(rb"<Relationship\b[^>]*>", rels):
        rid = re.search(rb'\bId="([^"]+)"', m.group(0))
        target = re.search(rb'\bTarget="([^"]+)"', m.group(0))
        if rid and target:
            found[rid.group(1)] = target.group(1).decode()
    return found


def _resolve(source: str, target: str) -> str:
    """A relationship's target as a part name, relative to the part that holds it."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = source.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


@dataclass(frozen=True)
class SheetShape:
    """What one pass over a sheet's XML found.

    Attributes
    ----------
    cells : an upper bound of the reader's grid (last row x widest column).
    width : an upper bound of its columns (26, 702 or 16,384).
    merged : merged ranges as (first row, first column, last row, last column); rows 1-based,
        columns 0-based.
    """

    cells: int
    width: int
    merged: tuple[tuple[int, int, int, int], ...]

    @property
    def needs_compacting(self) -> bool:
        """Whether the reader's grid would be too large: more than ``DENSE_LIMIT`` cells, or
        a column past ``ZZ`` (16,384 columns cost seconds even over ten rows)."""
        return self.cells > DENSE_LIMIT or self.width > 702


def sheet_shape(archive: zipfile.ZipFile, part: str) -> SheetShape:
    """Stream a sheet's XML once: the bound of its grid and its merged ranges.

    The last row is the last ``<row r=...>`` (rows are written in order); the width is bounded
    by the longest column reference found (one, two or three letters: 26, 702 or 16,384).
    """
    last_row, width, tail, rest = 0, 26, b"", b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            if rest or b"</sheetData>" in data:
                rest += data
                data = rest.split(b"</sheetData>")[0]
            if width < 16_384 and _TWO_LETTERS.search(data):
                width = 16_384 if _THREE_LETTERS.search(data) else max(width, 702)
            rows = data.rfind(b"<row ")
            if rows >= 0 and (m := _LAST_ROW.match(data, rows)):
                last_row = max(last_row, int(m.group(1)))
            tail = b"" if rest else data[-256:]
    merged = tuple(
        (
            int(m.group(2)),
            column_index(m.group(1).decode()),
            int(m.group(4)),
            column_index(m.group(3).decode()),
        )
        for m in _MERGE.finditer(rest)
    )
    return SheetShape(last_row * width, width, merged)


def compact_sheet(data: bytes, part: str) -> tuple[bytes, np.ndarray, np.ndarray]:
    """The workbook with one sheet compacted, and the original row and column numbers.

    Only the cells holding a value are kept; the rows holding one are renumbered 1, 2, 3...
    and the columns holding one A, B, C..., so the reader's grid is as small as the data.
    Returns the new workbook's bytes (the other parts copied as they are, the other sheets
    left empty), the 1-based sheet row of each new row and the 0-based sheet column of each new
    column.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(part)
        rows, columns, body = _kept_cells(xml)
        start = xml.find(b"<sheetData")
        head = re.sub(rb"<dimension\b[^>]*/>", b"", xml[:start])
        used = np.array(sorted(columns), dtype=np.int64)
        new_column = {c: i for i, c in enumerate(used.tolist())}
        out = [head, b"<sheetData>"]
        for number, (_, cells) in enumerate(body, start=1):
            out.append(b'<row r="%d">' % number)
            for column, attributes, inner in cells:
                letters = column_letter(new_column[column]).encode()
                attributes = _REF.sub(b"", attributes)
                out.append(b'<c r="%s%d"%s>%s</c>' % (letters, number, attributes, inner))
            out.append(b"</row>")
        out.append(b"</sheetData></worksheet>")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
            for info in archive.infolist():
                if info.filename == part:
                    copy.writestr(info.filename, b"".join(out))
                elif info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    copy.writestr(info.filename, _EMPTY_SHEET)  # only this sheet is read
                else:
                    copy.writestr(info.filename, archive.read(info.filename))
    return buffer.getvalue(), np.array(rows, dtype=np.int64), used


def _kept_cells(xml: bytes):
    """Rows holding a value: their numbers, the columns used, and (row, cells) pairs."""
    rows, columns, body = [], set(), []
    number = 0
    for row in _ROW.finditer(xml):
        given = _ROW_NUMBER.search(row.group(1))
        number = int(given.group(1)) if given else number + 1
        cells, column = [], -1
        for cell in _CELL.finditer(row.group(2) or b""):
            attributes, inner = cell.group(1), cell.group(2) or b""
            ref = _REF.search(attributes)
            column = column_index(ref.group(1).decode()) if ref else column + 1
            if _VALUE.search(inner):
                cells.append((column, attributes, inner))
                columns.add(column)
        if cells:
            rows.append(number)
            body.append((number, cells))
    return rows, columns, body


def totals_rows(archive: zipfile.ZipFile, part: str) -> frozenset[int]:
    """Sheet rows that are an Excel Table's totals row (the last ``totalsRowCount`` rows of the
    table's ``ref``): they sum the data, they are not data."""
    folder, name = part.rsplit("/", 1)
    rels = f"{folder}/_rels/{name}.rels"
    if rels not in archive.namelist():
        return frozenset()
    found: set[int] = set()
    for target in _targets(archive.read(rels)).values():
        table = _resolve(part, target)
        if "/tables/" not in f"/{table}" or table not in archive.namelist():
            continue
        head = archive.read(table)[:4096]
        element = re.search(rb"<table\b[^>]*>", head)
        if element is None:
            continue
        count = re.search(rb'\btotalsRowCount="([0-9]+)"', element.group(0))
        ref = re.search(rb'\bref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"', element.group(0))
        if count and ref:
            last = int(ref.group(1))
            found.update(range(last - int(count.group(1)) + 1, last + 1))
    return frozenset(found)
