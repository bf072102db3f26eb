"""Find a sheet's header row and match its headers to the contract.

The rules are docs/workbook.md, "Spreadsheets as people keep them": the header row is the
first of the first 20 non-blank rows holding at least two known headers (or a required one);
headers are matched after ``schema.match_key`` to a contract column's own name, to one of its
aliases (``schema.HEADER_ALIASES``) or through the ``Columns`` sheet, which wins over both;
``First Name`` + ``Last Name`` make ``name`` when there is no name column. What could be a wrong
guess is said, as a warning at the header cell: a duplicate or merged header, an unused column
whose header is close to a contract column, an unused column of dates or of yes/no on Contacts.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netwk_analysis.core import schema
from netwk_analysis.core.model import cell_ref

__all__ = [
    "Grid",
    "Note",
    "RawSheet",
    "columns_mapping",
    "known_headers",
    "raw_sheet",
    "unmatched_mappings",
]

TEXT = pd.StringDtype()

#: The header row is looked for among this many non-blank rows at the top of a sheet.
HEADER_SEARCH_ROWS = 20
#: Rows sampled to tell whether an unused column holds dates or yes/no.
SAMPLE_ROWS = 200


@dataclass(frozen=True)
class Note:
    """Something found while reading a sheet's shape, located by cell (A1 ``position``)."""

    sheet: str
    row: int | None
    position: int | None
    column: str | None
    message: str
    severity: str = "warning"


@dataclass(frozen=True)
class Grid:
    """A sheet as read: one Arrow text column per sheet column.

    Attributes
    ----------
    title : the sheet's name as the workbook spells it.
    columns : element ``i`` of every column is in sheet row ``rows[i]``.
    first_column : 0-based sheet column of ``columns[0]``.
    rows : sheet row number of each element; None means element ``i`` is row ``i + 1``.
    skip : sheet rows that are not data (an Excel Table's totals row).
    merged : merged ranges as (first row, first column, last row, last column); rows 1-based,
        columns 0-based.
    columns_at : sheet column of each element of ``columns``; None means ``first_column + j``.
    notes : what reading the sheet found (a CSV file's guessed encoding).
    """

    title: str
    columns: list[pa.Array]
    first_column: int = 0
    rows: np.ndarray | None = None
    skip: frozenset[int] = frozenset()
    merged: tuple[tuple[int, int, int, int], ...] = ()
    columns_at: np.ndarray | None = None
    notes: tuple[Note, ...] = ()

    def position(self, j: int) -> int:
        """0-based sheet column of ``columns[j]``."""
        if self.columns_at is not None:
            return int(self.columns_at[j])
        return self.first_column + j

    def row_numbers(self) -> np.ndarray:
        """Sheet row number of every element."""
        if self.rows is not None:
            return self.rows
        return np.arange(1, (len(self.columns[0]) if self.columns else 0) + 1)


@dataclass(frozen=True)
class RawSheet:
    """One sheet's cells, headers matched to the contract.

    Attributes
    ----------
    title : the sheet's name as the workbook spells it (used in A1 references).
    frame : text cells (string dtype, <NA> when empty) of the non-blank rows below the header,
        as the spreadsheet reader renders them (a date cell reads ``2026-03-06 00:00:00``, a
        number ``44123``); columns are canonical names for contract columns and the header
        text for extra columns; index is the spreadsheet row number.
    positions : canonical column name -> 0-based column index in the sheet.
    header_row : spreadsheet row number of the header.
    notes : what was found about the sheet's shape (warnings at header cells).
    headers : match keys of the header row's cells.
    not_data : sheet rows left out because they are not data (an Excel Table's totals row).
    """

    title: str
    frame: pd.DataFrame
    positions: dict[str, int]
    header_row: int = 1
    notes: tuple[Note, ...] = field(default=())
    headers: frozenset[str] = field(default=frozenset())
    not_data: frozenset[int] = field(default=frozenset())


def _matcher(sheet: str, mapping: dict[str, str]) -> dict[str, tuple[str, int]]:
    """Header key -> (contract column, rank): 0 from Columns, 1 own name, 2 alias."""
    found: dict[str, tuple[str, int]] = {}
    for column, aliases in schema.HEADER_ALIASES.get(sheet, {}).items():
        for alias in aliases:
            found[schema.match_key(alias)] = (column, 2)
    for column in _contract(sheet):
        found[schema.match_key(column)] = (column, 1)
    for key, column in mapping.items():
        found[key] = (column, 0)
    return found


def _contract(sheet: str) -> tuple[str, ...]:
    """Contract column names of a canonical sheet."""
    if sheet == schema.SETTINGS:
        return ("key", "value")
    if sheet == schema.COLUMNS:
        return schema.COLUMNS_SHEET_COLUMNS
    return tuple(c.name for c in schema.SHEET_COLUMNS.get(sheet, ()))


def _required(sheet: str) -> set[str]:
    if sheet == schema.SETTINGS:
        return {"key"}
    return {c.name for c in schema.SHEET_COLUMNS.get(sheet, ()) if c.required}


def _filled(columns: list[pa.Array], stop: int | None) -> np.ndarray:
    """Mask of the elements (up to ``stop``) holding more than whitespace in some column."""
    length = len(columns[0][:stop]) if columns else 0
    parts = [column[:stop] for column in columns]
    if len({(len(part), part.type) for part in parts}) == 1:  # one call for every column
        text = pc.utf8_trim_whitespace(pa.concat_arrays(parts))
        held = pc.fill_null(pc.not_equal(text, ""), False).to_numpy(zero_copy_only=False)
        return held.reshape(len(parts), length).any(axis=0)
    filled = np.zeros(length, dtype=bool)
    for part in parts:
        text = pc.utf8_trim_whitespace(part)
        filled |= pc.fill_null(pc.not_equal(text, ""), False).to_numpy(zero_copy_only=False)
    return filled


def _not_empty(columns: list[pa.Array], length: int) -> np.ndarray:
    """Mask of the ``length`` elements holding a non-empty text in some column."""
    if len({(len(column), column.type) for column in columns}) == 1:  # one call for all
        held = pc.fill_null(pc.not_equal(pa.concat_arrays(columns), ""), False)
        return held.to_numpy(zero_copy_only=False).reshape(len(columns), length).any(axis=0)
    kept = np.zeros(length, dtype=bool)
    for column in columns:
        kept |= pc.fill_null(pc.not_equal(column, ""), False).to_numpy(zero_copy_only=False)
    return kept


def _candidates(columns: list[pa.Array]) -> list[int]:
    """Indices of the first ``HEADER_SEARCH_ROWS`` non-blank rows (the top is searched first)."""
    rows = np.flatnonzero(_filled(columns, 200))[:HEADER_SEARCH_ROWS]
    if len(rows) < HEADER_SEARCH_ROWS and len(columns[0]) > 200:
        rows = np.flatnonzero(_filled(columns, None))[:HEADER_SEARCH_ROWS]
    return rows.tolist()


def known_headers(sheet: str) -> set[str]:
    """Match keys of every header that means a column of ``sheet`` (own names and aliases)."""
    both = {schema.match_key(h) for h in schema.FIRST_LAST_NAME}
    return set(_matcher(sheet, {})) | (both if sheet == schema.CONTACTS else set())


def _texts(columns: list[pa.Array], index: int) -> list[str]:
    """The cells of one row as trimmed text."""
    return [(column[index].as_py() or "").strip() for column in columns]


def _header_index(grid: Grid, sheet: str, matcher: dict[str, tuple[str, int]]) -> int | None:
    """Index of the header row: the first candidate holding two known headers or a required
    one; else the first non-blank row; None for a blank sheet."""
    candidates = _candidates(grid.columns)
    if not candidates:
        return None
    required = _required(sheet) | ({"name"} if sheet == schema.CONTACTS else set())
    first_last = {schema.match_key(h) for h in schema.FIRST_LAST_NAME}
    for index in candidates:
        keys = {schema.match_key(t) for t in _texts(grid.columns, index) if t}
        meant = {matcher[k][0] for k in keys if k in matcher}
        named = sheet == schema.CONTACTS and first_last <= keys
        if len(meant) >= 2 or meant & required or named:
            return index
    return candidates[0]


def raw_sheet(grid: Grid, sheet: str, mapping: dict[str, str] | None = None) -> RawSheet:
    """Find the header, match it, drop blank rows and rows that are not data.

    ``sheet`` is the canonical sheet the grid is read as; ``mapping`` is the Columns sheet's
    header key -> contract column for it.
    """
    matcher = _matcher(sheet, mapping or {})
    index = _header_index(grid, sheet, matcher) if grid.columns else None
    if index is None:
        return RawSheet(grid.title, pd.DataFrame(), {}, 1, grid.notes)
    numbers = grid.row_numbers()
    header = _texts(grid.columns, index)
    if sheet == schema.SETTINGS and schema.match_key(header[0]) != "key":
        return _headerless_settings(grid, index, numbers)
    chosen, notes = _assign(grid, header, matcher, int(numbers[index]))
    notes = [*grid.notes, *notes]
    if sheet == schema.SETTINGS and "value" not in chosen:
        message = "missing column 'value'; put each setting's value in the column next to its key"
        notes.append(
            Note(
                grid.title,
                int(numbers[index]),
                grid.position(chosen["key"]) + 1,
                "value",
                message,
                "error",
            )
        )
    cells = {name: grid.columns[j].slice(index + 1) for name, j in chosen.items()}
    positions = {name: grid.position(j) for name, j in chosen.items()}
    if sheet == schema.CONTACTS and "name" not in chosen:
        joined = _first_last(grid, header, index)
        if joined is not None:
            cells["name"], positions["name"] = joined[0], grid.position(joined[1])
    kept = _not_empty(list(cells.values()), len(numbers) - index - 1)
    below = numbers[index + 1 :]
    if grid.skip:
        kept &= ~np.isin(below, list(grid.skip))
    if not kept.all():
        cells = {name: column.filter(kept) for name, column in cells.items()}
    frame = pd.DataFrame(
        {name: pd.array(column, dtype=TEXT) for name, column in cells.items()},
        index=pd.Index(below[kept].astype("int64")),
    )
    header_row = int(numbers[index])
    if sheet in schema.SHEET_COLUMNS:
        notes += _merged_notes(grid, header, header_row)
        notes += _unused_notes(grid, sheet, header, chosen, frame, header_row)
    keys = frozenset(schema.match_key(t) for t in header if t)
    return RawSheet(grid.title, frame, positions, header_row, tuple(notes), keys, grid.skip)


def _assign(
    grid: Grid, header: list[str], matcher: dict[str, tuple[str, int]], row: int
) -> tuple[dict[str, int], list[Note]]:
    """Column name -> index in ``grid.columns``: each contract column from its best-ranked
    header (Columns sheet, own name, alias; the first of equals), extra columns by their
    header text. A second header meaning a column already taken is a warning naming both."""
    ranked = sorted(
        (matcher.get(schema.match_key(text), (text, 3))[1], j)
        for j, text in enumerate(header)
        if text
    )
    chosen: dict[str, int] = {}
    notes = []
    for _, j in ranked:
        text = header[j]
        name = matcher.get(schema.match_key(text), (text, 3))[0]
        if name in chosen:
            first = chosen[name]
            where = cell_ref(grid.title, row, grid.position(first))
            notes.append(
                Note(
                    grid.title,
                    row,
                    grid.position(j),
                    name,
                    f"column '{text}' repeats {name} (already at {where}, "
                    f"'{header[first]}'); the one at {where} is used",
                )
            )
            continue
        chosen[name] = j
    return chosen, notes


def _first_last(grid: Grid, header: list[str], index: int) -> tuple[pa.Array, int] | None:
    """``First Name`` + " " + ``Last Name`` below the header, and the first name's index."""
    keys = [schema.match_key(t) for t in header]
    first, last = (schema.match_key(h) for h in schema.FIRST_LAST_NAME)
    if first not in keys or last not in keys:
        return None
    a, b = keys.index(first), keys.index(last)
    parts = [
        pc.fill_null(pc.utf8_trim_whitespace(grid.columns[j].slice(index + 1)), "") for j in (a, b)
    ]
    joined = pc.utf8_trim_whitespace(pc.binary_join_element_wise(*parts, " "))
    return pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), joined), a


def _headerless_settings(grid: Grid, index: int, numbers: np.ndarray) -> RawSheet:
    """A Settings sheet without a header row: its first row is a setting (key, value)."""
    cells = {"key": grid.columns[0].slice(index)}
    positions = {"key": grid.position(0)}
    notes = list(grid.notes)
    if len(grid.columns) > 1:
        cells["value"] = grid.columns[1].slice(index)
        positions["value"] = grid.position(1)
    else:
        notes.append(
            Note(
                grid.title,
                int(numbers[index]),
                grid.position(0) + 1,
                "value",
                "the sheet has one column; put each setting's value in the column next to its key",
                "error",
            )
        )
    kept = pc.fill_null(pc.not_equal(cells["key"], ""), False).to_numpy(zero_copy_only=False)
    frame = pd.DataFrame(
        {name: pd.array(column.filter(kept), dtype=TEXT) for name, column in cells.items()},
        index=pd.Index(numbers[index:][kept].astype("int64")),
    )
    return RawSheet(grid.title, frame, positions, int(numbers[index]), tuple(notes))


def _merged_notes(grid: Grid, header: list[str], row: int) -> list[Note]:
    """A warning for each merged header cell: only its first column holds the header."""
    notes = []
    at = {grid.position(j): j for j in range(len(header))}
    for top, left, bottom, right in grid.merged:
        if top <= row <= bottom and right > left:
            text = header[at[left]] if left in at else ""
            span = f"{cell_ref(grid.title, top, left)}:{cell_ref('x', bottom, right)[2:]}"
            notes.append(
                Note(
                    grid.title,
                    row,
                    left,
                    None,
                    f"header '{text}' is a merged cell ({span}); only its first column is "
                    "read: unmerge it and give each column its own header",
                )
            )
    return notes


_DATE_TEXT = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2}([ T].*)?|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|"
    r"\d{1,2} [A-Za-z]{3,9},? \d{4}|[A-Za-z]{3,9} \d{1,2},? \d{4})\s*$"
)


def _sample(column: pd.Series) -> pd.Series:
    return column.dropna().str.strip().pipe(lambda s: s[s.ne("")]).head(SAMPLE_ROWS)


def _looks_like_dates(column: pd.Series) -> bool:
    """Most of the sampled non-blank cells are dates (date cells or date text)."""
    sample = _sample(column)
    return len(sample) > 0 and sample.map(lambda v: bool(_DATE_TEXT.match(v))).mean() >= 0.8


def _looks_like_yes_no(column: pd.Series) -> bool:
    """Every sampled non-blank cell is a yes/no value."""
    sample = _sample(column)
    keys = sample.str.lower().str.replace(r"[^0-9a-z]+", "", regex=True)
    return len(sample) > 0 and bool(keys.isin(schema.YES | schema.NO | {"true", "false"}).all())


def _unused_notes(
    grid: Grid,
    sheet: str,
    header: list[str],
    chosen: dict[str, int],
    frame: pd.DataFrame,
    row: int,
) -> list[Note]:
    """Warnings for unused columns that may have been meant: on Contacts, a column of yes/no
    answers (dates are needed); a header close to a free contract column or alias (difflib,
    ratio 0.75); on Contacts, a column of dates, suggested as the first of contacted_on,
    replied_on, interviewed_on, thank_you_on, added_on that has no column yet."""
    free = [c for c in _contract(sheet) if c not in chosen]
    names = {schema.match_key(c): c for c in free}
    for column, aliases in schema.HEADER_ALIASES.get(sheet, {}).items():
        if column in free:
            names |= {schema.match_key(a): column for a in aliases}
    steps = [*schema.SHORTCUT_COLUMNS, "added_on"]  # the first step with no column yet
    dates = [c for c in steps if c in free]
    notes = []
    for text, j in chosen.items():
        if text in _contract(sheet) or text not in frame:
            continue
        key = schema.match_key(text)
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
        meant = names[close[0]] if close else None
        if meant is None and sheet == schema.CONTACTS and dates and _looks_like_dates(frame[text]):
            meant = dates[0]
        position = grid.position(j)
        if sheet == schema.CONTACTS and _looks_like_yes_no(frame[text]):
            message = (
                f"column '{text}' holds yes/no answers, which the review cannot use: it needs "
                "the day of each step; type dates in contacted_on, replied_on, "
                "interviewed_on or thank_you_on (or map a date column in Columns)"
            )
            notes.append(Note(grid.title, row, position, None, message))
        elif meant is not None:
            message = (
                f"column '{text}' is not used; if it means {meant}, rename it or map it in "
                f"{schema.COLUMNS}"
            )
            notes.append(Note(grid.title, row, position, None, message))
    return notes


# --- the Columns sheet ----------------------------------------------------------------------


def _or(names: list[str]) -> str:
    """``A, B or C``."""
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def columns_mapping(
    raw: RawSheet | None, titles: dict[str, str]
) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], int], list[Note]]:
    """Read the Columns sheet (docs/workbook.md, "The `Columns` sheet").

    ``titles`` maps a sheet title's match key to the canonical sheet it is read as. Returns
    canonical sheet -> {header key -> contract column}, (sheet, header key) -> the Columns row
    that maps it, and errors at the Columns sheet's own cells.
    """
    mapping: dict[str, dict[str, str]] = {}
    rows: dict[tuple[str, str], int] = {}
    notes: list[Note] = []
    if raw is None or raw.frame.empty:
        return mapping, rows, notes
    for name in schema.COLUMNS_SHEET_COLUMNS:
        if name not in raw.frame:
            notes.append(
                Note(
                    raw.title,
                    raw.header_row,
                    None,
                    name,
                    f"missing column '{name}'; the Columns sheet has three columns: sheet, "
                    "column (your header) and means (the column it stands for)",
                    "error",
                )
            )
    if notes:
        return mapping, rows, notes

    def note(row: int, column: str, message: str) -> None:
        notes.append(Note(raw.title, row, raw.positions[column], column, message, "error"))

    frame = raw.frame.apply(lambda s: s.str.strip())
    for row, (sheet, header, means) in zip(
        frame.index, frame[list(schema.COLUMNS_SHEET_COLUMNS)].itertuples(index=False), strict=True
    ):  # a loop over the few rows of a mapping sheet, not over data
        canonical = titles.get(schema.match_key(sheet)) if pd.notna(sheet) else None
        if canonical not in schema.SHEET_COLUMNS:
            shown = "" if pd.isna(sheet) else sheet
            note(
                row,
                "sheet",
                f"'{shown}' is not a sheet to map; use {_or(list(schema.SHEET_COLUMNS))}",
            )
            continue
        if pd.isna(header) or not header:
            note(row, "column", "column is empty; type the header as it is in your sheet")
            continue
        allowed = _contract(canonical)
        meant = {schema.match_key(c): c for c in allowed}.get(schema.match_key(means or ""))
        if pd.isna(means) or meant is None:
            shown = "" if pd.isna(means) else means
            note(
                row,
                "means",
                f"'{shown}' is not a column of {canonical}; use one of: {', '.join(allowed)}",
            )
            continue
        mapping.setdefault(canonical, {})[schema.match_key(header)] = meant
        rows[(canonical, schema.match_key(header))] = int(row)
    return mapping, rows, notes


def unmatched_mappings(
    raw: RawSheet, rows: dict[tuple[str, str], int], sheets: dict[str, RawSheet]
) -> list[Note]:
    """Errors at the Columns rows naming a header their sheet does not have."""
    notes = []
    for (sheet, key), row in rows.items():
        read = sheets.get(sheet)
        if read is None or key not in read.headers:
            where = read.title if read is not None else sheet
            header = raw.frame.at[row, "column"].strip()
            notes.append(
                Note(
                    raw.title,
                    row,
                    raw.positions["column"],
                    "column",
                    f"{where} has no header '{header}' in its header row",
                    "error",
                )
            )
    return notes
