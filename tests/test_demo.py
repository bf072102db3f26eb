"""The synthetic demo workbook and the committed sample."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netwk_analysis.core import schema
from netwk_analysis.reading.load import load_network
from netwk_analysis.writing.demo import (
    SAMPLE_AS_OF,
    SAMPLE_CONTACTS,
    demo_frames,
    write_demo,
    write_sample,
)
from netwk_analysis.writing.files import OutputExists

AS_OF = dt.date(2026, 6, 12)


@pytest.fixture(scope="module")
def frames():
    return demo_frames(300, seed=11, as_of=AS_OF)


def _events(frames) -> pd.DataFrame:
    """Interactions plus the events of the Contacts shortcut columns, as the loader sees them."""
    parts = [frames[schema.INTERACTIONS][["date", "contact", "type"]]]
    contacts = frames[schema.CONTACTS]
    for column, kind in schema.SHORTCUT_COLUMNS.items():
        rows = contacts[contacts[column].notna()]
        parts.append(pd.DataFrame({"date": rows[column], "contact": rows["name"], "type": kind}))
    return pd.concat(parts, ignore_index=True)


def _depths(contacts: pd.DataFrame) -> dict[str, int]:
    parent = dict(zip(contacts["name"], contacts["referred_by"], strict=True))
    depths = {}
    for name in parent:
        depth, current, seen = 0, name, {name}
        while isinstance(parent[current], str):
            current = parent[current]
            assert current not in seen, f"referral cycle through {name}"
            seen.add(current)
            depth += 1
        depths[name] = depth
    return depths


def test_columns_follow_the_schema(frames):
    for sheet, columns in schema.SHEET_COLUMNS.items():
        assert list(frames[sheet].columns) == [c.name for c in columns]
    settings = frames[schema.SETTINGS].set_index("key")["value"]
    assert list(settings.index) == list(schema.SETTING_DEFAULTS)
    assert settings["as_of"] == AS_OF


def test_deterministic_for_a_seed():
    first = demo_frames(80, seed=5, as_of=AS_OF)
    second = demo_frames(80, seed=5, as_of=AS_OF)
    other = demo_frames(80, seed=6, as_of=AS_OF)
    for sheet in first:
        pd.testing.assert_frame_equal(first[sheet], second[sheet])
    assert not first[schema.CONTACTS].equals(other[schema.CONTACTS])


def test_names_unique_and_referrals_form_a_forest(frames):
    contacts = frames[schema.CONTACTS]
    assert len(contacts) == 300
    assert contacts["name"].str.casefold().is_unique
    referred = contacts["referred_by"].dropna()
    assert referred.isin(contacts["name"]).all()
    assert (referred != contacts.loc[referred.index, "name"]).all()
    depths = _depths(contacts)  # asserts acyclic
    assert max(depths.values()) >= 3
    roots = contacts["referred_by"].isna()
    assert 0.03 <= roots.mean() <= 0.25
    assert set(contacts.loc[roots, "source"]) <= {"known", "cold", "alumni", "event"}
    assert set(frames[schema.INTERACTIONS]["contact"]) <= set(contacts["name"])
    assert set(frames[schema.LEADS]["contact"]) <= set(contacts["name"])


def test_everything_dated_on_or_before_as_of(frames):
    limit = pd.Timestamp(AS_OF)
    for sheet, columns in schema.SHEET_COLUMNS.items():
        for column in columns:
            if column.kind == "date":
                assert (frames[sheet][column.name].dropna() <= limit).all(), (sheet, column.name)


def test_names_arrive_after_the_referrer_interview(frames):
    contacts = frames[schema.CONTACTS].set_index("name")
    events = _events(frames)
    interviews = events[events["type"] == "interview"].groupby("contact")["date"].min()
    referrals = contacts[contacts["referred_by"].isin(interviews.index)]
    gap = (referrals["added_on"] - referrals["referred_by"].map(interviews)).dt.days
    assert gap.between(0, 14).all()


def test_values_are_in_the_fixed_lists(frames):
    for sheet, columns in schema.SHEET_COLUMNS.items():
        for column in columns:
            choices = ("yes", "no") if column.kind == "yesno" else column.choices
            values = frames[sheet][column.name].dropna()
            if column.kind == "number":  # levels such as motivation 0-3, listed as text
                values = values.astype(int).astype(str)
            if choices:
                assert set(values) <= set(choices)
    interviews = frames[schema.INTERACTIONS].query("type == 'interview'")
    assert interviews["duration_min"].between(20, 45).all()


def test_about_four_interactions_per_contact():
    for seed in (1, 2):
        frames = demo_frames(200, seed=seed, as_of=AS_OF)
        per_contact = len(_events(frames)) / 200
        assert 3 <= per_contact <= 5
    contacts = frames[schema.CONTACTS]
    assert contacts["contacted_on"].notna().any()  # some people use the shortcut columns


def test_latency_mix_has_all_three_classes(frames):
    events = _events(frames)
    requests = events[events["type"] == "request"].groupby("contact")["date"].min()
    inbound = events[events["type"].isin(schema.INBOUND_TYPES)]
    merged = inbound.merge(requests.rename("requested"), left_on="contact", right_index=True)
    answers = merged[merged["date"] >= merged["requested"]].groupby("contact")["date"].min()
    day = np.timedelta64(1, "D")
    req = requests.to_numpy("datetime64[D]")
    ans = answers.reindex(requests.index).to_numpy("datetime64[D]")
    answered = ~np.isnat(ans)
    latency = np.busday_count(req[answered] + day, ans[answered] + day)
    waited = np.busday_count(req + day, np.datetime64(AS_OF, "D") + day)
    assert (latency <= 3).sum() > 0, "boosters"
    assert (latency > 3).sum() > 0, "obligates"
    assert ((~answered) & (waited >= 7)).sum() > 0, "curmudgeons"


def test_leads_deep_in_the_chains(frames):
    depths = _depths(frames[schema.CONTACTS])
    leads = frames[schema.LEADS]
    assert (leads["contact"].map(depths) >= 2).sum() >= 3
    assert leads["stage"].nunique() >= 3


def test_some_contacts_paused_or_closed(frames):
    assert frames[schema.CONTACTS]["status"].isin(["paused", "closed"]).any()


def test_write_demo_xlsx_and_refuses_overwrite(tmp_path):
    path = write_demo(tmp_path / "demo.xlsx", contacts=40, seed=1, as_of=AS_OF)
    with zipfile.ZipFile(path) as archive:
        assert "xl/worksheets/sheet1.xml" in archive.namelist()
    cells = pd.read_excel(path, sheet_name=None, engine="calamine")
    assert list(cells) == list(schema.SHEETS)
    assert [schema.match_key(h) for h in cells[schema.CONTACTS].columns] == [
        c.key for c in schema.CONTACT_COLUMNS
    ]
    assert len(cells[schema.CONTACTS]) == 40
    with pytest.raises(OutputExists):
        write_demo(path, contacts=40)
    write_demo(path, contacts=40, seed=1, as_of=AS_OF, overwrite=True)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_write_demo_is_byte_reproducible(tmp_path):
    first = write_demo(tmp_path / "a.xlsx", contacts=30, seed=3)
    second = write_demo(tmp_path / "b.xlsx", contacts=30, seed=3)
    assert first.read_bytes() == second.read_bytes()


def test_write_demo_ods(tmp_path):
    path = write_demo(tmp_path / "demo.ods", contacts=8, seed=2, as_of=AS_OF)
    cells = pd.read_excel(path, sheet_name=None, engine="calamine")
    assert list(cells) == list(schema.SHEETS)
    assert len(cells[schema.CONTACTS]) == 8


def test_text_that_looks_like_a_formula_is_escaped(tmp_path, monkeypatch):
    from netwk_analysis.writing import demo

    real = demo.demo_frames

    def with_formula(*args, **kwargs):
        frames = real(*args, **kwargs)
        frames[schema.CONTACTS].loc[0, "notes"] = "=HYPERLINK(1)"
        return frames

    monkeypatch.setattr(demo, "demo_frames", with_formula)
    path = demo.write_demo(tmp_path / "demo.xlsx", contacts=10, seed=1)
    cells = pd.read_excel(path, sheet_name=schema.CONTACTS, engine="calamine")
    assert cells.loc[0, "Notes"] == "'=HYPERLINK(1)"


def test_sample_reproduces_committed_file(tmp_path):
    committed = Path(__file__).resolve().parents[1] / "data" / "sample_network.xlsx"
    if not committed.exists():
        pytest.skip("data/sample_network.xlsx not generated")
    fresh = write_sample(tmp_path / "sample.xlsx")
    with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(committed) as old:
        assert new.namelist() == old.namelist()
        for name in new.namelist():
            assert new.read(name) == old.read(name), name
    settings = pd.read_excel(fresh, sheet_name=schema.SETTINGS, engine="calamine")
    as_of = settings.set_index("Key")["Value"]["as_of"]
    assert pd.Timestamp(as_of).date() == SAMPLE_AS_OF
    contacts = pd.read_excel(fresh, sheet_name=schema.CONTACTS, engine="calamine")
    assert len(contacts) == SAMPLE_CONTACTS
    assert SAMPLE_AS_OF.weekday() == 4  # a Friday: the report reads as a live week


def test_demo_and_sample_load_without_errors(tmp_path):
    for path in (
        write_demo(tmp_path / "demo.xlsx", contacts=60, seed=9, as_of=AS_OF),
        write_sample(tmp_path / "sample.xlsx"),
    ):
        network = load_network(path)
        assert network.errors == (), [str(p) for p in network.errors]
        assert network.settings.as_of is not None
