"""Reply timing (docs/metrics.md, "Reply timing") and Wilson intervals ("Honest small numbers"),
checked against answers worked by hand and published values.

The hand-worked example: eight first requests, as-of Fri 13 Mar 2026 (business days count the
weekdays after the request day up to and including the end day):

=====  =========  =================  ========  ========
who    asked      answer             days      answered
=====  =========  =================  ========  ========
Ann    Mon 2 Mar  reply Tue 3 Mar    1         yes
Ben    Mon 2 Mar  reply Wed 4 Mar    2         yes
Cy     Mon 2 Mar  interview Wed 4    2         yes
Dee    Wed 11 Mar none (13 Mar)      2         censored
Eli    Tue 10 Mar none               3         censored
Fay    Mon 2 Mar  reply Fri 6 Mar    4         yes
Gus    Mon 9 Mar  none               4         censored
Hal    Mon 2 Mar  reply Tue 10 Mar   6         yes
=====  =========  =================  ========  ========

Kaplan-Meier by hand (n at risk, d answered on the day; S = share still waiting):
day 0: n 8, d 0, S 1. day 1: n 8, d 1, S 7/8 = 0.875. day 2: n 7, d 2 (Dee censored),
S 0.875 x 5/7 = 0.625. day 3: n 4, d 0 (Eli censored), S 0.625. day 4: n 3, d 1 (Gus
censored), S 0.625 x 2/3 = 0.41667. day 6: n 1, d 1, S 0.
Share answered = 1 - S: 0, 0.125, 0.375, 0.375, 0.583, 1. Median: the first day with S <= 0.5,
day 4. By the move-on day (3): 0.375; by the follow-up day (7): 1.
Greenwood sums: day 1: 1/(8x7) = 0.017857; day 2: + 2/(7x5) = 0.075; day 4: + 1/(3x2) =
0.241667. Day 1 interval of S: log S = -0.133531, z sqrt(V) / log S = 1.959964 x 0.133631 /
-0.133531 = -1.961443; low S = exp(-exp(log 0.133531 + 1.961443)) = 0.387, high S =
exp(-exp(-2.013369 - 1.961443)) = 0.981; so the share answered by day 1 is 0.019 to 0.613.
lifelines 0.30.3 (KaplanMeierFitter, printed in a separate environment since it needs
pandas < 3) gives S 0.875 [0.387000, 0.981393], 0.625 [0.229333, 0.860698], 0.416667
[0.071967, 0.747326], median 4.0.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from netwk_analysis.analyses.metrics import weekly_outreach, wilson_interval
from netwk_analysis.analyses.timing import (
    kaplan_meier,
    reply_curves,
    reply_spells,
    reply_timing,
    share_answered_by,
)
from netwk_analysis.cli import main
from netwk_analysis.reading.load import load_network

AS_OF = dt.date(2026, 3, 13)
PEOPLE = [  # name, source, channel of the request, asked, answer type, answered
    ("Ann", "cold", "email", "2026-03-02", "reply", "2026-03-03"),
    ("Ben", "cold", "email", "2026-03-02", "reply", "2026-03-04"),
    ("Cy", "cold", "email", "2026-03-02", "interview", "2026-03-04"),
    ("Dee", "cold", "email", "2026-03-11", None, None),
    ("Eli", "cold", "email", "2026-03-10", None, None),
    ("Fay", "known", "linkedin", "2026-03-02", "reply", "2026-03-06"),
    ("Gus", "known", "linkedin", "2026-03-09", None, None),
    ("Hal", "known", "linkedin", "2026-03-02", "reply", "2026-03-10"),
]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def timing_book(write_workbook, path: Path) -> Path:
    interactions = []
    for name, _, channel, asked, kind, answered in PEOPLE:
        interactions.append([day(asked), name, "request", channel])
        if kind:
            interactions.append([day(answered), name, kind, channel])
    interactions.append([day("2026-03-09"), "Ann", "request", "phone"])  # a second request
    return write_workbook(
        path,
        contacts=[[name, source] for name, source, *_ in PEOPLE],
        interactions=interactions,
        headers={
            "Contacts": ["Name", "Source"],
            "Interactions": ["Date", "Contact", "Type", "Channel"],
        },
    )


@pytest.fixture(scope="module")
def network(write_workbook, tmp_path_factory):
    return load_network(
        timing_book(write_workbook, tmp_path_factory.mktemp("timing") / "timing.xlsx")
    )


def test_spells_first_request_answered_or_censored(network):
    spells = reply_spells(network, as_of=AS_OF).sort_values("contact")
    assert spells["business_days"].tolist() == [1, 2, 2, 2, 3, 4, 4, 6]
    assert spells["answered"].tolist() == [True, True, True, False, False, True, False, True]
    assert spells["channel"].tolist()[:2] == ["email", "email"]


def test_kaplan_meier_worked_by_hand():
    curve = kaplan_meier([1, 2, 2, 2, 3, 4, 4, 6], [1, 1, 1, 0, 0, 1, 0, 1])
    assert curve["business_days"].tolist() == [0, 1, 2, 3, 4, 6]
    assert curve["at_risk"].tolist() == [8, 8, 7, 4, 3, 1]
    assert curve["answered"].tolist() == [0, 1, 2, 0, 1, 1]
    assert curve["censored"].tolist() == [0, 0, 1, 1, 1, 0]
    assert np.round(curve["share_answered"], 3).tolist() == [0, 0.125, 0.375, 0.375, 0.583, 1]
    assert np.round(curve["low"], 3).tolist() == [0, 0.019, 0.139, 0.139, 0.253, 1]
    assert np.round(curve["high"], 3).tolist() == [0, 0.613, 0.771, 0.771, 0.928, 1]


def test_kaplan_meier_matches_lifelines_on_forty_requests():
    # numpy default_rng(7): integers(0, 15, 40) and random(40) < 0.6; lifelines 0.30.3 printed
    # the survival function and its 95% interval below.
    t = [14, 9, 10, 13, 8, 11, 12, 3, 0, 4, 4, 13, 13, 0, 7, 12, 1, 11, 1, 7]
    t += [12, 4, 5, 4, 10, 3, 14, 6, 7, 7, 8, 8, 7, 14, 12, 11, 10, 9, 5, 14]
    e = [1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1]
    e += [1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1]
    lifelines = {  # day: (S, lower, upper)
        0: (0.975000, 0.835485, 0.996440),
        1: (0.949342, 0.812233, 0.987089),
        4: (0.893498, 0.740094, 0.958742),
        7: (0.740327, 0.558500, 0.856252),
        11: (0.449484, 0.264359, 0.618396),
        13: (0.163449, 0.052519, 0.328449),
        14: (0.000000, 0.000000, 0.000000),
    }
    curve = kaplan_meier(t, e).set_index("business_days")
    assert curve.index.tolist() == [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    for when, (s, lower, upper) in lifelines.items():
        row = curve.loc[when]
        assert 1 - row["share_answered"] == pytest.approx(s, abs=1e-6)
        assert 1 - row["high"] == pytest.approx(lower, abs=1e-6)
        assert 1 - row["low"] == pytest.approx(upper, abs=1e-6)


def test_summary_worked_by_hand(network):
    assert reply_timing(network, as_of=AS_OF) == {
        "median_business_days": 4,
        "answered_by_move_on": 0.375,
        "answered_by_follow_up": 1.0,
        "requests": 8,
        "answered": 5,
    }


def test_median_is_null_while_fewer_than_half_answered(network):
    # On Wed 4 Mar: Ann (1 day), Ben and Cy (2) answered; Fay and Hal censored at 2; Dee, Eli
    # and Gus not asked yet. S = 4/5 x 2/4 = 0.4 at day 2: the median is 2. On Tue 3 Mar:
    # Ann answered, the other four censored at 1: S = 4/5, no median.
    assert reply_timing(network, as_of=dt.date(2026, 3, 4))["median_business_days"] == 2
    summary = reply_timing(network, as_of=dt.date(2026, 3, 3))
    assert summary["median_business_days"] is None
    assert summary["requests"] == 5 and summary["answered"] == 1
    assert summary["answered_by_move_on"] == 0.2


def test_curves_by_channel_and_source_need_five_requests(network):
    by_channel = reply_curves(network, as_of=AS_OF, by="channel")
    assert set(by_channel["group"]) == {"email"}  # linkedin has 3 requests
    email = by_channel.set_index("business_days")
    # email: 1, 2, 2 answered; 2 and 3 censored -> S 0.8 at day 1, 0.4 at day 2
    assert np.round(email["share_answered"], 3).tolist() == [0, 0.2, 0.6, 0.6]
    assert set(email["requests"]) == {5}
    by_source = reply_curves(network, as_of=AS_OF, by="source")
    assert set(by_source["group"]) == {"cold"}
    assert share_answered_by(kaplan_meier([1, 2, 2, 2, 3], [1, 1, 1, 0, 0]), 3) == 0.6


def test_empty_network_has_no_curve(write_workbook, tmp_path):
    write_workbook(tmp_path / "empty.xlsx", contacts=[["Ann"]], headers={"Contacts": ["Name"]})
    network = load_network(tmp_path / "empty.xlsx")
    assert reply_curves(network, as_of=AS_OF).empty
    assert reply_timing(network, as_of=AS_OF) == {
        "median_business_days": None,
        "answered_by_move_on": None,
        "answered_by_follow_up": None,
        "requests": 0,
        "answered": 0,
    }


# --- Wilson ------------------------------------------------------------------------------


def test_wilson_worked_by_hand():
    # z = 1.959964, z^2 = 3.841459. 0/10: centre = 0.192073 / 1.384146, half =
    # 1.959964 / 1.384146 x sqrt(3.841459 / 400) = 0.138767 -> (0, 0.2775). 5/10: centre 0.5,
    # half = 1.416009 x sqrt(0.025 + 0.0096036) = 0.2634 -> (0.2366, 0.7634). 10/10 mirrors
    # 0/10 -> (0.7225, 1). 1/1: centre = 2.920730 / 4.841459 = 0.603275, half = 0.404829 x
    # sqrt(3.841459 / 4) = 0.396725 -> (0.2065, 1).
    low, high = wilson_interval([0, 5, 10, 1], [10, 10, 10, 1])
    assert np.round(low, 4).tolist() == [0.0, 0.2366, 0.7225, 0.2065]
    assert np.round(high, 4).tolist() == [0.2775, 0.7634, 1.0, 1.0]


def test_wilson_against_newcombe_1998():
    # Newcombe RG (1998), Two-sided confidence intervals for the single proportion: comparison
    # of seven methods. Statistics in Medicine 17, 857-872; Table II, method 3 (score, no
    # continuity correction).
    low, high = wilson_interval([81, 15, 0, 1], [263, 148, 20, 29])
    assert np.round(low, 4).tolist() == [0.2553, 0.0624, 0.0, 0.0061]
    assert np.round(high, 4).tolist() == [0.3662, 0.1605, 0.1611, 0.1718]


def test_wilson_of_nothing_counted_is_missing():
    low, high = wilson_interval([0], [0])
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_weekly_rates_carry_the_interval(network):
    weeks = weekly_outreach(network, as_of=AS_OF)
    # week of 2 Mar: 6 requests (Ann, Ben, Cy, Fay, Hal; all answered) -> 5 of 5 counted:
    # Wilson (0.5655, 1). Week of 9 Mar: Gus (4 days), Eli, Dee, Ann again (answered? no
    # inbound on or after 9 Mar for Ann) -> none counted yet: no rate, no interval.
    first, second = weeks.iloc[0], weeks.iloc[1]
    assert (first["answered"], first["requests"]) == (5, 5)
    assert round(first["response_rate_low"], 4) == 0.5655 and first["response_rate_high"] == 1.0
    assert np.isnan(second["response_rate_low"]) and np.isnan(second["response_rate_high"])


def test_stats_json_gains_reply_timing_and_keeps_the_rest(write_workbook, tmp_path, capsys):
    path = timing_book(write_workbook, tmp_path / "t.xlsx")
    assert main(["stats", str(path), "--as-of", "2026-03-13", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["as_of", "weeks", "contacts", "interviews", "reply_timing"]
    assert list(document["weeks"][0]) == [
        "week",
        "requests",
        "follow_ups",
        "answered",
        "pending",
        "response_rate",
    ]
    assert document["reply_timing"] == {
        "median_business_days": 4,
        "answered_by_move_on": 0.375,
        "answered_by_follow_up": 1.0,
        "requests": 8,
        "answered": 5,
    }
