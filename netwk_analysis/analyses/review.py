"""The week's key numbers for the weekly review, composed from the metrics and the due list.

docs/metrics.md, "The week's key numbers".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.analyses.followups import overdue_by_week
from netwk_analysis.analyses.frames import (
    known_contacts,
    known_leads,
    known_mask,
    type_mask,
    week_of,
    week_start_days,
)
from netwk_analysis.analyses.metrics import interviews_held, weekly_outreach
from netwk_analysis.core import schema

__all__ = ["headline"]


def headline(network, *, as_of, weekly=None, overdue=None) -> dict:
    """This week's and last week's key numbers for the weekly review.

    ``weekly`` (``weekly_outreach``) and ``overdue`` (``followups.overdue_by_week``), computed
    for the same ``as_of``, may be passed in when the caller has them already.

    Returns
    -------
    dict
        ``as_of``, ``week`` (first day of the as-of week), ``weekly_outreach_target``, and
        ``this_week`` / ``last_week``: dicts with ``week``, ``requests``, ``follow_ups``,
        ``answered`` and ``pending`` (of the requests sent that week), ``response_rate``
        (None when nothing counted) and its 95% Wilson interval ``response_rate_low`` /
        ``response_rate_high``, ``answers_received`` (inbound interactions dated that
        week), ``interviews``, ``names_received`` (referred contacts added that week),
        ``overdue`` (overdue items as of the week's last day, or ``as_of`` for this week) and
        ``leads`` (leads dated that week). Past weeks' answers are as known on ``as_of``.
    """
    as_of = pd.Timestamp(as_of)
    settings = network.settings
    this_week = week_of(as_of, settings)
    weeks = [this_week.start_time, (this_week - 1).start_time]
    if weekly is None:
        weekly = weekly_outreach(network, as_of=as_of)
    if overdue is None:
        overdue = overdue_by_week(network, start=weeks[1], end=as_of)
    outreach = weekly.set_index("week")
    overdue = overdue.set_index("week")["total"]
    known = known_mask(network, as_of)
    acts = network.interactions
    contacts = known_contacts(network, as_of=as_of)
    starts = np.array([week.to_datetime64() for week in weeks], dtype="datetime64[D]")

    def per_week(dates) -> dict:
        """How many of ``dates`` fall in each of the two weeks (NaT in none)."""
        firsts = week_start_days(np.asarray(dates, dtype="datetime64[D]"), settings)
        counts = [int((firsts == start).sum()) for start in starts]
        return dict(zip(weeks, counts, strict=True))

    inbound = type_mask(acts, schema.INBOUND_TYPES) & known
    received = per_week(acts["date"].to_numpy(dtype="datetime64[D]")[inbound])
    interviews = per_week(interviews_held(network, as_of=as_of)["date"].to_numpy())
    names = per_week(contacts.loc[contacts["referred_by"].notna(), "added_on"].to_numpy())
    lead_weeks = per_week(known_leads(network, as_of=as_of)["date"].to_numpy())

    def numbers(week: pd.Timestamp) -> dict:
        row = outreach.loc[week] if week in outreach.index else None
        rate = None if row is None or pd.isna(row["response_rate"]) else row["response_rate"]
        return {
            "week": week.date().isoformat(),
            **{
                key: int(row[key]) if row is not None else 0
                for key in ("requests", "follow_ups", "answered", "pending")
            },
            "response_rate": None if rate is None else float(rate),
            **{
                key: None if rate is None else float(row[key])
                for key in ("response_rate_low", "response_rate_high")
            },
            "answers_received": int(received.get(week, 0)),
            "interviews": int(interviews.get(week, 0)),
            "names_received": int(names.get(week, 0)),
            "overdue": int(overdue.get(week, 0)),
            "leads": int(lead_weeks.get(week, 0)),
        }

    return {
        "as_of": as_of.date().isoformat(),
        "week": weeks[0].date().isoformat(),
        "weekly_outreach_target": settings.weekly_outreach_target,
        "this_week": numbers(weeks[0]),
        "last_week": numbers(weeks[1]),
    }
