"""The package's layout keeps one direction of flow, and each domain fact is declared once.

core -> (reading, writing) -> analyses -> presentation -> cli: a module imports only from its
own folder or the folders before it, function-level imports included, and no import circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

from netwk_analysis.core import facts, schema
from netwk_analysis.core.model import Settings

PACKAGE = Path(__file__).resolve().parents[1] / "netwk_analysis"
LAYERS = {"core": 0, "reading": 1, "writing": 1, "analyses": 2, "presentation": 3, "cli": 4}
DOCS = Path(__file__).resolve().parents[1] / "docs"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every ``netwk_analysis`` module ``path`` imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("netwk_analysis"):
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py")
                    found.add(candidate if is_module.exists() else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("netwk_analysis")}
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in _imports(path) if target != name)
    return graph


def test_imports_only_point_down_the_flow():
    wrong = []
    for importer, imported in _graph().edges:
        here, there = _layer(importer), _layer(imported)
        if here in LAYERS and there in LAYERS and LAYERS[there] > LAYERS[here]:
            wrong.append(f"{importer} imports {imported}")
        if here in LAYERS and there not in LAYERS:
            wrong.append(f"{importer} imports the package top {imported}")
    assert wrong == []


def test_no_import_circle():
    graph = _graph()
    circles = [c for c in nx.simple_cycles(graph) if len(c) > 1]
    assert circles == []


def test_every_module_has_a_docstring_and_all():
    missing = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if ast.get_docstring(tree) is None:
            missing.append(f"{path.name}: docstring")
        names = {
            t.id
            for n in tree.body
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        if path.name != "__init__.py" and path.name != "__main__.py" and "__all__" not in names:
            missing.append(f"{path.name}: __all__")
    assert missing == []


def test_no_file_cites_an_outside_spec():
    root = PACKAGE.parent
    files = [
        *PACKAGE.rglob("*.py"),
        *root.glob("tests/*.py"),
        *root.glob("benchmarks/*.py"),
        *root.glob("docs/*.md"),
        *root.glob("notebooks/*.ipynb"),
        root / "README.md",
    ]
    outside = "DES" + "IGN"  # spelled apart so this file does not cite it either
    citing = [str(f.relative_to(root)) for f in files if outside in f.read_text(encoding="utf-8")]
    assert citing == []


def test_due_kinds_have_one_label_badge_and_colour_each():
    assert list(facts.KIND_LABELS) == list(facts.KIND_BADGES) == list(facts.KINDS)
    assert list(facts.KIND_COLOURS) == list(facts.KINDS)
    assert len(set(facts.KIND_COLOURS.values())) == len(facts.KINDS)
    metrics_doc = (DOCS / "metrics.md").read_text(encoding="utf-8")
    assert all(f"`{kind}`" in metrics_doc for kind in facts.KINDS)


def test_stages_have_one_label_and_colour_each():
    assert list(facts.STAGE_LABELS) == list(facts.STAGE_COLOURS) == list(facts.STAGES)


@pytest.mark.parametrize("name", list(schema.SETTING_DEFAULTS))
def test_every_setting_is_declared_once_and_documented(name):
    assert schema.SETTING_DEFAULTS[name] == getattr(Settings(), name)
    assert f"`{name}`" in (DOCS / "workbook.md").read_text(encoding="utf-8")
