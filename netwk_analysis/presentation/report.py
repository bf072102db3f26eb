"""The weekly review (``netwk report``): one self-contained HTML page plus PNG, CSV and ICS files.

``write_report`` composes the analyses (``metrics``, ``followups``, ``referrals``) and the charts
(``plots``) into a folder::

    index.html      the page a person opens every week: headline numbers with the change from
                    last week, the due list, every chart with a one-line explanation, the leads
                    with their referral chains, and the workbook's warnings
    outreach.png ... employers.png   each chart on its own (``CHARTS``)
    due.csv         the due list, formula-escaped, UTF-8 with a byte-order mark (for Excel)
    due.ics         the due list as calendar to-dos

The page loads nothing from anywhere: charts are embedded as base64 PNG data URIs and the CSS is
inline, so it works offline and can be mailed as one file. Everything that comes from the
workbook is HTML-escaped. Files are written all or nothing (``safety``); an earlier report is never
replaced unless asked (``overwrite=True``, ``--force``), and the check happens before anything is
written. The input workbook is never written.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from netwk_analysis.core.facts import KIND_BADGES, KIND_COLOURS
from netwk_analysis.core.model import Network

__all__ = [
    "CHARTS",
    "HEADLINE_NUMBERS",
    "Chart",
    "ReviewData",
    "chart_png",
    "collect",
    "escape_text",
    "render_html",
    "report_files",
    "summary_text",
    "write_report",
]


@dataclass(frozen=True)
class ReviewData:
    """Everything the weekly review shows, computed once for one as-of day."""

    network: Network
    as_of: pd.Timestamp
    weekly: pd.DataFrame
    outcomes: pd.DataFrame
    yields: pd.DataFrame
    funnel: pd.DataFrame
    coverage: pd.DataFrame
    headline: dict
    due: pd.DataFrame
    overdue: pd.DataFrame
    tree: dict
    chains: pd.DataFrame
    people: pd.DataFrame


def collect(network: Network, *, as_of) -> ReviewData:
    """Run every analysis the review needs for ``as_of`` and return the results together.

    Parameters
    ----------
    network : Network
    as_of : date-like
        The review day.

    Returns
    -------
    ReviewData
    """
    from netwk_analysis.analyses import followups, metrics, referrals, review

    as_of = pd.Timestamp(as_of)
    weekly = metrics.weekly_outreach(network, as_of=as_of)
    overdue = followups.overdue_by_week(network, end=as_of)
    return ReviewData(
        network=network,
        as_of=as_of,
        weekly=weekly,
        outcomes=metrics.request_outcomes(network, as_of=as_of),
        yields=metrics.referral_yield(network, as_of=as_of),
        funnel=metrics.funnel(network, as_of=as_of),
        coverage=metrics.employer_coverage(network, as_of=as_of),
        headline=review.headline(network, as_of=as_of, weekly=weekly, overdue=overdue),
        due=followups.due_items(network, as_of=as_of),
        overdue=overdue,
        tree=referrals.tree_tables(network, as_of=as_of),
        chains=referrals.lead_chains(network, as_of=as_of),
        people=referrals.tree_people(network, as_of=as_of),
    )


# --------------------------------------------------------------------------------------------
# Charts


@dataclass(frozen=True)
class Chart:
    """One chart of the review: file stem, heading, a one-line explanation, size and drawing."""

    name: str
    heading: str
    explain: Callable[[ReviewData], str]
    size: tuple[float, float]
    panels: int
    draw: Callable[[ReviewData, list], None]

    @property
    def filename(self) -> str:
        """``outreach.png`` and so on."""
        return f"{self.name}.png"


def _draw_outreach(data: ReviewData, axes: list) -> None:
    from netwk_analysis.presentation import plots

    plots.plot_outreach(
        data.weekly, target=data.network.settings.weekly_outreach_target, ax=axes[0]
    )


def _draw_response(data: ReviewData, axes: list) -> None:
    from netwk_analysis.presentation import plots

    plots.plot_response_rate(data.weekly, ax=axes[0])


def _draw_overdue(data: ReviewData, axes: list) -> None:
    from netwk_analysis.presentation import plots

    plots.plot_overdue(data.overdue, ax=axes[0])


def _draw_funnel(data: ReviewData, axes: list) -> None:
    from netwk_analysis.presentation import plots

    plots.plot_funnel(data.funnel, ax=axes[0])


def _draw_latency(data: ReviewData, axes: list) -> None:
    from netwk_analysis.presentation import plots

    settings = data.network.settings
    plots.plot_latency(
        data.outcomes,
        move_on_days=settings.move_on_business_days,
        follow_up_days=settings.follow_up_business_days,
        ax=axes[0],
    )
    plots.plot_latency_histogram(
        data.outcomes, move_on_days=settings.move_on_business_days, ax=axes[1]
    )


def _draw_yield(data: ReviewData, axes: list) -> None:
    from netwk_analysis.presentation import plots

    plots.plot_referral_yield(
        data.yields, target=data.network.settings.names_per_interview_target, ax=axes[0]
    )


def _draw_leads(data: ReviewData, axes: list) -> None:
    from netwk_analysis.presentation import plots

    plots.plot_leads_by_root(data.tree["roots"], ax=axes[0])
    plots.plot_leads_by_referrer(data.tree["referrers"], ax=axes[1])


def _draw_tree(data: ReviewData, axes: list) -> None:
    from netwk_analysis.presentation import plots

    plots.plot_referral_forest(data.people, ax=axes[0])


def _draw_employers(data: ReviewData, axes: list) -> None:
    from netwk_analysis.presentation import plots

    plots.plot_employers(data.coverage, ax=axes[0])


def _settings(data: ReviewData):
    return data.network.settings


#: The charts of the review, in page order.
CHARTS: tuple[Chart, ...] = (
    Chart(
        "outreach",
        "Am I reaching out enough?",
        lambda d: (
            "Requests and follow-ups you sent each week; the dashed line is your target "
            f"of {_settings(d).weekly_outreach_target} a week."
        ),
        (11, 4),
        1,
        _draw_outreach,
    ),
    Chart(
        "response_rate",
        "Are people answering?",
        lambda d: (
            "Requests of each week split into answered and no answer; requests younger "
            f"than {_settings(d).follow_up_business_days} business days are pending "
            "(hatched), not failures. The line is the response rate."
        ),
        (11, 4.2),
        1,
        _draw_response,
    ),
    Chart(
        "overdue",
        "Am I keeping up with follow-ups?",
        lambda d: (
            "How many follow-ups were overdue at the end of each week, by kind: the "
            "fewer, the better."
        ),
        (11, 4.2),
        1,
        _draw_overdue,
    ),
    Chart(
        "funnel",
        "How far do people get?",
        lambda d: (
            "How far people got: names received, asked for a meeting, answered, "
            "interviewed, and led to a lead; each bar shows its share of the one above."
        ),
        (11, 3.6),
        1,
        _draw_funnel,
    ),
    Chart(
        "latency",
        "How fast do people answer?",
        lambda d: (
            f"Boosters answer within {_settings(d).move_on_business_days} business "
            "days, obligates later, curmudgeons not at all after "
            f"{_settings(d).follow_up_business_days}; right: how long each answer took."
        ),
        (11, 4.2),
        2,
        _draw_latency,
    ),
    Chart(
        "referral_yield",
        "Does each interview give me new names?",
        lambda d: (
            "New names each interview gave you (within 14 days of it) against the target "
            f"of {_settings(d).names_per_interview_target}: always ask for two names."
        ),
        (11, 4),
        1,
        _draw_yield,
    ),
    Chart(
        "leads",
        "Where did the leads come from?",
        lambda d: (
            "Each lead is credited to the person you started from (left) and to every "
            "referrer above it in the chain (right)."
        ),
        (11, 4.2),
        2,
        _draw_leads,
    ),
    Chart(
        "tree",
        "Who led me to whom?",
        lambda d: (
            "Who gave you whose name, coloured by how far each person got; stars are "
            "leads and thick lines the chains that led to them."
        ),
        (14, 8),
        1,
        _draw_tree,
    ),
    Chart(
        "employers",
        "Which employers have I covered?",
        lambda d: (
            "Per company: people named, asked, answered and interviewed; ★ marks a "
            "company where someone answered within "
            f"{_settings(d).move_on_business_days} business days (a booster)."
        ),
        (11, 5),
        1,
        _draw_employers,
    ),
)

_DPI = 100


def chart_png(chart: Chart, data: ReviewData) -> bytes:
    """Draw one chart on a new constrained-layout figure and return it as PNG bytes.

    The figure is a bare ``matplotlib.figure.Figure`` rendered by Agg: no pyplot state, so a
    notebook's backend and open figures are left as they were, and memory stays flat.
    """
    from matplotlib.figure import Figure

    figure = Figure(figsize=chart.size, layout="constrained")
    axes = figure.subplots(1, chart.panels, squeeze=False)
    chart.draw(data, list(axes.ravel()))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Text and HTML

#: Headline numbers: key in ``metrics.headline``, label, and whether more is better.
HEADLINE_NUMBERS = (
    ("requests", "requests sent", True),
    ("follow_ups", "follow-ups sent", True),
    ("answers_received", "answers received", True),
    ("interviews", "interviews held", True),
    ("names_received", "names received", True),
    ("leads", "new leads", True),
    ("overdue", "overdue follow-ups", False),
)


def escape_text(values: pd.Series) -> pd.Series:
    """HTML-escape every value of a column (vectorised ``html.escape``), missing as ``""``.

    Examples
    --------
    >>> escape_text(pd.Series(["<script>alert(1)</script>", None, "Tom & 'Jerry'"])).tolist()
    ['&lt;script&gt;alert(1)&lt;/script&gt;', '', 'Tom &amp; &#x27;Jerry&#x27;']
    """
    text = values.astype("object").where(values.notna(), "").astype(str)
    for raw, safe in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ('"', "&quot;"),
        ("'", "&#x27;"),
    ):
        text = text.str.replace(raw, safe, regex=False)
    return text


def _one(value: object) -> str:
    """Escape a single value for HTML."""
    return escape_text(pd.Series([value], dtype="object")).iloc[0]


def _change(this: float, last: float, *, more_is_better: bool, unit: str = "") -> tuple[str, str]:
    """Return the change text (``▲ 4``, ``▼ 1``, ``= 0``) and its CSS class (good/bad/same).

    Examples
    --------
    >>> _change(6, 2, more_is_better=True), _change(3, 5, more_is_better=False)
    (('▲ 4', 'good'), ('▼ 2', 'good'))
    >>> _change(4, 4, more_is_better=True)
    ('= 0', 'same')
    """
    delta = this - last
    if delta == 0:
        return "= 0" + unit, "same"
    good = (delta > 0) == more_is_better
    arrow = "▲" if delta > 0 else "▼"
    return f"{arrow} {abs(delta):,g}{unit}", "good" if good else "bad"


def _rate_text(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def _day(value: pd.Timestamp) -> str:
    """``Fri 27 Nov 2026``."""
    return f"{pd.Timestamp(value):%a} {pd.Timestamp(value).day} {pd.Timestamp(value):%b %Y}"


def _workbook_name(network: Network) -> str:
    return Path(network.path).name if network.path is not None else "workbook"


def summary_text(data: ReviewData, index: Path | str) -> str:
    """The short terminal summary of ``netwk report``: headline numbers, count due, the page.

    Returns
    -------
    str
        A few lines ending with a newline.
    """
    head = data.headline
    this, last = head["this_week"], head["last_week"]
    lines = [
        f"Weekly review of {_workbook_name(data.network)}: week of {_day(head['week'])} "
        f"(as of {_day(data.as_of)})"
    ]
    width = max(len(label) for _, label, _ in HEADLINE_NUMBERS)
    for key, label, better in HEADLINE_NUMBERS:
        change, _ = _change(this[key], last[key], more_is_better=better)
        lines.append(f"  {label:<{width}}  {this[key]:>7,}   ({change} from last week)")
    rate = this["response_rate"]
    lines.append(
        f"  {'response rate':<{width}}  {_rate_text(rate):>7}   "
        f"(last week {_rate_text(last['response_rate'])})"
    )
    count = len(data.due)
    lines.append(
        f"{count:,} follow-up{'s' * (count != 1)} due or overdue (see due.csv and due.ics)"
        if count
        else "Nothing due: well done."
    )
    lines.append(f"Report: {index}")
    return "\n".join(lines) + "\n"


_CSS = """
:root { --ink: #1d1d1d; --muted: #5f5f5f; --line: #dddddd; --good: #0072B2;
  --bad: #D55E00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica,
  Arial, sans-serif; color: var(--ink); background: #f6f6f4; }
main { max-width: 1160px; margin: 0 auto; padding: 20px 28px 48px; background: #ffffff; }
header { border-bottom: 3px solid var(--ink); margin-bottom: 18px; padding-bottom: 10px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 30px 0 4px; border-bottom: 1px solid var(--line);
  padding-bottom: 3px; }
.meta { color: var(--muted); margin: 0; }
.explain { color: var(--muted); margin: 2px 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr));
  gap: 10px; margin: 10px 0 6px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 28px; font-weight: 700; line-height: 1.2; }
.card .change { font-size: 13px; white-space: nowrap; }
.good { color: var(--good); } .bad { color: var(--bad); } .same { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { background: #f0f0ee; font-weight: 600; position: sticky; top: 0; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date, td.name { white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; color: #000000; white-space: nowrap; }
.scroll { max-height: 640px; overflow: auto; border: 1px solid var(--line); }
figure { margin: 0; }
img { display: block; width: 100%; height: auto; }
.problems { font-size: 13px; color: var(--muted); }
.problems li { margin: 2px 0; }
.none { color: var(--muted); font-style: italic; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
@media print { .scroll { max-height: none; overflow: visible; } body { background: #fff; } }
"""


def _badge_css() -> str:
    return "\n".join(
        f".kind-{kind} {{ background: {colour}; }}" for kind, colour in KIND_COLOURS.items()
    )


def _cards(data: ReviewData) -> str:
    head = data.headline
    this, last = head["this_week"], head["last_week"]
    cards = []
    for key, label, better in HEADLINE_NUMBERS:
        change, tone = _change(this[key], last[key], more_is_better=better)
        cards.append(
            f'<div class="card" data-key="{key}" data-this="{this[key]}" '
            f'data-last="{last[key]}"><div class="label">{label}</div>'
            f'<div class="value">{this[key]:,}</div>'
            f'<div class="change {tone}">{change} from last week ({last[key]:,})</div></div>'
        )
    rate, last_rate = this["response_rate"], last["response_rate"]
    if rate is not None and last_rate is not None:
        points = round(rate * 100) - round(last_rate * 100)
        change, tone = _change(points, 0, more_is_better=True, unit=" pts")
    else:
        change, tone = "no comparison yet", "same"
    cards.append(
        f'<div class="card" data-key="response_rate" data-this="{rate}" data-last="{last_rate}">'
        f'<div class="label">response rate</div><div class="value">{_rate_text(rate)}</div>'
        f'<div class="change {tone}">{change} from last week ({_rate_text(last_rate)})</div>'
        "</div>"
    )
    target = head.get("weekly_outreach_target")
    note = ""
    if target is not None:
        sent = this["requests"] + this["follow_ups"]
        note = (
            f'<p class="meta">Outreach this week: {sent:,} of your target of {target:,} '
            f"messages{' — target met' if sent >= target else ''}.</p>"
        )
    return f'<div class="cards">{"".join(cards)}</div>{note}'


_SCROLL_ROWS = 30  # longer tables scroll inside their box


def _due_table(data: ReviewData) -> str:
    due = data.due
    if due.empty:
        return '<p class="none">Nothing due: well done.</p>'
    kind = due["kind"].astype("object")
    labels = escape_text(kind.map(KIND_BADGES).fillna(kind))
    kinds = escape_text(kind)
    dates = pd.to_datetime(due["due_on"])
    rows = (
        '<tr><td class="name">'
        + escape_text(due["contact"])
        + '</td><td data-value="'
        + kinds
        + '"><span class="badge kind-'
        + kinds
        + '">'
        + labels
        + "</span></td>"
        + '<td class="date" data-value="'
        + dates.dt.strftime("%Y-%m-%d")
        + '">'
        + dates.dt.strftime("%a %d %b")
        + "</td>"
        + '<td class="num">'
        + due["days_overdue"].astype(str)
        + "</td>"
        + "<td>"
        + escape_text(due["action"])
        + "</td></tr>"
    )
    header = (
        "<tr><th>contact</th><th>kind</th><th>due on</th>"
        '<th class="num">days overdue</th><th>action</th></tr>'
    )
    return _scrolling_table("due", header, rows)


def _scrolling_table(table_id: str, header: str, rows: pd.Series) -> str:
    """A table of ready-made ``<tr>`` rows; past ``_SCROLL_ROWS`` rows it scrolls in place."""
    scroll = ' class="scroll"' if len(rows) > _SCROLL_ROWS else ""
    return (
        f'<div{scroll}><table id="{table_id}"><thead>{header}</thead><tbody>\n'
        + "\n".join(rows.tolist())
        + "\n</tbody></table></div>"
    )


def _leads_table(data: ReviewData) -> str:
    chains = data.chains
    if chains.empty:
        return '<p class="none">No leads yet: they come from the chains, so keep asking.</p>'
    dates = pd.to_datetime(chains["date"])
    day = dates.dt.strftime("%Y-%m-%d").astype("object").where(dates.notna(), "undated")
    rows = (
        "<tr><td>"
        + escape_text(chains["contact"])
        + "</td><td>"
        + escape_text(chains["company"])
        + "</td><td>"
        + escape_text(chains["role"])
        + "</td><td>"
        + escape_text(chains["stage"])
        + '</td><td class="date">'
        + escape_text(day)
        + "</td><td>"
        + escape_text(chains["chain"])
        + "</td></tr>"
    )
    header = (
        "<tr><th>contact</th><th>company</th><th>role</th><th>stage</th><th>date</th>"
        "<th>referral chain (from the person you started with)</th></tr>"
    )
    return _scrolling_table("leads", header, rows)


_MAX_PROBLEMS = 200


def _problems(data: ReviewData) -> str:
    problems = data.network.problems
    if not problems:
        return ""
    items = "\n".join(f"<li>{_one(p.severity)}: {_one(p)}</li>" for p in problems[:_MAX_PROBLEMS])
    more = len(problems) - _MAX_PROBLEMS
    if more > 0:
        items += (
            f"\n<li>… and {more:,} more: run <code>netwk check "
            f"{_one(_workbook_name(data.network))}</code> for the full list</li>"
        )
    return (
        f'<section class="problems"><h2>Workbook warnings ({len(problems):,})</h2>'
        f'<p class="explain">The numbers above are computed from the valid rows.</p>'
        f"<ul>{items}</ul></section>"
    )


def render_html(data: ReviewData, images: dict[str, bytes], *, generated: dt.datetime) -> str:
    """Return the self-contained HTML page of the review.

    Parameters
    ----------
    data : ReviewData
    images : dict
        PNG bytes per chart name (``CHARTS``), embedded as data URIs.
    generated : datetime
        When the page was made (shown in the header).

    Returns
    -------
    str
    """
    head = data.headline
    title = f"Weekly networking review — week of {_day(head['week'])}"
    charts = []
    for chart in CHARTS:
        if chart.name not in images:
            continue
        encoded = base64.b64encode(images[chart.name]).decode("ascii")
        charts.append(
            f'<section id="chart-{chart.name}"><h2>{_one(chart.heading)}</h2>'
            f'<p class="explain">{_one(chart.explain(data))}</p><figure>'
            f'<img alt="{_one(chart.heading)}" src="data:image/png;base64,{encoded}">'
            "</figure></section>"
        )
    count = len(data.due)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_one(title)}</title>
<style>{_CSS}{_badge_css()}</style>
</head>
<body><main>
<header>
<h1>{_one(title)}</h1>
<p class="meta">Workbook <strong>{_one(_workbook_name(data.network))}</strong> ·
reviewed as of {_one(_day(data.as_of))} · generated {generated:%Y-%m-%d %H:%M}</p>
</header>
<section id="headline"><h2>This week</h2>
<p class="explain">This week so far, compared with last week.</p>
{_cards(data)}
</section>
<section id="due-list"><h2>Due or overdue ({count:,})</h2>
<p class="explain">Follow-ups due on or before {_one(_day(data.as_of))}, most overdue first
(also in due.csv, and in due.ics: all-day events to import into Google, Apple or Outlook
calendars, or to-dos for Thunderbird and other task apps with the calendar_kind setting).</p>
{_due_table(data)}
</section>
{"".join(charts)}
<section id="leads-list"><h2>Leads and their referral chains ({len(data.chains):,})</h2>
<p class="explain">Every lead with the chain of names that led to it.</p>
{_leads_table(data)}
</section>
{_problems(data)}
<footer>Made by netwk from {_one(_workbook_name(data.network))}; the workbook itself was only
read, never changed.</footer>
</main></body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Files


def report_files(out_dir: Path | str) -> list[Path]:
    """Every file ``write_report`` writes into ``out_dir``, in writing order.

    Examples
    --------
    >>> [path.name for path in report_files("reports")][-3:]
    ['due.csv', 'due.ics', 'index.html']
    """
    out_dir = Path(out_dir)
    names = [chart.filename for chart in CHARTS] + ["due.csv", "due.ics", "index.html"]
    return [out_dir / name for name in names]


def _protected(network: Network) -> tuple[Path, ...]:
    """The input files: the workbook, or every file of a CSV-folder workbook."""
    if network.path is None:
        return ()
    path = Path(network.path)
    if path.is_dir():
        return tuple(child for child in path.iterdir() if child.is_file())
    return (path,)


def _check_targets(out_dir: Path, protect: tuple[Path, ...], *, overwrite: bool) -> None:
    """Refuse before writing anything: a file in the way, an input file, or earlier files."""
    from netwk_analysis.writing.files import OutputExists

    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"{out_dir} is a file; give a folder for the report")
    targets = report_files(out_dir)
    guarded = {p.resolve() for p in protect}
    for target in targets:
        if target.resolve() in guarded:
            raise ValueError(
                f"{target} is an input file of the workbook; the toolkit never "
                "writes over its input, so choose another --out folder"
            )
    if overwrite:
        return
    existing = [t.name for t in targets if t.exists() or t.is_symlink()]
    if existing:
        listed = ", ".join(existing)
        raise OutputExists(
            f"{out_dir} already holds a report ({listed}); pass --force to "
            "replace it, or choose another --out folder"
        )


def write_report(network: Network, out_dir: Path | str, *, as_of, overwrite: bool = False) -> str:
    """Write the weekly review into ``out_dir`` and return the terminal summary.

    Writes ``index.html`` (self-contained), one PNG per chart of ``CHARTS``, ``due.csv``
    (formula-escaped) and ``due.ics``, all or nothing (``files.atomic_paths``): every number
    and chart is computed first, every file goes to a temporary file beside its target, and
    only when all are written are they renamed into place, so an error (a full disk, say)
    leaves the folder as it was. ``out_dir`` is created if missing.

    Parameters
    ----------
    network : Network
        The loaded workbook.
    out_dir : Path or str
        The report folder.
    as_of : date-like
        The review day (the week reviewed is the week containing it).
    overwrite : bool, default False
        Replace the files of an earlier report (``--force``).

    Returns
    -------
    str
        This week's headline numbers, the number of items due, and the path of ``index.html``.

    Raises
    ------
    files.OutputExists
        Report files already exist and ``overwrite`` is false; raised before anything is
        written, listing them.
    ValueError
        ``out_dir`` is a file, or a report file would replace an input file.
    """
    from netwk_analysis.presentation.calendar import due_calendar
    from netwk_analysis.writing.escape import formula_safe_csv
    from netwk_analysis.writing.files import atomic_paths

    out_dir = Path(out_dir)
    protect = _protected(network)
    _check_targets(out_dir, protect, overwrite=overwrite)
    # Everything is computed and drawn first, then every file is written to a temporary file
    # and all are renamed together: a failure (a full disk) leaves the folder as it was.
    data = collect(network, as_of=as_of)
    images = {chart.name: chart_png(chart, data) for chart in CHARTS}
    page = render_html(data, images, generated=dt.datetime.now().replace(microsecond=0))
    out_dir.mkdir(parents=True, exist_ok=True)
    index = out_dir / "index.html"
    targets = report_files(out_dir)
    with atomic_paths(targets, overwrite=overwrite, protect=protect) as temporary:
        for chart in CHARTS:
            temporary[chart.filename].write_bytes(images[chart.name])
        csv = formula_safe_csv(data.due, date_format="%Y-%m-%d")
        # with a byte-order mark: Excel then reads names such as "Zoë" as UTF-8, not cp1252
        temporary["due.csv"].write_text(csv, encoding="utf-8-sig", newline="")
        temporary["due.ics"].write_bytes(
            due_calendar(data.due, kind=network.settings.calendar_kind)
        )
        temporary["index.html"].write_text(page, encoding="utf-8")
    return summary_text(data, index)
