"""Accounts, tokens and the audit trail of access, as a library, in the store (both backends) and
on the command line (``marsad users``, ``marsad tokens``, ``marsad audit``, ``serve --team``)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from marsad.auth import accounts, passwords, sessions, tokens
from marsad.auth.limits import LoginLimiter
from marsad.cli import app
from marsad.errors import AccountError, AuthError, NotFound, StoreError, TooManyAttempts
from marsad.store.queries.accounts import now, since_time

runner = CliRunner()
TOKEN_RE = re.compile(r"^msd_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$")

# ---------------------------------------------------------------------------- library


def test_passwords_are_salted_argon2id_hashes():
    h1, h2 = passwords.hash_password("open sesame 1"), passwords.hash_password("open sesame 1")
    assert h1.startswith("$argon2id$") and h1 != h2  # a salt of its own each time
    assert passwords.verify_password(h1, "open sesame 1") and passwords.verify_password(h2, "open sesame 1")
    assert not passwords.verify_password(h1, "open sesame 2")
    assert not passwords.verify_password("not a hash", "open sesame 1")
    assert not passwords.verify_password(h1, "x" * 5000)
    for weak in ("", "short", "        "):
        with pytest.raises(AccountError):
            passwords.hash_password(weak)


def test_durations_and_token_format():
    assert tokens.parse_duration("30d") == timedelta(days=30)
    assert tokens.parse_duration("12h") == timedelta(hours=12)
    assert tokens.parse_duration(" 90m ") == timedelta(minutes=90)
    assert tokens.parse_duration("2w") == timedelta(weeks=2)
    for bad in ("", "0d", "30", "d", "-1d", "1y", "1.5h"):
        with pytest.raises(AccountError):
            tokens.parse_duration(bad)
    with pytest.raises(AccountError, match="longest"):
        tokens.expiry("400d", now())
    token_id, digest, token = tokens.new_token()
    assert TOKEN_RE.match(token) and tokens.parse_token(token) == (token_id, token[13:])
    assert tokens.secret_matches(tokens.parse_token(token)[1], digest)
    assert token not in digest and tokens.parse_token(token + "x") is None


def test_session_keys_depend_on_the_secret():
    a, b = sessions.SessionKeys("a" * 40), sessions.SessionKeys("b" * 40)
    assert a.id_hash("sid") != b.id_hash("sid") and a.csrf_token("sid") != b.csrf_token("sid")
    assert a.csrf_ok("sid", a.csrf_token("sid")) and not a.csrf_ok("sid", b.csrf_token("sid"))
    assert not a.csrf_ok("sid", None) and not a.csrf_ok("other", a.csrf_token("sid"))


def test_login_limiter_counts_failures_per_name_and_address():
    t = [0.0]
    limiter = LoginLimiter(per_name=3, per_address=5, window=60, clock=lambda: t[0])
    for _ in range(3):
        limiter.check("ana", "1.2.3.4")
        limiter.failed("ana", "1.2.3.4")
    with pytest.raises(TooManyAttempts) as err:
        limiter.check("ANA", "9.9.9.9")  # names are counted case-blind, from any address
    assert 0 < err.value.retry_after <= 61
    limiter.check("bob", "1.2.3.4")  # the address has 2 tries left
    limiter.failed("bob", "1.2.3.4")
    limiter.failed("cy", "1.2.3.4")
    with pytest.raises(TooManyAttempts):
        limiter.check("dee", "1.2.3.4")
    t[0] = 61.0  # the window has passed
    limiter.check("ana", "1.2.3.4")
    limiter.failed("eve", "5.5.5.5")
    limiter.succeeded("eve")
    limiter.check("eve", "6.6.6.6")


def test_credential_cache_keeps_identities_for_its_time_only():
    from marsad.auth.cache import CredentialCache
    from marsad.auth.roles import Identity

    t = [0.0]
    cache = CredentialCache(2.0, clock=lambda: t[0], max_entries=3)
    who = Identity("ana", "analyst", "session")
    cache.put("session:abc", who)
    assert cache.get("session:abc") == who and cache.get("session:abd") is None
    t[0] = 1.9
    assert cache.get("session:abc") == who
    t[0] = 2.0
    assert cache.get("session:abc") is None  # checked again after ttl seconds
    for i in range(4):  # bounded: full, it starts over
        cache.put(f"token:{i}", who)
    assert cache.get("token:0") is None and cache.get("token:3") == who
    cache.clear()
    assert cache.get("token:3") is None
    off = CredentialCache(0)
    off.put("token:x", who)
    assert off.get("token:x") is None
    assert "abc" not in repr(CredentialCache._key("session:abc"))  # kept under a hash


def test_since_accepts_dates_times_and_durations():
    assert since_time("2024-05-01").isoformat() == "2024-05-01T00:00:00"
    assert since_time("2024-05-01T12:30:00+02:00").isoformat() == "2024-05-01T10:30:00"
    assert abs((now() - since_time("24h")) - timedelta(hours=24)) < timedelta(seconds=5)
    assert since_time(None) is None
    with pytest.raises(StoreError):
        since_time("last tuesday")


def test_team_readiness_needs_a_strong_secret_and_an_admin(store):
    with pytest.raises(AccountError, match="secret"):
        accounts.check_team_ready(store, "")
    with pytest.raises(AccountError, match="at least 32"):
        accounts.check_team_ready(store, "too-short")
    with pytest.raises(AccountError, match="admin account"):
        accounts.check_team_ready(store, "k" * 40)
    accounts.add_user(store, "boss", "admin", "boss-password", actor="t")
    accounts.check_team_ready(store, "k" * 40)
    accounts.set_disabled(store, "boss", actor="t")
    with pytest.raises(AccountError, match="admin account"):
        accounts.check_team_ready(store, "k" * 40)


# ---------------------------------------------------------------------------- store (both backends)


def test_users_are_stored_with_a_hash_and_audited(store):
    out = accounts.add_user(store, "ana", "analyst", "ana-password", actor="admin1")
    assert out["role"] == "analyst"
    row = store.user("ana")
    assert row["password_hash"].startswith("$argon2id$") and "ana-password" not in row["password_hash"]
    assert not row["disabled"]
    with pytest.raises(AccountError, match="exists"):
        accounts.add_user(store, "ana", "viewer", "other-password", actor="admin1")
    for name in ("", "-rf", "a b", "x" * 65, "ana;drop"):
        with pytest.raises(AccountError):
            accounts.add_user(store, name, "viewer", "some-password", actor="admin1")
    with pytest.raises(AccountError):
        accounts.add_user(store, "bob", "owner", "some-password", actor="admin1")
    with pytest.raises(NotFound):
        store.user("nobody")
    accounts.set_role(store, "ana", "viewer", actor="admin1")
    accounts.set_password(store, "ana", "new-password-1", actor="admin1")
    assert passwords.verify_password(store.user("ana")["password_hash"], "new-password-1")
    users = store.users()
    assert users["name"].tolist() == ["ana"] and "password_hash" not in users.columns
    log = store.audit_log(user="admin1")
    assert log["action"].tolist() == ["user-passwd", "user-role", "user-add"]
    assert log.iloc[1]["before"] == {"role": "analyst"} and log.iloc[1]["after"] == {"role": "viewer"}
    assert "hash" not in json.dumps(log["after"].tolist()) and "new-password" not in json.dumps(log["after"].tolist())


def test_tokens_are_stored_hashed_and_checked(store):
    accounts.add_user(store, "vic", "viewer", "vic-password", actor="t")
    made = accounts.create_token(store, "vic", "30d", "a script", actor="t")
    assert TOKEN_RE.match(made["token"])
    stored = store._dicts("SELECT * FROM api_tokens")
    assert len(stored) == 1 and made["token"] not in json.dumps(stored, default=str)
    assert made["token"][13:] not in json.dumps(stored, default=str)
    who = accounts.authenticate_token(store, made["token"])
    assert (who.name, who.role, who.via) == ("vic", "viewer", f"token:{made['id']}")
    listed = accounts.list_tokens(store)
    assert listed["state"].tolist() == ["active"] and listed["last_used_at"].notna().all()
    # a month and a day later the token has expired
    with pytest.raises(AuthError):
        accounts.authenticate_token(store, made["token"], at=now() + timedelta(days=31))
    store.revoke_token(made["id"], actor="t")
    with pytest.raises(AuthError):
        accounts.authenticate_token(store, made["token"])
    with pytest.raises(AccountError, match="already revoked"):
        store.revoke_token(made["id"], actor="t")
    assert accounts.list_tokens(store)["state"].tolist() == ["revoked"]
    with pytest.raises(NotFound):
        accounts.create_token(store, "nobody", actor="t")
    accounts.set_disabled(store, "vic", actor="t")
    with pytest.raises(AccountError, match="disabled"):
        accounts.create_token(store, "vic", actor="t")
    uses = store.audit_log(action="token-use")
    assert len(uses) == 1 and uses.iloc[0]["user"] == "vic" and uses.iloc[0]["via"] == f"token:{made['id']}"


def test_token_use_is_noted_at_most_once_a_minute_and_recorded_after_a_pause(store):
    accounts.add_user(store, "vic", "viewer", "vic-password", actor="t")
    made = accounts.create_token(store, "vic", "30d", actor="t")
    t0 = now()
    for dt in (0, 10, 30, 70, 71, 60 * 15):
        accounts.authenticate_token(store, made["token"], at=t0 + timedelta(seconds=dt))
    uses = store.audit_log(action="token-use")
    assert len(uses) == 2  # the first use, and the first after ten idle minutes
    last = store.token(made["id"])["last_used_at"]
    assert abs((last - (t0 + timedelta(seconds=900))).total_seconds()) < 1


def test_sessions_follow_their_user(store):
    keys = sessions.SessionKeys("s" * 40)
    accounts.add_user(store, "ana", "analyst", "ana-password", actor="t")
    who = sessions.verify_login(sessions.login_row(store, "ana"), "ana-password")
    s = sessions.open_session(store, keys, who, ttl="1h", remote="127.0.0.1")
    assert sessions.resolve_session(store, keys, s["session_id"]).name == "ana"
    assert sessions.resolve_session(store, keys, s["session_id"], at=now() + timedelta(hours=2)) is None
    assert sessions.resolve_session(store, sessions.SessionKeys("t" * 40), s["session_id"]) is None
    assert sessions.resolve_session(store, keys, "forged") is None
    with pytest.raises(AuthError):
        sessions.verify_login(sessions.login_row(store, "ana"), "wrong-password")
    with pytest.raises(AuthError):
        sessions.verify_login(sessions.login_row(store, "nobody"), "ana-password")
    accounts.set_password(store, "ana", "fresh-password", actor="t")  # ends the sessions
    assert sessions.resolve_session(store, keys, s["session_id"]) is None
    s2 = sessions.open_session(store, keys, who, ttl="1h", remote=None)
    sessions.close_session(store, keys, s2["session_id"], who, None)
    assert sessions.resolve_session(store, keys, s2["session_id"]) is None
    assert store.audit_log(user="ana")["action"].tolist()[:3] == ["logout", "login", "login"]


def test_access_records_cannot_be_undone_and_stay_out_of_fact_histories(store):
    accounts.add_user(store, "ana", "analyst", "ana-password", actor="t")
    rec = store.record_access("ana", "export", "export", "acled", {"filters": {}})
    with pytest.raises(StoreError, match="cannot be undone"):
        store.undo(rec, user="ana")
    with pytest.raises(StoreError):
        store.record_access("ana", "export", "event", "x")
    assert len(store.audit_log(facts_only=True)) == 0
    assert set(store.audit_log(kind="export,user")["kind"]) == {"export", "user"}
    assert len(store.audit_log(since=now() + timedelta(days=1))) == 0
    assert store.audit_log(audit_id=rec)["action"].tolist() == ["export"]


def test_parquet_export_leaves_out_credentials_and_access_records(store, tmp_path):
    import pandas as pd

    from marsad.interop.exports import export

    accounts.add_user(store, "ana", "analyst", "ana-password", actor="t")
    made = accounts.create_token(store, "ana", actor="t")
    keys = sessions.SessionKeys("s" * 40)
    sessions.open_session(store, keys, sessions.verify_login(sessions.login_row(store, "ana"), "ana-password"),
                          ttl="1h", remote="10.1.2.3")
    store.record_access("ana", "export", "export", "acled", {})
    export(store, "parquet", tmp_path / "pq")
    written = {p.name for p in (tmp_path / "pq").iterdir()}
    assert "audit" in written and not written & {"users", "api_tokens", "sessions"}
    blob = b"".join(p.read_bytes() for p in (tmp_path / "pq").rglob("*.parquet"))
    for secret in (store.user("ana")["password_hash"], store.token(made["id"])["token_hash"], "10.1.2.3"):
        assert secret.encode() not in blob
    assert pd.read_parquet(tmp_path / "pq" / "audit").empty  # only access records so far


# ---------------------------------------------------------------------------- command line


def cli(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_users_commands(tmp_path):
    db = str(tmp_path / "kb.duckdb")
    r = cli("users", "add", "root", "--role", "admin", "--password", "root-password", "--db", db)
    assert r.exit_code == 0 and "root (admin) added" in r.stdout
    r = cli("users", "add", "ana", "--role", "analyst", "--db", db, input="ana-password\n")  # piped
    assert r.exit_code == 0, r.output
    r = cli("users", "add", "bob", "--role", "viewer", "--db", db, input="")  # no stdin, no --password
    assert r.exit_code == 1 and "[E710] no password" in r.output
    r = cli("users", "add", "bob", "--role", "boss", "--password", "bob-password", "--db", db)
    assert r.exit_code == 1 and "role='boss'" in r.output
    r = cli("users", "add", "bob", "--role", "viewer", "--password", "short", "--db", db)
    assert r.exit_code == 1 and "at least 8" in r.output
    r = cli("users", "list", "--format", "json", "--db", db)
    assert [(u["name"], u["role"], u["disabled"]) for u in json.loads(r.stdout)["items"]] == [
        ("ana", "analyst", False), ("root", "admin", False)]
    assert cli("users", "disable", "ana", "--db", db).exit_code == 0
    assert cli("users", "passwd", "ana", "--password", "changed-pass", "--db", db).exit_code == 0
    r = cli("users", "passwd", "zed", "--password", "changed-pass", "--db", db)
    assert r.exit_code == 1 and "no user 'zed'" in r.output
    assert cli("users", "role", "ana", "viewer", "--db", db).exit_code == 0
    assert cli("users", "enable", "ana", "--db", db).exit_code == 0
    from marsad.store import open_store

    with open_store(db) as s:
        row = s.user("ana")
        assert row["role"] == "viewer" and not row["disabled"]
        assert passwords.verify_password(row["password_hash"], "changed-pass")
        log = s.audit_log(user=None, kind="user")
        assert set(log["via"]) == {"cli"} and len(log) == 6


def test_tokens_and_audit_commands(tmp_path):
    db = str(tmp_path / "kb.duckdb")
    assert cli("users", "add", "ana", "--role", "analyst", "--password", "ana-password", "--db", db).exit_code == 0
    r = cli("tokens", "create", "ana", "--expires", "12h", "--note", "nightly export", "--db", db)
    assert r.exit_code == 0, r.output
    token = r.stdout.strip()
    assert TOKEN_RE.match(token) and r.stdout.count("\n") == 1  # the token alone on standard output
    assert "shown only now" in r.stderr
    r = cli("tokens", "list", "--format", "json", "--db", db)
    items = json.loads(r.stdout)["items"]
    assert len(items) == 1 and items[0]["state"] == "active" and items[0]["note"] == "nightly export"
    assert token not in r.stdout and "hash" not in r.stdout
    assert cli("tokens", "create", "ana", "--expires", "forever", "--db", db).exit_code == 1
    assert cli("tokens", "revoke", items[0]["id"], "--db", db).exit_code == 0
    assert json.loads(cli("tokens", "list", "--format", "json", "--db", db).stdout)["items"][0]["state"] == "revoked"
    assert cli("tokens", "revoke", "tk-00000000", "--db", db).exit_code == 1
    r = cli("audit", "--format", "json", "--db", db)
    actions = [x["action"] for x in json.loads(r.stdout)["items"]]
    assert actions == ["token-revoke", "token-create", "user-add"]
    r = cli("audit", "--action", "token-create,token-revoke", "--since", "1h", "--format", "json", "--db", db)
    assert [x["action"] for x in json.loads(r.stdout)["items"]] == ["token-revoke", "token-create"]
    assert json.loads(cli("audit", "--user", "nobody", "--format", "json", "--db", db).stdout)["items"] == []
    assert json.loads(cli("audit", "--since", "2999-01-01", "--format", "json", "--db", db).stdout)["items"] == []
    r = cli("audit", "--since", "whenever", "--db", db)
    assert r.exit_code == 1 and "since=" in r.output
    assert cli("audit", "--limit", "1", "--format", "csv", "--db", db).stdout.count("\n") == 2


def test_serve_refuses_an_exposed_or_unready_server(tmp_path, monkeypatch):
    import marsad.cli.serve_cmd as serve_cmd

    started = []
    monkeypatch.setattr(serve_cmd, "run_server", lambda settings, store=None: started.append(settings))
    db = str(tmp_path / "kb.duckdb")
    assert cli("users", "add", "ana", "--role", "analyst", "--password", "ana-password", "--db", db).exit_code == 0
    monkeypatch.delenv("MARSAD_SECRET_KEY", raising=False)
    r = cli("serve", "--host", "0.0.0.0", "--db", db, "--port", "0")
    assert r.exit_code == 1 and "[E600]" in r.output and "--team" in r.output
    r = cli("serve", "--team", "--db", db, "--port", "0")
    assert r.exit_code == 1 and "MARSAD_SECRET_KEY" in r.output
    monkeypatch.setenv("MARSAD_SECRET_KEY", "change-me")
    assert cli("serve", "--team", "--db", db, "--port", "0").exit_code == 1
    monkeypatch.setenv("MARSAD_SECRET_KEY", "k" * 40)
    r = cli("serve", "--team", "--db", db, "--port", "0")
    assert r.exit_code == 1 and "admin account" in r.output
    assert started == []
    assert cli("users", "add", "root", "--role", "admin", "--password", "root-password", "--db", db).exit_code == 0
    r = cli("serve", "--team", "--db", db, "--port", "0")
    assert r.exit_code == 0, r.output
    assert started and started[0].team and started[0].secret_key == "k" * 40
    assert "team server" in r.stdout
    assert "k" * 40 not in repr(started[0])  # the secret stays out of logs and tracebacks
