"""Draw the referral tree: who gave me whose name, how far each person got, which chains led to
leads.

DESIGN "Lead attribution": "each lead credits its contact and every ancestor on the referral chain
up to the root"; the picture shows exactly those chains emphasised.

Two steps, so the layout is testable without drawing:

- ``tree_layout`` (pure numpy/pandas): picks the people to show when there are more than
  ``max_people`` (every chain to a lead first, then the largest branches), folds the rest into
  "+N more" nodes under their referrer (and one "+N more" node beside the roots), and places a
  tidy top-down tree: leaves get consecutive x positions in tree order, every referrer is centred
  over the people they named, roots side by side.
- ``plot_referral_tree`` draws that layout on a matplotlib ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.referrals import STAGES, roots_and_depths, subtree_totals, tree_order

__all__ = ["STAGE_COLOURS", "STAGE_LABELS", "plot_referral_tree", "tree_layout"]

#: Okabe–Ito colours (colour-blind safe), one per stage in ``referrals.STAGES`` order.
STAGE_COLOURS = {
    "named": "#BBBBBB",
    "asked": "#56B4E9",
    "answered": "#0072B2",
    "interviewed": "#009E73",
    "lead": "#D55E00",
}
STAGE_LABELS = {
    "named": "named (not asked yet)",
    "asked": "asked",
    "answered": "answered",
    "interviewed": "interviewed",
    "lead": "led to a lead",
}
MORE = "more"
PERSON = "person"
LAYOUT_COLUMNS = [
    "node", "label", "parent", "x", "y", "depth", "kind", "stage", "leads", "people",
    "on_lead_chain",
]


# --- layout (pure) ---------------------------------------------------------------------------


def _forest_arrays(graph) -> pd.DataFrame:
    """One row per node of the graph: name, parent position, stage, leads (graph order)."""
    names = pd.Index(list(graph.nodes), dtype=object)
    edges = pd.DataFrame(list(graph.edges), columns=["parent", "child"], dtype=object)
    parent_name = pd.Series(edges["parent"].to_numpy(), index=edges["child"].to_numpy())
    parent_name = parent_name[~parent_name.index.duplicated()]
    parents = names.get_indexer(parent_name.reindex(names).to_numpy())
    stage = pd.Series(dict(graph.nodes(data="stage", default="named"))).reindex(names)
    leads = pd.Series(dict(graph.nodes(data="leads", default=0))).reindex(names)
    return pd.DataFrame({
        "name": names.astype(str),
        "parent": np.asarray(parents, dtype=np.int64),
        "stage": stage.where(stage.isin(STAGES), "named").to_numpy(),
        "leads": pd.to_numeric(leads, errors="coerce").fillna(0).to_numpy(dtype=np.int64),
    })


def _kept_count(parents: np.ndarray, rank: np.ndarray, budget: int) -> int:
    """Largest number ``k`` of people (taken in priority order) such that ``k`` plus the "+N more"
    nodes they need fit in ``budget``.

    Adding one person adds at most two shown nodes (the person, a fold for their children) and
    may remove one (their referrer's fold), so the total never shrinks: binary search applies.
    """

    def shown(k: int) -> int:
        kept = rank < k
        dropped = ~kept
        parent_kept = np.zeros(len(parents), dtype=bool)
        has = parents >= 0
        parent_kept[has] = kept[parents[has]]
        folds = len(np.unique(parents[dropped & parent_kept]))
        return k + folds + int((dropped & ~has).any())

    low, high = 0, len(parents)
    while low < high:
        middle = (low + high + 1) // 2
        if shown(middle) <= budget:
            low = middle
        else:
            high = middle - 1
    return low


def _folded_forest(people: pd.DataFrame, max_people: int) -> pd.DataFrame:
    """The people to show plus "+N more" nodes; ``parent`` refers to positions of the result.

    Priority: most leads in the branch, then largest branch, then shallowest, then graph order.
    A referrer's branch is strictly larger than each of theirs, so every prefix of that order is
    a set of whole chains from a root (nobody is shown without their referrer).
    """
    parents = people["parent"].to_numpy()
    roots, depths = roots_and_depths(parents)
    size = subtree_totals(parents, depths, np.ones(len(people), dtype=np.int64))
    branch_leads = subtree_totals(parents, depths, people["leads"].to_numpy())
    order = np.lexsort((np.arange(len(people)), depths, -size, -branch_leads))
    rank = np.empty(len(people), dtype=np.int64)
    rank[order] = np.arange(len(people))
    keep = rank < _kept_count(parents, rank, max(int(max_people), 0))
    shown = people.assign(
        depth=depths, people=1, branch_leads=branch_leads, kind=PERSON, label=people["name"]
    ).loc[keep]

    # Dropped people whose referrer is shown (or dropped roots) become "+N more" nodes.
    has_parent = parents >= 0
    cut = ~keep & np.where(has_parent, keep[np.where(has_parent, parents, 0)], True)
    hidden = pd.DataFrame({
        "parent": np.where(has_parent, parents, -1)[cut],
        "people": size[cut],
        "leads": branch_leads[cut],
        "roots": ~has_parent[cut],
    })
    folds = hidden.groupby("parent", as_index=False).agg(
        people=("people", "sum"), leads=("leads", "sum"), roots=("roots", "sum")
    )
    folds = folds.assign(
        name=["+more:" + str(p) for p in folds["parent"]],
        kind=MORE,
        stage=pd.NA,
        depth=np.where(folds["parent"] >= 0, depths[np.maximum(folds["parent"], 0)] + 1, 0),
        branch_leads=folds["leads"],
        label=_more_labels(folds),
    )
    result = pd.concat([shown.reset_index(names="position"), folds], ignore_index=True)
    # Parent positions (graph order) -> positions in the result.
    where = pd.Series(np.arange(len(shown)), index=shown.index)
    result["parent"] = where.reindex(result["parent"]).fillna(-1).to_numpy(dtype=np.int64)
    return result


def _more_labels(folds: pd.DataFrame) -> list[str]:
    """``+12 more`` / ``+40 more in 7 roots`` / ``+5 more (1 lead)``."""
    text = "+" + folds["people"].astype(str) + " more"
    text = text.where(folds["parent"] >= 0, text + " in " + folds["roots"].astype(str) + " roots")
    plural = np.where(folds["leads"] == 1, " lead)", " leads)")
    with_leads = text + " (" + folds["leads"].astype(str) + plural
    return text.where(folds["leads"] == 0, with_leads).tolist()


def _positions(parents: np.ndarray, depths: np.ndarray) -> np.ndarray:
    """x of each node: leaves consecutive in tree order, each parent centred over its children."""
    n = len(parents)
    order = tree_order(parents, depths)
    is_parent = np.zeros(n, dtype=bool)
    is_parent[parents[parents >= 0]] = True
    leaf_in_order = ~is_parent[order]
    x = np.zeros(n, dtype=float)
    x[order] = np.cumsum(leaf_in_order) - 1.0
    for level in range(int(depths.max(initial=0)), 0, -1):  # deepest first
        at = np.flatnonzero(depths == level)
        up = parents[at]
        low, high = np.full(n, np.inf), np.full(n, -np.inf)
        np.minimum.at(low, up, x[at])
        np.maximum.at(high, up, x[at])
        done = np.unique(up)
        x[done] = (low[done] + high[done]) / 2
    return x


def tree_layout(graph, *, max_people: int = 150) -> pd.DataFrame:
    """Place the referral forest for drawing (no drawing here).

    Past ``max_people`` shown nodes, keeps the branches that matter (every chain to a lead, then
    the largest branches) and folds each referrer's other names into one "+N more" node, and the
    remaining roots into one "+N more in R roots" node, so ``people`` over all rows always sums
    to the number of people in the graph and the number of rows never exceeds ``max_people``.

    Parameters
    ----------
    graph : networkx.DiGraph
        A forest, edges referrer -> referred (``referrals.referral_graph``); node attributes
        ``stage`` and ``leads`` are used when present.
    max_people : int
        Most nodes (people plus "+N more" nodes) to place.

    Returns
    -------
    DataFrame[node, label, parent, x, y, depth, kind, stage, leads, people, on_lead_chain]
        ``parent`` is the row position of the node's parent in this frame (-1 for a root);
        ``y = -depth`` (roots on top); ``kind`` is ``"person"`` or ``"more"``; ``people`` is 1
        for a person and N for a "+N more" node; ``on_lead_chain`` marks nodes whose branch holds
        a lead (the edge above them is emphasised).

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph([("Ann", "Bo"), ("Ann", "Cy")])
    >>> tree_layout(graph)[["node", "x", "y"]]
      node    x    y
    0  Ann  0.5  0.0
    1   Bo  0.0 -1.0
    2   Cy  1.0 -1.0
    """
    people = _forest_arrays(graph)
    if people.empty:
        return pd.DataFrame({c: [] for c in LAYOUT_COLUMNS})
    nodes = _folded_forest(people, max_people)
    parents = nodes["parent"].to_numpy()
    x = _positions(parents, nodes["depth"].to_numpy())
    layout = nodes.assign(
        node=nodes["name"],
        x=x,
        y=(-nodes["depth"]).astype(float),
        on_lead_chain=nodes["branch_leads"].to_numpy() > 0,
    )
    order = tree_order(parents, nodes["depth"].to_numpy())
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    layout = layout.iloc[order].reset_index(drop=True)
    layout["parent"] = np.where(parents[order] >= 0, rank[np.maximum(parents[order], 0)], -1)
    return layout[LAYOUT_COLUMNS].astype({"depth": np.int64, "leads": np.int64,
                                          "people": np.int64})


# --- drawing ---------------------------------------------------------------------------------


def _label_style(layout: pd.DataFrame, ax) -> dict:
    """Font size and rotation so neighbouring labels do not run into each other."""
    width_points = ax.get_window_extent().width * 72 / ax.figure.dpi
    columns = max(float(layout["x"].max() - layout["x"].min()) + 1, 1)
    spacing = width_points / columns
    if spacing >= 70:
        return {"fontsize": 8, "rotation": 0, "ha": "center", "va": "top", "offset": 0.12}
    size = float(np.clip(spacing * 0.75, 4.5, 8))
    return {"fontsize": size, "rotation": 90, "ha": "center", "va": "top", "offset": 0.1}


def _short(labels: pd.Series, width: int = 18) -> pd.Series:
    long = labels.str.len() > width
    return labels.where(~long, labels.str.slice(0, width - 1) + "…")


def plot_referral_tree(graph, *, ax=None, max_people: int = 150, title=None, **kwargs):
    """Draw the referral tree on ``ax`` (default ``plt.gca()``) and return it.

    People are coloured by how far they got (named, asked, answered, interviewed, led to a lead;
    Okabe–Ito colours), leads are stars, and the edges of every chain that led to a lead are
    drawn thick and dark: DESIGN "each lead credits its contact and every ancestor on the
    referral chain up to the root". Past ``max_people`` the quieter branches are folded into
    "+N more" nodes (see ``tree_layout``). Extra ``kwargs`` go to the node ``scatter`` calls.
    An empty graph draws an empty, labelled chart.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import networkx as nx
    >>> fig, ax = plt.subplots()
    >>> ax = plot_referral_tree(nx.DiGraph([("Ann", "Bo")]), ax=ax)
    >>> ax.get_title()
    'Referral tree: 2 people, 1 root, 0 leads'
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    if ax is None:
        ax = plt.gca()
    ax.set_axis_off()
    layout = tree_layout(graph, max_people=max_people)
    if layout.empty:
        ax.set_title(title or "Referral tree")
        ax.text(0.5, 0.5, "no contacts yet", ha="center", va="center", transform=ax.transAxes,
                color="0.4")
        return ax

    people = layout["kind"] == PERSON
    total = int(layout["people"].sum())
    roots = int(sum(1 for _ in _roots(graph)))
    leads = int(sum(v or 0 for _, v in graph.nodes(data="leads", default=0)))
    heading = (f"Referral tree: {total} people, {roots} root{'s' * (roots != 1)}, "
               f"{leads} lead{'s' * (leads != 1)}")
    if not people.all() or int(people.sum()) < total:
        heading += f" (showing {int(people.sum())}; the rest folded into '+N more')"
    ax.set_title(title or heading, pad=28)

    # Edges: chains that led to a lead thick and dark, the rest thin and light.
    child = layout.loc[layout["parent"] >= 0]
    parent = layout.loc[child["parent"].to_numpy()]
    segments = np.stack([
        np.column_stack([parent["x"].to_numpy(), parent["y"].to_numpy()]),
        np.column_stack([child["x"].to_numpy(), child["y"].to_numpy()]),
    ], axis=1)
    hot = child["on_lead_chain"].to_numpy(dtype=bool)
    ax.add_collection(LineCollection(segments[~hot], colors="#C8C8C8", linewidths=0.8, zorder=1))
    ax.add_collection(LineCollection(segments[hot], colors="#333333", linewidths=2.2, zorder=2))

    marker_size = float(np.clip(9000 / max(len(layout), 1), 18, 160))
    shown = layout.loc[people]
    handles = []
    for stage in STAGES:
        group = shown.loc[shown["stage"] == stage]
        star = stage == "lead"
        ax.scatter(group["x"], group["y"], s=marker_size * (2.2 if star else 1),
                   marker="*" if star else "o", c=STAGE_COLOURS[stage],
                   edgecolors="black" if star else "white", linewidths=0.8 if star else 0.5,
                   zorder=4 if star else 3, **kwargs)
        handles.append(Line2D([], [], linestyle="", marker="*" if star else "o",
                              markersize=12 if star else 8, markerfacecolor=STAGE_COLOURS[stage],
                              markeredgecolor="black" if star else "white",
                              label=STAGE_LABELS[stage]))
    more = layout.loc[~people]
    if len(more):
        ax.scatter(more["x"], more["y"], s=marker_size, marker="s", c="white",
                   edgecolors="#777777", linewidths=0.8, zorder=3)
        handles.append(Line2D([], [], linestyle="", marker="s", markersize=8,
                              markerfacecolor="white", markeredgecolor="#777777",
                              label="+N more (folded)"))
    handles.append(Line2D([], [], color="#333333", linewidth=2.2, label="chain to a lead"))

    style = _label_style(layout, ax)
    offset = style.pop("offset")
    labels = _short(layout["label"].astype(str))
    for x, y, text, is_more in zip(layout["x"], layout["y"], labels, ~people, strict=True):
        ax.text(x, y - offset, text, color="0.35" if is_more else "black",
                style="italic" if is_more else "normal", zorder=5, **style)

    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0),
              ncol=len(handles), frameon=False, fontsize=8, handletextpad=0.3,
              columnspacing=1.2, borderaxespad=0.2)
    pad_x = 0.6
    ax.set_xlim(layout["x"].min() - pad_x, layout["x"].max() + pad_x)
    ax.set_ylim(layout["y"].min() - (1.0 if style["rotation"] else 0.4), 0.35)
    return ax


def _roots(graph):
    return (n for n, d in graph.in_degree() if d == 0)
