"""The due list as calendar to-dos (iCalendar ``VTODO``), for any calendar or task app.

Each due item becomes one ``VTODO``: ``DUE`` is its due day (a DATE), ``SUMMARY`` the suggested
action, ``STATUS:NEEDS-ACTION``, ``CATEGORIES`` its kind. The ``UID`` is a UUID5 of contact,
kind and due day: the due day depends only on the event that triggered the item, so importing
next week's file updates the same to-dos instead of adding duplicates (an item cleared since
simply is not in the new file).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from netwk_analysis.writing.files import write_bytes_atomic

__all__ = ["due_calendar", "item_uid", "item_uids", "write_ics"]

#: Namespace of the to-do UIDs (fixed forever: changing it would duplicate every to-do).
UID_NAMESPACE = uuid.UUID("5b0c7d1e-3f43-4b7a-9a0e-6e6574776b21")
PRODID = "-//netwk_analysis//due list//EN"


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
    return pd.Series([_uid_of_key(key) for key in keys], index=due.index, dtype=object)


def due_calendar(due: pd.DataFrame, *, stamp: dt.datetime | None = None) -> bytes:
    """An iCalendar document (bytes) with one ``VTODO`` per row of ``due_items``.

    The calendar frame comes from ``icalendar.Calendar``; each to-do's lines are assembled
    column-wise from icalendar's own value encoders (``vText`` escaping, ``vDatetime``,
    ``Contentline`` folding at 75 octets), in the property order ``Calendar.to_ical`` uses, so
    the document is byte-for-byte what building one ``icalendar.Todo`` per row would give (the
    tests compare the two) at a fraction of the time: 16,000 to-dos take well under a second.

    Parameters
    ----------
    due : DataFrame
        ``contact``, ``kind``, ``due_on``, ``days_overdue``, ``action`` (``due_items``).
    stamp : datetime, optional
        ``DTSTAMP`` of every to-do (when the file was made); default now, in UTC.

    Examples
    --------
    >>> due = pd.DataFrame({"contact": ["Ben"], "kind": ["follow_up"],
    ...     "due_on": pd.to_datetime(["2026-03-11"]), "days_overdue": [2],
    ...     "action": ["Follow up with Ben"]})
    >>> text = due_calendar(due).decode()
    >>> "BEGIN:VTODO" in text and "DUE;VALUE=DATE:20260311" in text
    True
    """
    import icalendar

    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Networking follow-ups")
    head, tail = calendar.to_ical().decode().split("END:VCALENDAR")
    if due.empty:
        return calendar.to_ical()
    kind = due["kind"].astype(str)
    description = (
        kind.str.replace("_", " ")
        + " for "
        + due["contact"].astype(str)
        + "; "
        + due["days_overdue"].astype(int).astype(str)
        + " day(s) overdue when exported"
    )
    parts = [
        "BEGIN:VTODO",
        _content_lines("CATEGORIES:", _escaped(kind)),
        _content_lines("DESCRIPTION:", _escaped(description)),
        "DTSTAMP:" + icalendar.vDatetime(stamp).to_ical().decode(),
        "DUE;VALUE=DATE:" + pd.to_datetime(due["due_on"]).dt.strftime("%Y%m%d"),
        "STATUS:NEEDS-ACTION",
        _content_lines("SUMMARY:", _escaped(due["action"].astype(str))),
        _content_lines("UID:", item_uids(due)),
        "END:VTODO",
    ]
    todos = parts[0]
    for part in parts[1:]:  # nine properties: a loop over columns, not rows
        todos = todos + "\r\n" + part
    return (head + "\r\n".join(todos) + "\r\nEND:VCALENDAR" + tail).encode()


def _escaped(text: pd.Series) -> pd.Series:
    """iCalendar TEXT escaping (RFC 5545 3.3.11) by ``icalendar.vText``, once per value."""
    from icalendar import vText

    return text.map({value: vText(value).to_ical().decode() for value in text.unique()})


def _content_lines(prefix: str, values: pd.Series) -> pd.Series:
    """``prefix + value`` folded as RFC 5545 3.1 and ``icalendar`` fold content lines.

    Lines under 75 octets are never folded. ``icalendar``'s ``Contentline`` counts each
    character's octets; an ASCII line (one octet per character) folds the same way by slicing
    (``_fold_ascii``), so only long lines with other characters pay for the general fold (the
    tests compare the whole document with icalendar's own).
    """
    from icalendar.parser import Contentline

    lines = prefix + values
    long = lines.str.encode("utf-8").str.len() >= 75
    ascii_ = long & lines.str.isascii()
    lines[ascii_] = [_fold_ascii(line) for line in lines[ascii_]]
    other = long & ~ascii_
    lines[other] = [Contentline(line).to_ical().decode() for line in lines[other]]
    return lines


def _fold_ascii(line: str) -> str:
    """Fold an ASCII content line as ``icalendar`` does: runs of 74 characters, except that a
    run never ends with an escape character (``\\``, ``^``), which starts the next run."""
    runs, start = [], 0
    while len(line) - start > 74:
        end = start + 74 - (line[start + 73] in "\\^")
        runs.append(line[start:end])
        start = end
    runs.append(line[start:])
    return "\r\n ".join(runs)


def write_ics(
    due: pd.DataFrame,
    path: str | Path,
    *,
    overwrite: bool = False,
    protect: Iterable[str | Path] = (),
) -> Path:
    """Write ``due_calendar(due)`` to ``path`` atomically; refuses to replace an existing file
    unless ``overwrite`` (``files.OutputExists``), and never writes over a ``protect`` file.
    """
    return write_bytes_atomic(path, due_calendar(due), overwrite=overwrite, protect=protect)
