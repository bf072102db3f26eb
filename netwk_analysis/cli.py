"""The ``netwk`` command line: it only composes load -> analyses -> output.

Exit codes (README): 0 success, 1 problems in the workbook (results, where a command has them,
are computed from the valid rows), 2 wrong usage or a file that cannot be read or written,
3 an internal error (one line on stderr; the traceback is saved to a file, never printed).
Heavy libraries are imported inside the commands so ``netwk --help`` answers at once.
Progress of long work goes to standard error only (docs/cli.md, "Progress"); ``--quiet`` hides it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import sys
from pathlib import Path

__all__ = ["main"]

OK, PROBLEMS, USAGE, INTERNAL = 0, 1, 2, 3


def _iso_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return int(text)


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked (``--help`` stays quick)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("netwk_analysis")
        except PackageNotFoundError:
            number = "unknown (not installed)"
        print(f"netwk {number}")  # on standard output, as argparse's own version action does
        parser.exit()


_QUIET_HELP = "show no progress on standard error (shown only on a terminal anyway)"


class _Help(argparse.ArgumentDefaultsHelpFormatter):
    """Every option's help ends with its default: ``(default: reports)``, ``(default: off)``."""

    def _get_help_string(self, action):
        text = action.help or ""
        if "(default" in text or action.default in (None, argparse.SUPPRESS) or not text:
            return text
        if action.default is False and action.nargs == 0:
            return f"{text} (default: off)"
        return super()._get_help_string(action)


def _workbook_argument(text: str) -> Path | str:
    """A path, or an address kept as typed (a Path would fold its ``//``)."""
    from netwk_analysis.reading.links import is_address

    return text.strip() if is_address(text) else Path(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netwk",
        description="Weekly review of an informational-interview network kept in a spreadsheet.",
        formatter_class=_Help,
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    parser.add_argument("-q", "--quiet", action="store_true", help=_QUIET_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, text: str, *, workbook: bool = True):
        sub = commands.add_parser(
            name,
            help=text,
            description=text,
            formatter_class=_Help,
        )
        # also after the command (`netwk report x.xlsx -q`); SUPPRESS keeps the global value
        sub.add_argument(
            "-q",
            "--quiet",
            action="store_true",
            default=argparse.SUPPRESS,
            help=_QUIET_HELP + " (default: off)",
        )
        if workbook:
            sub.add_argument(
                "workbook",
                type=_workbook_argument,
                help=".xlsx, .ods, a .csv file, a folder of CSV files, or an https:// link "
                "(Google Sheets too)",
            )
            sub.add_argument(
                "--as-of",
                type=_iso_day,
                metavar="DATE",
                help="review day YYYY-MM-DD (default: the as_of setting, else today)",
            )
            sub.add_argument(
                "--since",
                type=_iso_day,
                metavar="DATE",
                help="start of the search YYYY-MM-DD: rows dated before it are left out "
                "(default: the since setting)",
            )
        return sub

    def formats(sub):
        sub.add_argument(
            "--format",
            choices=("table", "csv", "json"),
            default="table",
            help="table for reading (fits the terminal), csv or json for programs",
        )

    sub = command("init", "write an empty template workbook", workbook=False)
    sub.add_argument(
        "path",
        type=Path,
        help="a .xlsx or .ods file, or a folder (no suffix) for CSV templates",
    )
    sub.add_argument("--force", action="store_true", help="replace an existing template")
    command("check", "validate a workbook and list every problem with its cell")
    sub = command("due", "follow-ups due or overdue, most overdue first")
    formats(sub)
    sub.add_argument(
        "--ics",
        type=Path,
        metavar="FILE",
        help="also write the list to this calendar file (.ics) (default: none)",
    )
    sub.add_argument(
        "--ics-kind",
        choices=("event", "todo"),
        help="all-day events (Google, Apple, Outlook) or to-dos (Thunderbird, task apps) "
        "(default: the calendar_kind setting, else event)",
    )
    sub.add_argument("--force", action="store_true", help="replace an existing --ics file")
    formats(command("stats", "weekly outreach, answers, response rate, latency"))
    formats(command("targets", "target employers: where to look next, ranked"))
    sub = command("tree", "the referral tree and who led to leads")
    formats(sub)
    sub.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="draw the tree to .png or .svg (default: not drawn)",
    )
    sub.add_argument("--force", action="store_true", help="replace an existing --out file")
    sub = command("report", "the weekly review: HTML page, charts, due.csv, due.ics")
    sub.add_argument(
        "--out", type=Path, default=Path("reports"), metavar="DIR", help="the report folder"
    )
    sub.add_argument(
        "--force",
        action="store_true",
        help="write even into a folder holding other files or an edited report",
    )
    sub = command("demo", "write a realistic synthetic workbook", workbook=False)
    sub.add_argument("path", type=Path, help="the .xlsx file to write (never replaced)")
    sub.add_argument("--contacts", type=_positive, default=60, metavar="N", help="how many people")
    sub.add_argument(
        "--seed", type=int, default=0, metavar="S", help="the same seed writes the same workbook"
    )
    sub = command("import", "start a workbook from data you already have", workbook=False)
    sources = sub.add_subparsers(
        dest="source", required=True, metavar="SOURCE", help="where the data comes from"
    )
    sub = sources.add_parser(
        "linkedin",
        help="a LinkedIn data export (its .zip or folder)",
        description="Write a new workbook from a LinkedIn data export (docs/import.md).",
        formatter_class=_Help,
    )
    sub.add_argument("export", type=Path, help="Basic_LinkedInDataExport_...zip or its folder")
    sub.add_argument(
        "--since",
        type=_iso_day,
        metavar="DATE",
        help="first day imported YYYY-MM-DD (default: 180 days before the newest message)",
    )
    sub.add_argument(
        "--me",
        metavar="NAME",
        help="your name (default: from Profile.csv, else the person in most messages)",
    )
    sub.add_argument(
        "--out",
        type=Path,
        default=Path("network.xlsx"),
        metavar="FILE",
        help="the workbook to write (default: network.xlsx)",
    )
    sub.add_argument("--force", action="store_true", help="replace an existing --out file")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``netwk``; returns the exit code."""
    args = _parser().parse_args(argv)
    from netwk_analysis.core.model import UnreadableWorkbook
    from netwk_analysis.presentation.progress import progress
    from netwk_analysis.writing.files import OutputExists

    handler = globals()[f"_cmd_{args.command}"]
    try:
        with progress(quiet=args.quiet) as on_step:
            args.on_step = on_step
            return handler(args)
    except BrokenPipeError:  # `netwk due x.xlsx | head`: the reader has what it wanted
        sys.stderr.close()
        return OK
    except Exception as exc:  # never a traceback
        if isinstance(exc, (UnreadableWorkbook, OutputExists, OSError)) or (
            isinstance(exc, ValueError) and _raised_by_netwk(exc)
        ):
            print(f"netwk {args.command}: {_sentence(exc)}", file=sys.stderr)
            return USAGE
        print(f"netwk: internal error {_internal(exc)}; please report it", file=sys.stderr)
        return INTERNAL


def _raised_by_netwk(exc: BaseException) -> bool:
    """Whether ``exc`` was raised by this package's own code (a sentence written for the
    person, such as "reports is a file; give a folder"), not deep inside a library, where a
    ``ValueError`` is a bug to report."""
    frame = exc.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    if frame is None:
        return False
    return Path(frame.tb_frame.f_code.co_filename).resolve().is_relative_to(_PACKAGE)


_PACKAGE = Path(__file__).resolve().parent


def _internal(exc: Exception) -> str:
    """``(ExcType: short message); details written to FILE`` for an unexpected error: the
    traceback is saved to a new file in the temporary folder (README, "Exit codes")."""
    message = " ".join(str(exc).split())
    if len(message) > 120:
        message = message[:117] + "..."
    summary = f"({type(exc).__name__}: {message})" if message else f"({type(exc).__name__})"
    import tempfile  # only for an unexpected error
    import traceback

    try:
        with tempfile.NamedTemporaryFile(
            "w", prefix="netwk-error-", suffix=".txt", delete=False, encoding="utf-8"
        ) as saved:
            saved.write(f"netwk {' '.join(sys.argv[1:])}\n\n")
            saved.write("".join(traceback.format_exception(exc)))
    except OSError:
        return f"{summary}; the details could not be saved"
    return f"{summary}; details written to {saved.name}"


def _sentence(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        text = f"{where}{exc.strerror.lower()}"
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            text += "; nothing was replaced: free some space and run the command again"
        return text
    return str(exc)


def _step(args, label: str, done: int = 0, total: int = 1) -> None:
    """Tell the progress line (standard error, terminals only) which phase is running."""
    from netwk_analysis.presentation.progress import no_step

    getattr(args, "on_step", no_step)(label, done, total)


def _workbook(args):
    """The workbook as ``load_network`` takes it: the path, or the download of an address."""
    if isinstance(args.workbook, Path):
        return args.workbook
    from netwk_analysis.reading import links

    return links.fetch_snapshot(args.workbook)


def _read(args, **options):
    """``load_network`` with the reading shown as progress."""
    from netwk_analysis.reading.load import load_network

    name = args.workbook.name if isinstance(args.workbook, Path) else str(args.workbook)
    label = f"reading {name}"
    _step(args, label)  # while the bytes are read (or downloaded); the sheets tell their own
    network = load_network(_workbook(args), on_step=args.on_step, **options)
    _step(args, label, 1)
    return network


def _load(args):
    """Load the workbook; report its problems on stderr (the list is ``netwk check``'s job)."""
    network = _read(args, as_of=args.as_of, since=args.since)
    errors = network.errors
    if errors:
        print(
            f"{args.workbook}: {len(errors)} problem(s) in the workbook; results use the valid "
            f"rows. Run 'netwk check {args.workbook}' for the list.",
            file=sys.stderr,
        )
    return network, (PROBLEMS if errors else OK)


def _emit(text: str) -> None:
    sys.stdout.write(text)


def _cmd_check(args) -> int:
    network = _read(args, as_of=args.as_of, since=args.since)
    for problem in network.problems:
        print(problem)
    errors, warnings = len(network.errors), len(network.warnings)
    print(
        f"{args.workbook}: {len(network.contacts)} contacts, {len(network.interactions)} "
        f"interactions, {len(network.leads)} leads; {errors} error(s), {warnings} warning(s)"
    )
    return PROBLEMS if errors else OK


def _cmd_init(args) -> int:
    from netwk_analysis.writing.template import write_template

    path = write_template(args.path, overwrite=args.force)
    where = "contacts.csv in it" if path.is_dir() else "Contacts"
    print(f"wrote {path}: fill in {where}, then run 'netwk check {path}'")
    return OK


def _cmd_demo(args) -> int:
    from netwk_analysis.writing.demo import write_demo

    path = write_demo(  # never overwrites
        args.path, contacts=args.contacts, seed=args.seed, on_step=getattr(args, "on_step", None)
    )
    print(f"wrote {path} ({args.contacts} synthetic contacts, seed {args.seed})")
    return OK


def _cmd_import(args) -> int:
    from netwk_analysis.reading.linkedin import read_linkedin_export
    from netwk_analysis.writing.sheets import write_workbook

    reading = f"reading {args.export.name}"
    _step(args, reading)
    imported = read_linkedin_export(args.export, since=args.since, me=args.me)
    _step(args, reading, 1)
    _step(args, f"writing {args.out.name}")
    path = write_workbook(imported.frames, args.out, overwrite=args.force)
    _step(args, f"writing {args.out.name}", 1)
    print(f"wrote {path} from {args.export.name}")
    for line in imported.summary.lines():
        print(f"  {line}")
    print(f"next: netwk check {path}, then netwk due {path}")
    return OK


def _cmd_due(args) -> int:
    from netwk_analysis.analyses.followups import due_items
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    as_of = network.as_of(args.as_of)
    _step(args, "finding what is due")
    due = due_items(network, as_of=as_of)
    _step(args, "finding what is due", 1)
    if args.ics:
        from netwk_analysis.presentation.calendar import write_ics

        kind = args.ics_kind or network.settings.calendar_kind
        _step(args, f"writing {args.ics.name}")
        write_ics(due, args.ics, kind=kind, overwrite=args.force, protect=(args.workbook,))
        _step(args, f"writing {args.ics.name}", 1)
        noun = "all-day events" if kind == "event" else "to-dos"
        print(f"wrote {len(due)} {noun} to {args.ics}", file=sys.stderr)
    title = f"Due or overdue as of {output.format_day(as_of)}: {len(due)}"
    _emit_frame(args, due, title=title, empty="nothing due: well done", as_of=as_of)
    return code


def _emit_frame(args, frame, *, title: str, empty: str, as_of) -> None:
    """Print ``frame`` as ``--format`` asks: JSON, CSV, or a table fitting the terminal."""
    from netwk_analysis.presentation import tables as output

    if args.format == "json":
        _emit(output.render_json(frame))
    elif args.format == "csv":
        _emit(output.render_csv(frame))
    else:
        _emit(output.render_table(frame, title=title, empty=empty, as_of=as_of))


def _cmd_stats(args) -> int:
    import pandas as pd

    from netwk_analysis.analyses import metrics
    from netwk_analysis.analyses.timing import reply_timing
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    as_of = network.as_of(args.as_of)
    _step(args, "counting outreach per week", 0, 3)
    weeks = metrics.weekly_outreach(network, as_of=as_of)
    _step(args, "timing the answers", 1, 3)
    contacts = metrics.request_outcomes(network, as_of=as_of)
    _step(args, "counting names per interview", 2, 3)
    interviews = metrics.referral_yield(network, as_of=as_of)
    _step(args, "counting names per interview", 3, 3)
    if args.format == "json":
        document = {
            "as_of": as_of,
            # the documented keys exactly (docs/cli.md); the Wilson interval is in the table
            "weeks": weeks.drop(columns=metrics.RATE_INTERVAL),
            "contacts": contacts,
            "interviews": interviews,
            "reply_timing": reply_timing(network, as_of=as_of),
        }
        _emit(output.render_json(document))
    elif args.format == "csv":
        _emit(output.render_csv(weeks))
    else:
        title = f"Outreach per week (as of {output.format_day(as_of)})"
        _emit(output.render_table(weeks, title=title, as_of=as_of))
        classes = contacts["class"].value_counts().rename_axis("class").reset_index()
        _emit("\n" + output.render_table(classes, title="Who answered, how fast"))
        title = "Names received per interview"
        _emit("\n" + output.render_table(interviews, title=title, as_of=as_of))
        timing = pd.DataFrame([reply_timing(network, as_of=as_of)])
        _emit("\n" + output.render_table(timing, title="How long do answers take", as_of=as_of))
    return code


def _cmd_targets(args) -> int:
    from netwk_analysis.analyses.targets import target_employers
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    as_of = network.as_of(args.as_of)
    table = target_employers(network, as_of=as_of)
    title = f"Target employers as of {output.format_day(as_of)}: {len(table)}"
    empty = "no Targets sheet yet: list the employers you want (netwk init shows the columns)"
    _emit_frame(args, table, title=title, empty=empty, as_of=as_of)
    return code


def _cmd_tree(args) -> int:
    from netwk_analysis.analyses import referrals
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    _step(args, "following the referral tree")
    tables = referrals.tree_tables(network, as_of=network.as_of(args.as_of))
    _step(args, "following the referral tree", 1)
    if args.out:
        _draw_tree(network, args)
    if args.format == "json":
        _emit(output.render_json(tables))
    elif args.format == "csv":
        _emit(output.render_csv(tables["contacts"]))
    else:
        _emit(output.render_table(tables["roots"], title="Roots (people you started from)"))
        _emit("\n" + output.render_table(tables["referrers"], title="Referrers"))
    return code


def _draw_tree(network, args) -> None:
    from matplotlib.figure import Figure

    from netwk_analysis.analyses import referrals
    from netwk_analysis.presentation import plots
    from netwk_analysis.writing.files import atomic_path

    _step(args, f"drawing {args.out.name}")
    figure = Figure(figsize=(14, 9), layout="constrained")
    kind = args.out.suffix.lstrip(".").lower() or "png"
    if kind not in figure.canvas.get_supported_filetypes():
        raise ValueError(f"{args.out}: the tree is drawn to .png, .svg or .pdf, not .{kind}")
    as_of = network.as_of(args.as_of)
    plots.plot_referral_tree(referrals.referral_graph(network, as_of=as_of), ax=figure.subplots())
    with atomic_path(args.out, overwrite=args.force, protect=(args.workbook,)) as temp:
        figure.savefig(temp, format=kind, dpi=150)
    _step(args, f"drawing {args.out.name}", 1)
    print(f"wrote {args.out}", file=sys.stderr)


def _cmd_report(args) -> int:
    from netwk_analysis.presentation.report import write_report

    network, code = _load(args)
    summary = write_report(
        network,
        args.out,
        as_of=network.as_of(args.as_of),
        overwrite=args.force,
        on_step=args.on_step,
    )
    _emit(summary)
    return code
