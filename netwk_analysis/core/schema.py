"""The workbook contract, declared once: sheets, columns, fixed value lists and settings.

Every other module refers to these names instead of repeating string literals. Header and value
matching follow docs/workbook.md: lower-case, then drop every character that is not a letter
or a digit, so "Referred By", "referred-by" and "REFERRED_BY" all mean ``referred_by``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Literal

from netwk_analysis.core.model import Settings

__all__ = [
    "CALENDAR_KINDS",
    "CHANNELS",
    "COLUMNS",
    "FIRST_LAST_NAME",
    "HEADER_ALIASES",
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
#: The optional sheet mapping the user's headers to contract columns (docs/workbook.md,
#: "The `Columns` sheet"): its own columns.
COLUMNS = "Columns"
COLUMNS_SHEET_COLUMNS = ("sheet", "column", "means")

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

    docs/metrics.md: "lower-casing and dropping every character that is not a letter or a digit";
    accented letters count as their plain letter (docs/workbook.md: ``Résumé left`` is
    ``resume_left``).

    Examples
    --------
    >>> match_key("Duration (min)"), match_key("Thank You"), match_key("referred-by")
    ('durationmin', 'thankyou', 'referredby')
    >>> match_key("Résumé left")
    'resumeleft'
    """
    text = str(text)
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return _NOT_ALNUM.sub("", text.lower())


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


#: Header aliases (docs/workbook.md, "Header aliases"), compared after ``match_key``: sheet ->
#: contract column -> the other headers that mean it. A header that is a contract column's own
#: name wins over an alias; a mapping in the Columns sheet wins over both.
HEADER_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    CONTACTS: {
        "name": ("full name", "contact name", "person"),
        "company": ("firm", "organization", "organisation", "employer", "company name"),
        "role": ("title", "position", "job title"),
        "referred_by": (
            "referrer",
            "referred by",
            "introduced by",
            "intro from",
            "referral from",
        ),
        "added_on": ("connected on", "date added", "name received"),
        "contacted_on": (
            "date contacted",
            "outreach date",
            "first contact date",
            "reached out on",
        ),
        "replied_on": ("date replied", "response date", "reply date"),
        "interviewed_on": (
            "informational interview",
            "interview date",
            "coffee chat",
            "meeting date",
        ),
        "thank_you_on": ("thank you sent", "thank you date", "thank you note"),
        "linkedin": ("url", "profile url", "linkedin url"),
        "email": ("email address", "e-mail"),
    },
    INTERACTIONS: {
        "contact": ("name", "person", "with"),
        "type": ("action", "activity"),
    },
}

#: With no name column, these two headers together make ``name`` ("First Last").
FIRST_LAST_NAME = ("first name", "last name")

#: Columns holding a person's name (a contact's own, or a reference to one): cleaned and
#: matched as docs/workbook.md, "Names" says.
NAME_COLUMNS = ("name", "referred_by", "contact")
