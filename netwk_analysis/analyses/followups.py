"""What to do next: the due / overdue list as of a day, and overdue counts week by week.

docs/metrics.md, **Due / overdue** as of date D: "every item whose due date is on or before
D, each row: contact, kind, due date, days overdue (D minus due date, calendar days), suggested
action". The five kinds and what clears them are quoted on ``due_items``.

Every item is built once, from the data dated on or before the as-of day, as one row of an
*item table*: the contact, the kind, the day of the event that triggered it (``event_on``), its
``due_on`` and the day something cleared it (``cleared_on``, NaT while open). An item is
overdue on day D exactly when ``due_on <= D`` and it is not cleared by D, so ``due_items`` and
``overdue_by_week`` read the same table and always agree.

Choices where the rules are silent (each also noted where it is implemented):

* Asking the same person again *is* the follow-up: only the latest request to a contact has
  ``move_on``/``follow_up`` items; an earlier request's items are cleared on the day of the next
  request to that contact. Requests to one contact on one day count once.
* ``thank_you_days``, ``tickler_days`` (or a contact's own ``check_in_days``) and
  ``referral_contact_days`` are calendar days;
  ``move_on_business_days`` and ``follow_up_business_days`` are business days
  (``analyses.businessdays``, with the ``holidays`` setting).
* A follow-up clears the ``follow_up`` item for good (no second follow-up is scheduled).
* ``check_in`` counts from the latest interview or outbound touch (request, thank_you,
  follow_up, check_in) on or after the contact's first interview; inbound replies do not
  reset it.
* The status column has no history: a contact closed or paused today has no items in any
  week of ``overdue_by_week`` either.
* ``move_on`` also applies to a contact without a company (the action then just says to ask
  someone else); the colleague rule only clears it when the company is known. Companies match
  after trimming and case-folding. Suggested colleagues are active contacts at that company,
  known by the as-of day, never asked yet (up to three, earliest added first, then by name).
* As docs/metrics.md says, a thank-you on or after an interview day clears that interview's item,
so
  one note after two interviews clears both; ``first_contact`` is cleared only by a request
  (an interview recorded without any request leaves it open).
* Items for one contact due the same day are listed kind by kind in ``KINDS`` order.
* With a ``since`` day (docs/metrics.md, "The start of the search") the interactions before it
  are not seen at all, and a name received (``added_on``) before it gives no ``first_contact``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.analyses.businessdays import add_business_days, holidays_for_dates
from netwk_analysis.analyses.frames import (
    coded_interactions,
    company_key,
    contact_names,
    day_text,
    first_at_or_after,
    in_search,
    joined_text,
    names_by_group,
    type_mask,
    week_start_days,
)
from netwk_analysis.core import schema
from netwk_analysis.core.facts import KINDS

__all__ = ["due_and_overdue", "due_items", "item_table", "open_items", "overdue_by_week"]

TOUCH_TYPES = ("interview", *schema.OUTBOUND_TYPES)
DUE_COLUMNS = ["contact", "kind", "due_on", "days_overdue", "action"]
ITEM_COLUMNS = ["contact", "kind", "event_on", "due_on", "cleared_on"]
NS = "datetime64[ns]"


def _of_type(
    who: np.ndarray, dates: np.ndarray, chosen: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``who`` and ``dates`` of the ``chosen`` interactions, one per contact and day (the
    first as entered), in the order entered."""
    who, dates = who[chosen], dates[chosen]
    key = who * 10_000_000 + dates.astype("datetime64[D]").view("int64")
    _, first = np.unique(key, return_index=True)
    first.sort()
    return who[first], dates[first]


def _next_same_contact(who: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """The date of the contact's next event among the same events (NaT for the last one)."""
    order = np.lexsort((dates, who))
    following = np.full(len(who), np.datetime64("NaT", "ns"))
    if len(who) > 1:
        same = who[order[1:]] == who[order[:-1]]
        following[order[:-1][same]] = dates[order[1:][same]]
    return following


def _earliest(*dates: np.ndarray) -> np.ndarray:
    """Element-wise earliest of several date arrays (NaT ignored)."""
    values = np.stack([np.asarray(d, dtype=NS) for d in dates])
    never = np.datetime64("2262-01-01", "ns")
    earliest = np.where(np.isnat(values), never, values).min(axis=0)
    return np.where(earliest == never, np.datetime64("NaT", "ns"), earliest)


def _first_colleague_request(firm: np.ndarray, who: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """For each request (company code ``firm``, contact ``who``, day), the first request on or
    after its day to ANOTHER contact at the same company (``firm`` -1 when unknown: never
    matches).

    Vectorised: sort the requests by (company, day, contact); the first request on or after
    day t is the first row of that company and day; if it is the same contact, the answer is
    the start of the next run of a different contact at the company.
    """
    result = np.full(len(firm), np.datetime64("NaT", "ns"))
    known = np.flatnonzero(firm >= 0)
    if known.size:
        firm, who, dates = firm[known], who[known], dates[known]
        order = np.lexsort((who, dates, firm))
        firm, who, dates = firm[order], who[order], dates[order]
        n = len(order)
        position = np.arange(n)
        new_day = np.ones(n, dtype=bool)
        new_day[1:] = (firm[1:] != firm[:-1]) | (dates[1:] != dates[:-1])
        first_of_day = np.maximum.accumulate(np.where(new_day, position, 0))
        new_run = np.ones(n, dtype=bool)
        new_run[1:] = (firm[1:] != firm[:-1]) | (who[1:] != who[:-1])
        run_starts = position[new_run]
        nxt = np.searchsorted(run_starts, first_of_day, side="right")
        has_next = nxt < len(run_starts)
        nxt_pos = run_starts[np.minimum(nxt, len(run_starts) - 1)]
        other_next = has_next & (firm[nxt_pos] == firm)
        found = np.where(
            who[first_of_day] != who,
            dates[first_of_day],
            np.where(other_next, dates[nxt_pos], np.datetime64("NaT", "ns")),
        )
        result[known[order]] = found
    return result


def _first_date(size: int, who: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """Per contact position (``size`` of them), the earliest of ``dates`` (NaT if none)."""
    latest = np.iinfo("int64").max
    first = np.full(size, latest, dtype="int64")
    np.minimum.at(first, who, dates.view("int64"))
    return np.where(first == latest, np.datetime64("NaT", "ns"), first.view(NS))


def _tickler_days(network) -> np.ndarray:
    """Per contact position, the days between check-ins: the contact's ``check_in_days`` where
    it is filled, else the ``tickler_days`` setting (docs/workbook.md, Contacts)."""
    contacts = network.contacts
    default = network.settings.tickler_days
    if "check_in_days" not in contacts:
        return np.full(len(contacts), default, dtype="int64")
    days = contacts["check_in_days"].astype("Float64").fillna(default)
    return days.to_numpy(dtype="float64").astype("int64")


def _firm_codes(network) -> np.ndarray:
    """Per contact position, a code of the company in matching form (-1 when unknown)."""
    codes, _ = pd.factorize(company_key(network.contacts["company"]), use_na_sentinel=True)
    return codes


def _items(network, acts: pd.DataFrame, firms: np.ndarray, *, as_of) -> pd.DataFrame:
    """The item table on contact positions: ``who``, ``kind``, ``event_on``, ``due_on``,
    ``cleared_on`` (see ``item_table``), from ``coded_interactions`` and ``_firm_codes``."""
    as_of = pd.Timestamp(as_of)
    settings = network.settings
    contacts = network.contacts
    everyone = acts["who"].to_numpy(dtype="int64")
    every_day = acts["date"].to_numpy(dtype=NS)

    def of_type(types) -> tuple[np.ndarray, np.ndarray]:
        return _of_type(everyone, every_day, type_mask(acts, types))

    asked, asked_on = of_type(["request"])
    met, met_on = of_type(["interview"])
    touched, touched_on = of_type(TOUCH_TYPES)
    holidays = holidays_for_dates(settings.holidays, asked_on)

    def busday_due(dates: np.ndarray, n: int) -> np.ndarray:
        return add_business_days(pd.Series(dates), n, holidays=holidays).astype(NS)

    def first_after(who: np.ndarray, dates: np.ndarray, types) -> np.ndarray:
        return first_at_or_after(who, dates, *of_type(types))

    answered = first_after(asked, asked_on, schema.INBOUND_TYPES)
    asked_again = _next_same_contact(asked, asked_on)
    followed = first_after(asked, asked_on, ["follow_up"])
    colleague = _first_colleague_request(firms[asked], asked, asked_on)

    thanked = first_after(met, met_on, ["thank_you"])
    interviewed_by = _first_date(len(contacts), met, met_on)[touched]
    since_met = ~np.isnat(interviewed_by) & (touched_on >= interviewed_by)
    touched, touched_on = touched[since_met], touched_on[since_met]
    added = contacts["added_on"].to_numpy(dtype=NS)
    referred = np.flatnonzero(
        contacts["referred_by"].notna().to_numpy()
        & ~np.isnat(added)  # no added_on and no interaction yet: no item until a date exists
        & (added <= as_of.to_datetime64())
        & in_search(network, contacts["added_on"])
    )
    first_request = _first_date(len(contacts), asked, asked_on)
    day = np.timedelta64(1, "D")
    # per kind, in KINDS order: (who, event_on, due_on, cleared_on)
    parts = {
        "thank_you": (met, met_on, met_on + settings.thank_you_days * day, thanked),
        "move_on": (
            asked,
            asked_on,
            busday_due(asked_on, settings.move_on_business_days),
            _earliest(answered, asked_again, colleague),
        ),
        "follow_up": (
            asked,
            asked_on,
            busday_due(asked_on, settings.follow_up_business_days),
            _earliest(answered, asked_again, followed),
        ),
        "check_in": (
            touched,
            touched_on,
            touched_on + _tickler_days(network)[touched].astype("timedelta64[D]"),
            _next_same_contact(touched, touched_on),
        ),
        "first_contact": (
            referred,
            added[referred],
            added[referred] + settings.referral_contact_days * day,
            first_request[referred],
        ),
    }
    columns = list(zip(*parts.values(), strict=True))
    who = np.concatenate(columns[0]).astype("int64")
    kind = np.repeat(np.arange(len(KINDS), dtype="int8"), [len(w) for w in columns[0]])
    active = (contacts["status"] == "active").to_numpy()[who]
    return pd.DataFrame(
        {
            "who": who[active],
            "kind": pd.Categorical.from_codes(kind[active], categories=KINDS),
            **{
                name: np.concatenate([np.asarray(c, dtype=NS) for c in dates])[active]
                for name, dates in zip(ITEM_COLUMNS[2:], columns[1:], strict=True)
            },
        }
    )


def item_table(network, *, as_of) -> pd.DataFrame:
    """Every follow-up item the data dated on or before ``as_of`` gives, open or cleared.

    Columns: ``contact``, ``kind``, ``event_on`` (the triggering interview, request, touch or
    ``added_on``), ``due_on``, ``cleared_on`` (NaT while open). Closed and paused contacts have
    no items. The item is overdue on a day D (``as_of`` or earlier) iff ``due_on <= D`` and it
    is not cleared by D; ``due_on >= event_on`` always holds.

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> contacts = pd.DataFrame({"name": ["Ben"], "company": [pd.NA], "referred_by": [pd.NA],
    ...     "added_on": pd.to_datetime(["2026-03-02"]), "status": ["active"]})
    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2026-03-02"]), "contact": ["Ben"],
    ...     "type": ["request"], "channel": [pd.NA]})
    >>> network = Network(contacts, acts, pd.DataFrame())
    >>> table = item_table(network, as_of=pd.Timestamp("2026-03-20"))
    >>> table[["kind", "due_on"]].astype(str).values.tolist()
    [['move_on', '2026-03-05'], ['follow_up', '2026-03-11']]
    """
    items = _items(
        network, coded_interactions(network, as_of=as_of), _firm_codes(network), as_of=as_of
    )
    contact = contact_names(network, items["who"])
    return items.drop(columns="who").assign(contact=contact.to_numpy())[ITEM_COLUMNS]


def _colleagues_to_ask(
    network, acts: pd.DataFrame, firm: np.ndarray, firms: np.ndarray, *, as_of: pd.Timestamp
) -> np.ndarray:
    """For each company code in ``firms``: up to three active contacts at that company, known
    by ``as_of`` and never asked, as ``"Dana Ruiz, Eli Stone"`` (``None`` when there is
    nobody), earliest added first (no ``added_on``: last), then by name."""
    contacts = network.contacts
    asked = np.zeros(len(contacts), dtype=bool)
    asked[acts["who"].to_numpy()[type_mask(acts, ["request"])]] = True
    added = contacts["added_on"].to_numpy(dtype=NS)
    free = (
        (np.isnat(added) | (added <= as_of.to_datetime64()))
        & (contacts["status"] == "active").to_numpy()
        & ~asked
        & np.isin(firm, firms[firms >= 0])
    )
    key = np.where(np.isnat(added), np.iinfo("int64").max, added.view("int64"))
    names = names_by_group(
        firm[free],
        key[free],
        contacts["name"].to_numpy(dtype=object)[free],
        int(firm.max()) + 1 if len(firm) else 0,
        limit=3,
    )
    return np.where(firms >= 0, names[np.maximum(firms, 0)] if len(names) else None, None)


def _actions(
    network,
    acts: pd.DataFrame,
    firm: np.ndarray,
    who: np.ndarray,
    kind: np.ndarray,
    contacts_named: np.ndarray,
    event_on: np.ndarray,
    *,
    as_of: pd.Timestamp,
) -> np.ndarray:
    """One sentence per item (contact position ``who``, kind code ``kind``, name, event day)
    saying what to do, vectorised per kind; an object array."""
    contacts = network.contacts
    days = day_text(pd.Series(event_on), as_of=as_of).to_numpy(dtype=object)
    action = np.full(len(who), None, dtype=object)
    for code, name in enumerate(KINDS):  # five kinds, each sentence vectorised
        mine = np.flatnonzero(kind == code)
        if not mine.size:
            continue
        person = who[mine]
        contact, when = contacts_named[mine], days[mine]
        if name == "thank_you":
            text = joined_text("Send ", contact, " a thank-you note for the interview on ", when)
        elif name == "move_on":
            suggestions = _colleagues_to_ask(network, acts, firm, firm[person], as_of=as_of)
            company = pd.Series(contacts["company"].to_numpy(dtype=object)[person], dtype="string")
            company = company.str.strip().to_numpy(dtype=object)
            no_answer = joined_text("No answer from ", contact, " since ", when, ": ")
            text = joined_text(no_answer, "ask someone else at ", company, " (", suggestions, ")")
            other = joined_text(no_answer, "find another contact at ", company)
            text = np.where(pd.isna(text), other, text)
            other = joined_text(no_answer, "ask someone else in the meantime")
            text = np.where(pd.isna(text), other, text)
        elif name == "follow_up":
            text = joined_text("Follow up with ", contact, ": no answer to your request of ", when)
        elif name == "check_in":
            text = joined_text(
                "Check in with ", contact, " (last in touch on ", when, ") so they remember you"
            )
        else:
            referrer = contacts["referred_by"].to_numpy(dtype=object)[person]
            may_use = (
                contacts["may_use_name"].astype("boolean").fillna(False).to_numpy(dtype=bool)
            )[person]
            text = np.where(
                may_use,
                joined_text(
                    "Contact ",
                    contact,
                    " (you may mention ",
                    referrer,
                    "), the name they gave you on ",
                    when,
                ),
                joined_text("Contact ", contact, ", the name ", referrer, " gave you on ", when),
            )
        action[mine] = text
    return action


def _open(items: pd.DataFrame, *, as_of: pd.Timestamp) -> pd.DataFrame:
    """The items due on or before ``as_of`` and not cleared: the rows of the due list."""
    return items[(items["due_on"] <= as_of) & items["cleared_on"].isna()]


def open_items(network, *, as_of) -> pd.DataFrame:
    """The rows of ``due_items`` before their action text is written, unsorted: ``who``
    (position in ``network.contacts``), ``kind``, ``event_on``, ``due_on``, ``cleared_on``.

    For analyses that only need who has which item (``targets``): writing 100,000 sentences
    is most of the time ``due_items`` takes.
    """
    as_of = pd.Timestamp(as_of)
    items = _items(
        network, coded_interactions(network, as_of=as_of), _firm_codes(network), as_of=as_of
    )
    return _open(items, as_of=as_of).reset_index(drop=True)


def due_items(network, *, as_of) -> pd.DataFrame:
    """The due / overdue list as of ``as_of``, most overdue first.

    docs/metrics.md: **Due / overdue** as of date D: "every item whose due date is on or before D,
    each
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

    A contact's ``check_in_days`` (Contacts column), where filled, replaces ``tickler_days`` for
    that person.

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
    acts = coded_interactions(network, as_of=as_of)
    firm = _firm_codes(network)
    return _due(network, acts, firm, _items(network, acts, firm, as_of=as_of), as_of=as_of)


def _due(network, acts, firm, items, *, as_of) -> pd.DataFrame:
    """``due_items`` from an item table already built for ``as_of``."""
    due_on = items["due_on"].to_numpy(dtype=NS)
    listed = (due_on <= as_of.to_datetime64()) & np.isnat(items["cleared_on"].to_numpy(dtype=NS))
    who = items["who"].to_numpy()[listed]
    kind = items["kind"].array.codes[listed]
    due_on = due_on[listed]
    event_on = items["event_on"].to_numpy(dtype=NS)[listed]
    contact = network.contacts["name"].to_numpy(dtype=object)[who]
    days = (as_of.to_datetime64() - due_on) // np.timedelta64(1, "D")
    _, by_name = np.unique(contact, return_inverse=True)
    order = np.lexsort((by_name, kind, due_on, -days))  # most overdue first
    who, kind, due_on, event_on, contact = (
        who[order],
        kind[order],
        due_on[order],
        event_on[order],
        contact[order],
    )
    action = _actions(network, acts, firm, who, kind, contact, event_on, as_of=as_of)
    return pd.DataFrame(
        {
            "contact": contact,  # inferred as str (object when empty), as before
            "kind": pd.array(np.array(KINDS, dtype=object)[kind], dtype="string"),
            "due_on": due_on,
            "days_overdue": days[order].astype("int64"),
            "action": pd.array(action, dtype="string"),
        }
    )


def overdue_by_week(network, *, start=None, end) -> pd.DataFrame:
    """Overdue items per kind as of each week's end.

    docs/metrics.md: **Overdue over time**: "the number of overdue items as of each week's end, so
    a
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
    acts = coded_interactions(network, as_of=end)
    items = _items(network, acts, _firm_codes(network), as_of=end)
    return _overdue(network, acts, items, start=start, end=end)


def due_and_overdue(network, *, as_of, start=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``due_items(as_of=as_of)`` and ``overdue_by_week(start=start, end=as_of)`` from one item
    table: the weekly review needs both, and building the table is most of the work of each.

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> people = pd.DataFrame({"name": ["Ann"], "referred_by": [None], "company": [None],
    ...     "added_on": pd.to_datetime([None]), "status": ["active"], "may_use_name": [None]})
    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2026-03-02"]), "contact": ["Ann"],
    ...     "type": ["request"]})
    >>> due, overdue = due_and_overdue(Network(people, acts, pd.DataFrame()), as_of="2026-03-06")
    >>> due["kind"].tolist(), overdue["total"].tolist()
    (['move_on'], [1])
    """
    as_of = pd.Timestamp(as_of)
    acts = coded_interactions(network, as_of=as_of)
    firm = _firm_codes(network)
    items = _items(network, acts, firm, as_of=as_of)
    due = _due(network, acts, firm, items, as_of=as_of)
    return due, _overdue(network, acts, items, start=start, end=as_of)


def _overdue(network, acts, items, *, start, end) -> pd.DataFrame:
    """``overdue_by_week`` from an item table already built for ``end``."""
    if start is None:
        start = acts["date"].min() if len(acts) else end
    settings = network.settings
    first, last = week_start_days(
        np.array([pd.Timestamp(start).to_datetime64(), end.to_datetime64()], dtype="M8[D]"),
        settings,
    )
    weeks = np.arange(first, last + 1, 7)  # first days
    ends = np.minimum((weeks + 6).astype(NS), end.to_datetime64())  # last days, or ``end``
    kinds = items["kind"].cat.codes.to_numpy()
    due = items["due_on"].to_numpy(dtype=NS)
    cleared = items["cleared_on"].to_numpy(dtype=NS)
    # overdue on day D iff due <= D < cleared: an interval, so counts are two sorted searches
    counts = {}
    for code, kind in enumerate(KINDS):
        mine = kinds == code
        open_ever = mine & (np.isnat(cleared) | (cleared > due))
        opens = np.sort(due[open_ever])
        closes = np.sort(cleared[open_ever & ~np.isnat(cleared)])
        opened = np.searchsorted(opens, ends, side="right")
        counts[kind] = (opened - np.searchsorted(closes, ends, side="right")).astype("int64")
    frame = pd.DataFrame({"week": weeks.astype(NS), **counts})
    return frame.assign(total=frame[list(KINDS)].sum(axis=1).astype("int64"))
