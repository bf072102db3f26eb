"""Reach: is the search getting beyond the people already known?

docs/metrics.md, "Reach": per month, the share of interviews held with people you did not know
before (source not ``known``) and the deepest referral level reached: the method works when
most interviews are with strangers, found through chains of names.

Choices where the rules are silent: interviews count once per contact and day (as
``metrics.interviews_held`` counts them), dated on or before the as-of day; the deepest level
of a month is the largest referral depth (``referrals.roots_and_depths``: 0 for a person you
started from, 1 for a name they gave you, ...) among the people interviewed that month; every
month from the first interview to the as-of month is listed, months without interviews as
zeros.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.analyses.frames import NS, coded_interactions, contact_ids, type_mask
from netwk_analysis.analyses.referrals import roots_and_depths

__all__ = ["REACH_COLUMNS", "reach"]

REACH_COLUMNS = ["month", "interviews", "new_people", "share_new", "deepest_level"]


def reach(network, *, as_of) -> pd.DataFrame:
    """Per month: interviews, how many with people not known before, and the deepest level.

    Returns
    -------
    DataFrame
        ``month`` (first day), ``interviews``, ``new_people`` (int: interviews with a contact
        whose source is not ``known``), ``share_new`` (float, NaN without interviews),
        ``deepest_level`` (Int64, null without interviews).

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> people = pd.DataFrame({"name": ["Ann", "Bo"], "referred_by": [pd.NA, "Ann"],
    ...                        "source": ["known", "referral"]})
    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2026-03-02", "2026-03-20"]),
    ...     "contact": ["Ann", "Bo"], "type": ["interview", "interview"]})
    >>> reach(Network(people, acts, pd.DataFrame()), as_of="2026-04-01").values.tolist()[0][1:]
    [2, 1, 0.5, 1]
    """
    as_of = pd.Timestamp(as_of)
    contacts = network.contacts
    acts = coded_interactions(network, as_of=as_of)
    interview = type_mask(acts, ["interview"])
    who = acts["who"].to_numpy()[interview]
    dates = acts["date"].to_numpy(dtype=NS)[interview]
    if not len(who):
        return pd.DataFrame(
            {
                "month": pd.Series(dtype=NS),
                "interviews": pd.Series(dtype="int64"),
                "new_people": pd.Series(dtype="int64"),
                "share_new": pd.Series(dtype="float64"),
                "deepest_level": pd.Series(dtype="Int64"),
            }
        )
    order = np.lexsort((dates, who))  # once per contact and day
    repeated = (who[order][1:] == who[order][:-1]) & (dates[order][1:] == dates[order][:-1])
    once = np.delete(order, np.flatnonzero(repeated) + 1)
    who, dates = who[once], dates[once]
    parents = contact_ids(network, contacts["referred_by"])
    parents = np.where(contacts["referred_by"].isna().to_numpy(), -1, parents)
    _, depths = roots_and_depths(parents)
    source = contacts["source"].to_numpy(dtype=object)
    new = (pd.isna(source) | (source != "known"))[who]
    months = dates.astype("datetime64[M]")
    first = months.min()
    span = np.arange(first, np.datetime64(as_of, "M") + 1)
    at = (months - first).astype("int64")
    interviews = np.bincount(at, minlength=len(span)).astype("int64")
    deepest = np.full(len(span), -1, dtype="int64")
    np.maximum.at(deepest, at, depths[who])
    with np.errstate(divide="ignore", invalid="ignore"):
        new_people = np.bincount(at, weights=new, minlength=len(span)).astype("int64")
        share = np.where(interviews > 0, new_people / interviews, np.nan)
    return pd.DataFrame(
        {
            "month": span.astype(NS),
            "interviews": interviews,
            "new_people": new_people,
            "share_new": share.astype("float64"),
            "deepest_level": pd.arrays.IntegerArray(deepest, interviews == 0),
        }
    )
