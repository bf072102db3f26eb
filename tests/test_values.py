"""Values as people type them: never a traceback, names, dates, ``since``, safer writing.

docs/workbook.md ("Names", "Dates", the ``timezone`` and ``since`` settings, "Files the toolkit
writes", exit codes) and docs/metrics.md ("The start of the search"). Every workbook is built
here with openpyxl; every expected day and count is worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netwk_analysis.analyses import followups
from netwk_analysis.analyses.followups import due_items
from netwk_analysis.analyses.frames import known_contacts
from netwk_analysis.analyses.metrics import weekly_outreach
from netwk_analysis.analyses.referrals import tree_tables
from netwk_analysis.cli import main
from netwk_analysis.reading.dates import date_errors, date_pattern, parse_dates, resolve_zone
from netwk_analysis.reading.load import load_network
from netwk_analysis.reading.names import clean_names, name_key
from netwk_analysis.writing.escape import escape_formula, formula_safe_csv
from netwk_analysis.writing.files import atomic_path, write_bytes_atomic

D = dt.date
T = pd.Timestamp


def problems(network) -> list[str]:
    return [str(p) for p in network.problems]


# --- never a traceback ----------------------------------------------------------------------


def test_an_unexpected_error_exits_3_with_one_line_and_a_saved_traceback(
    write_workbook, tmp_path, capsys, monkeypatch
):
    book = write_workbook(tmp_path / "n.xlsx", contacts=[["Ann Lee"]], interactions=[])
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()

    def broken(network, *, as_of):
        raise KeyError("the due table lost a column")

    monkeypatch.setattr(followups, "due_items", broken)
    assert main(["due", str(book), "--as-of", "2026-03-12"]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    match = re.fullmatch(
        r"netwk: internal error \(KeyError: 'the due table lost a column'\); details written "
        r"to (.+netwk-error-[^ ]+\.txt); please report it",
        lines[0],
    )
    assert match, lines[0]
    saved = Path(match[1])
    assert saved.parent == tmp_path / "temp"
    details = saved.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in details
    assert "in broken" in details and "KeyError: 'the due table lost a column'" in details


def test_a_library_value_error_is_internal_but_our_own_is_usage(
    write_workbook, tmp_path, capsys, monkeypatch
):
    book = write_workbook(tmp_path / "n.xlsx", contacts=[["Ann Lee"]])
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the saved details land here

    def mixed_zones(network, *, as_of):
        return pd.to_datetime(["2026-03-05T14:30:00Z", "2026-03-05T14:30:00+02:00", "x"])

    monkeypatch.setattr(followups, "due_items", mixed_zones)
    assert main(["due", str(book)]) == 3
    assert capsys.readouterr().err.startswith("netwk: internal error (ValueError: ")
    (tmp_path / "out").write_text("a file where the report folder should be")
    assert main(["report", str(book), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith("netwk report: ")


def test_a_tree_picture_of_an_unknown_kind_is_a_usage_error(write_workbook, tmp_path, capsys):
    book = write_workbook(tmp_path / "n.xlsx", contacts=[["Ann Lee"]])
    assert main(["tree", str(book), "--out", str(tmp_path / "tree.txt")]) == 2
    assert capsys.readouterr().err == (
        f"netwk tree: {tmp_path / 'tree.txt'}: the tree is drawn to .png, .svg or .pdf, not .txt\n"
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "n.xlsx"]


def test_workbook_problems_still_exit_1_and_unusable_files_2(write_workbook, tmp_path, capsys):
    book = write_workbook(
        tmp_path / "n.xlsx", contacts=[["Ann Lee"]], interactions=[["soon", "Ann Lee", "note"]]
    )
    assert main(["check", str(book)]) == 1
    (tmp_path / "not.xlsx").write_bytes(b"plain text, not a spreadsheet")
    assert main(["check", str(tmp_path / "not.xlsx")]) == 2
    assert "Traceback" not in capsys.readouterr().err


# --- names ----------------------------------------------------------------------------------


def test_names_are_cleaned_and_matched_case_folded(write_workbook, tmp_path):
    decomposed = "Zoe\u0308 Li"  # o + combining diaeresis: NFC makes it "Zoë Li"
    book = write_workbook(
        tmp_path / "names.xlsx",
        contacts=[
            [decomposed, "Acme"],
            ["Ann\u200b  Lee\u00a0", "Acme", "ZOË\ufeff LI"],  # zero-width, two spaces, NBSP
        ],
        interactions=[
            [D(2026, 3, 2), "zoë\u2060 li", "request"],
            [D(2026, 3, 3), "ann\u00a0lee", "request"],
        ],
        leads=[[D(2026, 3, 4), " Ann Lee\u200d", "Acme", "Analyst", "lead"]],
    )
    network = load_network(book, as_of=D(2026, 3, 31))
    assert problems(network) == []
    assert network.contacts["name"].tolist() == ["Zoë Li", "Ann Lee"]
    assert network.contacts["referred_by"].fillna("").tolist() == ["", "Zoë Li"]
    assert network.interactions["contact"].tolist() == ["Zoë Li", "Ann Lee"]
    assert network.leads["contact"].tolist() == ["Ann Lee"]


def test_names_differing_only_in_invisible_characters_are_duplicates(write_workbook, tmp_path):
    book = write_workbook(
        tmp_path / "dup.xlsx", contacts=[["Ann Lee"], ["ann\u2060 LEE"], ["Ann\u00a0Leé"]]
    )
    assert problems(load_network(book, as_of=D(2026, 3, 31))) == [
        "Contacts!A3: duplicate name 'ann LEE' (first on row 2)"
    ]


def test_contacts_without_a_company_share_no_company(write_workbook, tmp_path):
    # Ben and Cy have no company: asking Cy on Tue 3 Mar does not clear Ben's move_on (asked
    # Mon 2 Mar, due Thu 5 Mar = 3 business days), and no colleague is suggested.
    book = write_workbook(
        tmp_path / "nocompany.xlsx",
        contacts=[["Ben Carter", None], ["Cy Ode", "  "]],
        interactions=[
            [D(2026, 3, 2), "Ben Carter", "request"],
            [D(2026, 3, 3), "Cy Ode", "request"],
        ],
    )
    due = due_items(load_network(book), as_of=T("2026-03-06"))
    assert due[["contact", "kind", "due_on"]].astype(str).values.tolist() == [
        ["Ben Carter", "move_on", "2026-03-05"],
        ["Cy Ode", "move_on", "2026-03-06"],
    ]
    assert due["action"].tolist()[0] == (
        "No answer from Ben Carter since Mon 2 Mar: ask someone else in the meantime"
    )


# --- dates ----------------------------------------------------------------------------------


def test_zoned_times_count_on_their_day_in_the_timezone_setting(write_workbook, tmp_path):
    # Europe/Paris is UTC+1 in early March: 23:30Z is 00:30 on the 6th there; 01:30+02:00 is
    # 23:30Z on the 4th = 00:30 on the 5th in Paris; 22:00 UTC is 23:00 on the 5th.
    book = write_workbook(
        tmp_path / "zones.xlsx",
        contacts=[["Ann Lee"]],
        interactions=[
            ["2026-03-05T23:30:00Z", "Ann Lee", "request"],
            ["2026-03-05T01:30:00+02:00", "Ann Lee", "note"],
            ["2026-03-05 22:00:00 UTC", "Ann Lee", "reply"],
            ["2026-03-05 23:45", "Ann Lee", "note"],  # no zone: the day as typed
            [dt.datetime(2026, 3, 4, 23, 59), "Ann Lee", "check_in"],  # a real date-time cell
            [D(2026, 3, 3), "Ann Lee", "follow_up"],
        ],
        settings={"timezone": "Europe/Paris"},
    )
    network = load_network(book, as_of=D(2026, 3, 31))
    assert problems(network) == []
    by_row = network.interactions.sort_values("row")
    assert by_row["date"].dt.strftime("%m-%d").tolist() == [
        "03-06",
        "03-05",
        "03-05",
        "03-05",
        "03-04",
        "03-03",
    ]


def test_the_default_timezone_is_this_computers_and_a_bad_name_is_an_error(
    write_workbook, tmp_path, monkeypatch
):
    now = dt.datetime.now()
    assert resolve_zone(None).utcoffset(now) == now.astimezone().utcoffset()
    monkeypatch.setenv("TZ", "America/New_York")  # the system names its zone: DST is followed
    assert str(resolve_zone(None)) == "America/New_York"
    days, _ = parse_dates(pd.Series(["2026-07-01T03:30:00Z", "2026-01-01T04:30:00Z"]))
    assert days.dt.strftime("%m-%d").tolist() == ["06-30", "12-31"]  # UTC-4 in July, -5 in Jan
    book = write_workbook(
        tmp_path / "tz.xlsx", contacts=[["Ann Lee"]], settings={"timezone": "Paris"}
    )
    network = load_network(book, as_of=D(2026, 3, 31))
    assert problems(network) == [
        "Settings!B2: timezone must be a zone name such as Europe/Paris or America/New_York, "
        "not 'Paris'"
    ]
    assert network.settings.timezone is None


def test_month_name_text_is_read_without_a_setting(write_workbook, tmp_path):
    book = write_workbook(
        tmp_path / "months.xlsx",
        contacts=[
            ["Ann Lee", None, None, None, None, "04 Dec 2025"],
            ["Bo Chen", None, None, None, None, "Dec 4, 2025"],
            ["Cy Ode", None, None, None, None, "4 December 2025"],
            ["Di Fox", None, None, None, None, "04-Dec-25"],
        ],
    )
    network = load_network(book, as_of=D(2026, 3, 31))
    assert problems(network) == []
    assert network.contacts["added_on"].tolist() == [T("2025-12-04")] * 4


@pytest.mark.parametrize(
    ("date_format", "typed"),
    [
        ("DD MMM YYYY", "05 Mar 2026"),
        ("MM/DD/YY", "3/5/26"),
        ("YYYY-MM-DD HH:MM", "2026-03-05 14:30"),
        ("DD/MM/YYYY", "5/3/2026"),
        ("MMMM D, YYYY", "March 5, 2026"),
        ("dd.mm.yyyy hh:mm", "05.03.2026 14:30"),
        ("MM/DD/YYYY HH:MM AM/PM", "03/05/2026 02:30 PM"),
        ("%d/%m/%Y", "5/3/2026"),
    ],
)
def test_date_format_letter_patterns(date_format, typed):
    days, bad = parse_dates(pd.Series([typed]), date_format=date_format)
    assert (days.tolist(), bad.tolist()) == ([T("2026-03-05")], [False])


def test_minutes_and_months_in_one_pattern():
    assert date_pattern("YYYY-MM-DD HH:MM") == "%Y-%m-%d %H:%M"
    assert date_pattern("DD MMM YYYY") == "%d %b %Y"
    assert date_pattern("HH:MM:SS DD/MM/YYYY") == "%H:%M:%S %d/%m/%Y"


def test_a_date_format_with_two_month_groups_reads_a_workbook(write_workbook, tmp_path):
    book = write_workbook(
        tmp_path / "mmm.xlsx",
        contacts=[["Ann Lee"]],
        interactions=[["05 Mar 2026", "Ann Lee", "request"], ["2026-03-06", "Ann Lee", "reply"]],
        settings={"date_format": "DD MMM YYYY"},
    )
    network = load_network(book, as_of=D(2026, 3, 31))
    assert problems(network) == []
    assert network.interactions["date"].tolist() == [T("2026-03-05"), T("2026-03-06")]


def ambiguous_book(write_workbook, tmp_path, dates, settings=None):
    return write_workbook(
        tmp_path / "ambiguous.xlsx",
        contacts=[["Ann Lee"]],
        interactions=[[day, "Ann Lee", "note"] for day in dates],
        settings=settings,
    )


def test_ambiguous_dates_are_one_problem_per_column_with_the_format_the_column_shows(
    write_workbook, tmp_path
):
    book = ambiguous_book(
        write_workbook, tmp_path, ["3/5/2026", "4/5/2026", "2026-03-01", "13/5/2026", "7/5/2026"]
    )
    network = load_network(book, as_of=D(2026, 12, 31))
    assert problems(network) == [
        "Interactions!A2: 4 dates in date (A2 '3/5/2026', A3 '4/5/2026', A5 '13/5/2026', ...) "
        "could be day first or month first; date_format DD/MM/YYYY in Settings would read them "
        "all (A5 '13/5/2026' has a day above 12)"
    ]
    assert network.interactions["date"].tolist() == [T("2026-03-01")]  # the others left out
    fixed = load_network(
        ambiguous_book(
            write_workbook, tmp_path, ["3/5/2026", "13/5/2026"], {"date_format": "DD/MM/YYYY"}
        ),
        as_of=D(2026, 12, 31),
    )
    assert problems(fixed) == []
    assert fixed.interactions["date"].tolist() == [T("2026-05-03"), T("2026-05-13")]


def test_month_first_is_suggested_when_the_second_number_passes_12(write_workbook, tmp_path):
    book = ambiguous_book(write_workbook, tmp_path, ["3-25-26", "4-5-26"])
    assert problems(load_network(book, as_of=D(2026, 12, 31))) == [
        "Interactions!A2: 2 dates in date (A2 '3-25-26', A3 '4-5-26') could be day first or "
        "month first; date_format MM-DD-YY in Settings would read them all (A2 '3-25-26' has a "
        "day above 12)"
    ]


def test_no_format_is_suggested_when_the_column_does_not_show_one(write_workbook, tmp_path):
    unknown = load_network(
        ambiguous_book(write_workbook, tmp_path, ["3/5/2026"]), as_of=D(2026, 12, 31)
    )
    assert problems(unknown) == [
        "Interactions!A2: 1 date in date (A2 '3/5/2026') could be day first or month first; set "
        "date_format in Settings (DD/MM/YYYY or MM/DD/YYYY) to say how to read them"
    ]
    mixed = load_network(
        ambiguous_book(
            write_workbook, tmp_path, ["5/13/2026", "13/5/2026"], {"date_format": "MM/DD/YYYY"}
        ),
        as_of=D(2026, 12, 31),
    )
    assert problems(mixed) == [
        "Interactions!A3: 1 date in date (A3 '13/5/2026') does not match date_format MM/DD/YYYY; "
        "check them: no one date_format reads every such date in this column"
    ]


def test_a_year_or_a_year_and_month_is_not_a_day(write_workbook, tmp_path):
    book = ambiguous_book(write_workbook, tmp_path, ["2026", "2026-03", 2026])
    partial = "is only a year or a month, not a day; type the whole date"
    assert problems(load_network(book, as_of=D(2026, 12, 31))) == [
        f"Interactions!A2: '2026' in date {partial}",
        f"Interactions!A3: '2026-03' in date {partial}",
        f"Interactions!A4: '2026' in date {partial}",
    ]


def test_a_date_before_1990_is_a_warning_showing_the_date_as_read(write_workbook, tmp_path):
    book = write_workbook(
        tmp_path / "typo.xlsx",
        contacts=[["Ann Lee", None, None, None, None, D(1985, 6, 1)]],
        interactions=[
            [D(2026, 3, 2), "Ann Lee", "request"],
            ["1900-01-01", "Ann Lee", "note"],
        ],
    )
    network = load_network(book, as_of=D(2026, 3, 31))
    assert problems(network) == [
        "Contacts!F2: 1985-06-01 looks like a typo (a date before 1990)",
        "Interactions!A3: 1900-01-01 looks like a typo (a date before 1990)",
    ]
    assert network.errors == ()
    assert len(network.interactions) == 2  # kept: a warning, not an error


def test_spreadsheet_dates_serials_and_iso_text_keep_working():
    days, bad = parse_dates(
        pd.Series(
            [T("2026-03-06"), 46087.0, "46087", "2026-03-06 00:00:00", "2026/03/06", None],
            dtype=object,
        )
    )
    assert days.tolist()[:5] == [T("2026-03-06")] * 5
    assert bad.tolist() == [False] * 6


# --- since and --as-of ----------------------------------------------------------------------

SINCE_PEOPLE = [
    ["Ann Lee", "Acme", None, None, None, D(2026, 1, 5)],
    ["Ben Carter", None, "Ann Lee", None, None, D(2026, 1, 10)],
    ["Cy Ode", None, "Ann Lee", None, None, D(2026, 3, 3)],
    ["Dee Park", None, "Ann Lee", None, None, None],  # no added_on, no interaction
]
SINCE_ACTS = [
    [D(2026, 1, 6), "Ann Lee", "request"],
    [D(2026, 3, 3), "Cy Ode", "request"],
]
# As of Thu 12 Mar 2026, without since: Ann's request (Tue 6 Jan) gives move_on due Fri 9 Jan
# (62 days overdue) and follow_up due Thu 15 Jan (56); Ben's first_contact is due Sat 17 Jan
# (54); Cy's request (Tue 3 Mar) gives move_on due Fri 6 Mar (6) and follow_up Thu 12 Mar (0).
# Dee has no date at all: no first_contact. With since 2026-03-01 only Cy's two items are left.
WITHOUT_SINCE = [
    ["Ann Lee", "move_on", "2026-01-09", 62],
    ["Ann Lee", "follow_up", "2026-01-15", 56],
    ["Ben Carter", "first_contact", "2026-01-17", 54],
    ["Cy Ode", "move_on", "2026-03-06", 6],
    ["Cy Ode", "follow_up", "2026-03-12", 0],
]


def since_book(write_workbook, tmp_path, settings=None):
    return write_workbook(
        tmp_path / "since.xlsx",
        contacts=SINCE_PEOPLE,
        interactions=SINCE_ACTS,
        settings=settings,
    )


def due_rows(due: pd.DataFrame) -> list[list]:
    return [[r["contact"], r["kind"], r["due_on"], r["days_overdue"]] for r in due]


def test_without_since_every_dated_row_counts_and_an_undated_name_waits(
    write_workbook, tmp_path, capsys
):
    book = str(since_book(write_workbook, tmp_path))
    assert main(["due", book, "--as-of", "2026-03-12", "--format", "json"]) == 0
    assert due_rows(json.loads(capsys.readouterr().out)) == WITHOUT_SINCE


def test_since_leaves_earlier_rows_out_of_due_and_stats_but_not_the_tree(
    write_workbook, tmp_path, capsys
):
    book = str(since_book(write_workbook, tmp_path))
    common = ["--as-of", "2026-03-12", "--since", "2026-03-01", "--format", "json"]
    assert main(["due", book, *common]) == 0
    assert due_rows(json.loads(capsys.readouterr().out)) == WITHOUT_SINCE[3:]
    assert main(["stats", book, *common]) == 0
    weeks = json.loads(capsys.readouterr().out)["weeks"]
    assert [(w["week"], w["requests"]) for w in weeks] == [("2026-03-02", 1), ("2026-03-09", 0)]
    assert main(["tree", book, *common]) == 0
    tree = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in tree["contacts"]] == ["Ann Lee", "Ben Carter", "Cy Ode", "Dee Park"]
    (referrer,) = tree["referrers"]
    assert (referrer["names_given"], referrer["names_contacted"]) == (3, 1)


def test_the_since_setting_is_the_same_as_the_option(write_workbook, tmp_path):
    network = load_network(since_book(write_workbook, tmp_path, {"since": "2026-03-01"}))
    assert network.since == T("2026-03-01")
    due = due_items(network, as_of=T("2026-03-12"))
    assert due[["contact", "kind"]].values.tolist() == [
        ["Cy Ode", "move_on"],
        ["Cy Ode", "follow_up"],
    ]
    weeks = weekly_outreach(network, as_of=T("2026-03-12"))
    assert weeks["week"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-02", "2026-03-09"]
    received = known_contacts(network, as_of=T("2026-03-12"))  # names received since then
    assert received["name"].tolist() == ["Cy Ode", "Dee Park"]
    assert len(tree_tables(network)["contacts"]) == 4
    overridden = load_network(
        since_book(write_workbook, tmp_path, {"since": "2026-03-01"}), since=D(2026, 1, 1)
    )
    assert len(due_items(overridden, as_of=T("2026-03-12"))) == 5


def test_check_and_tree_take_as_of(write_workbook, tmp_path, capsys):
    book = str(since_book(write_workbook, tmp_path))
    assert main(["check", book, "--as-of", "2026-03-02"]) == 0
    out = capsys.readouterr().out
    assert "Contacts!F4: added_on 2026-03-03 is after the as-of date 2026-03-02" in out
    assert "Interactions!A3: date 2026-03-03 is after the as-of date 2026-03-02" in out
    assert main(["tree", book, "--as-of", "2026-03-02", "--format", "json"]) == 0
    (referrer,) = json.loads(capsys.readouterr().out)["referrers"]
    assert referrer["names_contacted"] == 0  # Cy is asked on 3 Mar, after this as-of day


# --- safer writing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["\uff1dSUM(A1)", "\uff0b1", "\uff0d1", "\uff20x", "\t=1", "\r=1"]
)
def test_full_width_and_control_prefixes_are_escaped(text):
    assert escape_formula(text) == "'" + text


def test_every_csv_text_field_is_quoted_and_signs_after_separators_escaped():
    frame = pd.DataFrame(
        {
            "contact": ["Ann;=1+1", "Bo,@x", "Cy\t-2", "Di\n+3", "Ed; =ok", "\uff1dF"],
            "days": [1, -2, 3, 4, 5, 6],
        }
    )
    assert formula_safe_csv(frame) == (
        '"contact","days"\n'
        '"Ann;\'=1+1",1\n'
        '"Bo,\'@x",-2\n'
        '"Cy\t\'-2",3\n'
        '"Di\n\'+3",4\n'
        '"Ed; =ok",5\n'
        '"\'\uff1dF",6\n'
    )


def test_cli_csv_output_is_quoted_and_escaped(write_workbook, tmp_path, capsys):
    book = write_workbook(
        tmp_path / "csv.xlsx",
        contacts=[["Ann;=1+1", "Acme"]],
        interactions=[[D(2026, 3, 2), "Ann;=1+1", "request"]],
    )
    assert main(["due", str(book), "--as-of", "2026-03-05", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == '"contact","kind","due_on","days_overdue","action"'
    assert lines[1].startswith('"Ann;\'=1+1","move_on","2026-03-05",0,"No answer from Ann;\'=')


def test_devices_and_pipes_are_refused_as_targets(write_workbook, tmp_path, capsys):
    with pytest.raises(ValueError, match="/dev/null is not a regular file"):
        write_bytes_atomic("/dev/null", b"x", overwrite=True)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(ValueError, match="is not a regular file"):
        write_bytes_atomic(pipe, b"x", overwrite=True)
    book = write_workbook(tmp_path / "n.xlsx", contacts=[["Ann Lee"]])
    assert main(["due", str(book), "--ics", "/dev/null", "--force"]) == 2
    assert capsys.readouterr().err.startswith(
        "netwk due: /dev/null is not a regular file (a device, a pipe or a socket)"
    )


def test_write_errors_name_the_target_not_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "due.csv"

    def full(source, destination):
        raise OSError(28, "No space left on device", str(source))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError) as raised:
        with atomic_path(target) as temporary:
            temporary.write_text("x")
    assert raised.value.filename == str(target)
    assert str(raised.value) == f"[Errno 28] No space left on device: '{target}'"
    assert list(tmp_path.iterdir()) == []


# --- never a crash on any text ----------------------------------------------------------------

DATE_LIKE = st.from_regex(
    r"\A[0-9]{1,4}[-/. ][0-9A-Za-z]{1,9}[-/., ]{0,2}[0-9]{0,4}([T ][0-9]{1,2}:[0-9]{2})?"
    r"( ?(Z|UTC|[+-][0-9]{2}:?[0-9]{2}))?\Z"
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.one_of(DATE_LIKE, st.text(max_size=30), st.none()), max_size=12),
    date_format=st.sampled_from(
        ["ISO", "DD/MM/YYYY", "MM/DD/YY", "DD MMM YYYY", "YYYY-MM-DD HH:MM", "%Q", "Y%", "MMMMM"]
    ),
)
def test_any_text_in_a_date_column_is_read_or_explained(cells, date_format):
    values = pd.Series(cells, dtype=object)
    days, bad = parse_dates(values, date_format=date_format, timezone="Asia/Tokyo")
    assert len(days) == len(values) and not (days.notna() & bad).any()
    said = date_errors(values, bad, column="date", date_format=date_format, cell=str)
    explained = {row for row, _ in said}
    assert explained <= set(values.index[bad])
    assert bool(said) == bool(bad.any())


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(names=st.lists(st.one_of(st.text(max_size=20), st.none()), max_size=12))
def test_cleaning_names_twice_changes_nothing_and_keys_ignore_case(names):
    text = pd.Series([*names, "Zoe\u200b\u0308"], dtype="string")
    cleaned = clean_names(text)
    assert cleaned.iat[-1] == "Zo\u00eb"  # the zero-width space kept the two apart
    assert cleaned.equals(clean_names(cleaned))
    assert name_key(text).equals(name_key(cleaned))
    shown = cleaned.dropna()
    assert not shown.str.contains("[\u200b\u200c\u200d\u2060\ufeff\u00a0]|  |^ | $").any()
