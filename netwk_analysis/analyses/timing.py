"""How long do answers take? Reply timing learned from the person's own requests.

docs/metrics.md, "Reply timing": for the first request to each contact (the requests of the
latency rule), the business days to the answer; a request still unanswered on the as-of day is
*censored* there (it is known to have waited that long, not how much longer). The Kaplan-Meier
estimator turns these spells into the share answered by each business day, with a 95%
interval.

The estimator is written here (vectorised numpy) rather than taken from lifelines: lifelines
0.30 requires pandas < 3 (this project needs pandas 3) and its import takes about 4 s, longer
than the whole weekly report. It computes exactly what lifelines' ``KaplanMeierFitter`` does:
the product-limit estimate on the timeline of 0 and every observed duration, Greenwood's
variance and the exponential-Greenwood ("log-log") interval; tests/test_timing.py checks it
against numbers lifelines printed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.analyses.businessdays import business_days, holidays_for_dates
from netwk_analysis.analyses.metrics import Z95, first_requests

__all__ = [
    "MIN_GROUP_REQUESTS",
    "kaplan_meier",
    "reply_curves",
    "reply_spells",
    "reply_timing",
    "share_answered_by",
]

#: A channel or source gets its own curve from this many requests on.
MIN_GROUP_REQUESTS = 5

CURVE_COLUMNS = [
    "business_days",
    "at_risk",
    "answered",
    "censored",
    "share_answered",
    "low",
    "high",
]


def kaplan_meier(durations, answered, *, z: float = Z95) -> pd.DataFrame:
    """The Kaplan-Meier estimate of the share answered by each business day, with its interval.

    docs/metrics.md, "Reply timing": at each day t with ``at_risk`` requests still waiting at
    its start (duration >= t) and ``answered`` of them answered on it, the share still waiting
    is S(t) = Π (1 − d/n) over the days up to t; the share answered is 1 − S(t). Greenwood's
    variance sum V(t) = Σ d / (n (n − d)) gives the log-log interval
    S = exp(−exp(log(−log S) ± z √V / log S)), as lifelines computes it. A request censored on
    day t still counts as waiting on day t.

    Parameters
    ----------
    durations : array-like of int
        Business days from the request to its answer, or to the as-of day when unanswered.
    answered : array-like of bool
        Whether the request was answered (False: censored).
    z : float
        Normal quantile of the interval (95%: 1.96).

    Returns
    -------
    DataFrame
        One row per day of the timeline (0 and every duration observed): ``business_days``,
        ``at_risk``, ``answered``, ``censored`` (int), ``share_answered``, ``low``, ``high``
        (float; the interval of the share answered). Empty when there is no request.

    Examples
    --------
    >>> curve = kaplan_meier([1, 2, 2, 3], [True, True, False, True])
    >>> curve["share_answered"].round(3).tolist()
    [0.0, 0.25, 0.5, 1.0]
    """
    t = np.asarray(durations, dtype="int64")
    event = np.asarray(answered, dtype=bool)
    if t.size == 0:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in CURVE_COLUMNS})
    timeline = np.unique(np.concatenate([[0], t]))
    at = np.searchsorted(timeline, t)
    deaths = np.bincount(at, weights=event, minlength=timeline.size)
    leaving = np.bincount(at, minlength=timeline.size)
    at_risk = t.size - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        waiting = np.cumprod(1.0 - deaths / at_risk)
        terms = deaths / (at_risk * (at_risk - deaths))
        variance = np.cumsum(np.where(np.isinf(terms), 0.0, terms))
        log_s = np.log(waiting)
        spread = z * np.sqrt(variance) / log_s
        s_low = np.exp(-np.exp(np.log(-log_s) - spread))
        s_high = np.exp(-np.exp(np.log(-log_s) + spread))
    s_low = np.where(np.isnan(s_low), 1.0, s_low)
    s_high = np.where(np.isnan(s_high), 1.0, s_high)
    return pd.DataFrame(
        {
            "business_days": timeline,
            "at_risk": at_risk.astype("int64"),
            "answered": deaths.astype("int64"),
            "censored": (leaving - deaths).astype("int64"),
            "share_answered": 1.0 - waiting,
            "low": 1.0 - s_high,
            "high": 1.0 - s_low,
        }
    )


def share_answered_by(curve: pd.DataFrame, days: int) -> float:
    """The estimated share answered within ``days`` business days (the step curve at that
    day); NaN without data.

    Examples
    --------
    >>> share_answered_by(kaplan_meier([1, 2, 2, 3], [True, True, False, True]), 2)
    0.5
    """
    if curve.empty:
        return float("nan")
    position = np.searchsorted(curve["business_days"].to_numpy(), days, side="right") - 1
    return float(curve["share_answered"].iat[position])


def _median(curve: pd.DataFrame) -> float:
    """The first day by which at least half are answered (lifelines' median: S(t) <= 0.5);
    NaN while fewer than half are."""
    reached = curve.loc[curve["share_answered"] >= 0.5 - 1e-12, "business_days"]
    return float(reached.iat[0]) if len(reached) else float("nan")


def _waited(network, first: pd.DataFrame, as_of: pd.Timestamp) -> np.ndarray:
    """Business days from each first request to its answer, or to ``as_of`` while unanswered."""
    end = first["answered_on"].fillna(as_of)
    holidays = holidays_for_dates(network.settings.holidays, first["date"], end)
    return business_days(first["date"], end, holidays=holidays)


def reply_spells(network, *, as_of) -> pd.DataFrame:
    """One waiting spell per contact asked: the first request, answered or censored.

    docs/metrics.md, "Reply timing": "business days to the answer, with still-unanswered
    requests censored at the as-of day".

    Returns
    -------
    DataFrame
        ``contact``, ``requested_on``, ``channel`` (``not recorded`` when empty), ``source``
        (of the contact), ``business_days`` (int), ``answered`` (bool); by request day.
    """
    as_of = pd.Timestamp(as_of)
    first = first_requests(network, as_of=as_of)
    days = _waited(network, first, as_of)
    contacts = network.contacts
    if "source" in contacts and len(contacts):
        source = contacts["source"].iloc[first["who"].to_numpy()].to_numpy()
    else:
        source = np.full(len(first), "not recorded", dtype=object)
    return pd.DataFrame(
        {
            "contact": first["contact"].astype("string"),
            "requested_on": first["date"].astype("datetime64[ns]"),
            "channel": first["channel"].astype("string").fillna("not recorded"),
            "source": pd.Series(source, dtype="string").fillna("not recorded"),
            "business_days": days.astype("int64"),
            "answered": first["answered"].to_numpy(dtype=bool),
        }
    )


def reply_curves(
    network, *, as_of, by: str | None = None, min_requests: int = MIN_GROUP_REQUESTS
) -> pd.DataFrame:
    """Kaplan-Meier curves of the share answered by business day, overall or per group.

    Parameters
    ----------
    network : Network
    as_of : date-like
    by : ``"channel"``, ``"source"`` or None (one curve, group ``all``).
    min_requests : a group gets a curve from this many requests on (docs/metrics.md: 5).

    Returns
    -------
    DataFrame
        ``group``, ``requests`` (of the group) and the columns of ``kaplan_meier``; groups
        with most requests first, then by name.
    """
    if by is None:  # one curve: only the durations are needed
        as_of = pd.Timestamp(as_of)
        first = first_requests(network, as_of=as_of)
        if len(first):
            curve = kaplan_meier(_waited(network, first, as_of), first["answered"])
            group = pd.array(np.full(len(curve), "all", dtype=object), dtype="string")
            curve = curve.assign(group=group)
            return curve.assign(requests=len(first))[["group", "requests", *CURVE_COLUMNS]]
    spells = reply_spells(network, as_of=as_of)
    groups = (
        spells.assign(group="all")
        if by is None
        else spells.assign(group=spells[by].astype(object))
    )
    sizes = groups["group"].value_counts()
    kept = sizes[sizes >= (1 if by is None else min_requests)]
    names = sorted(kept.index, key=lambda g: (-kept[g], g))  # a handful of groups
    parts = [
        kaplan_meier(part["business_days"], part["answered"]).assign(
            group=name, requests=int(kept[name])
        )
        for name in names
        for part in [groups[groups["group"] == name]]
    ]
    if not parts:
        empty = kaplan_meier([], [])
        return empty.assign(group=pd.Series(dtype="string"), requests=0)[
            ["group", "requests", *CURVE_COLUMNS]
        ]
    curves = pd.concat(parts, ignore_index=True)
    curves["group"] = curves["group"].astype("string")
    return curves[["group", "requests", *CURVE_COLUMNS]]


def reply_timing(network, *, as_of, curve: pd.DataFrame | None = None) -> dict:
    """The reply-timing numbers of ``netwk stats``: median business days to an answer and the
    share answered by the ``move_on_business_days`` and ``follow_up_business_days`` days.

    Returns
    -------
    dict
        ``median_business_days`` (None while fewer than half are answered),
        ``answered_by_move_on``, ``answered_by_follow_up`` (shares 0-1, None without a
        request), ``requests`` (first requests), ``answered`` (of them).
    """
    if curve is None:
        curve = reply_curves(network, as_of=as_of)
    settings = network.settings
    requests = int(curve["at_risk"].iat[0]) if len(curve) else 0

    def number(value: float) -> float | None:
        return None if np.isnan(value) else round(float(value), 4)

    median = _median(curve) if len(curve) else float("nan")
    return {
        "median_business_days": None if np.isnan(median) else int(median),
        "answered_by_move_on": number(share_answered_by(curve, settings.move_on_business_days)),
        "answered_by_follow_up": number(
            share_answered_by(curve, settings.follow_up_business_days)
        ),
        "requests": requests,
        "answered": int(curve["answered"].sum()) if len(curve) else 0,
    }
