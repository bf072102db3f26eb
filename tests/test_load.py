"""The loader and validator on real files: docs/workbook.md (the sheets, and "When something is
wrong")."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading.load import load_network

D = dt.date


def problems(network) -> list[str]:
    return [str(p) for p in network.problems]


def test_shortcut_columns_expand_to_interactions(write_workbook, tmp_path):
    path = tmp_path / "one_sheet.xlsx"
    write_workbook(
        path,
        contacts=[
            ["Ann Lee", D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 10), D(2026, 3, 11)],
            ["Bo Chen", D(2026, 3, 3), None, None, None],
        ],
        headers={
            "Contacts": ["Name", "Contacted On", "Replied On", "Interviewed On", "Thank-You On"]
        },
    )

    network = load_network(path, as_of=D(2026, 3, 31))

    assert problems(network) == []
    events = network.interactions[["date", "contact", "type", "sheet", "row"]]
    assert events.astype(str).values.tolist() == [
        ["2026-03-02", "Ann Lee", "request", "Contacts", "2"],
        ["2026-03-03", "Bo Chen", "request", "Contacts", "3"],
        ["2026-03-04", "Ann Lee", "reply", "Contacts", "2"],
        ["2026-03-10", "Ann Lee", "interview", "Contacts", "2"],
        ["2026-03-11", "Ann Lee", "thank_you", "Contacts", "2"],
    ]
    # added_on defaults to the first interaction; no shortcut columns left on contacts
    assert network.contacts["added_on"].tolist() == [
        pd.Timestamp(2026, 3, 2),
        pd.Timestamp(2026, 3, 3),
    ]
    assert "contacted_on" not in network.contacts


def test_shortcut_event_identical_to_an_interaction_row_is_counted_once(write_workbook, tmp_path):
    path = write_workbook(
        tmp_path / "both.xlsx",
        contacts=[["Ann Lee"]],
        headers={"Contacts": ["Name", "Contacted On"]},
        interactions=[[D(2026, 3, 2), "ann lee", "Request", "email", None]],
    )
    book = openpyxl.load_workbook(path)
    book["Contacts"]["B2"] = D(2026, 3, 2)
    book.save(path)
    network = load_network(path, as_of=D(2026, 3, 31))
    assert network.interactions[["contact", "type", "sheet"]].values.tolist() == [
        ["Ann Lee", "request", "Interactions"]
    ]


def test_mixed_date_forms_parse_to_the_same_day(write_workbook, tmp_path):
    path = write_workbook(
        tmp_path / "dates.xlsx",
        contacts=[["Ann Lee"]],
        interactions=[
            [D(2026, 3, 6), "Ann Lee", "note"],
            [dt.datetime(2026, 3, 6, 17, 45), "Ann Lee", "note"],
            ["2026-03-06", "Ann Lee", "note"],
            [" 2026-03-06T09:00 ", "Ann Lee", "note"],
            [46087, "Ann Lee", "note"],  # spreadsheet serial number
            ["6/3/2026", "Ann Lee", "note"],  # the date_format setting below
        ],
        settings={"date_format": "DD/MM/YYYY", "as_of": "2026-03-31"},
    )
    network = load_network(path)
    assert problems(network) == []
    assert network.interactions["date"].unique().tolist() == [pd.Timestamp(2026, 3, 6)]
    assert len(network.interactions) == 6


def test_text_outside_the_calendar_is_not_a_date(write_workbook, tmp_path):
    path = write_workbook(
        tmp_path / "far.xlsx",
        contacts=[["Ann Lee"]],
        interactions=[["0123", "Ann Lee", "note"], ["3000-01-01", "Ann Lee", "note"]],
    )
    network = load_network(path, as_of=D(2026, 3, 31))
    hint = "(type it as YYYY-MM-DD, or set date_format in Settings)"
    assert problems(network) == [
        f"Interactions!A2: '0123' in date is not a date {hint}",
        f"Interactions!A3: '3000-01-01' in date is not a date {hint}",
    ]
    assert network.interactions.empty


def test_dates_in_csv_folder_use_strftime_date_format(tmp_path):
    folder = tmp_path / "csvs"
    folder.mkdir()
    (folder / "Contacts.csv").write_text("name,added on\nAnn Lee,3/6/2026\n", encoding="utf-8")
    (folder / "settings.csv").write_text("key,value\ndate_format,%m/%d/%Y\n", encoding="utf-8")
    network = load_network(folder, as_of=D(2026, 3, 31))
    assert problems(network) == []
    assert network.contacts["added_on"].tolist() == [pd.Timestamp(2026, 3, 6)]


def test_headers_and_values_in_other_spellings_resolve(write_workbook, tmp_path):
    path = write_workbook(
        tmp_path / "spellings.xlsx",
        headers={
            "Contacts": ["NAME", "referred-by", "Source", "STATUS", "May use name?", "Pet"],
            "Interactions": [
                "date",
                "Contact ",
                "TYPE",
                "Channel",
                "Duration (min)",
                "Résumé left",
                "Asked for names",
            ],
        },
        contacts=[
            ["Ann Lee", None, "Alumni", "Paused", "Y", "cat"],
            ["Bo Chen", "  ann  LEE ", "", "", "no", None],
        ],
        interactions=[
            [D(2026, 3, 2), "BO CHEN", "Thank You", "In Person", "25", "TRUE", 1],
            [D(2026, 3, 3), "bo chen", "follow-up", "Voice Mail", None, None, None],
        ],
    )
    network = load_network(path, as_of=D(2026, 3, 31))
    assert problems(network) == []
    contacts = network.contacts
    assert contacts["referred_by"].tolist() == [pd.NA, "Ann Lee"]
    assert contacts["source"].tolist() == ["alumni", "referral"]
    assert contacts["status"].tolist() == ["paused", "active"]
    assert contacts["may_use_name"].tolist() == [True, False]
    assert contacts["Pet"].tolist() == ["cat", pd.NA]  # extra columns are kept
    events = network.interactions
    assert events["type"].tolist() == ["thank_you", "follow_up"]
    assert events["channel"].tolist() == ["in_person", "voicemail"]
    assert events["duration_min"].tolist() == [25.0, pd.NA]
    assert events["contact"].tolist() == ["Bo Chen", "Bo Chen"]


def test_text_is_kept_as_typed(write_workbook, tmp_path):
    path = write_workbook(
        tmp_path / "text.xlsx",
        headers={"Contacts": ["Name", "Company", "Phone", "Notes"]},
        contacts=[
            ["NA", "NA", "0123 456", "None"],
            ["null", "None", "+44 20 7946 0000", "#N/A"],
            ["Cy", "N/A", 5551234, "=not a formula"],
        ],
    )
    network = load_network(path, as_of=D(2026, 3, 31))
    contacts = network.contacts
    assert contacts["name"].tolist() == ["NA", "null", "Cy"]
    assert contacts["company"].tolist() == ["NA", "None", "N/A"]
    assert contacts["phone"].tolist() == ["0123 456", "+44 20 7946 0000", "5551234"]
    assert str(contacts["phone"].dtype) == "string"


def test_blank_rows_and_extra_sheets_are_ignored(write_workbook, tmp_path):
    path = write_workbook(tmp_path / "blank.xlsx", contacts=[["Ann Lee"], [], ["   "], ["Bo"]])
    book = openpyxl.load_workbook(path)
    book.create_sheet("My notes")["A1"] = "anything"
    book.save(path)
    network = load_network(path, as_of=D(2026, 3, 31))
    assert problems(network) == []
    assert network.contacts[["name", "row"]].values.tolist() == [["Ann Lee", 2], ["Bo", 5]]


def test_settings_override_defaults(write_workbook, tmp_path):
    path = write_workbook(
        tmp_path / "settings.xlsx",
        contacts=[["Ann Lee"]],
        settings={
            "Weekly outreach target": 8,
            "week_start": "sunday",
            "holidays": "us",
            "as_of": D(2026, 5, 1),
            "tickler_days": "45",
        },
    )
    settings = load_network(path).settings
    assert (
        settings.weekly_outreach_target,
        settings.week_start,
        settings.holidays,
        settings.as_of,
        settings.tickler_days,
    ) == (8, "Sunday", "US", D(2026, 5, 1), 45)
    assert settings.thank_you_days == 1 and settings.week_anchor == "W-SAT"


def test_ods_workbook_loads_like_xlsx(tmp_path):
    path = tmp_path / "net.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame(
            {
                "Name": ["Ann Lee", "Bo Chen"],
                "Referred By": [None, "Ann Lee"],
                "Phone": ["0123", None],
            }
        ).to_excel(writer, sheet_name="Contacts", index=False)
        pd.DataFrame(
            {"Date": [pd.Timestamp(2026, 3, 2)], "Contact": ["Bo Chen"], "Type": ["Request"]}
        ).to_excel(writer, sheet_name="Interactions", index=False)
    network = load_network(path, as_of=D(2026, 3, 31))
    assert problems(network) == []
    assert network.contacts["referred_by"].tolist() == [pd.NA, "Ann Lee"]
    assert network.contacts["phone"].tolist() == ["0123", pd.NA]
    assert network.interactions[["date", "contact", "type"]].values.tolist() == [
        [pd.Timestamp(2026, 3, 2), "Bo Chen", "request"]
    ]


def bad_workbook(write_workbook, tmp_path):
    return write_workbook(
        tmp_path / "bad.xlsx",
        contacts=[
            ["Alice Moreno", "Acme", None],
            ["Ben Carter", "Acme", "Alise Moreno"],
            [" alice moreno", "Initech", None],
            ["Dan Ito", None, "Eve Park"],
            ["Eve Park", None, "Fay Wu"],
            ["Fay Wu", None, "Dan Ito"],
            ["Gus Hale", None, "gus hale"],
            ["Hal Orr", None, None, "Recruiter", "Sleeping"],
            [None, "Orphan Co"],
        ],
        interactions=[
            [D(2026, 3, 2), "Ben Carter", "request", "email"],
            ["next week", "Ben Carter", "reply"],
            [D(2026, 3, 3), "Benn Carter", "interview"],
            [D(2026, 3, 4), "Alice Moreno", "coffee", "pigeon"],
            [D(2026, 4, 9), "Alice Moreno", "note"],
            [None, None, None, None, "ninety"],
        ],
        leads=[[D(2026, 3, 20), "Ben Carter", "Acme", "Analyst", "Dreaming"]],
        settings={"as_of": "2026-03-31", "tickler_days": "monthly"},
    )


def test_every_bad_input_is_reported_with_its_cell(write_workbook, tmp_path):
    network = load_network(bad_workbook(write_workbook, tmp_path))
    assert problems(network) == [
        "Contacts!C3: unknown contact 'Alise Moreno' in referred_by; did you mean 'Alice Moreno'?",
        "Contacts!A4: duplicate name 'alice moreno' (first on row 2)",
        "Contacts!C7: referral cycle: Dan Ito → Eve Park → Fay Wu → Dan Ito",
        "Contacts!C8: 'Gus Hale' is referred by themselves",
        "Contacts!D9: unknown source 'Recruiter'; use one of: known, referral, cold, event, "
        "alumni",
        "Contacts!E9: unknown status 'Sleeping'; use one of: active, paused, closed",
        "Contacts!A10: name is empty",
        "Interactions!A3: 'next week' in date is not a date (type it as YYYY-MM-DD, or set "
        "date_format in Settings)",
        "Interactions!B4: unknown contact 'Benn Carter' in contact; did you mean 'Ben Carter'? "
        "(add them to Contacts or fix the spelling)",
        "Interactions!C5: unknown type 'coffee'; use one of: request, reply, decline, "
        "interview, thank_you, follow_up, check_in, note",
        "Interactions!D5: unknown channel 'pigeon'; use one of: email, phone, voicemail, "
        "linkedin, in_person, video, other",
        "Interactions!A6: date 2026-04-09 is after the as-of date 2026-03-31; it is left out "
        "until then",
        "Interactions!A7: date is empty",
        "Interactions!B7: contact is empty",
        "Interactions!C7: type is empty",
        "Interactions!E7: 'ninety' in duration_min is not a number",
        "Leads!E2: unknown stage 'Dreaming'; use one of: lead, applied, interviewing, offer, "
        "accepted, rejected, withdrawn",
        "Settings!B3: tickler_days must be a whole number of days or names, not 'monthly'",
    ]
    assert [p.severity for p in network.problems].count("warning") == 1
    # valid rows still make a usable network; bad rows are left out
    assert network.contacts["name"].tolist() == [
        "Alice Moreno",
        "Ben Carter",
        "Dan Ito",
        "Eve Park",
        "Fay Wu",
        "Gus Hale",
        "Hal Orr",
    ]
    assert network.interactions["row"].tolist() == [2, 6]
    assert network.settings.tickler_days == 30


def test_problem_fields(write_workbook, tmp_path):
    network = load_network(bad_workbook(write_workbook, tmp_path))
    first = network.problems[0]
    assert (first.sheet, first.row, first.column, first.cell, first.severity) == (
        "Contacts",
        3,
        "referred_by",
        "Contacts!C3",
        "error",
    )


def test_missing_sheet_and_columns(tmp_path):
    path = tmp_path / "wrong.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "People"
    sheet = book.create_sheet("Interactions")
    sheet.append(["When", "Who", "Type"])
    book.save(path)
    network = load_network(path)
    assert problems(network) == [
        "Contacts: missing required sheet 'Contacts' (sheets found: 'People', 'Interactions'); "
        "rename the sheet that lists your contacts to Contacts",
        "Interactions!1:1: missing required column 'date'",
        "Interactions!1:1: missing required column 'contact'",
    ]


def test_empty_workbook_is_a_problem(write_workbook, tmp_path):
    path = tmp_path / "empty.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Contacts"
    book.save(path)
    assert problems(load_network(path)) == [
        "Contacts: the sheet is empty; put the headers (Name, Company, Referred By, ...) in "
        "row 1 and one person per row below (netwk init writes a template)"
    ]
    # headers and no rows yet (a fresh template) is a valid, empty network
    write_workbook(path, contacts=[])
    network = load_network(path)
    assert problems(network) == [] and network.contacts.empty and network.interactions.empty


def test_not_a_spreadsheet_raises_one_sentence(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("name,company\nAnn,Acme\n")
    with pytest.raises(UnreadableWorkbook) as error:
        load_network(path)
    assert "\n" not in str(error.value)


def test_loading_never_changes_the_file(write_workbook, tmp_path):
    path = bad_workbook(write_workbook, tmp_path)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    load_network(path)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]


LIBREOFFICE = Path(__file__).parent / "data" / "libreoffice"


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_workbooks_saved_by_libreoffice_load_clean(suffix):
    network = load_network(LIBREOFFICE / f"network.{suffix}")
    assert problems(network) == []
    contacts = network.contacts.set_index("name")
    assert contacts.loc["Ben Carter", "phone"] == "+44 20 7946 0000"
    assert contacts.loc["Alice Moreno", "phone"] == "0123 456"
    assert contacts.loc["NA", ["company", "referred_by"]].tolist() == ["NA", "Alice Moreno"]
    assert contacts.loc["NA", "added_on"] == pd.Timestamp(2026, 2, 12)
    assert contacts.loc["Cara Diaz", "status"] == "paused"
    assert network.settings.as_of == D(2026, 3, 6)
    assert network.interactions[["date", "contact", "type"]].astype(str).values.tolist() == [
        ["2026-02-03", "Alice Moreno", "request"],
        ["2026-02-04", "Alice Moreno", "reply"],
        ["2026-02-09", "Alice Moreno", "interview"],
        ["2026-02-10", "Alice Moreno", "thank_you"],
        ["2026-02-11", "Ben Carter", "request"],
        ["2026-02-13", "Ben Carter", "reply"],
        ["2026-02-20", "Cara Diaz", "request"],
    ]


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_broken_workbook_saved_by_libreoffice_names_every_problem(
    write_workbook, tmp_path, suffix
):
    from_openpyxl = problems(load_network(bad_workbook(write_workbook, tmp_path)))
    assert problems(load_network(LIBREOFFICE / f"broken.{suffix}")) == from_openpyxl


def test_error_cells_and_formulas_without_values_are_reported(write_workbook, tmp_path):
    path = write_workbook(
        tmp_path / "formulas.xlsx",
        headers={"Contacts": ["Name", "Company", "Phone", "Scratch"]},
        contacts=[["Ann Lee", "=#REF!", "=NA()", "=1+1"], ["Bo Chen", "Acme", None, None]],
    )
    network = load_network(path, as_of=D(2026, 3, 31))
    assert problems(network) == [
        "Contacts!B2: the cell holds a formula with no saved result; open the file in your "
        "spreadsheet program and save it, or type the value",
        "Contacts!C2: the cell holds a formula with no saved result; open the file in your "
        "spreadsheet program and save it, or type the value",
        "Contacts!D2: the cell holds a formula with no saved result; open the file in your "
        "spreadsheet program and save it, or type the value",
    ]
    assert [p.severity for p in network.problems] == ["error", "error", "warning"]


def test_error_values_saved_by_a_spreadsheet_program_are_reported(tmp_path):
    network = load_network(LIBREOFFICE / "errors.xlsx", as_of=D(2026, 3, 31))
    assert problems(network) == [
        "Contacts!B2: the cell shows #N/A instead of a value; fix or retype it",
        "Contacts!C2: the cell shows #DIV/0! instead of a value; fix or retype it",
    ]
    # a formula with a saved result is read as its value
    assert network.contacts.set_index("name").loc["Bo", "phone"] == "Ann"


def test_did_you_mean_in_a_big_workbook(write_workbook, tmp_path):
    """Past FULL_SCAN_CONTACTS the candidates are narrowed by word beginnings; the suggestions
    must still be the close names, a typo early in a word included, and far names get none."""
    from netwk_analysis.reading.load import FULL_SCAN_CONTACTS

    firsts = ["Alice", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro"]
    lasts = [f"Surname{i:03d}" for i in range(400)]
    people = [[f"{f} {s}"] for s in lasts for f in firsts]
    assert len(people) > FULL_SCAN_CONTACTS
    people += [["Alice Moreno"], ["Ben Carter"]]
    path = write_workbook(
        tmp_path / "big.xlsx",
        contacts=[*people, ["Zed Ray", None, "Alise Moreno"]],
        interactions=[
            [D(2026, 3, 2), "Bne Carter", "request"],  # letters swapped at the start
            [D(2026, 3, 3), "Grace Surname0171", "request"],  # a digit dropped
            [D(2026, 3, 4), "Somebody Else Entirely", "request"],  # nothing close
        ],
        settings={"as_of": "2026-03-31"},
    )
    messages = [p.message for p in load_network(path).errors]
    assert messages == [
        "unknown contact 'Alise Moreno' in referred_by; did you mean 'Alice Moreno'?",
        "unknown contact 'Bne Carter' in contact; did you mean 'Ben Carter'? "
        "(add them to Contacts or fix the spelling)",
        "unknown contact 'Grace Surname0171' in contact; did you mean 'Grace Surname171'? "
        "(add them to Contacts or fix the spelling)",
        "unknown contact 'Somebody Else Entirely' in contact "
        "(add them to Contacts or fix the spelling)",
    ]


def test_did_you_mean_stops_after_its_limit():
    from netwk_analysis.reading.load import _NameSuggester

    contacts = pd.DataFrame({"name": ["Alice Moreno"], "key": ["alice moreno"]})
    suggest = _NameSuggester(contacts, limit=2)
    assert suggest("Alise Moreno") == "; did you mean 'Alice Moreno'?"
    assert suggest("Alicia Moreno") == "; did you mean 'Alice Moreno'?"
    assert suggest("Alise Moreno") == "; did you mean 'Alice Moreno'?"  # already looked up
    assert suggest("Alice Morena") == ""  # a third distinct name: past the limit
