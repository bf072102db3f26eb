"""The due list as an iCalendar file (``due.ics``): all-day events, or to-dos.

docs/calendar.md states the rules. By default each due item becomes one all-day ``VEVENT`` (the
calendars most people use, Google's and Apple's among them, do not take to-dos from a file):

- ``DTSTART;VALUE=DATE`` is the due day, or the review (as-of) day for an item already overdue,
  so that it sits in front of you today rather than in the past; ``DTEND`` is the day after.
- ``SUMMARY`` is the suggested action; ``DESCRIPTION`` names the contact, the kind, the due day
  and the days overdue; ``CATEGORIES`` is the kind; ``TRANSP:TRANSPARENT`` (a reminder, not busy
  time).
- ``SEQUENCE`` is the number of days the start was moved from the due day (the days overdue),
  so a later file that moves an event carries a higher revision number.
- A ``VALARM`` (``ACTION:DISPLAY``, ``TRIGGER:PT9H``) reminds you at 09:00 on the day.

With ``kind="todo"`` each item becomes one ``VTODO`` instead: ``DUE`` is its due day (a DATE),
``SUMMARY`` the action, ``STATUS:NEEDS-ACTION``, ``CATEGORIES`` its kind.

Either way the ``UID`` is a UUID5 of contact, kind and due day: the due day depends only on the
event that triggered the item, so importing next week's file meets the same UIDs (what each
calendar then does is in docs/calendar.md; an item cleared since simply is not in the new file).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from netwk_analysis.core.facts import KIND_LABELS
from netwk_analysis.core.schema import CALENDAR_KINDS
from netwk_analysis.writing.files import write_bytes_atomic

__all__ = ["ALARM_AFTER_START", "due_calendar", "item_uid", "item_uids", "write_ics"]

#: Namespace of the item UIDs (fixed forever: changing it would duplicate every event and to-do).
UID_NAMESPACE = uuid.UUID("5b0c7d1e-3f43-4b7a-9a0e-6e6574776b21")
PRODID = "-//netwk_analysis//due list//EN"
#: When an event's reminder goes off, counted from the start of its (all-day) day: 09:00.
ALARM_AFTER_START = dt.timedelta(hours=9)


def item_uid(contact: str, kind: str, due_on) -> str:
    """The stable UID of one due item.

    Examples
    --------
    >>> item_uid("Ben Carter", "follow_up", "2026-03-11") == item_uid(
    ...     "Ben Carter", "follow_up", pd.Timestamp("2026-03-11"))
    True
    >>> item_uid("Ben Carter", "follow_up", "2026-03-11").endswith("@netwk")
    True
    """
    day = pd.Timestamp(due_on).date().isoformat()
    return _uid_of_key(f"{contact}|{kind}|{day}")


def _uid_of_key(key: str) -> str:
    return f"{uuid.uuid5(UID_NAMESPACE, key)}@netwk"


def item_uids(due: pd.DataFrame) -> pd.Series:
    """``item_uid`` of every row of a due list (the key is built for all rows at once)."""
    keys = (
        due["contact"].astype(str)
        + "|"
        + due["kind"].astype(str)
        + "|"
        + pd.to_datetime(due["due_on"]).dt.strftime("%Y-%m-%d")
    )
    return pd.Series([_uid_of_key(key) for key in keys.tolist()], index=due.index, dtype=object)


def due_calendar(
    due: pd.DataFrame, *, kind: str = "event", stamp: dt.datetime | None = None
) -> bytes:
    """An iCalendar document (bytes) with one all-day ``VEVENT`` (or one ``VTODO``) per row.

    docs/calendar.md ("What the file holds"): one all-day event per due item, starting on the
    due day, or on the review day when the item is already overdue, and ending the next day;
    or one to-do per item. The calendar frame comes from ``icalendar.Calendar``; each
    component's lines are assembled column-wise from icalendar's own value encoders (``vText``
    escaping, ``vDatetime``, ``vDuration``) and folded at 75 octets as its ``Contentline`` does
    (``_fold``), in the property order ``Calendar.to_ical`` uses, so the document is
    byte-for-byte what building one ``icalendar.Event`` (or ``Todo``) per row would give (the
    tests compare the two) at a fraction of the time.

    Parameters
    ----------
    due : DataFrame
        ``contact``, ``kind``, ``due_on``, ``days_overdue``, ``action`` (``due_items``).
    kind : {"event", "todo"}
        All-day events (the default, for Google, Apple and Outlook calendars) or to-dos (for
        Thunderbird and other task apps that read .ics to-dos).
    stamp : datetime, optional
        ``DTSTAMP`` of every component (when the file was made); default now, in UTC.

    Raises
    ------
    ValueError
        ``kind`` is neither ``"event"`` nor ``"todo"``.

    Examples
    --------
    >>> due = pd.DataFrame({"contact": ["Ben"], "kind": ["follow_up"],
    ...     "due_on": pd.to_datetime(["2026-03-11"]), "days_overdue": [2],
    ...     "action": ["Follow up with Ben"]})
    >>> text = due_calendar(due).decode()
    >>> "BEGIN:VEVENT" in text and "DTSTART;VALUE=DATE:20260313" in text
    True
    >>> "DTEND;VALUE=DATE:20260314" in text and "TRIGGER:PT9H" in text
    True
    >>> "DUE;VALUE=DATE:20260311" in due_calendar(due, kind="todo").decode()
    True
    """
    if kind not in CALENDAR_KINDS:
        raise ValueError(f"the calendar kind must be event or todo, not '{kind}'")
    import icalendar

    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Networking follow-ups")
    head, tail = calendar.to_ical().decode().split("END:VCALENDAR")
    if due.empty:
        return calendar.to_ical()
    stamp_line = "DTSTAMP:" + icalendar.vDatetime(stamp).to_ical().decode()
    parts = _event_lines(due, stamp_line) if kind == "event" else _todo_lines(due, stamp_line)
    components = np.full(len(due), parts[0], dtype=object)
    for part in parts[1:]:  # one part per property: a loop over columns, not rows
        components = components + "\r\n" + part
    return (head + "\r\n".join(components.tolist()) + "\r\nEND:VCALENDAR" + tail).encode()


def _texts(column: pd.Series) -> np.ndarray:
    """A column as an object array of ``str`` (missing as ``str`` writes it)."""
    return column.astype(str).to_numpy(dtype=object)


def _days(dates: np.ndarray, separator: str = "") -> np.ndarray:
    """``datetime64[D]`` days as ``YYYYMMDD`` (or with ``separator`` between the parts)."""
    text = dates.astype(str)
    if separator != "-":
        text = np.char.replace(text, "-", separator)
    return text.astype(object)


def _event_lines(due: pd.DataFrame, stamp_line: str) -> list:
    """The content lines of one all-day ``VEVENT`` per row, property by property, in the order
    ``icalendar`` writes them (its canonical order first, then the rest alphabetically, then
    the ``VALARM``).

    docs/calendar.md: start = the due day, or the review day when overdue; end = the day after;
    ``SEQUENCE`` = the days the start was moved (the days overdue); a reminder at 09:00.
    """
    from icalendar import vDuration

    due_on = pd.to_datetime(due["due_on"]).to_numpy(dtype="datetime64[D]")
    overdue = due["days_overdue"].to_numpy(dtype="int64")
    moved = overdue.clip(min=0)
    start = due_on + moved.astype("timedelta64[D]")
    review = due_on + overdue.astype("timedelta64[D]")
    kind = _texts(due["kind"])
    summary = _escaped(_texts(due["action"]))
    description = (
        "Contact: "
        + _texts(due["contact"])
        + "\nKind: "
        + _kind_labels(kind)
        + "\nDue: "
        + _days(due_on, "-")
        + "\nDays overdue: "
        + overdue.astype(str).astype(object)
        + " (on "
        + _days(review, "-")
        + ")"
    )
    return [
        "BEGIN:VEVENT",
        _content_lines("SUMMARY:", summary),
        "DTSTART;VALUE=DATE:" + _days(start),
        "DTEND;VALUE=DATE:" + _days(start + np.timedelta64(1, "D")),
        stamp_line,
        _content_lines("UID:", item_uids(due).to_numpy(dtype=object)),
        "SEQUENCE:" + moved.astype(str).astype(object),
        _content_lines("CATEGORIES:", _escaped(kind)),
        _content_lines("DESCRIPTION:", _escaped(description)),
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        _content_lines("DESCRIPTION:", summary),
        "TRIGGER:" + vDuration(ALARM_AFTER_START).to_ical().decode(),
        "END:VALARM",
        "END:VEVENT",
    ]


def _todo_lines(due: pd.DataFrame, stamp_line: str) -> list:
    """The content lines of one ``VTODO`` per row (properties in alphabetical order, as
    ``icalendar`` writes a to-do): ``DUE`` the due day, ``STATUS:NEEDS-ACTION``."""
    kind = _texts(due["kind"])
    description = (
        np.char.replace(kind.astype(str), "_", " ").astype(object)
        + " for "
        + _texts(due["contact"])
        + "; "
        + due["days_overdue"].astype(int).astype(str).to_numpy(dtype=object)
        + " day(s) overdue when exported"
    )
    return [
        "BEGIN:VTODO",
        _content_lines("CATEGORIES:", _escaped(kind)),
        _content_lines("DESCRIPTION:", _escaped(description)),
        stamp_line,
        "DUE;VALUE=DATE:" + _days(pd.to_datetime(due["due_on"]).to_numpy(dtype="datetime64[D]")),
        "STATUS:NEEDS-ACTION",
        _content_lines("SUMMARY:", _escaped(_texts(due["action"]))),
        _content_lines("UID:", item_uids(due).to_numpy(dtype=object)),
        "END:VTODO",
    ]


def _kind_labels(kind: np.ndarray) -> np.ndarray:
    """How a job seeker reads each kind (``facts.KIND_LABELS``; an unknown kind as written)."""
    names, at = np.unique(kind, return_inverse=True)
    labels = [KIND_LABELS.get(name, name.replace("_", " ")) for name in names]  # five kinds
    named = np.empty(len(labels), dtype=object)
    named[:] = labels
    return named[at]


def _escaped(text: np.ndarray) -> np.ndarray:
    """iCalendar TEXT escaping (RFC 5545 3.3.11) by ``icalendar.vText``, once per distinct
    value."""
    from icalendar import vText

    values, at = np.unique(text, return_inverse=True)
    escaped = np.empty(len(values), dtype=object)
    escaped[:] = [vText(value).to_ical().decode() for value in values]
    return escaped[at]


#: UTF-8 octets of each line of an object array.
_OCTETS = np.frompyfunc(lambda line: len(line.encode("utf-8")), 1, 1)


def _content_lines(prefix: str, values: np.ndarray) -> np.ndarray:
    """``prefix + value`` folded as RFC 5545 3.1 and ``icalendar`` fold content lines.

    Lines under 75 octets are never folded; longer ones go through ``_fold`` (the tests compare
    the whole document with icalendar's own, multi-byte characters at every fold included).
    """
    lines = prefix + values
    long = np.flatnonzero(_OCTETS(lines).astype("int64") >= 75)
    if long.size:
        lines[long] = [_fold(line) for line in lines[long].tolist()]
    return lines


def _fold(line: str) -> str:
    """Fold a content line as ``icalendar`` does (RFC 5545 3.1): runs of at most 74 octets of
    whole UTF-8 characters, each as long as fits, except that a run never ends with an escape
    character (``\\``, ``^``), which starts the next run.

    This is icalendar's character-by-character fold done on the encoded bytes: a run ends at
    the last character boundary within 74 octets (a UTF-8 continuation byte is ``10xxxxxx``).
    """
    octets = line.encode("utf-8")
    runs, start = [], 0
    while len(octets) - start > 74:
        end = start + 74
        while octets[end] & 0xC0 == 0x80:  # inside a multi-byte character: back to its start
            end -= 1
        if octets[end - 1] in b"\\^":
            end -= 1
        runs.append(octets[start:end])
        start = end
    runs.append(octets[start:])
    return b"\r\n ".join(runs).decode("utf-8")


def write_ics(
    due: pd.DataFrame,
    path: str | Path,
    *,
    kind: str = "event",
    overwrite: bool = False,
    protect: Iterable[str | Path] = (),
) -> Path:
    """Write ``due_calendar(due, kind=kind)`` to ``path`` atomically; refuses to replace an
    existing file unless ``overwrite`` (``files.OutputExists``), and never writes over a
    ``protect`` file.
    """
    document = due_calendar(due, kind=kind)
    return write_bytes_atomic(path, document, overwrite=overwrite, protect=protect)
