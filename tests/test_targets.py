"""Target employers (docs/metrics.md, "Target employers") on a hand-built workbook where every
status occurs, and the Targets sheet as loaded.

Calendar: Mon 2 Mar 2026 ... Fri 6 Mar, Mon 9 Mar ... Fri 13 Mar (the as-of day).
Defaults: move_on_business_days 3, follow_up_business_days 7.

Worked by hand:

* Alice Moreno (Acme Corp) asked Mon 2 Mar, replied Wed 4 Mar: 2 business days <= 3, a
  booster; interviewed Mon 9 Mar (the latest interview of all). Kim Lo (ACME CORP) not asked.
  A lead at "ACME Corp". -> acme corp: booster found, "booster: Alice Moreno".
* Ben Carter (Globex) asked Mon 2 Mar, no answer: move_on due Thu 5 Mar, open on 13 Mar.
  Jade Nguyen (Globex) never asked. -> move on, "ask Jade Nguyen".
* Cara Diaz (Initech) asked Wed 11 Mar: move_on due Mon 16 Mar, not yet. -> waiting.
* Eve Fox (added 20 Feb) and Dan Evans (added 1 Mar) at Hooli, never asked; Hal Ives there is
  paused (counted, never suggested). -> ask, "ask Eve Fox, Dan Evans" (earliest added first).
* Gus Hale (Soylent) asked Mon 2 Mar, no answer, nobody else there: move on; nobody interviewed
  at Soylent, so the most recently interviewed contact anywhere: Alice Moreno (Mon 9 Mar; Ivy
  Jones at Wayne was interviewed Fri 6 Mar).
* Umbrella, Aperture, Massive Dynamic: nobody there -> find a contact.

Ranks (motivation, posting, advocacy descending, then employer):
Initech (3,3,yes) 1; acme corp (3,2,yes) 2 and Globex (3,2,yes) 3 by name; Hooli (2,1,yes) 4
and Umbrella (2,1,alumni) 5 by name; Aperture (2,1,no) 6 after both although it sorts first by
name; Soylent (1,1,yes) 7; Massive Dynamic (blank motivation = 0, blank posting = 1) 8.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from netwk_analysis.analyses.targets import TARGET_COLUMNS, target_employers
from netwk_analysis.cli import main
from netwk_analysis.core.facts import TARGET_STATUSES
from netwk_analysis.reading.load import load_network

AS_OF = dt.date(2026, 3, 13)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


CONTACTS = [
    ("Alice Moreno", "Acme Corp", "active", day("2026-02-27")),
    ("Kim Lo", "ACME CORP", "active", day("2026-02-27")),
    ("Ben Carter", "Globex", "active", day("2026-02-27")),
    ("Jade Nguyen", "Globex", "active", day("2026-03-03")),
    ("Cara Diaz", "Initech", "active", day("2026-03-10")),
    ("Dan Evans", "Hooli", "active", day("2026-03-01")),
    ("Eve Fox", "Hooli", None, day("2026-02-20")),
    ("Hal Ives", "Hooli", "paused", day("2026-02-10")),
    ("Gus Hale", "Soylent", "active", day("2026-02-27")),
    ("Ivy Jones", "Wayne", "active", day("2026-02-27")),
]
INTERACTIONS = [
    ("2026-03-02", "Alice Moreno", "request"),
    ("2026-03-04", "Alice Moreno", "reply"),
    ("2026-03-09", "Alice Moreno", "interview"),
    ("2026-03-10", "Alice Moreno", "thank_you"),
    ("2026-03-02", "Ben Carter", "request"),
    ("2026-03-11", "Cara Diaz", "request"),
    ("2026-03-02", "Gus Hale", "request"),
    ("2026-03-02", "Ivy Jones", "request"),
    ("2026-03-05", "Ivy Jones", "reply"),
    ("2026-03-06", "Ivy Jones", "interview"),
    ("2026-03-06", "Ivy Jones", "thank_you"),
]
TARGETS = [
    ("  acme corp ", 3, 2, "no"),
    ("Globex", 3, 2, None),
    ("Initech", 3, 3, None),
    ("Hooli", 2, 1, None),
    ("Umbrella", 2, 1, "yes"),
    ("Aperture", 2, 1, "no"),
    ("Soylent", 1, 1, None),
    ("Massive Dynamic", None, None, None),
    ("GLOBEX ", 1, 1, None),  # row 10: listed twice
]


def write_targets_book(write_workbook, path: Path, *, targets=TARGETS) -> Path:
    return write_workbook(
        path,
        contacts=CONTACTS,
        interactions=INTERACTIONS,
        leads=[("2026-03-10", "Alice Moreno", "ACME Corp", "lead")],
        headers={
            "Contacts": ["Name", "Company", "Status", "Added On"],
            "Interactions": ["Date", "Contact", "Type"],
            "Leads": ["Date", "Contact", "Company", "Stage"],
            "Targets": ["Employer", "Motivation", "Posting", "Alumni", "Notes"],
        },
        sheets=None if targets is None else {"Targets": targets},
        iso_dates=True,
    )


@pytest.fixture(scope="module")
def network(write_workbook, tmp_path_factory):
    return load_network(
        write_targets_book(write_workbook, tmp_path_factory.mktemp("t") / "targets.xlsx")
    )


def test_every_status_rank_count_and_next_step(network):
    table = target_employers(network, as_of=AS_OF)
    assert list(table.columns) == TARGET_COLUMNS
    expected = pd.DataFrame(
        [
            # employer, rank, mot, post, adv, contacts, asked, answered, booster, interviews,
            # leads, status, next
            ("Initech", 1, 3, 3, True, 1, 1, 0, False, 0, 0, "waiting", "waiting for Cara Diaz"),
            (
                "acme corp",
                2,
                3,
                2,
                True,
                2,
                1,
                1,
                True,
                1,
                1,
                "booster found",
                "booster: Alice Moreno",
            ),
            ("Globex", 3, 3, 2, True, 2, 1, 0, False, 0, 0, "move on", "ask Jade Nguyen"),
            ("Hooli", 4, 2, 1, True, 3, 0, 0, False, 0, 0, "ask", "ask Eve Fox, Dan Evans"),
            (
                "Umbrella",
                5,
                2,
                1,
                True,
                0,
                0,
                0,
                False,
                0,
                0,
                "find a contact",
                "ask Alice Moreno for a name at Umbrella",
            ),
            (
                "Aperture",
                6,
                2,
                1,
                False,
                0,
                0,
                0,
                False,
                0,
                0,
                "find a contact",
                "ask Alice Moreno for a name at Aperture",
            ),
            (
                "Soylent",
                7,
                1,
                1,
                True,
                1,
                1,
                0,
                False,
                0,
                0,
                "move on",
                "ask Alice Moreno for a name at Soylent",
            ),
            (
                "Massive Dynamic",
                8,
                0,
                1,
                False,
                0,
                0,
                0,
                False,
                0,
                0,
                "find a contact",
                "ask Alice Moreno for a name at Massive Dynamic",
            ),
        ],
        columns=TARGET_COLUMNS,
    )
    got = table.astype(object)
    assert got.values.tolist() == expected.astype(object).values.tolist()
    assert set(table["status"]) == set(TARGET_STATUSES)


def test_duplicate_employer_is_a_warning_and_ignored(network):
    assert len(network.targets) == 8
    warnings = [str(p) for p in network.warnings if p.sheet == "Targets"]
    assert warnings == [
        "Targets!A10: employer 'GLOBEX' is already listed (row 3); this row is ignored"
    ]


def test_targets_sheet_typed_with_defaults(network):
    massive = network.targets.set_index("employer").loc["Massive Dynamic"]
    assert (massive["motivation"], massive["posting"], bool(massive["alumni"])) == (0, 1, False)


def test_out_of_range_levels_are_errors(write_workbook, tmp_path):
    path = write_targets_book(
        write_workbook,
        tmp_path / "bad.xlsx",
        targets=[("Acme", 5, 1, "no"), ("Globex", 2, 2.5, "maybe"), (None, 1, 1, None)],
    )
    errors = [str(p) for p in load_network(path).errors]
    assert errors == [
        "Targets!B2: '5' in motivation is not one of 0, 1, 2, 3",
        "Targets!C3: '2.5' in posting is not one of 3, 2, 1",
        "Targets!D3: 'maybe' in alumni is not yes or no",
        "Targets!A4: employer is empty",
    ]


def test_a_move_on_item_cleared_by_asking_the_colleague_leaves_waiting(write_workbook, tmp_path):
    # Asking Jade on Thu 12 Mar clears Ben's move_on item; both are now unanswered.
    path = write_targets_book(write_workbook, tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    book["Interactions"].append([day("2026-03-12"), "Jade Nguyen", "request"])
    book.save(path)
    table = target_employers(load_network(path), as_of=AS_OF).set_index("employer")
    assert table.loc["Globex", ["asked", "status", "next"]].tolist() == [
        2,
        "waiting",
        "waiting for Ben Carter, Jade Nguyen",
    ]


def test_earlier_as_of_sees_no_booster_yet(network):
    # On Tue 3 Mar Alice has not answered (the reply is dated 4 Mar): waiting there.
    table = target_employers(network, as_of=dt.date(2026, 3, 3)).set_index("employer")
    assert table.loc["acme corp", ["answered", "booster", "status"]].tolist() == [
        0,
        False,
        "waiting",
    ]


def test_without_a_targets_sheet_the_table_is_empty(write_workbook, tmp_path):
    network = load_network(
        write_targets_book(write_workbook, tmp_path / "none.xlsx", targets=None)
    )
    table = target_employers(network, as_of=AS_OF)
    assert table.empty and list(table.columns) == TARGET_COLUMNS


def test_cli_json_shape(write_workbook, tmp_path, capsys):
    path = write_targets_book(write_workbook, tmp_path / "cli.xlsx")
    assert main(["targets", str(path), "--as-of", "2026-03-13", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert list(rows[0]) == [
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
    assert rows[1] == {
        "employer": "acme corp",
        "rank": 2,
        "motivation": 3,
        "posting": 2,
        "advocacy": True,
        "contacts": 2,
        "asked": 1,
        "answered": 1,
        "booster": True,
        "interviews": 1,
        "leads": 1,
        "status": "booster found",
        "next": "booster: Alice Moreno",
    }


def test_cli_table_and_csv(write_workbook, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # a wide terminal: the next step stays on one line
    path = write_targets_book(write_workbook, tmp_path / "cli.xlsx")
    assert main(["targets", str(path), "--as-of", "2026-03-13"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Target employers as of Fri 13 Mar 2026: 8"
    assert "ask Eve Fox, Dan Evans" in out
    assert main(["targets", str(path), "--as-of", "2026-03-13", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == TARGET_COLUMNS
    assert rows[4] == [
        "Hooli",
        "4",
        "2",
        "1",
        "True",
        "3",
        "0",
        "0",
        "False",
        "0",
        "0",
        "ask",
        "ask Eve Fox, Dan Evans",
    ]
    assert len(rows) == 9


def test_report_where_should_i_look_next(network):
    from netwk_analysis.presentation import page

    data = page.collect(network, as_of=AS_OF)
    html = page.render_html(data, {}, generated=dt.datetime(2026, 3, 13, 9, 0))
    section = html[html.index('<section id="where-next">') :]
    section = section[: section.index("</section>")]
    assert "<h2>Where should I look next?</h2>" in section
    assert "The top 8 of 8" in section
    assert section.index("Initech") < section.index("acme corp") < section.index("Globex")
    assert ">booster found</span>" in section and "booster: Alice Moreno" in section
    assert "ask Eve Fox, Dan Evans" in section
    assert html.index('id="due-list"') < html.index('id="where-next"')
    charts = {chart.name: chart for chart in page.CHARTS}
    for name, title in (
        ("reply_timing", "How long do answers take?"),
        ("reach", "Reach: interviews with people new to you"),
    ):
        svg = page.chart_svg(charts[name], data)
        assert title in svg
    assert (
        charts["reply_timing"]
        .explain(data)
        .startswith(
            "From your own 5 first requests (2 answered; unanswered ones count as waiting until "
            "today): fewer than half"
        )
    )


def test_given_due_list_gives_the_same_table(network):
    from netwk_analysis.analyses.followups import due_items

    due = due_items(network, as_of=AS_OF)
    pd.testing.assert_frame_equal(
        target_employers(network, as_of=AS_OF, due=due), target_employers(network, as_of=AS_OF)
    )
