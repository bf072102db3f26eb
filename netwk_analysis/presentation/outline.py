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
    parents = people["parent"].to_numpy(dtype=np.int64)
    roots, depths = roots_and_depths(parents)
    leads = people["leads"].to_numpy(dtype=np.int64)
    branch_leads = subtree_totals(parents, depths, leads)
    size = subtree_totals(parents, depths, np.ones(len(people), dtype=np.int64))
    on_chain = branch_leads > 0
    # the trees in order of priority: most leads, then most people, then workbook order
    tops = np.flatnonzero(parents < 0)
    tops = tops[np.lexsort((tops, -size[tops], -branch_leads[tops]))]
    sizes = size[tops]
    # 1. whole trees, in order, while the running total fits; 2. the chains to leads of the
    # trees with leads that did not fit, while they fit too; 3. with what is left, the other
    # trees small enough for it, in order, while they fit.
    whole = np.cumsum(sizes) <= max_people
    left = max_people - int(sizes[whole].sum())
    not_whole = np.ones(len(people), dtype=bool)
    not_whole[tops[whole]] = False
    chains = np.bincount(roots[on_chain & not_whole[roots]], minlength=len(people))[tops]
    has_chain = np.flatnonzero(chains > 0)
    partial = np.zeros(len(tops), dtype=bool)
    partial[has_chain[np.cumsum(chains[has_chain]) <= left]] = True
    left -= int(chains[partial].sum())
    others = np.flatnonzero(~whole & ~partial & (sizes <= left))
    whole[others[np.cumsum(sizes[others]) <= left]] = True
    rank = np.zeros(len(people), dtype=np.int64)
    rank[tops] = np.arange(len(tops))
    listed_whole = np.zeros(len(people), dtype=bool)
    listed_whole[tops[whole]] = True
    listed_partial = np.zeros(len(people), dtype=bool)
    listed_partial[tops[partial]] = True
    shown = np.flatnonzero(listed_whole[roots] | (listed_partial[roots] & on_chain))
    within = np.argsort(tree_order(parents, depths))
    shown = shown[np.lexsort((within[shown], rank[roots[shown]]))]
    rows = pd.DataFrame(
        {
            "root": roots[shown],
            "name": people["name"].astype(str).array.take(shown),
            "depth": depths[shown],
            "stage": people["stage"].astype(str).array.take(shown),
            "lead": leads[shown] > 0,
            "tree_people": size[roots[shown]],
            "tree_leads": branch_leads[roots[shown]],
        }
    )
    more = len(people) - len(rows)
    hidden_trees = len(tops) - len(np.unique(roots[shown]))
    return rows, more, hidden_trees
