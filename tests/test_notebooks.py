"""The notebooks: stored without outputs, parameterised papermill-style, and they run end to end
on the sample workbook drawing at least one chart each."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SAMPLE = ROOT / "data" / "sample_network.xlsx"
EXPECTED = {
    "00_bring_your_data.ipynb",
    "01_getting_started.ipynb",
    "02_weekly_review.ipynb",
    "03_referral_tree_and_leads.ipynb",
    "04_where_next.ipynb",
}
#: The parameters cell of each notebook; the others take the sample workbook.
PARAMETERS = {"00_bring_your_data.ipynb": {"EXPORT": None, "AS_OF": None}}
SAMPLE_PARAMETERS = {"WORKBOOK": "../data/sample_network.xlsx", "AS_OF": None}


@pytest.fixture(scope="module")
def nbformat():
    """nbformat, imported by the tests that read a notebook rather than when the suite is
    collected: its import (jsonschema's format checkers) costs each worker seconds."""
    import nbformat

    return nbformat


def test_the_notebooks_exist():
    assert EXPECTED <= {path.name for path in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(nbformat, path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "strip outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_imports_first_then_one_parameters_cell(nbformat, path):
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert "from netwk_analysis" in code[0].source
    tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is code[1]
    namespace: dict = {}
    exec(tagged[0].source, namespace)  # noqa: S102 - our own two assignments
    expected = PARAMETERS.get(path.name, SAMPLE_PARAMETERS)
    assert {name: namespace.get(name, "missing") for name in expected} == expected
    source = "\n".join(cell.source for cell in code)
    assert "sys.path" not in source and "def " not in source, "logic lives in the package"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_title_first_and_the_network_shown_alone_after_loading(nbformat, path):
    notebook = nbformat.read(path, as_version=4)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "title cell first"
    code = [cell.source.strip() for cell in notebook.cells if cell.cell_type == "code"]
    loading = next(i for i, source in enumerate(code) if "= load_network(" in source)
    assert code[loading + 1] == "net", "`net` alone in the cell after loading"


def test_weekly_review_asks_its_own_questions(nbformat):
    notebook = nbformat.read(ROOT / "notebooks" / "02_weekly_review.ipynb", as_version=4)
    titles = [
        cell.source.splitlines()[0] for cell in notebook.cells if cell.cell_type == "markdown"
    ]
    assert "## Ask your own questions" in titles
    questions = "\n".join(cell.source for cell in notebook.cells).lower()
    assert "within a week" in questions and "channel" in questions and "per month" in questions


def test_problem_messages_are_shown_in_full(nbformat):
    notebook = nbformat.read(ROOT / "notebooks" / "01_getting_started.ipynb", as_version=4)
    problems = next(cell for cell in notebook.cells if "net.problems" in cell.source)
    assert 'pd.set_option("display.max_colwidth", None)' in problems.source


@pytest.mark.slow
@pytest.mark.skipif(not SAMPLE.exists(), reason="data/sample_network.xlsx not generated yet")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_the_sample_and_draws(nbformat, path):
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [
        output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    ]
    assert not [output for output in outputs if output.output_type == "error"]
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert images, "at least one chart"
    shown = [output for output in outputs if "text/html" in output.get("data", {})]
    assert any("<b>Network</b>" in output["data"]["text/html"] for output in shown), "net shown"
