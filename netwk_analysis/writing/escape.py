"""Text a spreadsheet would run as a formula, neutralised in every CSV and XLSX written.

``escape_formula`` and ``escape_frame`` prefix such text with ``'`` (OWASP "CSV injection");
``formula_safe_csv`` renders a frame with both (docs/workbook.md, "Files the toolkit writes").
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "escape_formula", "escape_frame", "formula_safe_csv"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection)."""
_FORMULA_PATTERN = "[" + re.escape("".join(FORMULA_PREFIXES)) + "]"


# --------------------------------------------------------------------------------------------
# Formula injection


def escape_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with a single quote.

    Text starting with ``=``, ``+``, ``-``, ``@``, tab, carriage return or line feed gets a
    leading ``'`` (OWASP "CSV injection"). Anything that is not text is returned unchanged: a
    number such as ``-2`` is written as a number and a spreadsheet reads it as one, so only text
    that merely looks like ``-2`` is escaped.

    Examples
    --------
    >>> escape_formula("=HYPERLINK(\\"http://x\\")"), escape_formula("+44 20 7946 0000")
    ('\\'=HYPERLINK("http://x")', "'+44 20 7946 0000")
    >>> escape_formula("Alice Moreno"), escape_formula(-2), escape_formula(None)
    ('Alice Moreno', -2, None)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _escape_text_series(series: pd.Series) -> pd.Series:
    """Return ``series`` with its text values escaped; non-text values are kept as they are."""
    flagged = series.str.match(_FORMULA_PATTERN, na=False).astype(bool)
    if not flagged.any():
        return series
    escaped = series.copy()
    escaped[flagged] = "'" + series[flagged]
    return escaped


def _escape_column(column: pd.Series) -> pd.Series:
    """Escape one column if it can hold text (object, string or category); else return it."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        if not _holds_text(pd.Series(categories)):
            return column
        renamed = pd.Index(_escape_text_series(pd.Series(categories, dtype=categories.dtype)))
        if renamed.equals(categories):
            return column
        if renamed.is_unique:
            return column.cat.rename_categories(renamed)
        return _escape_column(column.astype(object))
    if _holds_text(column):
        return _escape_text_series(column)
    return column


def _holds_text(series: pd.Series) -> bool:
    """Return whether ``series`` is a string dtype or an object column with some ``str`` values."""
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return True
    if series.dtype != object:
        return False
    return pd.api.types.infer_dtype(series, skipna=True) in ("string", "mixed", "mixed-integer")


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with ``escape_formula`` applied to every text value.

    Object, string and category columns are escaped with vectorised ``.str`` operations
    (categories are renamed, so the column stays categorical); numbers, dates and booleans are
    left alone, including negative numbers. Column labels are not changed (``formula_safe_csv``
    escapes the header it writes). The input frame is not modified.

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "Alice"], "score": [-2, 3]})
    >>> escape_frame(frame).to_dict("list")
    {'name': ["'=cmd|' /C calc'!A0", 'Alice'], 'score': [-2, 3]}
    >>> frame.loc[0, "name"]
    "=cmd|' /C calc'!A0"
    """
    escaped = frame.copy()
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        new = _escape_column(column)
        if new is not column:
            escaped.isetitem(position, new)
    return escaped


def formula_safe_csv(frame: pd.DataFrame, **to_csv: Any) -> str:
    """``frame`` as CSV text that no spreadsheet runs as a formula.

    Text values and header labels are escaped (``escape_frame``); ``index=False`` unless given
    in ``to_csv``, which is passed to ``DataFrame.to_csv``.

    Examples
    --------
    >>> frame = pd.DataFrame({"contact": ["@Alice", "Bob"], "days_overdue": [-2, 5]})
    >>> print(formula_safe_csv(frame), end="")
    contact,days_overdue
    '@Alice,-2
    Bob,5
    """
    to_csv.setdefault("index", False)
    if to_csv.get("header", True) is True and not isinstance(frame.columns, pd.MultiIndex):
        to_csv["header"] = [escape_formula(str(label)) for label in frame.columns]
    return escape_frame(frame).to_csv(**to_csv)
