"""Reading guards refuse hostile workbooks; writes are atomic and formula-safe.

Every hostile input is built in code inside ``tmp_path``.
"""

from __future__ import annotations

import os
import stat
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest

from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading.guards import (
    MAX_PARTS,
    check_workbook_file,
    check_zip_sizes,
    open_part_limited,
)
from netwk_analysis.writing.escape import escape_formula, escape_frame, formula_safe_csv
from netwk_analysis.writing.files import (
    OutputExists,
    atomic_path,
    atomic_paths,
    write_bytes_atomic,
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
WORKBOOK = '<?xml version="1.0" encoding="UTF-8"?><workbook/>'
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>
"""
EXTERNAL_ENTITY = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData>
</worksheet>
"""


# --------------------------------------------------------------------------------------------
# builders


def _real_xlsx(write_workbook, path: Path) -> Path:
    return write_workbook(
        path,
        contacts=[[f"Person {number}", "Acme", "Alice Moreno"] for number in range(200)],
        interactions=[],
        headers={
            "Contacts": ["name", "company", "referred_by"],
            "Interactions": ["date", "contact", "type"],
        },
    )


def _rezip(source: Path, target: Path, replace: dict[str, str | bytes]) -> Path:
    """Copy the zip ``source`` to ``target`` with some parts' contents replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for part, data in replace.items():
            if part not in old.namelist():
                new.writestr(part, data)
    return target


def _zip(path: Path, parts: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


def _raw_zip(path: Path, entries: list[tuple[str, bytes, int, int, int]]) -> Path:
    """Write a zip by hand: ``(name, deflated data, crc, declared packed, declared size)``.

    Declared sizes go into both headers as given, so a test can make them lie.
    """
    body, central = bytearray(), bytearray()
    for name, data, crc, packed, size in entries:
        raw_name = name.encode()
        offset = len(body)
        body += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, packed, size, len(raw_name), 0
        )
        body += raw_name + data
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            packed,
            size,
            len(raw_name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += raw_name
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(body), 0
    )
    path.write_bytes(bytes(body + central + end))
    return path


def _deflated(text: str) -> tuple[bytes, int, int, int]:
    data = text.encode()
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return packed, zlib.crc32(data), len(packed), len(data)


def _zeros_bomb(mebibytes: int) -> tuple[bytes, int, int, int]:
    """Deflate ``mebibytes`` MiB of zeros quickly: one full-flushed block repeated."""
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    packed = block * mebibytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    return packed, crc, len(packed), mebibytes << 20


def _ole(names: list[str], *, pad: bytes = b"") -> bytes:
    """A minimal OLE2 compound file: header, one FAT sector, one directory sector."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 44, 1, 1, 0, 4096)
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 76, 0, *[0xFFFFFFFF] * 108)
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *[0xFFFFFFFF] * 126)
    directory = bytearray()
    for index, name in enumerate(["Root Entry", *names]):
        raw = (name + "\0").encode("utf-16-le")
        entry = bytearray(128)
        entry[: len(raw)] = raw
        struct.pack_into(
            "<HBB3I", entry, 64, len(raw), 5 if index == 0 else 2, 1, *[2**32 - 1] * 3
        )
        directory += entry
    directory += bytes(512 - len(directory))
    return bytes(header) + fat + bytes(directory) + pad


def _refused(path: Path, *facts: str) -> str:
    with pytest.raises(UnreadableWorkbook) as caught:
        check_workbook_file(path)
    message = str(caught.value)
    for fact in facts:
        assert fact in message, message
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------------------------
# what is not a workbook


def test_missing_path_is_refused(tmp_path):
    _refused(tmp_path / "nope.xlsx", "nope.xlsx does not exist")


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "network.xlsx"
    path.touch()
    _refused(path, "network.xlsx is empty (0 bytes)")


@pytest.mark.parametrize("name", ["network.xlsx", "network.ods", "notes.txt"])
def test_text_or_csv_file_is_refused_with_folder_advice(tmp_path, name):
    path = tmp_path / name
    path.write_text("name,company,referred_by\nAlice Moreno,Acme,\n", encoding="utf-8")
    _refused(path, f"{name} is a plain text (CSV) file", "contacts.csv", "save it as .xlsx")


def test_utf16_text_is_text(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("name\tcompany\nAlice\tAcme\n", encoding="utf-16")
    _refused(path, "plain text (CSV)")


def test_html_disguised_as_xls_is_refused(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("<html><body><table><tr><td>Alice</td></tr></table></body></html>")
    _refused(path, "export.xlsx is an HTML or XML file", "save it as .xlsx")


def test_binary_junk_is_refused(tmp_path):
    path = tmp_path / "network.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    _refused(path, "network.xlsx is not a spreadsheet file")


def test_excel_lock_file_is_refused(tmp_path):
    path = tmp_path / "~$network.xlsx"
    path.write_bytes(b"\x05alice" + bytes(50))
    _refused(path, "lock file", "network.xlsx instead")


def test_folder_without_contacts_csv_lists_expected_names(tmp_path):
    (tmp_path / "leads.csv").write_text("company\n")
    message = _refused(tmp_path, "has no contacts.csv", "(required)")
    for name in ("interactions.csv", "leads.csv", "settings.csv"):
        assert name in message


def test_csv_folder_names_are_case_insensitive(tmp_path):
    (tmp_path / "CONTACTS.CSV").write_text("name\nAlice\n")
    assert check_workbook_file(tmp_path) == "csv_folder"
    assert check_workbook_file(str(tmp_path)) == "csv_folder"


# --------------------------------------------------------------------------------------------
# OLE2: legacy .xls and password-protected workbooks


def test_legacy_xls_is_refused(tmp_path):
    path = tmp_path / "budget.xls"
    path.write_bytes(_ole(["Workbook", "\x05SummaryInformation"]))
    _refused(path, "budget.xls is a legacy Excel 97-2003 .xls file", "save it as .xlsx")


def test_legacy_xls_renamed_xlsx_is_refused_by_content(tmp_path):
    path = tmp_path / "budget.xlsx"
    path.write_bytes(_ole(["Book"]))
    _refused(path, "legacy Excel 97-2003 .xls")


def test_password_protected_workbook_is_refused(tmp_path):
    path = tmp_path / "network.xlsx"
    path.write_bytes(_ole(["EncryptionInfo", "EncryptedPackage"], pad=bytes(4096)))
    _refused(
        path, "network.xlsx is a password-protected workbook", "remove the password", "save a copy"
    )


def test_password_detected_by_raw_scan_when_directory_cannot_be_walked(tmp_path):
    data = bytearray(_ole(["EncryptionInfo"]))
    struct.pack_into("<H", data, 30, 77)  # impossible sector shift: directory walk gives up
    path = tmp_path / "network.xlsx"
    path.write_bytes(bytes(data))
    _refused(path, "password-protected")


def test_other_ole_document_is_refused(tmp_path):
    path = tmp_path / "letter.xlsx"
    path.write_bytes(_ole(["WordDocument"]))
    _refused(path, "old-format Microsoft Office document")


# --------------------------------------------------------------------------------------------
# damaged zips and zips that are not workbooks


def test_truncated_xlsx_is_refused(write_workbook, tmp_path):
    path = _real_xlsx(write_workbook, tmp_path / "network.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "network.xlsx is damaged or incomplete")


def test_bad_crc_in_checked_part_is_refused(tmp_path):
    path = _zip(
        tmp_path / "network.xlsx",
        {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": WORKBOOK},
        zipfile.ZIP_STORED,
    )
    path.write_bytes(path.read_bytes().replace(b"<workbook/>", b"<workbook?>"))
    _refused(path, "network.xlsx is damaged or incomplete")


def test_docx_is_refused(tmp_path):
    path = _zip(
        tmp_path / "network.xlsx",
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w:document/>"},
    )
    _refused(path, "network.xlsx is a Word document, not a spreadsheet")


def test_random_zip_is_refused(tmp_path):
    path = _zip(tmp_path / "network.xlsx", {"photo.jpg": b"\xff\xd8\xff", "notes.txt": "hi"})
    _refused(path, "network.xlsx is a zip archive, not a spreadsheet")


def test_odt_is_refused(tmp_path):
    path = _zip(
        tmp_path / "network.ods",
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"},
        zipfile.ZIP_STORED,
    )
    _refused(path, "application/vnd.oasis.opendocument.text", "not a spreadsheet")


def test_xlsb_is_refused(tmp_path):
    path = _zip(
        tmp_path / "network.xlsb", {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.bin": b"x"}
    )
    _refused(path, ".xlsb", "save it as .xlsx")


def test_password_protected_ods_is_refused(tmp_path):
    manifest = '<manifest:file-entry><manifest:encryption-data manifest:checksum-type="SHA1"/>'
    path = _zip(
        tmp_path / "network.ods",
        {
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "META-INF/manifest.xml": manifest,
            "content.xml": b"\x8f\x11encrypted",
        },
    )
    _refused(path, "network.ods is a password-protected workbook")


# --------------------------------------------------------------------------------------------
# zip bombs


def test_zip_bomb_is_refused_fast(tmp_path):
    entries = [
        ("[Content_Types].xml", *_deflated(CONTENT_TYPES)),
        ("xl/workbook.xml", *_deflated(WORKBOOK)),
        ("xl/worksheets/sheet1.xml", *_zeros_bomb(400)),
    ]
    path = _raw_zip(tmp_path / "network.xlsx", entries)
    assert path.stat().st_size < 600_000
    start = time.perf_counter()
    message = _refused(path, "xl/worksheets/sheet1.xml", "to 419 MB", "ratio", "zip bomb")
    assert time.perf_counter() - start < 1.0
    assert "from 0.4 MB" in message


def test_too_many_parts_is_refused(tmp_path):
    parts = {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": WORKBOOK}
    parts |= {f"xl/media/image{number}.png": b"" for number in range(MAX_PARTS)}
    path = _zip(tmp_path / "network.xlsx", parts, zipfile.ZIP_STORED)
    _refused(path, "10,002 parts", "zip bomb")


@pytest.mark.parametrize(
    ("declared", "refused"),
    [
        ([(200_000_000, 1_500_000_000)], "would inflate from 200 MB to 1,500 MB"),
        ([(100_000_000, 800_000_000)] * 3, "to 2,400 MB in all"),
        ([(500_000, 60_000_000)], "ratio 120:1"),
    ],
)
def test_declared_sizes_over_limits_are_refused(tmp_path, declared, refused):
    entries = [
        (f"xl/worksheets/sheet{number}.xml", b"", 0, packed, size)
        for number, (packed, size) in enumerate(declared)
    ]
    _refused(_raw_zip(tmp_path / "big.xlsx", entries), refused, "zip bomb")


def test_large_real_looking_parts_pass_size_check(tmp_path):
    entries = [
        ("xl/worksheets/sheet1.xml", b"", 0, 14_000_000, 200_000_000),  # ~15:1, like real XML
        ("xl/worksheets/sheet2.xml", b"", 0, 40_000, 40_000_000),  # 1000:1 but under 50 MB
        ("xl/sharedStrings.xml", b"", 0, 10_000_000, 50_000_000),
    ]
    with zipfile.ZipFile(_raw_zip(tmp_path / "big.xlsx", entries)) as archive:
        check_zip_sizes(archive)


def test_open_part_limited_refuses_oversized_part(tmp_path):
    path = _zip(tmp_path / "a.xlsx", {"xl/sharedStrings.xml": "<sst/>" * 1000})
    with zipfile.ZipFile(path) as archive:
        with open_part_limited(archive, "xl/sharedStrings.xml", 6000) as stream:
            assert stream.read(6) == b"<sst/>"
            assert len(stream.read()) == 5994
        with pytest.raises(UnreadableWorkbook, match="xl/sharedStrings.xml is larger than"):
            open_part_limited(archive, "xl/sharedStrings.xml", 5999)


# --------------------------------------------------------------------------------------------
# XML entity attacks


def test_billion_laughs_in_shared_strings_is_refused(write_workbook, tmp_path):
    source = _real_xlsx(write_workbook, tmp_path / "source.xlsx")
    path = _rezip(source, tmp_path / "network.xlsx", {"xl/sharedStrings.xml": BILLION_LAUGHS})
    _refused(path, "xl/sharedStrings.xml declares XML entities (<!DOCTYPE>)", "refusing it")


def test_external_entity_in_worksheet_is_refused(write_workbook, tmp_path):
    source = _real_xlsx(write_workbook, tmp_path / "source.xlsx")
    path = _rezip(source, tmp_path / "network.xlsx", {"xl/worksheets/sheet1.xml": EXTERNAL_ENTITY})
    _refused(path, "xl/worksheets/sheet1.xml declares XML entities")


def test_utf16_doctype_is_refused(write_workbook, tmp_path):
    source = _real_xlsx(write_workbook, tmp_path / "source.xlsx")
    payload = EXTERNAL_ENTITY.replace("UTF-8", "UTF-16").encode("utf-16")
    path = _rezip(source, tmp_path / "network.xlsx", {"xl/worksheets/sheet2.xml": payload})
    _refused(path, "xl/worksheets/sheet2.xml declares XML entities")


def test_doctype_after_long_comment_is_refused(write_workbook, tmp_path):
    source = _real_xlsx(write_workbook, tmp_path / "source.xlsx")
    padded = f'<?xml version="1.0"?><!--{"x" * 20_000}-->' + EXTERNAL_ENTITY.split("?>", 1)[1]
    path = _rezip(source, tmp_path / "network.xlsx", {"xl/workbook.xml": padded})
    _refused(path, "xl/workbook.xml declares XML entities")


def test_prolog_longer_than_scan_window_is_refused(write_workbook, tmp_path):
    source = _real_xlsx(write_workbook, tmp_path / "source.xlsx")
    padded = f'<?xml version="1.0"?><!--{"x" * 100_000}-->' + EXTERNAL_ENTITY.split("?>", 1)[1]
    path = _rezip(source, tmp_path / "network.xlsx", {"xl/workbook.xml": padded})
    _refused(path, "xl/workbook.xml has more than 64 KiB before its first element")


def test_doctype_in_ods_content_is_refused(tmp_path):
    path = _zip(
        tmp_path / "network.ods",
        {
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": BILLION_LAUGHS,
        },
    )
    _refused(path, "content.xml declares XML entities")


# --------------------------------------------------------------------------------------------
# real workbooks pass


@pytest.mark.parametrize("name", ["network.xlsx", "network.xlsm", "renamed.ods"])
def test_openpyxl_workbook_is_xlsx(write_workbook, tmp_path, name):
    source = _real_xlsx(write_workbook, tmp_path / "source.xlsx")
    path = tmp_path / name
    path.write_bytes(source.read_bytes())
    assert check_workbook_file(path) == "xlsx"


def test_pandas_odf_workbook_is_ods(tmp_path):
    path = tmp_path / "network.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame({"name": ["Alice Moreno"], "company": ["Acme"]}).to_excel(
            writer, sheet_name="Contacts", index=False
        )
        pd.DataFrame({"date": ["2024-05-01"], "type": ["request"]}).to_excel(
            writer, sheet_name="Interactions", index=False
        )
    assert check_workbook_file(path) == "ods"


def test_openpyxl_is_defused():
    """defusedxml is a hard dependency, so openpyxl (the reader of record) refuses XML bombs."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


# --------------------------------------------------------------------------------------------
# atomic writes


def _folder_names(folder: Path) -> set[str]:
    return {child.name for child in folder.iterdir()}


def test_atomic_path_writes_through_temp_in_same_folder(tmp_path):
    target = tmp_path / "charts" / "outreach.png"
    target.parent.mkdir()
    with atomic_path(target) as temporary:
        assert temporary.parent == target.parent
        assert temporary.name.startswith(".outreach.png.")
        assert temporary.suffix == ".png"
        assert not target.exists()
        temporary.write_bytes(b"png")
    assert target.read_bytes() == b"png"
    assert _folder_names(target.parent) == {"outreach.png"}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_atomic_path_gives_new_file_normal_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        path = write_bytes_atomic(tmp_path / "due.csv", b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_atomic_path_replaces_when_overwrite(tmp_path):
    target = tmp_path / "due.csv"
    target.write_text("old")
    with atomic_path(target, overwrite=True) as temporary:
        temporary.write_text("new")
    assert target.read_text() == "new"
    assert _folder_names(tmp_path) == {"due.csv"}


def test_atomic_path_failure_leaves_old_file_and_no_temp(tmp_path):
    target = tmp_path / "due.csv"
    target.write_bytes(b"contact,due_on\r\nAlice,2024-05-01\r\n")
    before = target.read_bytes()
    with pytest.raises(KeyError):
        with atomic_path(target, overwrite=True) as temporary:
            temporary.write_bytes(b"half written")
            raise KeyError("boom")
    assert target.read_bytes() == before
    assert _folder_names(tmp_path) == {"due.csv"}


def test_atomic_path_refuses_existing_file(tmp_path):
    target = tmp_path / "due.csv"
    target.write_text("old")
    with pytest.raises(OutputExists, match=r"due\.csv already exists; pass --force to replace it"):
        with atomic_path(target):
            pytest.fail("must not get here")
    assert target.read_text() == "old"
    assert _folder_names(tmp_path) == {"due.csv"}


def test_atomic_path_refuses_input_workbook(tmp_path, monkeypatch):
    workbook = tmp_path / "network.xlsx"
    workbook.write_bytes(b"PK original")
    monkeypatch.chdir(tmp_path)
    for alias in (workbook, Path("network.xlsx"), tmp_path / "sub" / ".." / "network.xlsx"):
        with pytest.raises(ValueError, match="is the input workbook network.xlsx"):
            with atomic_path(alias, overwrite=True, protect=[workbook]):
                pytest.fail("must not get here")
    assert workbook.read_bytes() == b"PK original"


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_atomic_path_refuses_symlink_to_input(tmp_path):
    workbook = tmp_path / "network.xlsx"
    workbook.write_bytes(b"PK original")
    link = tmp_path / "report.xlsx"
    link.symlink_to(workbook)
    with pytest.raises(ValueError, match="input workbook"):
        write_bytes_atomic(link, b"x", overwrite=True, protect=[str(workbook)])
    assert workbook.read_bytes() == b"PK original"


def test_write_bytes_atomic(tmp_path):
    assert write_bytes_atomic(tmp_path / "a.ics", b"\x00").read_bytes() == b"\x00"
    with pytest.raises(OutputExists):
        write_bytes_atomic(tmp_path / "a.ics", b"again")


# --------------------------------------------------------------------------------------------
# formula injection


@pytest.mark.parametrize("text", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_escape_formula_prefixes(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Alice Moreno", "", "a=b", "'=already", " =spaced"])
def test_escape_formula_leaves_plain_text(value):
    assert escape_formula(value) == value


@pytest.mark.parametrize("value", [-2, -2.5, 0, None, True, pd.Timestamp("2024-05-01")])
def test_escape_formula_leaves_non_text(value):
    assert escape_formula(value) is value


def test_escape_frame_escapes_text_columns_only_and_does_not_mutate():
    frame = pd.DataFrame(
        {
            "name": ["=HYPERLINK(1)", "Alice", None],
            "mixed": ["@x", 5, -3.0],
            "typed": pd.array(["-note", "ok", pd.NA], dtype="string"),
            "stage": pd.Categorical(["+lead", "applied", "+lead"]),
            "days": [-2, 0, 3],
            "when": pd.to_datetime(["2024-05-01", "2024-05-02", "2024-05-03"]),
        }
    )
    before = frame.copy(deep=True)
    escaped = escape_frame(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert escaped["name"].tolist()[:2] == ["'=HYPERLINK(1)", "Alice"]
    assert escaped["name"].isna().tolist() == [False, False, True]
    assert escaped["mixed"].tolist() == ["'@x", 5, -3.0]
    assert escaped["typed"].dtype == frame["typed"].dtype
    assert escaped["typed"].tolist()[:2] == ["'-note", "ok"]
    assert isinstance(escaped["stage"].dtype, pd.CategoricalDtype)
    assert escaped["stage"].tolist() == ["'+lead", "applied", "'+lead"]
    pd.testing.assert_series_equal(escaped["days"], frame["days"])
    pd.testing.assert_series_equal(escaped["when"], frame["when"])


def test_escape_frame_category_collision_falls_back_to_text():
    frame = pd.DataFrame({"stage": pd.Categorical(["=a", "'=a", "b"])})
    escaped = escape_frame(frame)["stage"]
    assert escaped.tolist() == ["'=a", "'=a", "b"]
    assert not isinstance(escaped.dtype, pd.CategoricalDtype)


def test_escape_frame_on_default_string_column():
    frame = pd.DataFrame({"name": ["=1+1", "Bob"]})
    assert escape_frame(frame)["name"].tolist() == ["'=1+1", "Bob"]
    assert frame["name"].tolist() == ["=1+1", "Bob"]


def test_formula_safe_csv_escapes_values_and_header(tmp_path):
    frame = pd.DataFrame({"contact": ["=cmd", "Bob"], "-days": [-2, 5]})
    path = write_bytes_atomic(tmp_path / "due.csv", formula_safe_csv(frame).encode())
    assert path.read_bytes() == b'"contact","\'-days"\n"\'=cmd",-2\n"Bob",5\n'
    assert frame["contact"].tolist() == ["=cmd", "Bob"]
    with pytest.raises(OutputExists):
        write_bytes_atomic(path, formula_safe_csv(frame).encode())
    write_bytes_atomic(path, formula_safe_csv(frame.iloc[:1]).encode(), overwrite=True)
    assert pd.read_csv(path)["'-days"].tolist() == [-2]


def test_atomic_paths_is_all_or_nothing(tmp_path):
    old = {"a.png": b"old a", "b.csv": b"old b"}
    for name, data in old.items():
        (tmp_path / name).write_bytes(data)
    targets = [tmp_path / "a.png", tmp_path / "b.csv", tmp_path / "c.ics"]
    with pytest.raises(OSError, match="disk full"):
        with atomic_paths(targets, overwrite=True) as temporary:
            temporary["a.png"].write_bytes(b"new a")
            temporary["b.csv"].write_bytes(b"new b")
            raise OSError("disk full")  # the third write fails
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == old
    with atomic_paths(targets, overwrite=True) as temporary:
        for name, path in temporary.items():
            path.write_bytes(name.encode())
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        "a.png": b"a.png",
        "b.csv": b"b.csv",
        "c.ics": b"c.ics",
    }


def test_atomic_paths_refuses_before_writing_anything(tmp_path):
    (tmp_path / "b.csv").write_bytes(b"old")
    with pytest.raises(OutputExists):
        with atomic_paths([tmp_path / "a.png", tmp_path / "b.csv"]):
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.csv"]
