"""Accounts, API tokens, sessions and the audit trail of access, as Store methods.

A mixin of :class:`marsad.store.base.Store`: the same SQL runs on DuckDB and PostgreSQL. It
stores what the :mod:`marsad.auth` functions computed (password hashes, token hashes, session
hashes) and never sees a password, a token or a cookie in clear. Every change to accounts and
tokens, every login (failed ones too), logout, token use and export is an audit record, filed in
the table the review actions use, so that ``marsad audit`` shows one timeline.

:data:`AUDIT_VIA` tells how the acting user was authenticated (``session``, ``token:ID``,
``local``, ``cli``); the server sets it for each request, and every audit record written while it
is set carries it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd

from marsad.errors import AccountError, NotFound, StoreError
from marsad.store.queries.common import clean, from_json, now

AUDIT_VIA: ContextVar[str | None] = ContextVar("marsad_audit_via", default=None)
ACCOUNTS_SCHEMA = 8  # the migration that adds these tables and ``audit.via`` (m0008_accounts)

# Audit records that are about access rather than facts: they cannot be undone and the review
# page's list of recent decisions leaves them out.
ACCESS_KINDS = ("user", "token", "session", "export")
# Tables that hold credentials (hashes, but still): never exported.
ACCOUNT_TABLES = ("users", "api_tokens", "sessions")
AUDIT_COLUMNS = ["id", "user", "at", "action", "kind", "fact_id", "before", "after", "note", "undone_by", "via"]
USER_COLUMNS = ["name", "role", "clearance", "disabled", "created_at", "updated_at", "last_login_at"]
TOKEN_COLUMNS = ["id", "user", "note", "created_at", "expires_at", "last_used_at", "revoked_at"]


@contextmanager
def audit_via(via: str | None) -> Iterator[None]:
    """Audit records written inside are marked with ``via`` (unless it is None)."""
    if via is None:
        yield
        return
    token = AUDIT_VIA.set(via)
    try:
        yield
    finally:
        AUDIT_VIA.reset(token)


class AccountQueries:
    """Users, tokens, sessions and access records (mixed into the Store)."""

    # ------------------------------------------------------------------ users

    def user(self, name: str) -> dict:
        """One user with its password hash: name, role, password_hash, disabled, created_at,
        updated_at, last_login_at. NotFound when there is none of that name."""
        rows = self._dicts("SELECT * FROM users WHERE name = ?", (name,))
        if not rows:
            raise NotFound(f"no user {name!r}")
        return rows[0]

    def users(self) -> pd.DataFrame:
        """Every user (no hashes): name, role, disabled, created_at, updated_at, last_login_at."""
        cols = USER_COLUMNS if self._marked() else [c for c in USER_COLUMNS if c != "clearance"]
        df = self._frame(f"SELECT {', '.join(cols)} FROM users ORDER BY name")
        return df if len(df) else pd.DataFrame(columns=cols)

    def has_admin(self) -> bool:
        """Whether an enabled admin account exists (``serve --team`` needs one)."""
        return bool(self._scalar("SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled"))

    def add_user(self, name: str, role: str, password_hash: str, *, actor: str, clearance: str | None = None) -> dict:
        """Create a user; AccountError when the name is taken. Audited (``user-add``).
        ``clearance``: a TLP marking (default GREEN, the column's default)."""
        with self._tx():
            if self._dicts("SELECT name FROM users WHERE name = ?", (name,)):
                raise AccountError(f"user {name!r} exists; use `marsad users passwd` to change the password")
            at = now()
            cols = ("name", "role", "password_hash", "disabled", "created_at", "updated_at")
            row = (name, role, password_hash, False, at, at)
            if not self._marked():  # a schema before markings (migration 11) has no clearance
                clearance = None
            if clearance is not None:
                cols, row = (*cols, "clearance"), (*row, clearance)
            self._insert("users", cols, [row])
            after = {"role": role} | ({"clearance": clearance} if clearance is not None else {})
            audit_id = self._audit(actor, "user-add", "user", name, None, after, None)
        return {"name": name, "role": role, "audit_id": audit_id} | (
            {"clearance": clearance} if clearance is not None else {})

    def set_user(self, name: str, *, actor: str, role: str | None = None, disabled: bool | None = None,
                 password_hash: str | None = None, action: str = "user-edit", end_sessions: bool = True,
                 clearance: str | None = None) -> dict:
        """Change a user's role, clearance, disabled flag or password hash. Disabling a user or
        changing the password ends the user's sessions. Audited under ``action``; the hash is never
        recorded."""
        with self._tx():
            row = self.user(name)
            changes: dict[str, Any] = {}
            if role is not None and role != row["role"]:
                changes["role"] = role
            if clearance is not None and clearance != row.get("clearance"):
                changes["clearance"] = clearance
            if disabled is not None and bool(disabled) != bool(row["disabled"]):
                changes["disabled"] = bool(disabled)
            if password_hash is not None:
                changes["password_hash"] = password_hash
            if not changes:
                return {"name": name, "changed": []}
            sets = ", ".join(f"{c} = ?" for c in changes)
            self._exec(f"UPDATE users SET {sets}, updated_at = ? WHERE name = ?", [*changes.values(), now(), name])
            if end_sessions and (changes.get("disabled") or "password_hash" in changes):
                self._exec("DELETE FROM sessions WHERE user_name = ?", (name,))
            shown = [c for c in changes if c != "password_hash"]
            before = {c: clean(row[c]) for c in shown}
            after = {c: changes[c] for c in shown} | ({"password": "changed"} if "password_hash" in changes else {})
            audit_id = self._audit(actor, action, "user", name, before, after, None)
        return {"name": name, "changed": sorted(after), "audit_id": audit_id}

    # ------------------------------------------------------------------ tokens

    def add_token(self, token_id: str, user: str, token_hash: str, expires_at: datetime,
                  note: str | None = None, *, actor: str) -> dict:
        """Store a new token's hash for ``user`` (who must exist). Audited (``token-create``)."""
        with self._tx():
            self.user(user)
            at = now()
            self._insert("api_tokens", ("id", "user_name", "token_hash", "note", "created_at", "expires_at"),
                         [(token_id, user, token_hash, note, at, expires_at)])
            audit_id = self._audit(actor, "token-create", "token", token_id, None,
                                   {"user": user, "expires_at": clean(expires_at), "note": note}, None)
        return {"id": token_id, "user": user, "expires_at": clean(expires_at), "audit_id": audit_id}

    def token(self, token_id: str) -> dict:
        """One token row with its hash and its user's role and disabled flag; NotFound if none."""
        rows = self._dicts(
            f"SELECT t.*, u.role, u.disabled{', u.clearance' if self._marked() else ''} FROM api_tokens t "
            "LEFT JOIN users u ON u.name = t.user_name "
            "WHERE t.id = ?", (token_id,))
        if not rows:
            raise NotFound(f"no token {token_id!r}")
        return rows[0]

    def tokens(self, user: str | None = None) -> pd.DataFrame:
        """Tokens (no hashes), newest first: id, user, note, created_at, expires_at, last_used_at,
        revoked_at."""
        cond, params = ("WHERE user_name = ?", [user]) if user else ("", [])
        df = self._frame(
            "SELECT id, user_name AS \"user\", note, created_at, expires_at, last_used_at, revoked_at "
            f"FROM api_tokens {cond} ORDER BY created_at DESC, id", params)
        return df if len(df) else pd.DataFrame(columns=TOKEN_COLUMNS)

    def revoke_token(self, token_id: str, *, actor: str) -> dict:
        """Revoke a token (it stops working at once). Audited (``token-revoke``)."""
        with self._tx():
            row = self.token(token_id)
            if row["revoked_at"] is not None:
                raise AccountError(f"token {token_id} was already revoked at {clean(row['revoked_at'])}")
            at = now()
            self._exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", (at, token_id))
            audit_id = self._audit(actor, "token-revoke", "token", token_id, {"revoked_at": None},
                                   {"revoked_at": clean(at), "user": row["user_name"]}, None)
        return {"id": token_id, "revoked_at": clean(at), "audit_id": audit_id}

    def touch_token(self, token_id: str, at: datetime, *, record: bool) -> None:
        """Note a token's use; with ``record``, also file a ``token-use`` audit record."""
        with self._tx():
            self._exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (at, token_id))
            self._declare_change("access")  # read by no answer the server keeps
            if record:
                user = self._scalar("SELECT user_name FROM api_tokens WHERE id = ?", (token_id,))
                with audit_via(f"token:{token_id}"):
                    self._audit(user or "?", "token-use", "token", token_id, None, {"at": clean(at)}, None)

    # ------------------------------------------------------------------ sessions

    def add_session(self, id_hash: str, user: str, expires_at: datetime, remote: str | None) -> None:
        """Open a session after a successful login: stores it, notes the login time and files a
        ``login`` record."""
        with self._tx():
            at = now()
            self._exec("DELETE FROM sessions WHERE expires_at < ?", (at,))
            self._insert("sessions", ("id_hash", "user_name", "created_at", "expires_at", "last_seen_at", "remote"),
                         [(id_hash, user, at, expires_at, at, remote)])
            self._exec("UPDATE users SET last_login_at = ? WHERE name = ?", (at, user))
            with audit_via("password"):
                self._audit(user, "login", "session", user, None,
                            {"remote": remote, "expires_at": clean(expires_at)}, None)

    def session(self, id_hash: str) -> dict | None:
        """The live session with this hash joined with its user (role, disabled), or None."""
        rows = self._dicts(
            f"SELECT s.user_name, s.expires_at, s.last_seen_at, u.role, u.disabled{', u.clearance' if self._marked() else ''} "
            "FROM sessions s "
            "JOIN users u ON u.name = s.user_name WHERE s.id_hash = ?", (id_hash,))
        return rows[0] if rows else None

    def touch_session(self, id_hash: str, at: datetime) -> None:
        with self._tx():
            self._exec("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", (at, id_hash))
            self._declare_change("access")

    def end_session(self, id_hash: str, *, user: str, remote: str | None = None) -> None:
        """Log out: the session is deleted and a ``logout`` record filed."""
        with self._tx():
            self._exec("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))
            self._audit(user, "logout", "session", user, None, {"remote": remote}, None)

    # ------------------------------------------------------------------ access records

    def record_access(self, user: str, action: str, kind: str, subject: str, details: dict | None = None,
                      note: str | None = None, via: str | None = None) -> str:
        """File an access record (a failed login, an export, ...) and return its id."""
        if kind not in ACCESS_KINDS:
            raise StoreError(f"kind={kind!r} is not an access record kind ({', '.join(ACCESS_KINDS)})")
        with self._tx(), audit_via(via):
            return self._audit(user, action, kind, subject, None, details or {}, note)

    def login_failures(self, name: str, address: str | None, since: datetime) -> tuple[list, list]:
        """Times of the failed logins at or after ``since`` from the audit trail, which every
        server process writes: those for ``name`` (any case) after its last successful login,
        and those from ``address``. The login limits of several worker processes count these."""
        rows = self._dicts(
            "SELECT user_name, created_at, action, after_json FROM audit "
            "WHERE action IN ('login', 'login-failed') AND created_at >= ? ORDER BY seq", (since,))
        by_name: list = []
        by_address: list = []
        for r in rows:
            same_name = str(r["user_name"] or "").lower() == name.lower()
            if r["action"] == "login":
                if same_name:
                    by_name.clear()
                continue
            if same_name:
                by_name.append(r["created_at"])
            if address is not None and (from_json(r["after_json"], {}) or {}).get("remote") == address:
                by_address.append(r["created_at"])
        return by_name, by_address

    def audit_log(self, *, user: str | None = None, since: datetime | None = None, action: Any = None,
                  kind: Any = None, fact_id: str | None = None, facts_only: bool = False,
                  audit_id: str | None = None, limit: int = 100) -> pd.DataFrame:
        """Audit records, newest first, with how the actor was authenticated (``via``).

        ``user``: one user's records; ``since``: records at or after that time; ``action`` and
        ``kind``: one value or a list; ``fact_id``: one fact's history (a merge is also found by
        the kept id); ``facts_only`` leaves out access records (logins, tokens, users, exports);
        ``audit_id``: that one record."""
        from marsad.store.filters import as_list, check_limit

        limit = check_limit(limit)
        conds, params = [self._fact_ok("kind", "fact_id")], []
        if user:
            conds.append("user_name = ?")
            params.append(user)
        if since is not None:
            conds.append("created_at >= ?")
            params.append(since)
        self._where_in("action", as_list(action), conds, params)
        self._where_in("kind", as_list(kind), conds, params)
        if audit_id:
            conds.append("id = ?")
            params.append(audit_id)
        if fact_id:
            conds.append("(fact_id = ? OR after_json LIKE ?)")
            params += [fact_id, f'%"keep_id": "{fact_id}"%']
        if facts_only:
            placeholders = ", ".join("?" * len(ACCESS_KINDS))
            conds.append(f"kind NOT IN ({placeholders})")
            params += list(ACCESS_KINDS)
        df = self._frame(
            "SELECT id, user_name AS \"user\", created_at AS \"at\", action, kind, fact_id, before_json, "
            f"after_json, note, undone_by, via FROM audit WHERE {' AND '.join(conds)} ORDER BY seq DESC LIMIT {limit}",
            params)
        if not len(df):
            return pd.DataFrame(columns=AUDIT_COLUMNS)
        df["before"] = [{k: v for k, v in from_json(x, {}).items() if k != "_override"} if isinstance(from_json(x, {}), dict)
                        else from_json(x, {}) for x in df.pop("before_json")]
        df["after"] = [from_json(x, {}) for x in df.pop("after_json")]
        return df[AUDIT_COLUMNS]


def since_time(text: str | None) -> datetime | None:
    """``--since`` as a time: a date (``2024-05-01``), a date and time, or a duration back from
    now (``24h``, ``7d``)."""
    if text is None or not str(text).strip():
        return None
    from marsad.auth.tokens import parse_duration

    s = str(text).strip()
    try:
        t = datetime.fromisoformat(s)
    except ValueError:
        try:
            return now() - parse_duration(s, maximum=timedelta(days=36600))
        except AccountError:
            raise StoreError(f"since={s!r} is not a date (2024-05-01), a time (2024-05-01T12:00) "
                             "or a duration back from now (24h, 7d)") from None
    return t.astimezone(UTC).replace(tzinfo=None) if t.tzinfo else t
