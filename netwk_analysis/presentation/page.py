"""The weekly page (``index.html``): what it shows, in order (``PAGE``), and its HTML.

docs/report.md describes the page. It is made from Jinja2 templates with autoescaping on
(``templates/page.html.j2`` and one template per section in ``templates/sections/``); the
stylesheet ``templates/page.css`` is inlined at build time, and every chart is inline SVG with
its text kept as text, so the page is one self-contained file that works offline.

Adding a section is one entry in ``PAGE`` (a ``Section``: an id, a template, and a function
giving the template what it shows) plus its template; adding a chart is one ``Chart`` entry.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from netwk_analysis.core import schema
from netwk_analysis.core.facts import KIND_BADGES, KIND_COLOURS, STAGE_LABELS
from netwk_analysis.core.model import Network
from netwk_analysis.presentation.tables import day_text, format_day

__all__ = [
    "CHARTS",
    "HEADLINE_NUMBERS",
    "MAX_WEEKS",
    "PAGE",
    "Chart",
    "ReviewData",
    "Section",
    "change_text",
    "chart_svg",
    "collect",
    "decided_text",
    "inline_svg",
    "problems_line",
    "rate_text",
    "render_html",
    "workbook_name",
]

#: Weekly charts show at most this many weeks, the last ones (docs/report.md).
MAX_WEEKS = 52


@dataclass(frozen=True)
class ReviewData:
    """Everything the weekly review shows, computed once for one as-of day.

    ``weekly`` holds every week (the headline needs this week and the last); the charts show
    its last ``MAX_WEEKS`` rows, and ``overdue`` and ``yields`` cover only those weeks.
    """

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
    first_week: pd.Timestamp = field(default=None)
    targets: pd.DataFrame = field(default=None)
    reply_curves: pd.DataFrame = field(default=None)
    reach: pd.DataFrame = field(default=None)

    @property
    def weeks_shown(self) -> pd.DataFrame:
        """The last ``MAX_WEEKS`` weeks of ``weekly``: what the weekly charts draw."""
        if self.first_week is None:
            return self.weekly.tail(MAX_WEEKS)
        return self.weekly.loc[self.weekly["week"] >= self.first_week]


def collect(network: Network, *, as_of) -> ReviewData:
    """Run every analysis the review needs for ``as_of`` and return the results together.

    Weekly series cover at most the last ``MAX_WEEKS`` weeks (docs/report.md): the overdue
    trend is computed for those weeks only, so the time taken does not grow with the span of
    dates in the workbook.

    Parameters
    ----------
    network : Network
    as_of : date-like
        The review day.

    Returns
    -------
    ReviewData
    """
    from netwk_analysis.analyses.shared import shared_results

    with shared_results():  # frames several analyses start from are computed once
        return _collect(network, as_of=as_of)


def _collect(network: Network, *, as_of) -> ReviewData:
    from netwk_analysis.analyses import (
        followups,
        metrics,
        reach,
        referrals,
        review,
        targets,
        timing,
    )
    from netwk_analysis.analyses.frames import week_of

    as_of = pd.Timestamp(as_of)
    first_week = (week_of(as_of, network.settings) - (MAX_WEEKS - 1)).start_time
    weekly = metrics.weekly_outreach(network, as_of=as_of)
    first_act = weekly["week"].min() if len(weekly) else as_of
    due, overdue = followups.due_and_overdue(
        network, as_of=as_of, start=max(first_week, first_act)
    )
    yields = metrics.referral_yield(network, as_of=as_of)
    return ReviewData(
        network=network,
        as_of=as_of,
        weekly=weekly,
        outcomes=metrics.request_outcomes(network, as_of=as_of),
        yields=yields.loc[pd.to_datetime(yields["date"]) >= first_week],
        funnel=metrics.funnel(network, as_of=as_of),
        coverage=metrics.employer_coverage(network, as_of=as_of),
        headline=review.headline(network, as_of=as_of, weekly=weekly, overdue=overdue),
        due=due,
        overdue=overdue,
        tree=referrals.tree_tables(network, as_of=as_of),
        chains=referrals.lead_chains(network, as_of=as_of),
        people=referrals.tree_people(network, as_of=as_of),
        first_week=first_week,
        targets=targets.target_employers(network, as_of=as_of, due=due),
        reply_curves=timing.reply_curves(network, as_of=as_of),
        reach=reach.reach(network, as_of=as_of),
    )


def workbook_name(network: Network) -> str:
    """The workbook's file name as the page and the summary show it."""
    return Path(network.path).name if network.path is not None else "workbook"


# --------------------------------------------------------------------------------------------
# Page blocks: sections and charts


@dataclass(frozen=True)
class Section:
    """A block of the page: its HTML id, its template, and what the template shows.

    ``context(data)`` returns a dict the template reads as ``ctx``; a section whose context
    is ``None`` is left out of the page (the problems banner when there are none).
    """

    id: str
    template: str
    context: Callable[[ReviewData], dict | None]


#: Width of every chart but the tree, in inches: at 390 px a phone shows it at about 0.67 of
#: its size, so text drawn at 11 pt stays about 10 px high; tapping a chart shows it large.
CHART_WIDTH = 5.6


@dataclass(frozen=True)
class Chart:
    """One chart: its name (``chart-NAME`` on the page), heading, one-line explanation, size,
    panels (stacked one above the other, so each keeps the full width on a phone), fixed
    margins in inches (left, right, top, bottom: no layout engine) and drawing."""

    name: str
    heading: str
    explain: Callable[[ReviewData], str]
    height: float
    draw: Callable[[ReviewData, list], None]
    panels: int = 1
    margins: tuple[float, float, float, float] = (0.75, 0.25, 0.45, 0.65)
    width: float = CHART_WIDTH
    template: str = "sections/chart.html.j2"

    @property
    def id(self) -> str:
        """The section's HTML id."""
        return f"chart-{self.name}"

    def context(self, data: ReviewData) -> dict:
        """What the chart's section shows besides the drawing: its explanation."""
        return {"explain": self.explain(data)}


def _plots():
    from netwk_analysis.presentation import plots

    return plots


def _draw_outreach(data: ReviewData, axes: list) -> None:
    target = data.network.settings.weekly_outreach_target
    _plots().plot_outreach(data.weeks_shown, target=target, ax=axes[0])


def _draw_response(data: ReviewData, axes: list) -> None:
    _plots().plot_response_rate(data.weeks_shown, ax=axes[0])


def _draw_overdue(data: ReviewData, axes: list) -> None:
    _plots().plot_overdue(data.overdue, ax=axes[0])


def _draw_funnel(data: ReviewData, axes: list) -> None:
    _plots().plot_funnel(data.funnel, ax=axes[0])


def _draw_latency(data: ReviewData, axes: list) -> None:
    settings = data.network.settings
    _plots().plot_latency(
        data.outcomes,
        move_on_days=settings.move_on_business_days,
        follow_up_days=settings.follow_up_business_days,
        ax=axes[0],
    )
    _plots().plot_latency_histogram(
        data.outcomes, move_on_days=settings.move_on_business_days, ax=axes[1]
    )


def _draw_yield(data: ReviewData, axes: list) -> None:
    target = data.network.settings.names_per_interview_target
    _plots().plot_referral_yield(data.yields, target=target, ax=axes[0])


def _draw_leads(data: ReviewData, axes: list) -> None:
    _plots().plot_leads_by_root(data.tree["roots"], ax=axes[0])
    _plots().plot_leads_by_referrer(data.tree["referrers"], ax=axes[1])


def _draw_tree(data: ReviewData, axes: list) -> None:
    _plots().plot_referral_forest(data.people, ax=axes[0])


def _draw_employers(data: ReviewData, axes: list) -> None:
    _plots().plot_employers(data.coverage, ax=axes[0])


def _draw_reply_timing(data: ReviewData, axes: list) -> None:
    settings = data.network.settings
    _plots().plot_reply_timing(
        data.reply_curves,
        move_on_days=settings.move_on_business_days,
        follow_up_days=settings.follow_up_business_days,
        ax=axes[0],
    )


def _draw_reach(data: ReviewData, axes: list) -> None:
    _plots().plot_reach(data.reach.tail(MAX_MONTHS), ax=axes[0])


def _reply_timing_text(data: ReviewData) -> str:
    from netwk_analysis.analyses.timing import reply_timing

    settings = _settings(data)
    numbers = reply_timing(data.network, as_of=data.as_of, curve=data.reply_curves)
    if not numbers["requests"]:
        return "How many of your requests were answered by each business day after you sent them."
    median = numbers["median_business_days"]
    half = (
        f"half of your answers came within {median} business day{'s' if median != 1 else ''}"
        if median is not None
        else "fewer than half of your requests have been answered so far"
    )
    return (
        f"From your own {numbers['requests']:,} first requests ({numbers['answered']:,} "
        f"answered; unanswered ones count as waiting until today): {half}; "
        f"{rate_text(numbers['answered_by_move_on'])} were answered by the move-on day "
        f"({settings.move_on_business_days}) and {rate_text(numbers['answered_by_follow_up'])} "
        f"by the follow-up day ({settings.follow_up_business_days}). The band is the 95% "
        "interval."
    )


#: Months the reach chart shows, the last ones.
MAX_MONTHS = 12
#: Target employers listed in "Where should I look next?".
TOP_TARGETS = 10


def _targets(data: ReviewData) -> dict | None:
    from netwk_analysis.core.facts import TARGET_STATUS_COLOURS

    table = data.targets
    if table is None:
        return None
    top = table.head(TOP_TARGETS)
    status = top["status"].to_numpy(dtype=object)
    columns = {
        "rank": top["rank"].astype("int64").tolist(),
        "employer": top["employer"].fillna("").to_numpy(dtype=object).tolist(),
        "status": status.tolist(),
        "colour": [TARGET_STATUS_COLOURS.get(name) for name in status],  # ten at most
        "next": top["next"].fillna("").to_numpy(dtype=object).tolist(),
        **{
            name: top[name].astype("int64").tolist()
            for name in ("contacts", "asked", "answered", "interviews")
        },
    }
    rows = [
        dict(zip(columns, values, strict=True))
        for values in zip(*columns.values(), strict=True)  # ten rows at most
    ]
    return {"rows": rows, "count": len(table), "shown": len(rows)}


def _settings(data: ReviewData):
    return data.network.settings


# --- sections --------------------------------------------------------------------------------

#: Headline numbers: key in ``review.headline``, label, and whether more is better.
HEADLINE_NUMBERS = (
    ("requests", "requests sent", True),
    ("follow_ups", "follow-ups sent", True),
    ("answers_received", "answers received", True),
    ("interviews", "interviews held", True),
    ("names_received", "names received", True),
    ("leads", "new leads", True),
    ("overdue", "overdue follow-ups", False),
)


def change_text(
    this: float, last: float, *, more_is_better: bool, unit: str = ""
) -> tuple[str, str]:
    """Return the change text (``▲ 4``, ``▼ 1``, ``= 0``) and its CSS class (good/bad/same).

    Examples
    --------
    >>> change_text(6, 2, more_is_better=True), change_text(3, 5, more_is_better=False)
    (('▲ 4', 'good'), ('▼ 2', 'good'))
    >>> change_text(4, 4, more_is_better=True)
    ('= 0', 'same')
    """
    delta = this - last
    if delta == 0:
        return "= 0" + unit, "same"
    good = (delta > 0) == more_is_better
    arrow = "▲" if delta > 0 else "▼"
    return f"{arrow} {abs(delta):,g}{unit}", "good" if good else "bad"


def rate_text(rate: float | None) -> str:
    """``67%``, or ``–`` when nothing was decided."""
    return "–" if rate is None else f"{rate:.0%}"


def decided_text(week: dict) -> str:
    """The counts behind a week's response rate (docs/metrics.md: a request counts once it is
    answered or old enough; younger ones are pending), with its 95% Wilson interval when the
    week carries one.

    Examples
    --------
    >>> decided_text({"requests": 6, "answered": 1, "pending": 5})
    '1 of 1 decided, 5 pending'
    >>> decided_text({"requests": 0, "answered": 0, "pending": 0})
    'no requests'
    >>> decided_text({"requests": 2, "answered": 2, "pending": 0, "response_rate_low": 0.3424,
    ...               "response_rate_high": 1.0})
    '2 of 2 decided; 95% interval 34%–100%'
    """
    decided = week["requests"] - week["pending"]
    if week["requests"] == 0:
        return "no requests"
    text = f"{week['answered']:,} of {decided:,} decided"
    text += f", {week['pending']:,} pending" if week["pending"] else ""
    low, high = week.get("response_rate_low"), week.get("response_rate_high")
    if low is not None and high is not None:  # docs/metrics.md, "Honest small numbers"
        text += f"; 95% interval {low:.0%}–{high:.0%}"
    return text


def _rate_card(this: dict, last: dict) -> dict:
    """The response-rate card: the rate with its counts, and last week's rate with its own."""
    rate, last_rate = this["response_rate"], last["response_rate"]
    if rate is not None and last_rate is not None:
        points = round(rate * 100) - round(last_rate * 100)
        change, tone = change_text(points, 0, more_is_better=True, unit=" pts")
        change = f"{change} from last week ({rate_text(last_rate)}, {decided_text(last)})"
    elif last_rate is not None:
        change, tone = f"last week {rate_text(last_rate)} ({decided_text(last)})", "same"
    else:
        change, tone = f"last week: none decided ({decided_text(last)})", "same"
    return {
        "key": "response_rate",
        "label": "response rate",
        "value": rate_text(rate),
        "detail": decided_text(this),
        "change": change,
        "tone": tone,
        "this": rate,
        "last": last_rate,
    }


def _headline(data: ReviewData) -> dict:
    head = data.headline
    this, last = head["this_week"], head["last_week"]
    cards = []
    for key, label, better in HEADLINE_NUMBERS:
        change, tone = change_text(this[key], last[key], more_is_better=better)
        cards.append(
            {
                "key": key,
                "label": label,
                "value": f"{this[key]:,}",
                "detail": None,
                "change": f"{change} from last week ({last[key]:,})",
                "tone": tone,
                "this": this[key],
                "last": last[key],
            }
        )
    cards.append(_rate_card(this, last))
    target = head.get("weekly_outreach_target")
    sent = this["requests"] + this["follow_ups"]
    return {"cards": cards, "target": target, "sent": sent}


def _due(data: ReviewData) -> dict:
    due = data.due
    kind = due["kind"].to_numpy(dtype=object)
    badges = pd.Series(kind).map(KIND_BADGES).fillna(pd.Series(kind)).to_numpy(dtype=object)
    days = due["due_on"].to_numpy(dtype="datetime64[D]")
    rows = [
        due["contact"].fillna("").to_numpy(dtype=object),
        kind,
        badges,
        days.astype(str).astype(object),
        day_text(due["due_on"], as_of=pd.Timestamp(data.as_of)).to_numpy(dtype=object),
        due["days_overdue"].astype("int64").tolist(),
        due["action"].fillna("").to_numpy(dtype=object),
    ]
    # tuples, unpacked in the template: thousands of rows render without attribute look-ups
    return {
        "rows": list(zip(*(list(column) for column in rows), strict=True)),
        "count": len(due),
        "as_of": format_day(data.as_of),
    }


def _leads(data: ReviewData) -> dict:
    chains = data.chains
    dates = chains["date"].to_numpy(dtype="datetime64[D]")

    def text(name: str) -> list:
        return chains[name].astype("object").fillna("").tolist()

    day = np.where(np.isnat(dates), "undated", dates.astype(str)).astype(object)
    columns = [text("contact"), text("company"), text("role"), text("stage"), list(day)]
    return {
        "rows": list(zip(*columns, text("chain"), strict=True)),
        "count": len(chains),
    }


def _outline(data: ReviewData) -> dict:
    from netwk_analysis.presentation.outline import MAX_OUTLINE_PEOPLE, outline_rows

    rows, more, hidden_trees = outline_rows(data.people)
    rows = rows.assign(stage_label=rows["stage"].map(STAGE_LABELS).fillna(rows["stage"]))
    records = rows.to_dict("records")  # one tree after another, each root first
    roots = rows["root"].to_numpy()
    starts = np.flatnonzero(np.r_[True, roots[1:] != roots[:-1]]).tolist() if len(roots) else []
    ends = [*starts[1:], len(records)]
    trees = [
        {
            "root": records[start]["name"],
            "people": int(records[start]["tree_people"]),
            "leads": int(records[start]["tree_leads"]),
            "shown": end - start,
            "rows": records[start:end],
        }
        for start, end in zip(starts, ends, strict=True)  # one per tree
    ]
    return {
        "trees": trees,
        "total": len(data.people),
        "more": more,
        "hidden_trees": hidden_trees,
        "limit": MAX_OUTLINE_PEOPLE,
    }


#: Cells named in the problems banner before "and N more".
BANNER_CELLS = 5


def _left_out(network: Network) -> tuple[int, list[str]]:
    """Rows left out because of errors (Settings rows fall back to defaults instead), and the
    cells of those errors, in sheet/row order."""
    errors = [p for p in network.errors if p.row is not None and p.sheet != schema.SETTINGS]
    rows = {(p.sheet, p.row) for p in errors}
    cells = list(dict.fromkeys(p.cell for p in errors))
    return len(rows), cells


def problems_line(network: Network) -> str | None:
    """One sentence on the rows left out because of errors, or ``None`` when none were.

    docs/report.md: the page's banner and the first line of the terminal summary.
    """
    rows, cells = _left_out(network)
    if not rows:
        return None
    shown = ", ".join(cells[:BANNER_CELLS])
    more = len(cells) - BANNER_CELLS
    if more > 0:
        shown += f" and {more:,} more"
    plural = "s were" if rows != 1 else " was"
    return (
        f"{rows:,} row{plural} left out because of errors ({shown}): the due list may be "
        f"missing items. Run 'netwk check {workbook_name(network)}' for the list."
    )


def _banner(data: ReviewData) -> dict | None:
    rows, cells = _left_out(data.network)
    if not rows:
        return None
    more = max(len(cells) - BANNER_CELLS, 0)
    return {
        "rows": rows,
        "cells": cells[:BANNER_CELLS],
        "more": more,
        "workbook": workbook_name(data.network),
    }


#: Most problems listed at the bottom of the page; ``netwk check`` lists them all.
MAX_PROBLEMS = 200


def _problems(data: ReviewData) -> dict | None:
    problems = data.network.problems
    if not problems:
        return None
    return {
        "listed": [(p.severity, str(p)) for p in problems[:MAX_PROBLEMS]],
        "count": len(problems),
        "more": max(len(problems) - MAX_PROBLEMS, 0),
        "workbook": workbook_name(data.network),
    }


#: The page, top to bottom. A new section or chart is one entry here (and its template).
PAGE: tuple[Section | Chart, ...] = (
    Section("problems-banner", "sections/banner.html.j2", _banner),
    Section("headline", "sections/headline.html.j2", _headline),
    Section("due-list", "sections/due.html.j2", _due),
    Section("where-next", "sections/targets.html.j2", _targets),
    Chart(
        "outreach",
        "Am I reaching out enough?",
        lambda d: (
            "Requests and follow-ups you sent each week; the dashed line is your target "
            f"of {_settings(d).weekly_outreach_target} a week."
        ),
        3.6,
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
        3.8,
        _draw_response,
        margins=(0.75, 0.75, 0.45, 0.65),
    ),
    Chart(
        "overdue",
        "Am I keeping up with follow-ups?",
        lambda d: (
            "How many follow-ups were overdue at the end of each week, by kind: the "
            "fewer, the better."
        ),
        3.8,
        _draw_overdue,
    ),
    Chart(
        "funnel",
        "How far do people get?",
        lambda d: (
            "How far people got: names received, asked for a meeting, answered, "
            "interviewed, and led to a lead; each bar shows its share of the one above."
        ),
        3.2,
        _draw_funnel,
        margins=(1.3, 0.25, 0.45, 0.6),
    ),
    Chart(
        "latency",
        "How fast do people answer?",
        lambda d: (
            f"Boosters answer within {_settings(d).move_on_business_days} business "
            "days, obligates later, curmudgeons not at all after "
            f"{_settings(d).follow_up_business_days}; below: how long each answer took."
        ),
        7.6,
        _draw_latency,
        panels=2,
        margins=(0.75, 0.25, 0.45, 0.6),
    ),
    Chart(
        "reply_timing",
        "How long do answers take?",
        _reply_timing_text,
        3.6,
        _draw_reply_timing,
    ),
    Chart(
        "referral_yield",
        "Does each interview give me new names?",
        lambda d: (
            "New names each interview gave you (within 14 days of it) against the target "
            f"of {_settings(d).names_per_interview_target}: always ask for two names."
        ),
        3.6,
        _draw_yield,
    ),
    Chart(
        "leads",
        "Where did the leads come from?",
        lambda d: (
            "Each lead is credited to the person you started from (top) and to every "
            "referrer above it in the chain (bottom)."
        ),
        7.4,
        _draw_leads,
        panels=2,
        margins=(2.1, 0.3, 0.45, 0.75),
    ),
    Chart(
        "tree",
        "Who led me to whom?",
        lambda d: (
            "Who gave you whose name, coloured by how far each person got; stars are "
            "leads and thick lines the chains that led to them. The outline below lists "
            "everyone as text."
        ),
        7.0,
        _draw_tree,
        margins=(0.1, 0.1, 0.75, 0.1),
        width=10.0,
    ),
    Section("outline", "sections/outline.html.j2", _outline),
    Chart(
        "reach",
        "Am I reaching beyond the people I knew?",
        lambda d: (
            "Each month: the share of your interviews held with people you did not know "
            "before, and the deepest level of referral reached (level 1 = a name someone "
            "gave you). The method works when most interviews are with strangers."
        ),
        3.4,
        _draw_reach,
    ),
    Chart(
        "employers",
        "Which employers have I covered?",
        lambda d: (
            "Per company: people named, asked, answered and interviewed; ★ marks a "
            "company where someone answered within "
            f"{_settings(d).move_on_business_days} business days (a booster)."
        ),
        5.0,
        _draw_employers,
        margins=(2.1, 0.3, 0.45, 0.8),
    ),
    Section("leads-list", "sections/leads.html.j2", _leads),
    Section("problems", "sections/problems.html.j2", _problems),
)

#: The charts of the page, in page order.
CHARTS: tuple[Chart, ...] = tuple(block for block in PAGE if isinstance(block, Chart))


# --------------------------------------------------------------------------------------------
# Drawing

_SVG_START = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(width|height)="[^"]*"')
_CHART_RC = {
    "svg.fonttype": "none",  # text stays text: readable, selectable, found by Ctrl+F
    "text.parse_math": False,  # a name such as "Cash$ Co $5" is text, never TeX math
    "font.size": 11,
    "font.family": "sans-serif",
    # titles sit on the top edge (no tick labels are drawn there): placing them at y = 1 skips
    # measuring every tick label of every axes to find where the title goes
    "axes.titley": 1.0,
}


@functools.lru_cache(maxsize=4096)
def _text_size(text: str, prop, ismath, fonts: tuple) -> tuple[float, float, float]:
    """Width, height and descent of ``text`` in the font ``prop`` (found in ``fonts``) as the
    SVG renderer measures it; ``fonts`` is part of the key so that a change of fonts (rcParams)
    is never answered from the cache."""
    from matplotlib.textpath import text_to_path

    return text_to_path.get_text_width_height_descent(text, prop, ismath)


@functools.lru_cache(maxsize=256)
def _font_heights(prop, fonts: tuple) -> tuple[float, float, float]:
    """Ascent, descent and line gap of the font ``prop`` (found in ``fonts``) at 72 dpi, read
    from its OS/2 (else hhea) table as matplotlib's text layout reads them for every text."""
    from matplotlib.font_manager import get_font

    font = get_font(list(fonts))
    for table_name, gap, ascent, descent in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        # the same expression as matplotlib's, with the SVG canvas's 72 dpi: the same floats
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * 72 / 72
        return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


@functools.cache
def _svg_canvas():
    """The canvas class ``chart_svg`` saves with: matplotlib's SVG canvas, whose renderer
    measures each text once per process instead of once per file, and reads each font's
    heights once instead of once per text.

    Measuring a text (shaping it with FreeType) and reading its font's tables are a good part
    of drawing a chart, and the charts share most of their texts (tick labels, axis labels);
    matplotlib's own cache of text sizes lives only as long as one renderer, that is one file.
    """
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
    from matplotlib.font_manager import fontManager

    class Renderer(RendererSVG):
        def get_text_width_height_descent(self, s, prop, ismath):
            if ismath == "TeX":  # sizes from TeX depend on its own settings: not cached
                return super().get_text_width_height_descent(s, prop, ismath)
            fonts = tuple(fontManager._find_fonts_by_props(prop))
            return _text_size(s, prop.copy(), ismath, fonts)

        def _get_font_height_metrics(self, prop):
            # asked by matplotlib >= 3.11 for every text laid out; an SVG is drawn at 72 dpi.
            # Fonts are looked up once per renderer and font (rcParams do not change while
            # one file is drawn); a FontProperties is known by its hash, as matplotlib does.
            known = self.__dict__.setdefault("_font_heights", {})
            key = hash(prop)
            if key not in known:
                fonts = tuple(fontManager._find_fonts_by_props(prop))
                known[key] = _font_heights(prop.copy(), fonts)
            return known[key]

    class Canvas(FigureCanvasSVG):
        def print_svg(self, filename, *, metadata=None, **_ignored):
            # FigureCanvasSVG.print_svg, writing to a text buffer, with the renderer above and
            # without the MixedModeRenderer around it: that one only serves rasterized artists,
            # which the charts have none of, and it relays every call the drawing makes. The
            # figure's colours reach the renderer through the figure (print_figure passes them
            # too, and no bbox_inches: the charts have fixed margins).
            dpi = self.figure.dpi
            self.figure.dpi = 72
            width, height = self.figure.get_size_inches()
            renderer = Renderer(
                width * 72, height * 72, filename, image_dpi=dpi, metadata=metadata
            )
            self.figure.draw(renderer)
            renderer.finalize()

    return Canvas


def chart_svg(chart: Chart, data: ReviewData) -> str:
    """Draw one chart once, on a bare ``Figure`` with fixed margins, and return its SVG file.

    No pyplot state is touched (a notebook's backend and figures are left alone) and no layout
    engine runs: the margins of ``chart`` are fixed. The SVG keeps its text as text
    (``svg.fonttype: none``), and its ids are salted with the chart's name so that several
    charts can share one page (``inline_svg``).
    """
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({**_CHART_RC, "svg.hashsalt": f"netwk-{chart.name}"}):
        figure = Figure(figsize=(chart.width, chart.height))
        _svg_canvas()(figure)
        left, right, top, bottom = chart.margins
        figure.subplots_adjust(
            left=left / chart.width,
            right=1 - right / chart.width,
            top=1 - top / chart.height,
            bottom=bottom / chart.height,
            hspace=0.55,
        )
        axes = figure.subplots(chart.panels, 1, squeeze=False)
        chart.draw(data, list(axes.ravel()))
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


_ID_USE = re.compile(r'(\sid="|url\(#|href="#)')


def inline_svg(document: str, *, label: str, prefix: str) -> str:
    """The ``<svg>`` element of an SVG file, to place in the page: no XML prolog, no fixed
    size (the page scales it to its width), a role and a label for screen readers, and every
    id (and every reference to one) prefixed, so that several charts share one page.

    Examples
    --------
    >>> svg = inline_svg('<?xml version="1.0"?><svg width="10pt" height="5pt" viewBox="0 0 10 5">'
    ...                  '<g id="a" clip-path="url(#c)"/></svg>', label="A & B", prefix="x")
    >>> svg.startswith('<svg role="img" aria-label="A &amp; B" class="chart" viewBox=')
    True
    >>> 'id="x-a" clip-path="url(#x-c)"' in svg
    True
    """
    from markupsafe import escape

    start = _SVG_START.search(document)
    tag = _SIZE.sub("", start.group(0)).replace(
        "<svg", f'<svg role="img" aria-label="{escape(label)}" class="chart"', 1
    )
    template = "\\g<1>" + prefix.replace("\\", "\\\\") + "-"  # no callback per id
    body = _ID_USE.sub(template, document[start.end() :])
    return tag + body.strip()


# --------------------------------------------------------------------------------------------
# HTML


_OPTIONS = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


def _make_environment(bytecode_cache=None):
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("netwk_analysis.presentation", "templates"),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode_cache,
        **_OPTIONS,
    )


@functools.cache
def _environment():
    """The page's Jinja2 environment. Its templates, once compiled, are kept in Jinja2's own
    bytecode cache (``FileSystemBytecodeCache``: a folder of this user's in the temporary
    directory, written atomically, keyed by the template's text) so that the next report does
    not parse and compile them again (docs/report.md, "Speed")."""
    import jinja2

    return _make_environment(jinja2.FileSystemBytecodeCache())


def render_html(data: ReviewData, svgs: dict[str, str], *, generated: dt.datetime) -> str:
    """Return the self-contained HTML page of the review.

    Parameters
    ----------
    data : ReviewData
    svgs : dict
        The SVG file of each chart (``chart_svg``) by name; a chart missing here is left out.
    generated : datetime
        When the page was made (shown in the header).

    Returns
    -------
    str
    """
    from markupsafe import Markup

    environment = _environment()
    css, _, _ = environment.loader.get_source(environment, "page.css")
    sections = []
    for block in PAGE:
        if isinstance(block, Chart) and block.name not in svgs:
            continue
        context = block.context(data)
        if context is None:
            continue
        if isinstance(block, Chart):
            # matplotlib escapes every text it writes into the SVG
            svg = inline_svg(svgs[block.name], label=block.heading, prefix=block.name)
            context = {**context, "svg": Markup(svg)}
        sections.append((block, context))
    head = data.headline
    return environment.get_template("page.html.j2").render(
        title=f"Weekly networking review — week of {format_day(head['week'])}",
        workbook=workbook_name(data.network),
        as_of=format_day(data.as_of),
        generated=f"{generated:%Y-%m-%d %H:%M}",
        css=Markup(css),
        kind_colours=KIND_COLOURS,
        sections=sections,
    )
