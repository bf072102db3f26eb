"""Charts: each returns its Axes, is labelled with units, draws what the frame holds, survives
empty frames, shows dates as dates and keeps one colour per kind."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from netwk_analysis.core import facts  # noqa: E402
from netwk_analysis.presentation import plots, tree_plot  # noqa: E402

WEEKS = pd.to_datetime(["2026-02-16", "2026-02-23", "2026-03-02"])


@pytest.fixture
def ax():
    figure, axes = plt.subplots(layout="constrained")
    yield axes
    plt.close(figure)


def weekly(n: int = 3) -> pd.DataFrame:
    weeks = pd.date_range("2026-02-16", periods=n, freq="7D")
    requests = np.arange(n) % 5 + 2
    return pd.DataFrame(
        {
            "week": weeks,
            "requests": requests,
            "follow_ups": np.arange(n) % 2,
            "answered": requests - 1,
            "pending": np.r_[np.zeros(n - 1, int), [1]],
            "response_rate": np.r_[(requests[:-1] - 1) / requests[:-1], [np.nan]],
        }
    )


def overdue(n: int = 3) -> pd.DataFrame:
    weeks = pd.date_range("2026-02-16", periods=n, freq="7D")
    frame = pd.DataFrame({"week": weeks})
    for offset, kind in enumerate(facts.KINDS):
        frame[kind] = (np.arange(n) + offset) % 3
    return frame.assign(total=frame[list(facts.KINDS)].sum(axis=1))


OUTCOMES = pd.DataFrame(
    {
        "contact": ["Ann", "Bo", "Cy", "Di", "Ed", "Flo"],
        "requested_on": pd.to_datetime(["2026-02-16"] * 6),
        "answered_on": pd.to_datetime(
            ["2026-02-17", "2026-02-19", "2026-02-27", None, None, "2026-02-16"]
        ),
        "latency_business_days": pd.array([1, 3, 9, None, None, 0], dtype="Int64"),
        "class": pd.array(
            ["booster", "booster", "obligate", "curmudgeon", None, "booster"], dtype="string"
        ),
    }
)
YIELDS = pd.DataFrame(
    {
        "contact": pd.array(["Ann", "Bo", "Cy", "Di"], dtype="string"),
        "date": pd.to_datetime(["2026-02-17", "2026-02-19", "2026-03-03", "2026-03-04"]),
        "referral_yield": [2, 0, 3, 1],
    }
)
FUNNEL = pd.DataFrame(
    {
        "stage": pd.array(["named", "asked", "answered", "interviewed", "lead"], dtype="string"),
        "people": [40, 30, 15, 6, 3],
    }
)
ROOTS = pd.DataFrame({"name": ["Ann", "Bo", "Cy"], "contacts": [10, 4, 2], "leads": [3, 0, 1]})
REFERRERS = pd.DataFrame(
    {
        "name": ["Ann", "Bo", "Cy"],
        "names_given": [3, 2, 1],
        "names_contacted": [3, 1, 1],
        "interviews": [2, 1, 0],
        "leads_downstream": [2, 1, 0],
    }
)
COVERAGE = pd.DataFrame(
    {
        "company": pd.array(["Acme", "Globex", "Initech"], dtype="string"),
        "contacts": [5, 2, 3],
        "asked": [4, 2, 1],
        "answers": [3, 0, 1],
        "boosters": [1, 0, 0],
        "interviews": [2, 0, 1],
        "leads": [1, 0, 0],
        "booster_found": [True, False, False],
    }
)


def texts(ax) -> list[str]:
    return [text.get_text().strip() for text in ax.texts]


def assert_labelled(ax, *, units: bool = True) -> None:
    assert ax.get_title(loc="left") or ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    if units:
        assert "(" in ax.get_xlabel() + ax.get_ylabel(), "a unit in parentheses"


def assert_date_axis(ax, weeks) -> None:
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    ax.figure.canvas.draw()
    labels = [label.get_text() for label in ax.get_xticklabels() if label.get_text()]
    assert labels and any(month in " ".join(labels) for month in ("Feb", "Mar", "Jan", "Apr"))
    low, high = ax.get_xlim()
    assert low <= mdates.date2num(weeks.min()) and mdates.date2num(weeks.max()) <= high


def assert_integer_axis(axis) -> None:
    assert isinstance(axis.get_major_locator(), MaxNLocator)
    ticks = axis.get_major_locator()()
    assert np.allclose(ticks, np.round(ticks))


# --- outreach ---------------------------------------------------------------------------------


def test_outreach_stacks_requests_and_follow_ups_against_target(ax):
    frame = weekly()
    assert plots.plot_outreach(frame, target=5, ax=ax) is ax
    assert_labelled(ax)
    assert len(ax.patches) == 2 * len(frame)
    requests, follow_ups = ax.patches[:3], ax.patches[3:]
    assert [p.get_height() for p in requests] == frame["requests"].tolist()
    assert [p.get_height() for p in follow_ups] == frame["follow_ups"].tolist()
    assert [p.get_y() for p in follow_ups] == frame["requests"].tolist()
    centres = [p.get_x() + p.get_width() / 2 for p in requests]
    assert np.allclose(centres, mdates.date2num(frame["week"]))
    target = [line for line in ax.lines if list(line.get_ydata()) == [5, 5]]
    assert len(target) == 1
    assert_date_axis(ax, frame["week"])
    assert_integer_axis(ax.yaxis)
    assert to_hex(requests[0].get_facecolor()) == plots.SERIES_COLOURS["requests"].lower()


def test_outreach_without_target_draws_no_line(ax):
    plots.plot_outreach(weekly(), ax=ax)
    assert not ax.lines


def test_outreach_defaults_to_current_axes():
    figure = plt.figure()
    try:
        ax = plots.plot_outreach(weekly())
        assert ax is figure.gca()
    finally:
        plt.close(figure)


def test_outreach_kwargs_reach_bars(ax):
    plots.plot_outreach(weekly(), ax=ax, alpha=0.5)
    assert {p.get_alpha() for p in ax.patches} == {0.5}


def test_outreach_empty_says_no_requests_yet(ax):
    frame = weekly().iloc[:0]
    assert plots.plot_outreach(frame, target=5, ax=ax) is ax
    assert "no requests yet" in texts(ax)
    assert not ax.patches
    assert_labelled(ax)


def test_a_year_of_weeks_keeps_a_readable_axis(ax):
    frame = weekly(60)
    plots.plot_outreach(frame, target=5, ax=ax)
    ax.figure.set_size_inches(11, 4)
    ax.figure.canvas.draw()
    labels = [label.get_text() for label in ax.get_xticklabels() if label.get_text()]
    assert 3 <= len(labels) <= 12
    assert len(ax.patches) == 120
    assert_date_axis(ax, frame["week"])


# --- response rate ----------------------------------------------------------------------------


def test_response_rate_shows_pending_apart(ax):
    frame = weekly()
    assert plots.plot_response_rate(frame, ax=ax) is ax
    assert_labelled(ax)
    assert len(ax.patches) == 3 * len(frame)  # answered, no answer, pending per week
    answered, no_answer, pending = ax.patches[:3], ax.patches[3:6], ax.patches[6:]
    assert [p.get_height() for p in answered] == frame["answered"].tolist()
    assert [p.get_height() for p in no_answer] == [1, 1, 0]
    assert [p.get_height() for p in pending] == [0, 0, 1]
    assert to_hex(pending[0].get_facecolor()) == plots.SERIES_COLOURS["pending"].lower()
    twin = [other for other in ax.figure.axes if other is not ax][0]
    rate = twin.lines[0].get_ydata()
    assert np.allclose(rate[:2], frame["response_rate"][:2] * 100) and np.isnan(rate[2])
    assert "%" in twin.get_ylabel()
    assert_date_axis(ax, frame["week"])
    assert_integer_axis(ax.yaxis)


def test_response_rate_empty(ax):
    plots.plot_response_rate(weekly().iloc[:0], ax=ax)
    assert "no requests yet" in texts(ax)
    assert len(ax.figure.axes) == 1


# --- overdue ----------------------------------------------------------------------------------


def test_overdue_stacks_every_kind_in_its_colour(ax):
    frame = overdue()
    assert plots.plot_overdue(frame, ax=ax) is ax
    assert_labelled(ax)
    kinds = len(facts.KINDS)
    assert len(ax.patches) == kinds * len(frame)
    for position, kind in enumerate(facts.KINDS):
        bars = ax.patches[position * 3 : position * 3 + 3]
        assert [p.get_height() for p in bars] == frame[kind].tolist()
        assert to_hex(bars[0].get_facecolor()) == facts.KIND_COLOURS[kind].lower()
    tops = [
        ax.patches[-3 + week].get_y() + ax.patches[-3 + week].get_height() for week in range(3)
    ]
    assert tops == frame["total"].tolist()
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [facts.KIND_BADGES[kind] for kind in facts.KINDS]  # as the due list
    assert_date_axis(ax, frame["week"])
    assert_integer_axis(ax.yaxis)


def test_overdue_empty(ax):
    plots.plot_overdue(overdue().iloc[:0], ax=ax)
    assert "nothing overdue yet" in texts(ax)


def test_kind_colours_are_okabe_ito_and_distinct():
    colours = list(facts.KIND_COLOURS.values())
    assert len(set(colours)) == len(colours) == len(facts.KINDS)
    assert set(colours) <= set(facts.OKABE_ITO)


# --- funnel and latency -----------------------------------------------------------------------


def test_funnel_bars_with_share_of_previous(ax):
    assert plots.plot_funnel(FUNNEL, ax=ax) is ax
    assert_labelled(ax)
    assert [p.get_width() for p in ax.patches] == FUNNEL["people"].tolist()
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == FUNNEL["stage"].tolist()
    assert ax.yaxis_inverted(), "the first stage is on top"
    assert "30  (75% of previous)" in texts(ax)
    assert "3  (50% of previous)" in texts(ax)
    assert_integer_axis(ax.xaxis)


def test_funnel_empty(ax):
    plots.plot_funnel(FUNNEL.iloc[:0], ax=ax)
    assert "no contacts yet" in texts(ax)


def test_latency_counts_classes_with_pending(ax):
    assert plots.plot_latency(OUTCOMES, move_on_days=3, follow_up_days=7, ax=ax) is ax
    assert_labelled(ax)
    assert [p.get_height() for p in ax.patches] == [3, 1, 1, 1]
    colours = [to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours == [facts.CLASS_COLOURS[c].lower() for c in facts.CLASSES]
    ticks = " ".join(label.get_text() for label in ax.get_xticklabels())
    assert "within 3" in ticks and "after 7" in ticks
    assert_integer_axis(ax.yaxis)


def test_latency_histogram_counts_answers_per_business_day(ax):
    assert plots.plot_latency_histogram(OUTCOMES, move_on_days=3, ax=ax) is ax
    assert_labelled(ax)
    heights = {}
    for patch in ax.patches:
        day = round(patch.get_x() + patch.get_width() / 2)
        heights[day] = heights.get(day, 0) + patch.get_height()
    assert {day: h for day, h in heights.items() if h} == {0: 1, 1: 1, 3: 1, 9: 1}
    assert [line.get_xdata()[0] for line in ax.lines] == [3.5]


def test_latency_empty(ax):
    plots.plot_latency(OUTCOMES.iloc[:0], ax=ax)
    assert "no requests yet" in texts(ax)


def test_latency_histogram_without_answers(ax):
    plots.plot_latency_histogram(OUTCOMES.iloc[3:5], ax=ax)
    assert "no answers yet" in texts(ax)


# --- referral yield, leads, employers ---------------------------------------------------------


def test_referral_yield_one_point_per_interview_and_target(ax):
    assert plots.plot_referral_yield(YIELDS, target=2, ax=ax) is ax
    assert_labelled(ax)
    points = ax.collections[0].get_offsets()
    assert len(points) == len(YIELDS)
    assert np.allclose(points[:, 0], mdates.date2num(YIELDS["date"]))
    assert points[:, 1].tolist() == YIELDS["referral_yield"].tolist()
    target = [line for line in ax.lines if list(line.get_ydata()) == [2, 2]]
    assert len(target) == 1
    average = [line for line in ax.lines if line not in target][0]
    # weeks of 16 Feb (2 + 0 names / 2 interviews) and 2 Mar (the last 4 weeks: 6 / 4)
    assert np.allclose(average.get_ydata(), [1.0, 1.5])
    assert_date_axis(ax, YIELDS["date"])
    assert_integer_axis(ax.yaxis)


def test_referral_yield_empty(ax):
    plots.plot_referral_yield(YIELDS.iloc[:0], ax=ax)
    assert "no interviews yet" in texts(ax)


def test_leads_by_root_only_roots_with_leads_largest_first(ax):
    assert plots.plot_leads_by_root(ROOTS, ax=ax) is ax
    assert_labelled(ax)
    assert [p.get_width() for p in ax.patches] == [3, 1]
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Ann", "Cy"]
    assert_integer_axis(ax.xaxis)


def test_leads_by_referrer_keeps_top_ten(ax):
    many = pd.DataFrame(
        {"name": [f"Person {i:02d}" for i in range(14)], "leads_downstream": np.arange(14) + 1}
    )
    plots.plot_leads_by_referrer(many, top=10, ax=ax)
    assert_labelled(ax)
    assert [p.get_width() for p in ax.patches] == list(range(14, 4, -1))
    assert ax.get_yticklabels()[0].get_text() == "Person 13"
    assert "top 10 of 14 referrers with leads" in ax.get_xlabel()


def test_leads_empty(ax):
    plots.plot_leads_by_root(ROOTS.assign(leads=0), ax=ax)
    assert "no leads yet" in texts(ax)


def test_leads_by_referrer_empty(ax):
    plots.plot_leads_by_referrer(REFERRERS.iloc[:0], ax=ax)
    assert "no leads yet" in texts(ax)


def test_employers_grouped_bars_and_booster_marks(ax):
    assert plots.plot_employers(COVERAGE, ax=ax) is ax
    assert_labelled(ax, units=True)
    assert len(ax.patches) == 4 * len(COVERAGE)
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == ["Acme ★", "Initech", "Globex"]  # most contacts first
    contacts = ax.patches[:3]
    assert [p.get_width() for p in contacts] == [5, 3, 2]
    interviews = ax.patches[9:]
    assert [p.get_width() for p in interviews] == [2, 1, 0]
    assert_integer_axis(ax.xaxis)


def test_employers_top_limits_companies(ax):
    plots.plot_employers(COVERAGE, top=2, ax=ax)
    assert len(ax.get_yticklabels()) == 2
    assert "top 2 of 3" in ax.get_xlabel()


def test_employers_empty(ax):
    plots.plot_employers(COVERAGE.iloc[:0], ax=ax)
    assert "no companies yet" in texts(ax)


# --- the tree and the module ------------------------------------------------------------------


def test_tree_is_re_exported(ax):
    assert plots.plot_referral_tree is tree_plot.plot_referral_tree
    assert "plot_referral_tree" in plots.__all__
    graph = nx.DiGraph([("Ann", "Bo"), ("Ann", "Cy")])
    assert plots.plot_referral_tree(graph, ax=ax) is ax
    assert ax.get_title()


@pytest.mark.parametrize("name", [n for n in plots.__all__ if n.startswith("plot_")])
def test_every_chart_accepts_ax_keyword(name):
    import inspect

    parameters = inspect.signature(getattr(plots, name)).parameters
    assert parameters["ax"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["ax"].default is None


def test_plots_leave_figures_and_backend_alone():
    import inspect

    source = inspect.getsource(plots)
    for call in ("matplotlib.use(", "plt.show(", "savefig(", "plt.figure(", "rcParams["):
        assert call not in source


def _bar_facts(axes) -> list:
    """Everything a bar chart's bars are: geometry, colours, hatch, legend entries, limits."""
    bars = [
        (p.get_x(), p.get_y(), p.get_width(), p.get_height(), p.get_facecolor(), p.get_hatch())
        for p in axes.patches
    ]
    containers = [(c.get_label(), len(c.patches)) for c in axes.containers]
    return [bars, containers, axes.dataLim.bounds, axes.get_xlim(), axes.get_ylim()]


@pytest.mark.parametrize("horizontal", [False, True])
def test_bars_are_the_bars_axes_bar_draws_and_count_in_relim(horizontal):
    """plots._bars (docs/report.md, "Speed") adds the same patches, container, data limits and
    view as ``Axes.bar``/``barh``, and ``relim`` counts them as it counts Axes.bar's."""
    at, low, high = np.array([0.0, 1.0, 2.0, 5.0]), np.array([1, 0, 3, 2]), np.array([2, 1, 0, 4])
    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
    facts_of = []
    for ours in (True, False):
        figure, axes = plt.subplots()
        if ours:
            plots._bars(axes, at, low, thickness=0.6, horizontal=horizontal, color=colours)
            plots._bars(
                axes,
                at,
                high,
                thickness=0.6,
                start=low,
                horizontal=horizontal,
                color="#56B4E9",
                hatch="//",
                label="top",
            )
        else:
            draw, start = (axes.barh, "left") if horizontal else (axes.bar, "bottom")
            draw(at, low, 0.6, color=colours)
            draw(at, high, 0.6, color="#56B4E9", hatch="//", label="top", **{start: low})
        drawn = _bar_facts(axes)
        axes.relim()
        axes.autoscale_view()
        facts_of.append([drawn, _bar_facts(axes)])
        plt.close(figure)
    assert facts_of[0] == facts_of[1]
