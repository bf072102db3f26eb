"""The shared frame toolkit of the analyses: what is known as of a day, contact positions,
company keys, "first on or after" look-ups and weeks.

docs/metrics.md, "What counts": everything is computed from what is dated on or before the
as-of day; a later row does not exist yet. "The start of the search": with a ``since`` day, what
is dated before it is left out as well. Every analysis selects its rows through the ``known_*``
functions and ``in_search`` here, so both rules are applied in this one place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.core.model import name_positions

__all__ = [
    "NS",
    "all_weeks",
    "coded_interactions",
    "company_key",
    "contact_ids",
    "contact_names",
    "day_text",
    "first_on_or_after",
    "in_search",
    "known_contacts",
    "known_interactions",
    "known_leads",
    "known_mask",
    "week_of",
    "week_starts",
]

NS = "datetime64[ns]"


def known_interactions(network, *, as_of) -> pd.DataFrame:
    """The interactions dated on or before ``as_of`` (later rows "do not exist yet")."""
    return network.interactions[known_mask(network, as_of)]


def known_mask(network, as_of) -> np.ndarray:
    """Mask of the interactions dated on or before ``as_of`` and not before ``since``."""
    dates = network.interactions["date"]
    return ((dates <= pd.Timestamp(as_of)).to_numpy()) & in_search(network, dates)


def in_search(network, dates: pd.Series) -> np.ndarray:
    """Mask of the ``dates`` not before the start of the search (the ``since`` setting or
    ``--since``; all true without it). A missing date is kept (undated leads count).

    Examples
    --------
    >>> from netwk_analysis.core.model import Network, Settings
    >>> import datetime as dt
    >>> network = Network(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(),
    ...                   settings=Settings(since=dt.date(2026, 3, 2)))
    >>> in_search(network, pd.Series(pd.to_datetime(["2026-03-01", "2026-03-02", None]))).tolist()
    [False, True, True]
    """
    since = network.since
    if since is None:
        return np.ones(len(dates), dtype=bool)
    return (dates.isna() | (dates >= since)).to_numpy(dtype=bool)


def contact_ids(network, names: pd.Series) -> np.ndarray:
    """Positions in ``network.contacts`` of canonical contact names (-1 for an unknown name).

    Analyses work on these integers: grouping and sorting 400,000 names as text is slow.

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> people = pd.DataFrame({"name": ["Ann", "Ben"]})
    >>> contact_ids(Network(people, pd.DataFrame(), pd.DataFrame()),
    ...             pd.Series(["Ben", "Ben", "Ann"])).tolist()
    [1, 1, 0]
    """
    return name_positions(network.contacts["name"], names)


def contact_names(network, ids) -> pd.Series:
    """The names of contact positions (the inverse of ``contact_ids``), as string dtype."""
    names = network.contacts["name"].to_numpy(dtype=object)[np.asarray(ids, dtype="int64")]
    return pd.Series(names, dtype="string")


def coded_interactions(network, *, as_of) -> pd.DataFrame:
    """Interactions dated on or before ``as_of`` as ``who`` (contact position), ``date``,
    ``type`` and ``channel``: what the analyses group and merge on."""
    known = known_mask(network, as_of)
    acts = network.interactions[known]
    return pd.DataFrame(
        {
            "who": network.interaction_positions[known],
            "date": acts["date"].to_numpy(dtype=NS),
            "type": acts["type"].array,
            "channel": acts["channel"].array if "channel" in acts else None,
        }
    )


def known_leads(network, *, as_of) -> pd.DataFrame:
    """Leads dated on or before ``as_of`` and not before ``since``; an undated lead counts."""
    leads = network.leads
    dated = leads["date"].isna() | (leads["date"] <= pd.Timestamp(as_of))
    return leads[dated.to_numpy() & in_search(network, leads["date"])]


def known_contacts(network, *, as_of) -> pd.DataFrame:
    """Contacts added on or before ``as_of`` and not before ``since`` (or with no ``added_on``
    at all): the names received, as referral yield and the week's numbers count them."""
    contacts = network.contacts
    added = contacts["added_on"]
    known = (added.isna() | (added <= pd.Timestamp(as_of))).to_numpy()
    return contacts[known & in_search(network, added)]


def company_key(company: pd.Series) -> pd.Series:
    """Company names in matching form: trimmed and case-folded (missing stays missing); each
    distinct spelling is folded once.

    Examples
    --------
    >>> company_key(pd.Series([" Acme ", "ACME", None], dtype="string")).tolist()
    ['acme', 'acme', <NA>]
    """
    codes, uniques = pd.factorize(company, use_na_sentinel=True)  # a few hundred companies
    keys = pd.Series(uniques, dtype="string").str.strip().str.casefold()
    keys = keys.where(keys != "")
    taken = pd.api.extensions.take(keys.array, codes, allow_fill=True)
    return pd.Series(taken, index=company.index, dtype="string")


def first_on_or_after(
    events: pd.DataFrame, later: pd.DataFrame, *, by: str = "contact"
) -> pd.Series:
    """For each event (``by``, ``date``), the first ``later`` date of the same contact on or
    after it (NaT if none), aligned with ``events``' index.

    Examples
    --------
    >>> asks = pd.DataFrame({"contact": ["A", "A", "B"],
    ...                      "date": pd.to_datetime(["2026-03-02", "2026-03-10", "2026-03-02"])})
    >>> replies = pd.DataFrame({"contact": ["A", "B"],
    ...                         "date": pd.to_datetime(["2026-03-04", "2026-03-01"])})
    >>> first_on_or_after(asks, replies).dt.strftime("%m-%d").tolist()
    ['03-04', nan, nan]
    """
    if events.empty or later.empty:
        return pd.Series(pd.NaT, index=events.index, dtype=NS)
    if pd.api.types.is_integer_dtype(events[by]) and pd.api.types.is_integer_dtype(later[by]):
        codes = np.concatenate([events[by].to_numpy(), later[by].to_numpy()])
    else:
        codes, _ = pd.factorize(pd.concat([events[by], later[by]], ignore_index=True))
    left = pd.DataFrame(
        {
            "key": codes[: len(events)],
            "date": events["date"].to_numpy(dtype=NS),
            "at": np.arange(len(events)),
        }
    ).sort_values("date", kind="stable")
    right = pd.DataFrame(
        {"key": codes[len(events) :], "found": later["date"].to_numpy(dtype=NS)}
    ).sort_values("found", kind="stable")
    merged = pd.merge_asof(
        left, right, left_on="date", right_on="found", by="key", direction="forward"
    )
    found = np.empty(len(events), dtype=NS)
    found[merged["at"].to_numpy()] = merged["found"].to_numpy(dtype=NS)
    return pd.Series(found, index=events.index)


def week_starts(dates: pd.Series, settings) -> pd.Series:
    """The first day of each date's week (``week_start`` setting), as datetime64.

    Examples
    --------
    >>> from netwk_analysis.core.model import Settings
    >>> days = pd.Series(pd.to_datetime(["2026-03-07", "2026-03-08"]))  # Sat, Sun
    >>> week_starts(days, Settings()).dt.strftime("%a %d").tolist()
    ['Mon 02', 'Mon 02']
    >>> week_starts(days, Settings(week_start="Sunday")).dt.strftime("%a %d").tolist()
    ['Sun 01', 'Sun 08']
    """
    return dates.dt.to_period(settings.week_anchor).dt.start_time.astype(NS)


def week_of(day, settings) -> pd.Period:
    """The week (a pandas Period per ``week_start``) containing ``day``."""
    return pd.Timestamp(day).to_period(settings.week_anchor)


def all_weeks(first, as_of: pd.Timestamp, settings) -> pd.DatetimeIndex:
    """First days of every week from the week of ``first`` to the week of ``as_of``."""
    periods = pd.period_range(
        week_of(first, settings), week_of(as_of, settings), freq=settings.week_anchor
    )
    return pd.DatetimeIndex(periods.start_time.astype(NS), name="week")


def day_text(dates: pd.Series, *, as_of=None) -> pd.Series:
    """Dates as a person writes them, the one date style of every sentence and terminal table.

    docs/metrics.md, "Dates and rates on the screen": ``Mon 2 Mar`` in the year of the review day
    ``as_of``, ``Wed 31 Dec 2025`` in another year or when there is no review day; a missing
    date is an empty text.

    Examples
    --------
    >>> days = pd.Series(pd.to_datetime(["2026-03-02", "2025-12-31", None]))
    >>> day_text(days, as_of=pd.Timestamp("2026-03-20")).tolist()
    ['Mon 2 Mar', 'Wed 31 Dec 2025', '']
    >>> day_text(days.iloc[:1]).tolist()
    ['Mon 2 Mar 2026']
    """
    dates = pd.to_datetime(dates)
    codes, unique = pd.factorize(dates)  # a few hundred distinct days: format each once
    unique = pd.Series(unique, dtype=NS)
    text = unique.dt.strftime("%a ") + unique.dt.day.astype("string") + unique.dt.strftime(" %b")
    other_year = unique.dt.year != (as_of.year if as_of is not None else -1)
    text = text.where(~other_year, text + unique.dt.strftime(" %Y"))
    shown = np.append(text.to_numpy(dtype=object), "")  # code -1 (missing) reads the last one
    return pd.Series(shown[codes], index=dates.index, dtype="string")
