"""Read a LinkedIn data export into the workbook's sheets: ``netwk import linkedin``.

``read_linkedin_export`` takes the archive LinkedIn sends (``Basic_LinkedInDataExport_...zip``)
or the folder it unzips to and returns the Contacts, Interactions and Settings frames of a new
workbook plus an ``ImportSummary`` (what was imported, what was skipped and why). The rules are
those of docs/import.md: contacts from ``Connections.csv``; requests, follow-ups and replies
inferred from ``messages.csv`` and ``Invitations.csv`` inside a window; people matched by profile
address, then by name. No message text, subject or conversation title is ever copied: those
columns are not even loaded. The archive goes through the same guards as a workbook (zip-bomb
limits, parts read through ``guards.open_part_limited``); no path from inside it is ever
written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from netwk_analysis.core import schema
from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading.dates import resolve_zone
from netwk_analysis.reading.guards import (
    MAX_PART_BYTES,
    ZIP_MAGICS,
    check_zip_sizes,
    open_part_limited,
)

__all__ = [
    "DEFAULT_WINDOW_DAYS",
    "EXPORT_FILES",
    "ImportSummary",
    "LinkedInImport",
    "clean_names",
    "distinct_names",
    "read_linkedin_export",
]

#: Days before the newest message where the window starts when ``since`` is not given.
DEFAULT_WINDOW_DAYS = 180
#: The files of the export that are read (any others are left alone).
EXPORT_FILES = ("Connections.csv", "messages.csv", "Invitations.csv", "Profile.csv")

_CONNECTION_COLUMNS = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
# CONVERSATION TITLE, SUBJECT and CONTENT are deliberately absent: never loaded, never copied.
_MESSAGE_COLUMNS = (
    "CONVERSATION ID",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "FOLDER",
    "IS MESSAGE DRAFT",
)
_INVITATION_COLUMNS = (
    "From",
    "To",
    "Sent At",
    "Message",
    "Direction",
    "inviterProfileUrl",
    "inviteeProfileUrl",
)
_PROFILE_COLUMNS = ("First Name", "Last Name")
_SENT_AT = "%m/%d/%y, %I:%M %p"  # Invitations.csv: 10/21/25, 10:26 PM (local time)
_HEADER_LOOK = 20  # the header is among the first 20 non-blank lines
_ZERO_WIDTH = "[\u200b\u200c\u200d\u2060\ufeff]"
_TYPE_ORDER = {kind: i for i, kind in enumerate(schema.INTERACTION_TYPES)}


@dataclass(frozen=True)
class ImportSummary:
    """What an import took in and what it left out, with the reasons.

    ``skipped`` maps a reason (``"group conversations"``) to a count; only reasons that
    happened are present.
    """

    owner: str | None
    owner_from: str
    since: dt.date | None
    connections: int
    cold: int
    requests: int
    follow_ups: int
    replies: int
    skipped: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The summary as lines of text, for the terminal.

        Examples
        --------
        >>> summary = ImportSummary("Sam Rivera", "Profile.csv", dt.date(2026, 6, 1), 3, 1, 2,
        ...                         1, 1, {"group conversations": 2})
        >>> print("\\n".join(summary.lines()))
        owner: Sam Rivera (from Profile.csv); window from 2026-06-01
        contacts: 4 (3 connections, 1 not among your connections)
        interactions: 2 requests, 1 follow-ups, 1 replies
        skipped: 2 group conversations
        """
        since = f"window from {self.since:%Y-%m-%d}" if self.since else "nothing dated"
        lines = [
            f"owner: {self.owner or 'unknown'} (from {self.owner_from}); {since}",
            f"contacts: {self.connections + self.cold} ({self.connections} connections, "
            f"{self.cold} not among your connections)",
            f"interactions: {self.requests} requests, {self.follow_ups} follow-ups, "
            f"{self.replies} replies",
        ]
        if self.skipped:
            reasons = "; ".join(f"{count} {reason}" for reason, count in self.skipped.items())
            lines.append(f"skipped: {reasons}")
        return lines


@dataclass(frozen=True)
class LinkedInImport:
    """The sheets of the new workbook (``Contacts``, ``Interactions``, ``Settings``) and the
    summary of the import."""

    frames: dict[str, pd.DataFrame]
    summary: ImportSummary


def read_linkedin_export(
    path: str | Path,
    *,
    since: dt.date | None = None,
    me: str | None = None,
    timezone: str | None = None,
) -> LinkedInImport:
    """Read a LinkedIn export (its zip or its folder) into workbook frames (docs/import.md).

    Parameters
    ----------
    path : the ``Basic_LinkedInDataExport_MM-DD-YYYY.zip`` archive or the folder it unzips to.
    since : first day of the window; default ``DEFAULT_WINDOW_DAYS`` days before the newest
        message (else the newest invitation, else the newest connection).
    me : the owner's name when the export has no ``Profile.csv``; without either, the person
        in the most messages.
    timezone : IANA zone that message times (UTC) are converted to before their day is taken;
        default the computer's zone.

    Returns
    -------
    LinkedInImport
        ``frames``: ``Contacts`` and ``Interactions`` (canonical columns) and ``Settings``
        (``key``/``value`` with ``since``); ``summary``: counts and skip reasons.

    Raises
    ------
    UnreadableWorkbook
        The path is not an export (no ``Connections.csv``), or the archive is refused by the
        guards.
    """
    files = _export_texts(Path(path))
    zone = resolve_zone(timezone)
    skipped: dict[str, int] = {}
    connections = _connections(files["connections.csv"], skipped)
    messages = _messages(files.get("messages.csv"), zone, skipped)
    owner, owner_from = _owner(files.get("profile.csv"), me, messages)
    invitations = _invitations(files.get("invitations.csv"), skipped)
    since = since or _default_since(messages, invitations, connections)
    touches = _message_touches(messages, owner, since, skipped)
    people = _people(connections, touches, invitations, since, skipped)
    contacts, interactions = people
    summary = ImportSummary(
        owner=owner,
        owner_from=owner_from,
        since=since,
        connections=int((contacts["source"] == "known").sum()),
        cold=int((contacts["source"] == "cold").sum()),
        requests=int((interactions["type"] == "request").sum()),
        follow_ups=int((interactions["type"] == "follow_up").sum()),
        replies=int((interactions["type"] == "reply").sum()),
        skipped={reason: count for reason, count in skipped.items() if count},
    )
    settings = pd.DataFrame({"key": ["since"], "value": pd.array([since], dtype=object)})
    frames = {
        schema.CONTACTS: contacts,
        schema.INTERACTIONS: interactions,
        schema.SETTINGS: settings,
    }
    return LinkedInImport(frames=frames, summary=summary)


# --- the export's files ---------------------------------------------------------------------


def _export_texts(path: Path) -> dict[str, str]:
    """The text of each file of ``EXPORT_FILES`` found, keyed by its lower-case name.

    A file is looked for at the top of the export and one folder down. Each is read through
    the size guards and decoded as UTF-8 (with or without a byte-order mark), else as
    Windows-1252.
    """
    name = path.name
    wanted = {file.lower() for file in EXPORT_FILES}
    if not path.exists():
        raise UnreadableWorkbook(f"{name} does not exist; check the path and the spelling")
    if path.is_dir():
        found = _folder_bytes(path, wanted, name)
    elif _starts_like_a_zip(path):
        found = _zip_bytes(path, wanted, name)
    else:
        raise UnreadableWorkbook(
            f"{name} is neither a zip archive nor a folder; give the "
            "Basic_LinkedInDataExport_...zip LinkedIn sent you, or the folder it unzips to"
        )
    if "connections.csv" not in found:
        raise UnreadableWorkbook(
            f"{name} holds no Connections.csv; is it a LinkedIn data export "
            "(Basic_LinkedInDataExport_...zip or its folder)?"
        )
    return {key: _decode(data) for key, data in found.items()}


def _starts_like_a_zip(path: Path) -> bool:
    """Whether the file starts as a zip archive does (a cut-short one included)."""
    with path.open("rb") as handle:
        return handle.read(4) in ZIP_MAGICS


def _depth_first(names: list[str]) -> list[str]:
    """Names ordered so that the file nearest the top wins when a name is found twice."""
    return sorted(names, key=lambda part: (part.count("/"), part))


def _zip_bytes(path: Path, wanted: set[str], name: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip_sizes(archive, name=name)
            parts = [
                info.filename
                for info in archive.infolist()
                if not info.is_dir() and info.filename.count("/") <= 1
            ]
            for part in _depth_first(parts):
                key = part.rsplit("/", 1)[-1].lower()
                if key not in wanted or key in found:
                    continue
                if archive.getinfo(part).flag_bits & 0x1:
                    raise UnreadableWorkbook(
                        f"{name} is password-protected; unzip it yourself and give the folder"
                    )
                with open_part_limited(archive, part, MAX_PART_BYTES, name=name) as stream:
                    found[key] = stream.read()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
        raise UnreadableWorkbook(
            f"{name} is damaged or incomplete; download the export from LinkedIn again"
        ) from error
    return found


def _folder_bytes(path: Path, wanted: set[str], name: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    files = [p for p in (*path.iterdir(), *path.glob("*/*")) if p.is_file()]
    for file in sorted(files, key=lambda p: (len(p.relative_to(path).parts), str(p))):
        key = file.name.lower()
        if key not in wanted or key in found:
            continue
        if file.stat().st_size > MAX_PART_BYTES:
            raise UnreadableWorkbook(f"{name}: {file.name} is larger than 1 GiB; refusing it")
        found[key] = file.read_bytes()
    return found


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _header_key(text: str) -> str:
    return schema.match_key(text)


def _csv_frame(text: str | None, columns: tuple[str, ...], file: str) -> pd.DataFrame:
    """The CSV's rows under its header, with only ``columns`` (missing ones empty text).

    The header row is found, not assumed: the first of the first 20 non-blank lines that holds
    at least two of ``columns`` (LinkedIn puts "Notes:" lines above the header of
    Connections.csv). Every cell is read as text; a column not in ``columns`` is never loaded.
    """
    keys = {_header_key(column): column for column in columns}
    if text is None:
        return pd.DataFrame({column: pd.Series(dtype=str) for column in columns})
    offset, seen = 0, 0
    start = None
    for line in text.splitlines(keepends=True):
        if line.strip():
            cells = next(csv.reader([line]), [])
            if sum(_header_key(cell) in keys for cell in cells) >= 2:
                start = offset
                break
            seen += 1
            if seen >= _HEADER_LOOK:
                break
        offset += len(line)
    if start is None:
        return pd.DataFrame({column: pd.Series(dtype=str) for column in columns})
    try:
        frame = pd.read_csv(
            io.StringIO(text[start:]),
            dtype=str,
            keep_default_na=False,
            usecols=lambda header: _header_key(header) in keys,
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as error:
        reason = str(error).strip().splitlines()[-1]
        raise UnreadableWorkbook(
            f"{file} of the export cannot be read as CSV ({reason}); download the export again"
        ) from None
    frame.columns = [keys[_header_key(header)] for header in frame.columns]
    frame = frame.loc[:, ~frame.columns.duplicated()]
    for column in columns:
        if column not in frame:
            frame[column] = ""
    return frame[list(columns)].fillna("")


def clean_names(text: pd.Series) -> pd.Series:
    """Names as every output shows them: Unicode NFC, zero-width characters removed, no-break
    spaces and runs of spaces as one space, trimmed (docs/import.md).

    Examples
    --------
    >>> clean_names(pd.Series(["  Ana\\u00a0 Lima\\u200b ", "Jose\\u0301"])).tolist()
    ['Ana Lima', 'José']
    """
    return _per_distinct(text, _clean_distinct)


def _clean_distinct(text: pd.Series) -> pd.Series:
    text = text.str.normalize("NFC").str.replace(_ZERO_WIDTH, "", regex=True)
    return text.str.replace(r"\s+", " ", regex=True).str.strip()


def _per_distinct(text: pd.Series, convert) -> pd.Series:
    """``convert`` applied to the distinct values of ``text`` only (names and addresses repeat
    in every message), spread back to every row; blanks become ``""``."""
    codes, distinct = pd.factorize(text.fillna("").astype(str))
    converted = convert(pd.Series(distinct, dtype=str)).to_numpy(dtype=object)
    return pd.Series(converted[codes], index=text.index, dtype=str)


def _name_key(names: pd.Series) -> pd.Series:
    return names.str.casefold()


def _url_key(urls: pd.Series) -> pd.Series:
    """Matching form of a profile address: no scheme, no ``www.``, no query, no trailing ``/``,
    lower case (``https://www.linkedin.com/in/Ana-Lima/`` -> ``linkedin.com/in/ana-lima``)."""
    return _per_distinct(urls, _url_key_distinct)


def _url_key_distinct(urls: pd.Series) -> pd.Series:
    text = urls.str.strip().str.lower()
    text = text.str.replace(r"^[a-z]+://", "", regex=True).str.replace(r"^www\.", "", regex=True)
    return text.str.replace(r"[?#].*$", "", regex=True).str.rstrip("/")


# --- contacts -------------------------------------------------------------------------------


def _connections(text: str, skipped: dict[str, int]) -> pd.DataFrame:
    """One row per named connection: name = First + " " + Last, company, role = Position,
    email, linkedin = URL, added_on = Connected On, source ``known`` (docs/import.md); rows with
    no name (restricted profiles) are skipped and counted."""
    rows = _csv_frame(text, _CONNECTION_COLUMNS, "Connections.csv")
    name = clean_names(rows["First Name"] + " " + rows["Last Name"])
    named = name != ""
    skipped["connections without a name (restricted profiles)"] = int((~named).sum())
    added = pd.to_datetime(rows["Connected On"].str.strip(), format="%d %b %Y", errors="coerce")
    frame = pd.DataFrame(
        {
            "base": name,
            "company": rows["Company"].str.strip(),
            "role": rows["Position"].str.strip(),
            "email": rows["Email Address"].str.strip(),
            "linkedin": rows["URL"].str.strip(),
            "added_on": added,
            "source": "known",
        }
    )
    return frame[named].reset_index(drop=True)


def distinct_names(names: pd.Series, companies: pd.Series) -> pd.Series:
    """Names made unique: a second person with a name gets `` (Company)`` appended, or `` (2)``
    when that is taken too (or there is no company); the third `` (3)``, and so on.

    Names are compared case-folded; a name as given always wins over a made-up one.

    Examples
    --------
    >>> names = pd.Series(["Ana Lima", "Ana Lima", "Ana Lima", "Bo Chen"])
    >>> distinct_names(names, pd.Series(["Acme", "Bolt", "Bolt", ""])).tolist()
    ['Ana Lima', 'Ana Lima (Bolt)', 'Ana Lima (3)', 'Bo Chen']
    """
    names = names.reset_index(drop=True)
    companies = companies.reset_index(drop=True).fillna("").astype(str).str.strip()
    occurrence = names.groupby(_name_key(names)).cumcount()
    numbered = names + " (" + (occurrence + 1).astype(str) + ")"
    chosen = names.where(occurrence == 0, names + " (" + companies + ")")
    chosen = chosen.where((occurrence == 0) | (companies != ""), numbered)
    # Given names first, then made-up ones in order: a later clash is renumbered.
    order = np.lexsort((np.arange(len(names)), (occurrence > 0).to_numpy()))
    bump = 0
    while True:
        keys = _name_key(chosen).iloc[order]
        clash = keys.duplicated(keep="first").reindex(chosen.index)
        if not clash.any():
            return chosen
        chosen[clash] = names[clash] + " (" + (occurrence[clash] + 1 + bump).astype(str) + ")"
        bump += 1


def _owner(profile: str | None, me: str | None, messages: pd.DataFrame) -> tuple[str | None, str]:
    """The export's owner: Profile.csv's First + Last Name, else ``me``, else the person named
    in the most messages (as sender or recipient)."""
    rows = _csv_frame(profile, _PROFILE_COLUMNS, "Profile.csv")
    if len(rows):
        name = clean_names(rows["First Name"] + " " + rows["Last Name"]).iloc[0]
        if name:
            return name, "Profile.csv"
    if me and clean_names(pd.Series([me])).iloc[0]:
        return clean_names(pd.Series([me])).iloc[0], "--me"
    names = pd.concat([messages["sender"], messages["recipient"]], ignore_index=True)
    names = names[names != ""]
    if names.empty:
        return None, "nowhere: no Profile.csv, no --me, no messages"
    keys = _name_key(names)
    top = keys.value_counts().index[0]
    return names[keys == top].iloc[0], "the most messages"


# --- messages -------------------------------------------------------------------------------


def _messages(text: str | None, zone, skipped: dict[str, int]) -> pd.DataFrame:
    """Messages with their local day: drafts and unreadable dates left out (and counted)."""
    rows = _csv_frame(text, _MESSAGE_COLUMNS, "messages.csv")
    draft = rows["FOLDER"].str.strip().str.upper().eq("DRAFT") | rows[
        "IS MESSAGE DRAFT"
    ].str.strip().str.lower().isin(("yes", "true"))
    skipped["draft messages"] = int(draft.sum())
    rows = rows[~draft]
    stamp = rows["DATE"].str.strip().str.replace(r"\s*UTC$", "+00:00", regex=True)
    moment = pd.to_datetime(stamp, format="ISO8601", utc=True, errors="coerce")
    skipped["messages with an unreadable date"] = int(moment.isna().sum())
    keep = moment.notna()
    rows, moment = rows[keep], moment[keep]
    local = moment.dt.tz_convert(zone)
    return pd.DataFrame(
        {
            "conversation": rows["CONVERSATION ID"].str.strip(),
            "sender": clean_names(rows["FROM"]),
            "sender_url": _url_key(rows["SENDER PROFILE URL"]),
            "sender_link": rows["SENDER PROFILE URL"].str.strip(),
            "recipient": clean_names(rows["TO"]),
            "recipient_urls": rows["RECIPIENT PROFILE URLS"].str.strip(),
            "moment": moment,
            "day": local.dt.tz_localize(None).dt.normalize().astype("datetime64[s]"),
            "order": np.arange(len(rows)),
        }
    ).reset_index(drop=True)


def _default_since(
    messages: pd.DataFrame, invitations: pd.DataFrame, connections: pd.DataFrame
) -> dt.date | None:
    """``DEFAULT_WINDOW_DAYS`` days before the newest message (else invitation, else
    connection); None for an export with no dates at all."""
    for days in (messages["day"], invitations["day"], connections["added_on"]):
        newest = days.max()
        if pd.notna(newest):
            return (newest - pd.Timedelta(days=DEFAULT_WINDOW_DAYS)).date()
    return None


def _message_touches(
    messages: pd.DataFrame, owner: str | None, since: dt.date | None, skipped: dict[str, int]
) -> pd.DataFrame:
    """Requests, follow-ups and replies from one-to-one conversations in the window
    (docs/import.md, "What is inferred").

    Per conversation, in time order: the owner's first message is a ``request`` when it is the
    first message of the conversation in the window; the owner's later messages before any
    answer are ``follow_up`` s, one per day and not on the request's day; the other person's
    first message is the ``reply``. Nothing after the reply counts, and a conversation the
    other person started gives nothing.
    """
    columns = ["day", "type", "person", "person_url", "link"]
    if messages.empty or owner is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    in_window = messages["day"] >= pd.Timestamp(since or dt.date.min)
    skipped[f"messages before {since}"] = int((~in_window).sum())
    m = messages[in_window].copy()
    owner_key = owner.casefold()
    mine = _name_key(m["sender"]) == owner_key
    owner_urls = set(m.loc[mine & (m["sender_url"] != ""), "sender_url"])
    mine |= m["sender_url"].isin(owner_urls) & (m["sender_url"] != "")
    m["mine"] = mine
    recipients = _count_parts(m["recipient_urls"], ";")
    recipients = recipients.where(recipients > 0, _count_parts(m["recipient"], ","))
    first_link = m["recipient_urls"].str.split(";").str[0].fillna("").str.strip()
    m["person"] = m["recipient"].where(mine, m["sender"])
    m["person_url"] = _url_key(first_link).where(mine, m["sender_url"])
    m["link"] = first_link.where(mine, m["sender_link"])
    # A conversation is one-to-one when no message has several recipients and it involves a
    # single other person: by profile address, or by name where no message carries one (a
    # person who changed their display name is still one person).
    several = (recipients > 1).groupby(m["conversation"]).transform("any")
    names = _name_key(m["person"]).where(m["person"] != "")
    urls = m["person_url"].where(m["person_url"] != "")
    addresses = urls.groupby(m["conversation"]).transform("nunique")
    crowd = (
        several
        | (addresses > 1)
        | ((addresses == 0) & (names.groupby(m["conversation"]).transform("nunique") > 1))
    )
    skipped["group conversations"] = int(m.loc[crowd, "conversation"].nunique())
    m = m[~crowd].sort_values(["conversation", "moment", "order"], kind="stable")
    by = m.groupby("conversation", sort=False)
    first = by.cumcount() == 0
    started_by_me = by["mine"].transform("first").astype(bool)
    skipped["conversations the other person started"] = int(
        m.loc[~started_by_me, "conversation"].nunique()
    )
    answered_before = (~m["mine"]).astype(int).groupby(m["conversation"]).cumsum()
    request_day = by["day"].transform("first")
    request = started_by_me & first
    reply = started_by_me & ~m["mine"] & (answered_before == 1)
    follow = (
        started_by_me & m["mine"] & ~first & (answered_before == 0) & (m["day"] != request_day)
    )
    m["type"] = np.select([request, reply, follow], ["request", "reply", "follow_up"], "")
    # Who the conversation is with: its first name and address given.
    for column in ("person", "person_url", "link"):
        values = m[column].where(m[column] != "")
        m[column] = values.groupby(m["conversation"]).transform("first").fillna("")
    touches = m[m["type"] != ""].drop_duplicates(["conversation", "day", "type"])
    return touches[columns].reset_index(drop=True)


def _count_parts(text: pd.Series, separator: str) -> pd.Series:
    """How many non-blank parts ``text`` holds between ``separator`` s.

    Examples
    --------
    >>> _count_parts(pd.Series(["a; b", "", " ;a;", "a"]), ";").tolist()
    [2, 0, 1, 1]
    """
    parts = text.str.replace(rf"\s*{separator}[\s{separator}]*", separator, regex=True)
    parts = parts.str.strip().str.strip(separator)
    return (parts.str.count(separator) + 1).where(parts != "", 0).astype(int)


# --- invitations ----------------------------------------------------------------------------


def _invitations(text: str | None, skipped: dict[str, int]) -> pd.DataFrame:
    """Invitations with their day (``Sent At`` is local time), direction and whether they
    carried a message; the message itself is dropped at once."""
    rows = _csv_frame(text, _INVITATION_COLUMNS, "Invitations.csv")
    sent = pd.to_datetime(
        rows["Sent At"].str.strip(), format="%m/%d/%y, %I:%M %p", errors="coerce"
    )
    skipped["invitations with an unreadable date"] = int(sent.isna().sum())
    return pd.DataFrame(
        {
            "day": sent.dt.normalize().astype("datetime64[s]"),
            "outgoing": rows["Direction"].str.strip().str.upper().eq("OUTGOING"),
            "with_message": rows["Message"].str.strip() != "",
            "person": clean_names(rows["To"]),
            "person_url": _url_key(rows["inviteeProfileUrl"]),
            "link": rows["inviteeProfileUrl"].str.strip(),
        }
    )[sent.notna()]


def _invitation_touches(
    invitations: pd.DataFrame, since: dt.date | None, skipped: dict[str, int]
) -> pd.DataFrame:
    """Outgoing invitations with a message in the window: candidate requests (docs/import.md:
    "invitations without a message and incoming ones give none")."""
    incoming = ~invitations["outgoing"]
    bare = invitations["outgoing"] & ~invitations["with_message"]
    early = (
        invitations["day"] < pd.Timestamp(since)
        if since
        else pd.Series(False, index=invitations.index)
    )
    skipped["incoming invitations"] = int(incoming.sum())
    skipped["invitations without a message"] = int(bare.sum())
    kept = ~incoming & ~bare
    skipped[f"invitations before {since}"] = int((kept & early).sum())
    touches = invitations[kept & ~early].assign(type="request")
    return touches[["day", "type", "person", "person_url", "link"]]


# --- people ---------------------------------------------------------------------------------


def _people(
    connections: pd.DataFrame,
    touches: pd.DataFrame,
    invitations: pd.DataFrame,
    since: dt.date | None,
    skipped: dict[str, int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contacts and Interactions: every touch matched to a connection by address, then by
    name; people not among the connections added as ``cold``; an invitation kept only for
    someone with no request on or before its day."""
    invited = _invitation_touches(invitations, since, skipped)
    touches = pd.concat(
        [touches.assign(invitation=False), invited.assign(invitation=True)], ignore_index=True
    )
    connection_urls = _url_key(connections["linkedin"])
    by_url = pd.Series(np.arange(len(connections)), index=connection_urls)
    by_url = by_url[(by_url.index != "") & ~by_url.index.duplicated()]
    by_name = pd.Series(np.arange(len(connections)), index=_name_key(connections["base"]))
    by_name = by_name[~by_name.index.duplicated()]
    person = touches["person_url"].map(by_url)
    person = person.fillna(_name_key(touches["person"]).map(by_name))
    # Not among the connections: one new person per address (else per name).
    strangers = person.isna()
    identity = touches["person_url"].where(
        touches["person_url"] != "", "name:" + _name_key(touches["person"])
    )
    nameless = strangers & (touches["person"] == "") & (touches["person_url"] == "")
    skipped["messages or invitations with nobody named"] = int(nameless.sum())
    touches, person, identity = touches[~nameless], person[~nameless], identity[~nameless]
    strangers = person.isna()
    codes, _ = pd.factorize(identity[strangers])
    person[strangers] = len(connections) + codes
    touches = touches.assign(person_id=person.astype(np.int64))
    touches = _first_invitations(touches, skipped)
    stranger_rows = touches[touches["person_id"] >= len(connections)].sort_values("day")
    firsts = stranger_rows.groupby("person_id", sort=True).agg(
        base=("person", "first"), linkedin=("link", "first"), added_on=("day", "min")
    )
    cold = firsts.assign(company="", role="", email="", source="cold")
    everyone = pd.concat([connections, cold.reset_index(drop=True)], ignore_index=True)
    everyone["base"] = everyone["base"].where(everyone["base"] != "", everyone["linkedin"])
    everyone["name"] = distinct_names(everyone["base"], everyone["company"])
    people_ids = np.concatenate([np.arange(len(connections)), firsts.index.to_numpy()])
    name_of = pd.Series(everyone["name"].to_numpy(), index=people_ids)
    interactions = pd.DataFrame(
        {
            "date": touches["day"].to_numpy(),
            "contact": touches["person_id"].map(name_of).to_numpy(),
            "type": touches["type"].to_numpy(),
            "channel": "linkedin",
            "notes": np.where(touches["invitation"], "LinkedIn invitation", "LinkedIn message"),
        }
    )
    rank = interactions["type"].map(_TYPE_ORDER)
    interactions = (
        interactions.assign(rank=rank)
        .sort_values(["date", "contact", "rank"], kind="stable")
        .drop(columns="rank")
        .reset_index(drop=True)
    )
    contacts = everyone[["name", "company", "role", "email", "linkedin", "source", "added_on"]]
    return contacts, interactions


def _first_invitations(touches: pd.DataFrame, skipped: dict[str, int]) -> pd.DataFrame:
    """Drop an invitation to someone already asked: a message request on or before its day,
    or an earlier invitation."""
    invitation = touches["invitation"]
    requested = touches[~invitation & (touches["type"] == "request")]
    first_request = requested.groupby("person_id")["day"].min()
    asked_day = pd.Series(
        first_request.reindex(touches["person_id"].to_numpy()).to_numpy(), index=touches.index
    )
    already = invitation & asked_day.notna() & (asked_day <= touches["day"])
    ordered = touches[invitation & ~already].sort_values("day", kind="stable")
    repeat = ordered["person_id"].duplicated(keep="first").reindex(touches.index, fill_value=False)
    skipped["invitations to someone already asked"] = int(already.sum() + repeat.sum())
    return touches[~(already | repeat)]
