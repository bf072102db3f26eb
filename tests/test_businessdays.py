"""Business days (docs/metrics.md: "the weekdays d with a < d <= b (minus holidays)")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.analyses.businessdays import (
    add_business_days,
    business_days,
    holiday_days,
    holidays_for_dates,
)

US_2026 = holiday_days("US", (2026,))


def iso(days) -> list[str]:
    return np.datetime_as_string(np.asarray(days, dtype="datetime64[D]")).tolist()


def test_count_excludes_start_includes_end():
    # Fri 6 Mar 2026 -> Fri, Sat, Sun, Mon, Wed
    ends = ["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-11"]
    assert business_days("2026-03-06", ends).tolist() == [0, 0, 0, 1, 3]
    assert business_days("2026-03-07", "2026-03-09").tolist() == [1]  # Saturday start


def test_add_from_friday_saturday_sunday_monday():
    starts = ["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"]
    assert iso(add_business_days(starts, 3)) == [
        "2026-03-11",
        "2026-03-11",
        "2026-03-11",
        "2026-03-12",
    ]
    assert iso(add_business_days(starts, 7)) == ["2026-03-17"] * 3 + ["2026-03-18"]
    assert iso(add_business_days(starts, 0)) == starts


def test_add_is_first_day_with_that_count():
    starts = pd.Series(pd.date_range("2026-01-01", "2026-12-31"))
    for n in (1, 3, 7):
        due = add_business_days(starts, n, holidays=US_2026)
        assert (business_days(starts, due, holidays=US_2026) == n).all()
        before = due - np.timedelta64(1, "D")
        assert (business_days(starts, before, holidays=US_2026) < n).all()


def test_us_holidays_inside_window_push_one_day():
    assert iso(add_business_days(["2026-07-01"], 3)) == ["2026-07-06"]
    assert iso(add_business_days(["2026-07-01"], 3, holidays=US_2026)) == ["2026-07-07"]
    assert iso(add_business_days(["2026-11-25"], 3, holidays=US_2026)) == ["2026-12-01"]
    assert business_days("2026-11-25", "2026-11-30", holidays=US_2026).tolist() == [2]


def test_subdivision_and_years_spanned():
    england = holiday_days("GB-ENG", (2026,))
    scotland = holiday_days("GB-SCT", (2026,))
    assert np.datetime64("2026-08-31") in england and np.datetime64("2026-08-31") not in scotland
    spanned = holidays_for_dates("US", pd.Series(pd.to_datetime(["2026-12-30"])))
    assert np.datetime64("2027-01-01") in spanned
    assert holidays_for_dates(None, pd.Series(pd.to_datetime(["2026-12-30"]))).size == 0


def test_missing_dates():
    assert business_days(["2026-03-06", None], "2026-03-11").tolist() == [3, -1]
    assert np.isnat(add_business_days(pd.Series(pd.to_datetime(["2026-03-06", None])), 3)[1])
