"""Referral tree and lead attribution, on small hand-built workbooks read from real files.

The main forest (as of 2026-03-31; workbook rows deliberately out of tree order)::

    Ann ─┬─ Bo ── Cy ── Dee* ── Kim        (* Dee: a lead on 2026-03-25)
         └─ Eve ─┬─ Fay                    (Fay's request is dated after the as-of day)
                 └─ Gus
    Hal                                    (lone root, an undated lead)
    Ivy ── Jo                              (Jo: interview and lead dated after the as-of day)
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from netwk_analysis.analyses import referrals
from netwk_analysis.cli import main
from netwk_analysis.reading.load import load_network

D = dt.date
AS_OF = D(2026, 3, 31)

CONTACTS = [
    # name, company, referred_by
    ["Ann", "Acme", None],
    ["Dee", "Acme", "Cy"],
    ["Bo", "Borealis", "Ann"],
    ["Cy", "Cobalt", "Bo"],
    ["Eve", "Delta", "Ann"],
    ["Fay", "Delta", "Eve"],
    ["Gus", "Echo", "Eve"],
    ["Hal", "Foxtrot", None],
    ["Ivy", "Gamma", None],
    ["Jo", "Gamma", "Ivy"],
    ["Kim", "Acme", "Dee"],
]
INTERACTIONS = [
    [D(2026, 3, 2), "Bo", "request"],
    [D(2026, 3, 3), "Bo", "reply"],
    [D(2026, 3, 5), "Bo", "interview"],
    [D(2026, 3, 9), "Cy", "request"],
    [D(2026, 3, 12), "Cy", "interview"],
    [D(2026, 3, 20), "Cy", "interview"],  # a second meeting: still one person interviewed
    [D(2026, 3, 16), "Dee", "request"],
    [D(2026, 3, 17), "Dee", "decline"],
    [D(2026, 3, 2), "Eve", "request"],
    [D(2026, 3, 10), "Jo", "request"],
    [D(2026, 4, 5), "Jo", "interview"],  # after the as-of day
    [D(2026, 4, 2), "Fay", "request"],  # after the as-of day
]
LEADS = [
    [D(2026, 3, 25), "Dee", "Acme", "Analyst", "lead"],
    [D(2026, 4, 10), "Jo", "Gamma", "Planner", "applied"],  # after the as-of day
    [None, "Hal", "Foxtrot", "Buyer", "lead"],  # undated: counts
]


HEADERS = {
    "Contacts": ["Name", "Company", "Referred By"],
    "Interactions": ["Date", "Contact", "Type"],
}


@pytest.fixture(scope="session")
def referral_book(write_workbook):
    """``referral_book(path, contacts=..., ...)``: the shared builder with all four sheets,
    contacts as ``[name, company, referred_by]``, interactions as ``[date, contact, type]``."""

    def write(path, *, contacts, interactions=(), leads=(), settings=None):
        return write_workbook(
            path,
            contacts=contacts,
            interactions=interactions,
            leads=leads,
            settings=settings or {},
            headers=HEADERS,
        )

    return write


@pytest.fixture
def forest_path(referral_book, tmp_path):
    return referral_book(
        tmp_path / "network.xlsx",
        contacts=CONTACTS,
        interactions=INTERACTIONS,
        leads=LEADS,
        settings={"as_of": "2026-03-31"},
    )


@pytest.fixture
def network(forest_path):
    network = load_network(forest_path)
    assert not network.errors
    return network


def rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in frame.astype(object).itertuples(index=False, name=None)]


# --- tree ------------------------------------------------------------------------------------


def test_contact_tree_roots_and_depths_in_tree_order(network):
    tree = referrals.contact_tree(network)
    assert list(tree.columns) == ["name", "referred_by", "root", "depth"]
    assert [(n, None if pd.isna(r) else r, root, d) for n, r, root, d in rows(tree)] == [
        ("Ann", None, "Ann", 0),
        ("Bo", "Ann", "Ann", 1),
        ("Cy", "Bo", "Ann", 2),
        ("Dee", "Cy", "Ann", 3),
        ("Kim", "Dee", "Ann", 4),
        ("Eve", "Ann", "Ann", 1),
        ("Fay", "Eve", "Ann", 2),
        ("Gus", "Eve", "Ann", 2),
        ("Hal", None, "Hal", 0),
        ("Ivy", None, "Ivy", 0),
        ("Jo", "Ivy", "Ivy", 1),
    ]
    assert tree["depth"].dtype == "int64"


def test_chain_from_root_to_contact(network):
    assert referrals.chain(network, "Kim") == ["Ann", "Bo", "Cy", "Dee", "Kim"]
    assert referrals.chain(referrals.contact_tree(network), "Jo") == ["Ivy", "Jo"]
    assert referrals.chain(network, "Hal") == ["Hal"]
    with pytest.raises(KeyError):
        referrals.chain(network, "Zed")


def test_referral_graph_nodes_edges_and_stages(network):
    graph = referrals.referral_graph(network)
    assert graph.number_of_nodes() == 11
    assert sorted(graph.edges) == sorted(
        [
            ("Ann", "Bo"),
            ("Bo", "Cy"),
            ("Cy", "Dee"),
            ("Dee", "Kim"),
            ("Ann", "Eve"),
            ("Eve", "Fay"),
            ("Eve", "Gus"),
            ("Ivy", "Jo"),
        ]
    )
    stages = dict(graph.nodes(data="stage"))
    assert stages == {
        "Ann": "named",
        "Bo": "interviewed",
        "Cy": "interviewed",
        "Dee": "lead",
        "Kim": "named",
        "Eve": "asked",
        "Fay": "named",
        "Gus": "named",
        "Hal": "lead",
        "Ivy": "named",
        "Jo": "asked",
    }
    dee = graph.nodes["Dee"]
    assert (dee["depth"], dee["root"], dee["leads"], dee["interviewed"]) == (3, "Ann", 1, False)
    assert (dee["company"], dee["status"], dee["source"]) == ("Acme", "active", "referral")
    assert graph.nodes["Cy"]["interviewed"] is True
    assert graph.nodes["Hal"]["source"] == "known"


def test_answered_stage_without_interview(referral_book, tmp_path):
    path = referral_book(
        tmp_path / "w.xlsx",
        contacts=[["Ann", None, None], ["Bo", None, "Ann"]],
        interactions=[
            [D(2026, 3, 2), "Bo", "request"],
            [D(2026, 3, 4), "Bo", "decline"],
            [D(2026, 3, 3), "Ann", "reply"],
        ],
        settings={"as_of": "2026-03-31"},
    )
    graph = referrals.referral_graph(load_network(path))
    assert dict(graph.nodes(data="stage")) == {"Ann": "answered", "Bo": "answered"}


def test_graph_as_of_later_counts_later_rows(network):
    graph = referrals.referral_graph(network, as_of=D(2026, 4, 30))
    assert graph.nodes["Jo"]["stage"] == "lead"
    assert graph.nodes["Jo"]["interviewed"] is True
    assert graph.nodes["Fay"]["stage"] == "asked"


# --- attribution -----------------------------------------------------------------------------


def test_referrer_attribution_exact(network):
    table = referrals.referrer_attribution(network)
    assert list(table.columns) == [
        "name",
        "names_given",
        "names_contacted",
        "interviews",
        "leads_downstream",
    ]
    assert rows(table) == [
        # the lead at depth 3 (Dee) credits every ancestor: Ann, Bo, Cy
        ("Ann", 2, 2, 1, 1),
        ("Bo", 1, 1, 1, 1),  # Cy interviewed twice: one person
        ("Cy", 1, 1, 0, 1),  # Dee declined: contacted, not interviewed
        ("Eve", 2, 0, 0, 0),  # names never contacted (Fay's request is after the as-of day)
        ("Dee", 1, 0, 0, 0),  # Dee's own lead is not downstream of Dee
        ("Ivy", 1, 1, 0, 0),  # Jo's interview and lead are after the as-of day
    ]


def test_referrer_attribution_later_as_of(network):
    table = referrals.referrer_attribution(network, as_of=D(2026, 4, 30)).set_index("name")
    assert table.loc["Ivy"].tolist() == [1, 1, 1, 1]
    assert table.loc["Eve"].tolist() == [2, 1, 0, 0]


def test_root_attribution_exact(network):
    table = referrals.root_attribution(network)
    assert list(table.columns) == ["name", "contacts", "leads"]
    assert rows(table) == [("Ann", 8, 1), ("Hal", 1, 1), ("Ivy", 2, 0)]
    later = referrals.root_attribution(network, as_of=D(2026, 4, 30))
    assert rows(later) == [("Ann", 8, 1), ("Ivy", 2, 1), ("Hal", 1, 1)]


def test_counts_do_not_depend_on_employer(referral_book, tmp_path):
    """The same forest with every company blank or the same gives the same attribution."""

    def load(company):
        contacts = [[n, company, r] for n, _, r in CONTACTS]
        path = referral_book(
            tmp_path / f"w{company}.xlsx",
            contacts=contacts,
            interactions=INTERACTIONS,
            leads=LEADS,
            settings={"as_of": "2026-03-31"},
        )
        return load_network(path)

    blank, same = load(None), load("OneCo")
    pd.testing.assert_frame_equal(
        referrals.referrer_attribution(blank), referrals.referrer_attribution(same)
    )
    pd.testing.assert_frame_equal(
        referrals.root_attribution(blank), referrals.root_attribution(same)
    )
    assert rows(referrals.root_attribution(blank)) == [("Ann", 8, 1), ("Hal", 1, 1), ("Ivy", 2, 0)]


def test_lead_chains(network):
    chains = referrals.lead_chains(network)
    assert list(chains.columns) == [
        "contact",
        "company",
        "role",
        "stage",
        "date",
        "root",
        "depth",
        "chain",
    ]
    assert chains["chain"].tolist() == ["Ann → Bo → Cy → Dee", "Hal"]
    assert chains["depth"].tolist() == [3, 0]
    assert chains["root"].tolist() == ["Ann", "Hal"]
    assert chains["date"].iloc[0] == pd.Timestamp("2026-03-25")
    assert pd.isna(chains["date"].iloc[1])
    later = referrals.lead_chains(network, as_of=D(2026, 4, 30))
    assert later["chain"].tolist() == ["Ann → Bo → Cy → Dee", "Ivy → Jo", "Hal"]


def test_tree_tables_shape(network):
    tables = referrals.tree_tables(network)
    assert set(tables) == {"contacts", "referrers", "roots"}
    pd.testing.assert_frame_equal(tables["contacts"], referrals.contact_tree(network))
    pd.testing.assert_frame_equal(tables["referrers"], referrals.referrer_attribution(network))
    pd.testing.assert_frame_equal(tables["roots"], referrals.root_attribution(network))


def test_empty_and_lone_root(referral_book, tmp_path):
    path = referral_book(
        tmp_path / "w.xlsx", contacts=[["Solo", None, None]], settings={"as_of": "2026-03-31"}
    )
    network = load_network(path)
    tables = referrals.tree_tables(network)
    assert rows(tables["contacts"])[0][2:] == ("Solo", 0)
    assert tables["referrers"].empty
    assert list(tables["referrers"].columns) == [
        "name",
        "names_given",
        "names_contacted",
        "interviews",
        "leads_downstream",
    ]
    assert rows(tables["roots"]) == [("Solo", 1, 0)]
    assert referrals.lead_chains(network).empty


# --- command line ----------------------------------------------------------------------------


def test_cli_tree_json(forest_path, capsys):
    assert main(["tree", str(forest_path), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)

    def person(name, referred_by, root, depth):
        return {"name": name, "referred_by": referred_by, "root": root, "depth": depth}

    def referrer(name, given, contacted, interviews, downstream):
        return {
            "name": name,
            "names_given": given,
            "names_contacted": contacted,
            "interviews": interviews,
            "leads_downstream": downstream,
        }

    assert document == {
        "contacts": [
            person("Ann", None, "Ann", 0),
            person("Bo", "Ann", "Ann", 1),
            person("Cy", "Bo", "Ann", 2),
            person("Dee", "Cy", "Ann", 3),
            person("Kim", "Dee", "Ann", 4),
            person("Eve", "Ann", "Ann", 1),
            person("Fay", "Eve", "Ann", 2),
            person("Gus", "Eve", "Ann", 2),
            person("Hal", None, "Hal", 0),
            person("Ivy", None, "Ivy", 0),
            person("Jo", "Ivy", "Ivy", 1),
        ],
        "referrers": [
            referrer("Ann", 2, 2, 1, 1),
            referrer("Bo", 1, 1, 1, 1),
            referrer("Cy", 1, 1, 0, 1),
            referrer("Eve", 2, 0, 0, 0),
            referrer("Dee", 1, 0, 0, 0),
            referrer("Ivy", 1, 1, 0, 0),
        ],
        "roots": [
            {"name": "Ann", "contacts": 8, "leads": 1},
            {"name": "Hal", "contacts": 1, "leads": 1},
            {"name": "Ivy", "contacts": 2, "leads": 0},
        ],
    }


def test_cli_tree_table_prints_both_tables(forest_path, capsys):
    assert main(["tree", str(forest_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Roots (people you started from)\n")
    assert "\nReferrers\n" in out
    lines = out.splitlines()
    assert lines[1].split() == ["name", "contacts", "leads"]
    assert lines[2].split() == ["Ann", "8", "1"]
    header = lines.index("Referrers") + 1
    assert lines[header].split() == [
        "name",
        "names_given",
        "names_contacted",
        "interviews",
        "leads_downstream",
    ]
    assert lines[header + 1].split() == ["Ann", "2", "2", "1", "1"]


def test_cli_tree_csv_is_the_contacts_table(forest_path, capsys):
    assert main(["tree", str(forest_path), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == '"name","referred_by","root","depth"'  # every text field quoted
    assert lines[1:4] == ['"Ann","","Ann",0', '"Bo","Ann","Ann",1', '"Cy","Bo","Ann",2']


def test_cli_tree_writes_png(forest_path, tmp_path, capsys):
    out = tmp_path / "tree.png"
    assert main(["tree", str(forest_path), "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "wrote" in capsys.readouterr().err
    # refuses to overwrite without --force
    assert main(["tree", str(forest_path), "--out", str(out)]) == 2
