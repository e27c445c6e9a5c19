"""`marsad serve --workers N`: several server processes on one PostgreSQL database, and what each
process used to keep for itself stays right across them (docs/team-server.md, "Several
processes"): failed logins are counted together, a logout or a revoked token applies at once in
every process, and cached answers follow every write."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from urllib.parse import urlencode

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.auth import accounts
from marsad.cli import app as cli
from marsad.config import Settings
from marsad.server.app import create_app
from test_api import corpus, small_pack
from test_team_api import BASE, SECRET

PASSWORD = "workers-test-password"


def test_workers_need_postgresql(tmp_path):
    db = tmp_path / "w.duckdb"
    runner = CliRunner()
    r = runner.invoke(cli, ["serve", "--db", str(db), "--workers", "2"])
    assert r.exit_code == 1
    assert "PostgreSQL" in r.output and "one writing process" in r.output


@pytest.mark.postgres
def test_failed_logins_are_counted_across_processes(pg_location):
    """Two apps over two store objects (as two worker processes): five failures for one name,
    answered by either, and the sixth try is refused by both."""
    stores = [pg_location.open(), pg_location.open()]
    stores[0].load_pack(small_pack())
    accounts.add_user(stores[0], "ana", "analyst", PASSWORD, actor="test")
    settings = Settings(db=pg_location.url, team=True, secret_key=SECRET, workers=2, auth_cache_seconds=0)
    clients = [TestClient(create_app(settings, s), base_url=BASE) for s in stores]
    for i in range(5):
        r = clients[i % 2].post("/api/auth/login", json={"name": "ana", "password": "wrong-password"})
        assert r.status_code == 401, r.text
    for c in clients:
        r = c.post("/api/auth/login", json={"name": "ANA", "password": PASSWORD})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0, r.text
    # another name from the same address is not limited yet (20 per address)
    accounts.add_user(stores[0], "bob", "analyst", PASSWORD, actor="test")
    assert clients[1].post("/api/auth/login", json={"name": "bob", "password": PASSWORD}).status_code == 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_workers(pg_location):
    """`marsad serve --team --workers 2` in its own processes over a filled PostgreSQL schema."""
    store = pg_location.open()
    store.load_pack(small_pack())
    store.ingest(corpus())
    accounts.add_user(store, "boss", "admin", PASSWORD, actor="test")
    token = accounts.create_token(store, "boss", "1d", actor="test")
    url = pg_location.url + ("&" if "?" in pg_location.url else "?") + urlencode(
        {"options": f"-csearch_path={pg_location.schema}"})
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--team", "--db", url,
         "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={"PATH": "/usr/bin:/bin", "MARSAD_SECRET_KEY": SECRET})
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {token['token']}"}
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(base + "/api/events?limit=1", headers=auth, timeout=10).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("server did not start: " + (proc.stdout.read() if proc.stdout else ""))
        time.sleep(0.3)
    try:
        yield base, auth, token, store
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.postgres
def test_two_worker_processes_agree(two_workers):
    base, auth, token, store = two_workers

    def fresh(method, path, **kw):  # a new connection each time: either process may answer
        with httpx.Client(base_url=base, timeout=30) as c:
            return c.request(method, path, **kw)

    ev = fresh("GET", "/api/events?limit=1", headers=auth).json()["items"][0]["id"]
    for _ in range(6):
        assert fresh("GET", "/api/stats", headers=auth).status_code == 200
        assert fresh("GET", "/api/events?limit=50&status=rejected", headers=auth).status_code == 200
    r = fresh("POST", f"/api/review/event/{ev}/reject", json={}, headers=auth)
    assert r.status_code == 200, r.text
    for _ in range(6):  # whichever process answers, and whatever it cached before, sees the write
        rejected = fresh("GET", "/api/events?limit=50&status=rejected", headers=auth).json()["items"]
        assert ev in {e["id"] for e in rejected}
    # a session closed by one process is closed for all
    login = fresh("POST", "/api/auth/login", json={"name": "boss", "password": PASSWORD})
    assert login.status_code == 200, login.text
    cookie = {"Cookie": f"__Host-marsad-session={login.cookies['__Host-marsad-session']}"}
    assert {fresh("GET", "/api/auth/me", headers=cookie).status_code for _ in range(4)} == {200}
    out = fresh("POST", "/api/auth/logout", json={},
                headers={**cookie, "X-CSRF-Token": login.json()["csrf_token"]})
    assert out.status_code == 200, out.text
    assert {fresh("GET", "/api/auth/me", headers=cookie).status_code for _ in range(6)} == {401}
    store.revoke_token(token["id"], actor="test")
    assert {fresh("GET", "/api/stats", headers=auth).status_code for _ in range(6)} == {401}
