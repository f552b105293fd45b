"""`cosec users ...`: points of contact, the secretariat and observers, and their API keys."""

from __future__ import annotations

from typing import Annotated

import typer

from cosec.access import service as users
from cosec.access.principals import Role
from cosec.cli.runtime import (
    FormatOpt,
    OutputFormat,
    emit,
    ensure_charter,
    err,
    errors_to_exit,
    open_store,
    out,
)
from cosec.clock import SystemClock

app = typer.Typer(help="Users and their API keys.", no_args_is_help=True)


@app.command()
@errors_to_exit
def add(
    name: Annotated[str, typer.Argument(help="Unique user name, e.g. chn-poc.")],
    role: Annotated[Role, typer.Option(help="member, secretariat or observer.")] = Role.MEMBER,
    member: Annotated[str | None, typer.Option(help="Member code, for role member.")] = None,
) -> None:
    """Add a user and print its API key (shown once: store it now)."""
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        d = store.deployment(s)
        p, key = users.add(
            s,
            name=name,
            role=role,
            member=member.upper() if member else None,
            charter=d.current,
            clock=SystemClock(),
        )
    err.print(f"added {p.label}; its API key (shown once):", highlight=False)
    typer.echo(key)


@app.command("list")
@errors_to_exit
def list_(fmt: FormatOpt = OutputFormat.table) -> None:
    """List users and their keys (prefixes only)."""
    store = open_store()
    with store.session() as s:
        rows = [
            {
                "name": u.principal.name,
                "role": u.principal.role.value,
                "member": u.principal.member or "",
                "keys": [f"{p}{' (revoked)' if rev else ''}" for p, _, rev in u.keys],
                "created": u.created_at.isoformat(),
            }
            for u in users.list_users(s)
        ]
    emit(rows, ["name", "role", "member", "keys", "created"], fmt)


@app.command()
@errors_to_exit
def revoke(
    ref: Annotated[str, typer.Argument(help="A key prefix, or a user name (all its keys).")],
) -> None:
    """Revoke an API key, or every key of a user."""
    store = open_store()
    with store.session(write=True) as s:
        n = users.revoke(s, ref=ref, clock=SystemClock())
    out.print(f"revoked {n} key(s)")
