"""Read the raw cells of a workbook: ``.xlsx``/``.xlsm``/``.ods`` or a folder of CSV files.

This layer only reads. It never opens the user's file for writing, never saves it and keeps no
handle open afterwards. It returns, for each sheet of the contract, an object-dtype frame whose
columns are the canonical names (headers matched after ``schema.match_key``), the spreadsheet row
number of every row, and where each column sits so problems can be given an A1 reference.
Blank rows are dropped here; values are normalised later, in ``load``.
"""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from netwk_analysis import schema
from netwk_analysis.model import UnreadableWorkbook

__all__ = ["RawSheet", "SuspectCell", "read_workbook", "suspect_cells"]


@dataclass(frozen=True)
class RawSheet:
    """One sheet's cells, headers matched to the contract.

    Attributes
    ----------
    title : the sheet's name as the workbook spells it (used in A1 references).
    frame : object-dtype cells of the non-blank rows; columns are canonical names for contract
        columns and the header text for extra columns; index is the spreadsheet row number.
    positions : canonical column name -> 0-based column index in the sheet.
    header_row : spreadsheet row number of the header (1 unless leading rows are blank).
    duplicates : canonical names whose header appears more than once (first one is used).
    """

    title: str
    frame: pd.DataFrame
    positions: dict[str, int]
    header_row: int = 1
    duplicates: tuple[tuple[str, int], ...] = field(default=())


def read_workbook(path: Path, kind: str) -> dict[str, RawSheet]:
    """Read every contract sheet present in the file; keys are canonical sheet names.

    Sheets are matched like headers (``"contacts"`` and ``"CONTACTS"`` are ``Contacts``); extra
    sheets are ignored. ``kind`` is ``"xlsx"``, ``"ods"`` or ``"csv_folder"``.
    """
    grids = _read_csv_folder(path) if kind == "csv_folder" else _read_spreadsheet(path)
    return {name: _raw_sheet(title, rows) for name, (title, rows) in grids.items()}


def _canonical_sheets(titles: list[str]) -> dict[str, str]:
    """Map canonical sheet name -> the first title in the workbook that matches it."""
    wanted = {schema.match_key(s): s for s in schema.SHEETS}
    found: dict[str, str] = {}
    for title in titles:
        canonical = wanted.get(schema.match_key(title))
        if canonical and canonical not in found:
            found[canonical] = title
    return found


def _read_spreadsheet(path: Path) -> dict[str, tuple[str, list[list]]]:
    """Cells of the contract sheets of an xlsx/ods file, read with python-calamine."""
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError as exc:
        raise UnreadableWorkbook(
            f"{path.name} is password-protected; remove the password in your spreadsheet "
            "program and save a copy to analyse"
        ) from exc
    except Exception as exc:  # calamine raises several unrelated types for a broken file
        raise UnreadableWorkbook(
            f"{path.name} could not be read as a spreadsheet ({_short(exc)}); open it in your "
            "spreadsheet program and save it again as .xlsx or .ods"
        ) from exc
    try:
        sheets = _canonical_sheets(book.sheet_names)
        grids = {}
        for canonical, title in sheets.items():
            try:
                rows = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
            except Exception as exc:
                raise UnreadableWorkbook(
                    f"sheet '{title}' of {path.name} could not be read ({_short(exc)}); open "
                    "the file in your spreadsheet program and save it again"
                ) from exc
            grids[canonical] = (title, rows)
        return grids
    finally:
        book.close()


def _read_csv_folder(path: Path) -> dict[str, tuple[str, list[list]]]:
    """Cells of ``contacts.csv``, ``interactions.csv``, ``leads.csv``, ``settings.csv``."""
    files = {p.stem: p for p in path.iterdir() if p.suffix.lower() == ".csv"}
    grids = {}
    for canonical, stem in _canonical_sheets(list(files)).items():
        try:
            with files[stem].open(newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.reader(handle))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise UnreadableWorkbook(
                f"{files[stem].name} is not a UTF-8 CSV file ({_short(exc)}); export it again "
                "as 'CSV UTF-8'"
            ) from exc
        grids[canonical] = (files[stem].name, rows)
    return grids


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _raw_sheet(title: str, rows: list[list]) -> RawSheet:
    """Find the header (first non-blank row), match it, drop blank rows."""
    first = next((i for i, r in enumerate(rows) if not all(map(_is_blank, r))), None)
    if first is None:
        return RawSheet(title, pd.DataFrame(), {}, 1)
    header = [str(h).strip() if not _is_blank(h) else "" for h in rows[first]]
    columns = _columns_of(title)
    if columns and columns[0].name == "key" and schema.match_key(header[0]) != "key":
        first -= 1  # a Settings sheet without a header row: the first row is a setting
        header = ["key", "value"] + [""] * (len(header) - 2)
    width = len(header)
    frame = pd.DataFrame(rows[first + 1 :], dtype=object).reindex(columns=range(width))
    frame.index = pd.RangeIndex(first + 2, first + 2 + len(frame))
    known = {c.key: c.name for c in columns}
    positions: dict[str, int] = {}
    names: dict[int, str] = {}
    duplicates = []
    for i, text in enumerate(header):
        name = known.get(schema.match_key(text), text)
        if not text:
            continue
        if name in positions:
            duplicates.append((name, i))
            continue
        positions[name] = i
        names[i] = name
    frame = frame[list(names)].rename(columns=names)
    # Whitespace-only cells are blanked later, when text is stripped in ``load``.
    blank = (frame.isna() | frame.eq("")).all(axis=1)
    return RawSheet(title, frame.loc[~blank], positions, first + 1, tuple(duplicates))


def _columns_of(title: str) -> tuple[schema.Column, ...]:
    key = schema.match_key(Path(title).stem)
    for sheet, columns in schema.SHEET_COLUMNS.items():
        if schema.match_key(sheet) == key:
            return columns
    if key == schema.match_key(schema.SETTINGS):
        return (schema.Column("key"), schema.Column("value"))
    return ()


# --- cells calamine reads as empty although they are not ----------------------------------------

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


def suspect_cells(path: Path, titles: list[str]) -> list[SuspectCell]:
    """Error cells and formulas without a saved value in the named sheets of an ``.xlsx``.

    python-calamine reads both as empty cells, which would silently lose data; this scan of the
    sheet XML (streamed, in chunks) finds them so they can be reported by cell. Sheets holding
    no formula and no error cost one fast byte search per chunk.
    """
    with zipfile.ZipFile(path) as archive:
        parts = _sheet_parts(archive)
        found = []
        for title in titles:
            if title in parts and parts[title] in archive.namelist():
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
            message = ("the cell holds a formula with no saved result; open the file in your "
                       "spreadsheet program and save it, or type the value")
        found.append(SuspectCell(title, int(ref.group(2)), column, message))
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
