"""A synthetic LinkedIn data export, for trying ``netwk import linkedin`` and for benchmarks.

``demo_export_files`` builds the four files ``netwk import linkedin`` reads, in LinkedIn's exact
layout (docs/import.md): ``Profile.csv``; ``Connections.csv`` with its "Notes:" lines above the
header and ``04 Dec 2025`` days; ``messages.csv`` with ``2025-12-05 01:20:51 UTC`` times;
``Invitations.csv`` with ``10/21/25, 10:26 PM`` local times. ``write_demo_export`` writes them
as ``Basic_LinkedInDataExport_MM-DD-YYYY.zip`` would hold them, atomically. The story: most
conversations are started by the owner, some people answer (after a few hours or days), some
get a follow-up, a few write first; a few threads are group threads and a few messages drafts;
some people wrote to are not among the connections, some connections share a name and a few are
restricted profiles without one. Generation is vectorised with numpy; every person, company and
message is invented, and message texts are a fixed placeholder.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from netwk_analysis.writing.demo import SAMPLE_AS_OF
from netwk_analysis.writing.files import atomic_path

__all__ = ["OWNER", "demo_export_files", "write_demo_export"]

#: The owner of every synthetic export (Profile.csv).
OWNER = ("Sam", "Rivera")
_OWNER_URL = "https://www.linkedin.com/in/sam-rivera-demo"

_FIRST = (
    "Ada Aiko Alma Amara Anders Anika Arjun Bea Bjorn Bram Camila Cato Chidi Dalia Dario Eamon "
    "Edda Elio Emre Esme Farah Felix Freya Greta Hana Hugo Ilse Imani Ines Ivo Jalen Jana Juno "
    "Kaito Kasia Lars Leila Lucia Mads Maren Mateo Mika Nadia Nico Noor Orla Pavel Petra Quinn "
    "Rafa Remy Rui Selim Signe Silas Tamsin Teo Thea Una Vera Wren Yara Yusuf Zara Zofia"
).split()
_LAST = (
    "Abernethy Amundsen Balogun Brannigan Castellan Chukwu Dalgaard Delacroix Eskildsen Galloway "
    "Grimaldi Haverford Ingersoll Ivanko Jessup Kowalczyk Lindqvist Marchetti Nakashima "
    "Northcote Okonkwo Pemberton Petrakis Radcliffe Rasmussen Sandoval Tamburro Thorvald "
    "Underhill Valderrama Wetherby Yamaguchi Zabrowski Zeller"
).split()
_COMPANIES = (
    "Northwind Analytics,Bluefin Health,Copperleaf Logistics,Driftwood Labs,Evergreen Energy,"
    "Foxglove Retail,Granite Media,Harborview Insights,Ironbark Robotics,Juniper Foods,"
    "Kestrel Capital,Lakeshore Systems,Meridian Mobility,Nimbus Studio,Oakridge Learning"
).split(",")
_POSITIONS = (
    "Data Analyst,Analytics Manager,Product Manager,UX Researcher,Operations Lead,"
    "Data Scientist,Program Manager,Engineering Manager,Recruiter,Founder"
).split(",")
_NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\n'
    "\n"
)
_PLACEHOLDER = "(synthetic message)"
# Endings that make last names varied enough for few repeated names; strangers (people wrote to
# who are not connections) get endings of their own, so their names are not connections' names.
_SUFFIXES = ("", "-Reyes", "-Hale", "-Lind", "-Ross", "-Cole", "-Ward", "-Moss", "-Park")
_STRANGER_SUFFIXES = ("-Vance", "-Quill", "-Stroud")


def demo_export_files(
    connections: int = 200,
    messages: int = 400,
    *,
    seed: int = 0,
    newest: dt.date = SAMPLE_AS_OF,
) -> dict[str, str]:
    """The text of ``Profile.csv``, ``Connections.csv``, ``messages.csv`` and
    ``Invitations.csv`` of a synthetic export whose newest message is on ``newest``.

    Examples
    --------
    >>> files = demo_export_files(50, 80, seed=1)
    >>> sorted(files)
    ['Connections.csv', 'Invitations.csv', 'Profile.csv', 'messages.csv']
    >>> files["Connections.csv"].splitlines()[0], len(files["messages.csv"].splitlines())
    ('Notes:', 81)
    """
    rng = np.random.default_rng(seed)
    people = _people(rng, connections)
    strangers = _people(rng, max(1, connections // 10), suffixes=_STRANGER_SUFFIXES)
    profile = pd.DataFrame(
        [[OWNER[0], OWNER[1], "", "", "", "Career changer", "", "", "", "", "", "", ""]],
        columns=[
            "First Name",
            "Last Name",
            "Maiden Name",
            "Address",
            "Birth Date",
            "Headline",
            "Summary",
            "Industry",
            "Zip Code",
            "Geo Location",
            "Twitter Handles",
            "Websites",
            "Instant Messengers",
        ],
    )
    return {
        "Profile.csv": profile.to_csv(index=False),
        "Connections.csv": _NOTES + _connections(rng, people, newest).to_csv(index=False),
        "messages.csv": _messages(rng, people, strangers, messages, newest).to_csv(index=False),
        "Invitations.csv": _invitations(rng, people, newest).to_csv(index=False),
    }


def write_demo_export(
    path: str | Path,
    *,
    connections: int = 200,
    messages: int = 400,
    seed: int = 0,
    newest: dt.date = SAMPLE_AS_OF,
    overwrite: bool = False,
) -> Path:
    """Write a synthetic export as a zip at ``path`` (see ``demo_export_files``); return it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "Basic_LinkedInDataExport_11-27-2026.zip"
    >>> write_demo_export(target, connections=20, messages=30).name
    'Basic_LinkedInDataExport_11-27-2026.zip'
    """
    path = Path(path)
    files = demo_export_files(connections, messages, seed=seed, newest=newest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    with atomic_path(path, overwrite=overwrite) as temporary:
        temporary.write_bytes(buffer.getvalue())
    return path


def _people(rng: np.random.Generator, n: int, *, suffixes=_SUFFIXES) -> pd.DataFrame:
    """``n`` invented people; a name repeats now and then, as in a real network."""
    first = np.asarray(_FIRST, dtype=object)[rng.integers(0, len(_FIRST), n)]
    last = np.asarray(_LAST, dtype=object)[rng.integers(0, len(_LAST), n)]
    last = last + np.asarray(suffixes, dtype=object)[rng.integers(0, len(suffixes), n)]
    number = pd.Series(rng.integers(1, 10**8, n)).astype(str)
    slug = pd.Series(first + "-" + last).str.lower() + "-" + number
    return pd.DataFrame(
        {"first": first, "last": last, "url": "https://www.linkedin.com/in/" + slug}
    )


def _connections(rng: np.random.Generator, people: pd.DataFrame, newest: dt.date) -> pd.DataFrame:
    n = len(people)
    restricted = rng.random(n) < 0.02
    days = pd.Timestamp(newest) - pd.to_timedelta(rng.integers(0, 5 * 365, n), unit="D")
    company = np.asarray(_COMPANIES, dtype=object)[rng.integers(0, len(_COMPANIES), n)]
    email = np.where(
        rng.random(n) < 0.1,
        people["first"].str.lower()
        + "@"
        + pd.Series(company).str.split().str[0].str.lower()
        + ".example",
        "",
    )
    return pd.DataFrame(
        {
            "First Name": np.where(restricted, "", people["first"]),
            "Last Name": np.where(restricted, "", people["last"]),
            "URL": np.where(restricted, "", people["url"]),
            "Email Address": np.where(restricted, "", email),
            "Company": np.where(restricted, "", company),
            "Position": np.where(
                restricted, "", np.asarray(_POSITIONS, dtype=object)[rng.integers(0, 10, n)]
            ),
            "Connected On": pd.Series(days).dt.strftime("%d %b %Y"),
        }
    )


def _messages(
    rng: np.random.Generator,
    people: pd.DataFrame,
    strangers: pd.DataFrame,
    total: int,
    newest: dt.date,
) -> pd.DataFrame:
    """``total`` messages in conversations of 1-5 messages over the last 200 days."""
    lengths = rng.integers(1, 6, max(1, total // 2))
    lengths = lengths[np.cumsum(lengths) - lengths < total]
    lengths[-1] -= max(0, int(lengths.sum()) - total)
    n_conv = lengths.size
    conversation = np.repeat(np.arange(n_conv), lengths)
    position = np.arange(conversation.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    pool = pd.concat([people, strangers], ignore_index=True)
    cold = rng.random(n_conv) < 0.15
    person = np.where(
        cold,
        len(people) + rng.integers(0, len(strangers), n_conv),
        rng.integers(0, len(people), n_conv),
    )
    group = rng.random(n_conv) < 0.04
    second = rng.integers(0, len(people), n_conv)
    owner_starts = rng.random(n_conv) < 0.8
    from_owner = np.where(
        position == 0, owner_starts[conversation], rng.random(conversation.size) < 0.5
    )
    end = pd.Timestamp(newest) + pd.Timedelta(hours=12)
    start = end - pd.to_timedelta(rng.integers(2 * 24, 200 * 24, n_conv), unit="h")
    gap = pd.to_timedelta(rng.exponential(40, conversation.size).round(2), unit="h")
    elapsed = pd.Series(gap).groupby(conversation).cumsum().to_numpy()
    moment = (start[conversation] + elapsed).to_numpy()
    moment = np.minimum(moment, end.to_datetime64())
    moment[-1] = end.to_datetime64()  # the newest message is on ``newest``
    names = (pool["first"] + " " + pool["last"]).to_numpy()
    urls = pool["url"].to_numpy()
    other_name, other_url = names[person][conversation], urls[person][conversation]
    group_at = group[conversation]
    to_names = np.where(group_at, other_name + ", " + names[second][conversation], other_name)
    to_urls = np.where(group_at, other_url + ";" + urls[second][conversation], other_url)
    owner_name = " ".join(OWNER)
    draft = rng.random(conversation.size) < 0.01
    return pd.DataFrame(
        {
            "CONVERSATION ID": "2-demo" + pd.Series(conversation).astype(str).str.zfill(8),
            "CONVERSATION TITLE": "",
            "FROM": np.where(from_owner, owner_name, other_name),
            "SENDER PROFILE URL": np.where(from_owner, _OWNER_URL, other_url),
            "TO": np.where(from_owner, to_names, owner_name),
            "RECIPIENT PROFILE URLS": np.where(from_owner, to_urls, _OWNER_URL),
            "DATE": pd.Series(moment).dt.strftime("%Y-%m-%d %H:%M:%S UTC"),
            "SUBJECT": "",
            "CONTENT": _PLACEHOLDER,
            "FOLDER": np.where(draft & from_owner, "DRAFT", "INBOX"),
        }
    )


def _invitations(rng: np.random.Generator, people: pd.DataFrame, newest: dt.date) -> pd.DataFrame:
    """About one invitation per five connections over the last 300 days."""
    n = max(1, len(people) // 5)
    who = rng.integers(0, len(people), n)
    outgoing = rng.random(n) < 0.6
    sent = pd.Timestamp(newest) - pd.to_timedelta(rng.integers(0, 300 * 24 * 60, n), unit="min")
    name = (people["first"] + " " + people["last"]).to_numpy()[who]
    url = people["url"].to_numpy()[who]
    owner_name = " ".join(OWNER)
    return pd.DataFrame(
        {
            "From": np.where(outgoing, owner_name, name),
            "To": np.where(outgoing, name, owner_name),
            "Sent At": pd.Series(sent).dt.strftime("%m/%d/%y, %I:%M %p"),
            "Message": np.where(rng.random(n) < 0.5, _PLACEHOLDER, ""),
            "Direction": np.where(outgoing, "OUTGOING", "INCOMING"),
            "inviterProfileUrl": np.where(outgoing, _OWNER_URL, url),
            "inviteeProfileUrl": np.where(outgoing, url, _OWNER_URL),
        }
    )
