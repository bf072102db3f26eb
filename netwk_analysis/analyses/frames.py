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

from netwk_analysis.analyses.shared import shared
from netwk_analysis.core.model import name_positions

__all__ = [
    "NS",
    "all_weeks",
    "coded_interactions",
    "company_key",
    "contact_ids",
    "contact_names",
    "day_text",
    "day_texts",
    "first_at_or_after",
    "first_on_or_after",
    "in_search",
    "joined_text",
    "known_contacts",
    "known_interactions",
    "known_leads",
    "known_mask",
    "names_by_group",
    "week_of",
    "type_mask",
    "week_start_days",
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


@shared
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


def type_mask(acts: pd.DataFrame, types) -> np.ndarray:
    """Mask of the interactions of the given types (on the category codes when ``type`` is
    categorical, as loading makes it).

    Examples
    --------
    >>> type_mask(pd.DataFrame({"type": ["reply", "request", None]}), ["request"]).tolist()
    [False, True, False]
    """
    column = acts["type"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.array.codes
        wanted = set(types)
        chosen = np.array([c in wanted for c in column.array.categories], dtype=bool)
        return np.append(chosen, False)[codes]  # code -1 (missing) reads the last one
    return column.isin(list(types)).to_numpy(dtype=bool)


@shared
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
    dates = events["date"].to_numpy(dtype=NS)
    found = later["date"].to_numpy(dtype=NS)
    if np.isnat(dates).any() or np.isnat(found).any():
        raise ValueError("first_on_or_after needs a date on every row of both frames")
    return pd.Series(
        first_at_or_after(codes[: len(events)], dates, codes[len(events) :], found),
        index=events.index,
    )


def first_at_or_after(
    keys: np.ndarray, dates: np.ndarray, later_keys: np.ndarray, later_dates: np.ndarray
) -> np.ndarray:
    """``first_on_or_after`` on arrays: for each (key, date), the first of ``later_dates``
    with the same key on or after it (NaT if none). Keys are integers; no date is NaT.

    Vectorised: the days of both sides are ranked together, so (key, rank) is one sortable
    integer and the look-up is one ``searchsorted``.

    Examples
    --------
    >>> days = np.array(["2026-03-02", "2026-03-10", "2026-03-02"], dtype="datetime64[ns]")
    >>> later = np.array(["2026-03-04", "2026-03-01"], dtype="datetime64[ns]")
    >>> found = first_at_or_after(np.array([0, 0, 1]), days, np.array([0, 1]), later)
    >>> [str(day)[:10] for day in found]
    ['2026-03-04', 'NaT', 'NaT']
    """
    dates = np.asarray(dates, dtype=NS)
    later_dates = np.asarray(later_dates, dtype=NS)
    result = np.full(len(dates), np.datetime64("NaT", "ns"))
    if not len(dates) or not len(later_dates):
        return result
    keys = np.asarray(keys, dtype="int64")
    later_keys = np.asarray(later_keys, dtype="int64")
    low = min(keys.min(), later_keys.min())
    unique, ranks = np.unique(np.concatenate([dates, later_dates]), return_inverse=True)
    span = len(unique)
    wanted = (keys - low) * span + ranks[: len(dates)]
    offered = (later_keys - low) * span + ranks[len(dates) :]
    order = np.argsort(offered, kind="stable")
    offered = offered[order]
    at = np.searchsorted(offered, wanted, side="left")
    inside = at < len(offered)
    at = np.minimum(at, len(offered) - 1)
    same = inside & ((offered[at] // span) == (wanted // span))
    result[same] = later_dates[order[at[same]]]
    return result


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
    days = week_start_days(dates.to_numpy(dtype="datetime64[D]"), settings)
    return pd.Series(days.astype(NS), index=dates.index, name=dates.name)


_DAY_NAMES = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]


def week_start_days(days: np.ndarray, settings) -> np.ndarray:
    """The first day of each day's week (``week_start`` setting), on ``datetime64[D]`` arrays
    (NaT stays NaT): the integer form of ``week_starts``.

    Examples
    --------
    >>> from netwk_analysis.core.model import Settings
    >>> days = np.array(["2026-03-07", "2026-03-08", "NaT"], dtype="datetime64[D]")
    >>> week_start_days(days, Settings(week_start="Sunday")).tolist()
    [datetime.date(2026, 3, 1), datetime.date(2026, 3, 8), None]
    """
    days = np.asarray(days, dtype="datetime64[D]")
    start = _DAY_NAMES.index(settings.week_start[:3].upper())
    weekday = (days.view("int64") + 3) % 7  # 1970-01-01 was a Thursday
    return days - ((weekday - start) % 7).astype("timedelta64[D]")


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
    if not isinstance(dates, pd.Series) or dates.dtype.kind != "M":
        dates = pd.Series(pd.to_datetime(dates))
    days = dates.to_numpy(dtype="datetime64[D]")
    unique, codes = np.unique(days, return_inverse=True)  # a few hundred distinct days
    return pd.Series(day_texts(unique, as_of)[codes], index=dates.index, dtype="string")


_WEEKDAYS = np.array(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], dtype=object)
_MONTHS = np.array(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    dtype=object,
)
_NUMBERS = np.array([str(number) for number in range(32)], dtype=object)


def day_texts(days: np.ndarray, as_of) -> np.ndarray:
    """``day_text`` of distinct ``datetime64[D]`` days, as an object array ('' for NaT);
    English day and month names, as ``strftime`` writes them in the C locale."""
    missing = np.isnat(days)
    days = np.where(missing, np.datetime64("2000-01-01"), days)
    months = days.astype("datetime64[M]")
    years = days.astype("datetime64[Y]")
    weekday = (days.view("int64") + 3) % 7  # 1970-01-01 was a Thursday
    text = (
        _WEEKDAYS[weekday]
        + " "
        + _NUMBERS[(days - months).astype("int64") + 1]
        + " "
        + _MONTHS[(months - years).astype("int64")]
    )
    year = years.astype("int64") + 1970
    other = year != (as_of.year if as_of is not None else -1)
    text[other] = text[other] + " " + year[other].astype(str).astype(object)
    text[missing] = ""
    return text


def names_by_group(
    group: np.ndarray, key: np.ndarray, names: np.ndarray, size: int, *, limit: int
) -> np.ndarray:
    """``"Dana Ruiz, Eli Stone"`` per group (``size`` of them): up to ``limit`` of the people
    given by ``group`` (the group of each), ``key`` (int, smaller first) and ``names``, by
    key, then by name; ``None`` where a group has nobody. An object array.

    Vectorised: sort by (group, key), keep what ties with the ``limit``-th key of its group,
    and only that handful is sorted by name; the names are joined rank by rank (a few ranks).

    Examples
    --------
    >>> names_by_group(np.array([1, 1, 1, 0]), np.array([5, 2, 2, 9]),
    ...                np.array(["Eve", "Cy", "Bo", "Al"], dtype=object), 3, limit=2).tolist()
    ['Al', 'Bo, Cy', None]
    """
    result = np.full(size, None, dtype=object)
    if group.size == 0:
        return result
    order = np.lexsort((key, group))
    group, key, names = group[order], key[order], names[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    ends = np.r_[starts[1:], group.size]
    members = np.repeat(np.arange(starts.size), ends - starts)
    keep = key <= key[np.minimum(starts + limit - 1, ends - 1)][members]
    group, key, names = group[keep], key[keep], names[keep]
    _, by_name = np.unique(names, return_inverse=True)
    order = np.lexsort((by_name, key, group))
    group, names = group[order], names[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    place = np.arange(group.size) - np.repeat(starts, np.diff(np.r_[starts, group.size]))
    for rank in range(limit):  # a few ranks, not rows
        at = place == rank
        if rank == 0:
            result[group[at]] = names[at]
        else:
            result[group[at]] = result[group[at]] + ", " + names[at]
    return result


def joined_text(*parts) -> np.ndarray:
    """Texts and object arrays (``None`` or NA for missing) joined element-wise, as an object
    array; missing wherever any array part is missing, as pandas' string ``+`` has it.

    Examples
    --------
    >>> joined_text("ask ", np.array(["Ann", None], dtype=object), " now").tolist()
    ['ask Ann now', None]
    """
    size = max(len(part) for part in parts if not isinstance(part, str))
    text = np.full(size, "", dtype=object)
    missing = np.zeros(size, dtype=bool)
    for part in parts:  # the pieces of one sentence
        if not isinstance(part, str):
            part = np.asarray(part, dtype=object)
            absent = pd.isna(part)
            missing |= absent
            part = np.where(absent, "", part)
        text = text + part
    text[missing] = None
    return text
