"""HTTP hardening (docs/security.md): browser headers and a CSP without inline script, Host names,
body size limits and JSON-only writes, in the app and in a real `marsad serve`."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from marsad.config import Settings
from marsad.server.app import create_app, ui_dir
from marsad.server.security import CONTENT_SECURITY_POLICY, HostNames, bind_warning
from marsad.store import open_store
from test_api import corpus, small_pack


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("sec") / "sec.duckdb"))
    store.load_pack(small_pack())
    store.ingest(corpus())
    yield store
    store.close()


def client_for(store, **settings) -> TestClient:
    return TestClient(create_app(Settings.load(env={}, **settings), store), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(filled):
    return client_for(filled)


def first_event(client) -> dict:
    return client.get("/api/events", params={"limit": 1}).json()["items"][0]


# --------------------------------------------------------------------------- headers and CSP


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.parametrize("path", ["/", "/docs", "/api/events", "/ui/app.js", "/no/such/path", "/openapi.json"])
def test_every_response_carries_the_browser_headers(client, path):
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    csp = directives(r.headers["content-security-policy"])
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no hosts
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"] and csp["default-src"] == ["'self'"]


def test_policy_has_no_way_to_run_inline_or_remote_script():
    d = directives(CONTENT_SECURITY_POLICY)
    for name in ("script-src", "default-src", "connect-src", "img-src", "style-src"):
        assert not any(v.startswith(("http", "*")) or v in ("'unsafe-eval'", "*") for v in d[name]), name
    assert "'unsafe-inline'" not in d["script-src"] + d["default-src"]


def test_served_html_has_no_inline_script_or_handlers():
    for page in sorted(ui_dir().glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html, re.I):
            assert re.search(r"\bsrc=", tag), f"{page.name}: inline {tag}"
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html, re.I), f"{page.name}: inline event handler"
        assert "javascript:" not in html.lower(), page.name


def test_dashboard_scripts_add_no_inline_handlers_or_eval():
    for js in sorted(ui_dir().glob("*.js")):
        src = js.read_text(encoding="utf-8")
        assert not re.search(r"""\son[a-z]+=["'\\$]""", src), f"{js.name}: inline on...= handler in markup"
        assert not re.search(r"\b(eval|new Function)\s*\(", src), f"{js.name}: eval"
        assert not re.search(r"""["'`]javascript:""", src, re.I), js.name


# --------------------------------------------------------------------------- Host names


def test_host_names_default_to_loopback(client):
    for host in ("localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "app.localhost"):
        assert client.get("/api/stats", headers={"host": host}).status_code == 200, host
    for host in ("evil.example", "127.0.0.1.evil.example", "localhost.evil.example", "10.1.2.3", ""):
        r = client.get("/api/stats", headers={"host": host})
        assert r.status_code == 421, host
        assert r.json()["error"]["code"] == "E421" and "--allowed-host" in r.json()["error"]["message"]


def test_configured_names_and_subdomains(filled):
    c = client_for(filled, allowed_hosts="marsad.example.org,*.team.example")
    assert c.get("/api/stats", headers={"host": "Marsad.Example.Org:443"}).status_code == 200
    assert c.get("/api/stats", headers={"host": "a.team.example"}).status_code == 200
    assert c.get("/api/stats", headers={"host": "team.example"}).status_code == 421
    assert c.get("/api/stats", headers={"host": "marsad.example.org.evil"}).status_code == 421


def test_host_refusal_changes_nothing(client):
    ev = first_event(client)
    r = client.post(f"/api/review/event/{ev['id']}/reject", json={}, headers={"host": "rebound.example"})
    assert r.status_code == 421
    assert client.get(f"/api/events/{ev['id']}").json()["status"] == ev["status"]


def test_bind_warning_names_the_fix():
    assert bind_warning("127.0.0.1", ()) is None and bind_warning("localhost", ()) is None
    assert bind_warning("0.0.0.0", ("marsad.example.org",)) is None
    text = bind_warning("0.0.0.0", ())
    assert "every interface" in text and "--allowed-host" in text
    assert "192.168.1.5" in bind_warning("192.168.1.5", ())
    assert HostNames((), bind="192.168.1.5").allows("192.168.1.5:8000")
    assert not HostNames((), bind="0.0.0.0").allows("0.0.0.0:8000")


def test_a_wildcard_for_every_host_is_refused():
    from marsad.errors import ServeError

    for bad in ("*", "*evil", "a.*.example"):
        with pytest.raises(ServeError):
            HostNames((bad,))


# --------------------------------------------------------------------------- JSON-only writes


@pytest.mark.parametrize("ctype,body", [
    ("application/x-www-form-urlencoded", b""),
    ("application/x-www-form-urlencoded", b"note=hi"),
    ("multipart/form-data; boundary=x", b"--x--\r\n"),
    ("text/plain", b"{}"),
    (None, b""),
])
def test_writes_that_a_form_or_simple_request_can_send_are_refused(client, ctype, body):
    ev = first_event(client)
    headers = {"content-type": ctype} if ctype else {}
    r = client.post(f"/api/review/event/{ev['id']}/reject", content=body, headers=headers)
    assert r.status_code == 415, r.text
    assert r.json()["error"]["code"] == "E415"
    assert client.get(f"/api/events/{ev['id']}").json()["status"] == ev["status"]
    assert client.get("/api/audit", params={"fact_id": ev["id"]}).json()["items"] == []


def test_json_writes_still_work(filled):
    c = client_for(filled)
    ev = first_event(c)
    r = c.post(f"/api/review/event/{ev['id']}/confirm", json={"note": "checked"})
    assert r.status_code == 200, r.text
    undo = c.post(f"/api/review/undo/{r.json()['audit_id']}",
                  content=b"", headers={"content-type": "application/json; charset=utf-8"})
    assert undo.status_code == 200, undo.text


# --------------------------------------------------------------------------- body size


def test_a_body_over_the_limit_is_refused_before_the_route(filled):
    c = client_for(filled, max_request_bytes="2kB")
    ev = first_event(c)
    big = {"note": "x" * 3000}
    r = c.post(f"/api/review/event/{ev['id']}/reject", json=big)
    assert r.status_code == 413 and r.json()["error"]["code"] == "E413"
    assert "2,000 bytes" in r.json()["error"]["message"]
    # a streamed body without Content-Length is counted as it arrives
    r = c.post(f"/api/review/event/{ev['id']}/reject", content=iter([b'{"note": "', b"y" * 2500, b'"}']),
               headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert c.get(f"/api/events/{ev['id']}").json()["status"] == ev["status"]
    assert c.post(f"/api/review/event/{ev['id']}/reject", json={"note": "short"}).status_code == 200


# --------------------------------------------------------------------------- a real server


@pytest.fixture(scope="module")
def served(filled, tmp_path_factory):
    """`marsad serve` in its own process on a copy of the filled store."""
    import socket

    db = tmp_path_factory.mktemp("served") / "s.duckdb"
    copy = open_store(str(db))
    copy.load_pack(small_pack())
    copy.ingest(corpus())
    copy.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--db", str(db),
         "--port", str(port), "--allowed-host", "marsad.test"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"PATH": "/usr/bin:/bin", "MARSAD_MAX_REQUEST_BYTES": "4000"})
    deadline = time.monotonic() + 60
    while True:
        try:
            if request(port, "GET", "/api/stats")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("server did not start: " + proc.stderr.read())
        time.sleep(0.2)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def request(port, method, path, body=None, headers=None, chunks=None):
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        if chunks is not None:
            con.putrequest(method, path, skip_host=True)
            for k, v in (headers or {}).items():
                con.putheader(k, v)
            con.putheader("Transfer-Encoding", "chunked")
            con.endheaders()
            for c in chunks:
                con.send(b"%x\r\n%s\r\n" % (len(c), c))
            con.send(b"0\r\n\r\n")
        else:
            con.request(method, path, body=body, headers=headers or {})
        r = con.getresponse()
        return r.status, r.read(), dict(r.getheaders())
    finally:
        con.close()


def test_real_server_checks_host_size_and_type(served):
    port = served
    assert request(port, "GET", "/api/stats", headers={"Host": "marsad.test:80"})[0] == 200
    status, body, headers = request(port, "GET", "/api/stats", headers={"Host": "attacker.example"})
    assert status == 421 and b"E421" in body
    assert "script-src 'self'" in headers["content-security-policy"]
    status, body, _ = request(port, "POST", "/api/review/event/x/reject", body=b"note=1",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415
    status, body, _ = request(port, "POST", "/api/review/event/x/reject", body=b'{"note":"' + b"z" * 5000 + b'"}',
                              headers={"Content-Type": "application/json"})
    assert status == 413
    status, body, _ = request(port, "POST", "/api/review/event/x/reject",
                              headers={"Host": "127.0.0.1", "Content-Type": "application/json"},
                              chunks=[b'{"note":"', b"z" * 3000, b"z" * 3000, b'"}'])
    assert status == 413 and b"E413" in body
    # the server is still answering after the refusals
    assert request(port, "GET", "/api/stats")[0] == 200
