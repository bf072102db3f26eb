"""Date cells as people type them, read to calendar days (docs/workbook.md, "Dates").

Read without any setting: real spreadsheet dates, serial day numbers, ISO text (``2026-03-06``,
``2026/03/06``, with or without a time of day), ISO text with a time and a zone (``Z``,
``+02:00``, `` UTC``: converted to the ``timezone`` setting, and the calendar day there used), and
month-name text (``04 Dec 2025``, ``Dec 4, 2025``, ``4 December 2025``). Day/month-ambiguous
text (``3/5/2026``) needs the ``date_format`` setting (``DD/MM/YYYY``, ``MM/DD/YY``,
``DD MMM YYYY``, ``YYYY-MM-DD HH:MM``, or a Python ``%d/%m/%Y`` pattern). A year alone
(``2026``) or a year and month (``2026-03``) is not a day, so it is an error.

Cells that cannot be read are explained by ``date_errors``: ambiguous ones grouped per column,
with the ``date_format`` that would read them all when the column itself shows which one it is.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netwk_analysis.reading.cells import arrow_text, per_distinct

__all__ = [
    "EARLIEST_LIKELY",
    "date_errors",
    "date_hint",
    "date_pattern",
    "parse_dates",
    "resolve_zone",
]

TEXT = pd.StringDtype()
NS = "datetime64[ns]"
SERIAL_ORIGIN = pd.Timestamp("1899-12-30")  # day 0 of spreadsheet serial dates (1900 system)
SERIAL_RANGE = (10_000, 110_000)  # 1927 .. 2201: numbers outside are not taken for dates
#: A date before this day is most likely a typo (docs/workbook.md, "Dates"): a warning.
EARLIEST_LIKELY = pd.Timestamp("1990-01-01")

_TIME = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?"
_ISO_DAY = r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})"
#: ISO day, optional time of day, no zone: the day as written.
_ISO = re.compile(rf"^{_ISO_DAY}(?:[T ]{_TIME})?$")
#: ISO day and time with a zone: ``Z``, ``UTC``/``GMT``, ``+02:00``, ``+0200``, ``+02``.
_OFFSET = r"Z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?"
_ZONED = re.compile(
    rf"^([0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}})[T ]({_TIME})\s*({_OFFSET})$", re.IGNORECASE
)
#: Year only or year and month: never a day.
_PARTIAL = re.compile(r"^[12][0-9]{3}(?:[-/.][0-9]{1,2})?$")
#: Day and month in either order, then the year: ``3/5/2026``, ``03.05.26``.
_AMBIGUOUS = re.compile(r"^([0-9]{1,2})([/.-])([0-9]{1,2})([/.-])([0-9]{4}|[0-9]{2})$")
#: Plain ISO text, the form the reader gives a date cell (``2026-03-06 00:00:00``) included.
_PLAIN_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}:[0-9]{2})?$"
#: Years whose every day ``datetime64[ns]`` holds.
_PLAIN_YEARS = (1678, 2261)
#: Month-name text, after separators and a leading weekday are dropped.
_MONTH_NAME_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d %b %y", "%d %B %y")
_WEEKDAY = r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"


# --- settings -------------------------------------------------------------------------------


def resolve_zone(name: str | None) -> dt.tzinfo:
    """The zone of the ``timezone`` setting (an IANA name such as ``Europe/Paris``), or this
    computer's zone when it is not set. Raises ``ValueError`` for an unknown name.

    Examples
    --------
    >>> resolve_zone("Europe/Paris")
    zoneinfo.ZoneInfo(key='Europe/Paris')
    """
    if not name:
        return _local_zone()
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"timezone must be a zone name such as Europe/Paris or America/New_York, not '{name}'"
        ) from None


def _local_zone() -> dt.tzinfo:
    """This computer's zone: its IANA name when the system says it (``TZ``, else the
    ``/etc/localtime`` link), so summer and winter times both convert right; else the offset
    it has now."""
    key = os.environ.get("TZ", "").lstrip(":")
    if not key and os.path.islink("/etc/localtime"):
        key = os.readlink("/etc/localtime").rpartition("zoneinfo/")[2]
    try:
        return zoneinfo.ZoneInfo(key) if key else dt.datetime.now().astimezone().tzinfo
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.datetime.now().astimezone().tzinfo


_TOKENS = re.compile(r"YYYY|YY|MMMM|MMM|MM|M|DDDD|DDD|DD|D|HH|H|SS|S|AM/PM|%")
_CODES = {
    "YYYY": "%Y",
    "YY": "%y",
    "MMMM": "%B",
    "MMM": "%b",
    "MM": "%m",
    "M": "%m",
    "DDDD": "%A",
    "DDD": "%a",
    "DD": "%d",
    "D": "%d",
    "HH": "%H",
    "H": "%H",
    "SS": "%S",
    "S": "%S",
    "AM/PM": "%p",
    "%": "%%",
}


def date_pattern(date_format: str) -> str | None:
    """The ``date_format`` setting as a strptime pattern; ``ISO`` (or empty) -> None.

    Letters are read as a spreadsheet writes them, in any case: ``YYYY``/``YY`` year,
    ``MMMM``/``MMM`` month name, ``MM``/``M`` month number, ``DD``/``D`` day, ``DDD``/``DDDD``
    weekday name, ``HH`` hour, ``SS`` seconds; ``MM`` right after ``HH:`` (or before ``:SS``)
    is minutes. A pattern with ``%`` is already a strptime pattern.

    Examples
    --------
    >>> date_pattern("DD MMM YYYY"), date_pattern("MM/DD/YY"), date_pattern("yyyy-mm-dd hh:mm")
    ('%d %b %Y', '%m/%d/%y', '%Y-%m-%d %H:%M')
    >>> date_pattern("MMMM D, YYYY"), date_pattern("%d/%m/%Y"), date_pattern("ISO")
    ('%B %d, %Y', '%d/%m/%Y', None)
    """
    text = date_format.strip()
    if re.sub(r"[^0-9a-z]", "", text.lower()) in {"iso", "isoformat", "yyyymmdd", ""}:
        return None
    if "%" in text:
        return text
    text = text.upper()
    pieces: list[str] = []
    tokens: list[str] = []
    at = 0
    for match in _TOKENS.finditer(text):
        pieces.append(text[at : match.start()])
        tokens.append(match.group())
        pieces.append(_CODES[match.group()])
        at = match.end()
        if match.group() in ("MM", "M") and _is_minutes(text, match):
            pieces[-1] = "%M"
    pieces.append(text[at:])
    pattern = "".join(pieces)
    if "AM/PM" in tokens:
        pattern = pattern.replace("%H", "%I")
    return pattern


def _is_minutes(text: str, match: re.Match) -> bool:
    before = text[: match.start()]
    after = text[match.end() :]
    return bool(re.search(r"H:$", before) or re.match(r":S", after))


def date_hint(date_format: str) -> str:
    """What to type instead of a date that could not be read."""
    if date_pattern(date_format) is None:
        return "type it as YYYY-MM-DD, or set date_format in Settings"
    return f"expected {date_format} as set in Settings"


# --- parsing --------------------------------------------------------------------------------


def parse_dates(
    values: pd.Series, *, date_format: str = "ISO", timezone: dt.tzinfo | str | None = None
) -> tuple[pd.Series, pd.Series]:
    """Parse cells to calendar days (docs/workbook.md, "Dates").

    Returns the days (``datetime64[ns]``, time of day dropped) and a mask of the non-blank
    cells that could not be read as a date. A time with a zone is converted to ``timezone``
    (a zone, an IANA name, or None for this computer's zone) before its day is taken; a time
    without a zone keeps the day as written. Each distinct cell value is parsed once (past a
    thousand cells; fewer are read all together).

    Examples
    --------
    >>> cells = pd.Series(["2026-03-06", 46087.0, "6/3/2026", "04 Dec 2025", "2026", "soon", ""],
    ...                   dtype=object)
    >>> days, bad = parse_dates(cells, date_format="DD/MM/YYYY")
    >>> [d.date().isoformat() if pd.notna(d) else None for d in days]
    ['2026-03-06', '2026-03-06', '2026-03-06', '2025-12-04', None, None, None]
    >>> bad.tolist()
    [False, False, False, False, True, True, False]
    >>> days, _ = parse_dates(pd.Series(["2026-03-05T23:30:00Z", "2026-03-05 23:30"]),
    ...                       timezone="Europe/Paris")
    >>> days.dt.strftime("%m-%d").tolist()
    ['03-06', '03-05']
    """
    zone = timezone if isinstance(timezone, dt.tzinfo) else resolve_zone(timezone)
    days, bad = per_distinct(values, lambda cells: _distinct_dates(cells, date_format, zone))
    return days.astype(NS), bad.astype(bool)


def _cell_text(values: pd.Series) -> pd.Series:
    """Each cell as trimmed text (<NA> for blank). A number keeps its digits (``46087``) and a
    date or time object reads as ISO text, so every cell goes through the same text rules;
    a reader's time-only cell (``1899-12-30 14:30:00``) shows as the time."""
    if not isinstance(values.dtype, pd.StringDtype):
        values = values.astype(object)
        text = pd.Series(values.astype(str).to_numpy(), index=values.index, dtype=TEXT)
        values = text.mask(values.isna().to_numpy())
    cells = pc.utf8_trim_whitespace(arrow_text(values))
    cells = pc.replace_substring_regex(cells, r"^1899-12-3[01][T ]([0-9:]+)$", r"\1")
    cells = pc.if_else(pc.equal(cells, ""), pa.scalar(None, cells.type), cells)
    return pd.Series(pd.array(cells, dtype=TEXT), index=values.index)


def _distinct_dates(values: pd.Series, date_format: str, zone) -> tuple[pd.Series, pd.Series]:
    """Days and unread mask of distinct cell values (see ``parse_dates``).

    Plain ISO days (what the reader gives for a date cell) are read first, in a few Arrow
    calls; only the other cells go through the rules one by one.
    """
    text = _cell_text(values)
    days = _plain_iso_days(text)
    filled = text.notna().to_numpy(dtype=bool)
    pending = filled & np.isnat(days.to_numpy())
    if pending.any():
        days = days.fillna(_general_days(text.where(pending), date_format, zone))
        pending = filled & np.isnat(days.to_numpy())
    return days, pd.Series(pending, index=text.index)


def _plain_iso_days(text: pd.Series) -> pd.Series:
    """Days of the cells in plain ISO form (``2026-03-06``, ``2026-03-06 00:00:00``), NaT for
    every other cell: the days ``_iso_days`` reads from them. A day that does not exist
    (``2026-02-30``) or a year outside ``_PLAIN_YEARS`` is left NaT here for the general
    rules to decide."""
    days = np.full(len(text), np.datetime64("NaT"), dtype=NS)
    cells = arrow_text(text)
    plain = pc.fill_null(pc.match_substring_regex(cells, _PLAIN_ISO), False)
    if not pc.any(plain).as_py():
        return pd.Series(days, index=text.index)
    written = pc.utf8_slice_codeunits(pc.filter(cells, plain), 0, 10)
    read = pc.strptime(written, format="%Y-%m-%d", unit="s", error_is_null=True)
    year = pc.year(read)
    exact = pc.and_(
        pc.equal(pc.strftime(read, format="%Y-%m-%d"), written),  # no 02-30 -> 03-02 rollover
        pc.and_(pc.greater_equal(year, _PLAIN_YEARS[0]), pc.less_equal(year, _PLAIN_YEARS[1])),
    )
    read = pc.if_else(exact, read, pa.scalar(None, read.type))
    days[plain.to_numpy(zero_copy_only=False)] = read.cast(pa.timestamp("ns")).to_numpy(
        zero_copy_only=False
    )
    return pd.Series(days, index=text.index)


def _general_days(text: pd.Series, date_format: str, zone) -> pd.Series:
    """Days of every form docs/workbook.md, "Dates" reads, in its order: serial numbers, then
    (a year alone or a year and month never being a day) ISO times with a zone, ISO days,
    ``date_format``, month names."""
    days = pd.Series(pd.NaT, index=text.index, dtype=NS)
    serial = text.str.fullmatch(r"[0-9]{5}(?:\.[0-9]+)?").fillna(False).astype(bool)
    if serial.any():
        numbers = pd.to_numeric(text[serial]).floordiv(1)
        numbers = numbers.where(numbers.between(*SERIAL_RANGE))
        days[serial] = SERIAL_ORIGIN + pd.to_timedelta(numbers, unit="D")
    pending = text.notna() & ~serial
    pending &= ~text.str.fullmatch(_PARTIAL.pattern).fillna(False)
    for reader in (_zoned_days, _iso_days):
        if pending.any():
            days = days.fillna(reader(text.where(pending), zone))
            pending &= days.isna()
    pattern = date_pattern(date_format)
    if pattern and pending.any():
        days = days.fillna(_pattern_days(text.where(pending), pattern))
        pending &= days.isna()
    if pending.any():
        days = days.fillna(_month_name_days(text.where(pending)))
    return days.dt.normalize()


def _in_range(days: pd.Series) -> pd.Series:
    """``days`` as ``datetime64[ns]``; NaT for a day that type cannot hold (after 2262)."""
    return days.where(days.between(pd.Timestamp.min, pd.Timestamp.max)).astype(NS)


def _zoned_days(text: pd.Series, zone) -> pd.Series:
    """Days in ``zone`` of ISO times with a zone; NaT for any other text."""
    parts = text.astype(TEXT).str.extract(_ZONED)
    found = parts[0].notna()
    days = pd.Series(pd.NaT, index=text.index, dtype=NS)
    if not found.any():
        return days
    offset = parts.loc[found, 2].str.upper().replace({"Z": "+00:00", "UTC": "+00:00"})
    offset = offset.replace({"GMT": "+00:00"}).str.replace(
        r"^([+-][0-9]{2}):?([0-9]{2})?$", lambda m: f"{m[1]}:{m[2] or '00'}", regex=True
    )
    day = parts.loc[found, 0].str.replace(r"-([0-9])(?=-|$)", r"-0\1", regex=True)  # 2026-3-5
    clock = (
        parts.loc[found, 1].str.replace(",", ".").str.replace(r"^([0-9]):", r"0\1:", regex=True)
    )
    stamp = day + "T" + clock + offset
    moments = pd.to_datetime(stamp, format="ISO8601", utc=True, errors="coerce")
    local = moments.dt.tz_convert(zone).dt.tz_localize(None)
    days[found] = _in_range(local)
    return days


def _iso_days(text: pd.Series, zone=None) -> pd.Series:
    """Days of ISO text (year first; ``-``, ``/`` or ``.`` between; any time of day ignored)."""
    parts = text.astype(TEXT).str.extract(_ISO).astype("Float64")
    parts.columns = ["year", "month", "day"]
    days = pd.Series(pd.NaT, index=text.index, dtype=NS)
    found = parts["year"].notna()
    if found.any():
        days[found] = _in_range(pd.to_datetime(parts[found].astype("int64"), errors="coerce"))
    return days


def _pattern_days(text: pd.Series, pattern: str) -> pd.Series:
    """Days of text written in ``pattern`` (strptime); NaT where it does not fit."""
    try:
        days = pd.to_datetime(text, format=pattern, errors="coerce")
    except ValueError:  # a pattern strptime cannot use: nothing fits it
        return pd.Series(pd.NaT, index=text.index, dtype=NS)
    if isinstance(days.dtype, pd.DatetimeTZDtype):
        days = days.dt.tz_localize(None)
    return _in_range(days)


def _month_name_days(text: pd.Series) -> pd.Series:
    """Days of month-name text: ``04 Dec 2025``, ``Dec 4, 2025``, ``4 December 2025``,
    ``04-Dec-25``, ``Thu 4 Dec 2025`` (English month names, any capitals)."""
    named = text.astype(TEXT).str.contains(r"[A-Za-z]{3}", regex=True).fillna(False)
    days = pd.Series(pd.NaT, index=text.index, dtype=NS)
    if not named.any():
        return days
    plain = (
        text[named]
        .str.lower()
        .str.replace(_WEEKDAY, "", regex=True)
        .str.replace(r"(?<=[0-9])(st|nd|rd|th)\b", "", regex=True)
        .str.replace(r"[\s,./-]+", " ", regex=True)
        .str.replace(r"\bsept\b", "sep", regex=True)
        .str.strip()
    )
    for pattern in _MONTH_NAME_FORMATS:
        waiting = days[named].isna()
        if not waiting.any():
            break
        read = _pattern_days(plain[waiting], pattern)
        days.loc[read.index] = days.loc[read.index].fillna(read)
    return days


# --- explaining what could not be read ------------------------------------------------------


def date_errors(
    values: pd.Series,
    bad: pd.Series,
    *,
    column: str,
    date_format: str,
    cell: Callable[[object], str],
) -> list[tuple[object, str]]:
    """Problems for the unread cells of one date column: ``(row label, message)`` pairs.

    docs/workbook.md, "Dates": a year alone or a year and month is an error at its cell;
    day/month-ambiguous text that could not be read is ONE problem for the column (at its first
    such cell) with the count, the first three cells, and the ``date_format`` that would read
    every such cell of the column when one of them shows it (a day above 12). Anything else is
    an error at its cell. ``cell`` turns a row label into the cell's reference (``A7``).
    """
    if not bad.any():
        return []
    text = _cell_text(values)
    unread = text[bad.to_numpy(dtype=bool)]
    partial = unread.str.fullmatch(_PARTIAL.pattern).fillna(False)
    ambiguous = unread.str.fullmatch(_AMBIGUOUS.pattern).fillna(False)
    out = [
        (row, f"'{value}' in {column} is only a year or a month, not a day; type the whole date")
        for row, value in unread[partial].items()
    ]
    out += [
        (row, f"'{value}' in {column} is not a date ({date_hint(date_format)})")
        for row, value in unread[~partial & ~ambiguous].items()
    ]
    if ambiguous.any():
        out.append(_ambiguous_group(text, unread[ambiguous], column, date_format, cell))
    return out


def _ambiguous_group(text, unread, column: str, date_format: str, cell) -> tuple[object, str]:
    """The one problem for a column's unread day/month-ambiguous cells."""
    shown = ", ".join(f"{cell(row)} '{value}'" for row, value in unread.head(3).items())
    more = "" if len(unread) <= 3 else ", ..."
    count = f"{len(unread)} date{'s' if len(unread) > 1 else ''} in {column} ({shown}{more})"
    if date_pattern(date_format) is None:
        head = f"{count} could be day first or month first"
    else:
        verb = "does" if len(unread) == 1 else "do"
        head = f"{count} {verb} not match date_format {date_format}"
    shaped = text[text.str.fullmatch(_AMBIGUOUS.pattern).fillna(False)]
    suggestion, witness = _suggest_format(shaped)
    if suggestion is None:
        advice = "set date_format in Settings (DD/MM/YYYY or MM/DD/YYYY) to say how to read them"
        if date_pattern(date_format) is not None:
            advice = "check them: no one date_format reads every such date in this column"
    else:
        advice = (
            f"date_format {suggestion} in Settings would read them all "
            f"({cell(witness)} '{text[witness]}' has a day above 12)"
        )
    return unread.index[0], f"{head}; {advice}"


def _suggest_format(shaped: pd.Series) -> tuple[str | None, object]:
    """The letter pattern reading every ``d/m/y``-shaped cell, when one cell shows a day above
    12 and no cell contradicts it; and that cell's row label."""
    parts = shaped.str.extract(_AMBIGUOUS)
    if parts.empty or parts[1].nunique() > 1 or parts[4].str.len().nunique() > 1:
        return None, None
    first, second = parts[0].astype(int), parts[2].astype(int)
    separator = parts[1].iat[0]
    year = "YYYY" if len(parts[4].iat[0]) == 4 else "YY"
    if (first > 12).any() and not (second > 12).any():
        suggestion, witness = separator.join(["DD", "MM", year]), first.gt(12).idxmax()
    elif (second > 12).any() and not (first > 12).any():
        suggestion, witness = separator.join(["MM", "DD", year]), second.gt(12).idxmax()
    else:
        return None, None
    if _pattern_days(shaped, date_pattern(suggestion)).isna().any():  # e.g. 31/02/2026
        return None, None
    return suggestion, witness
