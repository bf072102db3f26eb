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

from netwk_analysis.core.model import UnreadableWorkbook

__all__ = ["Snapshot", "take_snapshot"]

#: The suffix of a snapshot of a folder of CSV files.
FOLDER = "/"


@dataclass(frozen=True)
class Snapshot:
    """The bytes of one workbook, as read once.

    Attributes
    ----------
    name : what messages call it: the user's path or address, never a temporary file's.
    data : the file's bytes (empty for a folder of CSV files).
    suffix : the format hint, lower-case with its dot (``.xlsx``, ``.ods``, ``.csv``); for a
        download, taken from the address or the answer's content type; ``"/"`` for a folder of
        CSV files.
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

    @property
    def is_folder(self) -> bool:
        """Whether this is a folder of CSV files (its bytes are in ``files``)."""
        return self.suffix == FOLDER


def take_snapshot(path: str | Path) -> Snapshot:
    """Read a workbook file's bytes once (or, for a folder, the bytes of its CSV files).

    docs/workbook.md, "How the file is read": every later step (the guards, the parsers) works
    from these bytes, so the file is opened once, read whole and closed; nothing keeps a handle.

    Parameters
    ----------
    path : str or Path
        A workbook file, or a folder of CSV files.

    Returns
    -------
    Snapshot
        ``name`` is the file's name as messages show it.

    Raises
    ------
    UnreadableWorkbook
        The path does not exist or cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "Contacts.csv").write_text("name\\nAlice Moreno\\n")
    >>> shot = take_snapshot(folder)
    >>> shot.is_folder, dict(shot.files)
    (True, {'Contacts.csv': b'name\\nAlice Moreno\\n'})
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        if path.is_dir():
            files = {
                child.name: child.read_bytes()
                for child in sorted(path.iterdir())
                if child.suffix.lower() == ".csv" and child.is_file()
            }
            return Snapshot(name, b"", FOLDER, files, path)
        data = path.read_bytes()
    except FileNotFoundError as error:
        message = f"{name} does not exist; check the path and the spelling"
        raise UnreadableWorkbook(message) from error
    except OSError as error:
        what = f"the folder {name}" if path.is_dir() else name
        raise UnreadableWorkbook(
            f"{what} cannot be opened ({error.strerror or error}); close any program that has "
            "it locked and check its permissions"
        ) from error
    return Snapshot(name, data, path.suffix.lower(), {}, path)
