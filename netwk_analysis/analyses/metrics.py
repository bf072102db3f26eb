"""Weekly numbers of the review: outreach, answers, response rate, latency, yield, coverage.

Every function takes a ``Network`` and a keyword-only ``as_of`` and uses only what is dated on
or before it (docs/metrics.md: "Everything is computed from what is dated on or before the as-of
date: a
later row does not exist yet"). Weeks are named by their first day, per the ``week_start``
setting. The definitions are docs/metrics.md, quoted on each function.

Choices where the rules are silent:

* Each request row counts (asking one person twice is two requests, each answered by the
  first inbound interaction on or after its own day); rows repeated on one contact and day were
  already merged by loading.
* A request's age is in business days (``analyses.businessdays``), like the 3B7 rule.
* ``funnel``: a person counts at every stage up to the furthest one reached (an interview
  recorded without a request still counts as asked and answered).
* ``employer_coverage``: companies match after trimming and case-folding, shown with their most
  frequent spelling; contacts without a company are left out; leads are counted by the lead's
  company, else its contact's company.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.analyses.businessdays import business_days, holidays_for_dates
from netwk_analysis.analyses.frames import (
    NS,
    coded_interactions,
    company_key,
    contact_ids,
    first_at_or_after,
    first_on_or_after,
    known_contacts,
    known_interactions,
    known_leads,
    known_mask,
    type_mask,
    week_start_days,
)
from netwk_analysis.analyses.shared import shared
from netwk_analysis.core import schema
from netwk_analysis.core.facts import STAGES

__all__ = [
    "employer_coverage",
    "first_requests",
    "funnel",
    "interview_lengths",
    "interviews_held",
    "lead_companies",
    "people_at_companies",
    "referral_yield",
    "request_outcomes",
    "response_by_channel",
    "thank_you_timeliness",
    "weekly_outreach",
    "wilson_interval",
]

YIELD_WINDOW_DAYS = 14
#: The Wilson interval columns next to every ``response_rate``.
RATE_INTERVAL = ["response_rate_low", "response_rate_high"]


@shared
def _requests(network, *, as_of) -> pd.DataFrame:
    """Every request dated on or before ``as_of`` with its answer day and whether it counts.

    Columns: ``contact``, ``date``, ``channel``, ``answered_on`` (NaT while unanswered),
    ``age`` (business days to ``as_of``), ``answered``, ``counted`` (answered, or at least
    ``follow_up_business_days`` old), ``pending`` (not counted), ``who`` (the contact's
    position in ``network.contacts``; a code per name when the contacts have no names).
    """
    as_of = pd.Timestamp(as_of)
    known = known_mask(network, as_of)
    acts = network.interactions
    asked = np.flatnonzero(type_mask(acts, ["request"]) & known)
    heard = np.flatnonzero(type_mask(acts, schema.INBOUND_TYPES) & known)
    chosen = acts[["contact", "date", "channel"]]
    if "name" in network.contacts:  # contact positions, matched once per network
        codes = network.interaction_positions
        who, heard_from = codes[asked], codes[heard]
    else:  # a bare frame (doctests): number the names
        names = acts["contact"].to_numpy(dtype=object)
        codes, _ = pd.factorize(np.concatenate([names[asked], names[heard]]))
        who, heard_from = codes[: len(asked)], codes[len(asked) :]
    dates = acts["date"].to_numpy(dtype=NS)
    answered_on = first_at_or_after(who, dates[asked], heard_from, dates[heard])
    holidays = holidays_for_dates(network.settings.holidays, dates[asked], [as_of])
    age = business_days(dates[asked], as_of, holidays=holidays)
    answered = ~np.isnat(answered_on)
    counted = answered | (age >= network.settings.follow_up_business_days)
    return pd.DataFrame(
        {
            **{column: chosen[column].array.take(asked) for column in chosen.columns},
            "who": who,
            "answered_on": answered_on,
            "age": age,
            "answered": answered,
            "counted": counted,
            "pending": ~counted,
        }
    )


def _rate(answered: pd.Series, counted: pd.Series) -> pd.Series:
    """answered ÷ counted, NaN where nothing counted."""
    return (answered / counted.where(counted > 0)).astype("float64")


#: The normal quantile of a two-sided 95% interval, to the precision the tables print.
Z95 = 1.959963984540054


def wilson_interval(successes, trials, *, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of a proportion (95% by default), element-wise.

    docs/metrics.md, "Honest small numbers": with x of n, p = x / n,
    centre = (p + z²/2n) / (1 + z²/n) and half-width = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²).
    Unlike p ± z·√(p(1 − p)/n) it stays inside [0, 1] and is not empty at 0 of n or n of n.
    NaN where ``trials`` is 0.

    Examples
    --------
    >>> low, high = wilson_interval([0, 5, 1], [10, 10, 0])
    >>> low[:2].round(4).tolist(), high[:2].round(4).tolist(), bool(np.isnan(low[2]))
    ([0.0, 0.2366], [0.2775, 0.7634], True)
    """
    x = np.asarray(successes, dtype="float64")
    n = np.asarray(trials, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        z2n = z * z / n
        centre = (p + z2n / 2) / (1 + z2n)
        half = z / (1 + z2n) * np.sqrt(p * (1 - p) / n + z2n / (4 * n))
    # at 0 of n and n of n the bounds are exactly 0 and 1 (rounding would leave 0.9999...)
    low = np.where(x <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(x >= n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)


def _with_interval(table: pd.DataFrame) -> pd.DataFrame:
    """``response_rate_low``/``response_rate_high``: the Wilson interval of answered of
    counted (NaN where nothing counted)."""
    low, high = wilson_interval(table["answered"], table["counted"])
    return table.assign(response_rate_low=low, response_rate_high=high)


# --- outreach and answers -------------------------------------------------------------------


def weekly_outreach(network, *, as_of) -> pd.DataFrame:
    """Outreach and answers per week, every week from the first with any interaction to the
    as-of week (empty weeks as zeros; with no interaction yet, the as-of week alone).

    docs/metrics.md: "**Outreach volume** of a week: outbound ``request`` + ``follow_up``
    interactions
    dated in that week, split by type." "**Response rate** of a request week: answered ÷
    counted requests, where a request counts once it is answered or at least
    ``follow_up_business_days`` old as of the as-of date; younger unanswered requests are
    *pending* and shown apart (never as "no answer")."

    Returns
    -------
    DataFrame
        ``week`` (first day), ``requests``, ``follow_ups`` (sent that week), ``answered`` and
        ``pending`` (of the requests sent that week), ``response_rate`` (float, NaN where no
        request of the week counts yet).

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2026-03-02", "2026-03-03"]),
    ...     "contact": ["Ben", "Ben"], "type": ["request", "reply"], "channel": [None, None]})
    >>> weekly_outreach(Network(pd.DataFrame(), acts, pd.DataFrame()),
    ...                 as_of="2026-03-10").to_dict("list")["answered"]
    [1, 0]
    """
    as_of = pd.Timestamp(as_of)
    settings = network.settings
    known = known_mask(network, as_of)
    dates = network.interactions["date"].to_numpy(dtype="datetime64[D]")[known]
    first = dates.min() if len(dates) else as_of.to_datetime64()  # nothing yet: as-of week
    first_week = week_start_days(np.array([first]), settings)[0]
    last_week = week_start_days(np.array([as_of.to_datetime64()]), settings)[0]
    weeks = np.arange(first_week, last_week + 1, 7)  # every week, as first days

    def per_week(days: np.ndarray, weights=None) -> np.ndarray:
        at = (week_start_days(days, settings) - first_week) // np.timedelta64(7, "D")
        return np.bincount(at, weights=weights, minlength=len(weeks)).astype("int64")

    requests = _requests(network, as_of=as_of)
    asked = requests["date"].to_numpy(dtype="datetime64[D]")
    follow_ups = dates[(network.interactions["type"] == "follow_up").to_numpy()[known]]
    table = pd.DataFrame(
        {
            "week": weeks.astype(NS),
            "requests": per_week(asked),
            "follow_ups": per_week(follow_ups),
            **{
                column: per_week(asked, requests[column].to_numpy(dtype="float64"))
                for column in ("answered", "pending", "counted")
            },
        }
    )
    table["response_rate"] = _rate(table["answered"], table["counted"])
    table = _with_interval(table)
    columns = ["requests", "follow_ups", "answered", "pending"]
    return table[["week", *columns, "response_rate", *RATE_INTERVAL]]


@shared
def first_requests(network, *, as_of) -> pd.DataFrame:
    """The first request to each contact asked by ``as_of`` (the requests of the latency rule),
    ordered by request day, then as entered.

    Returns
    -------
    DataFrame
        ``contact``, ``date``, ``channel``, ``answered_on`` (NaT while unanswered), ``age``
        (business days to ``as_of``), ``answered``, ``counted``, ``pending`` (as in
        ``weekly_outreach``), ``who`` (the contact's position), ``latency`` (business days to
        the answer, -1 while unanswered), ``booster`` (answered within
        ``move_on_business_days``).
    """
    requests = _requests(network, as_of=as_of)
    order = np.lexsort((requests["date"].to_numpy(dtype=NS), requests["who"].to_numpy()))
    starts = np.diff(requests["who"].to_numpy()[order], prepend=-1) != 0  # first per contact
    firsts = order[starts]
    first = requests.iloc[np.sort(firsts)].reset_index(drop=True)  # by date, as entered
    holidays = holidays_for_dates(network.settings.holidays, first["date"], first["answered_on"])
    latency = business_days(first["date"], first["answered_on"], holidays=holidays)
    booster = first["answered"].to_numpy() & (latency <= network.settings.move_on_business_days)
    return first.assign(latency=latency, booster=booster)


def request_outcomes(network, *, as_of) -> pd.DataFrame:
    """One row per contact asked, from their first request: answer day, latency and class.

    docs/metrics.md: "**Latency**: business days from request to answer. Answered within
    ``move_on_business_days`` = *booster*; answered later = *obligate*; never answered after
    ``follow_up_business_days`` = *curmudgeon*." Still-unanswered younger requests have class
    null (pending).

    Returns
    -------
    DataFrame
        ``contact``, ``requested_on``, ``answered_on`` (NaT if none yet),
        ``latency_business_days`` (Int64, null if unanswered), ``class`` (string: booster,
        obligate, curmudgeon, or null while pending); ordered by request day, then as entered.
    """
    first = first_requests(network, as_of=as_of)
    latency = pd.Series(first["latency"], dtype="Int64").where(first["answered"])
    outcome = np.select(
        [first["booster"], first["answered"], first["counted"]],
        ["booster", "obligate", "curmudgeon"],
        default="",
    )
    return pd.DataFrame(
        {
            "contact": first["contact"].astype("string"),
            "requested_on": first["date"].astype(NS),
            "answered_on": first["answered_on"].astype(NS),
            "latency_business_days": latency,
            "class": pd.Series(outcome, dtype="string").replace("", pd.NA),
        }
    )


def response_by_channel(network, *, as_of) -> pd.DataFrame:
    """Requests, answers, pending and response rate per channel of the request (as in
    ``weekly_outreach``: a request counts once answered or ``follow_up_business_days`` old).
    Requests without a channel are grouped as ``not recorded``.

    Returns
    -------
    DataFrame
        ``channel``, ``requests``, ``answered``, ``pending``, ``response_rate``; most requests
        first.
    """
    requests = _requests(network, as_of=as_of)
    channel = requests["channel"].astype("string").fillna("not recorded")
    table = (
        requests.assign(channel=channel, requests=1)
        .groupby("channel")[["requests", "answered", "pending", "counted"]]
        .sum()
        .astype("int64")
    )
    table["response_rate"] = _rate(table["answered"], table["counted"])
    table = _with_interval(table)
    table = table.reset_index().sort_values(["requests", "channel"], ascending=[False, True])
    table["channel"] = table["channel"].astype("string")
    columns = ["channel", "requests", "answered", "pending", "response_rate", *RATE_INTERVAL]
    return table[columns].reset_index(drop=True)


# --- interviews -----------------------------------------------------------------------------


@shared
def interviews_held(network, *, as_of) -> pd.DataFrame:
    """Interviews dated on or before ``as_of``, one per contact and day."""
    acts = known_interactions(network, as_of=as_of)
    interviews = acts[acts["type"] == "interview"]
    return interviews.drop_duplicates(["contact", "date"]).reset_index(drop=True)


def referral_yield(network, *, as_of) -> pd.DataFrame:
    """Names received per interview.

    docs/metrics.md: "**Referral yield** of an interview: contacts whose ``referred_by`` is that
    person
    and whose ``added_on`` is from the interview day to 14 days after it. Target:
    ``names_per_interview_target``." Only names added on or before ``as_of`` count; a name can
    count for two interviews with one person held within 14 days of each other.

    Returns
    -------
    DataFrame
        ``contact``, ``date``, ``referral_yield`` (int); by date, then contact.
    """
    as_of = pd.Timestamp(as_of)
    interviews = interviews_held(network, as_of=as_of)
    names = known_contacts(network, as_of=as_of)
    names = names.loc[names["referred_by"].notna() & names["added_on"].notna()]
    # per interview: the names of its person added in [day, day + 14 days], by two sorted
    # searches on (person code, time rank)
    people, _ = pd.factorize(
        np.concatenate(
            [
                interviews["contact"].to_numpy(dtype=object),
                names["referred_by"].to_numpy(dtype=object),
            ]
        )
    )
    held = interviews["date"].to_numpy(dtype=NS)
    until = held + np.timedelta64(YIELD_WINDOW_DAYS, "D")
    added = names["added_on"].to_numpy(dtype=NS)
    times, rank = np.unique(np.concatenate([held, until, added]), return_inverse=True)
    span = len(times)
    asker, named = people[: len(held)], people[len(held) :]
    offered = np.sort(named * span + rank[2 * len(held) :])
    low = np.searchsorted(offered, asker * span + rank[: len(held)], side="left")
    high = np.searchsorted(offered, asker * span + rank[len(held) : 2 * len(held)], side="right")
    result = pd.DataFrame(
        {
            "contact": interviews["contact"].astype("string"),
            "date": interviews["date"].astype(NS),
            "referral_yield": (high - low).astype("int64"),
        }
    )
    return result.sort_values(["date", "contact"]).reset_index(drop=True)


def thank_you_timeliness(network, *, as_of) -> pd.DataFrame:
    """Per interview: the first thank-you on or after the interview day and whether it was on
    time (within ``thank_you_days``), ``late``, ``missing`` (none and past due) or ``pending``
    (none yet, not due before the as-of day).

    Returns
    -------
    DataFrame
        ``contact``, ``date``, ``thank_you_on``, ``days_taken`` (Int64), ``status``.
    """
    as_of = pd.Timestamp(as_of)
    acts = known_interactions(network, as_of=as_of)
    interviews = interviews_held(network, as_of=as_of)[["contact", "date"]]
    thanks = acts.loc[acts["type"] == "thank_you", ["contact", "date"]]
    sent = first_on_or_after(interviews, thanks)
    days = (sent - interviews["date"]).dt.days.astype("Int64")
    allowed = network.settings.thank_you_days
    overdue = interviews["date"] + pd.Timedelta(days=allowed) < as_of
    status = np.select(
        [days.fillna(-1).to_numpy() > allowed, sent.notna().to_numpy(), overdue.to_numpy()],
        ["late", "on_time", "missing"],
        default="pending",
    )
    return pd.DataFrame(
        {
            "contact": interviews["contact"].astype("string"),
            "date": interviews["date"].astype(NS),
            "thank_you_on": sent.astype(NS),
            "days_taken": days,
            "status": pd.Series(status, dtype="string"),
        }
    )


def interview_lengths(network, *, as_of) -> pd.DataFrame:
    """Per interview: ``duration_min`` and ``within_target`` (at most ``interview_minutes``;
    null when the duration was not recorded). The method asks for 20–30 minute meetings.

    Returns
    -------
    DataFrame
        ``contact``, ``date``, ``duration_min`` (Float64), ``within_target`` (boolean).
    """
    interviews = interviews_held(network, as_of=as_of)
    duration = interviews["duration_min"].astype("Float64")
    return pd.DataFrame(
        {
            "contact": interviews["contact"].astype("string"),
            "date": interviews["date"].astype(NS),
            "duration_min": duration,
            "within_target": (duration <= network.settings.interview_minutes).astype("boolean"),
        }
    )


# --- people and employers -------------------------------------------------------------------


def funnel(network, *, as_of) -> pd.DataFrame:
    """People reaching each stage: named → asked → answered → interviewed → lead.

    named: contacts known by ``as_of``; asked: a request sent; answered: an inbound interaction
    (reply, decline, interview) received; interviewed: an interview held; lead: surfaced a lead.
    A person counts at every stage up to the furthest one reached.

    Returns
    -------
    DataFrame
        ``stage`` (string), ``people`` (int), in funnel order.
    """
    as_of = pd.Timestamp(as_of)
    acts = coded_interactions(network, as_of=as_of)
    leads = known_leads(network, as_of=as_of)
    reached = np.zeros(len(network.contacts), dtype="int64")
    who = acts["who"].to_numpy()
    marks = [
        who[type_mask(acts, ["request"])],
        who[type_mask(acts, schema.INBOUND_TYPES)],
        who[type_mask(acts, ["interview"])],
        contact_ids(network, leads["contact"]),
    ]
    for level, people in enumerate(marks, start=1):
        reached[people[people >= 0]] = level
    added = network.contacts["added_on"]
    reached = reached[(added.isna() | (added <= as_of)).to_numpy()]
    people = [int((reached >= level).sum()) for level in range(len(STAGES))]
    return pd.DataFrame(
        {
            "stage": pd.Series(STAGES, dtype="string"),
            "people": pd.Series(people, dtype="int64"),
        }
    )


@shared
def people_at_companies(network, *, as_of) -> pd.DataFrame:
    """One row per contact known by ``as_of`` who has a company: what the 3B7 routine did
    with them (the people ``employer_coverage`` and ``targets.target_employers`` count).

    Returns
    -------
    DataFrame
        ``who`` (position in ``network.contacts``), ``ckey`` (company in matching form),
        ``asked`` (a first request sent), ``answered`` (it was answered), ``booster`` (within
        ``move_on_business_days``), ``interviewed`` (an interview held), all bool; in Contacts
        order.
    """
    as_of = pd.Timestamp(as_of)
    contacts = network.contacts
    size = len(contacts)
    first = first_requests(network, as_of=as_of)
    asked_ids = first["who"].to_numpy()
    answered = np.zeros(size, dtype=bool)
    answered[asked_ids[first["answered"].to_numpy(dtype=bool)]] = True
    booster = np.zeros(size, dtype=bool)
    booster[asked_ids[first["booster"].to_numpy(dtype=bool)]] = True
    asked = np.zeros(size, dtype=bool)
    asked[asked_ids] = True
    interviewed = np.zeros(size, dtype=bool)
    acts = coded_interactions(network, as_of=as_of)
    interviewed[acts["who"].to_numpy()[type_mask(acts, ["interview"])]] = True
    ckey = company_key(contacts["company"])
    added = contacts["added_on"]
    known = ((added.isna() | (added <= as_of)) & ckey.notna()).to_numpy()
    return pd.DataFrame(
        {
            "who": np.flatnonzero(known),
            "ckey": ckey[known].to_numpy(dtype=object),
            "asked": asked[known],
            "answered": answered[known],
            "booster": booster[known],
            "interviewed": interviewed[known],
        }
    )


def lead_companies(network, *, as_of) -> tuple[pd.Series, pd.Series]:
    """The company of each lead known by ``as_of``: the lead's own company, else its
    contact's; returns the spelling (trimmed) and the matching key of the leads that have one.
    """
    contacts = network.contacts
    leads = known_leads(network, as_of=as_of)
    lead_company = leads["company"].astype("string")
    missing = lead_company.isna().to_numpy()
    if missing.any():  # matching names is the costly part: only for leads without a company
        people = contact_ids(network, leads["contact"][missing])
        lead_company[missing] = contacts["company"].to_numpy(dtype=object)[people]
    keys = company_key(lead_company).dropna()
    return lead_company[keys.index].astype("string").str.strip(), keys


def employer_coverage(network, *, as_of) -> pd.DataFrame:
    """Per company, how far the 3B7 routine has got.

    docs/metrics.md: "**Employer coverage** (the 3B7 routine works employer by employer): per
    company,
    contacts, contacts asked, answers, boosters, interviews, leads, and whether a booster has
    been found yet." Counts are people, except ``leads`` (Leads rows at that company).
    ``answers`` are people whose first request was answered, ``boosters`` those who answered
    it within ``move_on_business_days`` (``request_outcomes``).

    Returns
    -------
    DataFrame
        ``company``, ``contacts``, ``asked``, ``answers``, ``boosters``, ``interviews``,
        ``leads`` (int), ``booster_found`` (bool); most contacts first, then company.
    """
    as_of = pd.Timestamp(as_of)
    contacts = network.contacts
    found = people_at_companies(network, as_of=as_of)
    lead_company, lead_keys = lead_companies(network, as_of=as_of)
    people_keys = found["ckey"].to_numpy(dtype=object)
    keys, code = np.unique(
        np.concatenate([people_keys, lead_keys.to_numpy(dtype=object)]), return_inverse=True
    )
    size = len(keys)
    mine, leads = code[: len(people_keys)], code[len(people_keys) :]

    def count(flags=None) -> np.ndarray:
        return np.bincount(mine, weights=flags, minlength=size).astype("int64")

    table = {
        "contacts": count(),
        "asked": count(found["asked"].to_numpy(dtype="float64")),
        "answers": count(found["answered"].to_numpy(dtype="float64")),
        "boosters": count(found["booster"].to_numpy(dtype="float64")),
        "interviews": count(found["interviewed"].to_numpy(dtype="float64")),
        "leads": np.bincount(leads, minlength=size).astype("int64"),
    }
    # the most frequent spelling of each company (ties: alphabetical)
    spelled = np.concatenate(
        [
            contacts["company"].str.strip().to_numpy(dtype=object)[found["who"].to_numpy()],
            lead_company.to_numpy(dtype=object),
        ]
    )
    spellings, spelling = np.unique(spelled, return_inverse=True)
    pairs, times = np.unique(code * len(spellings) + spelling, return_counts=True)
    pair_key, pair_spelling = pairs // len(spellings), pairs % len(spellings)
    best = np.lexsort((pair_spelling, -times, pair_key))
    firsts = best[np.diff(pair_key[best], prepend=-1) != 0]
    company = np.full(size, None, dtype=object)
    company[pair_key[firsts]] = spellings[pair_spelling[firsts]]
    _, by_name = np.unique(company.astype(str), return_inverse=True)
    order = np.lexsort((by_name, -table["contacts"]))  # most contacts first, then company
    return pd.DataFrame(
        {
            "company": pd.array(company[order], dtype="string"),
            **{column: values[order] for column, values in table.items()},
            "booster_found": table["boosters"][order] > 0,
        }
    )
