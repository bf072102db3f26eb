"""The weekly review (``netwk report``): the page, each chart as SVG, due.csv, due.ics, and a
manifest, written all or nothing into a folder.

``write_report`` composes the analyses and the page (``page``) into a folder::

    index.html          the page a person opens every week (``page.PAGE``), self-contained
    outreach.svg ...    each chart on its own (``page.CHARTS``), to paste elsewhere
    due.csv             the due list, formula-escaped, UTF-8 with a byte-order mark (for Excel)
    due.ics             the due list for a calendar
    .netwk-report.json  the manifest: every file written and its SHA-256

docs/report.md: a folder that holds only a report ``netwk`` wrote (every file listed in the
manifest, unchanged) is replaced without ``--force``; any other file there, or an edited one,
is refused by name before anything is written. Files are written all or nothing
(``writing.files.atomic_paths``). The input workbook is never written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from netwk_analysis.core.model import Network
from netwk_analysis.presentation.page import (
    CHARTS,
    HEADLINE_NUMBERS,
    Chart,
    ReviewData,
    change_text,
    chart_svg,
    collect,
    decided_text,
    problems_line,
    rate_text,
    render_html,
    workbook_name,
)
from netwk_analysis.presentation.tables import format_day

__all__ = [
    "CHARTS",
    "MANIFEST",
    "Chart",
    "ReviewData",
    "check_folder",
    "collect",
    "draw_charts",
    "report_files",
    "summary_text",
    "write_report",
]

#: The manifest of a report folder: the files ``netwk`` wrote there and their SHA-256.
MANIFEST = ".netwk-report.json"

Progress = Callable[[str, int, int], None]


def summary_text(data: ReviewData, index: Path | str) -> str:
    """The short terminal summary of ``netwk report``: rows left out (first, when any), the
    headline numbers, how many items are due, and the page.

    Returns
    -------
    str
        A few lines ending with a newline.
    """
    head = data.headline
    this, last = head["this_week"], head["last_week"]
    problems = problems_line(data.network)
    lines = [f"Warning: {problems}"] if problems else []
    lines.append(
        f"Weekly review of {workbook_name(data.network)}: week of {format_day(head['week'])} "
        f"(as of {format_day(data.as_of)})"
    )
    width = max(len(label) for _, label, _ in HEADLINE_NUMBERS)
    for key, label, better in HEADLINE_NUMBERS:
        change, _ = change_text(this[key], last[key], more_is_better=better)
        lines.append(f"  {label:<{width}}  {this[key]:>7,}   ({change} from last week)")
    lines.append(
        f"  {'response rate':<{width}}  {rate_text(this['response_rate']):>7}   "
        f"({decided_text(this)}; last week {rate_text(last['response_rate'])})"
    )
    count = len(data.due)
    lines.append(
        f"{count:,} follow-up{'s' * (count != 1)} due or overdue (see due.csv and due.ics)"
        if count
        else "Nothing due: well done."
    )
    lines.append(f"Report: {index}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# The folder


def report_files(out_dir: Path | str) -> list[Path]:
    """Every file ``write_report`` writes into ``out_dir``, in writing order.

    Examples
    --------
    >>> [path.name for path in report_files("reports")][-4:]
    ['due.csv', 'due.ics', 'index.html', '.netwk-report.json']
    """
    out_dir = Path(out_dir)
    names = [f"{chart.name}.svg" for chart in CHARTS]
    return [out_dir / name for name in [*names, "due.csv", "due.ics", "index.html", MANIFEST]]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest_files(out_dir: Path) -> dict[str, str]:
    """The files the manifest of ``out_dir`` lists, name -> SHA-256 (empty when it has none or
    it cannot be read)."""
    try:
        document = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        files = document["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {str(name): str(digest) for name, digest in files.items()}


def check_folder(out_dir: Path | str) -> tuple[list[str], list[str]]:
    """What stands in the way of writing a report into ``out_dir`` without ``--force``.

    docs/report.md: every entry of the folder must be a file listed in its manifest and
    unchanged since (same SHA-256); the manifest itself is expected.

    Returns
    -------
    (list of str, list of str)
        The names that are not netwk's (a file or folder the manifest does not list, or any
        entry when there is no manifest), and the names of listed files edited since.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "notes.txt").write_text("mine")
    >>> check_folder(folder)
    (['notes.txt'], [])
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return [], []
    listed = _manifest_files(out_dir)
    foreign, edited = [], []
    for entry in sorted(out_dir.iterdir()):
        name = entry.name
        if name == MANIFEST and listed:
            continue
        if name not in listed or entry.is_symlink() or not entry.is_file():
            foreign.append(name)
        elif _sha256(entry.read_bytes()) != listed[name]:
            edited.append(name)
    return foreign, edited


def _protected(network: Network) -> tuple[Path, ...]:
    """The input files: the workbook, or every file of a CSV-folder workbook."""
    if network.path is None:
        return ()
    path = Path(network.path)
    if path.is_dir():
        return tuple(child for child in path.iterdir() if child.is_file())
    return (path,)


def _check_targets(out_dir: Path, protect: tuple[Path, ...], *, overwrite: bool) -> None:
    """Refuse before writing anything: a file in the way, an input file, or a folder holding
    anything but an unchanged report of netwk's (unless ``overwrite``)."""
    from netwk_analysis.writing.files import OutputExists

    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"{out_dir} is a file; give a folder for the report")
    guarded = {p.resolve() for p in protect}
    for target in report_files(out_dir):
        if target.resolve() in guarded:
            raise ValueError(
                f"{target} is an input file of the workbook; the toolkit never "
                "writes over its input, so choose another --out folder"
            )
    if overwrite:
        return
    foreign, edited = check_folder(out_dir)
    if foreign or edited:
        named = [*foreign, *(f"{name} (edited)" for name in edited)]
        more = f" and {len(named) - 10:,} more" if len(named) > 10 else ""
        shown = ", ".join(named[:10]) + more
        raise OutputExists(
            f"{out_dir} holds files that are not an unchanged netwk report ({shown}); move them "
            "away, choose another --out folder, or pass --force to write the report there anyway"
        )


def write_report(
    network: Network,
    out_dir: Path | str,
    *,
    as_of,
    overwrite: bool = False,
    on_step: Progress | None = None,
) -> str:
    """Write the weekly review into ``out_dir`` and return the terminal summary.

    Writes ``index.html`` (self-contained), one SVG per chart of ``CHARTS``, ``due.csv``
    (formula-escaped), ``due.ics`` and the manifest ``.netwk-report.json``, all or nothing
    (``files.atomic_paths``): every number and chart is computed first, every file goes to a
    temporary file beside its target, and only when all are written are they renamed into
    place, so an error (a full disk, say) leaves the folder as it was. ``out_dir`` is created
    if missing. Files of the earlier report that this one no longer writes are removed.

    Parameters
    ----------
    network : Network
        The loaded workbook.
    out_dir : Path or str
        The report folder.
    as_of : date-like
        The review day (the week reviewed is the week containing it).
    overwrite : bool, default False
        Write even into a folder holding other files or edited report files (``--force``);
        those other files are left where they are.
    on_step : callable, optional
        ``on_step(label, done, total)`` after each chart drawn (``"drawing charts"``) and each
        file written (``"writing files"``), for a progress bar.

    Returns
    -------
    str
        Rows left out (when any), this week's headline numbers, the number of items due, and
        the path of ``index.html``.

    Raises
    ------
    files.OutputExists
        ``out_dir`` holds a file the manifest does not list, or one edited since, and
        ``overwrite`` is false; raised before anything is written, naming them.
    ValueError
        ``out_dir`` is a file, or a report file would replace an input file.
    """
    from netwk_analysis.presentation.calendar import due_calendar
    from netwk_analysis.writing.escape import formula_safe_csv
    from netwk_analysis.writing.files import atomic_paths

    step = on_step or (lambda label, done, total: None)
    out_dir = Path(out_dir)
    protect = _protected(network)
    _check_targets(out_dir, protect, overwrite=overwrite)
    earlier = _manifest_files(out_dir) if out_dir.is_dir() else {}
    # Everything is computed and drawn first, then every file is written to a temporary file
    # and all are renamed together: a failure (a full disk) leaves the folder as it was.
    data = collect(network, as_of=as_of)
    svgs = draw_charts(data, on_step=step)
    page = render_html(data, svgs, generated=dt.datetime.now().replace(microsecond=0))
    csv = formula_safe_csv(data.due, date_format="%Y-%m-%d")
    contents = {
        **{f"{name}.svg": svg.encode("utf-8") for name, svg in svgs.items()},
        # with a byte-order mark: Excel then reads names such as "Zoë" as UTF-8, not cp1252
        "due.csv": csv.encode("utf-8-sig"),
        "due.ics": due_calendar(data.due, kind=network.settings.calendar_kind),
        "index.html": page.encode("utf-8"),
    }
    manifest = {
        "written_by": "netwk report",
        "files": {name: _sha256(content) for name, content in contents.items()},
    }
    contents[MANIFEST] = (json.dumps(manifest, indent=2) + "\n").encode("utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = report_files(out_dir)
    with atomic_paths(targets, overwrite=True, protect=protect) as temporary:
        for done, target in enumerate(targets, start=1):
            temporary[target.name].write_bytes(contents[target.name])
            step("writing files", done, len(targets))
    _remove_stale(out_dir, earlier, set(contents))
    return summary_text(data, out_dir / "index.html")


def draw_charts(data: ReviewData, *, on_step: Progress | None = None) -> dict[str, str]:
    """The SVG file of every chart of ``CHARTS``, by name, in page order.

    docs/report.md ("Speed"): where it is safe, a forked child draws half of the charts on the
    second core (``forked.map_forked``); the files are the same as drawn one by one.
    """
    # Imported here, before any fork: the child inherits them instead of importing them again.
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    from netwk_analysis.presentation import plots  # noqa: F401
    from netwk_analysis.presentation.forked import map_forked

    step = on_step or (lambda label, done, total: None)
    # the biggest drawings first, so that the two processes finish together
    order = sorted(range(len(CHARTS)), key=lambda i: -CHARTS[i].width * CHARTS[i].height)
    drawn = map_forked(
        lambda chart: chart_svg(chart, data),
        CHARTS,
        order=order,
        on_done=lambda done, total: step("drawing charts", done, total),
    )
    return {chart.name: svg for chart, svg in zip(CHARTS, drawn, strict=True)}


def _remove_stale(out_dir: Path, earlier: dict[str, str], written: set[str]) -> None:
    """Remove files the earlier report wrote (unchanged since) that this one does not write."""
    for name, digest in earlier.items():
        path = out_dir / name
        if name in written or Path(name).name != name or not path.is_file():
            continue
        if not path.is_symlink() and _sha256(path.read_bytes()) == digest:
            path.unlink()
