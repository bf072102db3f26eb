"""The due list as an iCalendar file (docs/calendar.md): all-day events by default, to-dos on
request; byte-for-byte what icalendar's own components give, and stable UIDs week to week."""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar
import pandas as pd
import pytest

from netwk_analysis.analyses.followups import due_items
from netwk_analysis.cli import main
from netwk_analysis.core.facts import KIND_LABELS
from netwk_analysis.presentation.calendar import PRODID, due_calendar, item_uid, item_uids
from netwk_analysis.presentation.report import write_report
from netwk_analysis.reading.load import load_network

STAMP = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)
D = dt.date
DAY = dt.timedelta(days=1)


def empty_calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Networking follow-ups")
    return calendar


def reference_events(due: pd.DataFrame, stamp: dt.datetime = STAMP) -> bytes:
    """The events calendar built the slow, obvious way: one ``icalendar.Event`` per row, with
    the rules of docs/calendar.md written out once more."""
    calendar = empty_calendar()
    for row in due.itertuples(index=False):
        due_on = row.due_on.date()
        moved = max(row.days_overdue, 0)
        start = due_on + moved * DAY  # the due day, or the review day when overdue
        review = due_on + row.days_overdue * DAY
        label = KIND_LABELS.get(row.kind, row.kind.replace("_", " "))
        event = icalendar.Event()
        event.add("uid", item_uid(row.contact, row.kind, row.due_on))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + DAY)
        event.add("summary", row.action)
        event.add(
            "description",
            "\n".join(
                [
                    f"Contact: {row.contact}",
                    f"Kind: {label}",
                    f"Due: {due_on.isoformat()}",
                    f"Days overdue: {row.days_overdue} (on {review.isoformat()})",
                ]
            ),
        )
        event.add("categories", [row.kind])
        event.add("sequence", moved)
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", row.action)
        alarm.add("trigger", dt.timedelta(hours=9))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def reference_calendar(due: pd.DataFrame, stamp: dt.datetime = STAMP) -> bytes:
    """The to-do calendar built the slow, obvious way: one ``icalendar.Todo`` per row."""
    calendar = empty_calendar()
    for row in due.itertuples(index=False):
        todo = icalendar.Todo()
        todo.add("uid", item_uid(row.contact, row.kind, row.due_on))
        todo.add("dtstamp", stamp)
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
    assert due_calendar(due, kind="todo", stamp=STAMP) == reference_calendar(due)


def test_calendar_round_trips_through_icalendar():
    due = due_list(*zip(*TRICKY, strict=True))
    todos = list(
        icalendar.Calendar.from_ical(due_calendar(due, kind="todo", stamp=STAMP)).walk("VTODO")
    )
    assert [str(t["summary"]) for t in todos[:2]] == [
        "Follow up with Ben Carter",
        "Comma, semicolon; and a\nnew line and a \\ backslash",
    ]
    assert [t.decoded("due") for t in todos] == [d.date() for d in due["due_on"]]
    assert [str(t["uid"]) for t in todos] == list(item_uids(due))
    assert all(
        len(line) <= 75 for line in due_calendar(due, kind="todo", stamp=STAMP).split(b"\r\n")
    )


def test_empty_due_list_is_an_empty_calendar():
    empty = due_list([], [])
    assert due_calendar(empty, kind="todo", stamp=STAMP) == reference_calendar(empty)
    assert b"VTODO" not in due_calendar(empty, kind="todo", stamp=STAMP)


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
    assert due_calendar(due, kind="todo", stamp=STAMP) == TODO_GOLDEN
    tricky = due_list(*zip(*TRICKY, strict=True))
    assert (
        hashlib.sha256(due_calendar(tricky, kind="todo", stamp=STAMP)).hexdigest()
        == TODO_TRICKY_SHA256
    )


# --- all-day events (the default) --------------------------------------------------------------

EVENT_TRICKY = [
    *TRICKY,
    ("Carriage\r", "a name and an action that end with a carriage return\r"),
    ("Back\\Nslash", "a literal \\N, a \\n and a tab\tin the text"),
    ("=cmd|' /C calc'!A0", "+SUM(1) -2 @3"),
    # a 4-byte emoji and 2- and 3-byte letters straddling every fold position
    *((f"Emoji {k}", "e" * k + "😀é€" * 12) for k in range(58, 80)),
    # escapes right after multi-byte letters
    *((f"Zoë {k}", "é" * k + "\\, ^;" * 10) for k in range(28, 40)),
]


def events_of(document: bytes) -> list:
    return list(icalendar.Calendar.from_ical(document).walk("VEVENT"))


def test_events_equal_one_icalendar_event_per_row():
    due = due_list(*zip(*EVENT_TRICKY, strict=True))
    document = due_calendar(due, stamp=STAMP)
    assert document == reference_events(due)
    assert b"VTODO" not in document
    assert all(len(line) <= 75 for line in document.split(b"\r\n"))
    # line breaks come back as LF: icalendar writes CR LF, a lone CR and a literal \N as \n
    typed = due["action"].str.replace("\r\n", "\n").str.replace("\r", "\n")
    typed = typed.str.replace("\\N", "\n")
    assert [str(e["summary"]) for e in events_of(document)] == list(typed)


def test_empty_due_list_is_an_empty_calendar_of_either_kind():
    empty = due_list([], [])
    assert due_calendar(empty, stamp=STAMP) == reference_events(empty)
    assert due_calendar(empty, stamp=STAMP) == due_calendar(empty, kind="todo", stamp=STAMP)


def test_event_starts_on_the_due_day_or_the_review_day_when_overdue():
    # due Mon 2 Mar (today), Tue 3 Mar (3 days overdue: reviewed Fri 6 Mar), Wed 4 Mar (not yet)
    due = due_list(["Ann", "Ben", "Cy"], ["a", "b", "c"]).assign(days_overdue=[0, 3, -2])
    document = due_calendar(due, stamp=STAMP)
    assert document == reference_events(due)
    events = events_of(document)
    starts = [e.decoded("dtstart") for e in events]
    assert starts == [D(2026, 3, 2), D(2026, 3, 6), D(2026, 3, 4)]
    assert all(type(start) is dt.date for start in starts)  # all-day: a DATE, not a DATE-TIME
    assert [e.decoded("dtend") for e in events] == [D(2026, 3, 3), D(2026, 3, 7), D(2026, 3, 5)]
    assert b"DTSTART;VALUE=DATE:20260306\r\nDTEND;VALUE=DATE:20260307\r\n" in document
    assert [int(e["sequence"]) for e in events] == [0, 3, 0]
    assert [str(e["description"]).splitlines() for e in events][1] == [
        "Contact: Ben",
        "Kind: thank-you note",
        "Due: 2026-03-03",
        "Days overdue: 3 (on 2026-03-06)",
    ]
    alarms = [e.subcomponents for e in events]
    assert [len(a) for a in alarms] == [1, 1, 1]
    assert {a[0].decoded("trigger") for a in alarms} == {dt.timedelta(hours=9)}
    assert b"TRIGGER:PT9H\r\n" in document and b"ACTION:DISPLAY\r\n" in document


def test_unknown_calendar_kind_is_refused():
    with pytest.raises(ValueError, match="event or todo"):
        due_calendar(due_list(["Ann"], ["a"]), kind="task")


# --- on a workbook: two reviews a week apart ---------------------------------------------------

PEOPLE = [
    ["Ann Lee", "Initech", None, "known", "active", D(2026, 3, 2)],
    ["Ben Carter", "Globex", None, "known", "active", D(2026, 3, 2)],
    ["Cy Park", "Umbrella", "Ben Carter", "referral", "active", D(2026, 3, 2)],
]
ACTS = [
    [D(2026, 3, 2), "Ann Lee", "request", "email", None],
    [D(2026, 3, 2), "Ben Carter", "interview", "video", 30],
]
# Reviewed Wed 11 Mar 2026: Ben's thank-you (due Tue 3 Mar), Ann's move_on (Thu 5 Mar, 3
# business days after the request), Cy's first contact (Mon 9 Mar, 7 days after the name) and
# Ann's follow-up (Wed 11 Mar, 7 business days). A week later all four are still due.
OVERDUE_11_MAR = [8, 6, 2, 0]


def book(write_workbook, tmp_path, **settings):
    path = tmp_path / "network.xlsx"
    return write_workbook(path, contacts=PEOPLE, interactions=ACTS, settings=settings or None)


def test_one_all_day_event_per_item_and_the_same_uids_a_week_later(write_workbook, tmp_path):
    network = load_network(book(write_workbook, tmp_path))
    first = events_of(due_calendar(due_items(network, as_of=D(2026, 3, 11))))
    later = events_of(due_calendar(due_items(network, as_of=D(2026, 3, 18))))
    for events, review in ((first, D(2026, 3, 11)), (later, D(2026, 3, 18))):
        assert len(events) == 4
        assert [e.decoded("dtstart") for e in events] == [review] * 4  # all due or overdue
        assert [e.decoded("dtend") for e in events] == [review + DAY] * 4
        assert len({str(e["uid"]) for e in events}) == 4
    assert [str(e["uid"]) for e in later] == [str(e["uid"]) for e in first]
    assert str(first[0]["uid"]) == item_uid("Ben Carter", "thank_you", "2026-03-03")
    assert [int(e["sequence"]) for e in first] == OVERDUE_11_MAR
    assert [int(e["sequence"]) for e in later] == [n + 7 for n in OVERDUE_11_MAR]
    assert str(first[3]["summary"]) == (
        "Follow up with Ann Lee: no answer to your request of Mon 2 Mar"
    )


def test_due_command_writes_events_by_default_and_todos_on_request(
    write_workbook, tmp_path, capsys
):
    path = book(write_workbook, tmp_path)
    ics = tmp_path / "due.ics"
    args = ["due", str(path), "--as-of", "2026-03-11", "--ics", str(ics), "--format", "json"]
    assert main(args) == 0
    assert "wrote 4 all-day events to" in capsys.readouterr().err
    assert len(events_of(ics.read_bytes())) == 4
    assert b"VTODO" not in ics.read_bytes()
    assert main([*args, "--ics-kind", "todo", "--force"]) == 0
    assert "wrote 4 to-dos to" in capsys.readouterr().err
    written = ics.read_bytes()
    todos = list(icalendar.Calendar.from_ical(written).walk("VTODO"))
    stamp = todos[0].decoded("dtstamp")  # the one thing that depends on when it ran
    due = due_items(load_network(path), as_of=D(2026, 3, 11))
    assert written == reference_calendar(due, stamp)  # today's to-dos, byte for byte
    assert main([*args, "--ics-kind", "event", "--force"]) == 0
    assert len(events_of(ics.read_bytes())) == 4


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("todo", "todo"),
        ("To-do", "todo"),
        ("TODOS", "todo"),
        ("Event", "event"),
        ("events", "event"),
    ],
)
def test_calendar_kind_setting(write_workbook, tmp_path, typed, kind):
    network = load_network(book(write_workbook, tmp_path, calendar_kind=typed))
    assert network.settings.calendar_kind == kind
    assert network.problems == ()


def test_calendar_kind_default_and_a_wrong_value(write_workbook, tmp_path):
    assert load_network(book(write_workbook, tmp_path)).settings.calendar_kind == "event"
    network = load_network(book(write_workbook, tmp_path, calendar_kind="calendar"))
    assert [str(p) for p in network.errors] == [
        "Settings!B2: calendar_kind must be event or todo, not 'calendar'"
    ]
    assert network.settings.calendar_kind == "event"


def test_calendar_kind_setting_switches_the_due_command_and_the_report(
    write_workbook, tmp_path, capsys
):
    path = book(write_workbook, tmp_path, calendar_kind="todo")
    ics = tmp_path / "due.ics"
    assert main(["due", str(path), "--as-of", "2026-03-11", "--ics", str(ics)]) == 0
    assert "wrote 4 to-dos" in capsys.readouterr().err
    write_report(load_network(path), tmp_path / "report", as_of=D(2026, 3, 11))
    calendar = icalendar.Calendar.from_ical((tmp_path / "report" / "due.ics").read_bytes())
    assert len(list(calendar.walk("VTODO"))) == 4
    assert list(calendar.walk("VEVENT")) == []
