"""The empty template workbook written by ``netwk init``."""

from __future__ import annotations

import openpyxl
import pytest

from netwk_analysis.core import schema
from netwk_analysis.reading.load import load_network
from netwk_analysis.writing.files import OutputExists
from netwk_analysis.writing.template import HOW_TO_SHEET, header_label, write_template


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = write_template(tmp_path_factory.mktemp("template") / "network.xlsx")
    return path, openpyxl.load_workbook(path)


def test_sheets(template):
    _, wb = template
    assert wb.sheetnames == [*schema.SHEETS, HOW_TO_SHEET]


@pytest.mark.parametrize("sheet", list(schema.SHEET_COLUMNS))
def test_headers_match_schema_and_are_bold_and_frozen(template, sheet):
    _, wb = template
    ws = wb[sheet]
    headers = [cell.value for cell in ws[1]]
    assert [schema.match_key(h) for h in headers] == [c.key for c in schema.SHEET_COLUMNS[sheet]]
    assert all(cell.font.b for cell in ws[1])
    assert ws.freeze_panes == "A2"


def test_header_labels_are_human_readable():
    assert header_label("referred_by") == "Referred By"
    assert header_label("added_on") == "Added On"
    assert header_label("duration_min") == "Duration (min)"


@pytest.mark.parametrize("sheet", list(schema.SHEET_COLUMNS))
def test_every_fixed_column_has_a_drop_down(template, sheet):
    _, wb = template
    ws = wb[sheet]
    lists = {}
    for validation in ws.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            lists[cells.min_col] = (validation.type, validation.formula1, cells.min_row)
    for index, column in enumerate(schema.SHEET_COLUMNS[sheet], start=1):
        choices = ("yes", "no") if column.kind == "yesno" else column.choices
        if not choices:
            continue
        kind, formula, first_row = lists[index]
        assert kind == "list" and first_row == 2
        assert formula.strip('"').split(",") == list(choices)


def test_referred_by_lists_contact_names(template):
    _, wb = template
    formulas = [v.formula1 for v in wb[schema.CONTACTS].data_validations.dataValidation]
    assert any("$A$2:$A$" in f for f in formulas)


@pytest.mark.parametrize("sheet", list(schema.SHEET_COLUMNS))
def test_date_columns_are_formatted(template, sheet):
    _, wb = template
    ws = wb[sheet]
    for index, column in enumerate(schema.SHEET_COLUMNS[sheet], start=1):
        if column.kind == "date":
            assert ws.cell(row=2, column=index).number_format == "yyyy-mm-dd"
            assert ws.cell(row=1000, column=index).number_format == "yyyy-mm-dd"


def test_settings_prefilled_with_defaults(template):
    _, wb = template
    rows = list(wb[schema.SETTINGS].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == list(schema.SETTING_DEFAULTS)
    for key, value, meaning in rows:
        expected = None if key in ("holidays", "as_of") else schema.SETTING_DEFAULTS[key]
        assert value == expected
        assert meaning


def test_how_to_mentions_the_method_and_commands(template):
    _, wb = template
    text = " ".join(str(r[0]) for r in wb[HOW_TO_SHEET].iter_rows(values_only=True) if r[0])
    for phrase in ("two other people", "thank-you", "3 business days", "once a month"):
        assert phrase in text
    assert "netwk check" in text and "netwk report" in text


def test_refuses_to_overwrite(template):
    path, _ = template
    before = path.read_bytes()
    with pytest.raises(OutputExists):
        write_template(path)
    assert path.read_bytes() == before
    assert write_template(path, overwrite=True) == path
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_template_loads_with_zero_problems_and_once_a_contact_is_added(template, tmp_path):
    path, _ = template
    empty = load_network(path)
    assert empty.problems == () and empty.contacts.empty
    wb = openpyxl.load_workbook(path)
    wb[schema.CONTACTS].cell(row=2, column=1, value="Alice Moreno")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    network = load_network(filled)
    assert network.errors == (), [str(p) for p in network.errors]
    assert list(network.contacts["name"]) == ["Alice Moreno"]
