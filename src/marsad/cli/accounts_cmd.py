"""CLI commands for the team server: ``marsad users ...``, ``marsad tokens ...`` and ``marsad audit``.

Each command calls one function of :mod:`marsad.auth.accounts` (or the store) and prints the
result. The audit trail names the operating-system user who ran the command, with ``via`` ``cli``:
whoever can open the database administers it.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from marsad.cli.common import cli_errors, err_console, out_console
from marsad.cli.store_cmd import DB_HELP, _emit_frame, _settings

users_app = typer.Typer(help="Accounts of the team server (`marsad serve --team`).", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens: created for a user, shown once, stored hashed.", no_args_is_help=True)

ROLE_HELP = "viewer (reads), analyst (also reviews facts, ACH) or admin (also users, tokens, grades)."
CLEARANCE_HELP = ("The most restrictive TLP marking the user may read: CLEAR, GREEN, AMBER, AMBER+STRICT or RED "
                  "(default GREEN).")
FORMAT_OPT = typer.Option("table", "--format", metavar="table|csv|json", help="Output format.")


def cli_actor() -> str:
    """Who runs the command, for the audit trail."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return "cli"


@contextmanager
def _store(db: str | None, *, create: bool = False) -> Iterator:
    """The store, with audit records marked as made from the command line."""
    from marsad.store.queries.accounts import AUDIT_VIA
    from marsad.workbench import Workbench

    token = AUDIT_VIA.set("cli")
    try:
        with Workbench(_settings(db)).open_store(create=create) as store:
            yield store
    finally:
        AUDIT_VIA.reset(token)


def read_password(given: str | None, name: str) -> str:
    """The password from ``--password``; else prompted (hidden, twice) in a terminal; else the
    first line of standard input. AccountError when there is none."""
    from marsad.errors import AccountError

    if given is not None:
        return given
    if sys.stdin is not None and sys.stdin.isatty():
        return typer.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    password = line.rstrip("\r\n")
    if not password:
        raise AccountError("no password: pass --password, pipe one line on standard input, or run the command "
                           "in a terminal to be prompted")
    return password


def _show_time(df, columns: list[str]):
    for c in columns:
        if c in df.columns:
            df[c] = [None if v is None or v != v else str(v) for v in df[c]]
    return df


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="User name: letters, digits, '.', '_', '@', '-'."),
    role: str = typer.Option(..., "--role", metavar="viewer|analyst|admin", help=ROLE_HELP),
    password: str = typer.Option(None, "--password", metavar="TEXT",
                                 help="At least 8 characters (omit it to be prompted, or pipe it on stdin)."),
    db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
    clearance: str = typer.Option("GREEN", "--clearance", metavar="MARKING", help=CLEARANCE_HELP),
) -> None:
    """Create an account (the database is created when it does not exist yet)."""
    from marsad.auth.accounts import add_user
    from marsad.markings import check_marking

    with cli_errors():
        clearance = check_marking(clearance, "--clearance")
        secret = read_password(password, name)
        with _store(db, create=True) as store:
            out = add_user(store, name, role, secret, actor=cli_actor(), clearance=clearance)
        out_console.print(f"user {out['name']} ({out['role']}) added, clearance {out['clearance']}", highlight=False)


@users_app.command("set-clearance")
def users_set_clearance(
    name: str = typer.Argument(...),
    clearance: str = typer.Argument(..., metavar="MARKING", help=CLEARANCE_HELP),
    db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
) -> None:
    """Change the most restrictive TLP marking a user may read."""
    from marsad.auth.accounts import set_clearance

    with cli_errors(), _store(db) as store:
        out = set_clearance(store, name, clearance, actor=cli_actor())
        shown = store.user(name)["clearance"]
        out_console.print(f"user {name} now reads up to {shown}" if out["changed"]
                          else f"user {name} already reads up to {shown}", highlight=False)


@users_app.command("list")
def users_list(fmt: str = FORMAT_OPT, db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
    """Accounts: name, role, clearance, disabled, created, last login."""
    with cli_errors(), _store(db) as store:
        df = _show_time(store.users(), ["created_at", "updated_at", "last_login_at"])
        _emit_frame(df, fmt, title="users")


@users_app.command("disable")
def users_disable(name: str = typer.Argument(...), db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
    """Disable an account: no more logins, its sessions end and its tokens stop working."""
    from marsad.auth.accounts import set_disabled

    with cli_errors(), _store(db) as store:
        out = set_disabled(store, name, True, actor=cli_actor())
        out_console.print(f"user {name} disabled" if out["changed"] else f"user {name} was already disabled",
                          highlight=False)


@users_app.command("enable")
def users_enable(name: str = typer.Argument(...), db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
    """Enable a disabled account again."""
    from marsad.auth.accounts import set_disabled

    with cli_errors(), _store(db) as store:
        out = set_disabled(store, name, False, actor=cli_actor())
        out_console.print(f"user {name} enabled" if out["changed"] else f"user {name} was not disabled",
                          highlight=False)


@users_app.command("passwd")
def users_passwd(
    name: str = typer.Argument(...),
    password: str = typer.Option(None, "--password", metavar="TEXT", help="The new password (omit it to be prompted)."),
    db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
) -> None:
    """Set a new password (the user's open dashboard sessions end)."""
    from marsad.auth.accounts import set_password

    with cli_errors():
        with _store(db) as store:
            store.user(name)  # an unknown name fails before the prompt
            secret = read_password(password, name)
            set_password(store, name, secret, actor=cli_actor())
        out_console.print(f"password of {name} changed", highlight=False)


@users_app.command("role")
def users_role(
    name: str = typer.Argument(...),
    role: str = typer.Argument(..., metavar="viewer|analyst|admin", help=ROLE_HELP),
    db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
) -> None:
    """Give a user another role."""
    from marsad.auth.accounts import set_role

    with cli_errors(), _store(db) as store:
        set_role(store, name, role, actor=cli_actor())
        out_console.print(f"user {name} is now {role.strip().lower()}", highlight=False)


@tokens_app.command("create")
def tokens_create(
    user: str = typer.Argument(..., help="The user the token acts as (with that user's role)."),
    expires: str = typer.Option("30d", "--expires", metavar="DURATION", help="Lifetime: 90m, 12h, 30d, 2w; at most 366d."),
    note: str = typer.Option(None, "--note", metavar="TEXT", help="What the token is for."),
    db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
) -> None:
    """Create an API token and print it, once, on standard output (only its hash is stored).

    Send it as `Authorization: Bearer TOKEN`."""
    from marsad.auth.accounts import create_token

    with cli_errors(), _store(db) as store:
        out = create_token(store, user, expires, note, actor=cli_actor())
    err_console.print(f"token {out['id']} for {out['user']}, expires {out['expires_at']} UTC; "
                      "it is shown only now:", highlight=False)
    sys.stdout.write(out["token"] + "\n")


@tokens_app.command("list")
def tokens_list(
    user: str = typer.Option(None, "--user", metavar="NAME", help="Only this user's tokens."),
    fmt: str = FORMAT_OPT,
    db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
) -> None:
    """Tokens (never their secrets): id, user, state, expiry, last use."""
    from marsad.auth.accounts import list_tokens

    with cli_errors(), _store(db) as store:
        df = _show_time(list_tokens(store, user), ["created_at", "expires_at", "last_used_at", "revoked_at"])
        cols = ["id", "user", "state", "expires_at", "last_used_at", "created_at", "revoked_at", "note"]
        _emit_frame(df[[c for c in cols if c in df.columns]], fmt, title="tokens")


@tokens_app.command("revoke")
def tokens_revoke(token_id: str = typer.Argument(..., metavar="ID", help="Token id (tk-...) from `tokens list`."),
                  db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP)) -> None:
    """Revoke a token: it stops working at once."""
    with cli_errors(), _store(db) as store:
        store.revoke_token(token_id, actor=cli_actor())
        out_console.print(f"token {token_id} revoked", highlight=False)


def audit(
    user: str = typer.Option(None, "--user", metavar="NAME", help="Only this user's records."),
    since: str = typer.Option(None, "--since", metavar="DATE|DURATION", help="From this date or time, or 24h / 7d back."),
    action: str = typer.Option(None, "--action", metavar="A[,A...]",
                               help="Only these actions (login, login-failed, export, confirm, edit, merge, ...)."),
    kind: str = typer.Option(None, "--kind", metavar="K[,K...]", help="Only these kinds (event, user, token, session, export, ...)."),
    limit: int = typer.Option(50, "--limit", metavar="N", help="At most N records (newest first)."),
    fmt: str = FORMAT_OPT,
    db: str = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP),
) -> None:
    """The audit trail, newest first: review decisions, logins (failed ones too), token uses,
    exports and account changes, with who, when, what, before/after and how they logged in."""
    from marsad.store.filters import as_list
    from marsad.store.queries.accounts import since_time

    with cli_errors(), _store(db) as store:
        df = store.audit_log(user=user, since=since_time(since), action=as_list(action), kind=as_list(kind),
                             limit=limit)
        df = _show_time(df, ["at"])
        if fmt != "json" and len(df):
            df = df.assign(before=df["before"].map(json.dumps), after=df["after"].map(json.dumps))
        _emit_frame(df, fmt, title="audit")


def register(app: typer.Typer) -> None:
    """Attach ``users``, ``tokens`` and ``audit`` to the root app."""
    app.add_typer(users_app, name="users")
    app.add_typer(tokens_app, name="tokens")
    app.command("audit")(audit)
