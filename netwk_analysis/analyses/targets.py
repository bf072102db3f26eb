"""Where to look next: the target employers of the Targets sheet (the LAMP list), ranked, with
how far the 3B7 routine has got at each and the concrete next step.

docs/metrics.md, "Target employers": each target is joined to Contacts by company (trimmed,
case-folded) and gets ``contacts``, ``asked``, ``answered``, ``booster``, ``interviews``,
``leads`` and ``advocacy``; targets are ranked by motivation, then posting, then advocacy (all
descending), then employer; the status is the first of ``booster found``, ``move on``,
``waiting``, ``ask``, ``find a contact`` that holds, and ``next`` names the people.

Choices where the rules are silent (docs/metrics.md lists them too):

* The counts are the people of ``metrics.people_at_companies`` (known by the as-of day, first
  request per person), so they agree with the employer coverage table; ``leads`` counts Leads
  rows at the employer (the lead's company, else its contact's).
* ``ask`` holds whenever someone there has not been asked yet (and nothing before it holds);
  ``find a contact`` when nobody there is left to ask, including nobody there at all.
* Names suggested to ask are active contacts there never asked, up to three, earliest added
  first, then by name (as the ``move_on`` action of the due list does). The person to ask "for
  a name there" is the most recently interviewed active contact at that employer, else the most
  recently interviewed active contact anywhere (ties: by name).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.analyses.followups import open_items
from netwk_analysis.analyses.frames import (
    NS,
    coded_interactions,
    company_key,
    joined_text,
    names_by_group,
)
from netwk_analysis.analyses.metrics import lead_companies, people_at_companies
from netwk_analysis.core import schema
from netwk_analysis.core.facts import TARGET_STATUSES

__all__ = ["TARGET_COLUMNS", "target_employers"]

#: The columns of ``target_employers`` (the keys of ``netwk targets --format json``).
TARGET_COLUMNS = [
    "employer",
    "rank",
    "motivation",
    "posting",
    "advocacy",
    "contacts",
    "asked",
    "answered",
    "booster",
    "interviews",
    "leads",
    "status",
    "next",
]
#: At most this many names in one ``next`` step.
NAMES_SHOWN = 3

BOOSTER_FOUND, MOVE_ON, WAITING, ASK, FIND = TARGET_STATUSES


def _targets(network) -> pd.DataFrame:
    """The Targets sheet with every column present and ``ckey``, the employer in matching form
    (an empty frame without the sheet; an employer listed twice keeps its first row, as
    loading does)."""
    names = [column.name for column in schema.TARGET_COLUMNS]
    targets = network.targets.reindex(columns=names)
    employer = targets["employer"].astype("string").str.strip()
    targets = pd.DataFrame(
        {
            "employer": employer,
            "motivation": targets["motivation"].astype("Float64").fillna(0).astype("int64"),
            "posting": targets["posting"].astype("Float64").fillna(1).astype("int64"),
            "alumni": targets["alumni"].astype("boolean").fillna(False).astype(bool),
            "ckey": company_key(employer),
        }
    ).dropna(subset=["ckey"])
    return targets.drop_duplicates("ckey").reset_index(drop=True)


def _last_interviews(network, *, as_of) -> np.ndarray:
    """Per contact position, the day of their latest interview by ``as_of`` (NaT if none)."""
    acts = coded_interactions(network, as_of=as_of)
    interviews = acts[(acts["type"] == "interview") & (acts["who"] >= 0)]
    last = np.full(len(network.contacts), np.iinfo("int64").min, dtype="int64")
    np.maximum.at(
        last, interviews["who"].to_numpy(), interviews["date"].to_numpy(dtype=NS).view("int64")
    )
    return np.where(last == np.iinfo("int64").min, np.datetime64("NaT", "ns"), last.view(NS))


def target_employers(network, *, as_of, due: pd.DataFrame | None = None) -> pd.DataFrame:
    """The target employers, ranked, each with its counts, status and next step.

    docs/metrics.md, **Target employers**: "Each target is joined to Contacts by company
    (trimmed, case-folded) and gets: ``contacts``, ``asked``, ``answered``, ``booster``
    (someone there answered within ``move_on_business_days``), ``interviews``, ``leads``, and
    ``advocacy`` = yes if alumni or any contact there. Ranked by motivation, then posting, then
    advocacy (all descending), then employer. ``status``, the first that holds: ``booster
    found`` (name them); ``move on`` (a ``move_on`` item for someone there is in the due list:
    ``next`` names colleagues there not asked yet, else suggests asking an interviewed contact
    for a name there); ``waiting`` (a request there not answered yet); ``ask`` (contacts there,
    none asked: name them); ``find a contact`` (nobody there yet)." The ``move_on`` items are
    those of ``followups.due_items`` for the same day.

    Parameters
    ----------
    network : Network
    as_of : date-like
        The review day; only data dated on or before it is used.
    due : DataFrame, optional
        ``followups.due_items(network, as_of=as_of)`` when the caller has it already;
        otherwise its rows are taken from ``followups.open_items`` (the same items, without
        their text).

    Returns
    -------
    DataFrame
        ``TARGET_COLUMNS``: ``employer`` (as typed on Targets), ``rank`` (1 = look here first),
        ``motivation``, ``posting`` (int), ``advocacy`` (bool), ``contacts``, ``asked``,
        ``answered`` (people), ``booster`` (bool), ``interviews`` (people interviewed),
        ``leads`` (int), ``status`` (one of ``facts.TARGET_STATUSES``), ``next`` (text); in
        rank order.

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> contacts = pd.DataFrame({"name": ["Ann"], "company": ["Acme "], "referred_by": [pd.NA],
    ...     "may_use_name": [pd.NA], "added_on": pd.to_datetime(["2026-03-02"]),
    ...     "status": ["active"]})
    >>> acts = pd.DataFrame({"date": pd.to_datetime([]), "contact": [], "type": [],
    ...     "channel": []})
    >>> leads = pd.DataFrame({"date": pd.to_datetime([]), "contact": [], "company": []})
    >>> targets = pd.DataFrame({"employer": ["ACME", "Globex"], "motivation": [2, 3]})
    >>> table = target_employers(Network(contacts, acts, leads, targets=targets),
    ...                          as_of="2026-03-10")
    >>> table[["employer", "rank", "status", "next"]].values.tolist()
    [['Globex', 1, 'find a contact', 'find a contact at Globex'], ['ACME', 2, 'ask', 'ask Ann']]
    """
    as_of = pd.Timestamp(as_of)
    targets = _targets(network)
    if targets.empty:
        return _empty()
    size = len(targets)
    contacts = network.contacts
    names = contacts["name"].to_numpy(dtype=object)
    people = people_at_companies(network, as_of=as_of)
    at = pd.Index(targets["ckey"]).get_indexer(people["ckey"])
    target = at[at >= 0]
    who = people["who"].to_numpy()[at >= 0]
    flags = {
        column: people[column].to_numpy(dtype=bool)[at >= 0]
        for column in ("asked", "answered", "booster", "interviewed")
    }
    counts = {column: np.bincount(target[flag], minlength=size) for column, flag in flags.items()}
    contacts_there = np.bincount(target, minlength=size)
    _, lead_keys = lead_companies(network, as_of=as_of)
    leads = np.bincount(
        pd.Index(targets["ckey"]).get_indexer(lead_keys.to_numpy(dtype=object)) + 1,
        minlength=size + 1,
    )[1:]
    advocacy = targets["alumni"].to_numpy(dtype=bool) | (contacts_there > 0)

    active = (contacts["status"] == "active").to_numpy()
    asked, answered = flags["asked"], flags["answered"]

    def named(mask: np.ndarray, key: np.ndarray, limit: int = NAMES_SHOWN) -> np.ndarray:
        return names_by_group(target[mask], key[mask], names[who[mask]], size, limit=limit)

    boosters = named(flags["booster"], who)
    waiting = named(asked & ~answered, who)
    added = contacts["added_on"].to_numpy(dtype=NS).view("int64")[who]
    to_ask = named(active[who] & ~asked, added)
    last = _last_interviews(network, as_of=as_of)
    met = active[who] & ~np.isnat(last[who])
    met_there = named(met, -last.view("int64")[who], limit=1)  # the latest first
    everyone = np.flatnonzero(~np.isnat(last) & active)
    anyone = None
    if everyone.size:
        latest = everyone[last[everyone] == last[everyone].max()]
        anyone = min(names[latest])  # ties: by name (a handful)

    moving = np.zeros(len(contacts), dtype=bool)  # a move_on item in the due list
    if due is None:
        items = open_items(network, as_of=as_of)
        moving[items.loc[items["kind"] == "move_on", "who"].to_numpy()] = True
    else:
        listed = pd.Index(names[who]).isin(due.loc[due["kind"] == "move_on", "contact"])
        moving[who[listed]] = True
    move_on = np.zeros(size, dtype=bool)
    move_on[target[moving[who]]] = True

    employer = targets["employer"].to_numpy(dtype=object)
    helper = np.where(pd.isna(met_there), anyone, met_there)
    for_a_name = joined_text("ask ", helper, " for a name at ", employer)
    for_a_name = np.where(
        pd.isna(for_a_name), joined_text("find a contact at ", employer), for_a_name
    )
    ask_someone = joined_text("ask ", to_ask)
    steps = {
        BOOSTER_FOUND: (counts["booster"] > 0, joined_text("booster: ", boosters)),
        MOVE_ON: (move_on, np.where(pd.isna(ask_someone), for_a_name, ask_someone)),
        WAITING: (counts["asked"] > counts["answered"], joined_text("waiting for ", waiting)),
        ASK: (~pd.isna(to_ask), ask_someone),
    }
    status = np.full(size, FIND, dtype=object)
    step = for_a_name.copy()
    decided = np.zeros(size, dtype=bool)
    for name, (holds, text) in steps.items():  # four statuses, the first that holds
        now = holds & ~decided
        status[now] = name
        step[now] = text[now]
        decided |= now
    order = np.lexsort(
        (
            targets["employer"].to_numpy(dtype=object).astype(str),
            targets["ckey"].to_numpy(dtype=object).astype(str),
            ~advocacy,
            -targets["posting"].to_numpy(),
            -targets["motivation"].to_numpy(),
        )
    )
    table = {
        "employer": targets["employer"].array.take(order),
        "rank": np.arange(1, size + 1, dtype="int64"),
        "motivation": targets["motivation"].to_numpy()[order],
        "posting": targets["posting"].to_numpy()[order],
        "advocacy": advocacy[order],
        "contacts": contacts_there[order].astype("int64"),
        "asked": counts["asked"][order].astype("int64"),
        "answered": counts["answered"][order].astype("int64"),
        "booster": counts["booster"][order] > 0,
        "interviews": counts["interviewed"][order].astype("int64"),
        "leads": leads[order].astype("int64"),
        "status": pd.array(status[order], dtype="string"),
        "next": pd.array(step[order], dtype="string"),
    }
    return pd.DataFrame(table)[TARGET_COLUMNS]


def _empty() -> pd.DataFrame:
    """The result without any target (no Targets sheet, or an empty one)."""
    types = {"employer": "string", "advocacy": bool, "booster": bool, "status": "string"}
    return pd.DataFrame(
        {c: pd.Series(dtype=types.get(c, "int64")) for c in TARGET_COLUMNS}
    ).astype({"next": "string"})
