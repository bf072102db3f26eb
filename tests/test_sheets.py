"""``write_workbook``: a new workbook in the template's layout, from frames."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from netwk_analysis.core import schema
from netwk_analysis.reading.load import load_network
from netwk_analysis.writing.files import OutputExists
from netwk_analysis.writing.sheets import write_workbook
from netwk_analysis.writing.template import write_template


def validations(ws) -> dict[str, tuple]:
    return {
        str(v.sqref): (v.type, v.formula1, v.errorStyle or "stop")
        for v in ws.data_validations.dataValidation
    }


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    ours = write_workbook({}, folder / "ours.xlsx")
    template = write_template(folder / "template.xlsx")
    return openpyxl.load_workbook(ours), openpyxl.load_workbook(template), ours


def test_empty_frames_give_the_template_layout(both):
    ours, template, _ = both
    assert ours.sheetnames == template.sheetnames
    for sheet in schema.SHEET_COLUMNS:
        a, b = ours[sheet], template[sheet]
        assert [c.value for c in a[1]] == [c.value for c in b[1]]
        assert all(c.font.b for c in a[1]) and a.freeze_panes == b.freeze_panes == "A2"
        assert validations(a) == validations(b)
        for index in range(1, len(schema.SHEET_COLUMNS[sheet]) + 1):
            letter = openpyxl.utils.get_column_letter(index)
            assert a.column_dimensions[letter].width == pytest.approx(
                b.column_dimensions[letter].width, abs=1
            )
    settings = [list(r) for r in ours[schema.SETTINGS].iter_rows(values_only=True)]
    assert settings == [list(r) for r in template[schema.SETTINGS].iter_rows(values_only=True)]
    how_to = [r[0] for r in ours["How to use"].iter_rows(values_only=True)]
    assert how_to == [r[0] or None for r in template["How to use"].iter_rows(values_only=True)]
    assert ours["How to use"]["A3"].font.b and ours["How to use"]["A1"].font.sz == 14


def test_empty_workbook_loads_clean(both):
    *_, path = both
    network = load_network(path)
    assert network.problems == () and network.contacts.empty


def test_rows_are_written_typed_and_escaped(tmp_path):
    contacts = pd.DataFrame(
        {
            "name": ["Alice Moreno", "=cmd|' /C calc'!A0"],
            "added_on": pd.to_datetime(["2026-03-02", None]),
            "may_use_name": [True, False],
            "company": ["Northwind", None],
        }
    )
    interactions = pd.DataFrame(
        {
            "date": [dt.date(2026, 3, 4)],
            "contact": ["Alice Moreno"],
            "type": ["interview"],
            "duration_min": [30],
        }
    )
    settings = pd.DataFrame({"key": ["tickler_days", "since"], "value": [14, dt.date(2026, 1, 5)]})
    path = write_workbook(
        {"Contacts": contacts, "Interactions": interactions, "Settings": settings},
        tmp_path / "n.xlsx",
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["Contacts"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows[0][:2] == ("Alice Moreno", "Northwind")
    assert rows[0][9:11] == ("yes", dt.datetime(2026, 3, 2))
    assert rows[1][0] == "'=cmd|' /C calc'!A0" and rows[1][1] is None and rows[1][10] is None
    assert ws["K2"].number_format == "yyyy-mm-dd"
    row = next(wb["Interactions"].iter_rows(min_row=2, values_only=True))
    assert row[:5] == (dt.datetime(2026, 3, 4), "Alice Moreno", "interview", None, 30)
    keys = {r[0]: r[1] for r in wb["Settings"].iter_rows(min_row=2, values_only=True)}
    assert keys["tickler_days"] == 14 and keys["since"] == dt.datetime(2026, 1, 5)
    assert keys["thank_you_days"] == 1  # the defaults stay
    # Drop-downs reach as far past the data as in the empty template: 999 rows.
    assert validations(ws)["I2:I1002"][1] == '"known,referral,cold,event,alumni"'
    network = load_network(path)
    assert network.errors == ()


def test_refuses_to_overwrite_and_unknown_columns(tmp_path):
    path = write_workbook({}, tmp_path / "n.xlsx")
    before = path.read_bytes()
    with pytest.raises(OutputExists):
        write_workbook({}, path)
    assert path.read_bytes() == before
    with pytest.raises(ValueError, match="not in the contract"):
        write_workbook({"Contacts": pd.DataFrame({"nmae": ["x"]})}, tmp_path / "m.xlsx")
    assert not (tmp_path / "m.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["n.xlsx"]
