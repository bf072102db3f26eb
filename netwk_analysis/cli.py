"""The ``netwk`` command line: it only composes load -> analyses -> output.

Exit codes (README): 0 success, 1 problems in the workbook (results, where a command has them,
are computed from the valid rows), 2 wrong usage or a file that cannot be read or written.
Heavy libraries are imported inside the commands so ``netwk --help`` answers at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import sys
from pathlib import Path

__all__ = ["main"]

OK, PROBLEMS, USAGE = 0, 1, 2


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

    def command(name: str, text: str, *, workbook: bool = True, as_of: bool = False):
        sub = commands.add_parser(name, help=text, description=text)
        if workbook:
            sub.add_argument("workbook", type=Path, help=".xlsx, .ods or a folder of CSV files")
        if as_of:
            sub.add_argument(
                "--as-of",
                type=_iso_day,
                metavar="DATE",
                help="review day YYYY-MM-DD (default: the as_of setting, else today)",
            )
        return sub

    def formats(sub):
        sub.add_argument("--format", choices=("table", "csv", "json"), default="table")

    sub = command("init", "write an empty template workbook", workbook=False)
    sub.add_argument("path", type=Path)
    command("check", "validate a workbook and list every problem with its cell")
    sub = command("due", "follow-ups due or overdue, most overdue first", as_of=True)
    formats(sub)
    sub.add_argument("--ics", type=Path, metavar="FILE", help="also write the list as to-dos")
    sub.add_argument("--force", action="store_true", help="replace an existing --ics file")
    formats(command("stats", "weekly outreach, answers, response rate, latency", as_of=True))
    formats(command("targets", "target employers: where to look next, ranked", as_of=True))
    sub = command("tree", "the referral tree and who led to leads")
    formats(sub)
    sub.add_argument("--out", type=Path, metavar="FILE", help="draw the tree to .png or .svg")
    sub.add_argument("--force", action="store_true", help="replace an existing --out file")
    sub = command("report", "the weekly review: HTML page, charts, due.csv, due.ics", as_of=True)
    sub.add_argument("--out", type=Path, default=Path("reports"), metavar="DIR")
    sub.add_argument(
        "--force",
        action="store_true",
        help="write even into a folder holding other files or an edited report",
    )
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
    except (UnreadableWorkbook, OutputExists, ValueError, OSError) as exc:
        print(f"netwk {args.command}: {_sentence(exc)}", file=sys.stderr)
        return USAGE


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

    network = load_network(args.workbook, as_of=getattr(args, "as_of", None))
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

    network = load_network(args.workbook)
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
    import pandas as pd

    from netwk_analysis.analyses import metrics
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    as_of = network.as_of(args.as_of)
    weeks = metrics.weekly_outreach(network, as_of=as_of)
    contacts = metrics.request_outcomes(network, as_of=as_of)
    interviews = metrics.referral_yield(network, as_of=as_of)
    if args.format == "json":
        from netwk_analysis.analyses.timing import reply_timing

        document = {
            "as_of": as_of,
            "weeks": weeks,
            "contacts": contacts,
            "interviews": interviews,
            "reply_timing": reply_timing(network, as_of=as_of),
        }
        _emit(output.render_json(document))
    elif args.format == "csv":
        _emit(output.render_csv(weeks))
    else:
        _emit(output.render_table(weeks, title=f"Outreach per week (as of {as_of:%Y-%m-%d})"))
        classes = contacts["class"].value_counts().rename_axis("class").reset_index()
        _emit("\n" + output.render_table(classes, title="Who answered, how fast"))
        _emit("\n" + output.render_table(interviews, title="Names received per interview"))
        from netwk_analysis.analyses.timing import reply_timing

        timing = pd.DataFrame([reply_timing(network, as_of=as_of)])
        _emit("\n" + output.render_table(timing, title="How long do answers take"))
    return code


def _cmd_targets(args) -> int:
    from netwk_analysis.analyses.targets import target_employers
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    as_of = network.as_of(args.as_of)
    table = target_employers(network, as_of=as_of)
    if args.format == "json":
        _emit(output.render_json(table))
    elif args.format == "csv":
        _emit(output.render_csv(table))
    else:
        title = f"Target employers as of {as_of:%Y-%m-%d}: {len(table)}"
        empty = "no Targets sheet yet: list the employers you want (netwk init shows the columns)"
        _emit(output.render_table(table, title=title, empty=empty))
    return code


def _cmd_tree(args) -> int:
    from netwk_analysis.analyses import referrals
    from netwk_analysis.presentation import tables as output

    network, code = _load(args)
    tables = referrals.tree_tables(network)
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
    plots.plot_referral_tree(referrals.referral_graph(network), ax=figure.subplots())
    with atomic_path(args.out, overwrite=args.force, protect=(args.workbook,)) as temp:
        figure.savefig(temp, format=args.out.suffix.lstrip(".") or "png", dpi=150)
    print(f"wrote {args.out}", file=sys.stderr)


def _cmd_report(args) -> int:
    from netwk_analysis.presentation.report import write_report

    network, code = _load(args)
    summary = write_report(
        network, args.out, as_of=network.as_of(args.as_of), overwrite=args.force
    )
    _emit(summary)
    return code
