"""Office changes from analyst-reviewed events merged into the pack's tenures, on both backends.

Each test stores reports written for the test (constructed events with their sentences), reviews
some of them, and checks who holds an office on the days around the change, the provenance shown
and the conflicts between pack and events.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from marsad.analysis.office_events import (
    default_rules,
    load_change_rules,
    nearest_title,
    titles_in,
)
from marsad.analysis.offices import (
    holders_at,
    institutional_control,
    office_changes_frame,
    office_timeline,
)
from marsad.cli import app
from marsad.errors import PackError
from marsad.knowledge import KnowledgePack
from marsad.model import (
    ActorRef,
    Document,
    DocumentInfo,
    Event,
    Mention,
    Report,
)
from marsad.store import EventFilter

COURT = ActorRef("federal-supreme-court", "Federal Supreme Court")
PARLIAMENT = ActorRef("council-of-representatives", "Council of Representatives")
HAIBAT = ActorRef("haibat-al-halbousi", "Haibat al-Halbousi")
FAYHAN = ActorRef("adnan-fayhan", "Adnan Fayhan")


@pytest.fixture(scope="module")
def pack():
    return KnowledgePack.load()


def _report(doc_id, text, sentence, date, type, src=None, tgt=None, mode=None, subtype=None):
    doc = Document(
        id=doc_id, text=text, published=date[:10], title=f"Report {doc_id}", source="desk"
    )
    i = text.index(sentence)
    event = Event(
        type=type, mode=mode, subtype=subtype, date=date,
        date_precision={10: "day", 7: "month", 4: "year"}[len(date)],
        evidence=Mention(sentence, i, i + len(sentence)), source_actor=src, target_actor=tgt,
        confidence=0.7,
    )  # fmt: skip
    rep = Report(
        document=DocumentInfo(id=doc_id, sha256=doc.sha256, title=doc.title, published=date[:10]),
        events=[event], extractor="tests@1",
    )  # fmt: skip
    return doc, rep


def _ingest(store, *pairs):
    store.ingest(list(pairs))


def _event_id(store, doc_id):
    ids = [
        e["id"]
        for e in store.events(EventFilter(), limit=1000).to_dict("records")
        if e["first_document"] == doc_id
    ]
    assert len(ids) == 1, ids
    return ids[0]


def _confirm(store, doc_id, action="confirm"):
    eid = _event_id(store, doc_id)
    store.review("event", eid, action, user="analyst")
    return eid


def _speaker(pack, store, date):
    row = holders_at(pack, date, ["speaker-iraq"], store=store).iloc[0]
    return row["holder"], row


REMOVAL = "Judges of the Federal Supreme Court removed Speaker Haibat al-Halbousi from office."
REMOVAL_TEXT = "BAGHDAD - " + REMOVAL + " His deputies said they would convene."


def _removal(date="2026-09-01", doc_id="d-removal"):
    return _report(
        doc_id, REMOVAL_TEXT, REMOVAL, date, "SANCTION", COURT, HAIBAT, "expel", "ruling"
    )


def test_confirmed_removal_changes_the_holder_the_next_day(pack, store):
    _ingest(store, _removal())
    assert _speaker(pack, store, "2026-09-02")[0] == "haibat-al-halbousi"  # a draft changes nothing
    eid = _confirm(store, "d-removal")
    holder, row = _speaker(pack, store, "2026-09-01")
    assert holder == "haibat-al-halbousi"  # the ruling's day is the tenure's last (pack convention)
    assert row["end"] == "2026-09-01" and row["end_event"] == eid and row["origin"] == "pack+event"
    assert row["end_how"] == "removed by a court"
    holder, row = _speaker(pack, store, "2026-09-02")
    assert holder is None  # vacant from the next day
    assert _speaker(pack, store, "2026-08-31")[0] == "haibat-al-halbousi"
    tl = office_timeline(pack, ["speaker-iraq"], store=store)
    haibat = tl[tl["holder"] == "haibat-al-halbousi"].iloc[0]
    (item,) = haibat["events"]
    assert (
        item["event_id"] == eid and item["outcome"] == "applied" and item["doc_id"] == "d-removal"
    )
    assert REMOVAL_TEXT[item["span_start"] : item["span_end"]] == REMOVAL == item["sentence"]
    assert haibat["source"].startswith("http")  # the pack's source stays next to the event's


@pytest.mark.parametrize("action", ["none", "reject"])
def test_unconfirmed_or_rejected_removal_changes_nothing(pack, store, action):
    _ingest(store, _removal())
    if action == "reject":
        _confirm(store, "d-removal", "reject")
    assert _speaker(pack, store, "2026-09-02")[0] == "haibat-al-halbousi"
    assert office_changes_frame(pack, store).empty
    tl = office_timeline(pack, ["speaker-iraq"], store=store)
    assert tl.iloc[-1]["end"] is None and tl.iloc[-1]["origin"] == "pack"


ELECTION = "Parliament elected Adnan Fayhan as its speaker in a second round of voting."


def test_election_after_a_removal_opens_a_tenure(pack, store):
    text = "Lawmakers met on Friday. " + ELECTION
    _ingest(
        store,
        _removal(),
        _report(
            "d-elect", text, ELECTION, "2026-10-02", "AGREE", PARLIAMENT, FAYHAN, None, "agreement"
        ),
    )
    _confirm(store, "d-removal")
    eid = _confirm(store, "d-elect")
    assert _speaker(pack, store, "2026-09-15")[0] is None  # vacant between the two
    holder, row = _speaker(pack, store, "2026-10-02")
    assert holder == "adnan-fayhan" and row["origin"] == "event" and row["start_event"] == eid
    assert row["how"] == "elected" and row["source"] is None and row["end"] is None
    assert row["events"][0]["doc_id"] == "d-elect"
    control = institutional_control(pack, "2026-10-02", ["speaker-iraq"], store=store)
    assert control.iloc[0]["camp"] == "coordination-framework"  # through the pack's affiliations
    # his other office, first deputy speaker, is not touched by the speaker's election
    deputy = holders_at(pack, "2026-10-03", ["first-deputy-speaker-iraq"], store=store).iloc[0]
    assert deputy["holder"] == "adnan-fayhan" and deputy["origin"] == "pack"


def test_election_closes_the_open_tenure_on_the_handover_day(pack, store):
    text = "Lawmakers met on Friday. " + ELECTION
    _ingest(
        store,
        _report(
            "d-elect", text, ELECTION, "2026-10-02", "AGREE", PARLIAMENT, FAYHAN, None, "agreement"
        ),
    )
    eid = _confirm(store, "d-elect")
    assert _speaker(pack, store, "2026-10-01")[0] == "haibat-al-halbousi"
    assert _speaker(pack, store, "2026-10-02")[0] == "adnan-fayhan"  # the incoming holder
    tl = office_timeline(pack, ["speaker-iraq"], store=store)
    haibat = tl[tl["holder"] == "haibat-al-halbousi"].iloc[0]
    assert haibat["end"] == "2026-10-02" and haibat["end_event"] == eid
    assert haibat["end_how"] == "succeeded by Adnan Fayhan"


MASHHADANI = ActorRef("mahmoud-al-mashhadani", "Mahmoud al-Mashhadani")
SPEAKER_VOTE = "Parliament elected Mahmoud al-Mashhadani speaker after a year without one."


@pytest.mark.parametrize(
    ("date", "outcome"), [("2024-10-31", "corroborates"), ("2024-11-05", "conflicts")]
)
def test_event_and_pack_agree_or_conflict(pack, store, date, outcome):
    _ingest(
        store,
        _report(
            "d-vote",
            SPEAKER_VOTE,
            SPEAKER_VOTE,
            date,
            "AGREE",
            PARLIAMENT,
            MASHHADANI,
            None,
            "agreement",
        ),
    )
    eid = _confirm(store, "d-vote")
    ch = office_changes_frame(pack, store).iloc[0]
    assert (ch["office"], ch["holder"], ch["outcome"]) == (
        "speaker-iraq",
        "mahmoud-al-mashhadani",
        outcome,
    )
    holder, row = _speaker(pack, store, "2024-11-01")
    assert holder == "mahmoud-al-mashhadani" and row["start"] == "2024-10-31"  # the pack stands
    assert row["origin"] == "pack+event" and row["events"][0]["event_id"] == eid
    if outcome == "conflicts":
        (c,) = row["conflicts"]
        assert (c["field"], c["timeline"], c["event"]) == ("start", "2024-10-31", "2024-11-05")
        assert c["doc_id"] == "d-vote" and c["sentence"] == SPEAKER_VOTE
    else:
        assert row["conflicts"] == []


def test_event_overlapping_a_dated_pack_tenure_is_a_conflict_on_both(pack, store):
    sentence = "Parliament elected Adnan Fayhan as speaker in a disputed session."
    _ingest(
        store,
        _report(
            "d-x", sentence, sentence, "2024-03-01", "AGREE", PARLIAMENT, FAYHAN, None, "agreement"
        ),
    )
    _confirm(store, "d-x")
    holder, row = _speaker(pack, store, "2024-03-02")
    assert holder == "adnan-fayhan"  # the more recent start, with the disagreement on the row
    notes = " ".join(c["note"] for c in row["conflicts"])
    assert "Mohsen al-Mandalawi" in notes
    tl = office_timeline(pack, ["speaker-iraq"], store=store)
    acting = tl[tl["holder"] == "mohsen-al-mandalawi"].iloc[0]
    assert acting["end"] == "2024-10-31" and acting["conflicts"][0]["event"] == "adnan-fayhan"
    fayhan = tl[tl["holder"] == "adnan-fayhan"].iloc[0]
    assert fayhan["end"] == "2024-10-31"  # runs to the next tenure's start


def test_resignation_without_a_title_ends_the_office_the_person_held(pack, store):
    sentence = "Fuad Hussein resigned on Tuesday, citing his health."
    fuad = ActorRef("fuad-hussein", "Fuad Hussein")
    _ingest(
        store,
        _report(
            "d-res",
            sentence,
            sentence,
            "2027-03-02",
            "RETREAT",
            fuad,
            None,
            "resign",
            "resignation",
        ),
    )
    _confirm(store, "d-res")
    ch = office_changes_frame(pack, store).iloc[0]
    assert ch["office"] == "foreign-minister-iraq" and ch["office_basis"] == "held by the person"
    assert ch["how"] == "resigned" and ch["outcome"] == "applied"
    on = lambda d: holders_at(pack, d, ["foreign-minister-iraq"], store=store).iloc[0]["holder"]  # noqa: E731
    assert (on("2027-03-02"), on("2027-03-03")) == ("fuad-hussein", None)


def test_designation_then_confidence_vote(pack, store):
    zaidi_successor = ActorRef("adnan-al-zurfi", "Adnan al-Zurfi")
    asked = "The president asked Adnan al-Zurfi to form a government within thirty days."
    vote = "Parliament approved the cabinet of Prime Minister Adnan al-Zurfi by a wide margin."
    _ingest(
        store,
        _report("d-ask", asked, asked, "2027-01-10", "SUPPORT", ActorRef("nizar-amedi", "Nizar Amedi"), zaidi_successor, None, "endorsement"),
        _report("d-vote", vote, vote, "2027-02-05", "AGREE", PARLIAMENT, zaidi_successor, None, "legislation"),
    )  # fmt: skip
    _confirm(store, "d-ask")
    _confirm(store, "d-vote")
    h = lambda d, o: holders_at(pack, d, [o], store=store).iloc[0]["holder"]  # noqa: E731
    assert h("2027-01-20", "prime-minister-designate-iraq") == "adnan-al-zurfi"
    assert h("2027-01-20", "prime-minister-iraq") == "ali-al-zaidi"
    assert h("2027-02-05", "prime-minister-iraq") == "adnan-al-zurfi"
    assert h("2027-02-06", "prime-minister-designate-iraq") is None  # became prime minister
    tl = office_timeline(pack, ["prime-minister-designate-iraq"], store=store)
    row = tl[tl["start"] == "2027-01-10"].iloc[0]
    assert row["end"] == "2027-02-05" and row["end_how"] == "became Prime Minister of Iraq"


def test_unresolved_changes_say_why(pack, store):
    deputy = "Parliament elected Adnan Fayhan as deputy speaker."
    party = "The court removed the Sadrist movement's lawmakers from parliament."
    _ingest(
        store,
        _report("d-dep", deputy, deputy, "2027-04-01", "AGREE", PARLIAMENT, FAYHAN, None, "agreement"),
        _report("d-party", party, party, "2027-04-02", "SANCTION", COURT, ActorRef("sadrist-movement", "Sadrist movement"), "expel", "ruling"),
    )  # fmt: skip
    _confirm(store, "d-dep")
    _confirm(store, "d-party")
    ch = office_changes_frame(pack, store).set_index("doc_id")
    assert ch.loc["d-dep", "outcome"] == "unresolved"  # "deputy speaker" is not the speaker
    assert "names no tracked office" in ch.loc["d-dep", "note"]
    assert ch.loc["d-party", "outcome"] == "unresolved" and "person" in ch.loc["d-party", "note"]
    assert _speaker(pack, store, "2027-04-03")[0] == "haibat-al-halbousi"


def test_month_dated_event_changes_nothing(pack, store):
    _ingest(store, _removal("2026-09"))
    _confirm(store, "d-removal")
    ch = office_changes_frame(pack, store).iloc[0]
    assert ch["outcome"] == "unplaced"
    assert _speaker(pack, store, "2026-12-01")[0] == "haibat-al-halbousi"


def test_titles_in_a_sentence(pack):
    lex = default_rules()
    s = "Lawmakers elected Nizar Amedi as president while the former speaker looked on."
    hits = titles_in(pack, s, lex, "IQ")
    assert [h.office for h in hits] == ["president-iraq"]  # "former speaker" is a past holder
    s = "The acting speaker swore in the new prime minister, Ali al-Zaidi."
    hits = titles_in(pack, s, lex, "IQ")
    assert [(h.office, h.acting) for h in hits] == [
        ("speaker-iraq", True),
        ("prime-minister-iraq", False),
    ]
    i = s.index("Ali al-Zaidi")
    assert nearest_title(hits, [(i, i + 12)]).office == "prime-minister-iraq"
    assert nearest_title(hits, []) is None  # two offices and no name: not guessed
    hits = titles_in(pack, "He became first deputy speaker.", lex, "IQ")
    assert [h.office for h in hits] == ["first-deputy-speaker-iraq"]


def test_bad_rules_file_is_named(tmp_path):
    p = tmp_path / "rules.yaml"
    p.write_text("rules:\n  - change: begin\n    type: AGREE\n    holder: [target]\n    how: []\n")
    with pytest.raises(PackError, match=r"rules\[0\]\.change"):
        load_change_rules(p)
    p.write_text(
        "rules:\n  - change: start\n    type: AGREE\n    holder: [target]\n"
        "    how: [{label: x, patterns: ['(']}]\n"
    )
    with pytest.raises(PackError, match="bad pattern"):
        load_change_rules(p)
    assert {r.type for r in default_rules().rules} >= {"AGREE", "RETREAT", "SANCTION"}


def test_cli_offices_with_a_store(tmp_path, pack):
    from marsad.store import open_store

    db = tmp_path / "kb.duckdb"
    store = open_store(str(db))
    _ingest(store, _removal())
    _confirm(store, "d-removal")
    store.close()
    run = CliRunner().invoke
    r = run(app, ["analyze", "offices", "--db", str(db), "--as-of", "2026-09-02",
                  "--office", "speaker-iraq", "--json"])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)[0]["holder"] is None
    r = run(
        app, ["analyze", "offices", "--as-of", "2026-09-02", "--office", "speaker-iraq", "--json"]
    )
    assert json.loads(r.output)[0]["holder"] == "haibat-al-halbousi"  # the pack alone
    r = run(app, ["analyze", "offices", "--db", str(db), "--changes", "--json"])
    (ch,) = json.loads(r.output)
    assert ch["outcome"] == "applied" and ch["doc_id"] == "d-removal"
    r = run(app, ["analyze", "offices", "--db", str(db), "--timeline", "--office", "speaker-iraq"])
    assert r.exit_code == 0 and "applied: event" in r.output
    r = run(app, ["analyze", "offices", "--changes"])
    assert r.exit_code != 0 and "--db" in r.output


def test_api_offices_merge_confirmed_events(pack, store):
    from fastapi.testclient import TestClient

    from marsad.config import Settings
    from marsad.server.app import create_app

    _ingest(store, _removal())
    eid = _confirm(store, "d-removal")
    client = TestClient(create_app(Settings.load(env={}), store), raise_server_exceptions=False)
    q = {"as_of": "2026-09-02", "office": "speaker-iraq"}
    (row,) = client.get("/api/politics/offices", params=q).json()["holders"]
    assert row["holder"] is None
    (row,) = client.get("/api/politics/offices", params=q | {"events": "false"}).json()["holders"]
    assert row["holder"] == "haibat-al-halbousi" and row["origin"] == "pack"
    tl = client.get("/api/politics/offices/timeline", params={"office": "speaker-iraq"}).json()
    last = tl[-1]
    assert last["end"] == "2026-09-01" and last["events"][0]["event_id"] == eid
    (ch,) = client.get("/api/politics/offices/changes").json()
    assert (ch["outcome"], ch["doc_id"], ch["sentence"]) == ("applied", "d-removal", REMOVAL)
