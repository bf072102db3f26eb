"""Domain facts declared once: the kinds of due items, the stages a contact goes through, the
answer classes, and the colours, labels and badges every chart, table and page uses for them.

docs/metrics.md names each of them; add a due-item kind here (and its rule in
``analyses/followups.py``), and every chart, badge and legend picks it up.

Examples
--------
>>> KINDS[0], KIND_LABELS["move_on"], KIND_BADGES["first_contact"]
('thank_you', 'move on (ask someone else there)', 'first contact')
>>> STAGES[-1], STAGE_COLOURS["lead"]
('lead', '#D55E00')
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "CLASSES",
    "CLASS_COLOURS",
    "KINDS",
    "KIND_BADGES",
    "KIND_COLOURS",
    "KIND_LABELS",
    "OKABE_ITO",
    "STAGES",
    "STAGE_COLOURS",
    "STAGE_LABELS",
    "TARGET_STATUSES",
    "TARGET_STATUS_COLOURS",
    "DueKind",
    "Stage",
]

# The Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), safe for the common kinds
# of colour blindness, plus a neutral grey for things that are not decided yet (pending).
# Yellow is only used for filled areas (bars, badges), never for lines or text.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#999999"
LIGHT_GREY = "#BBBBBB"
OKABE_ITO = (BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE)


class DueKind(NamedTuple):
    """A kind of due item (docs/metrics.md, "Due and overdue")."""

    name: str
    label: str  # how a job seeker reads it in a legend
    badge: str  # the short word on the page's badge
    colour: str


class Stage(NamedTuple):
    """How far a contact has come (docs/metrics.md, "Stages")."""

    name: str
    label: str
    colour: str


#: Kinds of due items, in the order charts stack them and the due list shows ties.
DUE_KINDS = (
    DueKind("thank_you", "thank-you note", "thank-you", YELLOW),
    DueKind("move_on", "move on (ask someone else there)", "move on", ORANGE),
    DueKind("follow_up", "follow up", "follow up", REDDISH_PURPLE),
    DueKind("check_in", "monthly check-in", "check in", BLUISH_GREEN),
    DueKind("first_contact", "first contact (name received)", "first contact", SKY_BLUE),
)
KINDS = tuple(kind.name for kind in DUE_KINDS)
KIND_LABELS = {kind.name: kind.label for kind in DUE_KINDS}
KIND_BADGES = {kind.name: kind.badge for kind in DUE_KINDS}
KIND_COLOURS = {kind.name: kind.colour for kind in DUE_KINDS}

#: Stages of a contact, from named to lead; the funnel and the referral tree use them.
STAGE_LIST = (
    Stage("named", "named (not asked yet)", LIGHT_GREY),
    Stage("asked", "asked", SKY_BLUE),
    Stage("answered", "answered", BLUE),
    Stage("interviewed", "interviewed", BLUISH_GREEN),
    Stage("lead", "led to a lead", VERMILLION),
)
STAGES = tuple(stage.name for stage in STAGE_LIST)
STAGE_LABELS = {stage.name: stage.label for stage in STAGE_LIST}
STAGE_COLOURS = {stage.name: stage.colour for stage in STAGE_LIST}

#: Answer classes (docs/metrics.md, "Latency"); ``pending`` stands for a class of None.
CLASSES = ("booster", "obligate", "curmudgeon", "pending")
CLASS_COLOURS = {
    "booster": BLUISH_GREEN,
    "obligate": ORANGE,
    "curmudgeon": VERMILLION,
    "pending": GREY,
}

#: Status of a target employer (docs/metrics.md, "Target employers"), the first that holds.
TARGET_STATUSES = ("booster found", "move on", "waiting", "ask", "find a contact")
TARGET_STATUS_COLOURS = {
    "booster found": BLUISH_GREEN,
    "move on": ORANGE,
    "waiting": GREY,
    "ask": SKY_BLUE,
    "find a contact": REDDISH_PURPLE,
}
