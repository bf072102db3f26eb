"""The compiled page templates shipped with the package (presentation/page.py,
docs/report.md "Speed"): current for their sources, and the page they make is byte for byte the
page the templates make when compiled in memory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netwk_analysis.presentation import page
from netwk_analysis.reading.load import load_network

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_network.xlsx"


def _shipped_for_this_python() -> list:
    tag = page._python_tag()
    return sorted(page.COMPILED_TEMPLATES.glob(f"*.{tag}.bytecode"))


def test_every_template_is_shipped_compiled_and_current():
    if not _shipped_for_this_python():
        pytest.skip("no compiled templates shipped for this Python version")
    environment = page._make_environment()
    cache = page._shipped_bytecode()
    stale = []
    for name in environment.list_templates(extensions=["j2"]):
        source, filename, _ = environment.loader.get_source(environment, name)
        if cache.get_bucket(environment, name, filename, source).code is None:
            stale.append(name)
    assert stale == [], (
        "compiled templates out of date: run "
        "python -c 'from netwk_analysis.presentation.page import compile_templates; "
        "compile_templates()'"
    )


def test_an_edited_template_is_compiled_in_memory_not_read_stale():
    environment = page._make_environment()
    cache = page._shipped_bytecode()
    name = "sections/due.html.j2"
    source, filename, _ = environment.loader.get_source(environment, name)
    assert cache.get_bucket(environment, name, filename, source + "<!-- -->").code is None


def test_the_page_is_the_same_with_and_without_the_compiled_templates(monkeypatch):
    network = load_network(SAMPLE)
    data = page.collect(network, as_of=network.as_of())
    generated = dt.datetime(2026, 11, 27, 9, 30)
    shipped = page.render_html(data, {}, generated=generated)
    page._environment.cache_clear()
    monkeypatch.setattr(page, "_environment", page._make_environment)
    try:
        assert page.render_html(data, {}, generated=generated) == shipped
    finally:
        monkeypatch.undo()
        page._environment.cache_clear()
