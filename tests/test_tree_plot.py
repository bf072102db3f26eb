"""Layout, folding and drawing of the referral tree (``netwk_analysis.presentation.tree_plot``)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pytest

from netwk_analysis.presentation.tree_plot import plot_referral_tree, tree_layout


def random_forest(n: int, *, seed: int = 0, leads: int = 0, roots_share: float = 0.1):
    """A forest of ``n`` people (each names someone earlier, or is a root) with ``leads`` leads."""
    rng = np.random.default_rng(seed)
    parents = (rng.random(n) * np.arange(n)).astype(int)
    parents[rng.random(n) < roots_share] = -1
    parents[0] = -1
    graph = nx.DiGraph()
    graph.add_nodes_from((f"p{i}", {"stage": "asked", "leads": 0}) for i in range(n))
    child = np.flatnonzero(parents >= 0)
    graph.add_edges_from(
        zip([f"p{p}" for p in parents[child]], [f"p{c}" for c in child], strict=True)
    )
    for i in rng.choice(n, size=leads, replace=False):
        graph.nodes[f"p{i}"].update(stage="lead", leads=1)
    return graph


def small_forest():
    graph = nx.DiGraph(
        [
            ("Ann", "Bo"),
            ("Bo", "Cy"),
            ("Cy", "Dee"),
            ("Ann", "Eve"),
            ("Eve", "Fay"),
            ("Eve", "Gus"),
            ("Ivy", "Jo"),
        ]
    )
    graph.add_node("Hal")
    graph.nodes["Dee"].update(stage="lead", leads=1)
    return graph


def test_layout_levels_rows_and_centring():
    layout = tree_layout(small_forest())
    assert len(layout) == 10
    assert (layout["kind"] == "person").all()
    by_name = layout.set_index("node")
    # roots in the first column, each name one column right of its referrer
    assert by_name.loc[["Ann", "Hal", "Ivy"], "x"].tolist() == [0, 0, 0]
    child = layout[layout["parent"] >= 0]
    parent = layout.loc[child["parent"].to_numpy()]
    assert (child["x"].to_numpy() == parent["x"].to_numpy() + 1).all()
    assert (child["depth"].to_numpy() == parent["depth"].to_numpy() + 1).all()
    # leaves on consecutive rows, top to bottom in tree order; referrers centred on their names
    leaves = ["Dee", "Fay", "Gus", "Jo", "Hal"]  # roots in graph order: Ann, Ivy, Hal
    assert by_name.loc[leaves, "y"].tolist() == [0, -1, -2, -3, -4]
    assert by_name.loc["Eve", "y"] == -1.5
    assert by_name.loc["Ann", "y"] == -0.75
    assert by_name.loc["Ivy", "y"] == -3
    # no two nodes at the same place
    assert not layout.duplicated(["x", "y"]).any()
    # the chain to Dee's lead is marked, nothing else
    assert sorted(layout.loc[layout["on_lead_chain"], "node"]) == ["Ann", "Bo", "Cy", "Dee"]


def test_layout_of_empty_graph():
    layout = tree_layout(nx.DiGraph())
    assert layout.empty
    assert {"x", "y", "label", "parent", "people"} <= set(layout.columns)


@pytest.mark.parametrize("max_people", [1, 5, 20, 60])
def test_folding_keeps_lead_chains_and_counts_everyone(max_people):
    graph = random_forest(2000, seed=3, leads=3)
    layout = tree_layout(graph, max_people=max_people)
    assert len(layout) <= max_people
    assert layout["people"].sum() == 2000  # shown people + "+N more" == everyone
    more = layout[layout["kind"] == "more"]
    assert (more["label"].str.match(r"^\+[\d,]+ more")).all()
    assert more["people"].tolist() == [
        int(label.split()[0][1:].replace(",", "")) for label in more["label"]
    ]
    assert not layout.duplicated(["x", "y"]).any()
    shown = set(layout.loc[layout["kind"] == "person", "node"])
    # nobody is shown without their referrer
    for name in shown:
        assert all(p in shown for p in graph.predecessors(name))
    if max_people >= 60:
        leads = [n for n, v in graph.nodes(data="leads") if v]
        for lead in leads:
            assert lead in shown
            assert nx.ancestors(graph, lead) <= shown


def test_folding_every_hidden_person_counted_under_their_referrer():
    graph = random_forest(500, seed=1, leads=2)
    layout = tree_layout(graph, max_people=40)
    shown = set(layout.loc[layout["kind"] == "person", "node"])
    for row in layout[layout["kind"] == "more"].itertuples():
        if row.parent < 0:
            hidden_roots = [n for n, d in graph.in_degree() if d == 0 and n not in shown]
            expected = sum(1 + len(nx.descendants(graph, r)) for r in hidden_roots)
        else:
            referrer = layout.loc[row.parent, "node"]
            expected = sum(
                1 + len(nx.descendants(graph, c))
                for c in graph.successors(referrer)
                if c not in shown
            )
        assert row.people == expected


def test_small_forest_is_not_folded():
    layout = tree_layout(random_forest(150, seed=2), max_people=150)
    assert len(layout) == 150
    assert (layout["kind"] == "person").all()


@pytest.mark.slow
def test_hundred_thousand_people_fold_within_budget():
    graph = random_forest(100_000, seed=5, leads=40, roots_share=0.05)
    layout = tree_layout(graph, max_people=150)
    assert 100 <= len(layout) <= 150
    assert layout["people"].sum() == 100_000
    assert not layout.duplicated(["x", "y"]).any()


def test_plot_draws_legend_title_and_labels():
    fig, ax = plt.subplots(figsize=(10, 6), layout="constrained")
    returned = plot_referral_tree(small_forest(), ax=ax)
    assert returned is ax
    assert ax.get_title() == "Referral tree: 10 people, 3 roots, 1 lead"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "named (not asked yet)",
        "asked",
        "answered",
        "interviewed",
        "led to a lead",
        "chain to a lead",
    ]
    assert {"Ann", "Dee", "Hal"} <= {t.get_text() for t in ax.texts}
    plt.close(fig)


def test_plot_folded_forest_mentions_folding():
    fig, ax = plt.subplots(figsize=(14, 9), layout="constrained")
    plot_referral_tree(random_forest(3000, seed=4, leads=5), ax=ax, max_people=50)
    assert "folded" in ax.get_title()
    assert any(t.get_text().startswith("+") for t in ax.texts)
    plt.close(fig)


def test_plot_empty_graph_uses_current_axes():
    fig = plt.figure()
    ax = plot_referral_tree(nx.DiGraph())
    assert ax is fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["no contacts yet"]
    fig.canvas.draw()
    plt.close(fig)


def test_tree_people_is_the_graph_as_a_frame_and_draws_the_same_picture(sample_network):
    """The report draws from ``tree_people``; it must be the picture of ``referral_graph``."""
    import pandas as pd

    from netwk_analysis.analyses.referrals import referral_graph, tree_people
    from netwk_analysis.presentation.tree_plot import _forest_arrays, plot_referral_forest

    network = sample_network
    for as_of in ("2026-09-15", "2026-11-27"):
        people = tree_people(network, as_of=as_of)
        from_graph = _forest_arrays(referral_graph(network, as_of=as_of))
        pd.testing.assert_frame_equal(people, from_graph)
    assert (people["parent"] >= 0).sum() == network.contacts["referred_by"].notna().sum()
    assert people["leads"].sum() == len(network.leads)
    figures = [plt.figure(), plt.figure()]
    plot_referral_tree(referral_graph(network), ax=figures[0].subplots(), max_people=40)
    plot_referral_forest(people, ax=figures[1].subplots(), max_people=40)
    texts = [[t.get_text() for t in f.axes[0].texts] for f in figures]
    assert texts[0] == texts[1] and len(texts[0]) > 20
    assert figures[0].axes[0].get_title() == figures[1].axes[0].get_title()
    for figure in figures:
        plt.close(figure)
