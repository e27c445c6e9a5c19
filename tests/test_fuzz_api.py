"""Fuzzing the API (docs/security.md): every GET route's parameters and the write routes' JSON
bodies, drawn by Hypothesis from valid values, injection payloads and arbitrary text and numbers,
on both backends; no request may get a 5xx. Injection payloads go into every string parameter
of every GET route as well, and must neither fail nor widen a search.

The number of examples is bounded (derandomised, so every run tries the same inputs) to keep the
suite fast; each test prints how many requests it made."""

from __future__ import annotations

import json
import math
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.config import Settings
from marsad.ontology import PLOVER_TYPES
from marsad.server.app import create_app
from test_api import corpus, small_pack

INJECTIONS = [
    "' OR '1'='1", "' OR 1=1 --", "\" OR \"\"=\"", "'; DROP TABLE events; --", "1; SELECT pg_sleep(5)",
    "') UNION SELECT id, name FROM actors --", "%", "_", "%%", "\\", "\\%", "%' --", "[a-z]%", "*", "?",
    "$1", "%s", "{0}", "\x00", "a\x00b", "\u202e", "ـ", "\ud7ff", "😀" * 3, "é" * 300, "x" * 5000,
    "<script>alert(1)</script>", "../../etc/passwd", "..%2f..%2f", "%00", "NaN", "Infinity", "-Infinity",
    "1e308", "-1e308", "9" * 40, "-1", "0", "2024-13-45", "0000-00-00", "9999-12-31", "2024-02-30",
    "true", "null", "[]", "{}", "ASSAULT,", ",,,", " ", "\t\n",
]
# for the routes that compute much per request (fits, exports, networks): one payload of each sort
SHORT_INJECTIONS = ["' OR 1=1 --", "'; DROP TABLE events; --", "%", "_", "\\", "\x00", "x" * 5000, "😀" * 3,
                    "<script>alert(1)</script>", "1e308", "-1", "2024-13-45", "NaN", ",,,"]
NUMBERS = ["1e308", "-1e308", "9" * 40, "-1", "0", "1.5", "NaN", "inf", "", "0x10", "1_000", "1e3"]
MAX_EXAMPLES = 30
HEAVY = ("/api/analysis/", "/api/export/", "/api/network")  # fewer examples and payloads, same checks
# parameters checked against a list or a format before any query: one payload of each sort will do
CHECKED = {"type", "mode", "status", "country", "by", "group", "kind", "format", "fmt", "level", "kernel", "start",
           "end", "as_of", "from", "break", "limit", "min_corroboration", "include_affiliates", "edge_types", "kinds"}


def _payloads(path: str, param: dict) -> list[str]:
    schema = param.get("schema", {})
    types = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
    free_text = "string" in types and param["name"] not in CHECKED
    return INJECTIONS if free_text and not path.startswith(HEAVY) else SHORT_INJECTIONS


def _routes() -> list[tuple[str, list[dict]]]:
    spec = create_app(Settings.load(env={}, db=":memory:")).openapi()
    out = []
    for path, ops in spec["paths"].items():
        op = ops.get("get")
        if op and path.startswith("/api/"):
            out.append((path, op.get("parameters", [])))
    return out


GET_ROUTES = _routes()


@pytest.fixture(scope="module")
def api(module_store_location):
    store = module_store_location.open()
    store.load_pack(small_pack())
    store.ingest(corpus())
    client = TestClient(create_app(Settings.load(env={}), store), raise_server_exceptions=False)
    ids = {
        "event": [e["id"] for e in client.get("/api/events", params={"limit": 50}).json()["items"]],
        "doc": [d["id"] for d in client.get("/api/documents").json()["items"]],
        "actor": [a["id"] for a in client.get("/api/actors", params={"limit": 50}).json()["items"]],
        "claim": [c["id"] for c in client.get("/api/claims").json()["items"]],
        "place": [p["id"] for p in client.get("/api/places", params={"limit": 20}).json()["items"]],
    }
    ids["cursor"] = [store.events(limit=1).attrs["cursor"], store.documents(limit=1).attrs["cursor"], *ids["event"][:3]]
    m = client.post("/api/ach", json={"title": "fuzz"}).json()
    ids["matrix"] = [m["id"]]
    return client, ids


def _known(name: str, ids: dict) -> list:
    """Values that a parameter of this name takes in normal use."""
    dates = ["2024", "2024-01", "2024-02-04", "2019-12-29"]
    table = {
        "start": dates, "end": dates, "as_of": dates, "from": dates,
        "type": list(PLOVER_TYPES) + ["ASSAULT,PROTEST", "assault"],
        "mode": ["aerial", "demo", "drone,aerial"], "country": ["IQ", "SY", "JO", "iq"],
        "status": ["draft", "confirmed", "rejected", "edited", "merged"], "kind": ["armed_group", "person"],
        "by": ["day", "week", "month", "year"], "group": ["type", "actor", "country"],
        "fmt": ["acled", "stix", "geojson", "graphml", "parquet"], "format": ["csv", "json"],
        "level": ["adm1", "adm2"], "country_geo": ["IQ"], "kernel": ["exp", "power"], "q": ["protested", "Kataib", "Baghdad"],
        "actor": ids["actor"], "expand": ids["actor"], "around": ids["actor"], "event_id": ids["event"],
        "doc_id": ids["doc"], "actor_id": ids["actor"], "fact_id": ids["event"] + ids["claim"],
        "matrix_id": ids["matrix"], "place": ids["place"], "cursor": ids["cursor"],
        "edge_types": ["backs", "member_of,co_event"], "kinds": ["person", "armed_group,state"],
        "election": ["iraq-parliament-2021"], "text": ["attack"], "subject": ["attacks"],
    }
    return table.get(name, [])


def _value(schema: dict, name: str, ids: dict):
    types = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
    choices = [st.sampled_from(INJECTIONS), st.text(max_size=30)]
    known = _known(name, ids)
    if known:
        choices.append(st.sampled_from(known))
    if types & {"integer", "number"}:
        lo, hi = schema.get("minimum", -10**6), schema.get("maximum", 10**6)
        choices += [st.integers(min_value=int(lo) - 2, max_value=int(hi) + 2).map(str), st.sampled_from(NUMBERS),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr)]
    if "boolean" in types:
        choices.append(st.sampled_from(["true", "false", "1", "0", "yes", "maybe"]))
    if "array" in types:
        return st.lists(st.one_of(*choices), max_size=3)
    return st.one_of(*choices)


def _request(client, path: str, params: list[dict], draw, ids: dict):
    query, url = {}, path
    for p in params:
        v = draw(_value(p.get("schema", {}), p["name"], ids))
        if p["in"] == "path":
            url = url.replace("{" + p["name"] + "}", quote(str(v), safe="") or "x")
        elif draw(st.booleans()):
            query[p["name"]] = v
    return client.get(url, params=query), url, query


@pytest.mark.parametrize("path,params", GET_ROUTES, ids=[p for p, _ in GET_ROUTES])
def test_no_get_route_fails_on_any_parameter(api, path, params):
    client, ids = api
    n = {"requests": 0}

    @settings(max_examples=6 if path.startswith(HEAVY) else MAX_EXAMPLES, deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        r, url, query = _request(client, path, params, data.draw, ids)
        n["requests"] += 1
        assert r.status_code < 500, f"GET {url} {query!r} -> {r.status_code} {r.text[:300]}"
        if r.status_code >= 400:
            body = r.json()
            assert body["error"]["code"].startswith("E") and body["error"]["message"]

    run()
    print(f"\nfuzz GET {path}: {n['requests']} requests")
    assert n["requests"] >= (6 if params else 1)


@pytest.mark.parametrize("path,params", GET_ROUTES, ids=[p for p, _ in GET_ROUTES])
def test_injection_payloads_in_every_string_parameter(api, path, params):
    client, ids = api
    before = client.get("/api/stats").json()
    tried = 0
    base = path
    for p in params:
        if p["in"] == "path":
            base = base.replace("{" + p["name"] + "}", quote(str((_known(p["name"], ids) or ["x"])[0]), safe=""))
    for p in [p for p in params if p["in"] == "query"]:
        for payload in _payloads(path, p):
            r = client.get(base, params={p["name"]: payload})
            tried += 1
            assert r.status_code < 500, f"GET {path} {p['name']}={payload!r} -> {r.status_code} {r.text[:200]}"
    for p in [p for p in params if p["in"] == "path"]:
        for payload in _payloads(path, p):
            r = client.get(path.replace("{" + p["name"] + "}", quote(payload, safe="") or "x"))
            tried += 1
            assert r.status_code < 500, f"GET {path} {p['name']}={payload!r} -> {r.status_code}"
    assert client.get("/api/stats").json() == before  # nothing was dropped or changed
    print(f"\ninjection GET {path}: {tried} requests")


@pytest.mark.parametrize("path,param", [("/api/events", "q"), ("/api/actors", "q"), ("/api/places", "q"),
                                        ("/api/claims", "q"), ("/api/search", "q")])
def test_injections_do_not_widen_a_search(api, path, param):
    client, _ = api
    for payload in ("' OR '1'='1", "' OR 1=1 --", "%", "_", "%%", "%' --", "') UNION SELECT id, name FROM actors --"):
        body = client.get(path, params={param: payload, "limit": 200}).json()
        items = body["items"] if "items" in body else body.get("events", []) + body.get("actors", []) + body.get("places", [])
        assert items == [], (path, payload)


# --------------------------------------------------------------------------- write bodies


def post_json(client, url, body):
    """POST ``body`` as JSON as Python writes it: NaN and Infinity included, as some clients send."""
    return client.post(url, content=json.dumps(body), headers={"content-type": "application/json"})


JSON_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e308, -1e308, 1e-308, 2**63, -(2**63)]),
    st.text(max_size=40), st.sampled_from(INJECTIONS), st.sampled_from(list(PLOVER_TYPES) + ["demo", "aerial"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
EDITABLE = {
    "event": ["type", "mode", "subtype", "date", "place_id", "place_name", "admin1", "country", "lat", "lon",
              "source_actor_id", "target_actor_name", "fatalities", "injuries", "certainty", "credibility"],
    "claim": ["value", "unit", "subject", "period_start", "period_end", "credibility"],
    "actor": ["name", "kind", "sector", "acled_inter", "country", "description", "aliases"],
    "place": ["name", "admin1", "country", "lat", "lon"],
    "document": ["reliability", "title", "source", "url"],
}
BOUNDS = {"fatalities": (0, 1_000_000), "injuries": (0, 1_000_000), "lat": (-90, 90), "lon": (-180, 180),
          "credibility": (1, 6), "acled_inter": (0, 99)}


def test_no_edit_body_fails(api):
    client, ids = api
    targets = {"event": ids["event"][:5], "claim": ids["claim"][:3], "actor": ids["actor"][:3],
               "place": ids["place"][:3], "document": ids["doc"][:3]}
    n = {"requests": 0, "accepted": 0}

    @settings(max_examples=400, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(kind=st.sampled_from(sorted(targets)), data=st.data(), value=JSON_VALUES,
           extra=st.sampled_from([None, "note", "user", "unknown"]))
    def run(kind, data, value, extra):
        fact = data.draw(st.sampled_from(targets[kind] or ["x"]))
        field = data.draw(st.sampled_from(EDITABLE[kind] + ["id", "status", "no_such_field", ""]))
        body = {"field": field, "value": value}
        if extra:
            body[extra] = value
        r = post_json(client, f"/api/review/{kind}/{fact}/edit", body)
        n["requests"] += 1
        assert r.status_code < 500, f"edit {kind} {field}={value!r} -> {r.status_code} {r.text[:300]}"
        if r.status_code == 200:
            n["accepted"] += 1
            stored = r.json()["after"][field]
            if field in BOUNDS and stored is not None:
                lo, hi = BOUNDS[field]
                assert isinstance(stored, int | float) and math.isfinite(stored) and lo <= stored <= hi, stored

    run()
    print(f"\nfuzz edits: {n['requests']} requests, {n['accepted']} accepted within bounds")
    assert n["accepted"] > 0 and n["requests"] >= 400


def test_no_other_write_body_fails(api):
    client, ids = api
    m = ids["matrix"][0]
    routes = [
        ("/api/review/merge", lambda v, i: {"kind": v if isinstance(v, str) else "event", "keep_id": i, "merge_id": v}),
        ("/api/review/undo/{v}", lambda v, i: {"user": v}),
        ("/api/review/event/{i}/{v}", lambda v, i: {"note": v}),
        (f"/api/ach/{m}/hypotheses", lambda v, i: {"label": v, "description": v}),
        (f"/api/ach/{m}/evidence", lambda v, i: {"kind": v, "fact_id": i, "weight": v, "label": v}),
        (f"/api/ach/{m}/ratings", lambda v, i: {"evidence_id": v, "hypothesis_id": v, "rating": v}),
        ("/api/ach", lambda v, i: {"title": v, "question": v, "user": v}),
        ("/api/fusion/{i}/split", lambda v, i: {"doc_ids": v if isinstance(v, list) else [v], "note": v}),
    ]
    n = {"requests": 0}

    @settings(max_examples=300, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(route=st.sampled_from(routes), value=JSON_VALUES, ident=st.sampled_from(ids["event"] + ids["doc"] + ["x"]),
           raw=st.sampled_from([None, b"{", b"[]", b"null", b"\xff\xfe", b'{"a":' * 50, b"1e999999"]))
    def run(route, value, ident, raw):
        path, body = route
        url = path.replace("{v}", quote(str(value), safe="") or "x").replace("{i}", quote(ident, safe=""))
        if raw is not None:
            r = client.post(url, content=raw, headers={"content-type": "application/json"})
        else:
            r = post_json(client, url, body(value, ident))
        n["requests"] += 1
        assert r.status_code < 500, f"POST {url} -> {r.status_code} {r.text[:300]}"

    run()
    print(f"\nfuzz other writes: {n['requests']} requests")
    assert n["requests"] >= 300
