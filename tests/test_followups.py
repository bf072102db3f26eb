"""Due / overdue items at the edges of the rules of docs/metrics.md, on small hand-built workbooks.

Calendar used throughout: Mon 2 Mar 2026, Fri 6 Mar, Sat 7 Mar, Wed 11 Mar, Tue 17 Mar.
Defaults: thank_you_days 1, move_on_business_days 3, follow_up_business_days 7, tickler_days 30,
referral_contact_days 7.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from netwk_analysis.analyses.followups import KINDS, due_items, item_table, overdue_by_week
from netwk_analysis.reading.load import load_network


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def rows(due: pd.DataFrame) -> list[tuple]:
    """Due items as (contact, kind, due_on ISO, days_overdue)."""
    return [
        (c, k, d.date().isoformat(), n)
        for c, k, d, n in due[["contact", "kind", "due_on", "days_overdue"]].itertuples(
            index=False, name=None
        )
    ]


ACME = [
    {"name": "Ben Carter", "company": "Acme", "added_on": "2026-03-01"},
    {"name": "Dana Ruiz", "company": " acme ", "added_on": "2026-03-01"},
    {"name": "Eli Stone", "company": "ACME", "added_on": "2026-03-02"},
    {"name": "Fay Lowe", "company": "Acme", "added_on": "2026-03-01", "status": "Closed"},
    {"name": "Hal Park", "company": "Acme", "added_on": "2026-03-01", "status": "paused"},
]


def test_request_on_friday_due_on_as_of_listed_with_zero_days_day_before_not(load, tmp_path):
    network = load(contacts=ACME, interactions=[("2026-03-06", "Ben Carter", "request")])
    assert due_items(network, as_of=day("2026-03-10")).empty
    due = due_items(network, as_of=day("2026-03-11"))
    assert rows(due) == [("Ben Carter", "move_on", "2026-03-11", 0)]
    assert due.loc[0, "action"] == (
        "No answer from Ben Carter since Fri 6 Mar: "
        "ask someone else at Acme (Dana Ruiz, Eli Stone)"
    )
    assert rows(due_items(network, as_of=day("2026-03-17"))) == [
        ("Ben Carter", "move_on", "2026-03-11", 6),
        ("Ben Carter", "follow_up", "2026-03-17", 0),
    ]
    assert list(due.columns) == ["contact", "kind", "due_on", "days_overdue", "action"]
    assert str(due["due_on"].dtype) == "datetime64[ns]" and due["days_overdue"].dtype == "int64"


def test_request_on_saturday_counts_from_friday(load, tmp_path):
    network = load(contacts=ACME, interactions=[("2026-03-07", "Ben Carter", "request")])
    assert rows(due_items(network, as_of=day("2026-03-17"))) == [
        ("Ben Carter", "move_on", "2026-03-11", 6),
        ("Ben Carter", "follow_up", "2026-03-17", 0),
    ]
    assert due_items(network, as_of=day("2026-03-16")).kind.tolist() == ["move_on"]


def test_us_thanksgiving_inside_the_window_pushes_due_days(load, tmp_path):
    people = [{"name": "Ben Carter", "company": "Acme", "added_on": "2026-11-20"}]
    acts = [("2026-11-25", "Ben Carter", "request")]
    network = load(contacts=people, interactions=acts, settings={"holidays": "US"})
    assert due_items(network, as_of=day("2026-11-30")).empty
    assert rows(due_items(network, as_of=day("2026-12-07"))) == [
        ("Ben Carter", "move_on", "2026-12-01", 6),
        ("Ben Carter", "follow_up", "2026-12-07", 0),
    ]
    without = load(contacts=people, interactions=acts)
    assert rows(due_items(without, as_of=day("2026-11-30"))) == [
        ("Ben Carter", "move_on", "2026-11-30", 0)
    ]


def test_closed_and_paused_contacts_get_no_items(load, tmp_path):
    acts = [("2026-03-02", "Fay Lowe", "request"), ("2026-03-02", "Hal Park", "interview")]
    network = load(contacts=ACME, interactions=acts)
    assert due_items(network, as_of=day("2026-06-30")).empty


def test_move_on_cleared_by_request_to_colleague_and_suggests_who_is_left(load, tmp_path):
    acts = [("2026-03-02", "Ben Carter", "request"), ("2026-03-04", "Dana Ruiz", "request")]
    network = load(contacts=ACME, interactions=acts)
    assert due_items(network, as_of=day("2026-03-05")).empty
    due = due_items(network, as_of=day("2026-03-11"))
    assert rows(due) == [
        ("Dana Ruiz", "move_on", "2026-03-09", 2),
        ("Ben Carter", "follow_up", "2026-03-11", 0),
    ]
    assert due.loc[0, "action"] == (
        "No answer from Dana Ruiz since Wed 4 Mar: ask someone else at acme (Eli Stone)"
    )
    assert due.loc[1, "action"] == (
        "Follow up with Ben Carter: no answer to your request of Mon 2 Mar"
    )


def test_move_on_when_nobody_is_left_or_company_unknown(load, tmp_path):
    people = [{"name": "Ben Carter", "company": "Acme"}, {"name": "Ann Lee"}]
    acts = [("2026-03-02", "Ben Carter", "request"), ("2026-03-02", "Ann Lee", "request")]
    due = due_items(load(contacts=people, interactions=acts), as_of=day("2026-03-05"))
    assert dict(zip(due["contact"], due["action"], strict=True)) == {
        "Ann Lee": "No answer from Ann Lee since Mon 2 Mar: ask someone else in the meantime",
        "Ben Carter": "No answer from Ben Carter since Mon 2 Mar: find another contact at Acme",
    }


def test_answer_clears_request_items_even_when_young(load, tmp_path):
    acts = [
        ("2026-03-02", "Ben Carter", "request"),
        ("2026-03-04", "Ben Carter", "reply"),
        ("2026-03-02", "Dana Ruiz", "request"),
        ("2026-03-13", "Dana Ruiz", "decline"),
    ]
    network = load(contacts=ACME[:2], interactions=acts)
    assert due_items(network, as_of=day("2026-03-20")).empty


def test_follow_up_before_seventh_business_day_clears_follow_up_not_move_on(load, tmp_path):
    acts = [("2026-03-02", "Ben Carter", "request"), ("2026-03-09", "Ben Carter", "follow_up")]
    network = load(contacts=ACME[:1], interactions=acts)
    assert rows(due_items(network, as_of=day("2026-03-20"))) == [
        ("Ben Carter", "move_on", "2026-03-05", 15)
    ]


def test_contact_asked_twice_only_latest_request_has_items(load, tmp_path):
    acts = [("2026-03-02", "Ben Carter", "request"), ("2026-03-16", "Ben Carter", "request")]
    network = load(contacts=ACME[:1], interactions=acts)
    assert rows(due_items(network, as_of=day("2026-03-13"))) == [
        ("Ben Carter", "move_on", "2026-03-05", 8),
        ("Ben Carter", "follow_up", "2026-03-11", 2),
    ]
    due = due_items(network, as_of=day("2026-03-20"))
    assert rows(due) == [("Ben Carter", "move_on", "2026-03-19", 1)]
    assert "since Mon 16 Mar" in due.loc[0, "action"]
    answered = load(contacts=ACME[:1], interactions=[*acts, ("2026-03-17", "Ben Carter", "reply")])
    assert due_items(answered, as_of=day("2026-03-20")).empty


def test_thank_you_due_next_day_cleared_same_day_or_late(load, tmp_path):
    people = [{"name": "Ben Carter"}, {"name": "Ann Lee"}, {"name": "Cy Ode"}]
    acts = [
        ("2026-03-16", "Ben Carter", "interview"),
        ("2026-03-16", "Ann Lee", "interview"),
        ("2026-03-16", "Ann Lee", "thank_you"),
        ("2026-03-15", "Cy Ode", "thank_you"),  # before the interview: does not clear it
        ("2026-03-16", "Cy Ode", "interview"),
        ("2026-03-19", "Ben Carter", "thank_you"),  # late
    ]
    network = load(contacts=people, interactions=acts)
    due = due_items(network, as_of=day("2026-03-17"))
    assert rows(due) == [
        ("Ben Carter", "thank_you", "2026-03-17", 0),
        ("Cy Ode", "thank_you", "2026-03-17", 0),
    ]
    assert due.loc[0, "action"] == (
        "Send Ben Carter a thank-you note for the interview on Mon 16 Mar"
    )
    assert rows(due_items(network, as_of=day("2026-03-18")))[0] == (
        "Ben Carter",
        "thank_you",
        "2026-03-17",
        1,
    )
    assert rows(due_items(network, as_of=day("2026-03-19"))) == [
        ("Cy Ode", "thank_you", "2026-03-17", 2)
    ]


def test_check_in_30_days_after_latest_outbound_touch(load, tmp_path):
    people = [{"name": "Ben Carter"}, {"name": "Ann Lee"}]
    acts = [
        ("2026-03-02", "Ben Carter", "interview"),
        ("2026-03-03", "Ben Carter", "thank_you"),
        ("2026-03-20", "Ben Carter", "reply"),  # inbound: does not reset the tickler
        ("2026-03-02", "Ann Lee", "request"),
        ("2026-03-03", "Ann Lee", "reply"),  # answered, never interviewed: no check_in
    ]
    network = load(contacts=people, interactions=acts)
    assert due_items(network, as_of=day("2026-04-01")).empty
    due = due_items(network, as_of=day("2026-04-02"))
    assert rows(due) == [("Ben Carter", "check_in", "2026-04-02", 0)]
    assert due.loc[0, "action"] == (
        "Check in with Ben Carter (last in touch on Tue 3 Mar) so they remember you"
    )
    touched = load(contacts=people, interactions=[*acts, ("2026-03-30", "Ben Carter", "check_in")])
    assert rows(due_items(touched, as_of=day("2026-04-29"))) == [
        ("Ben Carter", "check_in", "2026-04-29", 0)
    ]


def test_first_contact_for_a_referred_name_never_requested(load, tmp_path):
    people = [
        {"name": "Alice Moreno", "added_on": "2026-03-01"},
        {"name": "Dana Ruiz", "referred_by": "Alice Moreno", "added_on": "2026-03-03"},
        {
            "name": "Eli Stone",
            "referred_by": "alice moreno",
            "added_on": "2026-03-03",
            "may_use_name": "yes",
        },
        {"name": "Gus Hale", "referred_by": "Alice Moreno", "added_on": "2026-03-03"},
    ]
    acts = [("2026-03-09", "Gus Hale", "request")]
    network = load(contacts=people, interactions=acts)
    assert due_items(network, as_of=day("2026-03-09")).empty
    due = due_items(network, as_of=day("2026-03-10"))
    assert rows(due) == [
        ("Dana Ruiz", "first_contact", "2026-03-10", 0),
        ("Eli Stone", "first_contact", "2026-03-10", 0),
    ]
    assert due["action"].tolist() == [
        "Contact Dana Ruiz, the name Alice Moreno gave you on Tue 3 Mar",
        "Contact Eli Stone (you may mention Alice Moreno), the name they gave you on Tue 3 Mar",
    ]


def test_shortcut_columns_beside_interactions_rows(load, tmp_path):
    people = [
        {"name": "Ivy Chen", "contacted_on": "2026-03-02", "interviewed_on": "2026-03-10"},
        {"name": "Jo Wu", "contacted_on": "2026-03-02"},
        {"name": "Kit Ng", "interviewed_on": "2026-03-10", "thank_you_on": "2026-03-10"},
    ]
    acts = [("2026-03-09", "Ivy Chen", "follow_up")]
    network = load(contacts=people, interactions=acts)
    assert rows(due_items(network, as_of=day("2026-03-12"))) == [
        ("Jo Wu", "move_on", "2026-03-05", 7),
        ("Ivy Chen", "thank_you", "2026-03-11", 1),
        ("Jo Wu", "follow_up", "2026-03-11", 1),
    ]


def test_rows_dated_after_as_of_do_not_exist_yet(load, tmp_path):
    acts = [("2026-03-02", "Ben Carter", "request"), ("2026-03-09", "Ben Carter", "reply")]
    network = load(contacts=ACME[:1], interactions=acts)
    assert rows(due_items(network, as_of=day("2026-03-06"))) == [
        ("Ben Carter", "move_on", "2026-03-05", 1)
    ]
    assert due_items(network, as_of=day("2026-03-09")).empty


def _mixed(load):
    people = [*ACME, {"name": "Ann Lee", "referred_by": "Ben Carter", "added_on": "2026-03-05"}]
    acts = [
        ("2026-03-02", "Ben Carter", "request"),
        ("2026-03-04", "Dana Ruiz", "request"),
        ("2026-03-10", "Dana Ruiz", "reply"),
        ("2026-03-12", "Eli Stone", "interview"),
        ("2026-03-16", "Ben Carter", "request"),
        ("2026-03-18", "Eli Stone", "thank_you"),
    ]
    return load(contacts=people, interactions=acts)


def test_overdue_by_week_rows_equal_due_items_on_each_week_end(load, tmp_path):
    network = _mixed(load)
    end = pd.Timestamp("2026-04-22")  # a Wednesday
    weeks = overdue_by_week(network, end=end)
    assert list(weeks.columns) == ["week", *KINDS, "total"]
    assert weeks["week"].iloc[0] == pd.Timestamp("2026-03-02")
    assert weeks["week"].iloc[-1] == pd.Timestamp("2026-04-20")
    assert (weeks["week"].diff().dropna() == pd.Timedelta(days=7)).all()
    for week, row in weeks.set_index("week").iterrows():
        as_of = min(week + pd.Timedelta(days=6), end)
        counts = due_items(network, as_of=as_of)["kind"].value_counts()
        assert row[list(KINDS)].tolist() == [int(counts.get(k, 0)) for k in KINDS], week
        assert row["total"] == counts.sum()
    # hand-worked: week of 2 Mar (as of Sun 8 Mar): Ben move_on (5 Mar, cleared 4 Mar? no:
    # Dana's request on 4 Mar clears it) -> 0; Ann first_contact due 12 Mar -> 0.
    assert weeks.iloc[0][list(KINDS)].tolist() == [0, 0, 0, 0, 0]
    # week of 9 Mar (as of Sun 15 Mar): Ben follow_up (11 Mar), Ann first_contact (12 Mar),
    # Eli thank_you (13 Mar).
    assert weeks.iloc[1][list(KINDS)].tolist() == [1, 0, 1, 0, 1]


def test_overdue_by_week_sunday_weeks(load, tmp_path):
    network = _mixed(load)
    sunday = load(
        contacts=[
            *ACME,
            {"name": "Ann Lee", "referred_by": "Ben Carter", "added_on": "2026-03-05"},
        ],
        interactions=[("2026-03-02", "Ben Carter", "request")],
        settings={"week_start": "Sunday"},
    )
    assert overdue_by_week(sunday, end=pd.Timestamp("2026-03-20"))["week"].dt.strftime(
        "%a %d"
    ).tolist() == ["Sun 01", "Sun 08", "Sun 15"]
    assert overdue_by_week(
        network, start=pd.Timestamp("2026-03-18"), end=pd.Timestamp("2026-03-20")
    )["week"].tolist() == [pd.Timestamp("2026-03-16")]


def test_overdue_by_week_matches_due_items_on_demo(tmp_path):
    from netwk_analysis.writing.demo import write_demo

    network = load_network(write_demo(tmp_path / "demo.xlsx", contacts=80, seed=4))
    end = network.as_of()
    weeks = overdue_by_week(network, end=end)
    due = due_items(network, as_of=end)
    counts = due["kind"].value_counts()
    assert weeks.iloc[-1][list(KINDS)].tolist() == [int(counts.get(k, 0)) for k in KINDS]
    middle = weeks.iloc[len(weeks) // 2]
    mid_due = due_items(network, as_of=middle["week"] + pd.Timedelta(days=6))
    assert middle["total"] == len(mid_due)


def test_item_table_records_clearing_days(load, tmp_path):
    table = item_table(_mixed(load), as_of=pd.Timestamp("2026-03-20"))
    ben = table[(table["contact"] == "Ben Carter") & (table["kind"] == "follow_up")]
    assert ben["cleared_on"].dt.strftime("%Y-%m-%d").fillna("open").tolist() == [
        "2026-03-16",
        "open",
    ]


@pytest.mark.parametrize("as_of", ["2026-03-01", "2026-02-01"])
def test_nothing_before_anything_happened(load, tmp_path, as_of):
    network = _mixed(load)
    assert due_items(network, as_of=day(as_of)).empty
    assert overdue_by_week(network, end=pd.Timestamp(as_of))["total"].tolist() == [0]
