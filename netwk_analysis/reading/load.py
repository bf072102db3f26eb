"""Load a workbook into a validated ``Network``: typed frames, settings and every problem at once.

The rules are docs/workbook.md (the sheets, and "When something is wrong"). Cells are normalised
kind by kind: every column of one kind (text, names, dates, fixed lists, yes/no, numbers), on
every sheet, in one vectorised call, so a small workbook does not pay each call's fixed cost once
per column; a problem is recorded for every cell that breaks a rule, with its A1 reference, and
the offending row is left out of the frames (a bad contact row, interaction or lead), so every
analysis can still run on what is valid.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netwk_analysis.core import schema
from netwk_analysis.core.model import Network, Problem, Settings, cell_ref
from netwk_analysis.reading import guards as safety
from netwk_analysis.reading.cells import arrow_text, per_distinct
from netwk_analysis.reading.dates import (
    EARLIEST_LIKELY,
    date_errors,
    parse_dates,
    resolve_zone,
)
from netwk_analysis.reading.names import clean_names, name_key
from netwk_analysis.reading.snapshot import Snapshot, take_snapshot
from netwk_analysis.reading.workbook import (
    RawSheet,
    StepCallback,
    SuspectCell,
    read_workbook,
    suspect_cells,
)

__all__ = ["load_network"]

TEXT = pd.StringDtype()


def load_network(
    source: str | Path | Snapshot,
    *,
    as_of: dt.date | None = None,
    on_step: StepCallback | None = None,
    since: dt.date | None = None,
) -> Network:
    """Read and validate a workbook (``.xlsx``, ``.xlsm``, ``.ods`` or a folder of CSV files).

    Problems in the data are collected in ``Network.problems`` (never raised). A file that cannot
    be read as a workbook at all raises ``UnreadableWorkbook`` with one sentence saying why.
    ``as_of`` overrides the ``as_of`` setting for the "date after the as-of date" warnings;
    ``since`` overrides the ``since`` setting (the analyses leave out rows dated before it).
    The file's bytes are read once (docs/workbook.md, "How the file is read"): every guard and
    parser works from that snapshot, and the file is never modified. ``on_step(label, done,
    total)`` is told after each sheet is read.
    """
    snapshot = source if isinstance(source, Snapshot) else take_snapshot(source)
    kind = safety.check_workbook_file(snapshot)
    with ThreadPoolExecutor(max_workers=1) as background:  # the XML scan overlaps the reading
        suspects = background.submit(suspect_cells, snapshot.data) if kind == "xlsx" else None
        raw = read_workbook(snapshot, kind, on_step=on_step)
    found = _Problems()
    _report_notes(raw, found)
    if suspects is not None:
        _report_suspect_cells(suspects.result(), raw, found)
    settings = _parse_settings(raw.get(schema.SETTINGS), found)
    if as_of is not None:
        settings = replace(settings, as_of=as_of)
    if since is not None:
        settings = replace(settings, since=since)
    contacts, interactions, leads, targets = _parse_sheets(raw, settings, found)
    if schema.CONTACTS not in raw:
        found.add(schema.CONTACTS, None, None, "missing required sheet 'Contacts'")
        raw[schema.CONTACTS] = RawSheet("", pd.DataFrame(), {})  # placeholder, never reported
    targets = _unique_targets(targets, raw.get(schema.TARGETS), found)
    review_day = pd.Timestamp(settings.as_of or dt.date.today())
    for sheet, frame in zip(schema.SHEETS, (contacts, interactions, leads), strict=False):
        _warn_future(frame, raw.get(sheet), review_day, found)
    contacts = _unique_contacts(contacts, raw[schema.CONTACTS], found)
    contacts = _resolve_referrers(contacts, raw[schema.CONTACTS], found)
    interactions = _resolve_contacts(interactions, raw.get(schema.INTERACTIONS), contacts, found)
    leads = _resolve_contacts(leads, raw.get(schema.LEADS), contacts, found)
    interactions = _with_shortcut_events(interactions, contacts)
    contacts = _with_defaults(contacts, interactions)
    if not raw[schema.CONTACTS].positions and raw[schema.CONTACTS].title != "":
        found.add(
            raw[schema.CONTACTS].title,
            None,
            None,
            "the sheet is empty; put the headers (Name, Company, Referred By, ...) in "
            "row 1 and one person per row below (netwk init writes a template)",
        )
    return Network(
        contacts=_public(contacts, schema.SHORTCUT_COLUMNS),
        interactions=_public(interactions),
        leads=_public(leads),
        settings=settings,
        problems=found.sorted(),
        path=snapshot.path,
        targets=_public(targets),
    )


# --- problems -------------------------------------------------------------------------------


@dataclass
class _Problems:
    """Collects problems as they are found; sorted by sheet order and row at the end."""

    items: list[Problem] = field(default_factory=list)

    def add(self, sheet, row, column, message, *, position=None, severity="error"):
        cell = cell_ref(sheet, row, position)
        self.items.append(Problem(sheet, row, column, cell, severity, message))

    def cells(self, raw: RawSheet, rows, column: str, messages, *, severity="error"):
        """Add one problem per row in ``rows`` (index labels) for ``column`` of ``raw``."""
        position = raw.positions.get(column)
        if isinstance(messages, str):
            messages = [messages] * len(rows)
        for row, message in zip(rows, messages, strict=True):
            self.add(raw.title, int(row), column, message, position=position, severity=severity)

    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def sorted(self) -> tuple[Problem, ...]:
        order = {s: i for i, s in enumerate(schema.SHEETS)}

        def sort_key(p: Problem):
            return (order.get(_canonical_title(p.sheet), 9), p.sheet, p.row or 0, p.cell)

        return tuple(sorted(self.items, key=sort_key))


def _canonical_title(title: str) -> str:
    key = schema.match_key(Path(title).stem)
    return next((s for s in schema.SHEETS if schema.match_key(s) == key), title)


def _report_notes(raw: dict[str, RawSheet], found: _Problems) -> None:
    """What reading found about each sheet's shape (docs/workbook.md, "Said, never silent")."""
    for sheet in raw.values():
        for note in sheet.notes:
            found.add(
                note.sheet,
                note.row,
                note.column,
                note.message,
                position=note.position,
                severity=note.severity,
            )


def _report_suspect_cells(
    cells: list[SuspectCell], raw: dict[str, RawSheet], found: _Problems
) -> None:
    """Error cells (``#REF!``, ``#N/A``) and formulas with no saved result, by cell: they read as
    empty, so the person must know their data did not come through."""
    sheets = {sheet.title: sheet for sheet in raw.values()}
    for cell in cells:
        sheet = sheets.get(cell.sheet)
        if sheet is None or cell.row in sheet.not_data:
            continue  # a sheet the review does not read, or a table's totals row
        column = next((n for n, i in sheet.positions.items() if i == cell.column), None)
        severity = "error" if cell.row > sheet.header_row and column in _CONTRACT else "warning"
        found.add(
            cell.sheet, cell.row, column, cell.message, position=cell.column, severity=severity
        )


_CONTRACT = {c.name for cols in schema.SHEET_COLUMNS.values() for c in cols} | {"key", "value"}


# --- cell normalisation (vectorised) --------------------------------------------------------


def _text(values: pd.Series) -> pd.Series:
    """Cells as trimmed text; blanks become <NA>; numbers keep their digits (44123.0 -> 44123).

    Text is never re-interpreted: a phone ``0123`` or a company named ``NA`` stays as typed.

    Examples
    --------
    >>> _text(pd.Series([" 0123 ", "NA", "  ", None, "2026-03-06 00:00:00"])).tolist()
    ['0123', 'NA', <NA>, <NA>, '2026-03-06']
    """
    cells = pc.utf8_trim_whitespace(arrow_text(values))
    cells = pc.if_else(pc.equal(cells, ""), pa.scalar(None, cells.type), cells)
    return pd.Series(pd.array(_as_shown(cells), dtype=TEXT), index=values.index)


#: How the reader renders date cells (always 19 characters) -> the group a spreadsheet shows.
#: RE2 patterns: ``$`` ends the text.
_DATE_CELLS = (
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]00:00:00$",  # a day
    r"^1899-12-3[01][T ]([0-9]{2}:[0-9]{2}:[0-9]{2})$",  # a time of day only
)


def _as_shown(cells: pa.Array) -> pa.Array:
    """Date cells as a spreadsheet shows them: the day (``2026-03-06``, not ``2026-03-06
    00:00:00`` as the reader renders a date cell), or the time of a time-only cell.

    Only cells of the rendered length go through the patterns.
    """
    dated = pc.fill_null(pc.equal(pc.binary_length(cells), 19), False)
    if pc.any(dated).as_py():
        shown = pc.filter(cells, dated)
        for pattern in _DATE_CELLS:
            shown = pc.replace_substring_regex(shown, pattern, r"\1")
        cells = pc.replace_with_mask(cells, dated, shown)
    return cells


def _keys(text: pd.Series) -> pd.Series:
    """Matching form of fixed-list values (``"Thank You"`` -> ``thankyou``)."""
    keys = pc.replace_substring_regex(pc.utf8_lower(arrow_text(text)), r"[^0-9a-z]+", "")
    return pd.Series(pd.array(keys, dtype=TEXT), index=text.index)


def _yes_no(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells: "Yes"/"Y"/"TRUE"/1/"x" -> True, "No"/"N"/"FALSE"/0 -> False."""
    return per_distinct(values, _distinct_yes_no)


def _distinct_yes_no(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    keys = arrow_text(_keys(_text(values)))  # a blank cell has no key
    yes = pc.is_in(keys, value_set=_YES)
    no = pc.and_(pc.is_in(keys, value_set=_NO), pc.is_valid(keys))
    truth = pc.if_else(yes, True, pc.if_else(no, False, pa.scalar(None, pa.bool_())))
    bad = pc.and_(pc.is_valid(keys), pc.is_null(truth)).to_numpy(zero_copy_only=False)
    return (
        pd.Series(pd.array(truth, dtype="boolean"), index=values.index),
        pd.Series(bad, index=values.index),
    )


#: The matching forms of yes and no (``schema.YES``, ``schema.NO``) as Arrow value sets.
_YES = pa.array(sorted(schema.YES))
_NO = pa.array(sorted(schema.NO))


# --- sheets ---------------------------------------------------------------------------------


def _parse_settings(raw: RawSheet | None, found: _Problems) -> Settings:
    """Settings sheet key/value rows over the documented defaults; bad values are reported."""
    if raw is None or raw.frame.empty or "key" not in raw.frame:
        return Settings()
    frame = raw.frame
    keys = _keys(_text(frame["key"]))
    values = frame["value"] if "value" in frame else pd.Series("", index=frame.index)
    known = {schema.match_key(k): k for k in schema.SETTING_DEFAULTS}
    chosen: dict[str, object] = {}
    for row, key, value in zip(frame.index, keys, values, strict=True):
        if pd.isna(key):
            continue
        name = known.get(key)
        if name is None:
            message = f"unknown setting '{frame.at[row, 'key']}' is ignored"
            found.add(
                raw.title,
                row,
                "key",
                message,
                position=raw.positions.get("key"),
                severity="warning",
            )
            continue
        parsed, error = _setting_value(name, value)
        if error:
            found.add(raw.title, row, "value", error, position=raw.positions.get("value"))
        elif parsed is not None:
            chosen[name] = parsed
    return Settings(**chosen)


def _setting_value(name: str, value: object) -> tuple[object, str | None]:
    """One setting's typed value, or an error message saying what to type."""
    text = "" if pd.isna(value) else value.strip()
    if text == "":
        return None, None
    default = schema.SETTING_DEFAULTS[name]
    if isinstance(default, int):
        if not text.isdigit():
            return None, f"{name} must be a whole number of days or names, not '{text}'"
        return int(text), None
    if name == "week_start":
        days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        match = [d for d in days if d.startswith(text.lower()[:3])]
        if len(text) < 3 or not match:
            return None, f"week_start must be a day name such as Monday, not '{text}'"
        return match[0].title(), None
    if name in ("as_of", "since"):
        days, bad = parse_dates(pd.Series([value], dtype=object))
        if bad.iloc[0]:
            return None, f"{name} must be a date (YYYY-MM-DD), not '{text}'"
        return days.iloc[0].date(), None
    if name == "timezone":
        try:
            resolve_zone(text)
        except ValueError as error:
            return None, str(error)
        return text, None
    if name == "holidays":
        return _holiday_code(text)
    if name == "calendar_kind":
        return _calendar_kind(text)
    return text, None


def _calendar_kind(text: str) -> tuple[str | None, str | None]:
    """``event`` or ``todo`` (docs/workbook.md): matched like a fixed-list value, a plural or
    ``to-do`` included."""
    key = schema.match_key(text).removesuffix("s")
    if key in schema.CALENDAR_KINDS:
        return key, None
    return None, f"calendar_kind must be event or todo, not '{text}'"


def _holiday_code(text: str) -> tuple[str | None, str | None]:
    """A country (optionally ``-subdivision``) code the ``holidays`` library knows."""
    import holidays

    country, _, subdiv = text.upper().partition("-")
    supported = holidays.list_supported_countries()
    if country not in supported:
        return None, f"holidays must be a country code such as US, GB or DE, not '{text}'"
    if subdiv and subdiv not in supported[country]:
        return None, f"'{subdiv}' is not a subdivision of {country} the holiday calendar knows"
    return text.upper(), None


def _parse_sheets(
    raw: dict[str, RawSheet], settings: Settings, found: _Problems
) -> list[pd.DataFrame]:
    """Typed frames of Contacts, Interactions, Leads and Targets, in that order.

    The cells of every column of one kind, on every sheet, are typed in one go (end to end,
    then split back by column): typing costs the same for 3 cells as for 300, so a small
    workbook pays it once per kind, not once per column. Problems are then reported sheet by
    sheet, column by column, as if each column had been typed alone.
    """
    sheets = [(raw.get(sheet), columns) for sheet, columns in schema.SHEET_COLUMNS.items()]
    typed = _typed_columns(sheets, settings)
    return [
        _parse_sheet(sheet, columns, cells, settings, found)
        for (sheet, columns), cells in zip(sheets, typed, strict=True)
    ]


def _kind(column: schema.Column | None) -> str:
    """How a column is typed: its kind; a name column (``schema.NAME_COLUMNS``) is ``name``;
    a column outside the contract is ``text``."""
    if column is None:
        return "text"
    if column.kind == "text" and column.name in schema.NAME_COLUMNS:
        return "name"
    return column.kind


def _typed_columns(sheets, settings: Settings) -> list[dict[str, tuple[pd.Series, np.ndarray]]]:
    """For each sheet, column name -> (typed values, mask of cells that do not fit its kind).

    Text is trimmed (``_text``), names cleaned as docs/workbook.md, "Names" says, dates read as
    "Dates" says, fixed-list values, yes/no and numbers matched; each kind in one call over
    all its cells.
    """
    groups: dict[str, list[tuple[int, str, pd.Series, schema.Column | None]]] = {}
    for at, (raw, columns) in enumerate(sheets):
        if raw is None:
            continue
        contract = {c.name: c for c in columns}
        for name in raw.frame.columns:
            column = contract.get(name)
            groups.setdefault(_kind(column), []).append((at, name, raw.frame[name], column))
    typed: list[dict] = [{} for _ in sheets]
    for kind, members in groups.items():
        parts = [values for _, _, values, _ in members]
        if kind == "choice":
            results = _choices(parts, [column.choices for *_, column in members])
        else:
            results = _split(_TYPERS[kind](_joined(parts), settings), parts)
        for (at, name, _, _), result in zip(members, results, strict=True):
            typed[at][name] = result
    return typed


def _joined(parts: list[pd.Series]) -> pd.Series:
    """The cells of ``parts`` (text) end to end, as one Series with a positional index."""
    chunks = []
    for part in parts:
        cells = pa.array((part if part.dtype == TEXT else part.astype(TEXT)).array)
        chunks += cells.chunks if isinstance(cells, pa.ChunkedArray) else [cells]
    text = pa.large_string()
    joined = pa.chunked_array([c if c.type == text else c.cast(text) for c in chunks], text)
    return pd.Series(pd.array(joined, dtype=TEXT))


def _split(results: tuple[pd.Series, ...], parts: list[pd.Series]) -> list[tuple]:
    """``results`` (typed values, bad mask) of ``parts`` joined, split back by part: each
    part's values as a Series on that part's index and its bad mask as a boolean array."""
    values, bad = results
    bad = bad.to_numpy(dtype=bool)
    out, start = [], 0
    for part in parts:
        stop = start + len(part)
        out.append((pd.Series(values.array[start:stop], index=part.index), bad[start:stop]))
        start = stop
    return out


def _no_bad(values: pd.Series) -> pd.Series:
    """A mask of no cell, aligned with ``values``."""
    return pd.Series(np.zeros(len(values), dtype=bool), index=values.index)


def _typed_text(cells: pd.Series, settings: Settings) -> tuple[pd.Series, pd.Series]:
    """Text cells (``_text``); none is bad."""
    text = _text(cells)
    return text, _no_bad(text)


def _typed_names(cells: pd.Series, settings: Settings) -> tuple[pd.Series, pd.Series]:
    """Name cells, cleaned (docs/workbook.md, "Names"); none is bad."""
    names = clean_names(_text(cells))
    return names, _no_bad(names)


def _typed_dates(cells: pd.Series, settings: Settings) -> tuple[pd.Series, pd.Series]:
    """Date cells read as days (docs/workbook.md, "Dates") with the date settings."""
    return parse_dates(cells, date_format=settings.date_format, timezone=settings.timezone)


def _typed_yes_no(cells: pd.Series, settings: Settings) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells (``_yes_no``)."""
    return _yes_no(cells)


def _typed_numbers(cells: pd.Series, settings: Settings) -> tuple[pd.Series, pd.Series]:
    """Number cells (``_number``); the range of each column is checked per column."""
    return _number(cells)


#: How each kind of column (``_kind``) is typed: joined cells, settings -> (values, bad).
_TYPERS = {
    "text": _typed_text,
    "name": _typed_names,
    "date": _typed_dates,
    "yesno": _typed_yes_no,
    "number": _typed_numbers,
}


def _choices(parts: list[pd.Series], choices: list[tuple[str, ...]]) -> list[tuple]:
    """Fixed-list columns, each with its own list: every cell is trimmed and put in matching
    form once (``_keys``; per distinct value), then each column's values are looked up in
    its list. Returns (categorical values, mask of unknown values) per column."""
    codes, distinct = pd.factorize(_joined(parts), use_na_sentinel=True)
    text = _text(pd.Series(distinct))
    keys, filled = _keys(text), text.notna().to_numpy(dtype=bool)
    out, start = [], 0
    for part, allowed in zip(parts, choices, strict=True):
        stop = start + len(part)
        matching, positions = _choice_lookup(allowed)
        found = positions[matching.get_indexer(keys)]
        at = codes[start:stop]
        picked = np.append(found, -1)[at]  # code -1 (a blank cell) picks the appended -1
        values = pd.Categorical.from_codes(picked, dtype=_dtype_of("choice", allowed))
        unknown = np.append(filled & (found < 0), False)[at]
        out.append((pd.Series(values, index=part.index), unknown))
        start = stop
    return out


@functools.cache
def _choice_lookup(choices: tuple[str, ...]) -> tuple[pd.Index, np.ndarray]:
    """The matching forms (``match_key``) of ``choices`` and, for each, the position in
    ``choices`` of the value it means, followed by -1 (what a value matching none picks)."""
    lookup = {schema.match_key(c): choices.index(c) for c in choices}
    return pd.Index(list(lookup)), np.array([*lookup.values(), -1])


def _parse_sheet(raw, columns, typed, settings: Settings, found: _Problems) -> pd.DataFrame:
    """Typed frame of one sheet (contract columns in order, extras kept as text, ``row``,
    ``bad``) from its ``typed`` columns; problems for cells that do not fit, row by row."""
    if raw is None:
        return _missing_sheet(columns).copy(deep=False)
    frame = raw.frame
    bad_rows = np.zeros(len(frame), dtype=bool)
    for column in columns:
        if column.name not in frame:
            if column.required and raw.positions:
                found.add(
                    raw.title,
                    raw.header_row,
                    column.name,
                    f"missing required column '{column.name}'",
                )
            continue
        values, bad = typed[column.name]
        if column.kind == "number":
            bad = bad | _out_of_range(values, column)
        _report_cells(frame[column.name], values, bad, column, settings, raw, found)
        if column.required:
            missing = values.isna().to_numpy(dtype=bool) & ~bad
            found.cells(raw, frame.index[missing], column.name, f"{column.name} is empty")
            bad = bad | missing
        if column.required or column.name == "date":
            bad_rows |= bad
    return _sheet_frame(frame.index, columns, typed, bad_rows)


@functools.cache
def _missing_sheet(columns: tuple[schema.Column, ...]) -> pd.DataFrame:
    """The typed frame of a sheet the workbook does not have (kept: copy it, never change it)."""
    return _sheet_frame(pd.RangeIndex(0), columns, {}, np.zeros(0, dtype=bool))


def _sheet_frame(index: pd.Index, columns, typed, bad_rows: np.ndarray) -> pd.DataFrame:
    """The typed frame: every contract column of its declared dtype (empty where the sheet
    lacks it), then the extra columns as text, ``row`` and ``bad``; whitespace-only rows (no
    value left, nothing bad) are left out."""
    arrays, keep = {}, bad_rows.copy()
    for column in columns:
        if column.name in typed:
            arrays[column.name] = _column_array(typed[column.name][0], column)
            keep |= _filled(arrays[column.name])
        else:
            arrays[column.name] = _blank_array(column, len(index))
    for name, (values, _) in typed.items():
        if name not in arrays:
            arrays[name] = values.array
            keep |= _filled(values.array)
    arrays["row"] = index.to_numpy(dtype="int64")
    arrays["bad"] = bad_rows
    if not keep.all():
        arrays = {name: array[keep] for name, array in arrays.items()}
    return pd.DataFrame(arrays, index=pd.RangeIndex(int(keep.sum())))


def _filled(array) -> np.ndarray:
    """Mask of the cells of ``array`` holding a value."""
    return ~np.isnat(array) if isinstance(array, np.ndarray) else ~pd.isna(array)


def _column_array(values: pd.Series, column: schema.Column):
    """One contract column's typed values as an array of its declared dtype."""
    if column.kind == "date":
        return values.to_numpy(dtype="datetime64[ns]")
    dtype = _dtype(column)
    return (values if values.dtype == dtype else values.astype(dtype)).array


def _blank_array(column: schema.Column, size: int):
    """A contract column the sheet lacks: ``size`` blank cells of its declared dtype."""
    if column.kind == "date":
        return np.full(size, np.datetime64("NaT"), dtype="datetime64[ns]")
    return _blank(_dtype(column), size)


@functools.lru_cache(maxsize=64)
def _blank(dtype, size: int) -> pd.api.extensions.ExtensionArray:
    """``size`` blank cells of ``dtype`` (shared: a frame built from it copies it)."""
    return pd.api.extensions.take(_empty(dtype), np.full(size, -1), allow_fill=True)


@functools.cache
def _empty(dtype) -> pd.api.extensions.ExtensionArray:
    """An empty array of ``dtype`` (to take blank cells from)."""
    return pd.array([], dtype=dtype)


def _report_cells(cells, values, bad, column, settings, raw, found) -> None:
    """Problems for the cells of one column that do not fit its kind (docs/workbook.md, "When
    something is wrong"); for a date column also a warning at each date before 1990."""
    if column.kind == "date":
        _report_dates(cells, values, bad, column, settings, raw, found)
    elif column.kind != "text" and bad.any():
        shown = _text(cells[bad])
        found.cells(
            raw, shown.index, column.name, [_complaint(column, v, settings) for v in shown]
        )


def _report_dates(cells, days, bad, column, settings, raw, found) -> None:
    """A date column (docs/workbook.md, "Dates"): problems for the cells that cannot be read
    (ambiguous ones grouped), and a warning at each date before 1990, shown as read."""
    position = raw.positions.get(column.name)

    def cell(row) -> str:
        return cell_ref(raw.title, int(row), position).split("!")[-1]

    if bad.any():
        for row, message in date_errors(
            cells,
            pd.Series(bad, index=cells.index),
            column=column.name,
            date_format=settings.date_format,
            cell=cell,
        ):
            found.add(raw.title, int(row), column.name, message, position=position)
    early = days.to_numpy(dtype="datetime64[ns]") < EARLIEST_LIKELY.to_datetime64()
    if early.any():
        found.cells(
            raw,
            cells.index[early],
            column.name,
            [f"{day:%Y-%m-%d} looks like a typo (a date before 1990)" for day in days[early]],
            severity="warning",
        )


def _dtype(column: schema.Column) -> object:
    """The frame dtype of a contract column."""
    return _dtype_of(column.kind, column.choices)


@functools.cache
def _dtype_of(kind: str, choices: tuple[str, ...]) -> object:
    """The frame dtype of a column of ``kind`` (a fixed list: its ``choices``, in order)."""
    return {
        "date": "datetime64[ns]",
        "choice": pd.CategoricalDtype(list(choices)),
        "yesno": "boolean",
        "number": "Float64",
    }.get(kind, TEXT)


def _complaint(column: schema.Column, value: str, settings: Settings) -> str:
    """What is wrong with ``value`` in ``column``, saying what to type instead."""
    if column.kind == "choice":
        allowed = ", ".join(column.choices)
        return f"unknown {column.name} '{value}'; use one of: {allowed}"
    if column.kind == "yesno":
        return f"'{value}' in {column.name} is not yes or no"
    if column.choices:
        return f"'{value}' in {column.name} is not one of {', '.join(column.choices)}"
    if column.name in _WHOLE_DAYS:
        return f"'{value}' in {column.name} is not a whole number of days (1 or more)"
    return f"'{value}' in {column.name} is not a number"


#: Number columns that hold a whole number of days, 1 or more (docs/workbook.md).
_WHOLE_DAYS = frozenset({"check_in_days"})


def _out_of_range(numbers: pd.Series, column: schema.Column) -> np.ndarray:
    """Mask of numbers a number column does not allow: not one of its ``choices`` (motivation
    0-3, posting 3/2/1), or, for a column of days, not a whole number of at least 1."""
    values = numbers.to_numpy(dtype=float, na_value=np.nan)
    filled = ~np.isnan(values)
    if column.choices:
        return filled & ~np.isin(values, [float(choice) for choice in column.choices])
    if column.name in _WHOLE_DAYS:
        return filled & ((values < 1) | (values != np.round(values)))
    return np.zeros(len(values), dtype=bool)


def _number(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Number cells (``25``, `` 7.5 ``) as Float64, and a mask of the cells that are not."""
    return per_distinct(values, _distinct_numbers)


def _distinct_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = _text(values)
    numbers = pd.to_numeric(text, errors="coerce").astype("Float64")
    return numbers, (text.notna() & numbers.isna()).astype(bool)


# --- names and references -------------------------------------------------------------------


def _unique_contacts(contacts: pd.DataFrame, raw: RawSheet, found: _Problems) -> pd.DataFrame:
    """Drop later rows whose name repeats an earlier one (after trimming and case-folding)."""
    kept = ~contacts["bad"].to_numpy(dtype=bool)
    if not kept.all():
        contacts = contacts.loc[kept]
    contacts = contacts.assign(key=name_key(contacts["name"]))
    dup = (contacts["key"].duplicated(keep="first") & contacts["key"].notna()).to_numpy()
    if not dup.any():
        return contacts if kept.all() else contacts.reset_index(drop=True)
    first_row = contacts.drop_duplicates("key").set_index("key")["row"]
    rows = contacts.loc[dup, "row"]
    firsts = contacts.loc[dup, "key"].map(first_row)
    names = contacts.loc[dup, "name"]
    found.cells(
        raw,
        rows,
        "name",
        [f"duplicate name '{n}' (first on row {f})" for n, f in zip(names, firsts, strict=True)],
    )
    return contacts.loc[~dup].reset_index(drop=True)


def _unique_targets(targets: pd.DataFrame, raw: RawSheet | None, found: _Problems) -> pd.DataFrame:
    """Target employers with their documented defaults (motivation 0, posting 1, alumni no);
    a later row naming an employer already listed (after trimming and case-folding) is a
    warning and left out. Rows without an employer were reported by ``_parse_sheet``."""
    if targets.empty:
        return _empty_frame_like(targets, _TARGET_DTYPES)
    targets = targets.loc[~targets["bad"].astype(bool)]
    key = targets["employer"].str.strip().str.casefold()
    dup = key.duplicated(keep="first")
    if dup.any() and raw is not None:
        first_row = targets.loc[~dup].assign(key=key[~dup]).set_index("key")["row"]
        found.cells(
            raw,
            targets.loc[dup, "row"],
            "employer",
            [
                f"employer '{e}' is already listed (row {r}); this row is ignored"
                for e, r in zip(targets.loc[dup, "employer"], key[dup].map(first_row), strict=True)
            ],
            severity="warning",
        )
    targets = targets.loc[~dup]
    return targets.assign(
        motivation=targets["motivation"].fillna(0).astype("Int64"),
        posting=targets["posting"].fillna(1).astype("Int64"),
        alumni=targets["alumni"].fillna(False).astype("boolean"),
    ).reset_index(drop=True)


#: The dtypes of the Targets columns once their defaults are filled in.
_TARGET_DTYPES = {
    "motivation": pd.Int64Dtype(),
    "posting": pd.Int64Dtype(),
    "alumni": pd.BooleanDtype(),
}


def _empty_frame_like(frame: pd.DataFrame, dtypes: dict) -> pd.DataFrame:
    """An empty frame with the columns of ``frame`` (empty too), ``dtypes`` for some."""
    arrays = {
        name: _empty(dtypes[name]) if name in dtypes else column.array
        for name, column in frame.items()
    }
    return pd.DataFrame(arrays, index=pd.RangeIndex(0))


#: Up to this many contacts, "did you mean" compares an unknown name with every contact.
FULL_SCAN_CONTACTS = 2_000
#: "Did you mean" is looked up for this many distinct unknown names per column, at most.
MAX_SUGGESTIONS = 200


class _NameSuggester:
    """ "; did you mean 'Alice Moreno'?" for an unknown name: difflib's closest contact by name
    key (ratio at least 0.75), else "" (also once ``limit`` distinct names have been looked up).

    Comparing one name with all of 100,000 contacts takes difflib a third of a second, so past
    ``FULL_SCAN_CONTACTS`` the candidates are narrowed by the first three letters of each word
    of three letters or more: first the contacts sharing every such word beginning with the
    typed name, then, if none of them is close enough, those sharing any. A name close enough
    to suggest nearly always keeps one word's beginning ('Alise Moreno' still shares 'mor' with
    'Alice Moreno'). The word index is built on the first lookup, so a workbook with no unknown
    name never pays for it.
    """

    def __init__(self, contacts: pd.DataFrame, *, limit: int = MAX_SUGGESTIONS):
        known = contacts.dropna(subset=["key"])
        self._limit = limit
        self._keys = known["key"].astype(object).to_numpy()
        self._names = dict(zip(self._keys, known["name"], strict=True))
        self._by_prefix: dict[str, np.ndarray] | None = None
        self._said: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        if value not in self._said:
            if len(self._said) >= self._limit:
                return ""
            self._said[value] = self._closest(" ".join(value.casefold().split()))
        return self._said[value]

    def _closest(self, key: str) -> str:
        for pool in self._pools(key):
            close = difflib.get_close_matches(key, pool, n=1, cutoff=0.75)
            if close:
                return f"; did you mean '{self._names[close[0]]}'?"
        return ""

    def _pools(self, key: str):
        if len(self._keys) <= FULL_SCAN_CONTACTS:
            yield self._keys
            return
        if self._by_prefix is None:
            words = pd.Series(self._keys).str.split().explode().dropna()
            words = words[words.str.len() >= 3]  # initials and numbers would match thousands
            self._by_prefix = {
                prefix: positions.to_numpy()
                for prefix, positions in pd.Series(words.index).groupby(words.str[:3].to_numpy())
            }
        hits = [self._by_prefix.get(word[:3]) for word in key.split() if len(word) >= 3]
        hits = [h for h in hits if h is not None]
        if len(hits) > 1:
            yield self._keys[functools.reduce(np.intersect1d, hits)]
        if hits:
            yield self._keys[np.unique(np.concatenate(hits))]


def _positions(refs: pd.Series, contacts: pd.DataFrame) -> np.ndarray:
    """Row position in ``contacts`` of the person each cell names; -1 for a blank cell or a
    name not in Contacts.

    Each distinct name is looked up once: as typed (the usual case: the canonical name), else
    by its name key.
    """
    codes, distinct = pd.factorize(refs)
    distinct = pd.Series(distinct)
    found = _first_positions(contacts["name"], distinct)
    retyped = found < 0
    if retyped.any():
        keys = name_key(distinct[retyped].astype(TEXT))
        found[retyped] = _first_positions(contacts["key"], keys)
    return np.append(found, -1)[codes]  # code -1 (a blank cell) picks the appended -1


def _first_positions(column: pd.Series, wanted: pd.Series) -> np.ndarray:
    """Position in ``column`` of the first cell equal to each of ``wanted``; -1 where none is.

    Names are unique by their name key, but a name with no letters or digits (``!``) has no
    key, so two such cells may hold the same text: the first one is the one found.
    """
    first = ~column.duplicated().to_numpy(dtype=bool)
    found = pd.Index(column[first]).get_indexer(wanted)
    return np.where(found >= 0, np.flatnonzero(first)[found], -1)


def _names_at(contacts: pd.DataFrame, positions: np.ndarray, index: pd.Index) -> pd.Series:
    """Canonical names of the contacts at ``positions`` (<NA> for -1)."""
    return pd.Series(contacts["name"].array.take(positions, allow_fill=True), index=index)


def _unknown_messages(refs, unknown, contacts, column: str, sheet_word: str) -> list[str]:
    if not unknown.any():
        return []
    suggest = _NameSuggester(contacts)
    out = []
    for value in refs[unknown]:
        out.append(f"unknown contact '{value}' in {column}{suggest(value)}{sheet_word}")
    return out


def _resolve_referrers(contacts: pd.DataFrame, raw: RawSheet, found: _Problems) -> pd.DataFrame:
    """Resolve ``referred_by``; report unknown names, self-referrals and referral cycles."""
    referrer = _positions(contacts["referred_by"], contacts)
    unknown = contacts["referred_by"].notna().to_numpy() & (referrer < 0)
    if unknown.any():
        found.cells(
            raw,
            contacts.loc[unknown, "row"],
            "referred_by",
            _unknown_messages(contacts["referred_by"], unknown, contacts, "referred_by", ""),
        )
    own = referrer == np.arange(len(contacts))
    if own.any():
        found.cells(
            raw,
            contacts.loc[own, "row"],
            "referred_by",
            [f"'{n}' is referred by themselves" for n in contacts.loc[own, "name"]],
        )
        referrer[own] = -1
    for cycle, position in list(_cycles(contacts["name"], referrer, contacts["row"])):
        found.cells(
            raw,
            [contacts["row"].iat[position]],
            "referred_by",
            "referral cycle: " + " → ".join(cycle),
        )
        referrer[position] = -1
    return contacts.assign(referred_by=_names_at(contacts, referrer, contacts.index))


def _cycles(names: pd.Series, referrer: np.ndarray, rows: pd.Series):
    """Yield (names around the cycle, position of the row to report) for each referral cycle.

    ``referrer`` holds the position of each person's referrer (-1 for none). Peels people
    nobody names as referrer, level by level (vectorised), until only cycle members are left;
    then walks each (short) cycle to name it. The row reported is the cycle's last.
    """
    left = referrer >= 0
    while left.any():
        named = np.zeros(len(referrer), dtype=bool)
        named[referrer[left]] = True
        if not (left & ~named).any():
            break
        left &= named
    row = rows.to_numpy()
    seen: set[int] = set()
    for start in sorted(np.flatnonzero(left), key=lambda member: row[member]):
        if start in seen:
            continue
        cycle = [start]
        while referrer[cycle[-1]] != start:
            cycle.append(referrer[cycle[-1]])
        seen.update(cycle)
        yield [names.iat[m] for m in [*cycle, start]], max(cycle, key=lambda m: row[m])


def _resolve_contacts(frame, raw: RawSheet | None, contacts, found: _Problems) -> pd.DataFrame:
    """Resolve ``contact`` of Interactions/Leads rows; rows naming nobody are reported and
    left out. ``who`` keeps each row's contact as a position in ``contacts``."""
    if frame.empty:
        return frame.assign(who=np.zeros(0, dtype=np.intp))
    who = _positions(frame["contact"], contacts)
    unknown = frame["contact"].notna().to_numpy() & (who < 0)
    if raw is not None and unknown.any():
        found.cells(
            raw,
            frame.loc[unknown, "row"],
            "contact",
            _unknown_messages(
                frame["contact"],
                unknown,
                contacts,
                "contact",
                " (add them to Contacts or fix the spelling)",
            ),
        )
    keep = ~(unknown | frame["bad"].to_numpy(dtype=bool))
    resolved = frame.assign(contact=_names_at(contacts, who, frame.index), who=who)
    return resolved if keep.all() else resolved.loc[keep].reset_index(drop=True)


# --- events and defaults --------------------------------------------------------------------


def _with_shortcut_events(interactions: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    """Add one interaction per filled shortcut date (contacted_on -> request, ...), and sort.

    A shortcut event identical (same day, contact, type) to an Interactions row is not added
    twice: people who keep both record the same touch once. Events of the same day and row
    keep the order Interactions rows first, then the shortcut columns in their order. The
    frame is built once, from arrays: ``sheet`` says where each event came from.
    """
    shortcuts = _shortcut_events(interactions, contacts)
    given, made = len(interactions), len(shortcuts["who"])
    parts = [] if made and not given else [dict(interactions.items())]
    parts += [shortcuts] if made else []
    names = [*interactions.columns, "sheet"]
    if made and not given:  # an empty Interactions sheet: its extra columns are not kept
        names = [*(c.name for c in schema.INTERACTION_COLUMNS), "sheet", "row", "who"]
    sheet = np.repeat([schema.INTERACTIONS, schema.CONTACTS], [given, made])
    events = {
        name: _sheets(given, made) if name == "sheet" else _joined_arrays([p[name] for p in parts])
        for name in names
    }
    touches = _touch_keys(events["date"], events["who"], events["type"].codes)
    shortcut = sheet == schema.CONTACTS
    kept = np.flatnonzero(~(shortcut & np.isin(touches, touches[~shortcut])))
    kept = kept[np.lexsort((events["row"][kept], events["date"][kept]))]
    return pd.DataFrame(
        {name: array[kept] for name, array in events.items()}, index=pd.RangeIndex(len(kept))
    )


def _sheets(given: int, made: int) -> pd.Categorical:
    """The ``sheet`` of ``given`` Interactions rows then ``made`` shortcut events: categorical,
    its categories the sheets present, sorted."""
    counts = {schema.INTERACTIONS: given, schema.CONTACTS: made}
    present = sorted(sheet for sheet, count in counts.items() if count)
    if not present:
        return pd.Series([], dtype="str").astype("category").array
    codes = [present.index(sheet) if count else -1 for sheet, count in counts.items()]
    return pd.Categorical.from_codes(np.repeat(codes, [given, made]), categories=present)


def _joined_arrays(arrays: list) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """Arrays (or Series) of one dtype end to end, as one array."""
    arrays = [_array(values) for values in arrays]
    if len(arrays) == 1:
        return arrays[0]
    if isinstance(arrays[0], np.ndarray):
        return np.concatenate(arrays)
    return type(arrays[0])._concat_same_type(arrays)


def _array(values):
    """A Series' values: its extension array, else a numpy array; an array as it is."""
    if not isinstance(values, pd.Series):
        return values
    if isinstance(values.dtype, pd.api.extensions.ExtensionDtype):
        return values.array
    return values.to_numpy()


def _shortcut_events(interactions: pd.DataFrame, contacts: pd.DataFrame) -> dict:
    """One interaction per filled shortcut date, the shortcut columns one after the other
    (``schema.SHORTCUT_COLUMNS``): column -> array, with the columns and dtypes of
    ``interactions`` (blank where a shortcut says nothing)."""
    days = [contacts[c].to_numpy(dtype="datetime64[ns]") for c in schema.SHORTCUT_COLUMNS]
    dated = [np.flatnonzero(~np.isnat(day)) for day in days]
    who = np.concatenate(dated).astype("int64")
    kinds = [schema.INTERACTION_TYPES.index(k) for k in schema.SHORTCUT_COLUMNS.values()]
    codes = np.repeat(kinds, [len(d) for d in dated])
    arrays = {
        name: _blank(column.dtype, len(who))
        for name, column in interactions.items()
        if isinstance(column.dtype, pd.api.extensions.ExtensionDtype)
        and name not in ("contact", "type")
    }
    return arrays | {
        "date": np.concatenate([day[d] for day, d in zip(days, dated, strict=True)]),
        "contact": contacts["name"].array.take(who),
        "type": pd.Categorical.from_codes(codes, dtype=interactions["type"].dtype),
        "row": contacts["row"].to_numpy(dtype="int64")[who],
        "bad": np.zeros(len(who), dtype=bool),
        "who": who,
    }


def _touch_keys(dates: np.ndarray, who: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """One integer per (day, contact, type), equal exactly when the three are."""
    day = dates.astype("datetime64[D]").astype(np.int64)
    who = who.astype(np.int64)
    kind = kinds.astype(np.int64)
    span, people = len(schema.INTERACTION_TYPES) + 1, who.max(initial=0) + 2
    return ((day - day.min(initial=0)) * people + who + 1) * span + kind + 1


def _with_defaults(contacts: pd.DataFrame, interactions: pd.DataFrame) -> pd.DataFrame:
    """the documented defaults: source ``referral`` when referred_by is set, else ``known``; status
    ``active``; added_on the first interaction's day."""
    referred = contacts["referred_by"].notna().to_numpy(dtype=bool)
    source = _filled_in(contacts["source"], "known", where={"referral": referred})
    status = _filled_in(contacts["status"], "active")
    added_on = contacts["added_on"].to_numpy(dtype="datetime64[ns]")
    first_day = _first_days(interactions, len(contacts))
    return contacts.assign(
        source=source,
        status=status,
        added_on=np.where(np.isnat(added_on), first_day, added_on),
    )


def _filled_in(values: pd.Series, default: str, where: dict | None = None) -> pd.Series:
    """A fixed-list column with its blank cells set to ``default``, or to the value of
    ``where`` (value -> mask) whose mask holds there; same dtype (the work is on the codes)."""
    codes = values.cat.codes.to_numpy()
    given = np.full(len(values), values.cat.categories.get_loc(default))
    for value, mask in (where or {}).items():
        given[mask] = values.cat.categories.get_loc(value)
    codes = np.where(codes < 0, given, codes)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=values.dtype), index=values.index)


def _first_days(interactions: pd.DataFrame, people: int) -> np.ndarray:
    """Each contact's earliest interaction day (NaT for none), by position in Contacts."""
    days = interactions["date"].to_numpy(dtype="datetime64[ns]")
    who = interactions["who"].to_numpy(dtype="int64")
    counted = ~np.isnat(days) & (who >= 0)
    never = np.iinfo(np.int64).max
    first = np.full(people, never, dtype=np.int64)
    np.minimum.at(first, who[counted], days[counted].view(np.int64))
    return np.where(first == never, np.datetime64("NaT", "ns"), first.view("datetime64[ns]"))


def _warn_future(frame: pd.DataFrame, raw, review_day: pd.Timestamp, found: _Problems) -> None:
    """Warn about dates after the as-of date: "a later row does not exist yet"."""
    if raw is None or frame.empty:
        return
    for column, dtype in frame.dtypes.items():
        if dtype != "datetime64[ns]":
            continue
        later = frame[column].to_numpy() > review_day.to_datetime64()
        if not later.any():
            continue
        found.cells(
            raw,
            frame["row"].to_numpy()[later],
            column,
            [
                f"{column} {d:%Y-%m-%d} is after the as-of date {review_day:%Y-%m-%d}; "
                "it is left out until then"
                for d in frame[column][later]
            ],
            severity="warning",
        )


def _public(frame: pd.DataFrame, drop=()) -> pd.DataFrame:
    """The frame as analyses see it (helper columns removed)."""
    return frame.loc[:, ~frame.columns.isin(["key", "bad", "who", *drop])]
