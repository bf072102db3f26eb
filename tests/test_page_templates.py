"""The page's templates from Jinja2's bytecode cache (presentation/page.py, docs/report.md
"Speed"): the page a cached template makes is byte for byte the page of one compiled anew."""

from __future__ import annotations

import datetime as dt

import jinja2

from netwk_analysis.presentation import page


def test_the_page_is_the_same_from_the_bytecode_cache_and_compiled_anew(
    sample_network, tmp_path, monkeypatch
):
    data = page.collect(sample_network, as_of=sample_network.as_of())
    generated = dt.datetime(2026, 11, 27, 9, 30)
    cache = jinja2.FileSystemBytecodeCache(str(tmp_path))
    pages, cached = [], []
    for environment in (page._make_environment(cache), page._make_environment(cache)):
        monkeypatch.setattr(page, "_environment", lambda environment=environment: environment)
        pages.append(page.render_html(data, {}, generated=generated))
        cached.append({path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()})
    assert len(cached[0]) >= 6  # the page and the sections it used were cached ...
    assert cached[1] == cached[0]  # ... and read back, not compiled and written again
    monkeypatch.setattr(page, "_environment", page._make_environment)
    assert pages[0] == pages[1] == page.render_html(data, {}, generated=generated)
