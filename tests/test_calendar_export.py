"""The due list as iCalendar to-dos: byte-for-byte what icalendar's own components give."""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar
import pandas as pd
import pytest

from netwk_analysis.presentation.calendar import PRODID, due_calendar, item_uid, item_uids

STAMP = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)


def reference_calendar(due: pd.DataFrame) -> bytes:
    """The same calendar built the slow, obvious way: one ``icalendar.Todo`` per row."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Networking follow-ups")
    for row in due.itertuples(index=False):
        todo = icalendar.Todo()
        todo.add("uid", item_uid(row.contact, row.kind, row.due_on))
        todo.add("dtstamp", STAMP)
        todo.add("due", row.due_on.date())
        todo.add("summary", row.action)
        todo.add("status", "NEEDS-ACTION")
        todo.add("categories", [row.kind])
        late = f"{row.days_overdue} day(s) overdue when exported"
        todo.add("description", f"{row.kind.replace('_', ' ')} for {row.contact}; {late}")
        calendar.add_component(todo)
    return calendar.to_ical()


def due_list(contacts, actions):
    n = len(contacts)
    return pd.DataFrame(
        {
            "contact": contacts,
            "kind": (["follow_up", "thank_you", "check_in", "move_on", "first_contact"] * n)[:n],
            "due_on": pd.date_range("2026-03-02", periods=n, freq="D"),
            "days_overdue": range(n),
            "action": actions,
        }
    )


TRICKY = [
    ("Ben Carter", "Follow up with Ben Carter"),
    ("Carter, Ben; Jr", "Comma, semicolon; and a\nnew line and a \\ backslash"),
    ("Zoë Ångström", "Check in with " + "Zoë Ångström " * 8),  # multi-byte chars across folds
    ("Ann", "x" * (75 - len("SUMMARY:") - 1)),  # a 74-octet line: not folded
    ("Bo", "x" * (75 - len("SUMMARY:"))),  # a 75-octet line: folded
    ("Cy", "y" * 66 + "\\" + "z" * 30),  # an escape right at the fold
    ("=HYPERLINK(1)", "@SUM(1)\r\nsecond line\rthird"),
    ("Dee 😀", "Emoji 😀 " * 20),
    ("Eve", "a" * (148 - len("SUMMARY:"))),  # exactly two runs of 74
    ("Fay", "b" * (149 - len("SUMMARY:"))),  # two runs and one character
    ("Gus", "Follow up with Gus about the role at Initech " * 6),  # long plain ASCII
    ("Hal^", "caret ^ " * 12),  # an RFC 6868 escape character in a long line
    # escapes (\\ \, \; ^) at every position around the fold boundaries
    *((f"Ivy {k}", "y" * k + ", and; more\\ text^ " * 9) for k in range(58, 76)),
]


def test_calendar_equals_one_icalendar_todo_per_row():
    due = due_list(*zip(*TRICKY, strict=True))
    assert due_calendar(due, stamp=STAMP) == reference_calendar(due)


def test_calendar_round_trips_through_icalendar():
    due = due_list(*zip(*TRICKY, strict=True))
    todos = list(icalendar.Calendar.from_ical(due_calendar(due, stamp=STAMP)).walk("VTODO"))
    assert [str(t["summary"]) for t in todos[:2]] == [
        "Follow up with Ben Carter",
        "Comma, semicolon; and a\nnew line and a \\ backslash",
    ]
    assert [t.decoded("due") for t in todos] == [d.date() for d in due["due_on"]]
    assert [str(t["uid"]) for t in todos] == list(item_uids(due))
    assert all(len(line) <= 75 for line in due_calendar(due, stamp=STAMP).split(b"\r\n"))


def test_empty_due_list_is_an_empty_calendar():
    empty = due_list([], [])
    assert due_calendar(empty, stamp=STAMP) == reference_calendar(empty)
    assert b"VTODO" not in due_calendar(empty, stamp=STAMP)


@pytest.mark.parametrize("n", [1, 37])
def test_item_uids_match_item_uid(n):
    due = due_list([f"Person {i}" for i in range(n)], ["act"] * n)
    expected = [item_uid(r.contact, r.kind, r.due_on) for r in due.itertuples()]
    assert list(item_uids(due)) == expected
    assert len(set(expected)) == n


#: The to-do document for a fixed input, captured before events became the default: the to-do
#: output must stay byte-for-byte what it was.
TODO_GOLDEN = (
    b"BEGIN:VCALENDAR\r\n"
    b"VERSION:2.0\r\n"
    b"PRODID:-//netwk_analysis//due list//EN\r\n"
    b"X-WR-CALNAME:Networking follow-ups\r\n"
    b"BEGIN:VTODO\r\n"
    b"CATEGORIES:follow_up\r\n"
    b"DESCRIPTION:follow up for Ben Carter\\; 0 day(s) overdue when exported\r\n"
    b"DTSTAMP:20260301T083000Z\r\n"
    b"DUE;VALUE=DATE:20260302\r\n"
    b"STATUS:NEEDS-ACTION\r\n"
    b"SUMMARY:Follow up with Ben Carter\r\n"
    b"UID:deb28824-4a17-53db-b18f-8782ca93eb6c@netwk\r\n"
    b"END:VTODO\r\n"
    b"BEGIN:VTODO\r\n"
    b"CATEGORIES:thank_you\r\n"
    b"DESCRIPTION:thank you for Carter\\, Ben\\; Jr\\; 1 day(s) overdue when export\r\n"
    b" ed\r\n"
    b"DTSTAMP:20260301T083000Z\r\n"
    b"DUE;VALUE=DATE:20260303\r\n"
    b"STATUS:NEEDS-ACTION\r\n"
    b"SUMMARY:Comma\\, semicolon\\; and a\\nnew line and a \\\\ backslash xxxxxxxxxxx\r\n"
    b" xxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"
    b"UID:e3af24c1-2aa7-5dd3-8b0d-bcf75f10a568@netwk\r\n"
    b"END:VTODO\r\n"
    b"END:VCALENDAR\r\n"
)
#: SHA-256 of the to-do document for ``TRICKY``, captured the same way.
TODO_TRICKY_SHA256 = "080e6004fb54505901db46694188138543ec9e9869bcd0204e2d54f3d79b1b65"


def test_todo_document_is_unchanged():
    due = due_list(
        ["Ben Carter", "Carter, Ben; Jr"],
        [
            "Follow up with Ben Carter",
            "Comma, semicolon; and a\nnew line and a \\ backslash " + "x" * 40,
        ],
    )
    assert due_calendar(due, stamp=STAMP) == TODO_GOLDEN
    tricky = due_list(*zip(*TRICKY, strict=True))
    assert hashlib.sha256(due_calendar(tricky, stamp=STAMP)).hexdigest() == TODO_TRICKY_SHA256
