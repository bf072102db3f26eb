"""The ``netwk`` command line: it only composes load -> analyses -> output.

Exit codes (README): 0 success, 1 problems in the workbook (results, where a command has them,
are computed from the valid rows), 2 wrong usage or a file that cannot be read or written,
3 an internal error (one line on stderr; the traceback is saved to a file, never printed).
Heavy libraries are imported inside the commands so ``netwk --help`` answers at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import sys
import tempfile
import traceback
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netwk",
        description="Weekly review of an informational-interview network kept in a spreadsheet.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, text: str, *, workbook: bool = True):
        sub = commands.add_parser(name, help=text, description=text)
        if workbook:
            sub.add_argument("workbook", type=Path, help=".xlsx, .ods or a folder of CSV files")
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
        sub.add_argument("--format", choices=("table", "csv", "json"), default="table")

    sub = command("init", "write an empty template workbook", workbook=False)
    sub.add_argument("path", type=Path)
    command("check", "validate a workbook and list every problem with its cell")
    sub = command("due", "follow-ups due or overdue, most overdue first")
    formats(sub)
    sub.add_argument("--ics", type=Path, metavar="FILE", help="also write the list as to-dos")
    sub.add_argument("--force", action="store_true", help="replace an existing --ics file")
    formats(command("stats", "weekly outreach, answers, response rate, latency"))
    sub = command("tree", "the referral tree and who led to leads")
    formats(sub)
    sub.add_argument("--out", type=Path, metavar="FILE", help="draw the tree to .png or .svg")
    sub.add_argument("--force", action="store_true", help="replace an existing --out file")
    sub = command("report", "the weekly review: HTML page, charts, due.csv, due.ics")
    sub.add_argument("--out", type=Path, default=Path("reports"), metavar="DIR")
    sub.add_argument("--force", action="store_true", help="replace the files of an earlier run")
    sub = command("demo", "write a realistic synthetic workbook", workbook=False)
    sub.add_argument("path", type=Path)
    sub.add_argument("--contacts", type=_positive, default=60, metavar="N")
    sub.add_argument("--seed", type=int, default=0, metavar="S")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``netwk``; returns the exit code."""
    args = _parser().parse_args(argv)
    from netwk_analysis.core.model import UnreadableWorkbook
    from netwk_analysis.writing.files import OutputExists

    handler = globals()[f"_cmd_{args.command}"]
    try:
        return handler(args)
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


def _load(args):
    """Load the workbook; report its problems on stderr (the list is ``netwk check``'s job)."""
    from netwk_analysis.reading.load import load_network

    network = load_network(args.workbook, as_of=args.as_of, since=args.since)
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
    from netwk_analysis.reading.load import load_network

    network = load_network(args.workbook, as_of=args.as_of, since=args.since)
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

    path = write_template(args.path)
    print(f"wrote {path}: fill in Contacts, then run 'netwk check {path}'")
    return OK


def _cmd_demo(args) -> int:
    from netwk_analysis.writing.demo import write_demo

    path = write_demo(args.path, contacts=args.contacts, seed=args.seed)  # never overwrites
    print(f"wrote {path} ({args.contacts} synthetic contacts, seed {args.seed})")
    return OK


def _cmd_due(args) -> int:
    from netwk_analysis.analyses.followups import due_items
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    as_of = network.as_of(args.as_of)
    due = due_items(network, as_of=as_of)
    if args.ics:
        from netwk_analysis.presentation.calendar import write_ics

        write_ics(due, args.ics, overwrite=args.force, protect=(args.workbook,))
        print(f"wrote {len(due)} to-dos to {args.ics}", file=sys.stderr)
    if args.format == "json":
        _emit(output.render_json(due))
    elif args.format == "csv":
        _emit(output.render_csv(due))
    else:
        title = f"Due or overdue as of {as_of:%a %d %b %Y}: {len(due)}"
        _emit(output.render_table(due, title=title, empty="nothing due: well done"))
    return code


def _cmd_stats(args) -> int:
    from netwk_analysis.analyses import metrics
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    as_of = network.as_of(args.as_of)
    weeks = metrics.weekly_outreach(network, as_of=as_of)
    contacts = metrics.request_outcomes(network, as_of=as_of)
    interviews = metrics.referral_yield(network, as_of=as_of)
    if args.format == "json":
        document = {"as_of": as_of, "weeks": weeks, "contacts": contacts, "interviews": interviews}
        _emit(output.render_json(document))
    elif args.format == "csv":
        _emit(output.render_csv(weeks))
    else:
        _emit(output.render_table(weeks, title=f"Outreach per week (as of {as_of:%Y-%m-%d})"))
        classes = contacts["class"].value_counts().rename_axis("class").reset_index()
        _emit("\n" + output.render_table(classes, title="Who answered, how fast"))
        _emit("\n" + output.render_table(interviews, title="Names received per interview"))
    return code


def _cmd_tree(args) -> int:
    from netwk_analysis.analyses import referrals
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    tables = referrals.tree_tables(network, as_of=network.as_of(args.as_of))
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

    figure = Figure(figsize=(14, 9), layout="constrained")
    kind = args.out.suffix.lstrip(".").lower() or "png"
    if kind not in figure.canvas.get_supported_filetypes():
        raise ValueError(f"{args.out}: the tree is drawn to .png, .svg or .pdf, not .{kind}")
    as_of = network.as_of(args.as_of)
    plots.plot_referral_tree(referrals.referral_graph(network, as_of=as_of), ax=figure.subplots())
    with atomic_path(args.out, overwrite=args.force, protect=(args.workbook,)) as temp:
        figure.savefig(temp, format=kind, dpi=150)
    print(f"wrote {args.out}", file=sys.stderr)


def _cmd_report(args) -> int:
    from netwk_analysis.presentation.report import write_report

    network, code = _load(args)
    summary = write_report(
        network, args.out, as_of=network.as_of(args.as_of), overwrite=args.force
    )
    _emit(summary)
    return code
