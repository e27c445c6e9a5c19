"""Store-level hardening on both backends (docs/security.md): signed, validated pagination cursors;
numeric and enumerated bounds on edits and filters; LIKE wildcards matched literally."""

from __future__ import annotations

import base64
import json
import math

import pytest

from marsad.errors import StoreError
from marsad.store import EventFilter
from marsad.store.queries.kinds import MAX_COUNT
from test_api import corpus, small_pack


@pytest.fixture(scope="module")
def filled(module_store_location):
    store = module_store_location.open()
    store.load_pack(small_pack())
    store.ingest(corpus())
    return store


def _all_pages(fetch, limit=1):
    ids, cursor, pages = [], None, 0
    while True:
        df = fetch(limit, cursor)
        ids += list(df["id"])
        pages += 1
        cursor = df.attrs.get("cursor")
        if not cursor or pages > 100:
            return ids, pages


LISTS = {
    "events": lambda s: lambda n, c: s.events(limit=n, cursor=c),
    "documents": lambda s: lambda n, c: s.documents(limit=n, cursor=c),
    "claims": lambda s: lambda n, c: s.claims(limit=n, cursor=c),
    "actors": lambda s: lambda n, c: s.actors(limit=n, cursor=c),
    "places": lambda s: lambda n, c: s.places(limit=n, cursor=c),
}


# --------------------------------------------------------------------------- cursors


@pytest.mark.parametrize("name", list(LISTS))
def test_signed_cursors_page_through_every_list(filled, name):
    fetch = LISTS[name](filled)
    ids, pages = _all_pages(fetch)
    whole = list(fetch(10_000, None)["id"])
    assert ids == whole and pages >= len(whole)


def _tamper(cursor: str) -> list[str]:
    payload, sig = cursor.split(".")
    flip = lambda s, i: s[:i] + ("A" if s[i] != "A" else "B") + s[i + 1:]  # noqa: E731
    raw = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    raw["k"][-1] = raw["k"][-1] + "x" if isinstance(raw["k"][-1], str) else 0
    forged = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")
    return [flip(payload, 3), flip(sig, 0), payload, f"{forged}.{sig}", cursor + "x", "." + sig, cursor[:-2]]


def _crafted() -> list[str]:
    """Unsigned cursors that look like ours: base64 of JSON arrays and objects of odd types."""
    shapes = [["2024-01-01", "x"], [1e308, "x"], [None, None], [[1], {"a": 1}], ["9999-99-99", 5],
              [True, False], ["2024-01-01"], [], [10**30, "a", "b"], {"l": "events", "k": ["2024-01-01", "e"]},
              "2024-01-01", 12, None]
    out = []
    for v in shapes:
        raw = base64.urlsafe_b64encode(json.dumps(v).encode()).decode()
        out += [raw, raw.rstrip("="), raw.rstrip("=") + ".AAAAAAAAAAAAAAAAAAAAAA"]
    return out + ["", "\x00", "%", "' OR 1=1 --", "a" * 5000, "..", "é.é", "Zm9v.YmFy"]


@pytest.mark.parametrize("name", list(LISTS))
def test_forged_altered_and_crafted_cursors_are_clear_errors(filled, name):
    fetch = LISTS[name](filled)
    cursor = fetch(1, None).attrs["cursor"]
    assert cursor and cursor.count(".") == 1
    tried = 0
    for bad in [*_tamper(cursor), *_crafted()]:
        if bad == "":
            continue  # no cursor: the first page
        with pytest.raises(StoreError, match="not a cursor returned by this store"):
            fetch(1, bad)
        tried += 1
    assert tried > 40


def test_a_cursor_of_one_list_is_refused_by_another(filled):
    ev = filled.events(limit=1).attrs["cursor"]
    with pytest.raises(StoreError):
        filled.documents(limit=1, cursor=ev)
    with pytest.raises(StoreError):
        filled.claims(limit=1, cursor=ev)


def test_ids_still_work_as_cursors(filled):
    first = filled.events(limit=1)
    by_id = filled.events(limit=5, cursor=first["id"].iloc[0])
    by_cursor = filled.events(limit=5, cursor=first.attrs["cursor"])
    assert list(by_id["id"]) == list(by_cursor["id"])


def test_every_store_on_the_database_accepts_the_cursor(module_store_location, filled):
    cursor = filled.events(limit=1).attrs["cursor"]
    if module_store_location.backend == "duckdb":
        pytest.skip("one DuckDB file is open in one store at a time; see the reopen test")
    other = module_store_location.open()
    try:
        assert list(other.events(limit=3, cursor=cursor)["id"]) == list(filled.events(limit=3, cursor=cursor)["id"])
        assert other.events(limit=1).attrs["cursor"] == cursor  # the same key signs alike
    finally:
        other.close()


def test_the_key_outlives_the_process_and_differs_between_databases(tmp_path):
    from marsad.store import open_store

    a = open_store(str(tmp_path / "a.duckdb"))
    a.load_pack(small_pack())
    a.ingest(corpus())
    cursor = a.events(limit=1).attrs["cursor"]
    a.close()
    a = open_store(str(tmp_path / "a.duckdb"))
    assert len(a.events(limit=10, cursor=cursor)) >= 1
    a.close()
    b = open_store(str(tmp_path / "b.duckdb"))
    b.load_pack(small_pack())
    b.ingest(corpus())
    with pytest.raises(StoreError):
        b.events(limit=1, cursor=cursor)
    b.close()


# --------------------------------------------------------------------------- bounds on edits


def _event(store):
    """An ASSAULT event (so a PROTEST mode is certainly not one of its modes)."""
    return next(e for e in store.events(limit=1000).to_dict("records") if e["type"] == "ASSAULT")


BAD_EDITS = [
    ("fatalities", 1e308), ("fatalities", -1), ("fatalities", 1.5), ("fatalities", "abc"),
    ("fatalities", True), ("fatalities", [1]), ("fatalities", {"n": 1}), ("fatalities", math.nan),
    ("fatalities", math.inf), ("fatalities", 10**20), ("fatalities", MAX_COUNT + 1), ("fatalities", "1e400"),
    ("injuries", -5), ("injuries", "9" * 400), ("credibility", 0), ("credibility", 7), ("credibility", math.inf),
    ("credibility", "x"), ("lat", 999), ("lat", -90.0001), ("lat", "north"), ("lat", math.nan),
    ("lon", 180.5), ("lon", -1e308), ("lon", [0]), ("mode", "whatever"), ("mode", "<b>x</b>"),
    ("mode", "demo"),  # a PROTEST mode on another type
    ("type", "BOMBING"), ("certainty", "sure"), ("country", "IRQ"), ("date", "2024-13-45"),
    ("place_name", "a\x00b"), ("place_name", "x" * 20_001), ("place_name", {"a": 1}),
]


@pytest.mark.parametrize("field,value", BAD_EDITS, ids=[f"{f}={str(v)[:20]!r}" for f, v in BAD_EDITS])
def test_out_of_bounds_edits_are_refused_and_change_nothing(filled, field, value):
    ev = _event(filled)
    with pytest.raises(StoreError, match=f"not valid for {field}|mode=|is not a mode"):
        filled.review("event", ev["id"], "edit", user="tester", field=field, value=value)
    after = _event(filled)
    assert after.get(field) == ev.get(field) or (after.get(field) != after.get(field))  # NaN stays NaN


@pytest.mark.parametrize("field,value,stored", [
    ("fatalities", "12", 12), ("fatalities", 0, 0), ("fatalities", MAX_COUNT, MAX_COUNT), ("fatalities", None, None),
    ("lat", -90, -90.0), ("lon", "44.5", 44.5), ("credibility", 2.0, 2),
])
def test_edits_within_bounds_are_stored(filled, field, value, stored):
    ev = _event(filled)
    res = filled.review("event", ev["id"], "edit", user="tester", field=field, value=value)
    assert res["after"][field] == stored
    filled.undo(res["audit_id"], user="tester")


def test_mode_must_belong_to_the_event_type(filled):
    ev = next(e for e in filled.events(limit=100).to_dict("records") if e["type"] == "ASSAULT")
    res = filled.review("event", ev["id"], "edit", user="t", field="mode", value="Drone")
    assert res["after"]["mode"] == "drone"
    filled.undo(res["audit_id"], user="t")
    with pytest.raises(StoreError, match="not a mode of ASSAULT"):
        filled.review("event", ev["id"], "edit", user="t", field="mode", value="riot")


@pytest.mark.parametrize("kind,field,value", [
    ("claim", "value", 1e308), ("claim", "value", math.inf), ("claim", "value", "ten"),
    ("actor", "name", ""), ("actor", "name", "  "), ("actor", "acled_inter", 1000), ("actor", "aliases", {"a": 1}),
    ("place", "lat", 91), ("place", "name", None),
])
def test_other_kinds_are_bounded_too(filled, kind, field, value):
    ident = {
        "claim": lambda: filled.claims(limit=1)["id"].iloc[0],
        "actor": lambda: "kataib-hezbollah",
        "place": lambda: filled.places(limit=1)["id"].iloc[0],
    }[kind]()
    with pytest.raises(StoreError, match=f"not valid for {field}"):
        filled.review(kind, ident, "edit", user="tester", field=field, value=value)


def test_filter_numbers_are_bounded(filled):
    for bad in (-1, 10**30, "1e3", True, "x"):
        with pytest.raises(StoreError, match="min_corroboration"):
            filled.events(EventFilter(min_corroboration=bad))
    for limit in (0, -1, 10**9, "x", True):
        with pytest.raises(StoreError, match="limit"):
            filled.events(limit=limit)


# --------------------------------------------------------------------------- LIKE wildcards


def test_like_wildcards_match_only_themselves(filled):
    n_events = len(filled.events(limit=10_000))
    n_actors = len(filled.actors(limit=10_000))
    for wild in ("%", "_", "%%", "_%_", "\\", "\\%", "[a-z]%"):
        assert len(filled.events(EventFilter(text=wild), limit=10_000)) < n_events, wild
        assert len(filled.events(EventFilter(text=wild), limit=10_000)) == 0, wild
        assert len(filled.actors(query=wild, limit=10_000)) == 0, wild
        assert len(filled.places(query=wild, limit=10_000)) == 0, wild
        assert len(filled.claims({"text": wild}, limit=10_000)) == 0, wild
    assert n_events > 1 and n_actors > 1
    # plain text still matches as before
    assert len(filled.events(EventFilter(text="protested"), limit=10_000)) >= 1
    assert len(filled.actors(query="kataib", limit=100)) >= 1


def test_a_name_with_wildcards_is_found_by_itself(filled):
    filled.review("actor", "pmf", "edit", user="t", field="description", value="x")
    res = filled.review("actor", "pmf", "edit", user="t", field="name", value="PMF 100%_units\\x")
    try:
        assert list(filled.actors(query="100%_units\\x", limit=10)["id"]) == ["pmf"]
        assert list(filled.actors(query="100%_u", limit=10)["id"]) == ["pmf"]
        assert "pmf" not in list(filled.actors(query="100_%", limit=10)["id"])
    finally:
        filled.undo(res["audit_id"], user="t")


def test_audit_search_by_id_does_not_treat_the_id_as_a_pattern(filled):
    ev = _event(filled)
    res = filled.review("event", ev["id"], "confirm", user="t")
    try:
        assert len(filled.audit(fact_id=ev["id"])) >= 1
        assert len(filled.audit(fact_id="%")) == 0
        assert len(filled.audit(fact_id="_" * len(ev["id"]))) == 0
    finally:
        filled.undo(res["audit_id"], user="t")
