"""``netwk due`` and ``netwk stats`` end to end: exact JSON worked out by hand from the documented
rules."""

from __future__ import annotations

import io
import json

import icalendar
import pandas as pd

from netwk_analysis.cli import main


def test_due_json(due_book, expected_due, tmp_path, capsys):
    assert main(["due", str(due_book()), "--as-of", "2026-03-12", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == expected_due


def test_due_as_of_setting_csv_and_table(due_book, tmp_path, capsys):
    book = due_book(settings={"as_of": "2026-03-12"})
    assert main(["due", str(book), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == '"contact","kind","due_on","days_overdue","action"'  # text quoted
    assert lines[1].startswith('"Eli Stone","thank_you","2026-03-10",2,"')
    assert len(lines) == 4
    assert main(["due", str(book)]) == 0
    table = capsys.readouterr().out
    assert table.startswith("Due or overdue as of Thu 12 Mar 2026: 3")
    assert "Ann Lee" in table
    assert main(["due", str(book), "--as-of", "2026-03-09"]) == 0
    assert "nothing due" in capsys.readouterr().out


def test_due_ics_stable_uids_and_refuses_overwrite(due_book, expected_due, tmp_path, capsys):
    book = due_book()
    ics = tmp_path / "due.ics"
    args = ["due", str(book), "--as-of", "2026-03-12", "--ics", str(ics), "--ics-kind", "todo"]
    args += ["--format", "json"]
    assert main(args) == 0
    first = icalendar.Calendar.from_ical(ics.read_bytes())
    todos = list(first.walk("VTODO"))
    assert len(todos) == 3
    assert [str(t["summary"]) for t in todos] == [d["action"] for d in expected_due]
    assert [t.decoded("due").isoformat() for t in todos] == [d["due_on"] for d in expected_due]
    assert {str(t["status"]) for t in todos} == {"NEEDS-ACTION"}
    uids = [str(t["uid"]) for t in todos]
    assert len(set(uids)) == 3
    capsys.readouterr()
    assert main(args) == 2  # exists, no --force
    assert "already exists" in capsys.readouterr().err
    # a week later: the same items keep their UIDs (the calendar updates, not duplicates)
    later = ["due", str(book), "--as-of", "2026-03-19", "--ics", str(ics), "--force"]
    later += ["--ics-kind", "todo"]
    assert main(later) == 0
    again = [str(t["uid"]) for t in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VTODO")]
    assert set(uids) <= set(again) and len(again) == 4  # + Ben's follow_up (17 Mar)
    assert main(["due", str(book), "--ics", str(book), "--force"]) == 2  # never the workbook


def test_due_exit_1_with_problems_but_output(due_book, expected_due, tmp_path, capsys):
    book = due_book(extra=[("2026-03-03", "Zed Unknown", "request")])
    assert main(["due", str(book), "--as-of", "2026-03-12", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out) == expected_due
    assert "problem" in captured.err


def test_unreadable_file_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\x00\x01 this is not a spreadsheet \xff" * 20)
    assert main(["due", str(bad), "--format", "json"]) == 2
    assert main(["stats", str(bad), "--format", "json"]) == 2
    assert capsys.readouterr().out == ""


EXPECTED_STATS = {
    "as_of": "2026-03-20",
    "weeks": [
        {
            "week": "2026-02-23",
            "requests": 2,
            "follow_ups": 0,
            "answered": 2,
            "pending": 0,
            "response_rate": 1.0,
        },
        {
            "week": "2026-03-02",
            "requests": 0,
            "follow_ups": 0,
            "answered": 0,
            "pending": 0,
            "response_rate": None,
        },
        {
            "week": "2026-03-09",
            "requests": 2,
            "follow_ups": 1,
            "answered": 0,
            "pending": 0,
            "response_rate": 0.0,
        },
        {
            "week": "2026-03-16",
            "requests": 4,
            "follow_ups": 0,
            "answered": 1,
            "pending": 3,
            "response_rate": 1.0,
        },
    ],
    "contacts": [
        {
            "contact": "Ann",
            "requested_on": "2026-02-23",
            "answered_on": "2026-02-25",
            "latency_business_days": 2,
            "class": "booster",
        },
        {
            "contact": "Hank",
            "requested_on": "2026-02-24",
            "answered_on": "2026-03-03",
            "latency_business_days": 5,
            "class": "obligate",
        },
        {
            "contact": "Ben",
            "requested_on": "2026-03-09",
            "answered_on": None,
            "latency_business_days": None,
            "class": "curmudgeon",
        },
        {
            "contact": "Cal",
            "requested_on": "2026-03-10",
            "answered_on": None,
            "latency_business_days": None,
            "class": "curmudgeon",
        },
        {
            "contact": "Eve",
            "requested_on": "2026-03-16",
            "answered_on": "2026-03-18",
            "latency_business_days": 2,
            "class": "booster",
        },
        {
            "contact": "Fay",
            "requested_on": "2026-03-18",
            "answered_on": None,
            "latency_business_days": None,
            "class": None,
        },
        {
            "contact": "Gil",
            "requested_on": "2026-03-20",
            "answered_on": None,
            "latency_business_days": None,
            "class": None,
        },
    ],
    "interviews": [
        {"contact": "Ann", "date": "2026-02-27", "referral_yield": 2},
        {"contact": "Hank", "date": "2026-03-19", "referral_yield": 0},
    ],
}


def stats_book(write_book, metrics_rows, tmp_path):
    return write_book(tmp_path / "stats.xlsx", **metrics_rows)


def test_stats_json(metrics_rows, write_book, tmp_path, capsys):
    code = main(
        [
            "stats",
            str(stats_book(write_book, metrics_rows, tmp_path)),
            "--as-of",
            "2026-03-20",
            "--format",
            "json",
        ]
    )
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    timing = document.pop("reply_timing")
    assert document == EXPECTED_STATS
    contacts = EXPECTED_STATS["contacts"]
    assert timing["requests"] == len(contacts)
    assert timing["answered"] == sum(c["answered_on"] is not None for c in contacts)


def test_stats_csv_and_table(metrics_rows, write_book, tmp_path, capsys):
    book = str(stats_book(write_book, metrics_rows, tmp_path))
    assert main(["stats", book, "--as-of", "2026-03-20", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        '"week","requests","follow_ups","answered","pending","response_rate",'
        '"response_rate_low","response_rate_high"'
    )
    assert lines[2] == '"2026-03-02",0,0,0,0,"","",""'
    weeks = pd.read_csv(io.StringIO("\n".join(lines)))
    # Wilson 95%: 2 of 2, none counted, 0 of 2, 1 of 1
    assert weeks["response_rate_low"].round(4).fillna(-1).tolist() == [0.3424, -1, 0.0, 0.2065]
    assert weeks["response_rate_high"].round(4).fillna(-1).tolist() == [1.0, -1, 0.6576, 1.0]
    assert main(["stats", book, "--as-of", "2026-03-20"]) == 0
    table = capsys.readouterr().out
    assert "Outreach per week (as of Fri 20 Mar 2026)" in table
    assert "curmudgeon" in table and "booster" in table
