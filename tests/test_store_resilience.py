"""Resilience of the stores behind the server: PostgreSQL connections that die (a restart, an
administrator's kill) are replaced without restarting Marsad, reads run side by side on both
backends, and writes stay serialised (docs/security.md, "Resilience").

Two ways of losing PostgreSQL are used: ``pg_terminate_backend`` on the connections of one store
(on the shared test server; only that store's connections are named, so other tests are not
touched), and a real stop and start of a private PostgreSQL cluster made for the test."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.config import Settings
from marsad.errors import StoreUnavailable
from marsad.server.app import create_app
from marsad.store import open_store
from test_api import corpus, small_pack

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def with_app_name(url: str, name: str) -> str:
    return url + ("&" if "?" in url else "?") + f"application_name={name}"


def kill_connections(url: str, app_name: str) -> int:
    """Terminate every server process of connections named ``app_name``; how many there were."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        rows = con.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (app_name,)).fetchall()
    return len(rows)


@pytest.fixture
def named_pg(pg_location):
    """A filled PostgreSQL store whose connections carry a name of their own."""
    name = f"marsad-resilience-{uuid.uuid4().hex[:8]}"
    store = open_store(with_app_name(pg_location.url, name), schema=pg_location.schema)
    pg_location.opened.append(store)
    store.load_pack(small_pack())
    store.ingest(corpus())
    return store, pg_location.url, name


@pytest.mark.postgres
def test_reads_and_writes_recover_after_connections_are_killed(named_pg):
    store, url, name = named_pg
    before = store.events(limit=100)
    assert kill_connections(url, name) >= 1
    again = store.events(limit=100)  # the pool replaces the dead connection
    assert list(again["id"]) == list(before["id"])
    kill_connections(url, name)
    eid = before["id"].iloc[0]
    store.review("event", eid, "confirm", user="tester")  # a write on a fresh connection too
    assert store.event(eid)["status"] == "confirmed"


@pytest.mark.postgres
def test_server_requests_recover_without_a_restart_under_load(named_pg):
    store, url, name = named_pg
    client = TestClient(create_app(Settings.load(env={}), store), raise_server_exceptions=False)
    ids = [e["id"] for e in client.get("/api/events", params={"limit": 50}).json()["items"]]
    statuses: list[int] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            for path in ("/api/events?limit=20", "/api/stats", f"/api/events/{ids[0]}", "/api/actors?q=kata"):
                statuses.append(client.get(path).status_code)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    killed = 0
    try:
        deadline = time.monotonic() + 60
        # kill the store's connections again and again while the readers keep asking
        while (killed < 8 or len(statuses) < 40) and time.monotonic() < deadline:
            time.sleep(0.15)
            killed += kill_connections(url, name)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert killed >= 8
    assert len(statuses) >= 40
    assert [s for s in statuses if s != 200] == [], "a read failed after its connection was killed"
    kill_connections(url, name)
    r = client.post(f"/api/review/event/{ids[0]}/reject", json={"note": "after the kill"})
    assert r.status_code == 200, r.text


# --------------------------------------------------------------------------- a real restart


@pytest.fixture
def private_cluster():
    """A PostgreSQL cluster of the test's own (Unix socket only), so stopping it harms nobody."""
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
        pytest.skip("PostgreSQL 15 server binaries or runuser are missing")
    if os.geteuid() != 0:
        pytest.skip("running a private cluster as the postgres user needs root")
    # a directory of its own that the postgres user can reach (pytest's tmp_path is root's alone)
    base = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    shutil.chown(base, "postgres")
    data, sock = base / "data", base
    port = 54000 + (os.getpid() % 1000)

    def pg(*args, timeout=120):
        return subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True,
                              timeout=timeout, check=True)

    pg(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    opts = f"-c listen_addresses='' -c unix_socket_directories={sock} -p {port} -c fsync=off"

    def start():
        pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-l", str(base / "log"), "start")

    def stop(mode="fast"):
        pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop")

    start()
    url = f"postgresql://postgres@/postgres?host={sock}&port={port}"
    try:
        yield url, start, stop
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(data),
                        "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def test_a_restarted_postgres_is_used_again_without_restarting_marsad(private_cluster):
    url, start, stop = private_cluster
    store = open_store(url)
    try:
        store.load_pack(small_pack())
        store.ingest(corpus())
        client = TestClient(create_app(Settings.load(env={}), store), raise_server_exceptions=False)
        first = client.get("/api/events", params={"limit": 10})
        assert first.status_code == 200
        stop("immediate")  # as in a crash: no goodbye to the clients
        down = client.get("/api/stats")
        assert down.status_code == 503 and down.json()["error"]["code"] == "E503", down.text
        with pytest.raises(StoreUnavailable):
            store.count_events()
        start()
        statuses = [client.get("/api/events", params={"limit": 10}).status_code for _ in range(13)]
        assert statuses == [200] * 13
        assert client.get("/api/events", params={"limit": 10}).json() == first.json()
        ev = first.json()["items"][0]["id"]
        assert client.post(f"/api/review/event/{ev}/confirm", json={}).status_code == 200
        stop("fast")  # an orderly restart as well
        start()
        assert client.get(f"/api/events/{ev}").json()["status"] == "confirmed"
    finally:
        store.close()


def test_a_team_server_answers_503_not_400_while_postgres_is_down(private_cluster):
    """On a team server every request first checks its token or session against the store; while
    PostgreSQL is down that check fails, and the answer must say the server is unavailable (503),
    not that the request was wrong (400), for a token, a session cookie and a login alike."""
    from marsad.auth import accounts
    from marsad.server.guard import SESSION_COOKIE

    url, start, stop = private_cluster
    store = open_store(url)
    secret = "resilience-test-secret-" + "k" * 24
    try:
        store.load_pack(small_pack())
        store.ingest(corpus())
        accounts.add_user(store, "ana", "admin", "ana-password-1", actor="test")
        token = accounts.create_token(store, "ana", "1d", actor="test")["token"]
        # the credential cache off: every request checks its credential in the store
        app = create_app(Settings(db=url, team=True, secret_key=secret, auth_cache_seconds=0), store)
        base = "http://127.0.0.1"
        client = TestClient(app, base_url=base, raise_server_exceptions=False)
        auth = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/events", params={"limit": 5}, headers=auth).status_code == 200
        login = client.post("/api/auth/login", json={"name": "ana", "password": "ana-password-1"})
        assert login.status_code == 200, login.text
        session = {"Cookie": f"{SESSION_COOKIE}={login.cookies[SESSION_COOKIE]}"}
        fresh = TestClient(app, base_url=base, raise_server_exceptions=False)  # no cookie jar
        assert fresh.get("/api/stats", headers=session).status_code == 200
        stop("immediate")
        answers = [fresh.get("/api/events", params={"limit": 5}, headers=auth),
                   fresh.get("/api/stats", headers=session),
                   fresh.post("/api/review/event/x/confirm", json={}, headers=auth),
                   fresh.post("/api/auth/login", json={"name": "ana", "password": "ana-password-1"})]
        for r in answers:
            assert r.status_code == 503 and r.json()["error"]["code"] == "E503", (r.request.url, r.text)
        start()
        assert fresh.get("/api/events", params={"limit": 5}, headers=auth).status_code == 200
        assert fresh.get("/api/stats", headers=session).status_code == 200
    finally:
        store.close()


# --------------------------------------------------------------------------- concurrency


def test_duckdb_reads_run_while_a_write_transaction_is_open(tmp_path):
    """A reader on another thread is not blocked by a writer, and sees only committed state."""
    store = open_store(str(tmp_path / "c.duckdb"))
    try:
        store.load_pack(small_pack())
        store.ingest(corpus())
        eid = store.events(limit=1)["id"].iloc[0]
        in_tx, release, seen = threading.Event(), threading.Event(), {}

        def writer():
            with store._tx():
                store._exec("UPDATE events SET status = 'confirmed' WHERE id = ?", (eid,))
                in_tx.set()
                release.wait(30)

        def reader():
            t0 = time.monotonic()
            seen["status"] = store.event(eid)["status"]
            seen["count"] = store.count_events()
            seen["seconds"] = time.monotonic() - t0

        w = threading.Thread(target=writer)
        w.start()
        assert in_tx.wait(30)
        r = threading.Thread(target=reader)
        r.start()
        r.join(timeout=20)
        finished_while_writing = not r.is_alive()
        release.set()
        w.join(timeout=30)
        r.join(timeout=30)
        assert finished_while_writing, "the read waited for the write transaction"
        assert seen["status"] == "draft" and seen["count"] >= 1
        assert store.event(eid)["status"] == "confirmed"
    finally:
        store.close()


@pytest.mark.parametrize("backend", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_concurrent_reviews_are_serialised_and_all_audited(backend, tmp_path, request):
    if backend == "duckdb":
        store = open_store(str(tmp_path / "w.duckdb"))
    else:
        store = request.getfixturevalue("pg_location").open()
    try:
        store.load_pack(small_pack())
        store.ingest(corpus())
        ids = list(store.events(limit=100)["id"])
        errors: list[BaseException] = []

        def review(i: int):
            try:
                for eid in ids:
                    store.review("event", eid, "confirm" if i % 2 else "reject", user=f"u{i}", note=str(i))
                    store.events(limit=5)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=review, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == []
        audit = store.audit(limit=10_000)
        assert len(audit) == 6 * len(ids)
        assert {r["status"] for r in store.events(limit=100).to_dict("records")} <= {"confirmed", "rejected"}
    finally:
        store.close()
