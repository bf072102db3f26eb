"""Turn result frames into what a person or a program reads: tables, CSV and JSON.

Analyses return frames whose column names are the JSON keys of the README ("Use it on your own
spreadsheet"); this module only converts them and never computes anything. JSON and CSV keep
ISO ``YYYY-MM-DD`` dates, fractions and ``null`` for missing values; terminal tables show one date
style (``day_text``: ``Thu 5 Mar``), rates as percentages, and fit the terminal's width.
"""

from __future__ import annotations

import json
import math
import re
import shutil

import numpy as np
import pandas as pd

from netwk_analysis.analyses.frames import day_text, day_texts

__all__ = ["day_text", "format_day", "records", "render_csv", "render_json", "render_table"]


def _plain(value: object) -> object:
    """One cell as a JSON value: ISO dates, ``None`` for missing, Python numbers."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    return value


def format_day(value, *, as_of=None) -> str:
    """One day in the date style of every table and sentence (``day_text``).

    Examples
    --------
    >>> format_day(pd.Timestamp("2026-03-12")), format_day("2026-03-12", as_of="2026-12-01")
    ('Thu 12 Mar 2026', 'Thu 12 Mar')
    """
    as_of = None if as_of is None else pd.Timestamp(as_of)
    day = np.array([pd.Timestamp(value).to_datetime64()], dtype="datetime64[D]")
    return str(day_texts(day, as_of)[0])


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows as JSON-ready dicts, keys exactly the frame's columns.

    Examples
    --------
    >>> frame = pd.DataFrame({"week": pd.to_datetime(["2026-03-02"]), "rate": [float("nan")]})
    >>> records(frame)
    [{'week': '2026-03-02', 'rate': None}]
    """
    columns = list(frame.columns)
    return [
        {c: _plain(v) for c, v in zip(columns, row, strict=True)}
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]


def render_json(document: object) -> str:
    """A JSON document (frames inside become lists of records), indented for reading."""

    def convert(value):
        if isinstance(value, pd.DataFrame):
            return records(value)
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return _plain(value)

    return json.dumps(convert(document), indent=2, ensure_ascii=False) + "\n"


def render_csv(frame: pd.DataFrame) -> str:
    """CSV text with ISO dates, every text field quoted and formula-escaped inside and out
    (``writing.escape.formula_safe_csv``; docs/workbook.md, "Files the toolkit writes")."""
    from netwk_analysis.writing.escape import formula_safe_csv

    return formula_safe_csv(_iso_dates(frame))


def render_table(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    empty: str = "none",
    as_of=None,
    width: int | None = None,
) -> str:
    """A plain aligned table for the terminal, with an optional title line.

    docs/metrics.md, "Dates and rates on the screen": dates are written as ``Thu 5 Mar``
    (with the year when it is not the year of ``as_of``), rates as whole percentages (``67%``);
    JSON and CSV keep ISO dates and fractions. The table fits ``width`` characters (default:
    the terminal's width) by wrapping its widest text column (the due list's action) onto more
    lines.

    Examples
    --------
    >>> frame = pd.DataFrame({"week": pd.to_datetime(["2026-03-02"]), "response_rate": [2 / 3],
    ...                       "action": ["Follow up with Ann Lee about the role at Acme"]})
    >>> print(render_table(frame, as_of=pd.Timestamp("2026-03-06"), width=40), end="")
    week       response_rate  action
    Mon 2 Mar            67%  Follow up with Ann
                              Lee about the role
                              at Acme
    """
    head = f"{title}\n" if title else ""
    if frame.empty:
        return f"{head}  ({empty})\n"
    if width is None:
        width = shutil.get_terminal_size().columns
    shown = _screen_values(frame, as_of=as_of)
    numeric = [
        pd.api.types.is_numeric_dtype(frame[c]) or c in _percent_columns(frame) for c in frame
    ]
    widths = [max(len(str(c)), int(shown[c].str.len().max())) for c in shown.columns]
    wrap = _column_to_wrap(shown, numeric, widths, width)
    if wrap is not None:
        others = sum(w for i, w in enumerate(widths) if i != wrap) + _GAP * (len(widths) - 1)
        room = max(_MIN_WRAP, width - others)
        column = shown.columns[wrap]
        lines = shown[column].str.wrap(room, break_long_words=True).str.split("\n")
        shown = shown.drop(columns=column).join(lines.explode().rename(column))[shown.columns]
        follow = shown.index.duplicated(keep="first")  # continuation lines: other cells blank
        shown.loc[follow, [c for c in shown.columns if c != column]] = ""
        widths[wrap] = max(len(str(column)), int(shown[column].str.len().max()))
    cells = [
        shown[c].str.pad(w, side="left" if right else "right")
        for c, w, right in zip(shown.columns, widths, numeric, strict=True)
    ]
    header = "  ".join(
        str(c).rjust(w) if right else str(c).ljust(w)
        for c, w, right in zip(shown.columns, widths, numeric, strict=True)
    )
    body = cells[0].str.cat(cells[1:], sep=" " * _GAP).str.rstrip()
    return head + header.rstrip() + "\n" + "\n".join(body) + "\n"


_GAP = 2  # spaces between columns
_MIN_WRAP = 20  # a wrapped column is never narrower than this
_PERCENT = re.compile(r"(?:rate|share)(?:_low|_high)?$|^share|^answered_by")


def _percent_columns(frame: pd.DataFrame) -> list[str]:
    """Fractions shown as percentages: columns ``*rate``, ``*share`` (with ``_low``/``_high``
    for their intervals) and ``answered_by*``."""
    return [
        c
        for c in frame.columns
        if _PERCENT.search(str(c)) and pd.api.types.is_float_dtype(frame[c])
    ]


def _screen_values(frame: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """Every cell as the text a person reads: day text, ``67%``, blank for missing."""
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    percents = _percent_columns(frame)
    texts = {c: day_text(frame[c], as_of=as_of) for c in dates}
    texts |= {c: (frame[c] * 100).round().map("{:.0f}%".format) for c in percents}
    shown = frame.assign(**texts).astype(object).where(frame.notna(), "")
    return shown.astype(str).astype(object)


def _column_to_wrap(shown, numeric, widths, width) -> int | None:
    """Position of the widest text column when the table is wider than ``width``, else None."""
    total = sum(widths) + _GAP * (len(widths) - 1)
    text = [i for i, right in enumerate(numeric) if not right]
    if total <= width or not text:
        return None
    return max(text, key=lambda i: widths[i])


def _iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    return frame.assign(**{c: frame[c].dt.strftime("%Y-%m-%d") for c in dates})
