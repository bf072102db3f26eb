"""Charts of the weekly review: each takes a frame from the analyses and draws on one Axes.

Every function follows the house style (matplotlib's "coding styles", seaborn's ``categorical``):
data first, options keyword-only, ``if ax is None: ax = plt.gca()``, a title and axis labels with
units, and the Axes returned. Nothing here shows, saves or lays out a figure: the caller does
(``plt.subplots(layout="constrained")``), so the same functions serve the report and the
notebooks. Empty data draws an empty, labelled chart ("no requests yet"), never an error.

One colour-blind-safe style throughout: the Okabe-Ito palette, with each kind of follow-up, each
answer class and each series always drawn in the same colour (``KIND_COLOURS``,
``CLASS_COLOURS``, ``SERIES_COLOURS``). Weeks read as dates (``ConciseDateFormatter``) and count
axes show whole numbers only (``MaxNLocator(integer=True)``), however many weeks there are.
"""

from __future__ import annotations

import itertools

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba_array
from matplotlib.container import BarContainer
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator, PercentFormatter, StrMethodFormatter

from netwk_analysis.core.facts import (
    BLACK,
    BLUE,
    CLASS_COLOURS,
    CLASSES,
    GREY,
    KIND_BADGES,
    KIND_COLOURS,
    KINDS,
    OKABE_ITO,
    STAGE_COLOURS,
    YELLOW,
)
from netwk_analysis.presentation.tree_plot import plot_referral_forest, plot_referral_tree

__all__ = [
    "SERIES_COLOURS",
    "plot_employers",
    "plot_funnel",
    "plot_latency",
    "plot_latency_histogram",
    "plot_leads_by_referrer",
    "plot_leads_by_root",
    "plot_outreach",
    "plot_overdue",
    "plot_reach",
    "plot_referral_forest",
    "plot_referral_tree",
    "plot_referral_yield",
    "plot_reply_timing",
    "plot_response_rate",
]

#: Colours of the other series, fixed so a reader learns them once: the stages a person goes
#: through (named, asked, answered, interviewed, lead) keep the referral tree's colours.
SERIES_COLOURS = {
    "requests": STAGE_COLOURS["asked"],
    "follow_ups": KIND_COLOURS["follow_up"],
    "answered": STAGE_COLOURS["answered"],
    "no_answer": CLASS_COLOURS["curmudgeon"],
    "pending": GREY,
    "rate": BLACK,
    "target": BLACK,
    "average": BLUE,
    "contacts": STAGE_COLOURS["named"],
    "asked": STAGE_COLOURS["asked"],
    "answers": STAGE_COLOURS["answered"],
    "interviews": STAGE_COLOURS["interviewed"],
    "leads": STAGE_COLOURS["lead"],
}

_BAR_DAYS = 5  # width of a weekly bar, in days, so neighbouring weeks stay apart
_MAX_LABEL = 28  # longest name shown on a bar chart axis before it is shortened
#: Most steps between the ticks of a count axis: few enough that the labels stay apart on a
#: phone (each tick is drawn, and costs, once per chart).
COUNT_TICKS = 6
#: The steps a count axis's ticks go by (times a power of ten): 1, 2, 5, 10, 20, 50, ...
TICK_STEPS = (1, 2, 5, 10)
#: The latency histogram's last bar holds every answer after this many business days.
LATENCY_BINS = 30


# --------------------------------------------------------------------------------------------
# Shared helpers


def _axes(ax: Axes | None) -> Axes:
    """Return ``ax``, or the current Axes (created if needed) as matplotlib's pyplot does.

    pyplot is imported only here: the report draws on bare figures and never pays for it."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.gca()


def _target_line(ax: Axes, target: float, label: str) -> None:
    """The dashed horizontal line of a target, in the target colour, with its legend label."""
    ax.axhline(target, color=SERIES_COLOURS["target"], linestyle="--", linewidth=1.5, label=label)


def _label(ax: Axes, title: str, xlabel: str, ylabel: str) -> None:
    """Set the title and axis labels, and give the chart its quiet common look."""
    ax.set_title(title, loc="left", fontsize="large", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _empty(ax: Axes, message: str) -> Axes:
    """Write ``message`` in the middle of an otherwise empty chart and return ``ax``."""
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=GREY,
        fontsize="large",
        fontstyle="italic",
    )
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


#: Keyword arguments only ``Axes.bar`` understands (not properties of a bar): ``_bars`` hands
#: a call with any of them to ``Axes.bar`` itself.
_BAR_ONLY = frozenset(
    {"align", "capsize", "data", "ecolor", "error_kw", "log", "tick_label", "xerr", "yerr"}
)


def _bars(
    ax: Axes,
    at,
    length,
    *,
    thickness: float,
    start=0.0,
    horizontal: bool = False,
    label: str = "",
    color=None,
    edgecolor=None,
    **style,
) -> BarContainer:
    """Draw bars as ``ax.bar(at, length, thickness, bottom=start)`` does (``ax.barh(at, length,
    thickness, left=start)`` when ``horizontal``) and return their ``BarContainer``.

    The same ``Rectangle`` patches (in ``ax.patches``, centred on ``at``; ``color`` and
    ``edgecolor`` one colour or one per bar, any other patch property in ``style``), the same
    container (its ``label`` is the legend entry), data limits and picture; only the data
    limits are updated once for all the bars instead of once per bar, which is most of what
    ``Axes.bar`` costs (a weekly chart draws a few hundred bars).
    """
    if style.keys() & _BAR_ONLY or color is None:
        draw = ax.barh if horizontal else ax.bar
        where = "left" if horizontal else "bottom"
        extent = "height" if horizontal else "width"
        return draw(
            at,
            length,
            **{extent: thickness, where: start},
            color=color,
            edgecolor=edgecolor,
            label=label,
            **style,
        )
    at, length, start = np.broadcast_arrays(np.asarray(at, dtype=float), length, start)
    low = at - thickness / 2
    # colours as RGBA tuples, cycled (Axes.bar's rows of an array, as tuples: matplotlib
    # converts a tuple once and remembers it, an array for every bar)
    faces = itertools.cycle([tuple(rgba) for rgba in to_rgba_array(color).tolist()])
    edges = (
        itertools.repeat(None)
        if edgecolor is None
        else itertools.cycle([tuple(rgba) for rgba in to_rgba_array(edgecolor).tolist()])
    )
    style["label"] = "_nolegend_"  # each bar; the container carries the legend entry
    patches = []
    for side, size, base, face, edge in zip(low, length, start, faces, edges, strict=False):
        style.update(facecolor=face, edgecolor=edge)
        if horizontal:
            bar = Rectangle((base, side), size, thickness, **style)
            bar.sticky_edges.x.append(base)
        else:
            bar = Rectangle((side, base), thickness, size, **style)
            bar.sticky_edges.y.append(base)
        patches.append(ax.add_artist(bar))
        _count_in_limits(bar)
    across, along = [low, low + thickness], [start, start + length]
    corners = np.column_stack([np.concatenate(along), np.concatenate(across)])
    ax.update_datalim(corners if horizontal else corners[:, ::-1])
    ax.autoscale_view()
    orientation = "horizontal" if horizontal else "vertical"
    return ax.add_container(
        BarContainer(patches, None, datavalues=length, orientation=orientation, label=label)
    )


def _count_in_limits(patch) -> None:
    """Mark a patch added by ``add_artist`` as ``Axes.add_patch`` marks one, so that
    ``Axes.relim`` counts it (matplotlib 3.10 and later; earlier versions count every patch)."""
    mark = getattr(patch, "_set_in_autoscale", None)
    if mark is not None:
        mark(True)


class _CountLocator(MaxNLocator):
    """Whole-number ticks at most ``COUNT_TICKS`` steps apart, going by ``TICK_STEPS``, and
    only those inside the axis's limits.

    ``MaxNLocator`` also gives a tick just beyond each limit, which matplotlib builds, labels
    and then leaves out; here it is left out first (with matplotlib's own tolerance, so a tick
    on a limit is kept).
    """

    def __init__(self):
        super().__init__(nbins=COUNT_TICKS, steps=TICK_STEPS, integer=True)

    def __call__(self):
        ticks = np.asarray(super().__call__())
        low, high = sorted(self.axis.get_view_interval())
        slack = (high - low) * 1e-10  # as matplotlib.transforms._interval_contains_close
        return ticks[(ticks >= low - slack) & (ticks <= high + slack)]


def _counts_axis(axis) -> None:
    """Make a count axis show whole numbers only, with thousands separators (``12,000``), at
    most ``COUNT_TICKS`` steps apart (``_CountLocator``)."""
    axis.set_major_locator(_CountLocator())
    axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _days(values: pd.Series) -> np.ndarray:
    """Return matplotlib date numbers (days) for a datetime column."""
    return mdates.date2num(pd.to_datetime(values).to_numpy(dtype="datetime64[ns]"))


def _date_axis(ax: Axes, start: pd.Timestamp, end: pd.Timestamp) -> None:
    """Show dates on the x axis between ``start`` and ``end`` with a readable number of ticks.

    Up to about four months each tick is a week start (at most seven of them, so the labels
    stay apart on a chart a phone shows); beyond that matplotlib picks months or quarters, so
    a year of weeks stays legible.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    weeks = (end - start).days // 7 + 1
    if weeks <= 18:
        locator = mdates.WeekdayLocator(byweekday=start.day_of_week, interval=-(-weeks // 7))
    else:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=8)
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%Y", "%b", "%d %b", "%H:%M", "%H:%M"],
        offset_formats=["", "%Y", "%Y", "%Y", "%Y", "%Y"],
    )
    ax.xaxis_date()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    pad = pd.Timedelta(days=4)
    ax.set_xlim(mdates.date2num(start - pad), mdates.date2num(end + pad))


def _short(name: object) -> str:
    """Shorten a long name for an axis label.

    Examples
    --------
    >>> _short("Ada Lindqvist"), _short("A" * 40)[-3:]
    ('Ada Lindqvist', 'AA…')
    """
    text = str(name)
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"


def _number(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Return a numeric column as floats, missing values as 0."""
    return pd.to_numeric(frame[column], errors="coerce").fillna(0).to_numpy(dtype=float)


def _class_names(outcomes: pd.DataFrame) -> pd.Series:
    """Return the answer class of each request with ``pending`` for a missing class."""
    return outcomes["class"].astype("object").where(outcomes["class"].notna(), "pending")


# --------------------------------------------------------------------------------------------
# Outreach and answers


def plot_outreach(
    weekly: pd.DataFrame, *, target: float | None = None, ax: Axes | None = None, **kwargs
) -> Axes:
    """Draw outreach per week: requests and follow-ups as stacked bars, against a target line.

    docs/metrics.md: "Outreach volume of a week: outbound ``request`` + ``follow_up`` interactions
    dated
    in that week, split by type."

    Parameters
    ----------
    weekly : DataFrame
        ``metrics.weekly_outreach``: ``week`` (first day), ``requests``, ``follow_ups``.
    target : number, optional
        ``weekly_outreach_target``, drawn as a dashed line.
    ax : Axes, optional
        Where to draw (default: the current Axes).
    **kwargs
        Passed to both ``Axes.bar`` calls (for example ``alpha``).

    Returns
    -------
    Axes

    Examples
    --------
    >>> weekly = pd.DataFrame({"week": pd.to_datetime(["2026-11-16", "2026-11-23"]),
    ...                        "requests": [4, 6], "follow_ups": [1, 2]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(plot_outreach(weekly, target=5, ax=ax).patches)
    4
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(ax, "Outreach per week", "week starting", "messages sent (count)")
    if weekly.empty:
        return _empty(ax, "no requests yet")
    x = _days(weekly["week"])
    requests, follow_ups = _number(weekly, "requests"), _number(weekly, "follow_ups")
    _bars(
        ax,
        x,
        requests,
        thickness=_BAR_DAYS,
        color=SERIES_COLOURS["requests"],
        label="requests",
        **kwargs,
    )
    _bars(
        ax,
        x,
        follow_ups,
        thickness=_BAR_DAYS,
        start=requests,
        color=SERIES_COLOURS["follow_ups"],
        label="follow-ups",
        **kwargs,
    )
    if target is not None:
        _target_line(ax, target, f"target: {target:g} a week")
    _date_axis(ax, weekly["week"].min(), weekly["week"].max())
    _counts_axis(ax.yaxis)
    ax.set_ylim(0, max(float((requests + follow_ups).max()), float(target or 0), 1) * 1.15)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", frameon=False, ncols=3)
    if (requests + follow_ups).sum() == 0:
        ax.text(
            0.5,
            0.5,
            "no requests yet",
            transform=ax.transAxes,
            ha="center",
            color=GREY,
            fontstyle="italic",
        )
    return ax


def plot_response_rate(weekly: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Draw each request week's requests split answered / no answer / pending, and the rate.

    docs/metrics.md: "Response rate of a request week: answered ÷ counted requests, where a
    request counts
    once it is answered or at least ``follow_up_business_days`` old as of the as-of date; younger
    unanswered requests are *pending* and shown apart (never as 'no answer')."

    The bars (left axis) stack answered, no answer and pending requests of the week; the black
    line (right axis, a twin Axes) is the response rate in percent, with gaps where nothing
    counted yet.

    Parameters
    ----------
    weekly : DataFrame
        ``metrics.weekly_outreach``: ``week``, ``requests``, ``answered``, ``pending``,
        ``response_rate`` (0-1, NA where nothing counted) and, when present,
        ``response_rate_low``/``response_rate_high``: its 95% Wilson interval, drawn as error
        bars (small weeks show how little one week's rate says).
    ax : Axes, optional

    Returns
    -------
    Axes
        The Axes of the bars (the rate's twin Axes shares its x axis).

    Examples
    --------
    >>> weekly = pd.DataFrame({"week": pd.to_datetime(["2026-11-16", "2026-11-23"]),
    ...     "requests": [4, 6], "answered": [3, 1], "pending": [0, 4],
    ...     "response_rate": [0.75, 0.5]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(plot_response_rate(weekly, ax=ax).patches)
    6
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(ax, "Answers by week of the request", "week the request was sent", "requests (count)")
    if weekly.empty or _number(weekly, "requests").sum() == 0:
        return _empty(ax, "no requests yet")
    x = _days(weekly["week"])
    answered, pending = _number(weekly, "answered"), _number(weekly, "pending")
    no_answer = np.clip(_number(weekly, "requests") - answered - pending, 0, None)
    bottom = np.zeros(len(weekly))
    for values, key, label, hatch in (
        (answered, "answered", "answered", None),
        (no_answer, "no_answer", "no answer", None),
        (pending, "pending", "pending (too recent to judge)", "//"),
    ):
        _bars(
            ax,
            x,
            values,
            thickness=_BAR_DAYS,
            start=bottom,
            color=SERIES_COLOURS[key],
            label=label,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.5,
        )
        bottom = bottom + values
    _date_axis(ax, weekly["week"].min(), weekly["week"].max())
    _counts_axis(ax.yaxis)
    ax.set_ylim(0, max(float(bottom.max()), 1) * 1.45)
    rate_ax = ax.twinx()
    rate = pd.to_numeric(weekly["response_rate"], errors="coerce").to_numpy(dtype=float) * 100
    rate_ax.plot(
        x, rate, color=SERIES_COLOURS["rate"], marker="o", linewidth=1.5, label="response rate"
    )
    if {"response_rate_low", "response_rate_high"} <= set(weekly.columns):
        low = pd.to_numeric(weekly["response_rate_low"], errors="coerce").to_numpy(float) * 100
        high = pd.to_numeric(weekly["response_rate_high"], errors="coerce").to_numpy(float) * 100
        shown = ~np.isnan(rate)
        rate_ax.errorbar(
            x[shown],
            rate[shown],
            yerr=[rate[shown] - low[shown], high[shown] - rate[shown]],
            fmt="none",
            ecolor=SERIES_COLOURS["rate"],
            elinewidth=1,
            capsize=3,
            alpha=0.6,
            label="95% interval (Wilson)",
        )
    rate_ax.set_ylim(0, 145)  # the headroom above 100% keeps the legend clear of the line
    rate_ax.set_yticks([0, 25, 50, 75, 100])
    rate_ax.set_ylabel("response rate (%)")
    rate_ax.yaxis.set_major_formatter(PercentFormatter())
    rate_ax.spines["top"].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    rate_handles, rate_labels = rate_ax.get_legend_handles_labels()
    ax.legend(
        handles + rate_handles,
        labels + rate_labels,
        loc="upper left",
        frameon=False,
        ncols=2,
        fontsize="small",
    )
    return ax


def plot_overdue(overdue: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Draw the number of overdue follow-ups at each week's end, stacked by kind.

    docs/metrics.md: "Overdue over time: the number of overdue items as of each week's end, so a
    weekly
    chart shows the trend."

    Parameters
    ----------
    overdue : DataFrame
        ``followups.overdue_by_week``: ``week`` and one count column per kind
        (``thank_you``, ``move_on``, ``follow_up``, ``check_in``, ``first_contact``).
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> overdue = pd.DataFrame({"week": pd.to_datetime(["2026-11-16", "2026-11-23"]),
    ...     "thank_you": [0, 1], "move_on": [2, 0], "follow_up": [1, 1], "check_in": [0, 0],
    ...     "first_contact": [0, 3]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(plot_overdue(overdue, ax=ax).patches)
    10
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(
        ax, "Overdue follow-ups at the end of each week", "week starting", "items overdue (count)"
    )
    if overdue.empty:
        return _empty(ax, "nothing overdue yet")
    x = _days(overdue["week"])
    bottom = np.zeros(len(overdue))
    for kind in KINDS:
        values = _number(overdue, kind) if kind in overdue else np.zeros(len(overdue))
        _bars(
            ax,
            x,
            values,
            thickness=_BAR_DAYS,
            start=bottom,
            color=KIND_COLOURS[kind],
            label=KIND_BADGES[kind],  # the due list's badge words: short enough for a phone
            edgecolor="white",
            linewidth=0.5,
        )
        bottom = bottom + values
    _date_axis(ax, overdue["week"].min(), overdue["week"].max())
    _counts_axis(ax.yaxis)
    ax.set_ylim(0, max(float(bottom.max()), 1) * 1.45)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", frameon=False, ncols=3, fontsize="small")
    if bottom.sum() == 0:
        ax.text(
            0.5,
            0.5,
            "nothing overdue: well done",
            transform=ax.transAxes,
            ha="center",
            color=GREY,
            fontstyle="italic",
        )
    return ax


def plot_funnel(funnel: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Draw the funnel named → asked → answered → interviewed → lead as horizontal bars.

    Each bar is labelled with its count and the share of the stage before it.

    Parameters
    ----------
    funnel : DataFrame
        ``metrics.funnel``: ``stage``, ``people``, first stage first.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> funnel = pd.DataFrame({"stage": ["named", "asked", "answered", "interviewed", "lead"],
    ...                        "people": [60, 50, 30, 18, 3]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(plot_funnel(funnel, ax=ax).patches)
    5
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(ax, "From names to leads", "people (count)", "stage")
    people = _number(funnel, "people") if not funnel.empty else np.zeros(0)
    if people.sum() == 0:
        return _empty(ax, "no contacts yet")
    y = np.arange(len(funnel))
    colours = [STAGE_COLOURS.get(str(stage), BLUE) for stage in funnel["stage"]]
    _bars(ax, y, people, thickness=0.6, horizontal=True, color=colours)
    ax.set_yticks(y, [str(stage) for stage in funnel["stage"]])
    ax.invert_yaxis()
    previous = np.concatenate([[np.nan], people[:-1]])
    for row, (count, before) in enumerate(zip(people, previous, strict=True)):
        text = f"{count:,.0f}"
        if before > 0:
            text += f"  ({count / before:.0%} of previous)"
        ax.text(count, row, "  " + text, va="center", ha="left", fontsize="small")
    _counts_axis(ax.xaxis)
    ax.set_xlim(0, people.max() * 1.45)
    ax.grid(axis="x", alpha=0.3)
    return ax


def plot_latency(
    outcomes: pd.DataFrame,
    *,
    move_on_days: int = 3,
    follow_up_days: int = 7,
    ax: Axes | None = None,
) -> Axes:
    """Draw how many people asked are boosters, obligates, curmudgeons, or still pending.

    docs/metrics.md: "Latency: business days from request to answer. Answered within
    ``move_on_business_days`` = *booster*; answered later = *obligate*; never answered after
    ``follow_up_business_days`` = *curmudgeon*."

    Parameters
    ----------
    outcomes : DataFrame
        ``metrics.request_outcomes``: one row per contact asked, ``class`` (None = pending).
    move_on_days, follow_up_days : int
        The settings, shown in the category labels.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> outcomes = pd.DataFrame({"contact": list("abcde"),
    ...     "class": ["booster", "booster", "obligate", None, "curmudgeon"]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> [int(p.get_height()) for p in plot_latency(outcomes, ax=ax).patches]
    [2, 1, 1, 1]
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(ax, "Who answers, how fast", "answer class", "people asked (count)")
    if outcomes.empty:
        return _empty(ax, "no requests yet")
    counts = _class_names(outcomes).value_counts().reindex(CLASSES, fill_value=0)
    labels = {
        "booster": f"booster\n(answered within {move_on_days}\nbusiness days)",
        "obligate": "obligate\n(answered later)",
        "curmudgeon": f"curmudgeon\n(no answer after {follow_up_days}\nbusiness days)",
        "pending": "pending\n(asked recently,\nno answer yet)",
    }
    x = np.arange(len(CLASSES))
    bars = _bars(
        ax, x, counts.to_numpy(), thickness=0.6, color=[CLASS_COLOURS[c] for c in CLASSES]
    )
    total = counts.sum()
    ax.bar_label(
        bars, labels=[f"{n:,} ({n / total:.0%})" for n in counts], padding=2, fontsize="small"
    )
    ax.set_xticks(x, [labels[c] for c in CLASSES], fontsize="small")
    _counts_axis(ax.yaxis)
    ax.set_ylim(0, max(int(counts.max()), 1) * 1.2)
    ax.grid(axis="y", alpha=0.3)
    return ax


def plot_latency_histogram(
    outcomes: pd.DataFrame, *, move_on_days: int = 3, ax: Axes | None = None
) -> Axes:
    """Draw a histogram of business days from request to answer, boosters and obligates stacked.

    One bar per whole number of business days up to ``LATENCY_BINS``; answers that took longer
    share the last bar, marked "30+" (so a year-old answer does not draw 250 bars). The dashed
    line marks the booster limit (``move_on_business_days``).

    Parameters
    ----------
    outcomes : DataFrame
        ``metrics.request_outcomes``: ``latency_business_days`` (NA when unanswered), ``class``.
    move_on_days : int
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> outcomes = pd.DataFrame({"latency_business_days": [0, 1, 1, 5, None],
    ...     "class": ["booster", "booster", "booster", "obligate", None]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> int(sum(p.get_height() for p in plot_latency_histogram(outcomes, ax=ax).patches))
    4
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(
        ax,
        "How long answers take",
        "business days from request to answer (days)",
        "answers (count)",
    )
    latency = pd.to_numeric(
        outcomes.get("latency_business_days", pd.Series(dtype=float)), errors="coerce"
    )
    answered = latency.notna()
    if not answered.any():
        return _empty(ax, "no answers yet")
    days = latency[answered].astype(int)
    late = days > LATENCY_BINS  # one bar for every answer that took longer
    days = days.clip(upper=LATENCY_BINS)
    classes = _class_names(outcomes)[answered]
    bins = np.arange(0, int(days.max()) + 1)
    bottom = np.zeros(len(bins))
    for name in ("booster", "obligate"):
        heights = days[classes == name].value_counts().reindex(bins, fill_value=0).to_numpy()
        _bars(
            ax, bins, heights, thickness=0.8, start=bottom, color=CLASS_COLOURS[name], label=name
        )
        bottom = bottom + heights
    if late.any():
        ax.text(
            LATENCY_BINS,
            bottom[-1],
            f"{LATENCY_BINS}+",
            ha="center",
            va="bottom",
            fontsize="small",
        )
    ax.axvline(
        move_on_days + 0.5,
        color=BLACK,
        linestyle="--",
        linewidth=1,
        label=f"booster limit ({move_on_days} business days)",
    )
    _counts_axis(ax.xaxis)
    _counts_axis(ax.yaxis)
    ax.set_ylim(0, max(float(bottom.max()), 1) * 1.5)  # room for the legend
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper right", frameon=False, fontsize="small")
    return ax


# --------------------------------------------------------------------------------------------
# Referrals and leads


def plot_referral_yield(
    yields: pd.DataFrame, *, target: float | None = 2, ax: Axes | None = None
) -> Axes:
    """Draw the names received per interview, over time, against the target.

    docs/metrics.md: "Referral yield of an interview: contacts whose ``referred_by`` is that
    person and
    whose ``added_on`` is from the interview day to 14 days after it. Target:
    ``names_per_interview_target``."

    Each interview is a dot (interviews of one day with the same yield share a dot, whose area
    grows with their number); the solid line is the average per interview over the last four
    weeks; the dashed line is the target.

    Parameters
    ----------
    yields : DataFrame
        ``metrics.referral_yield``: ``contact``, ``date`` (of the interview), ``referral_yield``.
    target : number, optional
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> yields = pd.DataFrame({"contact": ["a", "b", "c"],
    ...     "date": pd.to_datetime(["2026-11-02", "2026-11-10", "2026-11-12"]),
    ...     "referral_yield": [2, 0, 3]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(plot_referral_yield(yields, ax=ax).collections[0].get_offsets())
    3
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(ax, "Names received per interview", "interview date", "names received (count)")
    if yields.empty:
        return _empty(ax, "no interviews yet")
    dates = pd.to_datetime(yields["date"])
    names = _number(yields, "referral_yield")
    # Interviews of one day with the same yield share one dot, larger the more there are: the
    # picture (and its SVG) stays the same size whether there are 40 interviews or 40,000.
    dots = (
        pd.DataFrame({"date": dates.to_numpy(), "names": names})
        .groupby(["date", "names"], sort=False)
        .size()
        .reset_index(name="interviews")
    )
    ax.scatter(
        _days(dots["date"]),
        dots["names"].to_numpy(),
        s=36 * np.sqrt(dots["interviews"].to_numpy()),
        color=SERIES_COLOURS["interviews"],
        alpha=0.6,
        edgecolors="none",
        label="interviews of a day",
    )
    week = dates.dt.to_period("W").dt.start_time.to_numpy()
    per_week = pd.DataFrame({"names": names, "interviews": 1}, index=week).groupby(level=0).sum()
    per_week = per_week.asfreq("7D", fill_value=0).rolling(4, min_periods=1).sum()
    average = per_week["names"] / per_week["interviews"].where(per_week["interviews"] > 0)
    average = average.reindex(np.unique(week))  # only the weeks that had an interview
    if len(average) > 1:
        ax.plot(
            _days(pd.Series(average.index) + pd.Timedelta(days=3)),  # mid-week
            average.to_numpy(),
            marker=".",
            color=SERIES_COLOURS["average"],
            linewidth=1.5,
            label="average of the last 4 weeks",
        )
    if target is not None:
        _target_line(ax, target, f"target: {target:g} names")
    _date_axis(ax, dates.min(), dates.max())
    _counts_axis(ax.yaxis)
    ax.set_ylim(-0.3, max(float(names.max()), float(target or 0), 1) * 1.3)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", frameon=False, ncols=2, fontsize="small")
    return ax


def _top_bars(
    ax: Axes, names: pd.Series, values: np.ndarray, *, top: int, colour: str, total_label: str
) -> Axes:
    """Draw the ``top`` largest positive ``values`` as labelled horizontal bars, largest first."""
    frame = pd.DataFrame({"name": names.astype("object").to_numpy(), "value": values})
    frame = frame[frame["value"] > 0].sort_values(["value", "name"], ascending=[False, True])
    shown = frame.head(top)
    y = np.arange(len(shown))
    bars = _bars(ax, y, shown["value"].to_numpy(), thickness=0.6, horizontal=True, color=colour)
    ax.bar_label(bars, labels=[f"{v:,.0f}" for v in shown["value"]], padding=3, fontsize="small")
    ax.set_yticks(y, [_short(name) for name in shown["name"]])
    ax.set_ylim(max(len(shown), 5) - 0.5, -0.5)  # largest on top; a few bars stay slim
    _counts_axis(ax.xaxis)
    ax.set_xlim(0, float(shown["value"].max()) * 1.15)
    ax.grid(axis="x", alpha=0.3)
    if len(frame) > top:  # said under the axis: a narrow panel has no room beside the title
        ax.set_xlabel(f"{ax.get_xlabel()}\ntop {top} of {len(frame):,} {total_label}")
    return ax


def plot_leads_by_root(roots: pd.DataFrame, *, top: int = 10, ax: Axes | None = None) -> Axes:
    """Draw the leads each root's referral tree produced (the top ``top`` roots).

    docs/metrics.md: "Lead attribution: each lead credits its contact and every ancestor on the
    referral
    chain up to the root."

    Parameters
    ----------
    roots : DataFrame
        ``referrals.tree_tables(...)["roots"]``: ``name``, ``contacts``, ``leads``.
    top : int, default 10
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> roots = pd.DataFrame({"name": ["Ada", "Bram", "Cato"], "contacts": [9, 4, 1],
    ...                       "leads": [2, 0, 1]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(plot_leads_by_root(roots, ax=ax).patches)
    2
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(
        ax,
        "Leads by starting contact",
        "leads in their referral tree (count)",
        "starting contact (root)",
    )
    values = _number(roots, "leads") if not roots.empty else np.zeros(0)
    if not (values > 0).any():
        return _empty(ax, "no leads yet")
    return _top_bars(
        ax,
        roots["name"],
        values,
        top=top,
        colour=SERIES_COLOURS["leads"],
        total_label="roots with leads",
    )


def plot_leads_by_referrer(
    referrers: pd.DataFrame, *, top: int = 10, ax: Axes | None = None
) -> Axes:
    """Draw the leads found below each referrer (the top ``top`` referrers).

    docs/metrics.md: "leads downstream (leads of contacts strictly below the referrer)."

    Parameters
    ----------
    referrers : DataFrame
        ``referrals.tree_tables(...)["referrers"]``: ``name``, ``leads_downstream``, ...
    top : int, default 10
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> referrers = pd.DataFrame({"name": ["Ada", "Bram"], "leads_downstream": [3, 1]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(plot_leads_by_referrer(referrers, ax=ax).patches)
    2
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(ax, "Leads by referrer", "leads found through their names (count)", "referrer")
    values = _number(referrers, "leads_downstream") if not referrers.empty else np.zeros(0)
    if not (values > 0).any():
        return _empty(ax, "no leads yet")
    return _top_bars(
        ax,
        referrers["name"],
        values,
        top=top,
        colour=SERIES_COLOURS["leads"],
        total_label="referrers with leads",
    )


def plot_employers(coverage: pd.DataFrame, *, top: int = 12, ax: Axes | None = None) -> Axes:
    """Draw employer coverage for the top companies: contacts, asked, answers, interviews.

    docs/metrics.md: "Employer coverage (the 3B7 routine works employer by employer): per company,
    contacts, contacts asked, answers, boosters, interviews, leads, and whether a booster has
    been found yet." Companies with a booster are marked ★ after their name.

    Companies are ranked by contacts, then interviews, then answers.

    Parameters
    ----------
    coverage : DataFrame
        ``metrics.employer_coverage``: ``company``, ``contacts``, ``asked``, ``answers``,
        ``interviews``, ``booster_found``.
    top : int, default 12
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> coverage = pd.DataFrame({"company": ["Acme", "Globex"], "contacts": [4, 2],
    ...     "asked": [3, 2], "answers": [2, 0], "interviews": [1, 0],
    ...     "booster_found": [True, False]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(plot_employers(coverage, ax=ax).patches), ax.get_yticklabels()[0].get_text()
    (8, 'Acme ★')
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(ax, "Employer coverage", "people (count)", "company (★ = a booster found)")
    if coverage.empty:
        return _empty(ax, "no companies yet")
    series = ("contacts", "asked", "answers", "interviews")
    frame = coverage.assign(**{name: _number(coverage, name) for name in series})
    frame = frame.sort_values(
        ["contacts", "interviews", "answers", "company"], ascending=[False, False, False, True]
    )
    shown = frame.head(top)
    y = np.arange(len(shown))
    height = 0.8 / len(series)
    for offset, name in enumerate(series):
        _bars(
            ax,
            y - 0.4 + height * (offset + 0.5),
            shown[name].to_numpy(),
            thickness=height,
            horizontal=True,
            color=SERIES_COLOURS[name],
            label=name,
        )
    booster = shown["booster_found"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    labels = [
        _short(c) + (" ★" if b else "") for c, b in zip(shown["company"], booster, strict=True)
    ]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    _counts_axis(ax.xaxis)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", frameon=True, framealpha=0.9, fontsize="small")
    if len(frame) > top:  # said under the axis: beside the title it overlaps on a phone
        ax.set_xlabel(f"{ax.get_xlabel()}\ntop {top} of {len(frame):,} companies")
    return ax


# --------------------------------------------------------------------------------------------
# Reply timing and reach


def plot_reply_timing(
    curves: pd.DataFrame,
    *,
    move_on_days: int,
    follow_up_days: int,
    ax: Axes | None = None,
) -> Axes:
    """Draw the share of requests answered by each business day, with its 95% interval.

    docs/metrics.md, "Reply timing": Kaplan-Meier curves of the first requests, unanswered ones
    censored at the as-of day. Each group (``all``, or a channel or source) is a step line with
    a shaded interval; dashed lines mark the ``move_on_business_days`` and
    ``follow_up_business_days`` days of the 3B7 routine, so one reads off how many had
    answered by the day the routine says to move on.

    Parameters
    ----------
    curves : DataFrame
        ``timing.reply_curves``: ``group``, ``requests``, ``business_days``,
        ``share_answered``, ``low``, ``high``.
    move_on_days, follow_up_days : int
        The settings, in business days.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> from netwk_analysis.analyses.timing import kaplan_meier
    >>> curves = kaplan_meier([1, 2, 2, 5], [1, 1, 0, 1]).assign(group="all", requests=4)
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = plot_reply_timing(curves, move_on_days=3, follow_up_days=7, ax=ax)
    >>> ax.get_title(loc="left")
    'How long do answers take?'
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(
        ax,
        "How long do answers take?",
        "business days after the request",
        "requests answered (%)",
    )
    if curves.empty:
        return _empty(ax, "no requests yet")
    groups = list(dict.fromkeys(curves["group"]))
    colours = [c for c in OKABE_ITO if c != YELLOW]
    # the curves are flat after the last answer: show a little past it (and past follow-up)
    answered_days = curves.loc[curves["answered"] > 0, "business_days"]
    last_answer = int(answered_days.max()) if len(answered_days) else 0
    last_day = max(last_answer + 2, follow_up_days + 3)
    for colour, group in zip(colours * 3, groups, strict=False):
        part = curves[(curves["group"] == group) & (curves["business_days"] < last_day)]
        days = np.append(part["business_days"].to_numpy(dtype=float), last_day)
        share = np.append(part["share_answered"].to_numpy(dtype=float), np.nan) * 100
        share[-1] = share[-2]
        low = np.append(part["low"].to_numpy(dtype=float), np.nan) * 100
        high = np.append(part["high"].to_numpy(dtype=float), np.nan) * 100
        low[-1], high[-1] = low[-2], high[-2]
        requests = int(part["requests"].iat[0])
        label = f"{group} ({requests} request{'s' if requests != 1 else ''})"
        ax.step(days, share, where="post", color=colour, linewidth=2, label=label)
        ax.fill_between(days, low, high, step="post", color=colour, alpha=0.15, linewidth=0)
    for day, text in ((move_on_days, "move on"), (follow_up_days, "follow up")):
        ax.axvline(day, color=GREY, linestyle="--", linewidth=1)
        ax.text(
            day, 3, f" {text} (day {day})", color=GREY, fontsize="small", rotation=90, va="bottom"
        )
    ax.set_xlim(0, last_day)
    ax.set_ylim(0, 105)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.yaxis.set_major_formatter(PercentFormatter())
    ax.xaxis.set_major_locator(_CountLocator())
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    return ax


def plot_reach(reach: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Draw, per month, the share of interviews held with people not known before, and the
    deepest referral level reached (written above each bar).

    docs/metrics.md, "Reach": the method works when most interviews are with strangers.

    Parameters
    ----------
    reach : DataFrame
        ``reach.reach``: ``month``, ``interviews``, ``new_people``, ``share_new``,
        ``deepest_level``.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> frame = pd.DataFrame({"month": pd.to_datetime(["2026-10-01", "2026-11-01"]),
    ...     "interviews": [4, 5], "new_people": [1, 4], "share_new": [0.25, 0.8],
    ...     "deepest_level": pd.array([1, 3], dtype="Int64")})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(plot_reach(frame, ax=ax).patches)
    2
    >>> plt.close(fig)
    """
    ax = _axes(ax)
    _label(ax, "Reach: interviews with people new to you", "month", "interviews (%)")
    if reach.empty or _number(reach, "interviews").sum() == 0:
        return _empty(ax, "no interviews yet")
    labels = pd.to_datetime(reach["month"]).dt.strftime("%b %Y").tolist()
    x = np.arange(len(reach))
    share = pd.to_numeric(reach["share_new"], errors="coerce").to_numpy(dtype=float) * 100
    _bars(ax, x, np.nan_to_num(share), thickness=0.6, color=SERIES_COLOURS["interviews"])
    levels = reach["deepest_level"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    interviews = _number(reach, "interviews").astype(int)
    new_people = _number(reach, "new_people").astype(int)
    for i in range(len(reach)):  # one label per month (a handful)
        if interviews[i] == 0:
            ax.text(x[i], 2, "none", ha="center", va="bottom", color=GREY, fontsize="small")
            continue
        ax.text(
            x[i],
            np.nan_to_num(share[i]) + 2,
            f"{new_people[i]} of {interviews[i]}\nlevel {int(levels[i])}",
            ha="center",
            va="bottom",
            fontsize="small",
        )
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 125)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.yaxis.set_major_formatter(PercentFormatter())
    return ax
