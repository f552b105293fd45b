"""`cosec users ...`: points of contact, people with duties, the secretariat and observers,
their API keys, their second factor, and what each person drafted and approved."""

from __future__ import annotations

from typing import Annotated

import typer

from cosec.access import people
from cosec.access import service as users
from cosec.access.totp import ServerSecret
from cosec.cli.runtime import (
    FormatOpt,
    OutputFormat,
    acting_as,
    emit,
    ensure_charter,
    err,
    errors_to_exit,
    open_store,
    out,
)
from cosec.clock import SystemClock
from cosec.drafts import service as drafts
from cosec.principals import Duty, Role

app = typer.Typer(help="Users and their API keys.", no_args_is_help=True)
totp_app = typer.Typer(help="A person's second factor (TOTP).", no_args_is_help=True)
app.add_typer(totp_app, name="totp")


@app.command()
@errors_to_exit
def add(
    name: Annotated[str, typer.Argument(help="Unique user name, e.g. chn-poc.")],
    role: Annotated[Role, typer.Option(help="member, secretariat or observer.")] = Role.MEMBER,
    member: Annotated[str | None, typer.Option(help="Member code, for role member.")] = None,
    duty: Annotated[
        Duty | None,
        typer.Option(
            help="A person's duty: drafter, approver or reader (none: a machine's key, which "
            "signs directly)."
        ),
    ] = None,
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
            duty=duty,
        )
    what = f"{p.label}, {duty.value}" if duty is not None else p.label
    err.print(f"added {what}; its API key (shown once):", highlight=False)
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
                "duty": u.principal.duty.value if u.principal.duty else "",
                "keys": [f"{p}{' (revoked)' if rev else ''}" for p, _, rev in u.keys],
                "created": u.created_at.isoformat(),
            }
            for u in users.list_users(s)
        ]
    emit(rows, ["name", "role", "member", "duty", "keys", "created"], fmt)


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


@app.command("duty")
@errors_to_exit
def set_duty(
    name: Annotated[str, typer.Argument(help="A member's or the secretariat's user.")],
    duty: Annotated[Duty, typer.Argument(help="drafter, approver or reader.")],
) -> None:
    """Give a user a duty (making it a person: its records then follow the two-person rule)."""
    store = open_store()
    with store.session(write=True) as s:
        p = people.set_duty(s, name=name, duty=duty)
    article = "an" if duty.value[0] in "aeiou" else "a"
    out.print(f"{p.label} is now {article} {duty.value}")


@totp_app.command("enrol")
@errors_to_exit
def totp_enrol(
    name: Annotated[str, typer.Argument(help="The person (a user with a duty).")],
) -> None:
    """Make a new second factor for a person and print it once, as an otpauth:// URI for an
    authenticator app; from now on signing in asks for its code."""
    store = open_store()
    server = ServerSecret.from_key(store.ledger.identity.signer.private_key)
    with store.session(write=True) as s:
        enrolled = people.enrol_totp(
            s,
            principal=users.get(s, name=name),
            server=server,
            now=SystemClock().now(),
            confirmed=True,
        )
    err.print(
        f"{name}'s second factor (shown once: give it to {name} only, e.g. as a QR code):",
        highlight=False,
    )
    typer.echo(enrolled.uri)


@app.command()
@errors_to_exit
def audit(
    name: Annotated[str, typer.Argument(help="A person.")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The records a person drafted and approved (and signed), newest first."""
    store = open_store()
    with store.session() as s:
        person = users.get(s, name=name)
        rows = [
            {
                "record": e.record_id,
                "kind": e.kind,
                "logged": e.submitted_at.isoformat(),
                "role": "drafted and signed"
                if e.drafted and e.approved
                else ("drafted" if e.drafted else "approved and signed"),
                "drafted_by": e.people.drafted_by,
                "approved_by": e.people.approved_by,
            }
            for e in drafts.audit(
                s, viewer=acting_as(None), person=person, deployment=store.deployment(s)
            )
        ]
    emit(rows, ["record", "kind", "logged", "role", "drafted_by", "approved_by"], fmt)
