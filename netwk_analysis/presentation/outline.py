"""The referral tree as a text outline for the page: one block per root, nested people.

docs/report.md, "The referral outline": every person is plain text (so the browser's find
finds anyone), indented under the person who gave their name, leads marked. Past
``max_people`` people the outline keeps whole trees in order of leads, then size, shows only
the chains to leads of a tree too large for what is left, and ends with "+N more".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.analyses.referrals import roots_and_depths, subtree_totals, tree_order

__all__ = ["MAX_OUTLINE_PEOPLE", "outline_rows"]

#: Most people the outline lists before it summarises the rest as "+N more".
MAX_OUTLINE_PEOPLE = 300

OUTLINE_COLUMNS = ["root", "name", "depth", "stage", "lead", "tree_people", "tree_leads"]


def _trees(people: pd.DataFrame) -> pd.DataFrame:
    """Per person: its root, depth, tree size and leads, and whether its branch holds a lead."""
    parents = people["parent"].to_numpy(dtype=np.int64)
    roots, depths = roots_and_depths(parents)
    leads = people["leads"].to_numpy(dtype=np.int64)
    branch_leads = subtree_totals(parents, depths, leads)
    size = subtree_totals(parents, depths, np.ones(len(people), dtype=np.int64))
    return pd.DataFrame(
        {
            "root": roots,
            "depth": depths,
            "tree_people": size[roots],
            "tree_leads": branch_leads[roots],
            "on_chain": branch_leads > 0,
        }
    )


def outline_rows(
    people: pd.DataFrame, *, max_people: int = MAX_OUTLINE_PEOPLE
) -> tuple[pd.DataFrame, int, int]:
    """The people the outline lists, in tree order, and what it leaves out.

    Trees are taken in order of most leads, then most people, then workbook order. Trees are
    listed whole while they fit in ``max_people`` together; a tree with leads that does not fit
    lists only its chains to leads (the lead and everyone above it), while those fit; the room
    left goes to the next trees small enough for it. Everyone left out is counted in "+N more".

    Parameters
    ----------
    people : DataFrame
        ``referrals.tree_people``: ``name``, ``parent`` (position of the referrer, -1 for a
        root), ``stage``, ``leads``.
    max_people : int

    Returns
    -------
    (DataFrame, int, int)
        The rows (``root`` = position of the tree's root, ``name``, ``depth``, ``stage``,
        ``lead`` = this person led to a lead, ``tree_people``, ``tree_leads``), the number of
        people left out, and the number of trees with nobody listed.

    Examples
    --------
    >>> people = pd.DataFrame({"name": ["Ann", "Bo", "Cy", "Di"], "parent": [-1, 0, -1, 0],
    ...                        "stage": ["answered", "lead", "named", "named"],
    ...                        "leads": [0, 1, 0, 0]})
    >>> rows, more, trees = outline_rows(people, max_people=2)
    >>> rows[["name", "depth", "lead"]].values.tolist(), more, trees
    ([['Ann', 0, False], ['Bo', 1, True]], 2, 1)
    """
    if people.empty:
        return pd.DataFrame({c: [] for c in OUTLINE_COLUMNS}), 0, 0
    trees = _trees(people)
    parents = people["parent"].to_numpy(dtype=np.int64)
    roots = trees.loc[parents < 0, ["root", "tree_people", "tree_leads"]]
    roots = roots.assign(position=roots.index).sort_values(
        ["tree_leads", "tree_people", "position"], ascending=[False, False, True]
    )
    # 1. whole trees, in order, while the running total fits; 2. the chains to leads of the
    # trees with leads that did not fit, while they fit too; 3. with what is left, the other
    # trees small enough for it, in order, while they fit.
    sizes = roots.set_index("root")["tree_people"]
    whole = sizes.index[(sizes.cumsum() <= max_people).to_numpy()]
    left = max_people - int(sizes[whole].sum())
    chains = trees.loc[~trees["root"].isin(whole) & trees["on_chain"]].groupby("root").size()
    chains = chains.reindex(sizes.index).dropna()  # in tree order of priority
    partial = chains.index[(chains.cumsum() <= left).to_numpy()]
    left -= int(chains[partial].sum())
    others = sizes[~sizes.index.isin(whole) & ~sizes.index.isin(partial) & (sizes <= left)]
    whole = whole.append(others.index[(others.cumsum() <= left).to_numpy()])
    shown = trees["root"].isin(whole) | (trees["root"].isin(partial) & trees["on_chain"])
    order = tree_order(parents, trees["depth"].to_numpy())
    rank = pd.Series(np.arange(len(roots)), index=roots["root"].to_numpy())
    frame = pd.DataFrame(
        {
            "root": trees["root"],
            "name": people["name"].astype(str),
            "depth": trees["depth"],
            "stage": people["stage"].astype(str),
            "lead": people["leads"].to_numpy() > 0,
            "tree_people": trees["tree_people"],
            "tree_leads": trees["tree_leads"],
            "tree_rank": rank.reindex(trees["root"]).to_numpy(),
            "within": np.argsort(order),
        }
    )
    rows = frame.loc[shown.to_numpy()].sort_values(["tree_rank", "within"])
    more = len(people) - len(rows)
    hidden_trees = len(roots) - rows["root"].nunique()
    return rows[OUTLINE_COLUMNS].reset_index(drop=True), more, hidden_trees
