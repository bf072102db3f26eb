"""Metrics on a small hand-built workbook; expected numbers worked out from the rules of
docs/metrics.md.

As of Fri 20 Mar 2026 (weeks start Monday):
- week of 23 Feb: Ann asked Mon 23 Feb, replied Wed 25 Feb (2 business days: booster);
  Hank asked Tue 24 Feb, replied Tue 3 Mar (5 business days: obligate). Ann interviewed
  Fri 27 Feb; names she gave: Kim (27 Feb, counts), Lee (13 Mar, day 14, counts), Moe (14 Mar,
  day 15, does not), Nia (25 Mar, after the as-of day).
- week of 2 Mar: nothing sent (Hank's reply only) -> zeros, rate null.
- week of 9 Mar: Ben asked Mon 9 Mar, Cal Tue 10 Mar, never answered: 9 and 8 business days
  old -> counted, curmudgeons. Dee followed up Wed 11 Mar.
- week of 16 Mar: Eve asked Mon 16 Mar, replied Wed 18 Mar (young but answered: counted);
  Fay asked Wed 18 Mar (2 days old: pending; her reply on 23 Mar does not exist yet); Gil asked
  Fri 20 Mar (pending); Ann asked again Mon 16 Mar (4 days, unanswered: pending).
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from netwk_analysis.analyses import metrics, review
from netwk_analysis.presentation.tables import records

AS_OF = pd.Timestamp("2026-03-20")


def network(load, metrics_rows, **settings):
    return load(**metrics_rows, settings=settings)


def test_weekly_outreach_continuous_weeks_zeros_and_null_rate(load, metrics_rows, tmp_path):
    weeks = metrics.weekly_outreach(network(load, metrics_rows), as_of=AS_OF)
    assert list(weeks.columns) == [
        "week",
        "requests",
        "follow_ups",
        "answered",
        "pending",
        "response_rate",
        "response_rate_low",
        "response_rate_high",
    ]
    assert weeks["week"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-02-23",
        "2026-03-02",
        "2026-03-09",
        "2026-03-16",
    ]
    assert weeks[["requests", "follow_ups", "answered", "pending"]].values.tolist() == [
        [2, 0, 2, 0],
        [0, 0, 0, 0],
        [2, 1, 0, 0],
        [4, 0, 1, 3],
    ]
    rates = weeks["response_rate"].tolist()
    assert rates[0] == 1.0 and math.isnan(rates[1]) and rates[2] == 0.0 and rates[3] == 1.0


def test_weekly_outreach_sunday_weeks(load, metrics_rows, tmp_path):
    weeks = metrics.weekly_outreach(network(load, metrics_rows, week_start="Sunday"), as_of=AS_OF)
    assert weeks["week"].dt.strftime("%a %Y-%m-%d").tolist() == [
        "Sun 2026-02-22",
        "Sun 2026-03-01",
        "Sun 2026-03-08",
        "Sun 2026-03-15",
    ]
    assert weeks["requests"].tolist() == [2, 0, 2, 4]


def test_request_outcomes_classes(load, metrics_rows, tmp_path):
    outcomes = metrics.request_outcomes(network(load, metrics_rows), as_of=AS_OF)
    shown = [list(row.values()) for row in records(outcomes)]
    assert shown == [
        ["Ann", "2026-02-23", "2026-02-25", 2, "booster"],
        ["Hank", "2026-02-24", "2026-03-03", 5, "obligate"],
        ["Ben", "2026-03-09", None, None, "curmudgeon"],
        ["Cal", "2026-03-10", None, None, "curmudgeon"],
        ["Eve", "2026-03-16", "2026-03-18", 2, "booster"],
        ["Fay", "2026-03-18", None, None, None],
        ["Gil", "2026-03-20", None, None, None],
    ]


def test_referral_yield_window_is_interview_day_to_14_days_after(load, metrics_rows, tmp_path):
    yields = metrics.referral_yield(network(load, metrics_rows), as_of=AS_OF)
    assert yields.assign(date=yields["date"].dt.strftime("%m-%d")).values.tolist() == [
        ["Ann", "02-27", 2],
        ["Hank", "03-19", 0],
    ]
    later = metrics.referral_yield(network(load, metrics_rows), as_of=pd.Timestamp("2026-03-12"))
    assert later["referral_yield"].tolist() == [1]


def test_response_by_channel(load, metrics_rows, tmp_path):
    table = metrics.response_by_channel(network(load, metrics_rows), as_of=AS_OF)
    assert table[["channel", "requests", "answered", "pending"]].values.tolist() == [
        ["email", 5, 2, 1],
        ["linkedin", 2, 1, 1],
        ["not recorded", 1, 0, 1],
    ]
    assert table["response_rate"].tolist()[:2] == [0.5, 1.0]
    assert math.isnan(table["response_rate"].iloc[2])


def test_thank_you_timeliness_and_interview_lengths(load, tmp_path):
    people = [{"name": "Ann"}, {"name": "Ben"}, {"name": "Cy"}, {"name": "Dot"}]
    acts = [
        ("2026-03-02", "Ann", "interview", "video", 30),
        ("2026-03-03", "Ann", "thank_you"),
        ("2026-03-02", "Ben", "interview", "video", 40),
        ("2026-03-06", "Ben", "thank_you"),
        ("2026-03-02", "Cy", "interview"),
        ("2026-03-19", "Dot", "interview", "phone", 20),
    ]
    net = load(contacts=people, interactions=acts)
    timely = metrics.thank_you_timeliness(net, as_of=AS_OF)
    assert timely["status"].tolist() == ["on_time", "late", "missing", "pending"]
    assert timely["days_taken"].tolist() == [1, 4, pd.NA, pd.NA]
    lengths = metrics.interview_lengths(net, as_of=AS_OF)
    assert lengths["within_target"].tolist() == [True, False, pd.NA, True]


def test_funnel_people_per_stage(load, metrics_rows, tmp_path):
    funnel = metrics.funnel(network(load, metrics_rows), as_of=AS_OF)
    # named: 11 known by 20 Mar (Nia added 25 Mar); asked: Ann Hank Ben Cal Eve Fay Gil = 7;
    # answered: Ann Hank Eve = 3 (Fay's reply is later); interviewed: Ann Hank; lead: Hank.
    assert funnel.values.tolist() == [
        ["named", 11],
        ["asked", 7],
        ["answered", 3],
        ["interviewed", 2],
        ["lead", 1],
    ]


def test_employer_coverage(load, metrics_rows, tmp_path):
    table = metrics.employer_coverage(network(load, metrics_rows), as_of=AS_OF)
    assert table.values.tolist() == [
        ["Acme", 3, 2, 2, 1, 2, 1, True],
        ["Bolt", 2, 2, 0, 0, 0, 0, False],
        ["Cove", 2, 2, 1, 1, 0, 0, True],
    ]


def test_headline_this_and_last_week(load, metrics_rows, tmp_path):
    numbers = review.headline(network(load, metrics_rows), as_of=AS_OF)
    assert numbers["week"] == "2026-03-16"
    this = numbers["this_week"]
    assert (this["requests"], this["follow_ups"], this["answered"], this["pending"]) == (
        4,
        0,
        1,
        3,
    )
    assert this["response_rate"] == 1.0
    assert (this["answers_received"], this["interviews"], this["leads"]) == (2, 1, 1)
    last = numbers["last_week"]
    assert (last["requests"], last["follow_ups"], last["names_received"]) == (2, 1, 2)


def test_nothing_dated_yet(load, metrics_rows, tmp_path):
    net = network(load, metrics_rows)
    early = dt.date(2026, 2, 1)
    weeks = metrics.weekly_outreach(net, as_of=early)
    assert weeks["week"].tolist() == [pd.Timestamp("2026-01-26")]
    assert weeks[["requests", "follow_ups", "answered", "pending"]].values.tolist() == [[0] * 4]
    assert weeks["response_rate"].isna().all()
    assert metrics.request_outcomes(net, as_of=early).empty
    assert metrics.referral_yield(net, as_of=early).empty


@pytest.mark.parametrize("as_of", ["2026-11-27", "2026-09-02"])
def test_headline_from_precomputed_frames_is_the_same(sample_network, as_of):
    """The report passes the weekly and overdue frames it has already computed."""
    from netwk_analysis.analyses.followups import due_items, overdue_by_week

    net = sample_network
    alone = review.headline(net, as_of=as_of)
    weekly = metrics.weekly_outreach(net, as_of=as_of)
    overdue = overdue_by_week(net, end=as_of)
    assert review.headline(net, as_of=as_of, weekly=weekly, overdue=overdue) == alone
    assert alone["this_week"]["overdue"] == len(due_items(net, as_of=as_of))
