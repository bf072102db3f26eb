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

from netwk_analysis.safety import write_bytes_atomic

__all__ = ["due_calendar", "item_uid", "write_ics"]

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
    return f"{uuid.uuid5(UID_NAMESPACE, f'{contact}|{kind}|{day}')}@netwk"


def due_calendar(due: pd.DataFrame, *, stamp: dt.datetime | None = None) -> bytes:
    """An iCalendar document (bytes) with one ``VTODO`` per row of ``due_items``.

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
    columns = ["contact", "kind", "due_on", "days_overdue", "action"]
    for contact, kind, due_on, late, action in due[columns].itertuples(index=False, name=None):
        todo = icalendar.Todo()
        todo.add("uid", item_uid(contact, kind, due_on))
        todo.add("dtstamp", stamp)
        todo.add("due", pd.Timestamp(due_on).date())
        todo.add("summary", str(action))
        todo.add("status", "NEEDS-ACTION")
        todo.add("categories", [str(kind)])
        todo.add(
            "description",
            f"{kind.replace('_', ' ')} for {contact}; {int(late)} day(s) overdue when exported",
        )
        calendar.add_component(todo)
    return calendar.to_ical()


def write_ics(
    due: pd.DataFrame,
    path: str | Path,
    *,
    overwrite: bool = False,
    protect: Iterable[str | Path] = (),
) -> Path:
    """Write ``due_calendar(due)`` to ``path`` atomically; refuses to replace an existing file
    unless ``overwrite`` (``safety.OutputExists``), and never writes over a ``protect`` file.
    """
    return write_bytes_atomic(path, due_calendar(due), overwrite=overwrite, protect=protect)
