"""One snapshot of a workbook's bytes: read once, then every parser works from it.

docs/workbook.md, "How the file is read": a file replaced while it is read gives either the old or
the new workbook, never a crash, because nothing reads the file twice. A snapshot is also what a
download produces (``reading.links``), so a workbook from a link and one from a file go through
the same guards and parsers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Snapshot"]


@dataclass(frozen=True)
class Snapshot:
    """The bytes of one workbook, as read once.

    Attributes
    ----------
    name : what messages call it: the user's path or address, never a temporary file's.
    data : the file's bytes (empty for a folder of CSV files).
    suffix : the format hint, lower-case with its dot (``.xlsx``, ``.ods``, ``.csv``); for a
        download, taken from the address or the answer's content type.
    files : for a folder of CSV files, file name -> bytes.
    path : where it was read from (None for a download): the file no output may replace.

    Examples
    --------
    >>> Snapshot("book.xlsx", b"PK...", ".xlsx").name
    'book.xlsx'
    """

    name: str
    data: bytes
    suffix: str
    files: Mapping[str, bytes] = field(default_factory=dict)
    path: Path | None = None
