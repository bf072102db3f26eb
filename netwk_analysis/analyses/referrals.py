"""The referral tree (who gave me whose name) and lead attribution.

docs/metrics.md "Referral tree and leads": "each lead credits its contact and every ancestor on
the referral chain
up to the root; report per root and per referrer: names given, names contacted, interviews, leads
downstream (leads of contacts strictly below the referrer)."

The referral graph is a forest (``load`` already rejects self-referrals and cycles). Roots,
depths and subtree totals are computed for the whole forest at once with numpy: pointer jumping
for roots and depths, then one vectorised step per depth level for subtree totals, so 100,000
contacts take a fraction of a second. Everything is counted from what is dated on or before the
as-of date: "a later row does not exist yet".
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from netwk_analysis.analyses.frames import known_leads, known_mask, type_mask
from netwk_analysis.core import schema
from netwk_analysis.core.facts import STAGES
from netwk_analysis.core.model import Network

__all__ = [
    "chain",
    "contact_progress",
    "contact_tree",
    "lead_chains",
    "referral_graph",
    "referrer_attribution",
    "root_attribution",
    "roots_and_depths",
    "subtree_totals",
    "tree_order",
    "tree_people",
    "tree_tables",
]

#: How far a person got, in order: ``named`` (no request yet), ``asked`` (a request),
#: ``answered`` (any inbound reply/decline/interview), ``interviewed``, ``lead`` (a lead on them).

ARROW = " → "
TEXT = pd.StringDtype()


# --- forest arithmetic on integer parent arrays ----------------------------------------------


def roots_and_depths(parents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Root and depth of every node of a forest given as a parent array (-1 for a root).

    Pointer jumping: each round every node jumps to its pointer's pointer, so a forest of depth
    ``d`` is resolved in about ``log2(d)`` vectorised rounds. Roots have depth 0 and are their
    own root.

    Examples
    --------
    >>> roots, depths = roots_and_depths(np.array([-1, 0, 1, 2, -1, 4]))
    >>> roots.tolist(), depths.tolist()
    ([0, 0, 0, 0, 4, 4], [0, 1, 2, 3, 0, 1])
    """
    parents = np.asarray(parents, dtype=np.int64)
    index = np.arange(len(parents), dtype=np.int64)
    jump = np.where(parents < 0, index, parents)
    depth = (parents >= 0).astype(np.int64)
    for _ in range(int(np.log2(max(len(parents), 1))) + 2):
        further = jump[jump]
        if np.array_equal(further, jump):
            return jump, depth
        depth = depth + depth[jump]
        jump = further
    raise ValueError("the referral graph has a cycle")


def subtree_totals(parents: np.ndarray, depths: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over each node's subtree (the node included).

    One vectorised step per depth level, deepest first: every node hands its total to its parent.

    Examples
    --------
    >>> parents = np.array([-1, 0, 1, 1, -1])
    >>> subtree_totals(parents, np.array([0, 1, 2, 2, 0]), np.array([0, 0, 1, 2, 5])).tolist()
    [3, 3, 1, 2, 5]
    """
    totals = np.asarray(values).copy()
    for level in range(int(depths.max(initial=0)), 0, -1):
        at = np.flatnonzero(depths == level)
        np.add.at(totals, parents[at], totals[at])
    return totals


def tree_order(parents: np.ndarray, depths: np.ndarray) -> np.ndarray:
    """Positions in tree order: each root, then its subtree depth first, siblings in row order.

    Examples
    --------
    >>> tree_order(np.array([-1, -1, 0, 1, 2]), np.array([0, 0, 1, 1, 2])).tolist()
    [0, 2, 4, 1, 3]

    Sort key of a node = row positions of its ancestors from the root down (vectorised lexsort,
    one key per level; a shorter path, that is the parent itself, sorts before its children).
    """
    n = len(parents)
    if n == 0:
        return np.arange(0)
    top = int(depths.max())
    keys = np.full((top + 1, n), -1, dtype=np.int64)
    node = np.arange(n)
    for up in range(top + 1):  # ``up`` steps above each node
        level = depths - up
        ok = level >= 0
        keys[level[ok], np.flatnonzero(ok)] = node[ok]
        node = np.where(parents[node] >= 0, parents[node], node)
    return np.lexsort(keys[::-1])


# --- per-contact facts -----------------------------------------------------------------------


def _as_of(network: Network, as_of) -> pd.Timestamp:
    return pd.Timestamp(as_of) if as_of is not None else network.as_of()


def _lead_counts(network: Network, as_of: pd.Timestamp, index: pd.Index) -> np.ndarray:
    """Counted Leads rows per contact (workbook order)."""
    surfaced = index.get_indexer(known_leads(network, as_of=as_of)["contact"])
    return np.bincount(surfaced[surfaced >= 0], minlength=len(index)).astype(np.int64)


def contact_progress(network: Network, *, as_of=None) -> pd.DataFrame:
    """How far each contact got as of a day, one row per contact in workbook order.

    Stages (``STAGES``): named = no request yet; asked = a request; answered = an inbound
    ``reply``/``decline``/``interview`` (docs/metrics.md: "a meeting held counts as an answer");
    interviewed = an interview; lead = a lead on them. Only interactions dated on or before
    ``as_of`` and leads dated on or before it (or undated) count.

    Returns
    -------
    DataFrame[name, requested, answered, interviewed, leads, stage]
        ``leads`` counts Leads rows; ``stage`` is an ordered categorical over ``STAGES``.
    """
    return _progress(network, _as_of(network, as_of), pd.Index(network.contacts["name"]))


def _progress(network: Network, as_of: pd.Timestamp, index: pd.Index) -> pd.DataFrame:
    names = network.contacts["name"]
    n = len(names)
    known = known_mask(network, as_of)
    acts = network.interactions
    # positions in ``index`` (the contacts' names, unique): matched once per network
    who = network.interaction_positions[known]

    def touched(types) -> np.ndarray:
        mask = type_mask(acts, types)[known] & (who >= 0)
        return np.bincount(who[mask], minlength=n) > 0

    requested = touched(["request"])
    answered = touched(schema.INBOUND_TYPES)
    interviewed = touched(["interview"])
    leads = _lead_counts(network, as_of, index)
    level = np.maximum.reduce(
        [requested * 1, answered * 2, interviewed * 3, (leads > 0) * 4, np.zeros(n, int)]
    )
    stage = pd.Categorical.from_codes(level, categories=list(STAGES), ordered=True)
    return pd.DataFrame(
        {
            "name": names.to_numpy(),
            "requested": requested,
            "answered": answered,
            "interviewed": interviewed,
            "leads": leads,
            "stage": stage,
        }
    ).astype({"name": TEXT})


# --- the tree --------------------------------------------------------------------------------


class _Forest(NamedTuple):
    """Integer form of the tree: ``index`` of names (built once: hashing 100,000 names is the
    costly step), and per contact (workbook order) the positions of referrer and root, and
    depth."""

    index: pd.Index
    parents: np.ndarray
    roots: np.ndarray
    depths: np.ndarray


def _forest(contacts: pd.DataFrame) -> _Forest:
    index = pd.Index(contacts["name"])
    referred_by = contacts["referred_by"]
    codes = index.get_indexer(referred_by.fillna(""))
    parents = np.where(referred_by.isna().to_numpy(), -1, codes).astype(np.int64)
    roots, depths = roots_and_depths(parents)
    return _Forest(index, parents, roots, depths)


def contact_tree(network: Network) -> pd.DataFrame:
    """Root and depth of every contact, in tree order.

    the ``tree`` JSON shape JSON ``contacts``: name, referred_by, root, depth. A root (no
    ``referred_by``) has depth 0 and is its own root; each name below adds 1. Rows are in tree
    order: each root followed by its people depth first, siblings in workbook order.

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> people = pd.DataFrame({"name": ["Ann", "Bo", "Cy"], "referred_by": [None, "Ann", "Bo"]})
    >>> net = Network(people.astype("string"), pd.DataFrame(), pd.DataFrame())
    >>> contact_tree(net)
      name referred_by root  depth
    0  Ann        <NA>  Ann      0
    1   Bo         Ann  Ann      1
    2   Cy          Bo  Ann      2
    """
    return _contact_tree(network.contacts, _forest(network.contacts))


def _contact_tree(contacts: pd.DataFrame, forest: _Forest) -> pd.DataFrame:
    _, parents, roots, depths = forest
    names = contacts["name"].astype(TEXT).to_numpy()
    order = tree_order(parents, depths)
    return pd.DataFrame(
        {
            "name": pd.array(names[order], dtype=TEXT),
            "referred_by": pd.array(contacts["referred_by"].to_numpy()[order], dtype=TEXT),
            "root": pd.array(names[roots][order], dtype=TEXT),
            "depth": depths[order].astype(np.int64),
        }
    )


def chain(network_or_frame: Network | pd.DataFrame, name: str) -> list[str]:
    """The referral chain of one contact: root first, the contact last.

    Accepts a ``Network`` or any frame with ``name`` and ``referred_by`` columns (for example
    ``contact_tree``'s). An unknown name raises ``KeyError``.

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["Ann", "Bo", "Cy"], "referred_by": [None, "Ann", "Bo"]})
    >>> chain(frame, "Cy")
    ['Ann', 'Bo', 'Cy']
    """
    frame = network_or_frame
    if isinstance(frame, Network):
        frame = frame.contacts
    referrer = frame.set_index("name")["referred_by"]
    if name not in referrer.index:
        raise KeyError(f"no contact named '{name}'")
    path = [name]
    while pd.notna(referrer[path[-1]]) and len(path) <= len(referrer):
        path.append(referrer[path[-1]])
    return path[::-1]


def tree_people(network: Network, *, as_of=None) -> pd.DataFrame:
    """The referral forest as one frame: what the tree picture needs, without a graph.

    One row per contact in workbook order: ``name``, ``parent`` (row position of the referrer,
    -1 for a root), ``stage`` (``contact_progress``) and ``leads``, counted as of ``as_of``
    (default: the network's as-of day). ``tree_plot.plot_referral_forest`` draws it; the
    picture is the one ``plot_referral_tree(referral_graph(network))`` draws.

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> people = pd.DataFrame({"name": ["Ann", "Bo"], "referred_by": [None, "Ann"]})
    >>> touches = pd.DataFrame({"date": pd.to_datetime([]), "contact": [], "type": []})
    >>> leads = pd.DataFrame({"date": pd.to_datetime([]), "contact": []})
    >>> tree_people(Network(people.astype("string"), touches, leads), as_of="2026-03-02")
      name  parent  stage  leads
    0  Ann      -1  named      0
    1   Bo       0  named      0
    """
    forest = _forest(network.contacts)
    progress = _progress(network, _as_of(network, as_of), forest.index)
    return pd.DataFrame(
        {
            "name": network.contacts["name"].astype(str).to_numpy(dtype=object),
            "parent": forest.parents,
            "stage": progress["stage"].astype(str).to_numpy(dtype=object),
            "leads": progress["leads"].to_numpy(dtype=np.int64),
        }
    )


def referral_graph(network: Network, *, as_of=None):
    """The referral forest as a ``networkx.DiGraph``: an edge referrer -> referred.

    Every contact is a node with attributes ``company``, ``status``, ``source``, ``depth``,
    ``root``, ``stage`` (one of ``STAGES``), ``interviewed`` (bool) and ``leads`` (int), counted
    from what is dated on or before ``as_of`` (default: the network's as-of day).

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> people = pd.DataFrame({"name": ["Ann", "Bo"], "referred_by": [None, "Ann"]})
    >>> touches = pd.DataFrame({"date": pd.to_datetime([]), "contact": [], "type": []})
    >>> leads = pd.DataFrame({"date": pd.to_datetime([]), "contact": []})
    >>> net = Network(people.astype("string"), touches, leads)
    >>> graph = referral_graph(net, as_of="2026-03-02")
    >>> list(graph.edges), graph.nodes["Bo"]["depth"], graph.nodes["Bo"]["stage"]
    ([('Ann', 'Bo')], 1, 'named')
    """
    import networkx as nx

    contacts = network.contacts
    _, _, roots, depths = forest = _forest(contacts)
    progress = _progress(network, _as_of(network, as_of), forest.index)
    names = contacts["name"].astype(str).to_numpy()

    def column(name: str) -> list:
        if name not in contacts:
            return [None] * len(contacts)
        values = contacts[name].astype(object)
        return values.where(values.notna(), None).astype(object).tolist()

    columns = {
        "company": column("company"),
        "status": column("status"),
        "source": column("source"),
        "depth": depths.tolist(),
        "root": names[roots].tolist(),
        "stage": progress["stage"].astype(str).tolist(),
        "interviewed": progress["interviewed"].tolist(),
        "leads": progress["leads"].tolist(),
    }
    keys = tuple(columns)
    # networkx keeps one attribute dict per node: building them is the one per-node step.
    rows = zip(*columns.values(), strict=True)
    attributes = [dict(zip(keys, values, strict=True)) for values in rows]
    graph = nx.DiGraph()
    graph.add_nodes_from(zip(names.tolist(), attributes, strict=True))
    referred = contacts["referred_by"].notna().to_numpy()
    graph.add_edges_from(
        zip(
            contacts["referred_by"].to_numpy()[referred].tolist(),
            names[referred].tolist(),
            strict=True,
        )
    )
    return graph


# --- attribution -----------------------------------------------------------------------------


def referrer_attribution(network: Network, *, as_of=None) -> pd.DataFrame:
    """What each referrer's names were worth, one row per contact who gave at least one name.

    docs/metrics.md "Referral tree and leads" per referrer: names given, names contacted,
    interviews, leads
    downstream "(leads of contacts strictly below the referrer)".

    - ``names_given``: contacts whose ``referred_by`` is them.
    - ``names_contacted``: of those, how many got at least one ``request`` on or before ``as_of``.
    - ``interviews``: of those, how many were interviewed on or before ``as_of`` (people, not
      meetings).
    - ``leads_downstream``: Leads rows (dated on or before ``as_of``, or undated) of every
      descendant at any depth; the referrer's own leads are not included.

    Sorted by leads_downstream, then names_given (both most first), then name.

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> people = pd.DataFrame({"name": ["Ann", "Bo", "Cy"], "referred_by": [None, "Ann", "Bo"]})
    >>> touches = pd.DataFrame({"date": pd.to_datetime(["2026-03-02"]), "contact": ["Bo"],
    ...                         "type": ["request"]})
    >>> leads = pd.DataFrame({"date": pd.to_datetime([None]), "contact": ["Cy"]})
    >>> net = Network(people.astype("string"), touches, leads)
    >>> referrer_attribution(net, as_of="2026-03-06")
      name  names_given  names_contacted  interviews  leads_downstream
    0  Ann            1                1           0                 1
    1   Bo            1                0           0                 1
    """
    forest = _forest(network.contacts)
    progress = _progress(network, _as_of(network, as_of), forest.index)
    return _referrers(network.contacts, forest, progress)


def _referrers(contacts: pd.DataFrame, forest: _Forest, progress: pd.DataFrame) -> pd.DataFrame:
    _, parents, _, depths = forest
    n = len(contacts)
    child_of = parents[parents >= 0]

    def per_parent(values) -> np.ndarray:
        weights = np.asarray(values, dtype=np.int64)[parents >= 0]
        return np.bincount(child_of, weights=weights, minlength=n).astype(np.int64)

    own_leads = progress["leads"].to_numpy(dtype=np.int64)
    downstream = subtree_totals(parents, depths, own_leads) - own_leads
    columns = {
        "names_given": per_parent(np.ones(n)),
        "names_contacted": per_parent(progress["requested"]),
        "interviews": per_parent(progress["interviewed"]),
        "leads_downstream": downstream,
    }
    gave = np.flatnonzero(columns["names_given"] > 0)
    names = contacts["name"].astype(TEXT).array.take(gave)
    _, by_name = np.unique(np.asarray(names, dtype=object), return_inverse=True)
    order = gave[  # most leads downstream, then most names given, then by name
        np.lexsort((by_name, -columns["names_given"][gave], -downstream[gave]))
    ]
    return pd.DataFrame(
        {
            "name": contacts["name"].astype(TEXT).array.take(order),
            **{column: values[order] for column, values in columns.items()},
        }
    )


def root_attribution(network: Network, *, as_of=None) -> pd.DataFrame:
    """What each starting point (root) grew into, one row per root (lone roots included).

    the ``tree`` JSON shape: "``contacts`` of a root counts everyone in its tree, the root
    included";
    ``leads`` counts the Leads rows (dated on or before ``as_of``, or undated) of everyone in the
    tree, the root included. Sorted by leads, then contacts (both most first), then name.

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> people = pd.DataFrame({"name": ["Ann", "Bo", "Di"], "referred_by": [None, "Ann", None]})
    >>> leads = pd.DataFrame({"date": pd.to_datetime([None]), "contact": ["Bo"]})
    >>> net = Network(people.astype("string"), pd.DataFrame(), leads)
    >>> root_attribution(net, as_of="2026-03-06")
      name  contacts  leads
    0  Ann         2      1
    1   Di         1      0
    """
    forest = _forest(network.contacts)
    leads = _lead_counts(network, _as_of(network, as_of), forest.index)
    return _roots(network.contacts, forest, leads)


def _roots(contacts: pd.DataFrame, forest: _Forest, leads: np.ndarray) -> pd.DataFrame:
    roots = forest.roots
    n = len(contacts)
    is_root = roots == np.arange(n)
    tops = np.flatnonzero(is_root)
    people = np.bincount(roots, minlength=n)[tops].astype(np.int64)
    grown = np.bincount(roots, weights=leads, minlength=n)[tops].astype(np.int64)
    names = contacts["name"].astype(TEXT).array.take(tops)
    _, by_name = np.unique(np.asarray(names, dtype=object), return_inverse=True)
    order = np.lexsort((by_name, -people, -grown))  # most leads, most people, then by name
    return pd.DataFrame(
        {"name": names.take(order), "contacts": people[order], "leads": grown[order]}
    )


def lead_chains(network: Network, *, as_of=None) -> pd.DataFrame:
    """Every counted lead with the referral chain that led to it.

    docs/metrics.md: "each lead credits its contact and every ancestor on the referral chain up to
    the
    root". Leads dated on or before ``as_of`` (or undated), in Leads order.

    Returns
    -------
    DataFrame[contact, company, role, stage, date, root, depth, chain]
        ``chain`` reads root first: ``"Ann → Bo → Cy"``.

    Examples
    --------
    >>> from netwk_analysis.core.model import Network
    >>> people = pd.DataFrame({"name": ["Ann", "Bo", "Cy"], "referred_by": [None, "Ann", "Bo"]})
    >>> leads = pd.DataFrame({"date": pd.to_datetime(["2026-03-02"]), "contact": ["Cy"],
    ...                       "company": ["Acme"], "role": ["Analyst"], "stage": ["lead"]})
    >>> net = Network(people.astype("string"), pd.DataFrame(), leads)
    >>> lead_chains(net, as_of="2026-03-06")["chain"].tolist()
    ['Ann → Bo → Cy']
    """
    contacts = network.contacts
    index, parents, roots, depths = _forest(contacts)
    names = contacts["name"].astype(str).to_numpy()
    leads = known_leads(network, as_of=_as_of(network, as_of))
    at = index.get_indexer(leads["contact"])
    names = names.astype(object)
    text = names[at]
    node = at.copy()
    for _ in range(int(depths[at].max(initial=0))):  # one step up the tree per level
        up = parents[node]
        has = up >= 0
        text = np.where(has, names[np.where(has, up, 0)] + ARROW + text, text)
        node = np.where(has, up, node)

    def column(name: str, dtype=TEXT):
        if name in leads:
            return leads[name].to_numpy()
        return pd.array([None] * len(leads), dtype=dtype)

    return pd.DataFrame(
        {
            "contact": pd.array(leads["contact"].to_numpy(), dtype=TEXT),
            "company": column("company"),
            "role": column("role"),
            "stage": column("stage", "category"),
            "date": leads["date"].to_numpy(dtype="datetime64[ns]"),
            "root": pd.array(names[roots[at]], dtype=TEXT),
            "depth": depths[at].astype(np.int64),
            "chain": pd.array(text, dtype=TEXT),
        }
    )


def tree_tables(network: Network, *, as_of=None) -> dict[str, pd.DataFrame]:
    """The three frames of ``netwk tree`` in the documented JSON shape ``tree``.

    ``{"contacts": contact_tree, "referrers": referrer_attribution, "roots":
    root_attribution}``; column names are the JSON keys.
    """
    forest = _forest(network.contacts)
    progress = _progress(network, _as_of(network, as_of), forest.index)
    return {
        "contacts": _contact_tree(network.contacts, forest),
        "referrers": _referrers(network.contacts, forest, progress),
        "roots": _roots(network.contacts, forest, progress["leads"].to_numpy()),
    }
