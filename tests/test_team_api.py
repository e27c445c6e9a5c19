"""The team server's API over a real store on each backend: every route refuses anonymous and
under-privileged callers and serves the right role; sessions, cookies and CSRF; audit records
name the authenticated user whatever the body says; login rate limiting; admin operations.

The route table is read from the app itself, so a route added without an entry in ``EXPECTED``
fails here, and a route without a declared role cannot even be built into the app.
"""

from __future__ import annotations

import re

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from marsad.auth import accounts
from marsad.config import Settings
from marsad.errors import AccountError
from marsad.server.access import (
    ADMIN,
    ANALYST,
    PUBLIC,
    VIEWER,
    app_routes,
    check_declared,
    route_role,
)
from marsad.server.app import create_app
from marsad.store.queries.accounts import now

SECRET = "team-api-test-secret-" + "s" * 24
BASE = "https://testserver"  # the session cookie is Secure: the client must speak https
PASSWORDS = {"vic": "viewer-password", "ana": "analyst-password", "adm": "admin-password"}
ROLE_OF = {"vic": VIEWER, "ana": ANALYST, "adm": ADMIN}
RANKED = [VIEWER, ANALYST, ADMIN]

# The role every route must declare. A new route fails test_every_route_is_in_the_table until
# it is added here, with the role it should need.
EXPECTED: dict[tuple[str, str], str] = {
    ("GET", "/openapi.json"): VIEWER,
    ("GET", "/api/documents"): VIEWER,
    ("GET", "/api/documents/{doc_id}"): VIEWER,
    ("GET", "/api/events"): VIEWER,
    ("GET", "/api/events/{event_id}"): VIEWER,
    ("GET", "/api/actors"): VIEWER,
    ("GET", "/api/actors/{actor_id}"): VIEWER,
    ("GET", "/api/places"): VIEWER,
    ("GET", "/api/claims"): VIEWER,
    ("GET", "/api/claims/groups"): VIEWER,
    ("GET", "/api/relations"): VIEWER,
    ("GET", "/api/network"): VIEWER,
    ("GET", "/api/search"): VIEWER,
    ("GET", "/api/stats"): VIEWER,
    ("GET", "/api/geo/attribution"): VIEWER,
    ("GET", "/api/geo/admin1"): VIEWER,
    ("GET", "/api/geo/countries"): VIEWER,
    ("GET", "/api/geo/{country}/{level}"): VIEWER,
    ("POST", "/api/review/merge"): ANALYST,
    ("POST", "/api/review/undo/{audit_id}"): ANALYST,
    ("POST", "/api/review/{kind}/{fact_id}/{action}"): ANALYST,
    ("GET", "/api/audit"): VIEWER,
    ("GET", "/api/politics/elections"): VIEWER,
    ("GET", "/api/politics/seats"): VIEWER,
    ("GET", "/api/politics/offices"): VIEWER,
    ("GET", "/api/politics/offices/timeline"): VIEWER,
    ("GET", "/api/politics/offices/changes"): VIEWER,
    ("GET", "/api/politics/network"): VIEWER,
    ("GET", "/api/politics/claims"): VIEWER,
    ("GET", "/api/ach"): VIEWER,
    ("POST", "/api/ach"): ANALYST,
    ("GET", "/api/ach/{matrix_id}"): VIEWER,
    ("POST", "/api/ach/{matrix_id}/hypotheses"): ANALYST,
    ("POST", "/api/ach/{matrix_id}/evidence"): ANALYST,
    ("POST", "/api/ach/{matrix_id}/ratings"): ANALYST,
    ("GET", "/api/ach/{matrix_id}/export"): VIEWER,
    ("GET", "/api/export/{fmt}"): VIEWER,
    ("GET", "/api/fusion/{event_id}"): VIEWER,
    ("POST", "/api/fusion/{event_id}/split"): ANALYST,
    ("GET", "/api/analysis/tempo"): VIEWER,
    ("GET", "/api/analysis/attacks"): VIEWER,
    ("GET", "/api/analysis/forecast"): VIEWER,
    ("GET", "/api/analysis/backtest"): VIEWER,
    ("GET", "/api/analysis/levers"): VIEWER,
    ("GET", "/api/analysis/changes"): VIEWER,
    ("POST", "/api/auth/login"): PUBLIC,
    ("POST", "/api/auth/logout"): VIEWER,
    ("GET", "/api/auth/me"): VIEWER,
    ("GET", "/api/admin/users"): ADMIN,
    ("POST", "/api/admin/users"): ADMIN,
    ("POST", "/api/admin/users/{name}"): ADMIN,
    ("GET", "/api/admin/tokens"): ADMIN,
    ("POST", "/api/admin/tokens"): ADMIN,
    ("POST", "/api/admin/tokens/{token_id}/revoke"): ADMIN,
    ("GET", "/api/admin/audit"): ADMIN,
    ("GET", "/"): PUBLIC,
    ("GET", "/favicon.ico"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/vendor"): PUBLIC,
    ("GET", "/ui"): PUBLIC,
}
# Path parameters for the calls: values that reach the route without changing anything.
PARAMS = {"kind": "event", "action": "confirm", "fmt": "nope", "country": "IQ", "level": "adm1"}
MOUNT_FILES = {"/vendor": "/vendor/VENDOR.md", "/ui": "/ui/app.js"}


@pytest.fixture(scope="module")
def team(module_store_location):
    """A store with one user of each role and a token each, and the team app over it."""
    from test_api import corpus, small_pack

    store = module_store_location.open()
    store.load_pack(small_pack())
    store.ingest(corpus())
    tokens = {}
    for name, password in PASSWORDS.items():
        accounts.add_user(store, name, ROLE_OF[name], password, actor="test")
        tokens[name] = accounts.create_token(store, name, "1d", actor="test")["token"]
    app = create_app(Settings(db=module_store_location.url, team=True, secret_key=SECRET), store=store)
    return app, store, tokens


@pytest.fixture(scope="module")
def ana_session(team):
    return login(team[0], "ana")


def route_calls(app) -> list[tuple[str, str, str, str]]:
    """(method, declared path, concrete URL, declared role) for every route of the app."""
    out = []
    for r in app_routes(app):
        path = r.path
        methods = sorted((getattr(r, "methods", None) or {"GET"}) - {"HEAD"})
        url = MOUNT_FILES.get(path) or re.sub(r"\{(\w+)\}", lambda m: PARAMS.get(m.group(1), "x"), path)
        out += [(m, path, url, route_role(r)) for m in methods]
    return out


def call(client: TestClient, method: str, url: str, headers: dict | None = None):
    if method == "GET":
        return client.get(url, headers=headers)
    return client.request(method, url, json={}, headers=headers)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def login(app, name: str, password: str | None = None) -> tuple[TestClient, str]:
    client = TestClient(app, base_url=BASE)
    r = client.post("/api/auth/login", json={"name": name, "password": password or PASSWORDS[name]})
    assert r.status_code == 200, r.text
    return client, r.json()["csrf_token"]


def test_every_route_is_in_the_table_with_its_declared_role(team):
    app, _, _ = team
    declared = {(m, p): role for m, p, _, role in route_calls(app)}
    assert set(declared) - set(EXPECTED) == set(), "routes missing from EXPECTED (give each its role)"
    assert set(EXPECTED) - set(declared) == set(), "EXPECTED lists routes the app no longer has"
    assert {k: v for k, v in declared.items() if v != EXPECTED[k]} == {}


def test_every_route_refuses_anonymous_and_lower_roles_and_serves_its_role(team):
    app, _, tokens = team
    client = TestClient(app, base_url=BASE)
    checked = 0
    for method, path, url, role in route_calls(app):
        anonymous = call(client, method, url)
        if role == PUBLIC:
            assert anonymous.status_code not in (401, 403), (method, path, anonymous.text)
        else:
            assert anonymous.status_code == 401, (method, path, anonymous.status_code)
            assert anonymous.json()["error"]["code"] == "E700"
        for name, token in tokens.items():
            r = call(client, method, url, bearer(token))
            below = role != PUBLIC and RANKED.index(ROLE_OF[name]) < RANKED.index(role)
            if below:
                assert r.status_code == 403, (method, path, name, r.status_code)
                assert r.json()["error"]["code"] == "E703"
            else:
                assert r.status_code not in (401, 403), (method, path, name, r.status_code, r.text)
            checked += 1
    assert checked == 3 * len(route_calls(app)) >= 3 * 59


def test_an_app_with_an_undeclared_route_is_refused(team):
    app, _, _ = team
    stray = APIRouter()

    @stray.get("/api/forgotten")
    def forgotten() -> dict:
        return {}

    app2 = create_app(Settings(db=":memory:"))
    app2.include_router(stray)
    with pytest.raises(RuntimeError, match="/api/forgotten"):
        check_declared(app2)


def test_a_team_app_needs_a_strong_secret():
    for weak in ("", "change-me", "short-secret"):
        with pytest.raises(AccountError):
            create_app(Settings(db=":memory:", team=True, secret_key=weak))
    for ttl in ("forever", "60d"):
        with pytest.raises(AccountError):
            create_app(Settings(db=":memory:", team=True, secret_key=SECRET, session_ttl=ttl))


def test_session_cookie_flags_and_logout(team):
    app, store, _ = team
    client = TestClient(app, base_url=BASE)
    r = client.post("/api/auth/login", json={"name": "vic", "password": PASSWORDS["vic"]})
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("__Host-marsad-session=")
    flags = {f.strip().lower() for f in cookie.split(";")[1:]}
    assert {"httponly", "secure", "samesite=strict", "path=/"} <= flags
    assert not any(f.startswith("domain") for f in flags)
    me = client.get("/api/auth/me").json()
    assert me["user"] == "vic" and me["via"] == "session" and me["csrf_token"] == r.json()["csrf_token"]
    out = client.post("/api/auth/logout", json={}, headers={"X-CSRF-Token": me["csrf_token"]})
    assert out.status_code == 200 and "max-age=0" in out.headers["set-cookie"].lower()
    assert client.get("/api/auth/me").status_code == 401
    log = store.audit_log(user="vic", action=["login", "logout"], limit=5)
    assert log["action"].tolist()[:2] == ["logout", "login"]


def test_the_session_id_is_stored_only_as_a_keyed_hash(team):
    app, store, _ = team
    client, _ = login(app, "vic")
    sid = client.cookies.get("__Host-marsad-session")
    hashes = [r["id_hash"] for r in store._dicts("SELECT id_hash FROM sessions")]
    assert sid and sid not in hashes and all(len(h) == 64 for h in hashes)


def test_state_changes_by_session_need_the_csrf_header(team):
    app, _, _ = team
    client, csrf = login(app, "ana")
    url = "/api/review/event/no-such-event/reject"
    assert client.post(url, json={}).status_code == 403  # no header
    assert client.post(url, json={}, headers={"X-CSRF-Token": "0" * 64}).status_code == 403
    refused = client.post(url, json={}, headers={"X-CSRF-Token": csrf + "x"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "E704"
    # with the session's token the request reaches the route (which finds no such event)
    assert client.post(url, json={}, headers={"X-CSRF-Token": csrf}).status_code == 404
    # another session's token does not do
    _, other = login(app, "adm")
    assert client.post(url, json={}, headers={"X-CSRF-Token": other}).status_code == 403


@pytest.mark.parametrize("headers, body, status, code", [
    ({"Content-Type": "application/x-www-form-urlencoded"}, "note=x", 415, "E415"),
    ({"Content-Type": "multipart/form-data; boundary=b"}, "--b--", 415, "E415"),
    ({"Content-Type": "text/plain"}, "{}", 415, "E415"),
    ({"Content-Type": "text/plain", "Origin": "https://elsewhere.example"}, "{}", 403, "E704"),
    ({"Content-Type": "application/json", "Origin": "https://elsewhere.example"}, "{}", 403, "E704"),
    ({"Content-Type": "application/json", "Origin": "null"}, "{}", 403, "E704"),
    ({"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}, "{}", 403, "E704"),
    ({"Content-Type": "application/json", "Sec-Fetch-Site": "same-site"}, "{}", 403, "E704"),
])
def test_cross_site_requests_are_refused_even_with_the_csrf_token(team, ana_session, headers, body, status, code):
    """A foreign origin is refused as such (E704); a body a form could send, as not JSON (E415)."""
    _, store, _ = team
    client, csrf = ana_session
    event_id = store.events(f=None, limit=1).iloc[0]["id"]
    before = store.event(event_id)["status"]
    r = client.post(f"/api/review/event/{event_id}/reject", content=body, headers={**headers, "X-CSRF-Token": csrf})
    assert r.status_code == status and r.json()["error"]["code"] == code, r.text
    assert store.event(event_id)["status"] == before


def test_same_origin_json_passes_the_checks(team):
    app, _, tokens = team
    ok = {"Content-Type": "application/json", "Origin": BASE, "Sec-Fetch-Site": "same-origin"}
    r = TestClient(app, base_url=BASE).post("/api/review/event/nope/confirm", content="{}",
                                            headers={**ok, **bearer(tokens["ana"])})
    assert r.status_code == 404


def test_local_server_refuses_form_posts_and_foreign_origins(store_location):
    """Without accounts (loopback, single user) the cross-site refusals hold all the same."""
    store = store_location.open()
    client = TestClient(create_app(Settings(db=store_location.url), store=store))
    url = "/api/review/event/nope/reject"
    assert client.post(url, data={"note": "x"}).status_code == 415
    assert client.post(url, content=b"", headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 415
    assert client.post(url, data={"note": "x"}, headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post(url, json={}, headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post(url, json={}).status_code == 404  # JSON from a script or curl reaches the route
    assert client.post(url).status_code == 415  # a POST says it is JSON even without a body
    me = client.get("/api/auth/me").json()
    assert me == {"user": "analyst", "role": "admin", "clearance": "RED", "via": "local", "team": False,
                  "csrf_token": None}


def test_audit_records_the_authenticated_user_not_the_body(team):
    app, store, tokens = team
    event_id = store.events(limit=1).iloc[0]["id"]
    client, csrf = login(app, "ana")
    r = client.post(f"/api/review/event/{event_id}/edit", json={"field": "fatalities", "value": 3, "user": "mallory"},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    undo = TestClient(app, base_url=BASE).post(f"/api/review/undo/{r.json()['audit_id']}", json={"user": "mallory"},
                                               headers=bearer(tokens["ana"]))
    assert undo.status_code == 200, undo.text
    m = TestClient(app, base_url=BASE).post("/api/ach", json={"title": "Who", "user": "mallory"},
                                            headers=bearer(tokens["ana"]))
    assert m.status_code == 200, m.text
    log = store.audit_log(limit=20)
    mine = log[log["fact_id"].isin([event_id, m.json()["id"]])]
    assert len(mine) >= 3 and set(mine["user"]) == {"ana"}
    assert "mallory" not in set(log["user"])
    via = dict(zip(log["id"], log["via"], strict=True))
    assert via[r.json()["audit_id"]] == "session"
    assert via[undo.json()["audit_id"]].startswith("token:tk-")


def test_reliability_grades_are_an_admins(team):
    app, store, tokens = team
    doc_id = store.documents(limit=1).iloc[0]["id"]
    client = TestClient(app, base_url=BASE)
    url = f"/api/review/document/{doc_id}/edit"
    r = client.post(url, json={"field": "reliability", "value": "B"}, headers=bearer(tokens["ana"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "E703"
    ok = client.post(url, json={"field": "reliability", "value": "B"}, headers=bearer(tokens["adm"]))
    assert ok.status_code == 200
    undo = client.post(f"/api/review/undo/{ok.json()['audit_id']}", json={}, headers=bearer(tokens["ana"]))
    assert undo.status_code == 403
    # an analyst's other edits of a document are allowed
    title = client.post(url, json={"field": "title", "value": "Renamed"}, headers=bearer(tokens["ana"]))
    assert title.status_code == 200, title.text


def test_exports_are_audited_with_user_and_filters(team):
    app, store, tokens = team
    r = TestClient(app, base_url=BASE).get("/api/export/acled?type=ASSAULT", headers=bearer(tokens["vic"]))
    assert r.status_code == 200
    rec = store.audit_log(action="export", user="vic", limit=1).iloc[0]
    assert rec["fact_id"] == "acled" and rec["after"]["filters"]["type"] in ("ASSAULT", ["ASSAULT"])
    assert rec["via"].startswith("token:")
    # and the review page's list of decisions leaves such records out
    shown = TestClient(app, base_url=BASE).get("/api/audit?limit=500", headers=bearer(tokens["vic"])).json()
    assert shown["items"] and not {x["kind"] for x in shown["items"]} & {"export", "session", "token", "user"}


def test_revoked_expired_and_disabled_tokens_stop_working(team, module_store_location):
    _, store, _ = team
    # changes made outside the server (the command line, another process): with the credential
    # cache off, the very next request sees them
    app = create_app(Settings(db=module_store_location.url, team=True, secret_key=SECRET, auth_cache_seconds=0),
                     store=store)
    accounts.add_user(store, "tmp", VIEWER, "temporary-pass", actor="test")
    client = TestClient(app, base_url=BASE)
    toks = [accounts.create_token(store, "tmp", "1d", actor="test") for _ in range(3)]
    for t in toks:
        assert client.get("/api/auth/me", headers=bearer(t["token"])).json()["user"] == "tmp"
    store.revoke_token(toks[0]["id"], actor="test")
    # expiry: the stored expiry moved into the past, as the clock would
    store._exec("UPDATE api_tokens SET expires_at = ? WHERE id = ?", (now().replace(year=2000), toks[1]["id"]))
    for t in toks[:2]:
        r = client.get("/api/auth/me", headers=bearer(t["token"]))
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert client.get("/api/auth/me", headers=bearer(toks[2]["token"])).status_code == 200
    accounts.set_disabled(store, "tmp", actor="test")
    assert client.get("/api/auth/me", headers=bearer(toks[2]["token"])).status_code == 401
    bad = toks[2]["token"][:-1] + ("A" if toks[2]["token"][-1] != "A" else "B")
    for wrong in (bad, "msd_deadbeef_" + "x" * 43, "not-a-token"):
        assert client.get("/api/auth/me", headers=bearer(wrong)).status_code == 401
    assert client.get("/api/auth/me", headers={"Authorization": "Basic eDp5"}).status_code == 401


def test_changes_through_the_admin_api_take_effect_at_once(team):
    """The server remembers checked credentials for a moment, and forgets them after any change
    made through its admin routes: a disabled user's session and a revoked token fail at once."""
    app, store, tokens = team
    accounts.add_user(store, "gone", ANALYST, "gone-password", actor="test")
    client, _ = login(app, "gone", "gone-password")
    tok = accounts.create_token(store, "gone", "1d", actor="test")
    other = TestClient(app, base_url=BASE)
    for _ in range(3):  # checked once, then remembered
        assert client.get("/api/auth/me").status_code == 200
        assert other.get("/api/auth/me", headers=bearer(tok["token"])).status_code == 200
    adm = TestClient(app, base_url=BASE)
    assert adm.post(f"/api/admin/tokens/{tok['id']}/revoke", json={}, headers=bearer(tokens["adm"])).status_code == 200
    assert other.get("/api/auth/me", headers=bearer(tok["token"])).status_code == 401
    assert client.get("/api/auth/me").status_code == 200
    r = adm.post("/api/admin/users/gone", json={"disabled": True}, headers=bearer(tokens["adm"]))
    assert r.status_code == 200, r.text
    assert client.get("/api/auth/me").status_code == 401
    assert client.post("/api/auth/login", json={"name": "gone", "password": "gone-password"}).status_code == 401
    r = client.post("/api/auth/login", json={"name": "gone", "password": "gone-password"})
    assert r.status_code == 401


def test_login_is_rate_limited_and_failures_are_audited(team):
    app, store, _ = team
    accounts.add_user(store, "lim", VIEWER, "right-password", actor="test")
    client = TestClient(app, base_url=BASE)
    limit = app.state.login_limiter.per_name
    codes = [client.post("/api/auth/login", json={"name": "lim", "password": f"wrong-{i}"}).status_code
             for i in range(limit)]
    assert codes == [401] * limit
    blocked = client.post("/api/auth/login", json={"name": "lim", "password": "right-password"})
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert blocked.json()["error"]["code"] == "E701"
    failed = store.audit_log(user="lim", action="login-failed", limit=50)
    assert len(failed) == limit and failed.iloc[0]["after"]["limited"] is True
    assert not len(store.audit_log(user="lim", action="login", limit=5))
    # an unknown name is refused like a wrong password (and audited under the name tried)
    r = client.post("/api/auth/login", json={"name": "nobody", "password": "whatever-1"})
    assert r.status_code == 401 and r.json()["error"]["message"] == "wrong user name or password"


def test_admin_manages_users_and_tokens_over_the_api(team):
    app, store, tokens = team
    adm = TestClient(app, base_url=BASE)
    h = bearer(tokens["adm"])
    r = adm.post("/api/admin/users", json={"name": "newbie", "role": "viewer", "password": "newbie-pass"}, headers=h)
    assert r.status_code == 200, r.text
    assert adm.post("/api/admin/users", json={"name": "newbie", "role": "viewer", "password": "newbie-pass"},
                    headers=h).status_code == 400
    t = adm.post("/api/admin/tokens", json={"user": "newbie", "expires": "2h"}, headers=h).json()
    assert re.fullmatch(r"msd_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", t["token"])
    listed = adm.get("/api/admin/tokens?user=newbie", headers=h).json()["items"]
    assert [x["id"] for x in listed] == [t["id"]] and "token" not in listed[0] and "token_hash" not in listed[0]
    me = TestClient(app, base_url=BASE).get("/api/auth/me", headers=bearer(t["token"])).json()
    assert me["role"] == "viewer"
    up = adm.post("/api/admin/users/newbie", json={"role": "analyst"}, headers=h)
    assert up.status_code == 200
    assert TestClient(app, base_url=BASE).get("/api/auth/me", headers=bearer(t["token"])).json()["role"] == "analyst"
    assert adm.post(f"/api/admin/tokens/{t['id']}/revoke", json={}, headers=h).status_code == 200
    assert TestClient(app, base_url=BASE).get("/api/auth/me", headers=bearer(t["token"])).status_code == 401
    users = adm.get("/api/admin/users", headers=h).json()["items"]
    assert "newbie" in {u["name"] for u in users} and not any("password_hash" in u for u in users)
    trail = adm.get("/api/admin/audit?user=adm&action=user-add,user-role,token-create,token-revoke",
                    headers=h).json()["items"]
    assert {x["action"] for x in trail} == {"user-add", "user-role", "token-create", "token-revoke"}
    assert all(x["via"].startswith("token:") for x in trail)
