"""The command line's polish: init --force and its three kinds of template, percentages, tables
that fit the terminal, one date style, --version and a default in every option's help."""

from __future__ import annotations

import argparse
import json
import re
import zipfile
from importlib.metadata import version

import openpyxl
import pytest
from odf.opendocument import load as load_ods
from odf.table import ContentValidation, Table, TableCell, TableRow

from netwk_analysis.cli import _parser, main
from netwk_analysis.core import schema
from netwk_analysis.reading.load import load_network
from netwk_analysis.writing.template import header_label

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- init ---------------------------------------------------------------------------------


def test_init_refuses_then_force_replaces(tmp_path, capsys):
    path = tmp_path / "my.xlsx"
    assert main(["init", str(path)]) == 0
    path.write_bytes(b"my own notes")
    assert main(["init", str(path)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert path.read_bytes() == b"my own notes"
    assert main(["init", str(path), "--force"]) == 0
    assert openpyxl.load_workbook(path).sheetnames[:5] == list(schema.SHEETS)


def test_init_ods_is_a_real_opendocument_with_drop_downs(tmp_path):
    path = tmp_path / "x.ods"
    assert main(["init", str(path)]) == 0
    with zipfile.ZipFile(path) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    document = load_ods(str(path))
    tables = {t.getAttribute("name"): t for t in document.spreadsheet.getElementsByType(Table)}
    assert list(tables)[:5] == list(schema.SHEETS)
    conditions = {
        v.getAttribute("name"): v.getAttribute("condition")
        for v in document.spreadsheet.getElementsByType(ContentValidation)
    }
    assert conditions["Interactions-type"] == (
        "of:cell-content-is-in-list(" + ";".join(f'"{t}"' for t in schema.INTERACTION_TYPES) + ")"
    )
    # the drop-down sits on the Type column (C) of rows 2..1000 of Interactions
    rows = tables["Interactions"].getElementsByType(TableRow)
    header = [str(c) for c in rows[0].getElementsByType(TableCell)]
    assert header == [header_label(c.name) for c in schema.INTERACTION_COLUMNS]
    assert rows[1].getAttribute("numberrowsrepeated") == "999"
    third = rows[1].getElementsByType(TableCell)[2]
    assert third.getAttribute("contentvalidationname") == "Interactions-type"
    network = load_network(path)  # our own reader takes it, empty and clean
    assert len(network.contacts) == 0 and network.problems == ()


def test_init_folder_writes_csv_templates_and_csv_name_is_refused(tmp_path, capsys):
    folder = tmp_path / "mine"
    assert main(["init", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "contacts.csv",
        "interactions.csv",
        "leads.csv",
        "settings.csv",
        "targets.csv",
    ]
    contacts = (folder / "contacts.csv").read_text(encoding="utf-8-sig").splitlines()
    assert contacts == [",".join(header_label(c.name) for c in schema.CONTACT_COLUMNS)]
    settings = (folder / "settings.csv").read_text(encoding="utf-8-sig").splitlines()
    assert settings[0] == "Key,Value,Meaning"
    assert settings[1].startswith("weekly_outreach_target,5,")
    assert len(settings) == 1 + len(schema.SETTING_DEFAULTS)
    assert load_network(folder).problems == ()
    assert main(["init", str(folder)]) == 2  # the files exist
    capsys.readouterr()
    assert main(["init", str(tmp_path / "one.csv")]) == 2
    assert "a CSV workbook is a folder of CSV files" in capsys.readouterr().err
    assert not (tmp_path / "one.csv").exists()


# --- tables -------------------------------------------------------------------------------

# Week of Mon 2 Mar 2026: three requests, two answered -> 2/3 = 67%; nothing the week after.
RATE_PEOPLE = [{"name": n, "added_on": "2026-03-01"} for n in ("Ann Lee", "Ben Carter", "Cy Ode")]
RATE_ACTS = [
    ("2026-03-02", "Ann Lee", "request"),
    ("2026-03-03", "Ben Carter", "request"),
    ("2026-03-04", "Cy Ode", "request"),
    ("2026-03-05", "Ann Lee", "reply"),
    ("2026-03-05", "Ben Carter", "reply"),
]


def test_rates_as_percentages_in_tables_numbers_in_json(write_book, tmp_path, capsys):
    book = str(write_book(tmp_path / "rate.xlsx", contacts=RATE_PEOPLE, interactions=RATE_ACTS))
    assert main(["stats", book, "--as-of", "2026-03-13"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0] == "Outreach per week (as of Fri 13 Mar 2026)"
    assert table[1].split() == [
        "week",
        "requests",
        "follow_ups",
        "answered",
        "pending",
        "response_rate",
        "response_rate_low",
        "response_rate_high",
    ]
    # Wilson 95% for 2 of 3: (0.6667 + 0.6403 -/+ 0.8334) / 2.2805 = 0.208 .. 0.939
    assert table[2].split() == ["Mon", "2", "Mar", "3", "0", "2", "0", "67%", "21%", "94%"]
    assert table[3].split() == ["Mon", "9", "Mar", "0", "0", "0", "0"]  # no rate: blank
    assert main(["stats", book, "--as-of", "2026-03-13", "--format", "json"]) == 0
    weeks = json.loads(capsys.readouterr().out)["weeks"]
    assert weeks[0]["week"] == "2026-03-02" and weeks[0]["response_rate"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("columns", [80, 100])
def test_due_table_fits_the_terminal_and_wraps_the_action(
    due_book, expected_due, tmp_path, capsys, monkeypatch, columns
):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["due", str(due_book()), "--as-of", "2026-03-12"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert lines[0] == "Due or overdue as of Thu 12 Mar 2026: 3"
    assert lines[1].split() == ["contact", "kind", "due_on", "days_overdue", "action"]
    start = lines[1].index("action")
    words = " ".join(line[start:].strip() for line in lines[2:])
    assert words == " ".join(item["action"] for item in expected_due)  # nothing lost
    assert len(lines) > 2 + len(expected_due)  # the actions took more than one line each


def test_wide_terminal_one_line_per_item_one_date_style(
    due_book, expected_due, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["due", str(due_book()), "--as-of", "2026-03-12"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2 + len(expected_due)
    assert [line.split()[3:6] for line in lines[2:]] == [
        ["Tue", "10", "Mar"],
        ["Wed", "11", "Mar"],
        ["Thu", "12", "Mar"],
    ]
    assert not ISO.search(out)  # no ISO date anywhere in the table


# --- version and help ---------------------------------------------------------------------


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"netwk {version('netwk_analysis')}\n"


def _parsers() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"netwk": parser, **commands.choices}


@pytest.mark.parametrize("name", list(_parsers()))
def test_every_option_has_help_with_its_default(name):
    parser = _parsers()[name]
    formatter = parser._get_formatter()
    options = [
        a
        for a in parser._actions
        if a.option_strings and not isinstance(a, argparse._HelpAction) and a.dest != "version"
    ]
    assert options
    for action in options:
        text = formatter._get_help_string(action) or ""
        assert "(default" in text, f"{name} {action.option_strings[0]}: {text!r}"
    positional = [a for a in parser._actions if not a.option_strings and a.dest != "command"]
    assert all(a.help for a in positional), f"{name}: a positional argument without help"
