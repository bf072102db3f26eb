"""Draw the referral tree: who gave me whose name, how far each person got, which chains led to
leads.

docs/metrics.md "Referral tree and leads": "each lead credits its contact and every ancestor on
the referral chain
up to the root"; the picture shows exactly those chains emphasised.

Two steps, so the layout is testable without drawing:

- ``tree_layout`` (pure numpy/pandas): picks the people to show when there are more than
  ``max_people`` (every chain to a lead first, then the largest branches), folds the rest into
  "+N more" nodes under their referrer (and one "+N more" node below the roots), and places a
  tidy left-to-right tree (a landscape page has more room for names across than down): roots in
  the first column, each name one column right of its referrer, leaves on consecutive rows in
  tree order, every referrer centred on the rows of the people they named.
- ``plot_referral_tree`` draws that layout on a matplotlib ``Axes`` (``plot_referral_forest``
  the same from ``referrals.tree_people``'s frame).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netwk_analysis.analyses.referrals import roots_and_depths, subtree_totals, tree_order
from netwk_analysis.core.facts import STAGE_COLOURS, STAGE_LABELS, STAGES

__all__ = [
    "plot_referral_forest",
    "plot_referral_tree",
    "tree_layout",
]

MORE = "more"
#: Where the connector to the people a referrer named runs, as a fraction of a level's width;
#: names are cut to fit before it.
BUS = 0.75
PERSON = "person"
LAYOUT_COLUMNS = [
    "node",
    "label",
    "parent",
    "x",
    "y",
    "depth",
    "kind",
    "stage",
    "leads",
    "people",
    "on_lead_chain",
]


# --- layout (pure) ---------------------------------------------------------------------------


def _forest_arrays(graph) -> pd.DataFrame:
    """One row per node of the graph: name, parent position, stage, leads (graph order)."""
    nodes = list(graph.nodes(data=True))
    names = pd.Index([name for name, _ in nodes], dtype=object)
    stage = pd.Series([data.get("stage", "named") for _, data in nodes], dtype=object)
    leads = pd.Series([data.get("leads", 0) for _, data in nodes], dtype=object)
    parent_name = [next(iter(graph.pred[name]), None) for name, _ in nodes]
    parents = names.get_indexer(pd.Index(parent_name, dtype=object))
    return pd.DataFrame(
        {
            "name": names.astype(str),
            "parent": np.asarray(parents, dtype=np.int64),
            "stage": stage.where(stage.isin(STAGES), "named").to_numpy(),
            "leads": pd.to_numeric(leads, errors="coerce").fillna(0).to_numpy(dtype=np.int64),
        }
    )


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

    Priority: first everyone on a chain to a lead, tree by tree (the tree with the most leads,
    then the most people, first; within it the branches with the most leads, then the largest),
    then everyone else, largest branch first; ties go to the shallower, then to graph order. A
    referrer's branch holds at least the leads of each of theirs and strictly more people, so
    every prefix of that order is a set of whole chains from a root (nobody is shown without
    their referrer): when the chains to leads alone do not fit, whole trees of them are shown
    before the next tree starts.
    """
    parents = people["parent"].to_numpy()
    roots, depths = roots_and_depths(parents)
    size = subtree_totals(parents, depths, np.ones(len(people), dtype=np.int64))
    branch_leads = subtree_totals(parents, depths, people["leads"].to_numpy())
    position = np.arange(len(people))
    chain = branch_leads > 0
    group = np.where(chain, roots, -1)  # chains grouped by tree; the rest in one group
    order = np.lexsort(
        (
            position,
            depths,
            -size,
            -branch_leads,
            group,
            -np.where(chain, size[roots], 0),
            -np.where(chain, branch_leads[roots], 0),
            ~chain,
        )
    )
    rank = np.empty(len(people), dtype=np.int64)
    rank[order] = np.arange(len(people))
    keep = rank < _kept_count(parents, rank, max(int(max_people), 0))
    shown = people.assign(
        depth=depths, people=1, branch_leads=branch_leads, kind=PERSON, label=people["name"]
    ).loc[keep]

    # Dropped people whose referrer is shown (or dropped roots) become "+N more" nodes.
    has_parent = parents >= 0
    cut = ~keep & np.where(has_parent, keep[np.where(has_parent, parents, 0)], True)
    hidden = pd.DataFrame(
        {
            "parent": np.where(has_parent, parents, -1)[cut],
            "people": size[cut],
            "leads": branch_leads[cut],
            "roots": ~has_parent[cut],
        }
    )
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
    text = "+" + folds["people"].map("{:,}".format).astype(str) + " more"
    roots = " in " + folds["roots"].map("{:,}".format).astype(str) + " roots"
    text = text.where(folds["parent"] >= 0, text + roots)
    plural = np.where(folds["leads"] == 1, " lead)", " leads)")
    with_leads = text + " (" + folds["leads"].map("{:,}".format).astype(str) + plural
    return text.where(folds["leads"] == 0, with_leads).tolist()


def _positions(parents: np.ndarray, depths: np.ndarray) -> np.ndarray:
    """Row of each node: leaves on consecutive rows in tree order, each referrer centred on the
    rows of the people they named (one vectorised step per level, deepest first)."""
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
        ``x = depth`` (roots on the left, each name one column right of its referrer), ``-y``
        the row (leaves on consecutive rows in tree order, referrers centred on theirs);
        ``kind`` is ``"person"`` or ``"more"``; ``people`` is 1
        for a person and N for a "+N more" node; ``on_lead_chain`` marks nodes whose branch holds
        a lead (the edge above them is emphasised).

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph([("Ann", "Bo"), ("Ann", "Cy")])
    >>> tree_layout(graph)[["node", "x", "y"]]
      node    x    y
    0  Ann  0.0 -0.5
    1   Bo  1.0  0.0
    2   Cy  1.0 -1.0
    """
    return _layout(_forest_arrays(graph), max_people)


def _layout(people: pd.DataFrame, max_people: int) -> pd.DataFrame:
    if people.empty:
        return pd.DataFrame({c: [] for c in LAYOUT_COLUMNS})
    nodes = _folded_forest(people, max_people)
    parents = nodes["parent"].to_numpy()
    x = _positions(parents, nodes["depth"].to_numpy())
    layout = nodes.assign(
        node=nodes["name"],
        x=nodes["depth"].astype(float),
        y=0.0 - x,
        on_lead_chain=nodes["branch_leads"].to_numpy() > 0,
    )
    order = tree_order(parents, nodes["depth"].to_numpy())
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    layout = layout.iloc[order].reset_index(drop=True)
    layout["parent"] = np.where(parents[order] >= 0, rank[np.maximum(parents[order], 0)], -1)
    return layout[LAYOUT_COLUMNS].astype(
        {"depth": np.int64, "leads": np.int64, "people": np.int64}
    )


# --- drawing ---------------------------------------------------------------------------------


def _label_style(layout: pd.DataFrame, ax) -> dict:
    """Font size and name length so labels stay in their row and their level's column.

    Every node has its own row within its level, so a label fits if its height fits one row and
    its length fits the gap before the next level's connector.
    """
    box = ax.get_window_extent()
    # A layout engine (constrained/tight) grows the axes once drawn; this axis-free chart
    # reliably gains at least 15 %.
    points = 72 / ax.figure.dpi * (1.15 if ax.figure.get_layout_engine() is not None else 1.0)
    rows = max(float(layout["y"].max() - layout["y"].min()) + 1, 1)
    levels = max(float(layout["x"].max() - layout["x"].min()) + 1, 1)
    size = float(np.clip(box.height * points / rows * 0.8, 4.0, 9.0))
    room = box.width * points / levels * BUS
    return {"fontsize": size, "width": max(int(room / (0.55 * size)) - 1, 4)}


def _short(labels: pd.Series, *, width: int = 18) -> pd.Series:
    """Cut names longer than ``width`` characters, ending them with "…"."""
    long = labels.str.len() > width
    return labels.where(~long, labels.str.slice(0, width - 1) + "…")


def _elbows(layout: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """One polyline per referral: referrer → connector column → down/up → the person named."""
    child = layout.loc[layout["parent"] >= 0]
    parent = layout.loc[child["parent"].to_numpy()]
    xp, yp = parent["x"].to_numpy(), parent["y"].to_numpy()
    xc, yc = child["x"].to_numpy(), child["y"].to_numpy()
    bus = xp + BUS + 0.05
    lines = np.stack(
        [np.column_stack(p) for p in ((xp, yp), (bus, yp), (bus, yc), (xc, yc))], axis=1
    )
    return lines, child["on_lead_chain"].to_numpy(dtype=bool)


def plot_referral_tree(graph, *, ax=None, max_people: int = 150, title=None, **kwargs):
    """Draw the referral tree on ``ax`` (default ``plt.gca()``) and return it.

    People are coloured by how far they got (named, asked, answered, interviewed, led to a lead;
    Okabe–Ito colours), leads are stars, and the edges of every chain that led to a lead are
    drawn thick and dark: docs/metrics.md: "each lead credits its contact and every ancestor on the
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
    return plot_referral_forest(
        _forest_arrays(graph), ax=ax, max_people=max_people, title=title, **kwargs
    )


def plot_referral_forest(people, *, ax=None, max_people: int = 150, title=None, **kwargs):
    """``plot_referral_tree`` from the frame ``referrals.tree_people`` gives instead of a graph.

    ``people`` has one row per contact: ``name``, ``parent`` (row position of the referrer, -1
    for a root), ``stage`` and ``leads``. The picture is the same as from ``referral_graph``;
    the weekly report draws it this way because building 100,000 networkx nodes only to read
    them back costs seconds.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> people = pd.DataFrame({"name": ["Ann", "Bo"], "parent": [-1, 0],
    ...                        "stage": ["asked", "lead"], "leads": [0, 1]})
    >>> plot_referral_forest(people, ax=Figure().subplots()).get_title()
    'Referral tree: 2 people, 1 root, 1 lead'
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.transforms import offset_copy

    if ax is None:
        import matplotlib.pyplot as plt  # only here: the report draws on bare figures

        ax = plt.gca()
    ax.set_axis_off()
    layout = _layout(people, max_people)
    if layout.empty:
        ax.set_title(title or "Referral tree")
        ax.text(
            0.5,
            0.5,
            "no contacts yet",
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="0.4",
        )
        return ax

    person = layout["kind"] == PERSON
    total = len(people)
    roots = int((people["parent"] < 0).sum())
    leads = int(people["leads"].sum())
    heading = (
        f"Referral tree: {total:,} people, {roots:,} root{'s' * (roots != 1)}, "
        f"{leads:,} lead{'s' * (leads != 1)}"
    )
    if not person.all() or int(person.sum()) < total:
        heading += f" (showing {int(person.sum()):,} people; the rest folded into '+N more')"
    ax.set_title(title or heading, pad=28)

    # Edges: chains that led to a lead thick and dark, the rest thin and light.
    lines, hot = _elbows(layout)
    ax.add_collection(LineCollection(lines[~hot], colors="#C8C8C8", linewidths=0.8, zorder=1))
    ax.add_collection(LineCollection(lines[hot], colors="#333333", linewidths=2.0, zorder=2))

    style = _label_style(layout, ax)
    marker_size = float(np.clip((1.1 * style["fontsize"]) ** 2, 16, 90))
    shown = layout.loc[person]
    handles = []
    for stage in STAGES:
        group = shown.loc[shown["stage"] == stage]
        star = stage == "lead"
        ax.scatter(
            group["x"],
            group["y"],
            s=marker_size * (1.7 if star else 1),
            marker="*" if star else "o",
            c=STAGE_COLOURS[stage],
            edgecolors="black" if star else "white",
            linewidths=0.8 if star else 0.5,
            zorder=4 if star else 3,
            **kwargs,
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="*" if star else "o",
                markersize=12 if star else 8,
                markerfacecolor=STAGE_COLOURS[stage],
                markeredgecolor="black" if star else "white",
                label=STAGE_LABELS[stage],
            )
        )
    more = layout.loc[~person]
    if len(more):
        ax.scatter(
            more["x"],
            more["y"],
            s=marker_size,
            marker="s",
            c="white",
            edgecolors="#777777",
            linewidths=0.8,
            zorder=3,
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="s",
                markersize=8,
                markerfacecolor="white",
                markeredgecolor="#777777",
                label="+N more (folded)",
            )
        )
    handles.append(Line2D([], [], color="#333333", linewidth=2.2, label="chain to a lead"))

    shift = offset_copy(
        ax.transData, fig=ax.figure, x=0.6 * style["fontsize"] + 2, y=0, units="points"
    )
    # Nothing shares a leaf's row, so only referrers' names are cut to end before their connector.
    leaf = ~layout.index.isin(layout["parent"])
    text = layout["label"].astype(str)
    labels = _short(text, width=style["width"]).where(~leaf, _short(text, width=60))
    for x, y, text, is_more in zip(layout["x"], layout["y"], labels, ~person, strict=True):
        ax.text(
            x,
            y,
            text,
            transform=shift,
            fontsize=style["fontsize"],
            ha="left",
            va="center",
            color="0.35" if is_more else "black",
            style="italic" if is_more else "normal",
            zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.2, "alpha": 0.8},
        )

    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=len(handles),
        frameon=False,
        fontsize=8,
        handletextpad=0.3,
        columnspacing=1.2,
        borderaxespad=0.2,
    )
    ax.set_xlim(layout["x"].min() - 0.1, layout["x"].max() + 0.9)
    ax.set_ylim(layout["y"].min() - 0.7, layout["y"].max() + 0.7)
    return ax
