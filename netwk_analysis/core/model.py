"""The in-memory model of a workbook: validated frames, typed settings and collected problems.

``Network`` is what ``load_network`` returns and what every analysis takes. Its frames are never
mutated by analyses (they return new frames).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pandas is imported only when data is loaded: `netwk --help` stays instant
    import pandas as pd

__all__ = [
    "Network",
    "Problem",
    "Settings",
    "UnreadableWorkbook",
    "cell_ref",
    "column_letter",
    "name_positions",
]

Severity = Literal["error", "warning"]


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index.

    Examples
    --------
    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(sheet: str, row: int | None = None, column: int | None = None) -> str:
    """Return an A1 reference as a spreadsheet shows it: ``Contacts!C5``, ``Contacts!5:5``.

    Examples
    --------
    >>> cell_ref("Contacts", 5, 2), cell_ref("Leads", 3), cell_ref("Settings")
    ('Contacts!C5', 'Leads!3:3', 'Settings')
    """
    quoted = f"'{sheet}'" if not sheet.replace("_", "").isalnum() else sheet
    if row is None:
        return quoted
    if column is None:
        return f"{quoted}!{row}:{row}"
    return f"{quoted}!{column_letter(column)}{row}"


@dataclass(frozen=True)
class Problem:
    """One problem found in a workbook, located as the spreadsheet numbers it.

    ``row`` is the spreadsheet's 1-based row number, ``column`` the header name (canonical when
    known), ``cell`` the A1 reference (``Contacts!C5``).
    """

    sheet: str
    row: int | None
    column: str | None
    cell: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}"


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook at all (exit code 2): one sentence says why."""


@dataclass(frozen=True)
class Settings:
    """Typed settings: the documented defaults, overridden by the workbook's Settings sheet."""

    weekly_outreach_target: int = 5
    thank_you_days: int = 1
    move_on_business_days: int = 3
    follow_up_business_days: int = 7
    tickler_days: int = 30
    referral_contact_days: int = 7
    names_per_interview_target: int = 2
    interview_minutes: int = 30
    week_start: str = "Monday"
    date_format: str = "ISO"
    holidays: str | None = None
    as_of: dt.date | None = None

    @property
    def week_anchor(self) -> str:
        """pandas weekly frequency whose periods start on ``week_start`` (``W-SUN`` for Monday)."""
        days = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
        start = days.index(self.week_start[:3].upper())
        return f"W-{days[(start - 1) % 7]}"


def _empty_frame() -> pd.DataFrame:
    """An empty frame (pandas imported only when a Network is built)."""
    import pandas as pd

    return pd.DataFrame()


@dataclass(frozen=True)
class Network:
    """A loaded workbook.

    Attributes
    ----------
    contacts : one row per person; ``name`` is the canonical key every other frame refers to.
    interactions : one row per touch, the Interactions sheet plus events expanded from the
        Contacts shortcut columns, sorted by date; ``sheet``/``row`` say where each came from.
    leads : one row per job opportunity.
    settings : typed settings.
    problems : every problem found, errors and warnings, in sheet/row order.
    targets : one row per target employer of the optional Targets sheet (``employer``,
        ``motivation``, ``posting``, ``alumni``, ``notes``); an empty frame without the sheet.
    """

    contacts: pd.DataFrame
    interactions: pd.DataFrame
    leads: pd.DataFrame
    settings: Settings = field(default_factory=Settings)
    problems: tuple[Problem, ...] = ()
    path: Path | None = None
    targets: pd.DataFrame = field(default_factory=_empty_frame)

    @cached_property
    def interaction_positions(self):
        """Position in ``contacts`` of each ``interactions`` row's contact (-1: not a contact).

        Computed once per network: every analysis groups and merges on these integers, and
        matching 400,000 names as text is the slow part of doing so.
        """
        return name_positions(self.contacts["name"], self.interactions["contact"])

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems of severity ``error`` (the workbook needs fixing)."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems of severity ``warning`` (worth a look, results still computed)."""
        return tuple(p for p in self.problems if p.severity == "warning")

    def as_of(self, override: dt.date | None = None) -> pd.Timestamp:
        """The review day: ``override`` (``--as-of``), else the ``as_of`` setting, else today."""
        import pandas as pd

        day = override or self.settings.as_of or dt.date.today()
        return pd.Timestamp(day)


def name_positions(known: pd.Series, names: pd.Series):
    """Positions in ``known`` of each of ``names`` (an int64 array; -1 for a name not known).

    Examples
    --------
    >>> import pandas as pd
    >>> name_positions(pd.Series(["Ann", "Ben"]), pd.Series(["Ben", "Zed", "Ann"])).tolist()
    [1, -1, 0]
    """
    import numpy as np
    import pandas as pd

    known = known.to_numpy(dtype=object)
    codes, _ = pd.factorize(np.concatenate([known, names.to_numpy(dtype=object)]))
    ids = codes[len(known) :]
    return np.where(ids < len(known), ids, -1)
