"""``netwk check``, ``netwk --help`` and ``python -m netwk_analysis``: output and exit codes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from netwk_analysis.cli import main


def test_clean_workbook_exits_0_with_a_summary(write_workbook, tmp_path, capsys):
    path = write_workbook(
        tmp_path / "ok.xlsx",
        contacts=[["Alice Moreno", "Acme"], ["Ben Carter", "Acme", "Alice Moreno"]],
        interactions=[[dt.date(2026, 3, 2), "Ben Carter", "request", "email"]],
        settings={"as_of": "2026-03-31"},
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{path}: 2 contacts, 1 interactions, 0 leads; 0 error(s), 0 warning(s)"]


def test_problems_are_listed_by_cell_and_exit_1(write_workbook, tmp_path, capsys):
    path = write_workbook(
        tmp_path / "bad.xlsx",
        contacts=[["Alice Moreno"], ["Ben Carter", None, "Alise Moreno"]],
        interactions=[[dt.date(2026, 5, 2), "Ben Carter", "request"]],
        settings={"as_of": "2026-03-31"},
    )
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Contacts!C3: unknown contact 'Alise Moreno' in referred_by; did you mean 'Alice Moreno'?",
        "Interactions!A2: date 2026-05-02 is after the as-of date 2026-03-31; it is left out "
        "until then",
        f"{path}: 2 contacts, 1 interactions, 0 leads; 1 error(s), 1 warning(s)",
    ]


def test_warnings_alone_exit_0(write_workbook, tmp_path, capsys):
    path = write_workbook(tmp_path / "warn.xlsx", contacts=[["Ann"]], settings={"colour": 1})
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Settings!A2: unknown setting 'colour'")


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("renamed.xlsx", b"name,company\nAnn,Acme\n", "text"),
        ("empty.xlsx", b"", "empty"),
        ("missing.xlsx", None, "not"),
    ],
)
def test_unreadable_files_exit_2_with_one_line(tmp_path, capsys, name, content, says):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("netwk check: ") and err.count("\n") == 1
    assert says in err.lower()


def test_wrong_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["due", "x.xlsx", "--as-of", "yesterday"])
    assert exit_.value.code == 2
    assert "'yesterday' is not a date" in capsys.readouterr().err


def test_module_entry_point_and_help_do_not_import_matplotlib():
    code = (
        "import sys, runpy; sys.argv = ['netwk', '--help']\n"
        "try:\n    runpy.run_module('netwk_analysis', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0\n"
        "assert 'matplotlib' not in sys.modules and 'pandas' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "usage: netwk" in result.stdout
    for command in ("init", "check", "due", "stats", "tree", "report", "demo"):
        assert command in result.stdout
