"""People's names as typed in a spreadsheet: the cleaned name shown, and the key they match on.

docs/workbook.md, "Names": a name is put in Unicode NFC, zero-width characters (U+200B to
U+200D, U+2060, U+FEFF) are removed, no-break spaces and runs of spaces become one space, and the
ends are trimmed. That cleaned name, capitals kept, is the name every output shows; matching also
ignores capitals (case-folding). This applies to ``name`` on Contacts and to every reference to a
person (``referred_by``, ``contact``). Zero-width characters go before NFC, so cleaning a cleaned
name changes nothing (an accent they kept apart from its letter still composes).
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netwk_analysis.reading.cells import per_distinct

__all__ = ["ZERO_WIDTH", "clean_names", "name_key"]

TEXT = pd.StringDtype()

#: Characters that show as nothing and are removed from names.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = "[" + ZERO_WIDTH + "]"
#: Any run of white space (ASCII white space and Unicode separators such as NBSP) is one space.
_SPACES = r"[\s\p{Z}]+"


def clean_names(text: pd.Series) -> pd.Series:
    """Names as every output shows them (docs/workbook.md, "Names"): NFC, zero-width
    characters removed, no-break spaces and runs of spaces as one space, trimmed; blank -> <NA>.

    Each distinct name is cleaned once (a column of 100,000 cells holds far fewer names); up
    to ``cells.FEW`` cells are cleaned all together: finding the distinct ones would cost more.

    Examples
    --------
    >>> clean_names(pd.Series(["Zoe\\u0308  Li", " Ann\\u200b\\u00a0Lee ", "\\u200b", None],
    ...                       dtype="string")).tolist() == ["Zoë Li", "Ann Lee", pd.NA, pd.NA]
    True
    """
    (cleaned,) = per_distinct(text.astype(TEXT), _clean_distinct)
    return cleaned.astype(TEXT)


def _clean_distinct(text: pd.Series) -> pd.Series:
    cells = pa.array(text.array, type=pa.large_string())
    if not pc.all(pc.string_is_ascii(cells)).as_py():  # NFC and zero-width: non-ASCII only
        cells = pc.replace_substring_regex(cells, _ZERO_WIDTH, "")  # first: "o", ZWSP, "̈"
        cells = pc.utf8_normalize(cells, "NFC")  # then composes to "ö"
    cells = pc.utf8_trim_whitespace(pc.replace_substring_regex(cells, _SPACES, " "))
    cleaned = pd.Series(pd.array(cells, dtype=TEXT), index=text.index)
    return cleaned.mask(cleaned.eq("").fillna(False))


def name_key(text: pd.Series) -> pd.Series:
    """Matching form of names (docs/workbook.md, "Names"): the cleaned name, case-folded.

    Examples
    --------
    >>> name_key(pd.Series(["  Ben  Carter ", "BEN CARTER", "Stra\\u00dfe"],
    ...                    dtype="string")).tolist()
    ['ben carter', 'ben carter', 'strasse']
    """
    (keys,) = per_distinct(clean_names(text), _keys_of)
    return keys


def _keys_of(cleaned: pd.Series) -> pd.Series:
    return pd.Series(pd.array(_folded(cleaned), dtype=TEXT), index=cleaned.index)


def _folded(names) -> pa.Array:
    """Cleaned names case-folded (``str.casefold``; for ASCII text, lower-casing)."""
    cells = pa.array(pd.array(names, dtype=TEXT), type=pa.large_string())
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    keys = pc.utf8_lower(cells)  # for ASCII text, lower-casing is case-folding
    other = pc.invert(pc.fill_null(pc.string_is_ascii(cells), True))
    if pc.any(other).as_py():
        folded = pd.Series(pc.filter(cells, other).to_pylist(), dtype=TEXT).str.casefold()
        keys = pc.replace_with_mask(keys, other, pa.array(folded.array).cast(keys.type))
    return keys
