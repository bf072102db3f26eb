"""Hostile and broken files, end to end through ``netwk``: one clear line, exit 2, the source
untouched; every command leaves the workbook byte-identical; random files never crash."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netwk_analysis.cli import main
from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading.load import load_network

SAMPLE = Path(__file__).parents[1] / "data" / "sample_network.xlsx"


def examples(count: int) -> int:
    """The example count of a property test: ``count`` in CI and with ``--run-slow`` (the "ci"
    hypothesis profile of tests/conftest.py), a third of it, at least 3, in a plain run."""
    return max(3, count * settings.default.max_examples // 100)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def valid_xlsx(write_workbook, path: Path) -> Path:
    return write_workbook(
        path,
        contacts=[["Ann Lee", "Acme"], ["Bo Chen", "Acme", "Ann Lee"]],
        interactions=[[dt.date(2026, 3, 2), "Bo Chen", "request", "email"]],
        settings={"as_of": "2026-03-31"},
    )


def rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
    return target


def zip_bomb(write_workbook, path: Path, mebibytes: int = 600) -> Path:
    """A valid-looking xlsx whose worksheet inflates from well under 1 MB to ``mebibytes``."""
    valid = valid_xlsx(write_workbook, path.with_name("seed.xlsx"))
    with zipfile.ZipFile(valid) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with new.open(item.filename, "w", force_zip64=True) as sink:
                    block = b" " * (1 << 20)
                    for _ in range(mebibytes):
                        sink.write(block)
            else:
                new.writestr(item.filename, old.read(item.filename))
    return path


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
    b"<si><t>&lol9;</t></si></sst>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
)


def hostile(write_workbook, tmp_path: Path, case: str) -> Path:
    """Build one hostile or broken input in ``tmp_path``."""
    path = tmp_path / f"{case}.xlsx"
    if case == "renamed_csv":
        path.write_text("name,company\nAnn Lee,Acme\n")
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "truncated":
        data = valid_xlsx(write_workbook, tmp_path / "whole.xlsx").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif case == "legacy_xls":
        path = tmp_path / "old.xls"
        path.write_bytes(_ole_file("Workbook"))
    elif case == "password":
        path.write_bytes(_ole_file("EncryptionInfo", "EncryptedPackage"))
    elif case == "folder_without_csv":
        path = tmp_path / "exports"
        path.mkdir()
        (path / "people.txt").write_text("Ann")
    elif case == "zip_bomb":
        zip_bomb(write_workbook, path)
    elif case == "billion_laughs":
        valid = valid_xlsx(write_workbook, tmp_path / "seed.xlsx")
        with zipfile.ZipFile(valid) as archive:
            has_sst = "xl/sharedStrings.xml" in archive.namelist()
        part = "xl/sharedStrings.xml" if has_sst else "xl/worksheets/sheet1.xml"
        rezip(valid, path, {part: LAUGHS})
    elif case == "external_entity":
        rezip(
            valid_xlsx(write_workbook, tmp_path / "seed.xlsx"),
            path,
            {"xl/worksheets/sheet1.xml": EXTERNAL},
        )
    return path


def _ole_file(*streams: str) -> bytes:
    """A minimal OLE2 compound file whose directory names ``streams``."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\0") + bytes(64) for name in ("Root Entry", *streams)
    )
    return bytes(header) + directory.ljust(512 * 2, b"\0")


CASES = {
    "renamed_csv": "text",
    "empty": "empty",
    "truncated": "damaged",
    "legacy_xls": ".xls",
    "password": "password",
    "folder_without_csv": "contacts.csv",
    "zip_bomb": "zip bomb",
    "billion_laughs": "entities",
    "external_entity": "entities",
}


@pytest.fixture(scope="session")
def zip_bomb_file(write_workbook, tmp_path_factory) -> Path:
    """The 600 MiB zip bomb, compressed once for the session (the tests only read it)."""
    return zip_bomb(write_workbook, tmp_path_factory.mktemp("bomb") / "zip_bomb.xlsx")


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, marks=pytest.mark.slow) if case == "zip_bomb" else case for case in CASES],
)
def test_hostile_files_get_one_line_and_exit_2(write_workbook, tmp_path, capsys, case, request):
    path = request.getfixturevalue("zip_bomb_file") if case == "zip_bomb" else None
    path = path or hostile(write_workbook, tmp_path, case)
    before = sha256(path) if path.is_file() else None
    start = time.perf_counter()
    code = main(["check", str(path)])
    seconds = time.perf_counter() - start
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("netwk check: ") and err.count("\n") == 1, err
    assert CASES[case] in err.lower(), err
    assert seconds < 1.5
    if before is not None:
        assert sha256(path) == before


# Runs `netwk` in a child that reports its own peak memory (VmHWM of /proc/self/status). The
# child's ru_maxrss from wait4 is not its own: a child started with vfork inherits the test
# process's high-water mark at exec, so it grew with whatever pytest held at that moment.
_PEAK_CHILD = """
import sys
from netwk_analysis.cli import main
code = main(sys.argv[1:])
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(int(peak.split()[1]), file=sys.__stdout__)
sys.exit(code)
"""


def peak_mib(arguments: list[str]) -> tuple[int, float]:
    """Run ``netwk ARGUMENTS`` in a child; return its exit code and its own peak memory (MiB)."""
    child = subprocess.run(
        [sys.executable, "-c", _PEAK_CHILD, *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    return child.returncode, int(child.stdout.split()[-1]) / 1024


@pytest.mark.slow
@pytest.mark.parametrize("case", ["zip_bomb", "billion_laughs"])
def test_bombs_are_refused_with_bounded_memory(write_workbook, tmp_path, case, request):
    path = request.getfixturevalue("zip_bomb_file") if case == "zip_bomb" else None
    path = path or hostile(write_workbook, tmp_path, case)
    assert path.stat().st_size < 1_000_000
    code, memory = peak_mib(["check", str(path)])
    assert code == 2
    assert memory < 250  # the bomb inflates to 600 MiB; nothing near it is ever allocated


@pytest.mark.slow
def test_every_command_leaves_the_workbook_byte_identical(tmp_path):
    workbook = tmp_path / "network.xlsx"
    workbook.write_bytes(SAMPLE.read_bytes())
    before = (sha256(workbook), workbook.stat().st_mtime_ns)
    commands = [
        ["check", str(workbook)],
        ["due", str(workbook), "--format", "json", "--ics", str(tmp_path / "due.ics")],
        ["stats", str(workbook), "--format", "csv"],
        ["tree", str(workbook), "--format", "json", "--out", str(tmp_path / "tree.png")],
        ["report", str(workbook), "--out", str(tmp_path / "report")],
    ]
    for argv in commands:
        assert main(argv) == 0, argv
        assert (sha256(workbook), workbook.stat().st_mtime_ns) == before, argv
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "due.ics",
        "network.xlsx",
        "report",
        "tree.png",
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["due", "{wb}", "--ics", "{wb}", "--force"],
        ["tree", "{wb}", "--out", "{wb}", "--force"],
        ["init", "{wb}"],
        ["demo", "{wb}"],
    ],
)
def test_outputs_never_replace_the_workbook(tmp_path, capsys, argv):
    workbook = tmp_path / "network.xlsx"
    workbook.write_bytes(SAMPLE.read_bytes())
    before = sha256(workbook)
    assert main([a.replace("{wb}", str(workbook)) for a in argv]) == 2
    assert sha256(workbook) == before
    assert capsys.readouterr().err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network.xlsx"]


# --- property-based: valid networks round-trip through xlsx, ods and CSV ---------------------

NAME = st.text(
    alphabet=st.characters(categories=["L", "N"], max_codepoint=0x24F), min_size=1, max_size=12
)
FREE_TEXT = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"], max_codepoint=0x2FFF),
        min_size=1,
        max_size=20,
    ).filter(lambda s: s.strip() == s and s.strip()),
)
DAY = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 3, 31))
TYPES = ["request", "reply", "decline", "interview", "thank_you", "follow_up", "check_in", "note"]


@st.composite
def networks(draw):
    """Unique names, a referral forest (referrers come earlier), interactions on those names."""
    names = draw(st.lists(NAME, min_size=1, max_size=8, unique_by=lambda n: n.casefold()))
    contacts = []
    for i, name in enumerate(names):
        referrer = draw(st.one_of(st.none(), st.sampled_from(names[:i]))) if i else None
        contacts.append(
            {
                "name": name,
                "company": draw(FREE_TEXT),
                "referred_by": referrer,
                "added_on": draw(st.one_of(st.none(), DAY)),
            }
        )
    interactions = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "date": DAY,
                    "contact": st.sampled_from(names),
                    "type": st.sampled_from(TYPES),
                    "notes": FREE_TEXT,
                }
            ),
            max_size=10,
        )
    )
    return contacts, interactions


def write_as(kind: str, folder: Path, contacts: list[dict], interactions: list[dict]) -> Path:
    frames = {
        "Contacts": pd.DataFrame(contacts),
        "Interactions": pd.DataFrame(interactions, columns=["date", "contact", "type", "notes"]),
        "Settings": pd.DataFrame({"key": ["as_of"], "value": ["2026-03-31"]}),
    }
    if kind == "csv":
        folder.mkdir()
        for sheet, frame in frames.items():
            frame.to_csv(folder / f"{sheet.lower()}.csv", index=False)
        return folder
    path = folder.with_suffix(f".{kind}")
    with pd.ExcelWriter(path, engine="openpyxl" if kind == "xlsx" else "odf") as writer:
        for sheet, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet, index=False)
            if kind == "xlsx":  # text such as "=0" is text (typed as '=0), not a formula
                for row in writer.sheets[sheet].iter_rows():
                    for cell in row:
                        if cell.data_type == "f":
                            cell.data_type = "s"
    return path


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
@settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(network=networks())
@example(network=([{"name": "0", "company": "=0", "referred_by": None, "added_on": None}], []))
def test_random_valid_networks_load_back_equal(tmp_path_factory, kind, network):
    contacts, interactions = network
    folder = tmp_path_factory.mktemp(kind) / "network"
    loaded = load_network(write_as(kind, folder, contacts, interactions))
    assert [str(p) for p in loaded.errors] == []
    got = loaded.contacts
    assert got["name"].tolist() == [c["name"] for c in contacts]
    assert got["company"].fillna("").tolist() == [c["company"] or "" for c in contacts]
    assert got["referred_by"].fillna("").tolist() == [c["referred_by"] or "" for c in contacts]
    explicit = [pd.Timestamp(c["added_on"]) if c["added_on"] else None for c in contacts]
    assert [d for d, e in zip(got["added_on"], explicit, strict=True) if e] == [
        e for e in explicit if e
    ]
    events = loaded.interactions.sort_values(["date", "row"])
    expected = sorted(
        (
            (pd.Timestamp(i["date"]), i["contact"], i["type"], i["notes"] or "", n + 2)
            for n, i in enumerate(interactions)
        ),
        key=lambda e: (e[0], e[4]),
    )
    assert (
        list(
            zip(
                events["date"],
                events["contact"],
                events["type"],
                events["notes"].fillna(""),
                events["row"],
                strict=True,
            )
        )
        == expected
    )


# --- fuzz: random bytes and mutations never crash ----------------------------------------------

VALID_BYTES = None


def _valid_bytes(write_workbook, tmp_path_factory) -> bytes:
    global VALID_BYTES
    if VALID_BYTES is None:
        VALID_BYTES = valid_xlsx(
            write_workbook, tmp_path_factory.mktemp("seed") / "valid.xlsx"
        ).read_bytes()
    return VALID_BYTES


def _load_or_refuse(path: Path) -> None:
    """The only acceptable outcomes: a Network (with problems) or UnreadableWorkbook."""
    try:
        load_network(path)
    except UnreadableWorkbook as error:
        assert "\n" not in str(error)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".xlsx", ".ods", ".csv"]))
@example(data=b"!\n!\n!", suffix=".csv")  # two people named "!": a name with no name key
def test_random_bytes_never_crash(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"random{suffix}"
    path.write_bytes(data)
    _load_or_refuse(path)


@settings(
    max_examples=examples(80),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    flips=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8
    ),
    cut=st.one_of(st.none(), st.floats(0.05, 1)),
)
def test_mutated_workbooks_never_crash(write_workbook, tmp_path_factory, flips, cut):
    data = bytearray(_valid_bytes(write_workbook, tmp_path_factory))
    for where, value in flips:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    path = tmp_path_factory.mktemp("mutant") / "mutant.xlsx"
    path.write_bytes(bytes(data))
    _load_or_refuse(path)


def test_mutating_a_part_inside_the_zip_never_crashes(write_workbook, tmp_path):
    """Structurally valid zip, damaged XML inside: a problem or a refusal, never a traceback."""
    valid = valid_xlsx(write_workbook, tmp_path / "valid.xlsx")
    with zipfile.ZipFile(valid) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    for n, damage in enumerate(
        [
            sheet[: len(sheet) // 2],
            sheet.replace(b"<row", b"<rxw"),
            b"\xff\xfe garbage",
            sheet.replace(b'r="A', b'r="!'),
        ]
    ):
        _load_or_refuse(
            rezip(valid, tmp_path / f"damaged{n}.xlsx", {"xl/worksheets/sheet1.xml": damage})
        )


def test_openpyxl_parses_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    from defusedxml.common import EntitiesForbidden
    from openpyxl.xml.functions import fromstring

    with pytest.raises(EntitiesForbidden):
        fromstring(LAUGHS)


# --- writes that fail part-way: a full disk, a killed process ---------------------------------

FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from netwk_analysis.cli import main
sys.exit(main(sys.argv[2:]))
"""


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_a_full_disk_during_a_report_leaves_the_earlier_report_byte_identical(
    tmp_path, sample_report
):
    """The disk fills while the report is written (simulated by a file-size limit of 100 KB:
    the tree picture and the page are larger): nothing of the earlier report is replaced, no
    temporary file is left, and the message says what happened."""
    workbook = tmp_path / "network.xlsx"
    workbook.write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "report"
    shutil.copytree(sample_report, out)  # the earlier report, drawn once for the session
    earlier = snapshot(out)
    argv = ["report", str(workbook), "--out", str(out), "--force"]
    run = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(100_000), *argv], capture_output=True, text=True
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith("netwk report: file too large; nothing was replaced")
    assert snapshot(out) == earlier  # every file byte-identical, no temporary file left
    assert sha256(workbook) == sha256(SAMPLE)
    assert main(argv) == 0  # with room again, the same command replaces the whole report
    assert set(snapshot(out)) == set(earlier) and snapshot(out) != earlier


KILLED = """
import sys, time
from netwk_analysis.writing.files import atomic_path
with atomic_path(sys.argv[1], overwrite=True) as temporary:
    with open(temporary, "wb") as handle:
        handle.write(b"new," * 50_000)
        handle.flush()
        print("half written", flush=True)
        time.sleep(60)
"""


@pytest.mark.slow
def test_a_process_killed_mid_write_leaves_the_existing_file_byte_identical(tmp_path):
    target = tmp_path / "due.csv"
    target.write_bytes(b"contact,due_on\nAnn Lee,2026-03-02\n")
    before = sha256(target)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline() == "half written\n"
    child.kill()
    child.wait()
    assert sha256(target) == before
    # what a killed process cannot clean up is its hidden temporary file, never the target
    leftovers = [p.name for p in tmp_path.iterdir() if p != target]
    assert len(leftovers) == 1 and leftovers[0].startswith(".due.csv.")


def test_a_contacts_sheet_without_a_name_column_is_an_error_not_a_crash(tmp_path):
    """Without a name column every person's name is blank, so the names repeat; looking up
    referrers among them crashed the loader (found by test_random_bytes_never_crash). Now the
    missing column is the error reported."""
    from netwk_analysis.reading.load import load_network

    path = tmp_path / "tracker.csv"
    path.write_bytes(b"!\n!\n!")
    network = load_network(path)
    assert [(p.cell, p.message) for p in network.errors] == [
        ("'tracker.csv'!1:1", "missing required column 'name'")
    ]
    assert len(network.contacts) == 2
