"""``netwk report``: the self-contained page, the chart SVGs, due.csv, due.ics and the manifest;
replacing only its own unchanged report, escaping what comes from the workbook, and never
touching the workbook."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html.parser
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import icalendar
import pandas as pd
import pytest

from netwk_analysis.analyses import followups, metrics, review
from netwk_analysis.cli import main
from netwk_analysis.presentation.report import (
    CHARTS,
    MANIFEST,
    check_folder,
    report_files,
    write_report,
)
from netwk_analysis.reading.load import load_network

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_network.xlsx"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'
D = dt.date


# --- building workbooks -----------------------------------------------------------------------


HEADERS = {"Contacts": ["Name", "Company", "Referred By", "Added On"]}


@pytest.fixture(scope="session")
def report_book(write_workbook):
    """``report_book(path, contacts=..., ...)``: the shared builder with all four sheets, contacts
    as ``[name, company, referred_by, added_on]``, and text starting with ``=`` stored as text."""

    def write(path: Path, *, contacts=(), interactions=(), leads=(), settings=None) -> Path:
        return write_workbook(
            path,
            contacts=contacts,
            interactions=interactions,
            leads=leads,
            settings=settings or {},
            headers=HEADERS,
            text_formulas=True,
        )

    return write


@pytest.fixture
def small_book(report_book, tmp_path) -> Path:
    """The small workbook (``write_small_book``) as ``network.xlsx`` in ``tmp_path``."""
    return write_small_book(report_book, tmp_path / "network.xlsx")


def write_small_book(report_book, path: Path) -> Path:
    """Four people, as of Friday 6 March 2026 (weeks start on Monday).

    docs/metrics.md gives exactly four items due: Alice's thank-you (interview Fri 20 Feb + 1 day
    = 21
    Feb, 13 days overdue), first contact with Bob and with the formula-named contact (names
    received Sun 22 Feb + 7 days = 1 Mar, 5 days), and moving on from the <script> contact
    (request Mon 2 Mar + 3 business days = Thu 5 Mar, 1 day).
    """
    return report_book(
        path,
        contacts=[
            ["Alice Moreno", "Acme", None, D(2026, 2, 10)],
            ["Bob Stone", "Acme", "Alice Moreno", D(2026, 2, 22)],
            [SCRIPT, "Globex", None, D(2026, 3, 1)],
            [FORMULA, "Initech", "Alice Moreno", D(2026, 2, 22)],
        ],
        interactions=[
            [D(2026, 2, 16), "Alice Moreno", "request", "email", None],
            [D(2026, 2, 17), "Alice Moreno", "reply", "email", None],
            [D(2026, 2, 20), "Alice Moreno", "interview", "video", 30],
            [D(2026, 3, 2), SCRIPT, "request", "linkedin", None],
            [D(2026, 3, 3), "Alice Moreno", "check_in", "email", None],
        ],
        leads=[[D(2026, 3, 4), "Bob Stone", "Acme", "Analyst", "lead"]],
        settings={"as_of": D(2026, 3, 6)},
    )


# --- reading the page back --------------------------------------------------------------------


class Page(html.parser.HTMLParser):
    """What a test needs from the report page: images, links, tables, headline cards."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.images: list[dict] = []
        self.svgs: list[dict] = []
        self.ids: list[str] = []
        self.references: list[str] = []
        self.tags: list[str] = []
        self.tables: dict[str, list[list[tuple[str, dict]]]] = {}
        self.cards: dict[str, dict] = {}
        self._table: str | None = None
        self._row: list | None = None
        self._cell: list | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "svg":
            self.svgs.append(attrs)
        for key in ("src", "href", "action", "data", "poster"):
            if attrs.get(key):
                self.references.append(attrs[key])
        if tag == "img":
            self.images.append(attrs)
        elif tag == "table":
            self._table = attrs.get("id", f"table{len(self.tables)}")
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ["", attrs, tag]
        elif tag == "div" and "card" in attrs.get("class", "").split():
            self.cards[attrs["data-key"]] = attrs

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text, attrs, kind = self._cell
            self._row.append((" ".join(text.split()), attrs, kind))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(kind == "td" for _, _, kind in self._row):
                self.tables[self._table].append([(text, attrs) for text, attrs, _ in self._row])
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data


def due_rows_from_page(page: Page) -> pd.DataFrame:
    rows = [
        {
            "contact": contact[0],
            "kind": kind[1]["data-value"],
            "due_on": due_on[1]["data-value"],
            "days_overdue": int(days[0].split()[0]),  # "13 days overdue" (the unit: phones)
            "action": action[0],
        }
        for contact, kind, due_on, days, action in page.tables.get("due", [])
    ]
    return pd.DataFrame(rows, columns=["contact", "kind", "due_on", "days_overdue", "action"])


def due_as_text(due: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "contact": due["contact"].astype(str),
            "kind": due["kind"].astype(str),
            "due_on": due["due_on"].dt.strftime("%Y-%m-%d"),
            "days_overdue": due["days_overdue"].astype(int),
            "action": due["action"].astype(str).map(lambda text: " ".join(text.split())),
        }
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_report(book: Path, out: Path, *extra: str) -> int:
    return main(["report", str(book), "--out", str(out), *extra])


def check_report(book: Path, out: Path, capsys) -> tuple[Page, pd.DataFrame]:
    """Run the report and check everything that holds for any workbook; return page and due."""
    before = sha256(book)
    assert run_report(book, out) == 0
    return check_drawn(book, out, capsys.readouterr().out, before)


def check_drawn(book: Path, out: Path, printed: str, before: str) -> tuple[Page, pd.DataFrame]:
    """Check everything that holds for any workbook of the report ``netwk report`` drew from
    ``book`` (SHA-256 ``before``) into ``out``, printing ``printed``; return page and due."""
    assert sha256(book) == before, "the workbook is never written"

    network = load_network(book)
    as_of = network.as_of()
    due = followups.due_items(network, as_of=as_of)
    index = out / "index.html"
    assert str(index) in printed
    assert f"{len(due)} follow-up" in printed or (due.empty and "Nothing due" in printed)

    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in report_files(out))
    for chart in CHARTS:
        assert (out / f"{chart.name}.svg").read_text(encoding="utf-8").startswith("<?xml")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(p.name for p in report_files(out)[:-1])
    assert all(manifest["files"][name] == sha256(out / name) for name in manifest["files"])

    text = index.read_text(encoding="utf-8")
    page = Page(text)
    charts = [svg for svg in page.svgs if svg.get("class") == "chart"]
    assert len(charts) == len(CHARTS) and page.images == []
    assert all(svg.get("aria-label") and "width" not in svg for svg in charts)
    assert len(page.ids) == len(set(page.ids)), "every id (the charts' too) is unique"
    outside = [ref for ref in page.references if not ref.startswith(("data:", "#"))]
    assert outside == [], "nothing is loaded from outside the page"
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    assert "@import" not in text and not re.search(r"url\((?!#)", text), "only in-page urls"

    assert_frame_equal_text(due_rows_from_page(page), due_as_text(due))

    headline = review.headline(network, as_of=as_of)
    for key in (
        "requests",
        "follow_ups",
        "answers_received",
        "interviews",
        "names_received",
        "overdue",
        "leads",
    ):
        assert int(page.cards[key]["data-this"]) == headline["this_week"][key]
        assert int(page.cards[key]["data-last"]) == headline["last_week"][key]
    weeks = metrics.weekly_outreach(network, as_of=as_of)
    this_week = weeks.iloc[-1] if len(weeks) else {"requests": 0, "follow_ups": 0}
    assert int(page.cards["requests"]["data-this"]) == this_week["requests"]
    assert int(page.cards["follow_ups"]["data-this"]) == this_week["follow_ups"]
    assert int(page.cards["overdue"]["data-this"]) == len(due)

    csv = pd.read_csv(out / "due.csv", dtype=str, keep_default_na=False)
    assert list(csv.columns) == ["contact", "kind", "due_on", "days_overdue", "action"]
    unescaped = csv.apply(lambda column: column.str.replace(r"^'(?=[=+\-@\t\r])", "", regex=True))
    expected = due_as_text(due).astype(str)
    unescaped["action"] = unescaped["action"].map(lambda text: " ".join(text.split()))
    pd.testing.assert_frame_equal(unescaped, expected, check_dtype=False)

    calendar = icalendar.Calendar.from_ical((out / "due.ics").read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == len(due)  # all-day events by default
    return page, due


def assert_frame_equal_text(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        left.reset_index(drop=True), right.reset_index(drop=True), check_dtype=False
    )


@pytest.fixture(scope="module")
def small_report(report_book, tmp_path_factory) -> Iterator[SimpleNamespace]:
    """``netwk report`` of the small workbook, drawn once for the tests that only read it: the
    ``book``, the ``out`` folder, the exit ``code``, what it ``printed`` on standard output,
    and the ``page`` and ``due`` list that ``check_drawn`` read back after checking them.

    A test that changes a report copies ``out`` first (``copy_small_report``); at the end of
    the module ``out`` must still hold that report unchanged."""
    folder = tmp_path_factory.mktemp("small_report")
    book = write_small_book(report_book, folder / "network.xlsx")
    out = folder / "reports" / "week"  # created with its parent
    before = sha256(book)
    printed, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(errors):
        code = run_report(book, out)
    assert code == 0, errors.getvalue()
    page, due = check_drawn(book, out, printed.getvalue(), before)
    yield SimpleNamespace(
        book=book, out=out, code=code, printed=printed.getvalue(), page=page, due=due
    )
    assert check_folder(out) == ([], []), "a test changed the shared report"


def copy_small_report(small_report: SimpleNamespace, out: Path) -> Path:
    """The earlier report in ``out``: a copy of the one ``netwk report`` drew of the small
    workbook (what a first run of it writes there)."""
    shutil.copytree(small_report.out, out)
    return out


# --- tests ------------------------------------------------------------------------------------


def test_report_of_a_small_workbook(small_report):
    assert small_report.out.parent.name == "reports"  # created with its parent
    page, due = small_report.page, small_report.due
    assert list(zip(due["kind"], due["due_on"].dt.date, due["days_overdue"], strict=True)) == [
        ("thank_you", D(2026, 2, 21), 13),
        ("first_contact", D(2026, 3, 1), 5),
        ("first_contact", D(2026, 3, 1), 5),
        ("move_on", D(2026, 3, 5), 1),
    ]
    assert page.cards["requests"]["data-this"] == "1"  # week of Mon 2 Mar: the <script> request
    assert page.cards["follow_ups"]["data-this"] == "0"
    assert page.cards["leads"]["data-this"] == "1"
    leads = page.tables["leads"]
    assert [cell[0] for cell in leads[0]][0] == "Bob Stone"
    assert leads[0][-1][0] == "Alice Moreno → Bob Stone"


def test_workbook_text_is_escaped_in_html_and_csv(small_report):
    out, page = small_report.out, small_report.page
    text = (out / "index.html").read_text(encoding="utf-8")
    assert SCRIPT not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    contacts = [row[0][0] for row in page.tables["due"]]
    assert SCRIPT in contacts and FORMULA in contacts  # shown as text, exactly
    assert (out / "due.csv").read_bytes().startswith(b'\xef\xbb\xbf"contact","kind",')  # Excel
    raw = (out / "due.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in raw
    assert not any(line.startswith(("=", '"=')) for line in raw.splitlines())
    assert "\n=" not in raw and ',"=' not in raw and ",=" not in raw


def test_second_run_replaces_its_own_report_without_force(
    small_book, small_report, tmp_path, capsys
):
    out = copy_small_report(small_report, tmp_path / "out")  # the first run's report
    files = report_files(out)
    before = {path.name: (path.read_bytes(), path.stat().st_ino) for path in files}

    assert run_report(small_book, out) == 0  # a weekly routine needs no --force
    capsys.readouterr()
    after = {path.name: (path.read_bytes(), path.stat().st_ino) for path in files}
    assert all(after[name][1] != before[name][1] for name in after), "each file replaced"
    assert after["due.csv"][0] == before["due.csv"][0]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in files)


def test_a_foreign_or_edited_file_is_refused_by_name_and_force_replaces(
    small_book, small_report, tmp_path, capsys
):
    out = copy_small_report(small_report, tmp_path / "out")  # the first run's report
    (out / "notes.txt").write_text("mine")
    (out / "due.csv").write_text("edited in Excel")
    snapshot = {p.name: p.read_bytes() for p in out.iterdir()}

    assert run_report(small_book, out) == 2
    message = capsys.readouterr().err
    assert "notes.txt" in message and "due.csv (edited)" in message and "--force" in message
    assert "index.html" not in message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == snapshot, "nothing written"

    assert run_report(small_book, out, "--force") == 0
    assert (out / "notes.txt").read_text() == "mine", "--force never removes other files"
    assert (out / "due.csv").read_bytes().startswith(b'\xef\xbb\xbf"contact","kind",')
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != MANIFEST]


def test_files_of_the_earlier_report_it_no_longer_writes_are_removed(
    small_book, small_report, tmp_path
):
    """A report that listed a chart this version no longer draws: the stale file goes."""
    out = copy_small_report(small_report, tmp_path / "out")  # the earlier report
    (out / "old_chart.svg").write_text("<svg/>")
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"]["old_chart.svg"] = sha256(out / "old_chart.svg")
    (out / MANIFEST).write_text(json.dumps(manifest))
    write_report(load_network(small_book), out, as_of=D(2026, 3, 6))
    assert not (out / "old_chart.svg").exists()


def test_progress_is_reported_for_each_chart_and_file(small_book, tmp_path):
    steps = []
    write_report(
        load_network(small_book),
        tmp_path / "out",
        as_of=D(2026, 3, 6),
        on_step=lambda label, done, total: steps.append((label, done, total)),
    )
    n, files = len(CHARTS), len(report_files(tmp_path))
    assert steps == [("drawing charts", i, n) for i in range(1, n + 1)] + [
        ("writing files", i, files) for i in range(1, files + 1)
    ]


def test_one_earlier_file_is_enough_to_refuse_before_writing(small_book, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "due.ics").write_text("mine")
    assert run_report(small_book, out) == 2
    assert "due.ics" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["due.ics"]
    assert (out / "due.ics").read_text() == "mine"


def test_report_into_a_file_is_a_usage_error(small_book, tmp_path, capsys):
    target = tmp_path / "taken"
    target.write_text("x")
    assert run_report(small_book, target) == 2
    assert "is a file" in capsys.readouterr().err


def test_report_with_as_of_override(small_book, tmp_path, capsys):
    out = tmp_path / "out"
    assert run_report(small_book, out, "--as-of", "2026-02-20") == 0
    printed = capsys.readouterr().out
    assert "week of Mon 16 Feb 2026" in printed
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert page.cards["requests"]["data-this"] == "1"  # Alice's request of Mon 16 Feb
    assert page.cards["interviews"]["data-this"] == "1"


def test_report_of_contacts_without_interactions(report_book, tmp_path, capsys):
    book = report_book(
        tmp_path / "new.xlsx",
        contacts=[["Alice Moreno", "Acme", None, D(2026, 3, 2)]],
        settings={"as_of": D(2026, 3, 6)},
    )
    page, due = check_report(book, tmp_path / "out", capsys)
    assert due.empty
    assert "due" not in page.tables
    text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Nothing due" in text and "No leads yet" in text


@pytest.mark.skipif(not SAMPLE.exists(), reason="data/sample_network.xlsx not generated yet")
def test_report_of_the_sample_workbook(tmp_path, capsys):
    book = tmp_path / SAMPLE.name
    shutil.copy2(SAMPLE, book)
    before = sha256(SAMPLE)
    page, due = check_report(book, tmp_path / "report", capsys)
    assert len(due) > 0 and len(page.tables["due"]) == len(due)
    assert len(page.tables["leads"]) > 0
    assert sha256(SAMPLE) == before


def test_report_never_writes_an_input_file(tmp_path, capsys):
    folder = tmp_path / "csvbook"
    folder.mkdir()
    (folder / "contacts.csv").write_text("name,company\nAlice Moreno,Acme\n")
    (folder / "due.csv").write_text("my own notes\n")
    before = (folder / "due.csv").read_bytes()
    os.utime(folder / "due.csv", (0, 0))
    assert run_report(folder, folder, "--force") == 2
    assert "input" in capsys.readouterr().err
    assert (folder / "due.csv").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["contacts.csv", "due.csv"]


def test_report_leaves_the_notebook_backend_and_figures_alone(small_book, tmp_path):
    """From a notebook: write_report must not switch matplotlib's backend or leave figures."""
    import matplotlib
    import matplotlib.pyplot as plt

    before = matplotlib.get_backend()
    matplotlib.use("svg")
    try:
        figures = plt.get_fignums()
        write_report(load_network(small_book), tmp_path / "out", as_of=D(2026, 3, 6))
        assert matplotlib.get_backend() == "svg"
        assert plt.get_fignums() == figures
    finally:
        matplotlib.use(before)
    assert (tmp_path / "out" / "tree.svg").read_bytes().startswith(b"<?xml")


# --- problems first, rate card, weeks shown, the outline --------------------------------------


def test_rows_left_out_are_said_first_on_the_page_and_in_the_summary(
    report_book, tmp_path, capsys
):
    book = report_book(
        tmp_path / "bad.xlsx",
        contacts=[["Alice Moreno", "Acme", None, D(2026, 2, 10)]],
        interactions=[
            [D(2026, 2, 16), "Alice Moreno", "request", "email", None],
            ["soon", "Alice Moreno", "reply", "email", None],
            ["16/02/2026x", "Alice Moreno", "interview", "video", None],
        ],
        settings={"as_of": D(2026, 3, 6)},
    )
    assert run_report(book, tmp_path / "out") == 1  # problems in the workbook
    printed = capsys.readouterr().out
    first = printed.splitlines()[0]
    assert first.startswith("Warning: 2 rows were left out because of errors")
    assert "Interactions!A3, Interactions!A4" in first and "may be missing items" in first
    text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    banner = text.index('id="problems-banner"')
    assert banner < text.index('id="headline"') < text.index('id="due-list"')
    assert "2 rows were left out because of errors" in text
    assert "<code>Interactions!A3</code>, <code>Interactions!A4</code>" in text


def test_the_banner_names_the_first_five_cells_then_how_many_more(report_book, tmp_path):
    from netwk_analysis.presentation.page import problems_line

    book = report_book(
        tmp_path / "bad.xlsx",
        contacts=[["Alice Moreno", "Acme", None, D(2026, 2, 10)]],
        interactions=[["never", "Alice Moreno", "reply", "email", None]] * 7,
        settings={"as_of": D(2026, 3, 6)},
    )
    line = problems_line(load_network(book))
    assert line.startswith("7 rows were left out because of errors (Interactions!A2, ")
    assert "Interactions!A6 and 2 more)" in line


def test_no_banner_and_no_warning_line_without_errors(small_report):
    assert small_report.code == 0
    assert small_report.printed.startswith("Weekly review of network.xlsx")
    text = (small_report.out / "index.html").read_text(encoding="utf-8")
    assert "problems-banner" not in text


def test_the_rate_card_shows_its_counts(report_book, tmp_path, capsys):
    """Six requests this week (Mon 2 Mar - Fri 6 Mar 2026): one answered, five sent on Fri 6
    Mar and so pending; last week one request, answered: 100% both weeks, with the counts."""
    people = [[f"P{i}", "Acme", None, D(2026, 2, 1)] for i in range(7)]
    acts = [[D(2026, 2, 23), "P6", "request", "email", None]]
    acts += [[D(2026, 2, 24), "P6", "reply", "email", None]]
    acts += [[D(2026, 3, 2), "P0", "request", "email", None]]
    acts += [[D(2026, 3, 3), "P0", "reply", "email", None]]
    acts += [[D(2026, 3, 6), f"P{i}", "request", "email", None] for i in range(1, 6)]
    book = report_book(
        tmp_path / "rate.xlsx",
        contacts=people,
        interactions=acts,
        settings={"as_of": D(2026, 3, 6)},
    )
    assert run_report(book, tmp_path / "out") == 0
    printed = capsys.readouterr().out
    # 1 of 1: the 95% Wilson interval is 20.65% to 100% (docs/metrics.md, worked there)
    assert "100%   (1 of 1 decided, 5 pending; 95% interval 21%–100%; last week 100%)" in printed
    page = Page((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert page.cards["response_rate"]["data-this"] == "1.0"
    text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    card = text[text.index('data-key="response_rate"') :]
    card = card[: card.index("</div>\n</div>")]
    assert '<div class="detail">1 of 1 decided, 5 pending; 95% interval 21%–100%</div>' in card
    assert "= 0 pts from last week (100%, 1 of 1 decided; 95% interval 21%–100%)" in card
    assert "no comparison" not in text


def test_weekly_charts_show_the_last_52_weeks_of_a_ten_year_span(report_book, tmp_path):
    from netwk_analysis.presentation.page import MAX_WEEKS, collect

    book = report_book(
        tmp_path / "long.xlsx",
        contacts=[["Alice Moreno", "Acme", None, D(2016, 3, 1)]],
        interactions=[
            [D(2016, 3, 7), "Alice Moreno", "request", "email", None],
            [D(2026, 3, 2), "Alice Moreno", "reply", "email", None],
        ],
        settings={"as_of": D(2026, 3, 6)},
    )
    data = collect(load_network(book), as_of=D(2026, 3, 6))
    assert MAX_WEEKS == 52
    assert len(data.weekly) == 522  # every week for the headline
    assert len(data.weeks_shown) == len(data.overdue) == 52
    assert data.weeks_shown["week"].iloc[0] == pd.Timestamp("2025-03-10")
    assert data.overdue["week"].iloc[0] == pd.Timestamp("2025-03-10")


def test_the_outline_lists_everyone_as_text_with_leads_marked(small_report):
    text = (small_report.out / "index.html").read_text(encoding="utf-8")
    outline = text[
        text.index('id="outline"') : text.index("</section>", text.index('id="outline"'))
    ]
    assert outline.count("<details") == 2  # roots: Alice Moreno, the <script> contact
    assert "<details open>" in outline  # Alice's tree has a lead
    assert '<span class="who">Alice Moreno</span>' in outline
    assert '<span class="who">Bob Stone</span> <span class="lead">★ lead</span>' in outline
    assert "&lt;script&gt;" in outline and SCRIPT not in outline


def test_past_300_people_the_outline_keeps_trees_with_leads_and_the_largest():
    from netwk_analysis.presentation.outline import outline_rows

    # Tree 0: a root with 99 people below (100); tree 1: a root with 249 below (250) and a
    # lead at its last person; then 60 single roots.
    parents = [-1, *[0] * 99, -1, *[100] * 249, *[-1] * 60]
    leads = [0] * 350 + [0] * 60
    leads[349] = 1
    people = pd.DataFrame(
        {
            "name": [f"P{i}" for i in range(len(parents))],
            "parent": parents,
            "stage": "named",
            "leads": leads,
        }
    )
    rows, more, trees = outline_rows(people, max_people=300)
    # the tree with the lead first (250 people), then tree 0 does not fit (350 > 300): only
    # the chains of trees with leads would be added, and it has none; then 50 single roots.
    assert rows["root"].drop_duplicates().tolist()[:1] == [100]
    assert len(rows) == 300 and more == 110
    assert rows["root"].nunique() == 51 and trees == 61 - 50
    assert rows.loc[rows["name"] == "P349", "lead"].item()


@pytest.mark.skipif(not SAMPLE.exists(), reason="data/sample_network.xlsx not generated yet")
@pytest.mark.parametrize("as_of", ["2026-11-27", "2026-09-02"])
def test_one_item_table_gives_the_same_due_list_trend_and_headline(sample_network, as_of):
    from netwk_analysis.presentation.page import collect

    network = sample_network
    data = collect(network, as_of=as_of)
    pd.testing.assert_frame_equal(data.due, followups.due_items(network, as_of=as_of))
    trend = followups.overdue_by_week(network, end=as_of)
    pd.testing.assert_frame_equal(
        data.overdue.reset_index(drop=True),
        trend.loc[trend["week"] >= data.overdue["week"].iloc[0]].reset_index(drop=True),
    )
    assert data.headline == review.headline(network, as_of=as_of)


def test_dollar_signs_in_names_are_drawn_as_text(report_book, tmp_path, capsys):
    """Two $ in labels would be TeX math to matplotlib, and bad math stops the drawing."""
    name = "Cash$ \\frac$ Capital"
    book = report_book(
        tmp_path / "dollars.xlsx",
        contacts=[["Alice Moreno", name, None, D(2026, 2, 10)]],
        interactions=[[D(2026, 3, 2), "Alice Moreno", "request", "email", None]],
        settings={"as_of": D(2026, 3, 6)},
    )
    check_report(book, tmp_path / "out", capsys)
    assert name in (tmp_path / "out" / "employers.svg").read_text(encoding="utf-8")
