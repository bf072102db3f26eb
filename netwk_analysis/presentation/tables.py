"""Turn result frames into what a person or a program reads: tables, CSV and JSON.

Analyses return frames whose column names are the JSON keys of the README ("Use it on your own
spreadsheet"); this
module only converts them (dates to ISO ``YYYY-MM-DD``, missing values to ``null``) and never
computes anything.
"""

from __future__ import annotations

import json
import math

import pandas as pd

__all__ = ["records", "render_csv", "render_json", "render_table"]


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


def render_table(frame: pd.DataFrame, *, title: str | None = None, empty: str = "none") -> str:
    """A plain aligned table for the terminal, with an optional title line."""
    head = f"{title}\n" if title else ""
    if frame.empty:
        return f"{head}  ({empty})\n"
    shown = _iso_dates(frame).astype(object).where(frame.notna(), "")
    return head + shown.to_string(index=False) + "\n"


def _iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    return frame.assign(**{c: frame[c].dt.strftime("%Y-%m-%d") for c in dates})
