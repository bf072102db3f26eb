"""The shared frame toolkit of the analyses: what is known as of a day, contact positions,
company keys, "first on or after" look-ups and weeks.

docs/metrics.md, "What counts": everything is computed from what is dated on or before the
as-of day; a later row does not exist yet.
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
    "first_on_or_after",
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
    """Mask of the interactions dated on or before ``as_of``."""
    return (network.interactions["date"] <= pd.Timestamp(as_of)).to_numpy()


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
    """Leads dated on or before ``as_of``; an undated lead counts."""
    leads = network.leads
    return leads[leads["date"].isna() | (leads["date"] <= pd.Timestamp(as_of))]


def known_contacts(network, *, as_of) -> pd.DataFrame:
    """Contacts added on or before ``as_of`` (or with no ``added_on`` at all)."""
    contacts = network.contacts
    return contacts[contacts["added_on"].isna() | (contacts["added_on"] <= pd.Timestamp(as_of))]


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
