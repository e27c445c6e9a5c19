"""The team server in headless Chromium: log in, review a fact, read the audit trail; the session
cookie's flags; and a page on another origin that tries to make a logged-in (or local) browser
change a fact.

A few sample reports are ingested into a DuckDB file, accounts are added with ``marsad users add``
and ``marsad serve --team`` runs on a free loopback port; the hostile page is served by a second
real HTTP server on another port (another origin, and with ``localhost`` against ``127.0.0.1``,
another site).
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest

import marsad

# the browser, server and port helpers of the dashboard's browser tests
from test_ui_browser import (
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    MARSAD,
    _free_port,
    _need_chromium,
    _wait_http,
)

pytestmark = pytest.mark.browser

SAMPLES = sorted((Path(marsad.__file__).parent / "data" / "samples").glob("*.json"))[:4]
SECRET = "browser-test-secret-" + "x" * 24
PASSWORDS = {"ana": ("analyst", "ana-password-1"), "root": ("admin", "root-password-1")}


def _run(*args: str, **kw) -> subprocess.CompletedProcess:
    r = subprocess.run([*MARSAD, *args], capture_output=True, text=True, timeout=600, **kw)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def _serve(db: Path, *extra: str, env: dict | None = None):
    port = _free_port()
    proc = subprocess.Popen([*MARSAD, "serve", "--db", str(db), "--port", str(port), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    _wait_http(url + "/", proc)
    return proc, url


def _stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    _need_chromium()
    db = tmp_path_factory.mktemp("team") / "team.duckdb"
    _run("ingest", *map(str, SAMPLES), "--db", str(db))
    for name, (role, password) in PASSWORDS.items():
        _run("users", "add", name, "--role", role, "--password", password, "--db", str(db))
    return db


@pytest.fixture(scope="module")
def team_url(kb):
    proc, url = _serve(kb, "--team", env={"MARSAD_SECRET_KEY": SECRET})
    yield url
    _stop(proc)


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def context(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    # bypass_csp: wait_for_function's probes are evaluated strings, which the page's CSP forbids
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    problems: list[str] = []
    ctx.on("weberror", lambda e: problems.append(f"page error: {e.error}"))
    ctx.problems = problems
    yield ctx
    ctx.close()
    assert problems == [], "\n".join(problems)


def _ready(pg, timeout=30_000):
    pg.wait_for_function("window.__marsad && window.__marsad.ready === true", timeout=timeout)


def _login(pg, url: str, name: str) -> None:
    pg.goto(url + "/#/review")
    pg.wait_for_selector("[data-testid=login-form]")
    pg.fill("[data-testid=login-name]", name)
    pg.fill("[data-testid=login-password]", PASSWORDS[name][1])
    pg.click("[data-testid=login-submit]")
    pg.wait_for_selector("[data-testid=whoami-name]")
    assert pg.inner_text("[data-testid=whoami-name]") == name
    pg.wait_for_function("location.hash === '#/review'")  # back to the page that asked for the login
    _ready(pg)


def _api(url: str, path: str, token: str | None = None):
    req = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def test_login_review_and_audit_view(context, team_url):
    pg = context.new_page()
    # without a session every page asks for a login, and the API refuses
    _login(pg, team_url, "ana")
    cookies = {c["name"]: c for c in context.cookies()}
    session = cookies["__Host-marsad-session"]
    assert session["httpOnly"] and session["secure"] and session["sameSite"] == "Strict"
    assert session["path"] == "/"
    assert pg.evaluate("document.cookie") == "", "the session cookie is out of the page's reach"
    # the analyst sees the review page (the login returned to it) and confirms the first draft
    pg.wait_for_selector("[data-testid=review-row]")
    _ready(pg)
    assert pg.is_hidden("[data-testid=nav-audit]"), "the audit view is an admin's"
    event_id = pg.get_attribute("[data-testid=review-row]", "data-id")
    pg.click(f"[data-testid='confirm-{event_id}']")
    pg.wait_for_selector("[data-testid=toast]")
    pg.wait_for_selector(f"[data-testid=audit-row] >> text={event_id}")
    pg.screenshot(path=str(ARTIFACTS / "team-review.png"), full_page=False)
    pg.click("[data-testid=logout]")
    pg.wait_for_selector("[data-testid=login-form]")
    # the admin finds the decision, made by the analyst's session, in the audit view
    _login(pg, team_url, "root")
    pg.click("[data-testid=nav-audit]")
    pg.wait_for_selector("[data-testid=audit-log][data-loaded='1'] [data-testid=audit-log-row]")
    rows = pg.eval_on_selector_all(
        "[data-testid=audit-log-row]",
        "rs => rs.map(r => ({action: r.dataset.action, user: r.dataset.user, text: r.innerText}))")
    confirm = [r for r in rows if r["action"] == "confirm" and event_id in r["text"]]
    assert confirm and confirm[0]["user"] == "ana" and "session" in confirm[0]["text"]
    assert any(r["action"] == "login" and r["user"] == "ana" for r in rows)
    assert any(r["action"] == "logout" and r["user"] == "ana" for r in rows)
    # the filter narrows the trail to one user's records
    pg.fill("[data-testid=audit-user]", "ana")
    pg.fill("[data-testid=audit-action]", "login")
    pg.click("[data-testid=audit-filters] button")
    pg.wait_for_function("location.hash.includes('user=ana')")
    # the view rendered for the new hash (its inputs carry the filter as attributes), once loaded
    pg.wait_for_function("""() => { const u = document.querySelector("[data-testid=audit-user]");
        const log = document.querySelector("[data-testid=audit-log]");
        return u && u.getAttribute("value") === "ana" && log && log.dataset.loaded === "1"; }""")
    shown = pg.eval_on_selector_all("[data-testid=audit-log-row]", "rs => rs.map(r => [r.dataset.user, r.dataset.action])")
    assert shown and all(x == ["ana", "login"] for x in shown)
    pg.screenshot(path=str(ARTIFACTS / "team-audit.png"), full_page=False)


def test_wrong_password_is_refused_and_audited(context, team_url, kb):
    pg = context.new_page()
    pg.goto(team_url + "/")
    pg.wait_for_selector("[data-testid=login-form]")
    pg.fill("[data-testid=login-name]", "ana")
    pg.fill("[data-testid=login-password]", "not-her-password")
    pg.click("[data-testid=login-submit]")
    pg.wait_for_function("() => document.querySelector('[data-testid=login-error]').textContent.includes('wrong')")
    assert not [c for c in context.cookies() if c["name"].endswith("marsad-session")]
    r = _run("audit", "--action", "login-failed", "--format", "json", "--db", str(kb))
    assert any(x["user"] == "ana" for x in json.loads(r.stdout)["items"])


class _Hostile(http.server.BaseHTTPRequestHandler):
    """Serves one page that posts a form to ``target`` as soon as it loads."""

    target = ""

    def do_GET(self):  # noqa: N802 - the handler's required name
        body = (f'<html><body><form id="f" method="POST" action="{self.target}">'
                '<input name="note" value="x"></form>'
                '<script>document.getElementById("f").submit()</script></body></html>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _hostile_page(target: str):
    handler = type("Hostile", (_Hostile,), {"target": target})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _status(url: str, event_id: str, token: str | None = None) -> str:
    return _api(url, f"/api/events/{event_id}", token)["status"]


def _draft_event(url: str, token: str | None = None) -> str:
    return _api(url, "/api/events?status=draft&limit=1", token)["items"][0]["id"]


@pytest.mark.parametrize("site", ["localhost", "127.0.0.1"])
def test_another_origin_cannot_reject_an_event_on_a_local_server(browser, kb, tmp_path, site):
    """The attack of a hostile page against the single-user server (no accounts): an
    auto-submitted form. Cross-site (localhost) and same-site but cross-origin (another port)."""
    proc, url = _serve(kb)
    server = None
    try:
        event_id = _draft_event(url)
        server = _hostile_page(f"{url}/api/review/event/{event_id}/reject")
        ctx = browser.new_context()
        pg = ctx.new_page()
        answers = []
        pg.on("response", lambda r: answers.append(r.status) if "/api/review/" in r.url else None)
        pg.goto(f"http://{site}:{server.server_address[1]}/")
        pg.wait_for_load_state("networkidle")
        ctx.close()
        assert answers == [403]
        assert _status(url, event_id) == "draft"
    finally:
        if server:
            server.shutdown()
        _stop(proc)


def test_another_origin_cannot_use_a_team_session(context, team_url, kb):
    pg = context.new_page()
    _login(pg, team_url, "ana")
    token = _run("tokens", "create", "ana", "--expires", "1h", "--db", str(kb)).stdout.strip()
    event_id = _draft_event(team_url, token)
    server = _hostile_page(f"{team_url}/api/review/event/{event_id}/reject")
    try:
        answers = []
        pg.on("response", lambda r: answers.append(r.status) if "/api/review/" in r.url else None)
        pg.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        pg.wait_for_load_state("networkidle")
        assert answers and answers[0] in (401, 403)
        assert _status(team_url, event_id, token) == "draft"
    finally:
        server.shutdown()
