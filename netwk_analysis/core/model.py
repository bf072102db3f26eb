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
    calendar_kind: str = "event"
    timezone: str | None = None
    since: dt.date | None = None

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

    @property
    def since(self) -> pd.Timestamp | None:
        """The start of the search (the ``since`` setting or ``--since``), or None: rows dated
        before it are left out of every count, chart and due item (docs/metrics.md)."""
        import pandas as pd

        return None if self.settings.since is None else pd.Timestamp(self.settings.since)

    def __repr__(self) -> str:
        """A few lines (docs/notebooks.md, "A network in a notebook"): where it was read from,
        the review day, rows per sheet, problems; never the frames themselves.

        Examples
        --------
        >>> import pandas as pd
        >>> people = pd.DataFrame({"name": ["Ann", "Ben"]})
        >>> print(repr(Network(people, pd.DataFrame(), pd.DataFrame(),
        ...                    settings=Settings(as_of=dt.date(2026, 3, 6)))))
        Network: (built in code), as of Fri 6 Mar 2026 (the as_of setting)
          Contacts: 2 rows, Interactions: 0 rows, Leads: 0 rows
          problems: 0 errors, 0 warnings
        """
        lines = [
            f"Network: {self.path or '(built in code)'}, as of {self._as_of_text()}",
            "  "
            + ", ".join(f"{sheet}: {_rows(count)}" for sheet, count in self._counts().items()),
            f"  problems: {len(self.errors)} errors, {len(self.warnings)} warnings",
        ]
        changed = self._changed_settings()
        if changed:
            lines.append("  settings: " + ", ".join(f"{k}={v}" for k, v in changed.items()))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The notebook view: counts per sheet, the review day, the settings that differ from
        the defaults, every problem (sheet, cell, message) and the first rows of each sheet.
        All text from the workbook is HTML-escaped."""
        from html import escape

        def table(header: list[str], rows: list[list[object]]) -> str:
            head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
            body = "".join(
                "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                for row in rows
            )
            return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

        where = escape(str(self.path or "(built in code)"))
        parts = [f"<p><b>Network</b> {where}, as of {escape(self._as_of_text())}</p>"]
        parts.append(table(["sheet", "rows"], [list(i) for i in self._counts().items()]))
        changed = self._changed_settings()
        if changed:
            parts.append("<p>Settings that differ from the defaults</p>")
            parts.append(table(["setting", "value"], [list(i) for i in changed.items()]))
        errors, warnings = len(self.errors), len(self.warnings)
        parts.append(f"<p>Problems: {errors} errors, {warnings} warnings</p>")
        if self.problems:
            rows = [[p.sheet, p.cell, p.severity, p.message] for p in self.problems]
            parts.append(table(["sheet", "cell", "severity", "message"], rows))
        for sheet, frame in self._frames().items():
            if len(frame.columns):
                rows = _readable(frame.head(5)).to_html(index=False, escape=True, na_rep="")
                summary = f"<summary>{escape(sheet)}: first rows</summary>"
                parts.append(f"<details>{summary}{rows}</details>")
        return "\n".join(parts)

    def _frames(self) -> dict[str, pd.DataFrame]:
        return {"Contacts": self.contacts, "Interactions": self.interactions, "Leads": self.leads}

    def _counts(self) -> dict[str, int]:
        return {sheet: len(frame) for sheet, frame in self._frames().items()}

    def _as_of_text(self) -> str:
        if self.settings.as_of is None:
            return "today (no as_of setting)"
        day = self.settings.as_of
        return f"{day:%a} {day.day} {day:%b %Y} (the as_of setting)"

    def _changed_settings(self) -> dict[str, object]:
        """Settings whose value is not the documented default (docs/workbook.md, Settings)."""
        from dataclasses import fields

        return {
            f.name: getattr(self.settings, f.name)
            for f in fields(Settings)
            if f.name != "as_of" and getattr(self.settings, f.name) != f.default
        }


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ``2026-03-06`` (not ``Timestamp(...)`` or ``00:00:00``) for a notebook table."""
    import pandas as pd

    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    return frame.assign(**{c: frame[c].dt.strftime("%Y-%m-%d").fillna("") for c in dates})


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
