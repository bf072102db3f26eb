"""Business-day arithmetic for the 3B7 routine, vectorised with numpy.

docs/metrics.md: **Business days** from a to b are "the weekdays d with a < d <= b (minus
``holidays``)". Weekdays are Monday to Friday whatever ``week_start`` says (``week_start`` only
names weeks in reports). Holidays come from the maintained ``holidays`` library for the
``holidays`` setting: a country code (``US``) or a country and subdivision (``GB-ENG``), with the
library's default (public holiday) categories, including observed days such as Friday
3 July 2026 for the US Independence Day. Without the setting no day is a holiday.

Choices (the rules are silent):

* ``add_business_days(a, n)`` is the first day d with ``business_days(a, d) == n``: so a request
  sent on a Saturday counts from the Friday before it (Saturday + 3 = Wednesday, the same as
  Friday + 3), and ``n == 0`` means the day ``a`` itself.
* A day b before a gives a negative count (never needed by the analyses).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

__all__ = ["add_business_days", "business_days", "holiday_days", "holidays_for_dates"]

DAY = "datetime64[D]"
NO_HOLIDAYS = np.array([], dtype=DAY)


def _days(dates) -> np.ndarray:
    """Any date-like (scalar, list, Series, array) as a numpy ``datetime64[D]`` array."""
    if isinstance(dates, pd.Series | pd.Index):
        values = dates.to_numpy(dtype="datetime64[ns]")
    else:
        values = np.asarray(pd.to_datetime(np.atleast_1d(dates)), dtype="datetime64[ns]")
    return values.astype(DAY)


@lru_cache(maxsize=64)
def holiday_days(code: str | None, years: tuple[int, ...]) -> np.ndarray:
    """The holidays of a ``holidays`` setting in the given years, as sorted ``datetime64[D]``.

    Parameters
    ----------
    code : str or None
        ``"US"``, ``"DE"``, or country-subdivision such as ``"GB-ENG"``; ``None`` means none.
    years : tuple of int
        The calendar years to cover.

    Examples
    --------
    >>> holiday_days("US", (2026,))[[5, 10]]
    array(['2026-07-03', '2026-11-26'], dtype='datetime64[D]')
    >>> holiday_days(None, (2026,)).size
    0
    """
    if not code or not years:
        return NO_HOLIDAYS
    import holidays

    country, _, subdiv = code.upper().partition("-")
    calendar = holidays.country_holidays(country, subdiv=subdiv or None, years=list(years))
    days = np.array(sorted(calendar.keys()), dtype=DAY)
    days.setflags(write=False)
    return days


def holidays_for_dates(code: str | None, *dates) -> np.ndarray:
    """The holidays of ``code`` in every year spanned by ``dates``, plus the following year
    (a due date can fall after New Year).

    Examples
    --------
    >>> holidays_for_dates("US", pd.Series(pd.to_datetime(["2026-12-30"]))).astype(str)[:2]
    array(['2026-01-01', '2026-01-19'], dtype='<U28')
    """
    if not code:
        return NO_HOLIDAYS
    years = [
        y
        for values in dates
        for y in pd.DatetimeIndex(_days(values)).dropna().year.unique().tolist()
    ]
    if not years:
        return NO_HOLIDAYS
    return holiday_days(code, tuple(range(min(years), max(years) + 2)))


def business_days(start, end, *, holidays: np.ndarray = NO_HOLIDAYS) -> np.ndarray:
    """Business days from ``start`` to ``end``: the weekdays d with start < d <= end, minus
    ``holidays`` (docs/metrics.md "Business days"). Element-wise; NaT in either gives -1.

    ``numpy.busday_count`` counts [a, b), so this is ``busday_count(a + 1, b + 1)``.

    Examples
    --------
    >>> business_days("2026-03-06", ["2026-03-09", "2026-03-11"])  # Friday -> Mon, Wed
    array([1, 3])
    >>> business_days("2026-07-02", "2026-07-07", holidays=holiday_days("US", (2026,)))
    array([2])
    """
    a, b = np.broadcast_arrays(_days(start), _days(end))
    missing = np.isnat(a) | np.isnat(b)
    one = np.timedelta64(1, "D")
    counts = np.busday_count(
        np.where(missing, np.datetime64("2000-01-01"), a) + one,
        np.where(missing, np.datetime64("2000-01-01"), b) + one,
        holidays=holidays,
    )
    return np.where(missing, -1, counts)


def add_business_days(dates, n: int, *, holidays: np.ndarray = NO_HOLIDAYS) -> np.ndarray:
    """The day d on which ``business_days(date, d) == n`` first holds, for each date.

    A date on a weekend or holiday counts from the business day before it, so Friday + 3 and
    Saturday + 3 are both the next Wednesday; ``n == 0`` gives the date itself; NaT stays NaT.

    Examples
    --------
    >>> add_business_days(["2026-03-06", "2026-03-07"], 3)  # Friday, Saturday
    array(['2026-03-11', '2026-03-11'], dtype='datetime64[D]')
    >>> add_business_days(["2026-07-01"], 3, holidays=holiday_days("US", (2026,)))
    array(['2026-07-07'], dtype='datetime64[D]')
    """
    days = _days(dates)
    if n == 0:
        return days
    return np.busday_offset(days, n, roll="backward", holidays=holidays)
