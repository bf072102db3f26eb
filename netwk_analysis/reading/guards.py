"""Guards around the files the toolkit reads and writes.

Reading: ``check_workbook_file`` looks at a workbook's bytes (its snapshot) *before* any parser
touches them and either names its kind (``"xlsx"``, ``"ods"``, ``"csv_folder"``, ``"csv_file"``)
or raises ``UnreadableWorkbook`` with one sentence saying what the file is and what to do: a
text file that is not named .csv, an empty file, a legacy ``.xls``, a password-protected
workbook, a damaged zip, a zip that is not a spreadsheet, a zip bomb, or XML that declares a
DTD/entities (billion laughs, external entities). The size checks use only the zip central
directory, so refusing a bomb costs no decompression; the parts that are read (to check CRCs and
XML headers) go through ``open_part_limited``, which refuses to produce more bytes than a limit
whatever the archive declares.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any, Literal

from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.core.schema import CONTACTS, SHEETS
from netwk_analysis.reading.snapshot import Snapshot, take_snapshot

__all__ = [
    "MAX_BOMB_RATIO",
    "MAX_PART_BYTES",
    "MAX_PARTS",
    "MAX_TOTAL_BYTES",
    "RATIO_CHECK_BYTES",
    "WorkbookKind",
    "check_workbook_file",
    "check_xml_safety",
    "check_zip_sizes",
    "open_part_limited",
]

WorkbookKind = Literal["xlsx", "ods", "csv_folder", "csv_file"]

# Zip-bomb limits, checked against the central directory before anything is inflated. A large
# real workbook (100,000 contacts, 400,000 interactions) has sheet XML of 100-200 MB that
# compresses 5-15:1, and a whole .xlsx rarely has more than a few dozen parts; deflate tops out
# near 1,030:1, so a ~0.7 MB file inflating to hundreds of MB has a ratio near 1,000.
MAX_PARTS = 10_000
"""Most parts (zip members) accepted in one workbook."""
MAX_PART_BYTES = 1 << 30
"""Largest declared uncompressed size of one part (1 GiB)."""
MAX_TOTAL_BYTES = 2 << 30
"""Largest declared uncompressed size of all parts together (2 GiB)."""
MAX_BOMB_RATIO = 100
"""Compression ratio above which a large part is refused (real sheet XML is usually < 15:1)."""
RATIO_CHECK_BYTES = 50_000_000
"""Parts smaller than this (50 MB uncompressed) are never refused for their ratio alone."""

XML_HEAD_BYTES = 64 * 1024
"""How much of the start of each parsed XML part is scanned for a DTD."""
SMALL_PART_BYTES = 16 * 1024 * 1024
"""Parts read whole (to verify their CRC) must be below this size."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
OLE_ENCRYPTION_STREAMS = ("EncryptionInfo", "EncryptedPackage")
OLE_WORKBOOK_STREAMS = ("Workbook", "Book")

CSV_REQUIRED = f"{CONTACTS.lower()}.csv"
CSV_NAMES = tuple(f"{sheet.lower()}.csv" for sheet in SHEETS)
CSV_SUFFIXES = (".csv", ".tsv")
"""A text file with one of these suffixes is read as a one-sheet tracker."""


# --------------------------------------------------------------------------------------------
# Reading: what kind of file is this?


def check_workbook_file(source: Path | str | Snapshot) -> WorkbookKind:
    """Return the kind of a workbook, judged by its content, or refuse it.

    Call this before any parser reads the workbook. It works on the snapshot of the file's
    bytes (``take_snapshot`` is called for a path), never on the file again. ``.xlsm`` files are
    ``"xlsx"``; a folder holding ``contacts.csv`` (any letter case) is ``"csv_folder"``; a single
    ``.csv`` file (docs/workbook.md, "One-sheet trackers") is ``"csv_file"``. Zip workbooks are
    checked for size (``check_zip_sizes``), damage (CRC of the small parts) and XML entity
    declarations (``check_xml_safety``).

    Parameters
    ----------
    source : Path, str or Snapshot
        The workbook file, a folder of CSV files, or a snapshot of either.

    Returns
    -------
    {"xlsx", "ods", "csv_folder", "csv_file"}

    Raises
    ------
    UnreadableWorkbook
        With one sentence naming what the file is and what to do.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "Contacts.csv").write_text("name\\nAlice Moreno\\n")
    >>> check_workbook_file(folder)
    'csv_folder'
    >>> _ = (folder / "notes.xlsx").write_text("name,company\\nAlice,Acme\\n")
    >>> check_workbook_file(folder / "notes.xlsx")
    Traceback (most recent call last):
    ...
    netwk_analysis.core.model.UnreadableWorkbook: notes.xlsx is a plain text (CSV) file, ...
    """
    snapshot = source if isinstance(source, Snapshot) else take_snapshot(source)
    name = snapshot.name
    if snapshot.is_folder:
        _check_csv_folder(snapshot)
        return "csv_folder"
    data = snapshot.data
    head = data[:8192]
    if not data:
        raise UnreadableWorkbook(
            f"{name} is empty (0 bytes); it may not have finished saving or copying, so save "
            "the workbook again"
        )
    if name.startswith("~$"):
        raise UnreadableWorkbook(
            f"{name} is a lock file your spreadsheet program keeps while a workbook is open; "
            f"point at {name[2:]} instead"
        )
    if head.startswith(OLE_MAGIC):
        raise UnreadableWorkbook(_ole_message(data, name))
    if head.startswith(ZIP_MAGICS):
        return _check_zip_workbook(data, name)
    if _looks_like_text(head):
        if head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<"):
            raise UnreadableWorkbook(
                f"{name} is an HTML or XML file, not a workbook; open it in your spreadsheet "
                "program and save it as .xlsx or .ods"
            )
        if snapshot.suffix in CSV_SUFFIXES:
            return "csv_file"
        raise UnreadableWorkbook(
            f"{name} is a plain text (CSV) file, not a workbook; name it .csv, point at a folder "
            f"of CSV files named {_csv_names_phrase()}, or open it in your spreadsheet program "
            "and save it as .xlsx"
        )
    raise UnreadableWorkbook(
        f"{name} is not a spreadsheet file; save your workbook as .xlsx or .ods, or point at a "
        f"folder of CSV files named {_csv_names_phrase()}"
    )


def _csv_names_phrase() -> str:
    """Return ``contacts.csv, interactions.csv, leads.csv and settings.csv``."""
    return ", ".join(CSV_NAMES[:-1]) + f" and {CSV_NAMES[-1]}"


def _check_csv_folder(snapshot: Snapshot) -> None:
    """Refuse a folder that has no ``contacts.csv`` (file names compared case-insensitively)."""
    name = snapshot.name
    names = {file.lower() for file in snapshot.files}
    if CSV_REQUIRED not in names:
        optional = ", ".join(CSV_NAMES[1:])
        raise UnreadableWorkbook(
            f"the folder {name} has no {CSV_REQUIRED}; a CSV workbook is a folder holding "
            f"{CSV_REQUIRED} (required) and optionally {optional}"
        )


def _looks_like_text(head: bytes) -> bool:
    """Return whether ``head`` (the first bytes of a file) looks like text rather than binary.

    Examples
    --------
    >>> _looks_like_text(b"name,company\\r\\nAlice,Acme\\r\\n"), _looks_like_text(b"\\x00\\x01")
    (True, False)
    >>> _looks_like_text("naïve".encode("utf-16"))
    True
    """
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    control = sum(1 for byte in head if byte < 32 and byte not in b"\t\r\n\f")
    return control <= len(head) // 100


# --------------------------------------------------------------------------------------------
# OLE2 compound files: legacy .xls and password-protected .xlsx


def _ole_message(data: bytes, name: str) -> str:
    """Return the refusal sentence for an OLE2 compound file (encrypted workbook or legacy)."""
    streams = _ole_stream_names(data)
    if streams is None:
        encrypted = any(s.encode("utf-16-le") in data for s in OLE_ENCRYPTION_STREAMS)
        workbook = True
    else:
        encrypted = any(stream in streams for stream in OLE_ENCRYPTION_STREAMS)
        workbook = any(stream in streams for stream in OLE_WORKBOOK_STREAMS)
    if encrypted:
        return (
            f"{name} is a password-protected workbook; remove the password in your spreadsheet "
            "program (File > Info > Protect workbook) and save a copy"
        )
    if workbook:
        return (
            f"{name} is a legacy Excel 97-2003 .xls file; open it in your spreadsheet program "
            "and save it as .xlsx or .ods"
        )
    return (
        f"{name} is an old-format Microsoft Office document, not a workbook; save your workbook "
        "as .xlsx or .ods"
    )


_OLE_FREE = 0xFFFFFFFF
_OLE_END = 0xFFFFFFFE
_OLE_MAX_DIR_SECTORS = 4096


def _ole_stream_names(data: bytes) -> set[str] | None:
    """Return the names in an OLE2 file's directory, or ``None`` if it cannot be walked simply.

    Reads the header, the FAT sectors the header lists (no DIFAT chain) and the directory chain;
    anything unusual returns ``None`` so the caller falls back to a raw byte scan.
    """
    try:
        with io.BytesIO(data) as handle:
            header = handle.read(512)
            if len(header) < 512:
                return None
            (shift,) = struct.unpack_from("<H", header, 30)
            if shift not in (9, 12):
                return None
            sector_size = 1 << shift
            (first_dir,) = struct.unpack_from("<I", header, 48)
            difat = struct.unpack_from("<109I", header, 76)

            def sector(number: int) -> bytes:
                handle.seek((number + 1) * sector_size)
                data = handle.read(sector_size)
                if len(data) != sector_size:
                    raise ValueError("sector past end of file")
                return data

            fat: list[int] = []
            for fat_sector in difat:
                if fat_sector == _OLE_FREE:
                    break
                fat.extend(struct.unpack(f"<{sector_size // 4}I", sector(fat_sector)))
            names: set[str] = set()
            seen: set[int] = set()
            current = first_dir
            while current != _OLE_END:
                if current in seen or current >= len(fat) or len(seen) > _OLE_MAX_DIR_SECTORS:
                    return None
                seen.add(current)
                data = sector(current)
                for offset in range(0, sector_size, 128):
                    entry = data[offset : offset + 128]
                    length, kind = struct.unpack_from("<HB", entry, 64)
                    if kind in (1, 2, 5) and 2 <= length <= 64:
                        names.add(entry[: length - 2].decode("utf-16-le", "replace"))
                current = fat[current]
    except (OSError, ValueError, struct.error):
        return None
    return names or None


# --------------------------------------------------------------------------------------------
# Zip workbooks: size, damage, kind, XML


def _check_zip_workbook(data: bytes, name: str) -> WorkbookKind:
    """Open ``data`` as a zip (central directory only) and return its kind, or refuse it."""
    damaged = (
        f"{name} is damaged or incomplete (it may have been cut short while saving or "
        "copying); open it in your spreadsheet program to repair it, or use a backup copy"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_sizes(archive, name=name)
            kind = _zip_kind(archive, name)
            check_xml_safety(archive, kind, name=name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
        raise UnreadableWorkbook(damaged) from error
    except ValueError as error:  # a damaged directory: zipfile seeks before the first byte
        raise UnreadableWorkbook(damaged) from error
    return kind


def check_zip_sizes(archive: zipfile.ZipFile, *, name: str | None = None) -> None:
    """Refuse a zip bomb using only the central directory (nothing is decompressed).

    Refused: more than ``MAX_PARTS`` parts; a part declaring more than ``MAX_PART_BYTES``; all
    parts together declaring more than ``MAX_TOTAL_BYTES``; a part over ``RATIO_CHECK_BYTES``
    that inflates more than ``MAX_BOMB_RATIO`` times. Declared sizes can lie, so whatever reads a
    part afterwards should go through ``open_part_limited``.

    Parameters
    ----------
    archive : zipfile.ZipFile
        An open archive.
    name : str, optional
        The file name the message uses (defaults to the archive's).

    Raises
    ------
    UnreadableWorkbook

    Examples
    --------
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    ...     archive.writestr("xl/workbook.xml", "<workbook/>")
    >>> check_zip_sizes(zipfile.ZipFile(buffer))
    """
    name = name or _archive_name(archive)
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise UnreadableWorkbook(
            f"{name} holds {len(infos):,} parts (more than {MAX_PARTS:,}); no real workbook has "
            "that many, refusing a possible zip bomb"
        )
    total = 0
    for info in infos:
        size, packed = info.file_size, info.compress_size
        total += size
        ratio = size / max(packed, 1)
        if size > MAX_PART_BYTES or (size > RATIO_CHECK_BYTES and ratio > MAX_BOMB_RATIO):
            raise UnreadableWorkbook(
                f"{name}: {info.filename} would inflate from {_megabytes(packed)} to "
                f"{_megabytes(size)} (ratio {ratio:,.0f}:1); refusing a possible zip bomb"
            )
    if total > MAX_TOTAL_BYTES:
        raise UnreadableWorkbook(
            f"{name} would inflate from {_megabytes(_archive_packed(archive))} to "
            f"{_megabytes(total)} in all (more than {_megabytes(MAX_TOTAL_BYTES)}); refusing "
            "a possible zip bomb"
        )


def _archive_packed(archive: zipfile.ZipFile) -> int:
    """Return the total compressed size of an archive's parts."""
    return sum(info.compress_size for info in archive.infolist())


def _megabytes(size: int) -> str:
    """Format a byte count in decimal megabytes, as file managers show it.

    Examples
    --------
    >>> _megabytes(700_000), _megabytes(640_000_000), _megabytes(12_345_678)
    ('0.7 MB', '640 MB', '12 MB')
    """
    megabytes = size / 1e6
    return f"{megabytes:.1f} MB" if megabytes < 10 else f"{megabytes:,.0f} MB"


def _archive_name(archive: zipfile.ZipFile) -> str:
    """Return the file name of an archive for messages."""
    return Path(archive.filename).name if archive.filename else "the workbook"


def _zip_kind(archive: zipfile.ZipFile, name: str) -> WorkbookKind:
    """Return ``"xlsx"`` or ``"ods"`` for a zip's parts, or refuse a zip that is neither."""
    parts = set(archive.namelist())
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise UnreadableWorkbook(
                f"{name} is a password-protected zip archive, not a workbook; save your "
                "workbook as .xlsx or .ods without a password"
            )
    if "[Content_Types].xml" in parts and "xl/workbook.xml" in parts:
        for part in ("[Content_Types].xml", "xl/workbook.xml"):
            _read_small_part(archive, part, name)
        return "xlsx"
    if "[Content_Types].xml" in parts and "xl/workbook.bin" in parts:
        raise UnreadableWorkbook(
            f"{name} is a binary Excel .xlsb workbook; open it in your spreadsheet program and "
            "save it as .xlsx"
        )
    if "mimetype" in parts:
        mimetype = _read_small_part(archive, "mimetype", name).decode("ascii", "replace").strip()
        if mimetype == ODS_MIMETYPE:
            manifest = "META-INF/manifest.xml"
            if manifest in parts and b"encryption-data" in _read_small_part(
                archive, manifest, name
            ):
                raise UnreadableWorkbook(
                    f"{name} is a password-protected workbook; open it in your spreadsheet "
                    "program, remove the password and save a copy"
                )
            return "ods"
        if mimetype.startswith("application/vnd.oasis.opendocument."):
            raise UnreadableWorkbook(
                f"{name} is an OpenDocument file of type {mimetype!r}, not a spreadsheet; "
                "point at your .ods or .xlsx workbook"
            )
    if "word/document.xml" in parts:
        what = "a Word document"
    elif "ppt/presentation.xml" in parts:
        what = "a PowerPoint presentation"
    else:
        what = "a zip archive"
    raise UnreadableWorkbook(
        f"{name} is {what}, not a spreadsheet; point at your .xlsx or .ods workbook"
    )


def _read_small_part(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    """Read a whole (small) part, which verifies its CRC; a failing CRC raises BadZipFile."""
    with open_part_limited(archive, part, SMALL_PART_BYTES, name=name) as stream:
        return stream.read()


class _LimitedReader(io.RawIOBase):
    """A read-only stream over a zip part that refuses to yield more than ``limit`` bytes."""

    def __init__(self, raw: IO[bytes], limit: int, message: str) -> None:
        self._raw = raw
        self._left = limit
        self._message = message

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), self._left + 1)
        data = self._raw.read(want)
        if len(data) > self._left:
            raise UnreadableWorkbook(self._message)
        self._left -= len(data)
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def open_part_limited(
    archive: zipfile.ZipFile, part: str, limit: int, *, name: str | None = None
) -> io.BufferedReader:
    """Open one part of a zip for reading, refusing to inflate more than ``limit`` bytes.

    The part's declared size is checked first; then, because a declared size can lie, reading
    raises ``UnreadableWorkbook`` as soon as the stream would produce byte ``limit + 1``.
    Reading a prefix (``stream.read(n)``) only inflates about ``n`` bytes.

    Parameters
    ----------
    archive : zipfile.ZipFile
        An open archive.
    part : str
        The part's name inside the archive.
    limit : int
        Most bytes the stream may yield.
    name : str, optional
        The file name the message uses (defaults to the archive's).

    Returns
    -------
    io.BufferedReader
        Use it as a context manager.

    Examples
    --------
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    ...     archive.writestr("xl/sharedStrings.xml", "<sst/>" * 100)
    >>> archive = zipfile.ZipFile(buffer)
    >>> with open_part_limited(archive, "xl/sharedStrings.xml", 1000) as stream:
    ...     stream.read(6)
    b'<sst/>'
    >>> with open_part_limited(archive, "xl/sharedStrings.xml", 100) as stream:
    ...     stream.read()
    Traceback (most recent call last):
    ...
    netwk_analysis.core.model.UnreadableWorkbook: the workbook: xl/sharedStrings.xml is ...
    """
    name = name or _archive_name(archive)
    message = (
        f"{name}: {part} is larger than {_megabytes(limit)} once inflated; refusing a possible "
        "zip bomb"
    )
    if archive.getinfo(part).file_size > limit:
        raise UnreadableWorkbook(message)
    return io.BufferedReader(_LimitedReader(archive.open(part), limit, message))


def _parsed_xml_parts(archive: zipfile.ZipFile, kind: str) -> list[str]:
    """Return the XML parts the readers (openpyxl, calamine, odfpy) parse for ``kind``."""
    if kind == "ods":
        wanted = ("content.xml", "styles.xml", "meta.xml", "settings.xml", "META-INF/manifest.xml")
        return [part for part in archive.namelist() if part in wanted]
    return [
        part
        for part in archive.namelist()
        if part in ("[Content_Types].xml", "_rels/.rels")
        or (part.startswith(("xl/", "docProps/")) and part.endswith((".xml", ".rels")))
    ]


_PROLOG_TOKEN = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DTD_MARKERS = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def check_xml_safety(archive: zipfile.ZipFile, kind: str, *, name: str | None = None) -> None:
    """Refuse XML parts that declare a DTD or entities (billion laughs, external entities).

    Spreadsheet programs never write ``<!DOCTYPE>``/``<!ENTITY>``. For every XML part a reader
    will parse (``_parsed_xml_parts``) the start of the part is read through
    ``open_part_limited``: the prolog (declaration, comments, processing instructions) is
    skipped up to the root element, where any DTD must appear, and the bytes read (at least
    8 KiB, at most ``XML_HEAD_BYTES``) are also searched for the markers. A prolog longer than
    ``XML_HEAD_BYTES`` is refused too. This protects every parser, including calamine's.

    Parameters
    ----------
    archive : zipfile.ZipFile
        An open archive.
    kind : {"xlsx", "ods"}
        What ``check_workbook_file`` found.
    name : str, optional
        The file name the message uses (defaults to the archive's).

    Raises
    ------
    UnreadableWorkbook

    Examples
    --------
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("xl/workbook.xml", '<!DOCTYPE x [<!ENTITY a "a">]><workbook/>')
    >>> check_xml_safety(zipfile.ZipFile(buffer), "xlsx", name="book.xlsx")
    Traceback (most recent call last):
    ...
    netwk_analysis.core.model.UnreadableWorkbook: book.xlsx: xl/workbook.xml declares ...
    """
    name = name or _archive_name(archive)
    for part in _parsed_xml_parts(archive, kind):
        with open_part_limited(archive, part, MAX_PART_BYTES, name=name) as stream:
            verdict = _xml_head_verdict(stream)
        if verdict == "dtd":
            raise UnreadableWorkbook(
                f"{name}: {part} declares XML entities (<!DOCTYPE>); this is not something a "
                "spreadsheet program writes, refusing it"
            )
        if verdict == "long":
            raise UnreadableWorkbook(
                f"{name}: {part} has more than {XML_HEAD_BYTES // 1024} KiB before its first "
                "element; this is not something a spreadsheet program writes, refusing it"
            )


def _xml_head_verdict(stream: IO[bytes]) -> Literal["ok", "dtd", "long"]:
    """Read the start of an XML stream and say whether it declares a DTD.

    Examples
    --------
    >>> _xml_head_verdict(io.BytesIO(b'<?xml version="1.0"?>\\n<!-- hi --><sst count="0"/>'))
    'ok'
    >>> _xml_head_verdict(io.BytesIO(b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY'))
    'dtd'
    >>> _xml_head_verdict(io.BytesIO('<!DOCTYPE x><a/>'.encode("utf-16")))
    'dtd'
    """
    head = b""
    while len(head) < XML_HEAD_BYTES:
        block = stream.read(min(8192, XML_HEAD_BYTES - len(head)))
        if not block:
            break
        head += block
        text = _decode_xml_head(head)
        if _DTD_MARKERS.search(text):
            return "dtd"
        position = 0
        while match := _PROLOG_TOKEN.match(text, position):
            position = match.end()
        rest = text[position:]
        if rest[:2] == "<!" and rest[:4] != "<!--":
            return "dtd"
        if rest[:1] == "<" and len(rest) > 1 and rest[1] not in "?!":
            return "ok"
        if rest and not rest.startswith("<"):
            return "ok"  # not XML at all: the parser will report it; nothing to expand here
    return "long" if len(head) >= XML_HEAD_BYTES else "ok"


def _decode_xml_head(head: bytes) -> str:
    """Decode the start of an XML part for scanning: UTF-16 if it looks so, else Latin-1.

    Latin-1 never fails and keeps ASCII markup intact for UTF-8 (and any ASCII-based) text.
    """
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return head.decode("utf-16-le", "replace").lstrip("\ufeff")
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return head.decode("utf-16-be", "replace").lstrip("\ufeff")
    return head.decode("latin-1").removeprefix("\xef\xbb\xbf")
