"""``netwk import linkedin`` on exports built here in LinkedIn's exact layout, worked by hand.

The layout is LinkedIn's: ``Connections.csv`` with its "Notes:" lines above the header and days
as ``04 Dec 2025``; ``messages.csv`` with ``2025-12-05 01:20:51 UTC`` times and the conversation
title, subject and content columns; ``Invitations.csv`` with ``10/21/25, 10:26 PM`` local times;
``Profile.csv``. Message times are read in America/New_York throughout (UTC-5 in winter), so a
message sent at 03:00 UTC belongs to the day before.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from netwk_analysis.cli import main
from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading import linkedin
from netwk_analysis.reading.linkedin import distinct_names, read_linkedin_export
from netwk_analysis.writing.sheets import write_workbook

ZONE = "America/New_York"
NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
CONNECTION_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
MESSAGE_HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
]
INVITATION_HEADER = [
    "From",
    "To",
    "Sent At",
    "Message",
    "Direction",
    "inviterProfileUrl",
    "inviteeProfileUrl",
]
PROFILE_HEADER = [
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
]
#: Planted in every text field that must never be copied.
SECRET = "Zq9SECRETxK"


def url(slug: str) -> str:
    return f"https://www.linkedin.com/in/{slug}"


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def connections(rows: list[list[str]]) -> str:
    return NOTES + csv_text(CONNECTION_HEADER, rows)


SAM = ["Sam Rivera", url("sam-rivera")]


def message(conversation: str, sender, recipient, when: str, folder: str = "INBOX") -> list:
    """One row of messages.csv: ``sender``/``recipient`` are [name, address] pairs."""
    return [
        conversation,
        f"title {SECRET}",
        sender[0],
        sender[1],
        recipient[0],
        recipient[1],
        when,
        f"subject {SECRET}",
        f"content {SECRET} =HYPERLINK(1)",
        folder,
    ]


def write_export(target: Path, files: dict[str, str]) -> Path:
    """The export as a folder (``target`` without suffix) or as a zip (``.zip``)."""
    if target.suffix == ".zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in files.items():
                archive.writestr(name, text.encode("utf-8"))
    else:
        target.mkdir()
        for name, text in files.items():
            (target / name).write_text(text, encoding="utf-8")
    return target


ANA_ACME = ["Ana Lima", url("ana-lima-acme")]
ANA_BOLT = ["Ana Lima", url("ana-lima-bolt")]
BO = ["Bo Chen", url("bo-chen")]
CY = ["Cy Diaz", url("cy-diaz")]
DI = ["Di Evans", url("di-evans")]
ED = ["Ed Fox", url("ed-fox")]
GIL = ["Gil Hart", url("gil-hart")]


def hand_worked_files() -> dict[str, str]:
    """The hand-worked export (expected answers in the tests below)."""
    return {
        "Profile.csv": csv_text(PROFILE_HEADER, [["Sam", "Rivera", *[""] * 11]]),
        "Connections.csv": connections(
            [
                ["Ana", "Lima", ANA_ACME[1], "", "Acme", "Analyst", "04 Dec 2025"],
                ["Ana", "Lima", ANA_BOLT[1], "", "Bolt", "Engineer", "05 Dec 2025"],
                ["Bo", "Chen", BO[1], "bo@cobalt.example", "Cobalt", "Manager", "01 Oct 2025"],
                ["", "", "", "", "", "", "06 Dec 2025"],  # a restricted profile
                ["Cy", "Diaz", CY[1], "", "Delta", "Lead", "10 Nov 2025"],
                ["Di", "Evans", DI[1], "", "Echo", "Director", "12 Nov 2025"],
                ["Ed", "Fox", ED[1], "", "Foxtrot", "Founder", "15 Nov 2025"],
            ]
        ),
        "messages.csv": csv_text(
            MESSAGE_HEADER,
            [
                # A: request Sun 4 Jan (03:00 UTC is 22:00 the day before in New York), one
                # follow-up on 5 Jan (two messages that day), the reply on 7 Jan, then nothing.
                message("A", SAM, ANA_BOLT, "2026-01-05 03:00:00 UTC"),
                message("A", SAM, ANA_BOLT, "2026-01-05 15:00:00 UTC"),
                message("A", SAM, ANA_BOLT, "2026-01-05 18:00:00 UTC"),
                message("A", ANA_BOLT, SAM, "2026-01-07 14:00:00 UTC"),
                message("A", SAM, ANA_BOLT, "2026-01-08 14:00:00 UTC"),
                # B: Bo wrote first: nothing.
                message("B", BO, SAM, "2026-01-06 14:00:00 UTC"),
                message("B", SAM, BO, "2026-01-06 16:00:00 UTC"),
                # C: a group thread: skipped.
                message(
                    "C",
                    SAM,
                    ["Cy Diaz, Di Evans", f"{CY[1]};{DI[1]}"],
                    "2026-01-08 14:00:00 UTC",
                ),
                # D: a draft: skipped.
                message("D", SAM, DI, "2026-01-09 13:00:00 UTC", folder="DRAFT"),
                # E: request Fri 9 Jan, follow-up Mon 12 Jan, no answer.
                message("E", SAM, DI, "2026-01-09 14:00:00 UTC"),
                message("E", SAM, DI, "2026-01-12 14:00:00 UTC"),
                # F: someone not among the connections: request 30 Dec, reply 2 Jan.
                message("F", SAM, GIL, "2025-12-30 14:00:00 UTC"),
                message("F", GIL, SAM, "2026-01-02 14:00:00 UTC"),
                # G: Sam's message is before the window, so in the window Ed wrote first.
                message("G", SAM, ED, "2025-03-01 14:00:00 UTC"),
                message("G", ED, SAM, "2025-12-15 14:00:00 UTC"),
            ],
        ),
        "Invitations.csv": csv_text(
            INVITATION_HEADER,
            [
                ["Sam Rivera", "Bo Chen", "10/21/25, 10:26 PM", f"Hi {SECRET}", "OUTGOING",
                 SAM[1], BO[1]],
                ["Sam Rivera", "Cy Diaz", "11/10/25, 9:02 AM", "", "OUTGOING", SAM[1], CY[1]],
                ["Hana Ito", "Sam Rivera", "11/11/25, 1:15 PM", f"Hello {SECRET}", "INCOMING",
                 url("hana-ito"), SAM[1]],
                ["Sam Rivera", "Di Evans", "01/10/26, 9:00 AM", f"Again {SECRET}", "OUTGOING",
                 SAM[1], DI[1]],
                ["Sam Rivera", "Ivy Jones", "01/13/26, 8:15 PM", f"Hi Ivy {SECRET}", "OUTGOING",
                 SAM[1], url("ivy-jones")],
            ],
        ),
    }  # fmt: skip


@pytest.fixture(scope="module")
def hand_worked(tmp_path_factory):
    return write_export(tmp_path_factory.mktemp("export") / "export.zip", hand_worked_files())


@pytest.fixture(scope="module")
def imported(hand_worked):
    return read_linkedin_export(hand_worked, timezone=ZONE)


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def test_contacts_by_hand(imported):
    contacts = imported.frames["Contacts"]
    assert contacts[["name", "company", "source"]].values.tolist() == [
        ["Ana Lima", "Acme", "known"],
        ["Ana Lima (Bolt)", "Bolt", "known"],
        ["Bo Chen", "Cobalt", "known"],
        ["Cy Diaz", "Delta", "known"],
        ["Di Evans", "Echo", "known"],
        ["Ed Fox", "Foxtrot", "known"],
        ["Gil Hart", "", "cold"],
        ["Ivy Jones", "", "cold"],
    ]
    assert list(contacts["added_on"]) == [
        day("2025-12-04"),
        day("2025-12-05"),
        day("2025-10-01"),
        day("2025-11-10"),
        day("2025-11-12"),
        day("2025-11-15"),
        day("2025-12-30"),  # the first imported interaction
        day("2026-01-13"),
    ]
    bo = contacts.set_index("name").loc["Bo Chen"]
    assert (bo["role"], bo["email"], bo["linkedin"]) == ("Manager", "bo@cobalt.example", BO[1])


def test_interactions_by_hand(imported):
    interactions = imported.frames["Interactions"]
    rows = [
        [f"{d:%Y-%m-%d}", c, t]
        for d, c, t in interactions[["date", "contact", "type"]].itertuples(index=False)
    ]
    assert rows == [
        ["2025-10-21", "Bo Chen", "request"],  # the invitation with a message
        ["2025-12-30", "Gil Hart", "request"],
        ["2026-01-02", "Gil Hart", "reply"],
        ["2026-01-04", "Ana Lima (Bolt)", "request"],
        ["2026-01-05", "Ana Lima (Bolt)", "follow_up"],
        ["2026-01-07", "Ana Lima (Bolt)", "reply"],
        ["2026-01-09", "Di Evans", "request"],
        ["2026-01-12", "Di Evans", "follow_up"],
        ["2026-01-13", "Ivy Jones", "request"],  # invitation to someone not a connection
    ]
    assert set(interactions["channel"]) == {"linkedin"}


def test_summary_by_hand(imported):
    summary = imported.summary
    assert (summary.owner, summary.owner_from) == ("Sam Rivera", "Profile.csv")
    # Newest message: Mon 12 Jan 2026; 180 days before it.
    assert summary.since == dt.date(2025, 7, 16)
    assert (summary.connections, summary.cold) == (6, 2)
    assert (summary.requests, summary.follow_ups, summary.replies) == (5, 2, 2)
    assert summary.skipped == {
        "connections without a name (restricted profiles)": 1,
        "draft messages": 1,
        "messages before 2025-07-16": 1,
        "group conversations": 1,
        "conversations the other person started": 2,
        "incoming invitations": 1,
        "invitations without a message": 1,
        "invitations to someone already asked": 1,
    }
    settings = imported.frames["Settings"]
    assert settings.values.tolist() == [["since", dt.date(2025, 7, 16)]]


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_a_workbook_that_check_passes_and_due_lists_by_hand(
    hand_worked, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("TZ", ZONE)
    book = tmp_path / "network.xlsx"
    code, out, _ = run(["import", "linkedin", hand_worked, "--out", book], capsys)
    assert code == 0
    assert "5 requests, 2 follow-ups, 2 replies" in out
    assert "1 group conversations" in out and "1 draft messages" in out
    code, out, _ = run(["check", book], capsys)
    assert code == 0, out
    assert "8 contacts, 9 interactions" in out
    code, out, _ = run(["due", book, "--as-of", "2026-01-16", "--format", "json"], capsys)
    due = [(d["contact"], d["kind"], d["due_on"], d["days_overdue"]) for d in json.loads(out)]
    assert due == [
        # Invitation Tue 21 Oct: +3 business days Fri 24 Oct, +7 Thu 30 Oct; never answered.
        ("Bo Chen", "move_on", "2025-10-24", 84),
        ("Bo Chen", "follow_up", "2025-10-30", 78),
        # Request Fri 9 Jan: move_on Wed 14 Jan; its follow_up (due 20 Jan) was sent on 12 Jan.
        ("Di Evans", "move_on", "2026-01-14", 2),
        # Invitation Tue 13 Jan: move_on Fri 16 Jan.
        ("Ivy Jones", "move_on", "2026-01-16", 0),
    ]


def test_the_workbook_has_the_template_layout(hand_worked, tmp_path):
    book = write_workbook(
        read_linkedin_export(hand_worked, timezone=ZONE).frames, tmp_path / "n.xlsx"
    )
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == [
        "Contacts",
        "Interactions",
        "Leads",
        "Targets",
        "Settings",
        "How to use",
    ]
    contacts = wb["Contacts"]
    assert contacts.freeze_panes == "A2" and contacts["A1"].font.b
    assert contacts["A1"].value == "Name" and contacts["H1"].value == "Referred By"
    assert contacts["K2"].number_format == "yyyy-mm-dd"
    lists = {str(v.sqref): v.formula1 for v in contacts.data_validations.dataValidation}
    assert lists["I2:I1008"] == '"known,referral,cold,event,alumni"'
    interactions = wb["Interactions"]
    lists = {str(v.sqref): v.formula1 for v in interactions.data_validations.dataValidation}
    assert lists["C2:C1009"].strip('"').split(",")[0] == "request"
    settings = {row[0]: row[1] for row in wb["Settings"].iter_rows(min_row=2, values_only=True)}
    assert settings["since"] == dt.datetime(2025, 7, 16)
    assert settings["follow_up_business_days"] == 7


def test_no_message_text_subject_or_title_is_copied(hand_worked, tmp_path):
    book = write_workbook(
        read_linkedin_export(hand_worked, timezone=ZONE).frames, tmp_path / "n.xlsx"
    )
    raw = book.read_bytes()
    assert SECRET.encode() not in raw
    with zipfile.ZipFile(book) as archive:
        for part in archive.namelist():
            assert SECRET.encode() not in archive.read(part), part
            assert b"HYPERLINK" not in archive.read(part), part


def test_zip_and_folder_give_the_same_frames(tmp_path):
    folder = write_export(tmp_path / "Basic_LinkedInDataExport_01-16-2026", hand_worked_files())
    archive = write_export(
        tmp_path / "Basic_LinkedInDataExport_01-16-2026.zip", hand_worked_files()
    )
    a = read_linkedin_export(folder, timezone=ZONE)
    b = read_linkedin_export(archive, timezone=ZONE)
    for sheet in a.frames:
        pd.testing.assert_frame_equal(a.frames[sheet], b.frames[sheet])
    assert a.summary == b.summary


def test_the_zone_decides_the_day(hand_worked):
    # In UTC, conversation A's first two messages fall on one day: no follow-up on 5 Jan.
    utc = read_linkedin_export(hand_worked, timezone="UTC").frames["Interactions"]
    ana = utc[utc["contact"] == "Ana Lima (Bolt)"]
    assert [(f"{d:%m-%d}", t) for d, t in ana[["date", "type"]].itertuples(index=False)] == [
        ("01-05", "request"),
        ("01-07", "reply"),
    ]


def test_since_narrows_the_window(hand_worked):
    result = read_linkedin_export(hand_worked, since=dt.date(2026, 1, 5), timezone=ZONE)
    rows = result.frames["Interactions"][["contact", "type"]].values.tolist()
    # Sam's first message to Ana (4 Jan in New York) is before the window: in it, the
    # conversation starts with his two messages of 5 Jan, so 5 Jan is the request.
    assert rows == [
        ["Ana Lima (Bolt)", "request"],
        ["Ana Lima (Bolt)", "reply"],
        ["Di Evans", "request"],
        ["Di Evans", "follow_up"],
        ["Ivy Jones", "request"],
    ]
    assert result.summary.skipped["invitations before 2026-01-05"] == 1
    assert result.frames["Settings"]["value"].tolist() == [dt.date(2026, 1, 5)]
    # Gil is no longer imported: people come from interactions in the window only.
    assert "Gil Hart" not in set(result.frames["Contacts"]["name"])


def test_owner_from_me_then_from_the_most_messages(tmp_path):
    files = hand_worked_files()
    del files["Profile.csv"]
    export = write_export(tmp_path / "export", files)
    by_count = read_linkedin_export(export, timezone=ZONE).summary
    assert (by_count.owner, by_count.owner_from) == ("Sam Rivera", "the most messages")
    # Naming Di as the owner turns the point of view round: Sam is now the other person.
    as_di = read_linkedin_export(export, me="Di Evans", timezone=ZONE)
    assert as_di.summary.owner_from == "--me"
    assert as_di.summary.skipped["conversations the other person started"] >= 1


def test_only_connections(tmp_path, capsys):
    export = write_export(
        tmp_path / "export.zip",
        {
            "Connections.csv": connections(
                [["Ana", "Lima", url("a"), "", "Acme", "", "04 Dec 2025"]]
            )
        },
    )
    result = read_linkedin_export(export)
    assert result.frames["Contacts"]["name"].tolist() == ["Ana Lima"]
    assert result.frames["Interactions"].empty
    assert result.summary.since == dt.date(2025, 6, 7)  # 180 days before 4 Dec 2025
    book = tmp_path / "network.xlsx"
    assert run(["import", "linkedin", export, "--out", book], capsys)[0] == 0
    assert run(["check", book], capsys)[0] == 0


def test_two_connections_with_one_name_and_a_taken_company_suffix():
    names = pd.Series(["Ana Lima", "Ana Lima", "Ana Lima (Bolt)", "ana lima", "Bo Chen"])
    companies = pd.Series(["Acme", "Bolt", "", "", "Cobalt"])
    assert distinct_names(names, companies).tolist() == [
        "Ana Lima",
        "Ana Lima (2)",  # "Ana Lima (Bolt)" is someone's own name
        "Ana Lima (Bolt)",
        "ana lima (3)",
        "Bo Chen",
    ]


def test_a_message_with_someone_matched_by_name_when_the_address_differs(tmp_path):
    files = {
        "Profile.csv": csv_text(PROFILE_HEADER, [["Sam", "Rivera", *[""] * 11]]),
        "Connections.csv": connections(
            [["Bo", "Chen", url("bo-chen"), "", "Co", "", "01 Oct 2025"]]
        ),
        "messages.csv": csv_text(
            MESSAGE_HEADER,
            [
                message(
                    "X", SAM, ["Bo Chen", url("bo-chen-old-address")], "2025-12-01 15:00:00 UTC"
                )
            ],
        ),
    }
    result = read_linkedin_export(write_export(tmp_path / "e", files), timezone=ZONE)
    assert result.frames["Contacts"]["name"].tolist() == ["Bo Chen"]
    assert result.frames["Interactions"][["contact", "type"]].values.tolist() == [
        ["Bo Chen", "request"]
    ]


def test_text_is_formula_escaped(tmp_path):
    files = {
        "Connections.csv": connections(
            [["=cmd", "Lima", url("x"), "", "=HYPERLINK(1)", "+1 role", "04 Dec 2025"]]
        )
    }
    book = write_workbook(
        read_linkedin_export(write_export(tmp_path / "e", files)).frames, tmp_path / "n.xlsx"
    )
    row = next(openpyxl.load_workbook(book)["Contacts"].iter_rows(min_row=2, values_only=True))
    assert row[:3] == ("'=cmd Lima", "'=HYPERLINK(1)", "'+1 role")


def test_refuses_to_overwrite_without_force(hand_worked, tmp_path, capsys):
    book = tmp_path / "network.xlsx"
    book.write_bytes(b"mine")
    code, _, err = run(["import", "linkedin", hand_worked, "--out", book], capsys)
    assert code == 2 and "--force" in err and book.read_bytes() == b"mine"
    assert run(["import", "linkedin", hand_worked, "--out", book, "--force"], capsys)[0] == 0
    assert book.read_bytes()[:2] == b"PK"


def test_not_an_export(tmp_path, capsys):
    folder = tmp_path / "photos"
    folder.mkdir()
    code, _, err = run(["import", "linkedin", folder], capsys)
    assert code == 2 and "no Connections.csv" in err
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(UnreadableWorkbook, match="neither a zip archive nor a folder"):
        read_linkedin_export(text)


def test_the_zip_goes_through_the_guards(tmp_path, monkeypatch):
    export = write_export(tmp_path / "e.zip", hand_worked_files())
    monkeypatch.setattr(linkedin, "MAX_PART_BYTES", 1000)
    with pytest.raises(UnreadableWorkbook, match="zip bomb"):
        read_linkedin_export(export)


def test_no_path_from_inside_the_zip_is_written(tmp_path, capsys):
    files = hand_worked_files()
    export = tmp_path / "in" / "e.zip"
    export.parent.mkdir()
    with zipfile.ZipFile(export, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        archive.writestr("../escaped.txt", "x")
        archive.writestr("/tmp/absolute.csv", "x")
    out = tmp_path / "out" / "network.xlsx"
    out.parent.mkdir()
    assert run(["import", "linkedin", export, "--out", out], capsys)[0] == 0
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["e.zip", "in", "network.xlsx", "out"]


def test_a_damaged_or_password_protected_zip_is_one_sentence(tmp_path, capsys):
    good = write_export(tmp_path / "good.zip", hand_worked_files())
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[:-200])
    code, _, err = run(["import", "linkedin", cut, "--out", tmp_path / "a.xlsx"], capsys)
    assert code == 2 and "damaged or incomplete" in err and "Traceback" not in err
    locked = tmp_path / "locked.zip"
    with zipfile.ZipFile(locked, "w") as archive:
        archive.writestr("Connections.csv", "x")
    data = bytearray(locked.read_bytes())  # set the "encrypted" bit a password sets
    central = data.index(b"PK\x01\x02")
    data[6] |= 0x1
    data[central + 8] |= 0x1
    locked.write_bytes(bytes(data))
    code, _, err = run(["import", "linkedin", locked, "--out", tmp_path / "b.xlsx"], capsys)
    assert code == 2 and "password-protected" in err
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "b.xlsx").exists()


def test_a_broken_csv_is_one_sentence(tmp_path, capsys):
    files = hand_worked_files()
    files["messages.csv"] = 'CONVERSATION ID,FROM,TO,DATE\nA,"Sam Rivera,Bo Chen,2026-01-05\n'
    export = write_export(tmp_path / "e", files)
    code, _, err = run(["import", "linkedin", export, "--out", tmp_path / "n.xlsx"], capsys)
    assert code == 2 and "messages.csv of the export cannot be read as CSV" in err


def test_one_person_under_two_display_names_is_no_group_two_addresses_are(tmp_path):
    renamed = ["Bo Chen, PhD", BO[1]]
    files = {
        "Profile.csv": csv_text(PROFILE_HEADER, [["Sam", "Rivera", *[""] * 11]]),
        "Connections.csv": connections([["Bo", "Chen", BO[1], "", "Co", "", "01 Oct 2025"]]),
        "messages.csv": csv_text(
            MESSAGE_HEADER,
            [
                message("X", SAM, BO, "2025-12-01 15:00:00 UTC"),
                message("X", renamed, SAM, "2025-12-02 15:00:00 UTC"),
                # Y: two other people write to Sam in one conversation: a group thread.
                message("Y", SAM, CY, "2025-12-03 15:00:00 UTC"),
                message("Y", DI, SAM, "2025-12-04 15:00:00 UTC"),
            ],
        ),
    }
    result = read_linkedin_export(write_export(tmp_path / "e", files), timezone=ZONE)
    assert result.frames["Interactions"][["contact", "type"]].values.tolist() == [
        ["Bo Chen", "request"],
        ["Bo Chen", "reply"],
    ]
    assert result.summary.skipped["group conversations"] == 1
