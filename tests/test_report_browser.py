"""The weekly page in a real headless Chromium, at a phone's width (390 px) and a desktop's
(1280 px): no sideways scrolling on the phone, the due list visible, no card text outside its
card, charts as SVG with their text kept as text, the problems banner above the due list, and
a tapped chart shown large.

Skipped, with the reason, where Chromium (``/usr/bin/chromium``, ``apt-get install chromium``)
or Playwright is not installed. Full-page screenshots of both widths are saved in the test's
temporary folder (the path is printed; ``pytest -s`` shows it) to look at.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from netwk_analysis.presentation.report import CHARTS, write_report
from netwk_analysis.reading.load import load_network

CHROMIUM = Path("/usr/bin/chromium")
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_network.xlsx"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LONG_NAME = "Maximiliana-Alexandrina Konstantinopoulou-Papadopoulou-Wittgensteinova"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
    pytest.mark.skipif(not SAMPLE.exists(), reason="data/sample_network.xlsx not generated"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The sample workbook plus one unreadable date (a row left out) and a very long name."""
    folder = tmp_path_factory.mktemp("browser")
    book = folder / "network.xlsx"
    shutil.copy2(SAMPLE, book)
    workbook = openpyxl.load_workbook(book)
    workbook["Interactions"].append(["not a date", "Remy Chukwu", "reply", "email"])
    contacts = workbook["Contacts"]
    header = [cell.value for cell in contacts[1]]
    row = [None] * len(header)
    row[header.index("Name")] = LONG_NAME
    row[header.index("Referred By")] = "Remy Chukwu"
    row[header.index("Added On")] = dt.date(2026, 11, 2)
    contacts.append(row)
    workbook.save(book)
    network = load_network(book)
    assert network.errors, "the unreadable date is an error: its row is left out"
    write_report(network, folder / "report", as_of=dt.date(2026, 11, 27))
    return folder / "report" / "index.html"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


OVERFLOWING_CARD_TEXT = """
() => [...document.querySelectorAll('.card')].flatMap(card => {
  const box = card.getBoundingClientRect();
  return [...card.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.left < box.left - 0.5 || r.right > box.right + 0.5
      || el.scrollWidth > el.clientWidth + 1;
  }).map(el => card.dataset.key + ': ' + el.textContent);
})
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_fits_and_shows_everything(report, browser, width, tmp_path):
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(report.as_uri())
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        rows = page.locator("#due tbody tr")
        assert rows.count() > 0
        assert rows.first.is_visible()
        assert page.locator("#due td.name").get_by_text(LONG_NAME, exact=True).is_visible()
        assert page.evaluate(OVERFLOWING_CARD_TEXT) == []

        banner = page.locator("#problems-banner")
        assert banner.is_visible() and "left out" in banner.inner_text()
        due_top = page.locator("#due-list").bounding_box()["y"]
        assert banner.bounding_box()["y"] < due_top, "problems first"

        for chart in CHARTS:
            svg = page.locator(f"#chart-{chart.name} svg.chart")
            assert svg.count() == 1
            assert svg.locator("text").count() > 0, "chart text kept as text"
            box = svg.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
        assert page.locator("#outline details").count() > 0
        assert page.locator("#outline").get_by_text(LONG_NAME, exact=True).count() == 1

        shot = tmp_path / f"page_{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot}")
    finally:
        page.close()


def test_a_tapped_chart_is_shown_large_and_closes(report, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(report.as_uri())
    try:
        page.locator("#chart-outreach a.zoom").click()
        figure = page.locator("#large-outreach")
        assert page.evaluate("location.hash") == "#large-outreach"
        assert figure.evaluate("el => getComputedStyle(el).position") == "fixed"
        assert page.locator("#large-outreach svg.chart").bounding_box()["width"] > 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator("#large-outreach a.close").click()
        assert figure.evaluate("el => getComputedStyle(el).position") == "static"
    finally:
        page.close()
