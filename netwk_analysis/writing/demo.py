"""Synthetic but realistic networking workbooks, for trying the toolkit out and for benchmarks.

``demo_frames`` builds the four sheets as pandas frames (canonical column names from
``schema``); ``write_demo`` writes them to ``.xlsx`` (or ``.ods``) atomically; ``write_sample``
reproduces the committed ``data/sample_network.xlsx``.

The generative story follows the method in docs/metrics.md: a referral *forest* grows from a few
roots
(people already known, cold contacts, alumni, event contacts). Every name is contacted a few days
after it arrives; people answer fast (*boosters*), late (*obligates*) or never (*curmudgeons*);
about 60% of answers lead to an informational interview, followed by a thank-you (mostly the next
day), names of further people (0-3, about 1.5 on average, dated within 14 days of the interview)
and monthly check-ins for some. Unanswered requests get 3B7 follow-ups, some of them late.
A few leads appear deep in the chains. Nothing is dated after the as-of day, and the generation
is vectorised with numpy (one loop step per level of the forest, not per contact), so 100,000
contacts build in a few seconds. All names and companies are invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from netwk_analysis.core import schema
from netwk_analysis.writing.escape import escape_formula
from netwk_analysis.writing.files import atomic_path

__all__ = [
    "DEMO_TARGETS",
    "SAMPLE_AS_OF",
    "SAMPLE_CONTACTS",
    "SAMPLE_SEED",
    "SAMPLE_WEEKS",
    "demo_frames",
    "write_demo",
    "write_sample",
]

#: The committed sample: its seed, size, span and as-of day (a Friday, so it reads as a live week).
SAMPLE_SEED = 4
SAMPLE_CONTACTS = 60
SAMPLE_WEEKS = 17
SAMPLE_AS_OF = dt.date(2026, 11, 27)

_DEFAULT_WEEKS = SAMPLE_WEEKS
#: Employers on the demo's Targets sheet: the list size the LAMP method suggests.
DEMO_TARGETS = 40

_FIRST = (
    "Ada Aiko Alma Amara Anders Anika Arjun Aurelio Bea Bjorn Bram Camila Cato Celeste Chidi "
    "Dalia Dario Delphine Eamon Edda Elio Elska Emre Esme Farah Felix Freya Gideon Greta Hana "
    "Hugo Ilse Imani Ines Ivo Jalen Jana Joaquin Juno Kaito Kalani Kasia Keanu Lars Leila Linnea "
    "Lorcan Lucia Mads Maren Mateo Mika Mirela Nadia Nico Noor Odile Olek Orla Pavel Petra Quinn "
    "Rafa Rania Remy Rosalind Rui Saoirse Selim Signe Silas Soraya Tamsin Teo Thea Tomas Una "
    "Valen Vera Wren Xiomara Yara Yusuf Zara Zeno Zofia"
).split()
_LAST = (
    "Abernethy Achterberg Albescu Amundsen Arkwright Balogun Bellweather Brannigan Castellan "
    "Chukwu Dalgaard Delacroix Dunmore Eskildsen Falkenrath Farrowby Galloway Grimaldi Haverford "
    "Hollanby Ingersoll Ivanko Jessup Juarez-Lind Kallistrat Kowalczyk Lindqvist Lockridge "
    "Maddox-Reyes Marchetti Mbeki-Ross Nakashima Northcote Okonkwo Oyelaran Pemberton Petrakis "
    "Quennell Radcliffe Rasmussen Salvatierra Sandoval Sørlie Tamburro Thorvald Underhill "
    "Valderrama Vasquez-Hale Wetherby Winterbourne Yamaguchi-Cole Yilmazer Zabrowski Zeller"
).split()
_COMPANY_A = (
    "Northwind Bluefin Copperleaf Driftwood Evergreen Foxglove Granite Harborview Ironbark "
    "Juniper Kestrel Lakeshore Meridian Nimbus Oakridge Pinecrest Quarry Redwood Silverline "
    "Tidewater Umber Vantage Willowmere Yarrow Zephyr"
).split()
_COMPANY_B = (
    "Analytics,Health,Logistics,Labs,Learning,Energy,Retail,Media,Insights,Robotics,Foods,"
    "Capital,Systems,Mobility,Studio"
).split(",")
_INDUSTRY = {
    "Analytics": "Analytics",
    "Health": "Healthcare",
    "Logistics": "Logistics",
    "Labs": "Research",
    "Learning": "Education",
    "Energy": "Energy",
    "Retail": "Retail",
    "Media": "Media",
    "Insights": "Market research",
    "Robotics": "Manufacturing",
    "Foods": "Food",
    "Capital": "Finance",
    "Systems": "Software",
    "Mobility": "Transport",
    "Studio": "Design",
}
_ROLES = (
    "Data Analyst",
    "Analytics Manager",
    "Product Manager",
    "UX Researcher",
    "Operations Lead",
    "Data Scientist",
    "Program Manager",
    "Engineering Manager",
    "Recruiter",
    "Head of Insights",
    "Business Analyst",
    "Customer Success Lead",
    "Director of Strategy",
    "Founder",
)
_JOB_TITLES = (
    "Junior Data Analyst",
    "Data Analyst",
    "Business Analyst",
    "Insights Analyst",
    "Operations Analyst",
    "Product Analyst",
    "Research Associate",
)
_CONTACT_NOTES = (
    "Former colleague",
    "Met at the spring meetup",
    "Same alumni network",
    "Prefers phone calls",
    "Hiring later this year",
    "Very generous with time",
    "Moving to a new team soon",
    "Knows everyone in the local analytics scene",
)
_INTERVIEW_NOTES = (
    "Suggested a portfolio of two small projects",
    "Team is growing next quarter",
    "Recommended learning SQL window functions",
    "Said career changers do well on their team",
    "Described a typical week; lots of stakeholder work",
    "Advised targeting mid-size companies first",
    "Offered to review my resume",
)
_NOTE_NOTES = (
    "Saw their post about a new project",
    "Shared an article with them",
    "Congratulated them on a promotion",
    "Out of office until next week",
)
_LEAD_NOTES = (
    "Not posted yet; referral possible",
    "Posted internally first",
    "Hiring manager is a friend of the contact",
)
_TARGET_SUFFIXES = ("", " Group", " Partners", " Collective")
_TARGET_NOTES = (
    "Growing analytics team",
    "Mission I care about",
    "Good reviews from former staff",
    "Remote-friendly",
    "Hires career changers",
)
_ROOT_SOURCES = ("known", "cold", "alumni", "event")
_ROOT_SOURCE_P = (0.45, 0.2, 0.2, 0.15)

# Interaction types in the order a day's rows are listed.
_TYPE_ORDER = {t: i for i, t in enumerate(("note", *schema.INTERACTION_TYPES))}

_ND = "datetime64[D]"
_NAT = np.datetime64("NaT", "D")


def _resolve_period(
    start: dt.date | None, weeks: int | None, as_of: dt.date | None
) -> tuple[np.datetime64, np.datetime64]:
    """Fill in the missing ends of the demo period; the default ends on ``SAMPLE_AS_OF``."""
    if start is not None and as_of is not None:
        if weeks is not None:
            raise ValueError("give at most two of start, weeks and as_of")
    elif as_of is not None:
        start = as_of - dt.timedelta(weeks=weeks or _DEFAULT_WEEKS) + dt.timedelta(days=1)
    elif start is not None:
        as_of = start + dt.timedelta(weeks=weeks or _DEFAULT_WEEKS) - dt.timedelta(days=1)
    else:
        as_of = SAMPLE_AS_OF
        start = as_of - dt.timedelta(weeks=weeks or _DEFAULT_WEEKS) + dt.timedelta(days=1)
    if as_of < start:
        raise ValueError(f"as_of {as_of} is before start {start}")
    return np.datetime64(start, "D"), np.datetime64(as_of, "D")


def _weekday(days: np.ndarray) -> np.ndarray:
    """The same day when it is a weekday, else the next Monday (NaT stays NaT)."""
    return np.busday_offset(days, 0, roll="forward")


def _bdays(days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """``n`` business days after ``days`` (rolled forward to a weekday first)."""
    return np.busday_offset(days, n, roll="forward")


def _pick(rng: np.random.Generator, values: Sequence[str], p: Sequence[float], n: int):
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=p)]


def _maybe(
    rng: np.random.Generator, days: np.ndarray, keep: np.ndarray | float, as_of: np.datetime64
) -> np.ndarray:
    """``days`` where ``keep`` holds and the day is not after ``as_of``, else NaT."""
    if np.isscalar(keep):
        keep = rng.random(days.shape[0]) < keep
    return np.where(keep & (days <= as_of), days, _NAT)


def _unique_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct invented names; middle initials (and numbers) only when many are needed."""
    nf, nl = len(_FIRST), len(_LAST)
    middles = 1 if n <= nf * nl // 4 else 26
    copies = max(1, -(-4 * n // (nf * nl * middles)) if middles == 26 else 1)
    space = nf * nl * middles * copies
    codes = rng.choice(space, size=n, replace=False)
    codes, copy = np.divmod(codes, copies)
    codes, middle = np.divmod(codes, middles)
    first, last = np.divmod(codes, nl)
    firsts = np.asarray(_FIRST, dtype=object)[first]
    lasts = np.asarray(_LAST, dtype=object)[last]
    if middles == 1:
        return firsts + " " + lasts
    initials = np.array([f" {chr(65 + i)}. " for i in range(26)], dtype=object)[middle]
    names = firsts + initials + lasts
    suffix = np.array(["", *(f" {i + 1}" for i in range(1, copies))], dtype=object)[copy]
    return names + suffix


def _grow_forest(
    rng: np.random.Generator, n: int, start: np.datetime64, as_of: np.datetime64
) -> dict[str, np.ndarray]:
    """The referral forest and every contact's timeline, one numpy step per forest level."""
    span = int((as_of - start).astype(int)) + 1
    parts: list[dict[str, np.ndarray]] = []
    total = 0
    first_batch = True
    while total < n:
        # A batch of roots: in the first batch most "known" people are there from the start.
        n_roots = min(
            n - total, max(1, int(np.ceil((n - total) * (0.11 if first_batch else 0.2))))
        )
        source = _pick(rng, _ROOT_SOURCES, _ROOT_SOURCE_P, n_roots)
        late = rng.integers(0, max(1, span - 5), n_roots)
        early = rng.integers(0, min(14, span), n_roots)
        use_early = first_batch & (source == "known") & (rng.random(n_roots) < 0.7)
        added = start + np.where(use_early, early, late).astype("timedelta64[D]")
        level = {
            "id": np.arange(total, total + n_roots),
            "parent": np.full(n_roots, -1),
            "depth": np.zeros(n_roots, dtype=np.int64),
            "added": added.astype(_ND),
            "source": source,
        }
        first_batch = False
        while level["id"].size:
            timeline = _timeline(rng, level, as_of)
            parts.append(level | timeline)
            total += level["id"].size
            level = _children(rng, level | timeline, as_of, capacity=n - total, next_id=total)
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def _timeline(
    rng: np.random.Generator, level: dict[str, np.ndarray], as_of: np.datetime64
) -> dict[str, np.ndarray]:
    """Request, answer, interview, thank-you and follow-ups of one level of contacts."""
    m = level["id"].size
    added = level["added"]
    # Request: a few days after the name arrives; some late, some never.
    delay = rng.geometric(0.35, m) - 1
    slow = rng.random(m) < 0.12
    delay = np.where(slow, rng.integers(8, 21, m), delay)
    asked = rng.random(m) >= 0.04
    request = _maybe(rng, _weekday(added + delay.astype("timedelta64[D]")), asked, as_of)
    # Latency class: 0 booster (<= 3 business days), 1 obligate (later), 2 curmudgeon (never).
    klass = rng.choice(3, size=m, p=(0.5, 0.32, 0.18))
    latency = np.where(
        klass == 0, rng.choice(4, size=m, p=(0.2, 0.35, 0.3, 0.15)), rng.integers(4, 16, m)
    )
    has_request = ~np.isnat(request)
    answer_day = np.where(has_request & (klass < 2), _bdays(request, latency), _NAT)
    answer = _maybe(rng, answer_day, True, as_of)
    declined = rng.random(m) < 0.07
    # About 60% of answers lead to an interview 3-10 days after the reply.
    interviewed = (~declined) & (rng.random(m) < 0.645)
    gap = rng.integers(3, 11, m).astype("timedelta64[D]")
    interview = _maybe(rng, _weekday(answer + gap), interviewed & ~np.isnat(answer), as_of)
    # Thank-you: same or next day mostly, sometimes late, sometimes never.
    thanks_kind = rng.choice(4, size=m, p=(0.25, 0.55, 0.12, 0.08))
    thanks_gap = np.choose(thanks_kind, [0, 1, rng.integers(2, 7, m), 0])
    thank_you = _maybe(
        rng, interview + thanks_gap.astype("timedelta64[D]"), thanks_kind < 3, as_of
    )
    # 3B7 follow-ups for requests still unanswered after 7 business days (most, not all).
    unanswered_at_7 = has_request & ((klass == 2) | (latency > 7))
    follow_day = _bdays(request, 7 + rng.choice(4, size=m, p=(0.5, 0.25, 0.15, 0.1)))
    no_answer_by_then = np.isnat(answer_day) | (follow_day < answer_day)
    sends = unanswered_at_7 & no_answer_by_then & (rng.random(m) < 0.7)
    follow_up = _maybe(rng, follow_day, sends, as_of)
    follow_up_2 = _maybe(rng, _bdays(follow_up, 5), (klass == 2) & (rng.random(m) < 0.4), as_of)
    return {
        "request": request,
        "klass": klass,
        "answer": answer,
        "declined": declined & ~np.isnat(answer),
        "interview": interview,
        "thank_you": thank_you,
        "follow_up": follow_up,
        "follow_up_2": follow_up_2,
    }


def _children(
    rng: np.random.Generator,
    level: dict[str, np.ndarray],
    as_of: np.datetime64,
    *,
    capacity: int,
    next_id: int,
) -> dict[str, np.ndarray]:
    """The names given by one level: 0-3 per interview (mean ~1.5), roots a few more."""
    m = level["id"].size
    is_root = level["parent"] < 0
    met = ~np.isnat(level["interview"])
    # Roots are people already known: they may pass on names without a formal interview.
    base = np.where(met, level["interview"], level["added"] + rng.integers(1, 10, m))
    gives = met | (is_root & (rng.random(m) < 0.9))
    count = np.where(
        is_root,
        rng.choice(9, size=m, p=(0.08, 0.14, 0.2, 0.18, 0.14, 0.1, 0.08, 0.05, 0.03)),
        rng.choice(4, size=m, p=(0.12, 0.32, 0.33, 0.23)),
    )
    count = np.where(gives, count, 0)
    parent_pos = np.repeat(np.arange(m), count)
    added = base[parent_pos] + rng.integers(0, 15, parent_pos.size).astype("timedelta64[D]")
    keep = added <= as_of
    parent_pos, added = parent_pos[keep], added[keep]
    if parent_pos.size > capacity:
        chosen = np.sort(rng.choice(parent_pos.size, size=capacity, replace=False))
        parent_pos, added = parent_pos[chosen], added[chosen]
    k = parent_pos.size
    return {
        "id": np.arange(next_id, next_id + k),
        "parent": level["id"][parent_pos],
        "depth": level["depth"][parent_pos] + 1,
        "added": added.astype(_ND),
        "source": np.full(k, "referral", dtype=object),
    }


def _companies(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Company and industry of ``n`` contacts: about one company per four contacts."""
    pairs = len(_COMPANY_A) * len(_COMPANY_B)
    n_companies = int(min(pairs, max(6, n // 4)))
    pool = rng.choice(pairs, size=n_companies, replace=False)
    # Some employers are much more common than others.
    weights = rng.pareto(1.5, n_companies) + 1.0
    company_code = pool[rng.choice(n_companies, size=n, p=weights / weights.sum())]
    a, b = np.divmod(company_code, len(_COMPANY_B))
    part_a = np.asarray(_COMPANY_A, dtype=object)[a]
    part_b = np.asarray(_COMPANY_B, dtype=object)[b]
    industry = np.asarray([_INDUSTRY[x] for x in _COMPANY_B], dtype=object)[b]
    return part_a + " " + part_b, industry


def _blank_where(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = values.astype(object).copy()
    out[mask] = None
    return out


def _contacts_frame(
    rng: np.random.Generator, forest: dict[str, np.ndarray], names: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    n = names.size
    parent = forest["parent"]
    is_root = parent < 0
    company, industry = _companies(rng, n)
    lower = np.char.lower(names.astype(str))
    slug = np.char.replace(np.char.replace(np.char.replace(lower, ". ", "."), " ", "."), "ø", "o")
    domain = np.char.replace(np.char.lower(company.astype(str)), " ", "") + ".example"
    email = np.char.add(np.char.add(slug, "@"), domain).astype(object)
    phone = np.array(
        [
            f"(555) {a:03d}-01{b:02d}"
            for a, b in zip(rng.integers(200, 999, n), rng.integers(0, 100, n), strict=True)
        ],
        dtype=object,
    )
    linkedin = np.char.add(
        np.char.add("https://linkedin.example/in/", np.char.replace(slug, ".", "-")),
        np.char.add("-", rng.integers(1000, 9999, n).astype(str)),
    ).astype(object)
    referred_by = np.where(is_root, None, names[np.maximum(parent, 0)])
    source = forest["source"].copy()
    source[(~is_root) & (rng.random(n) < 0.2)] = None  # defaults to referral
    may_use = _pick(rng, ("yes", "no", None), (0.75, 0.1, 0.15), n)
    may_use[is_root] = None
    status = _pick(rng, ("active", None, "paused", "closed"), (0.55, 0.37, 0.045, 0.035), n)
    frame = pd.DataFrame(
        {
            "name": names,
            "company": company,
            "role": _pick(rng, _ROLES, None, n),
            "industry": industry,
            "email": _blank_where(email, rng.random(n) < 0.15),
            "phone": _blank_where(phone, rng.random(n) < 0.6),
            "linkedin": _blank_where(linkedin, rng.random(n) < 0.5),
            "referred_by": referred_by,
            "source": source,
            "may_use_name": may_use,
            "added_on": forest["added"],
            "status": status,
            "notes": _blank_where(_pick(rng, _CONTACT_NOTES, None, n), rng.random(n) < 0.85),
        }
    )
    return frame, company


def _interactions(
    rng: np.random.Generator,
    forest: dict[str, np.ndarray],
    names: np.ndarray,
    as_of: np.datetime64,
) -> tuple[pd.DataFrame, np.ndarray]:
    """All touches as one long frame, plus the mask of contacts kept in shortcut columns."""
    n = names.size
    request = forest["request"]
    answer = forest["answer"]
    interview = forest["interview"]
    thank_you = forest["thank_you"]
    declined = forest["declined"]
    # A minority keep request/reply/interview/thank-you on Contacts instead (never declines).
    shortcut = (rng.random(n) < 0.15) & ~declined
    rows_date: list[np.ndarray] = []
    rows_who: list[np.ndarray] = []
    rows_type: list[np.ndarray] = []
    rows_channel: list[np.ndarray] = []
    rows_duration: list[np.ndarray] = []
    rows_resume: list[np.ndarray] = []
    rows_asked: list[np.ndarray] = []
    rows_notes: list[np.ndarray] = []

    def add(days, kind, channel, mask=None, duration=None, resume=None, asked=None, notes=None):
        ok = ~np.isnat(days) if mask is None else mask & ~np.isnat(days)
        k = int(ok.sum())
        rows_date.append(days[ok])
        rows_who.append(np.flatnonzero(ok))
        rows_type.append(np.full(k, kind, dtype=object))
        rows_channel.append(channel[ok])
        none = np.full(k, None, dtype=object)
        rows_duration.append(np.full(k, -1, dtype=np.int64) if duration is None else duration[ok])
        rows_resume.append(none if resume is None else resume[ok])
        rows_asked.append(none if asked is None else asked[ok])
        rows_notes.append(none if notes is None else notes[ok])

    email_like = ("email", "linkedin", "phone", "voicemail")
    add(request, "request", _pick(rng, email_like, (0.55, 0.25, 0.15, 0.05), n), ~shortcut)
    answer_kind = np.where(declined, "decline", "reply")
    for kind in ("reply", "decline"):
        add(
            answer,
            kind,
            _pick(rng, ("email", "linkedin", "phone"), (0.7, 0.2, 0.1), n),
            ~shortcut & (answer_kind == kind),
        )
    in_person = _pick(rng, ("video", "in_person", "phone"), (0.4, 0.35, 0.25), n)
    duration = rng.integers(4, 10, n) * 5
    resume = _pick(rng, ("yes", "no"), (0.7, 0.3), n)
    asked = _pick(rng, ("yes", "no"), (0.88, 0.12), n)
    notes = _blank_where(_pick(rng, _INTERVIEW_NOTES, None, n), rng.random(n) < 0.6)
    add(interview, "interview", in_person, ~shortcut, duration, resume, asked, notes)
    add(thank_you, "thank_you", _pick(rng, ("email", "other"), (0.85, 0.15), n), ~shortcut)
    # Many people answer a thank-you note or a check-in (inbound, so no reminder is reset).
    reply_gap = rng.integers(0, 4, n).astype("timedelta64[D]")
    add(_maybe(rng, thank_you + reply_gap, 0.5, as_of), "reply", np.full(n, "email", object))
    follow_channel = _pick(rng, ("email", "phone", "voicemail"), (0.6, 0.25, 0.15), n)
    add(forest["follow_up"], "follow_up", follow_channel)
    add(forest["follow_up_2"], "follow_up", follow_channel)
    # Monthly check-ins after the latest interview or thank-you; some people keep it up.
    last_touch = np.fmax(interview, thank_you)
    met = ~np.isnat(interview)
    span = int((as_of - forest["added"].min()).astype(int)) + 1
    slots = max(1, span // 24 + 1)
    keeps_up = rng.random(n) < 0.75
    stop_after = np.where(keeps_up, slots, rng.integers(0, 2, n))
    gaps = rng.integers(21, 36, (n, slots)).astype("timedelta64[D]")
    check_channel = _pick(
        rng, ("email", "phone", "voicemail", "linkedin"), (0.5, 0.25, 0.15, 0.1), n
    )
    previous = last_touch
    for slot in range(slots):
        day = _weekday(previous + gaps[:, slot])
        ok = met & (slot < stop_after) & (day <= as_of)
        add(day, "check_in", check_channel, ok)
        answered = _maybe(rng, day + reply_gap, ok & (rng.random(n) < 0.45), as_of)
        add(answered, "reply", check_channel)
        previous = np.where(ok, day, previous)
    # Odd notes: things a person jots down between touches.
    added = forest["added"]
    room = ((as_of - added).astype(int) + 1).clip(min=1)
    note_day = added + (rng.random(n) * room).astype("timedelta64[D]")
    note_text = _pick(rng, _NOTE_NOTES, None, n)
    add(note_day, "note", np.full(n, None, dtype=object), rng.random(n) < 0.3, notes=note_text)

    who = np.concatenate(rows_who)
    kind = np.concatenate(rows_type)
    type_rank = pd.Categorical(kind, categories=list(_TYPE_ORDER)).codes
    date = np.concatenate(rows_date)
    order = np.lexsort((who, type_rank, date))
    duration_all = np.concatenate(rows_duration)[order]
    frame = pd.DataFrame(
        {
            "date": date[order],
            "contact": names[who[order]],
            "type": kind[order],
            "channel": np.concatenate(rows_channel)[order],
            "duration_min": pd.array(np.where(duration_all < 0, 0, duration_all), dtype="Int64"),
            "resume_left": np.concatenate(rows_resume)[order],
            "asked_for_names": np.concatenate(rows_asked)[order],
            "notes": np.concatenate(rows_notes)[order],
        }
    )
    frame.loc[duration_all < 0, "duration_min"] = pd.NA
    return frame, shortcut


def _leads(
    rng: np.random.Generator,
    forest: dict[str, np.ndarray],
    names: np.ndarray,
    company: np.ndarray,
    as_of: np.datetime64,
) -> pd.DataFrame:
    """A few job leads, mostly surfaced by people deep in the chains."""
    interview = forest["interview"]
    depth = forest["depth"]
    met = ~np.isnat(interview) & (interview < as_of)
    p = np.select([depth >= 2, depth == 1], [0.3, 0.08], 0.03)
    chosen = met & (rng.random(names.size) < p)
    deep = np.flatnonzero(met & (depth >= 2))
    missing = min(3, deep.size) - int((chosen & (depth >= 2)).sum())
    if missing > 0:
        spare = np.setdiff1d(deep, np.flatnonzero(chosen))
        chosen[rng.choice(spare, size=missing, replace=False)] = True
    who = np.flatnonzero(chosen)
    k = who.size
    room = (as_of - interview[who]).astype(int)
    date = interview[who] + (1 + (rng.random(k) * room).astype(int)).astype("timedelta64[D]")
    date = np.minimum(date, as_of)
    same_company = rng.random(k) < 0.6
    other = company[rng.integers(0, company.size, k)]
    stage = _pick(rng, schema.LEAD_STAGES, (0.3, 0.25, 0.17, 0.05, 0.02, 0.16, 0.05), k)
    frame = pd.DataFrame(
        {
            "date": date,
            "contact": names[who],
            "company": np.where(same_company, company[who], other),
            "role": _pick(rng, _JOB_TITLES, None, k),
            "stage": stage,
            "notes": _blank_where(_pick(rng, _LEAD_NOTES, None, k), rng.random(k) < 0.4),
        }
    )
    return frame.sort_values(["date", "contact"], kind="stable").reset_index(drop=True)


def _check_in_days(rng: np.random.Generator, forest: dict[str, np.ndarray]) -> pd.Series:
    """A personal check-in rhythm for about one interviewed contact in ten (14 or 60 days)."""
    n = forest["interview"].size
    own = ~np.isnat(forest["interview"]) & (rng.random(n) < 0.1)
    days = np.where(rng.random(n) < 0.5, 14, 60)
    return pd.Series(pd.array(np.where(own, days, 0), dtype="Int64")).mask(~own)


def _targets_frame(rng: np.random.Generator, company: np.ndarray, n: int) -> pd.DataFrame:
    """The LAMP list: ``n`` target employers, about 45% of them where contacts already work
    (the more contacts there, the likelier), the rest invented employers nobody knows yet; a
    few typed in lower case with stray spaces, as people type."""
    known, counts = np.unique(company.astype(str), return_counts=True)
    n_known = min(known.size, int(round(n * 0.45)))
    chosen = rng.choice(known, size=n_known, replace=False, p=counts / counts.sum())
    pairs = np.add.outer(
        np.char.add(np.asarray(_COMPANY_A, dtype=str), " "), np.asarray(_COMPANY_B, dtype=str)
    ).ravel()
    pool = np.add.outer(pairs, np.asarray(_TARGET_SUFFIXES, dtype=str)).ravel()
    pool = pool[~np.isin(pool, known)]
    others = rng.choice(pool, size=min(n - n_known, pool.size), replace=False)
    employers = rng.permutation(np.concatenate([chosen, others]).astype(object))
    k = employers.size
    messy = rng.random(k) < 0.1
    typed = np.where(messy, " " + np.char.lower(employers.astype(str)) + "  ", employers)
    alumni = _pick(rng, ("yes", "no", None), (0.2, 0.3, 0.5), k)
    return pd.DataFrame(
        {
            "employer": typed.astype(object),
            "motivation": pd.array(rng.choice(4, size=k, p=(0.1, 0.25, 0.35, 0.3)), "Int64"),
            "posting": pd.array(rng.choice([1, 2, 3], size=k, p=(0.6, 0.25, 0.15)), "Int64"),
            "alumni": alumni,
            "notes": _blank_where(_pick(rng, _TARGET_NOTES, None, k), rng.random(k) < 0.7),
        }
    )


def _settings_frame(as_of: np.datetime64) -> pd.DataFrame:
    values = dict(schema.SETTING_DEFAULTS)
    values["as_of"] = as_of.astype(object)
    return pd.DataFrame(
        {"key": list(values), "value": pd.array(list(values.values()), dtype=object)}
    )


def _datetimes(days: np.ndarray) -> pd.Series:
    return pd.Series(days.astype("datetime64[s]"))


def demo_frames(
    n_contacts: int = SAMPLE_CONTACTS,
    *,
    seed: int = 0,
    start: dt.date | None = None,
    as_of: dt.date | None = None,
    targets: int = DEMO_TARGETS,
) -> dict[str, pd.DataFrame]:
    """Build a synthetic networking workbook as frames (nothing is written).

    Parameters
    ----------
    n_contacts : number of people on the Contacts sheet.
    seed : seed of the numpy random generator; the same seed gives the same frames.
    start : first day of the period; default 17 weeks before ``as_of``.
    as_of : the review day, written to Settings; nothing is dated after it. Default
        ``SAMPLE_AS_OF``.
    targets : number of employers on the Targets sheet (the method's list holds about 40).

    Returns
    -------
    dict
        ``{"Contacts", "Interactions", "Leads", "Targets", "Settings"}`` -> frame, columns
        named as in ``schema`` (``Settings`` has ``key`` and ``value``). Date columns are
        datetime64.

    Examples
    --------
    >>> frames = demo_frames(30, seed=1)
    >>> list(frames), len(frames["Contacts"]), len(frames["Targets"])
    (['Contacts', 'Interactions', 'Leads', 'Targets', 'Settings'], 30, 40)
    >>> bool(frames["Interactions"]["date"].max() <= pd.Timestamp(SAMPLE_AS_OF))
    True
    """
    if n_contacts < 1:
        raise ValueError(f"n_contacts must be at least 1, got {n_contacts}")
    first, last = _resolve_period(start, None, as_of)
    rng = np.random.default_rng(seed)
    forest = _grow_forest(rng, n_contacts, first, last)
    # Sheet order: by the day the name arrived (as a person would add rows).
    order = np.lexsort((forest["id"], forest["added"]))
    position = np.empty_like(order)
    position[order] = np.arange(order.size)
    forest = {key: value[order] for key, value in forest.items()}
    forest["parent"] = np.where(
        forest["parent"] < 0, -1, position[np.maximum(forest["parent"], 0)]
    )
    names = _unique_names(rng, n_contacts)
    contacts, company = _contacts_frame(rng, forest, names)
    interactions, shortcut = _interactions(rng, forest, names, last)
    for column, key in (
        ("contacted_on", "request"),
        ("replied_on", "answer"),
        ("interviewed_on", "interview"),
        ("thank_you_on", "thank_you"),
    ):
        contacts[column] = np.where(shortcut, forest[key], _NAT)
    for column in ("added_on", "contacted_on", "replied_on", "interviewed_on", "thank_you_on"):
        contacts[column] = _datetimes(contacts[column].to_numpy(_ND))
    interactions["date"] = _datetimes(interactions["date"].to_numpy(_ND))
    leads = _leads(rng, forest, names, company, last)
    leads["date"] = _datetimes(leads["date"].to_numpy(_ND))
    # Drawn after everything else, so the other sheets stay as they were before these existed.
    contacts["check_in_days"] = _check_in_days(rng, forest)
    contacts = contacts[[c.name for c in schema.CONTACT_COLUMNS]]
    return {
        schema.CONTACTS: contacts,
        schema.INTERACTIONS: interactions,
        schema.LEADS: leads,
        schema.TARGETS: _targets_frame(rng, company, targets),
        schema.SETTINGS: _settings_frame(last),
    }


def _cell_values(column: pd.Series) -> list:
    """One column as Python cell values: dates as ``datetime.date``, text escaped, blanks None."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return column.to_numpy("datetime64[D]").astype(object).tolist()
    if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        escaped = np.array([escape_formula(value) for value in uniques] + [None], dtype=object)
        return escaped[codes].tolist()
    values = column.astype(object)
    return values.where(column.notna(), None).tolist()


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
# A fixed zip timestamp, so the same frames always give byte-identical files.
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
# Cell styles (cellXfs): 0 plain, 1 date, 2 bold header.
_STYLE_DATE = 1
_STYLE_HEADER = 2
_STYLES_XML = (
    f'{_XML_HEAD}<styleSheet xmlns="{_NS_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class _SharedStrings:
    """The workbook's shared-string table: each distinct text stored once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, values: Sequence[str]) -> np.ndarray:
        """Return the table index of every value, adding new ones."""
        index = self.index
        return np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)

    def xml(self) -> str:
        items = "".join(
            f'<si><t xml:space="preserve">{_xml_text(text)}</t></si>'
            if text != text.strip()
            else f"<si><t>{_xml_text(text)}</t></si>"
            for text in self.index
        )
        count = len(self.index)
        return (
            f'{_XML_HEAD}<sst xmlns="{_NS_MAIN}" count="{count}" uniqueCount="{count}">'
            f"{items}</sst>"
        )


_XML_INVALID = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _xml_text(text: str) -> str:
    """Escape text for an XML text node (and drop characters XML cannot hold)."""
    return (
        text.translate(_XML_INVALID)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _value_cell(ref: str, value: object, strings: _SharedStrings) -> str:
    """One cell of a mixed column (slow path, for the small Settings sheet)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        serial = (np.datetime64(value, "D") - _EXCEL_EPOCH).astype(int)
        return f'<c r="{ref}" s="{_STYLE_DATE}"><v>{serial}</v></c>'
    if isinstance(value, int | float | np.integer | np.floating):
        return f'<c r="{ref}"><v>{value}</v></c>'
    (position,) = strings.add([escape_formula(str(value))])
    return f'<c r="{ref}" t="s"><v>{position}</v></c>'


def _column_cells(
    column: pd.Series, letter: str, rows: list[str], strings: _SharedStrings
) -> list[str]:
    """The ``<c>`` elements of one column, ``""`` for blank cells (vectorised by dtype)."""
    refs = [letter + row for row in rows]
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        days = column.to_numpy("datetime64[D]")
        serial = (days - _EXCEL_EPOCH).astype(np.int64).tolist()
        blank = np.isnat(days).tolist()
        style = _STYLE_DATE
        return [
            "" if b else f'<c r="{r}" s="{style}"><v>{v}</v></c>'
            for r, v, b in zip(refs, serial, blank, strict=True)
        ]
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column):
        values = column.astype(object).where(column.notna(), None).tolist()
        return [
            "" if v is None else f'<c r="{r}"><v>{v}</v></c>'
            for r, v in zip(refs, values, strict=True)
        ]
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object).tolist()
    if all(isinstance(u, str) for u in uniques):
        positions = strings.add([escape_formula(u) for u in uniques]).tolist() + [-1]
        cells = [f"<v>{positions[c]}</v></c>" for c in codes.tolist()]
        return [
            "" if c < 0 else f'<c r="{r}" t="s">{cell}'
            for r, c, cell in zip(refs, codes.tolist(), cells, strict=True)
        ]
    return [_value_cell(r, v, strings) for r, v in zip(refs, column.tolist(), strict=True)]


def _sheet_chunks(frame: pd.DataFrame, strings: _SharedStrings, chunk: int = 20_000):
    """Yield the worksheet XML of ``frame`` in pieces (header bold, frozen, dates formatted)."""
    from openpyxl.utils import get_column_letter

    from netwk_analysis.writing.template import header_label

    letters = [get_column_letter(i) for i in range(1, frame.shape[1] + 1)]
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{12 if _is_short(name) else 20}" customWidth="1"/>'
        for i, name in enumerate(frame.columns, start=1)
    )
    yield (
        f'{_XML_HEAD}<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols>'
        "<sheetData>"
    )
    labels = strings.add([header_label(name) for name in frame.columns]).tolist()
    header = "".join(
        f'<c r="{letter}1" t="s" s="{_STYLE_HEADER}"><v>{label}</v></c>'
        for letter, label in zip(letters, labels, strict=True)
    )
    yield f'<row r="1">{header}</row>'
    for begin in range(0, len(frame), chunk):
        part = frame.iloc[begin : begin + chunk]
        rows = [str(i) for i in range(begin + 2, begin + 2 + len(part))]
        columns = [
            _column_cells(part[name], letter, rows, strings)
            for name, letter in zip(frame.columns, letters, strict=True)
        ]
        yield "".join(
            f'<row r="{row}">{"".join(cells)}</row>'
            for row, *cells in zip(rows, *columns, strict=True)
        )
    yield "</sheetData></worksheet>"


def _is_short(name: str) -> bool:
    return name in ("date", "key", "value", "type", "stage", "status") or name.endswith("_on")


def _write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """Write the frames as a minimal, valid ``.xlsx`` (streamed; byte-identical for equal input).

    openpyxl's write-only mode without lxml manages about 50,000 cells a second, too slow for
    the 100,000-contact benchmark, so the few parts of an Office Open XML package are written
    directly: shared strings, one style sheet (bold header, ``yyyy-mm-dd`` dates), frozen
    header rows and column widths. XlsxWriter in constant-memory mode (``sheets.write_workbook``)
    was measured too: ``netwk demo --contacts 100000`` took about four times the CPU time
    (33 s against 7-9 s), far past the 1.2x allowed, because it writes cell by cell.
    """
    import zipfile

    strings = _SharedStrings()
    titles = list(frames)

    def put(archive: zipfile.ZipFile, name: str, text: str | None = None, chunks=()) -> None:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as handle:
            if text is not None:
                handle.write(text.encode("utf-8"))
            for piece in chunks:
                handle.write(piece.encode("utf-8"))

    sheets_xml = "".join(
        f'<sheet name="{_xml_text(title)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, title in enumerate(titles, start=1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(titles) + 1)
    )
    n = len(titles)
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        put(
            archive,
            "[Content_Types].xml",
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{office}.sharedStrings+xml"/>'
            f"{sheet_types}</Types>",
        )
        put(
            archive,
            "_rels/.rels",
            f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        put(
            archive,
            "xl/workbook.xml",
            f'{_XML_HEAD}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
            f"<bookViews><workbookView/></bookViews><sheets>{sheets_xml}</sheets></workbook>",
        )
        put(
            archive,
            "xl/_rels/workbook.xml.rels",
            f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}">{sheet_rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_NS_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        put(archive, "xl/styles.xml", _STYLES_XML)
        for i, title in enumerate(titles, start=1):
            put(
                archive,
                f"xl/worksheets/sheet{i}.xml",
                chunks=_sheet_chunks(frames[title], strings),
            )
        put(archive, "xl/sharedStrings.xml", strings.xml())


def _write_ods(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """Write the frames as an OpenDocument spreadsheet (pandas + odfpy; fine for small sizes)."""
    from netwk_analysis.writing.template import header_label

    with pd.ExcelWriter(path, engine="odf") as writer:
        for title, frame in frames.items():
            cells = pd.DataFrame({header_label(c): _cell_values(frame[c]) for c in frame.columns})
            cells.to_excel(writer, sheet_name=title, index=False)


def write_demo(
    path: str | Path,
    *,
    contacts: int = SAMPLE_CONTACTS,
    seed: int = 0,
    start: dt.date | None = None,
    weeks: int | None = None,
    as_of: dt.date | None = None,
    overwrite: bool = False,
    targets: int = DEMO_TARGETS,
    on_step=None,
) -> Path:
    """Write a synthetic networking workbook to ``path`` (``.xlsx``, or ``.ods``) and return it.

    Parameters
    ----------
    path : the file to create; a name ending in ``.ods`` writes OpenDocument.
    contacts : number of people on the Contacts sheet.
    seed : random seed; the same arguments always give the same workbook content.
    start, weeks, as_of : the period, any two of them (``weeks`` defaults to 17); without any,
        it ends on ``SAMPLE_AS_OF``. ``as_of`` is written to the Settings sheet.
    overwrite : replace an existing file; by default an existing file is an error.
    targets : number of employers on the Targets sheet.
    on_step : optional ``on_step(label, done, total)`` progress callback (docs/cli.md,
        "Progress"), called as each of the two phases starts and once at the end.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    files.OutputExists
        If ``path`` exists and ``overwrite`` is false.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "demo.xlsx"
    >>> write_demo(target, contacts=20, seed=3).name
    'demo.xlsx'
    """
    path = Path(path)
    step = on_step or (lambda label, done, total: None)
    first, last = _resolve_period(start, weeks, as_of)
    step(f"inventing {contacts:,} people", 0, 2)
    frames = demo_frames(
        contacts, seed=seed, start=first.astype(object), as_of=last.astype(object), targets=targets
    )
    writer = _write_ods if path.suffix.lower() == ".ods" else _write_xlsx
    step(f"writing {path.name}", 1, 2)
    with atomic_path(path, overwrite=overwrite) as temporary:
        writer(frames, temporary)
    step(f"writing {path.name}", 2, 2)
    return path


def write_sample(path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the committed sample workbook (``data/sample_network.xlsx``) to ``path``.

    The content is exactly the committed file's (only the zip timestamps differ): 60 contacts
    over 17 weeks ending on ``SAMPLE_AS_OF``, seed ``SAMPLE_SEED``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> write_sample(pathlib.Path(tempfile.mkdtemp()) / "sample.xlsx").name
    'sample.xlsx'
    """
    return write_demo(
        path,
        contacts=SAMPLE_CONTACTS,
        seed=SAMPLE_SEED,
        weeks=SAMPLE_WEEKS,
        as_of=SAMPLE_AS_OF,
        overwrite=overwrite,
    )
