"""The workbook contract, declared once: sheets, columns, fixed value lists and settings.

Every other module refers to these names instead of repeating string literals. Header and value
matching follow docs/workbook.md: lower-case, then drop every character that is not a letter
or a digit, so "Referred By", "referred-by" and "REFERRED_BY" all mean ``referred_by``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Literal

from netwk_analysis.core.model import Settings

__all__ = [
    "CALENDAR_KINDS",
    "CHANNELS",
    "CONTACTS",
    "CONTACT_COLUMNS",
    "INBOUND_TYPES",
    "INTERACTIONS",
    "INTERACTION_COLUMNS",
    "INTERACTION_TYPES",
    "LEADS",
    "LEAD_COLUMNS",
    "LEAD_STAGES",
    "MOTIVATIONS",
    "POSTINGS",
    "NAME_COLUMNS",
    "OUTBOUND_TYPES",
    "SETTINGS",
    "SETTING_DEFAULTS",
    "SHEETS",
    "SHORTCUT_COLUMNS",
    "SOURCES",
    "STATUSES",
    "TARGETS",
    "TARGET_COLUMNS",
    "Column",
    "match_key",
]

CONTACTS = "Contacts"
INTERACTIONS = "Interactions"
LEADS = "Leads"
SETTINGS = "Settings"
TARGETS = "Targets"
SHEETS = (CONTACTS, INTERACTIONS, LEADS, TARGETS, SETTINGS)

INTERACTION_TYPES = (
    "request",
    "reply",
    "decline",
    "interview",
    "thank_you",
    "follow_up",
    "check_in",
    "note",
)
OUTBOUND_TYPES = ("request", "thank_you", "follow_up", "check_in")
INBOUND_TYPES = ("reply", "decline", "interview")
CHANNELS = ("email", "phone", "voicemail", "linkedin", "in_person", "video", "other")
SOURCES = ("known", "referral", "cold", "event", "alumni")
STATUSES = ("active", "paused", "closed")
#: Targets sheet levels (docs/workbook.md, "Sheet Targets"): motivation 0-3 (higher = wanted
#: more), posting 3 = a fitting posting, 2 = a posting, 1 = none.
MOTIVATIONS = ("0", "1", "2", "3")
POSTINGS = ("3", "2", "1")
LEAD_STAGES = ("lead", "applied", "interviewing", "offer", "accepted", "rejected", "withdrawn")
#: What ``due.ics`` holds (docs/calendar.md): all-day events or to-dos (setting calendar_kind).
CALENDAR_KINDS = ("event", "todo")

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def match_key(text: object) -> str:
    """Return the matching form of a header or fixed-list value.

    docs/metrics.md: "lower-casing and dropping every character that is not a letter or a digit".

    Examples
    --------
    >>> match_key("Duration (min)"), match_key("Thank You"), match_key("referred-by")
    ('durationmin', 'thankyou', 'referredby')
    """
    return _NOT_ALNUM.sub("", str(text).lower())


ColumnKind = Literal["text", "date", "choice", "yesno", "number"]


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its canonical name, kind, and allowed values for a choice (or,
    for a number column, the whole numbers it may hold, as text)."""

    name: str
    kind: ColumnKind = "text"
    required: bool = False
    choices: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """The header in matching form (``referred_by`` -> ``referredby``)."""
        return match_key(self.name)


CONTACT_COLUMNS = (
    Column("name", required=True),
    Column("company"),
    Column("role"),
    Column("industry"),
    Column("email"),
    Column("phone"),
    Column("linkedin"),
    Column("referred_by"),
    Column("source", "choice", choices=SOURCES),
    Column("may_use_name", "yesno"),
    Column("added_on", "date"),
    Column("status", "choice", choices=STATUSES),
    Column("notes"),
    Column("contacted_on", "date"),
    Column("replied_on", "date"),
    Column("interviewed_on", "date"),
    Column("thank_you_on", "date"),
    Column("check_in_days", "number"),
)

#: Shortcut columns on Contacts and the interaction type each date becomes.
SHORTCUT_COLUMNS = {
    "contacted_on": "request",
    "replied_on": "reply",
    "interviewed_on": "interview",
    "thank_you_on": "thank_you",
}

INTERACTION_COLUMNS = (
    Column("date", "date", required=True),
    Column("contact", required=True),
    Column("type", "choice", required=True, choices=INTERACTION_TYPES),
    Column("channel", "choice", choices=CHANNELS),
    Column("duration_min", "number"),
    Column("resume_left", "yesno"),
    Column("asked_for_names", "yesno"),
    Column("notes"),
)

LEAD_COLUMNS = (
    Column("date", "date"),
    Column("contact", required=True),
    Column("company"),
    Column("role"),
    Column("stage", "choice", choices=LEAD_STAGES),
    Column("notes"),
)

TARGET_COLUMNS = (
    Column("employer", required=True),
    Column("motivation", "number", choices=MOTIVATIONS),
    Column("posting", "number", choices=POSTINGS),
    Column("alumni", "yesno"),
    Column("notes"),
)

SHEET_COLUMNS = {
    CONTACTS: CONTACT_COLUMNS,
    INTERACTIONS: INTERACTION_COLUMNS,
    LEADS: LEAD_COLUMNS,
    TARGETS: TARGET_COLUMNS,
}

#: Settings sheet keys and their defaults (docs/workbook.md, "Sheet Settings"): the fields of
#: ``model.Settings``, where they are declared once.
SETTING_DEFAULTS: dict[str, object] = {f.name: f.default for f in fields(Settings)}

YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0", ""})

#: Columns holding a person's name (a contact's own, or a reference to one): cleaned and
#: matched as docs/workbook.md, "Names" says.
NAME_COLUMNS = ("name", "referred_by", "contact")
