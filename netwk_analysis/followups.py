"""What to do next: the due / overdue list as of a day, and overdue counts week by week.

DESIGN "Definitions", **Due / overdue** as of date D: "every item whose due date is on or before
D, each row: contact, kind, due date, days overdue (D minus due date, calendar days), suggested
action". The five kinds and what clears them are quoted on ``due_items``.

Every item is built once, from the data dated on or before the as-of day, as one row of an
*item table*: the contact, the kind, the day of the event that triggered it (``event_on``), its
``due_on`` and the day something cleared it (``cleared_on``, NaT while open). An item is
overdue on day D exactly when ``due_on <= D`` and it is not cleared by D, so ``due_items`` and
``overdue_by_week`` read the same table and always agree.

Choices where DESIGN is silent (each also noted where it is implemented):

* Asking the same person again *is* the follow-up: only the latest request to a contact has
  ``move_on``/``follow_up`` items; an earlier request's items are cleared on the day of the next
  request to that contact. Requests to one contact on one day count once.
* ``thank_you_days``, ``tickler_days`` and ``referral_contact_days`` are calendar days;
  ``move_on_business_days`` and ``follow_up_business_days`` are business days
  (``netwk_analysis.businessdays``, with the ``holidays`` setting).
* A follow-up clears the ``follow_up`` item for good (no second follow-up is scheduled).
* ``check_in`` counts from the latest interview or outbound touch (request, thank_you,
  follow_up, check_in) on or after the contact's first interview; inbound replies do not
  reset it.
* The status column has no history: a contact closed or paused today has no items in any
  week of ``overdue_by_week`` either.
* ``move_on`` also applies to a contact without a company (the action then just says to ask
  someone else); the colleague rule only clears it when the company is known. Companies match
  after trimming and case-folding. Suggested colleagues are active contacts at that company,
  known by the as-of day, never asked yet (up to three, earliest added first).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis import schema
from netwk_analysis.businessdays import add_business_days, holidays_for_dates
from netwk_analysis.metrics import company_key, first_on_or_after, known_interactions, week_of

__all__ = ["KINDS", "due_items", "item_table", "overdue_by_week"]

#: The kinds of items, in the order the due list shows ties.
KINDS = ("thank_you", "move_on", "follow_up", "check_in", "first_contact")
TOUCH_TYPES = ("interview", *schema.OUTBOUND_TYPES)
DUE_COLUMNS = ["contact", "kind", "due_on", "days_overdue", "action"]
ITEM_COLUMNS = ["contact", "kind", "event_on", "due_on", "cleared_on", "company", "referred_by"]
NS = "datetime64[ns]"


def _of_type(acts: pd.DataFrame, types) -> pd.DataFrame:
    """``contact``/``date`` of the interactions of the given types, one per contact and day."""
    chosen = acts.loc[acts["type"].isin(types), ["contact", "date"]]
    return chosen.drop_duplicates().reset_index(drop=True)


def _next_same_contact(events: pd.DataFrame) -> pd.Series:
    """The date of the contact's next event of the same frame (NaT for the last one)."""
    order = events.sort_values(["contact", "date"])
    return order.groupby("contact", sort=False)["date"].shift(-1).reindex(events.index)


def _earliest(*dates: pd.Series) -> pd.Series:
    """Element-wise earliest of several date Series (NaT ignored)."""
    return pd.concat(dates, axis=1).min(axis=1).astype(NS)


def _first_colleague_request(requests: pd.DataFrame) -> pd.Series:
    """For each request, the first request on or after its day to ANOTHER contact at the same
    company (``ckey`` = matching form of the company; NaN company never matches).

    Vectorised: sort the company's requests by (day, contact); the first request on or after
    day t is the first row of that day; if it is the same contact, the answer is the start of
    the next run of a different contact.
    """
    known = requests[requests["ckey"].notna()]
    result = pd.Series(pd.NaT, index=requests.index, dtype=NS)
    if known.empty:
        return result
    order = known.sort_values(["ckey", "date", "contact"])
    ckey = order["ckey"].to_numpy(dtype=object)
    contact = order["contact"].to_numpy(dtype=object)
    dates = order["date"].to_numpy(dtype=NS)
    n = len(order)
    position = np.arange(n)
    first_of_day = (
        pd.Series(position).groupby([ckey, dates], sort=False).transform("min").to_numpy()
    )
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = (ckey[1:] != ckey[:-1]) | (contact[1:] != contact[:-1])
    run_starts = position[new_run]
    nxt = np.searchsorted(run_starts, first_of_day, side="right")
    nxt_pos = np.where(nxt < len(run_starts), run_starts[np.minimum(nxt, len(run_starts) - 1)], 0)
    other_next = (nxt < len(run_starts)) & (ckey[nxt_pos] == ckey)
    same = contact[first_of_day] == contact
    found = np.where(
        ~same,
        dates[first_of_day],
        np.where(other_next, dates[nxt_pos], np.datetime64("NaT", "ns")),
    )
    result.loc[order.index] = found
    return result


def item_table(network, *, as_of) -> pd.DataFrame:
    """Every follow-up item the data dated on or before ``as_of`` gives, open or cleared.

    Columns: ``contact``, ``kind``, ``event_on`` (the triggering interview, request, touch or
    ``added_on``), ``due_on``, ``cleared_on`` (NaT while open), ``company`` and
    ``referred_by`` (for the action text). Closed and paused contacts have no items.
    The item is overdue on a day D (``as_of`` or earlier) iff ``due_on <= D`` and it is not
    cleared by D; ``due_on >= event_on`` always holds.

    Examples
    --------
    >>> from netwk_analysis.model import Network
    >>> contacts = pd.DataFrame({"name": ["Ben"], "company": [pd.NA], "referred_by": [pd.NA],
    ...     "added_on": pd.to_datetime(["2026-03-02"]), "status": ["active"],
    ...     "may_use_name": [pd.NA]})
    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2026-03-02"]), "contact": ["Ben"],
    ...     "type": ["request"]})
    >>> table = item_table(Network(contacts, acts, pd.DataFrame()), as_of=pd.Timestamp("2026-03-20"))
    >>> table[["kind", "due_on"]].astype(str).values.tolist()
    [['move_on', '2026-03-05'], ['follow_up', '2026-03-11']]
    """
    as_of = pd.Timestamp(as_of)
    settings = network.settings
    contacts = network.contacts
    acts = known_interactions(network, as_of=as_of)
    company = contacts.set_index("name")["company"]
    requests = _of_type(acts, ["request"])
    interviews = _of_type(acts, ["interview"])
    touches = _of_type(acts, TOUCH_TYPES)
    holidays = holidays_for_dates(settings.holidays, requests["date"])

    def busday_due(dates: pd.Series, n: int) -> pd.Series:
        return pd.Series(add_business_days(dates, n, holidays=holidays), index=dates.index).astype(
            NS
        )

    answered = first_on_or_after(requests, _of_type(acts, schema.INBOUND_TYPES))
    asked_again = _next_same_contact(requests)
    followed = first_on_or_after(requests, _of_type(acts, ["follow_up"]))
    requests = requests.assign(ckey=company_key(requests["contact"].map(company)))
    colleague = _first_colleague_request(requests)

    thanked = first_on_or_after(interviews, _of_type(acts, ["thank_you"]))
    first_interview = interviews.groupby("contact")["date"].min()
    touches = touches[touches["date"] >= touches["contact"].map(first_interview)]
    referred = contacts[
        contacts["referred_by"].notna() & contacts["added_on"].notna() & (contacts["added_on"] <= as_of)
    ]
    first_request = requests.groupby("contact")["date"].min()
    day = pd.Timedelta(days=1)
    parts = {
        "thank_you": (interviews, interviews["date"] + settings.thank_you_days * day, thanked),
        "move_on": (
            requests,
            busday_due(requests["date"], settings.move_on_business_days),
            _earliest(answered, asked_again, colleague),
        ),
        "follow_up": (
            requests,
            busday_due(requests["date"], settings.follow_up_business_days),
            _earliest(answered, asked_again, followed),
        ),
        "check_in": (
            touches,
            touches["date"] + settings.tickler_days * day,
            _next_same_contact(touches),
        ),
        "first_contact": (
            pd.DataFrame({"contact": referred["name"], "date": referred["added_on"]}),
            referred["added_on"] + settings.referral_contact_days * day,
            referred["name"].map(first_request).astype(NS),
        ),
    }
    frames = [
        pd.DataFrame(
            {
                "contact": events["contact"].astype("string"),
                "kind": kind,
                "event_on": events["date"].astype(NS),
                "due_on": due.astype(NS),
                "cleared_on": cleared.astype(NS),
            }
        )
        for kind, (events, due, cleared) in parts.items()
    ]
    items = pd.concat(frames, ignore_index=True)
    active = contacts.loc[contacts["status"] == "active", "name"]
    items = items[items["contact"].isin(active)].reset_index(drop=True)
    lookup = contacts.set_index("name")
    return items.assign(
        kind=pd.Categorical(items["kind"], categories=KINDS),
        company=items["contact"].map(lookup["company"]).astype("string"),
        referred_by=items["contact"].map(lookup["referred_by"]).astype("string"),
    )[ITEM_COLUMNS]


def _day_text(dates: pd.Series, *, as_of: pd.Timestamp) -> pd.Series:
    """Dates as a person writes them: ``Mon 2 Mar`` (``Mon 2 Mar 2025`` in another year)."""
    text = dates.dt.strftime("%a ") + dates.dt.day.astype("string") + dates.dt.strftime(" %b")
    return text.where(dates.dt.year == as_of.year, text + dates.dt.strftime(" %Y"))


def _colleagues_to_ask(network, acts: pd.DataFrame, *, as_of: pd.Timestamp) -> pd.Series:
    """Per company (matching form), up to three active contacts known by ``as_of`` and never
    asked yet, as ``"Dana Ruiz, Eli Stone"``."""
    contacts = network.contacts
    asked = acts.loc[acts["type"] == "request", "contact"].unique()
    known = contacts["added_on"].isna() | (contacts["added_on"] <= as_of)
    free = contacts[
        known
        & (contacts["status"] == "active")
        & contacts["company"].notna()
        & ~contacts["name"].isin(asked)
    ]
    free = free.assign(ckey=company_key(free["company"])).sort_values(["added_on", "name"])
    return free.groupby("ckey")["name"].agg(lambda names: ", ".join(names.head(3)))


def _actions(network, due: pd.DataFrame, *, as_of: pd.Timestamp) -> pd.Series:
    """One sentence per item saying what to do (vectorised per kind)."""
    contact = due["contact"]
    when = _day_text(due["event_on"], as_of=as_of)
    acts = known_interactions(network, as_of=as_of)
    ckey = company_key(due["company"])
    suggestions = ckey.map(_colleagues_to_ask(network, acts, as_of=as_of)).astype("string")
    firm = due["company"].str.strip()
    no_answer = "No answer from " + contact + " since " + when + ": "
    move_on = (no_answer + "ask someone else at " + firm + " (" + suggestions + ")").fillna(
        no_answer + "find another contact at " + firm
    ).fillna(no_answer + "ask someone else in the meantime")
    may_use = due["contact"].map(network.contacts.set_index("name")["may_use_name"])
    may_use = may_use.astype("boolean").fillna(False).astype(bool)
    first_contact = (
        "Contact " + contact + ", the name " + due["referred_by"] + " gave you on " + when
    ).where(
        ~may_use,
        "Contact " + contact + " (you may mention " + due["referred_by"]
        + "), the name they gave you on " + when,
    )
    texts = {
        "thank_you": "Send " + contact + " a thank-you note for the interview on " + when,
        "move_on": move_on,
        "follow_up": "Follow up with " + contact + ": no answer to your request of " + when,
        "check_in": "Check in with " + contact + " (last in touch on " + when + ") so they "
        "remember you",
        "first_contact": first_contact,
    }
    action = pd.Series(pd.NA, index=due.index, dtype="string")
    for kind, text in texts.items():
        mask = due["kind"] == kind
        action[mask] = text[mask]
    return action


def due_items(network, *, as_of) -> pd.DataFrame:
    """The due / overdue list as of ``as_of``, most overdue first.

    DESIGN **Due / overdue** as of date D: "every item whose due date is on or before D, each
    row: contact, kind, due date, days overdue (D minus due date, calendar days), suggested
    action:

    - ``thank_you``: due ``thank_you_days`` after an interview; cleared by a thank_you to that
      contact on or after the interview day.
    - ``move_on``: due ``move_on_business_days`` after a request; cleared by an answer, or by a
      request to another contact at the same company on or after it. Suggests who else at that
      company to ask.
    - ``follow_up``: due ``follow_up_business_days`` after a request; cleared by an answer or by
      a follow_up to that contact on or after the request.
    - ``check_in``: for an interviewed contact, due ``tickler_days`` after the latest interview
      or outbound touch with them.
    - ``first_contact``: for a contact with a ``referred_by``, due ``referral_contact_days``
      after ``added_on``; cleared by any request to them.
    - Closed and paused contacts get no items."

    "Answered": "a request is answered by the first inbound interaction from that contact on or
    after the request date". Only the latest request to a contact has move_on/follow_up items
    (asking again is the follow-up); see the module docstring for every other choice.

    Parameters
    ----------
    network : Network
    as_of : date-like
        The review day D; only data dated on or before it is used.

    Returns
    -------
    DataFrame
        ``contact`` (string), ``kind`` (string), ``due_on`` (datetime64), ``days_overdue``
        (int, 0 for an item due on D), ``action`` (string); sorted by days overdue (most
        first), then due day, kind (in ``KINDS`` order) and contact.
    """
    as_of = pd.Timestamp(as_of)
    items = item_table(network, as_of=as_of)
    due = items[(items["due_on"] <= as_of) & items["cleared_on"].isna()]
    due = due.assign(days_overdue=(as_of - due["due_on"]).dt.days.astype("int64"))
    due = due.sort_values(["days_overdue", "due_on", "kind", "contact"],
                          ascending=[False, True, True, True]).reset_index(drop=True)
    return due.assign(
        kind=due["kind"].astype("string"), action=_actions(network, due, as_of=as_of)
    )[DUE_COLUMNS]


def overdue_by_week(network, *, start=None, end) -> pd.DataFrame:
    """Overdue items per kind as of each week's end.

    DESIGN **Overdue over time**: "the number of overdue items as of each week's end, so a
    weekly chart shows the trend". An item counts on day D when ``due_on <= D`` and it is not
    cleared by D, exactly as ``due_items(network, as_of=D)`` lists it; D is the week's last day,
    or ``end`` for the week containing it, so the last row equals ``due_items(as_of=end)``.

    Parameters
    ----------
    network : Network
    start : date-like, optional
        First week shown (the week containing it); default the week of the first interaction.
    end : date-like
        The as-of day.

    Returns
    -------
    DataFrame
        ``week`` (first day, per ``week_start``), one int column per kind in ``KINDS`` order,
        and ``total``.
    """
    end = pd.Timestamp(end)
    items = item_table(network, as_of=end)
    if start is None:
        dates = known_interactions(network, as_of=end)["date"]
        start = dates.min() if len(dates) else end
    weeks = pd.period_range(week_of(pd.Timestamp(start), network.settings),
                            week_of(end, network.settings), freq=network.settings.week_anchor)
    ends = np.minimum(weeks.end_time.normalize().to_numpy(dtype=NS), end.to_datetime64())
    never = np.datetime64("2262-01-01", "ns")
    counts = {}
    for kind in KINDS:
        of_kind = items[items["kind"] == kind]
        opens = np.sort(of_kind["due_on"].to_numpy(dtype=NS))
        closes = of_kind["cleared_on"].fillna(never).to_numpy(dtype=NS)
        closes = np.sort(closes[closes > of_kind["due_on"].to_numpy(dtype=NS)])
        # cleared before (or on) its due day: counted in opens and closes alike, so it cancels
        closed_early = np.sort(
            of_kind.loc[of_kind["cleared_on"] <= of_kind["due_on"], "due_on"].to_numpy(dtype=NS)
        )
        counts[kind] = (
            np.searchsorted(opens, ends, side="right")
            - np.searchsorted(closed_early, ends, side="right")
            - np.searchsorted(closes, ends, side="right")
        ).astype("int64")
    frame = pd.DataFrame({"week": weeks.start_time.astype(NS), **counts})
    return frame.assign(total=frame[list(KINDS)].sum(axis=1).astype("int64"))
