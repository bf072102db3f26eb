"""Text a spreadsheet would run as a formula, neutralised in every CSV and XLSX written.

``escape_formula`` and ``escape_frame`` prefix such text with ``'`` (OWASP "CSV injection");
``formula_safe_csv`` renders a frame as CSV with every text field quoted and escaped, inside
too (docs/workbook.md, "Files the toolkit writes").
"""

from __future__ import annotations

import csv
import re
from typing import Any

import pandas as pd

__all__ = [
    "FORMULA_PREFIXES",
    "FORMULA_SIGNS",
    "escape_formula",
    "escape_csv_label",
    "escape_frame",
    "formula_safe_csv",
]

FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Signs that start a formula, with their full-width forms (＝ ＋ － ＠), which some
spreadsheets also read as formula signs."""
FORMULA_PREFIXES = (*FORMULA_SIGNS, "\t", "\r", "\n")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection)."""
_FORMULA_PATTERN = "[" + re.escape("".join(FORMULA_PREFIXES)) + "]"
#: A formula sign right after a character some reader may split fields on (``;`` ``,`` tab,
#: line break): a piece of the field would start a formula there.
_INNER_PATTERN = "([;,\t\r\n])(?=[" + re.escape("".join(FORMULA_SIGNS)) + "])"
_INNER_FOUND = "[;,\t\r\n][" + re.escape("".join(FORMULA_SIGNS)) + "]"


# --------------------------------------------------------------------------------------------
# Formula injection


def escape_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with a single quote.

    Text starting with ``=``, ``+``, ``-``, ``@`` (or their full-width forms ``＝ ＋ － ＠``),
    tab, carriage return or line feed gets a leading ``'`` (OWASP "CSV injection"). Anything
    that is not text is returned unchanged: a number such as ``-2`` is written as a number and
    a spreadsheet reads it as one, so only text that merely looks like ``-2`` is escaped.

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


def _escape_text_series(series: pd.Series, *, inside: bool = False) -> pd.Series:
    """Return ``series`` with its text values escaped; non-text values are kept as they are.

    With ``inside``, a formula sign right after ``;``, ``,``, a tab or a line break inside the
    text gets a ``'`` too (see ``formula_safe_csv``).
    """
    flagged = series.str.match(_FORMULA_PATTERN, na=False).astype(bool)
    inner = pd.Series(False, index=series.index)
    if inside:
        inner = series.str.contains(_INNER_FOUND, regex=True, na=False).astype(bool)
    if not (flagged.any() or inner.any()):
        return series
    escaped = series.copy()
    if inner.any():
        escaped[inner] = series[inner].str.replace(_INNER_PATTERN, r"\1'", regex=True)
    escaped[flagged] = "'" + escaped[flagged]
    return escaped


def _escape_column(column: pd.Series, *, inside: bool = False) -> pd.Series:
    """Escape one column if it can hold text (object, string or category); else return it."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        if not _holds_text(pd.Series(categories)):
            return column
        renamed = pd.Index(
            _escape_text_series(pd.Series(categories, dtype=categories.dtype), inside=inside)
        )
        if renamed.equals(categories):
            return column
        if renamed.is_unique:
            return column.cat.rename_categories(renamed)
        return _escape_column(column.astype(object), inside=inside)
    if _holds_text(column):
        return _escape_text_series(column, inside=inside)
    return column


def _holds_text(series: pd.Series) -> bool:
    """Return whether ``series`` is a string dtype or an object column with some ``str`` values."""
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return True
    if series.dtype != object:
        return False
    return pd.api.types.infer_dtype(series, skipna=True) in ("string", "mixed", "mixed-integer")


def escape_frame(frame: pd.DataFrame, *, inside: bool = False) -> pd.DataFrame:
    """Return a copy of ``frame`` with ``escape_formula`` applied to every text value.

    Object, string and category columns are escaped with vectorised ``.str`` operations
    (categories are renamed, so the column stays categorical); numbers, dates and booleans are
    left alone, including negative numbers. Column labels are not changed (``formula_safe_csv``
    escapes the header it writes). ``inside`` also escapes formula signs after a separator
    inside the text (for CSV). The input frame is not modified.

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
        new = _escape_column(column, inside=inside)
        if new is not column:
            escaped.isetitem(position, new)
    return escaped


def escape_csv_label(label: object) -> str:
    """A header label as ``formula_safe_csv`` writes it: text, escaped inside and out."""
    return _escape_text_series(pd.Series([str(label)], dtype=object), inside=True).iat[0]


def formula_safe_csv(frame: pd.DataFrame, **to_csv: Any) -> str:
    """``frame`` as CSV text that no spreadsheet runs as a formula, whatever it splits on.

    docs/workbook.md, "Files the toolkit writes": every text field is quoted (numbers stay
    numbers); text starting with a formula sign (``=`` ``+`` ``-`` ``@``, their full-width
    forms, tab, CR) gets a leading ``'``; and inside any text field a formula sign right after
    ``;``, ``,``, a tab or a line break gets a ``'`` too, since a spreadsheet of a ``;`` locale
    splits ``"Ann;=1+1"`` at the ``;`` whatever the quotes say. Header labels get the same.
    ``index=False`` unless given in ``to_csv``, which is passed to ``DataFrame.to_csv``.

    Examples
    --------
    >>> frame = pd.DataFrame({"contact": ["@Alice", "Ann;=1+1"], "days_overdue": [-2, 5]})
    >>> print(formula_safe_csv(frame), end="")
    "contact","days_overdue"
    "'@Alice",-2
    "Ann;'=1+1",5
    """
    to_csv.setdefault("index", False)
    to_csv.setdefault("quoting", csv.QUOTE_NONNUMERIC)
    to_csv.setdefault("lineterminator", "\n")
    if to_csv.get("header", True) is True and not isinstance(frame.columns, pd.MultiIndex):
        to_csv["header"] = [escape_csv_label(label) for label in frame.columns]
    return escape_frame(frame, inside=True).to_csv(**to_csv)
