"""`cosec inbox`: open actions and deadlines; e-mail alerts and feed links of users."""

from __future__ import annotations

from typing import Annotated

import typer

from cosec.access import service as users
from cosec.alerts import preferences
from cosec.alerts.alerter import pending, send_due, summary
from cosec.alerts.config import MailConfig
from cosec.alerts.mailer import SmtpMailer
from cosec.api.config import WebConfig
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
from cosec.errors import InvalidInput
from cosec.i18n import LANGUAGES
from cosec.inbox import service as inbox_service
from cosec.inbox import tokens
from cosec.settings import get_settings

app = typer.Typer(
    help="Open actions and deadlines; e-mail alerts and feed links.",
    invoke_without_command=True,
)


def _public_url() -> str:
    return WebConfig.from_settings(get_settings()).public_url


@app.callback()
@errors_to_exit
def inbox(
    ctx: typer.Context,
    as_: Annotated[
        str | None, typer.Option("--as", help="A member code, or SEC for every member's.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind: reply, calendar, finding...")
    ] = None,
    member: Annotated[str | None, typer.Option(help="Only what this member must do.")] = None,
    within_hours: Annotated[
        int | None, typer.Option(help="Only deadlines this close (overdue ones included).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List open actions and deadlines, soonest first (the default), or manage alerts."""
    if ctx.invoked_subcommand is not None:
        return
    store = open_store()
    ensure_charter(store)
    now = SystemClock().now()
    with store.session() as s:
        box = inbox_service.inbox(
            s,
            deployment=store.deployment(s),
            principal=acting_as(as_),
            now=now,
            kind=kind,
            member=member.upper() if member else None,
            within_hours=within_hours,
        )
    rows = [
        {
            "due": i.due.strftime("%Y-%m-%d %H:%M") if i.due else "",
            "left": inbox_service.time_left(i.due, now),
            "members": list(i.members),
            "kind": i.kind,
            "title": i.title,
            "href": i.href,
            "key": i.key,
        }
        for i in box.items
    ]
    emit(
        rows,
        ["due", "left", "members", "kind", "title"]
        if fmt is OutputFormat.table
        else ["due", "left", "members", "kind", "title", "href", "key"],
        fmt,
        title=f"{len(rows)} open" if fmt is OutputFormat.table else None,
    )
    for name in box.failed:
        err.print(f"warning: the actions of {name} could not be listed", highlight=False)


@app.command()
@errors_to_exit
def alerts(
    user: Annotated[str, typer.Argument(help="The user's name.")],
    email: Annotated[
        str | None, typer.Option(help="Their address; an empty string removes it.")
    ] = None,
    findings: Annotated[
        bool | None, typer.Option("--findings/--no-findings", help="New findings.")
    ] = None,
    deadlines: Annotated[
        bool | None, typer.Option("--deadlines/--no-deadlines", help="Deadlines near.")
    ] = None,
    flash: Annotated[
        bool | None, typer.Option("--flash/--no-flash", help="FLASH messages.")
    ] = None,
    language: Annotated[
        str | None, typer.Option(help="The language of the e-mails: en or zh.")
    ] = None,
) -> None:
    """Show a user's e-mail alerts, or change them (options left out stay as they are)."""
    store = open_store()
    with store.session(write=True) as s:
        principal = users.get(s, name=user)
        assert principal.id is not None  # a stored user has an id
        p = preferences.get(s, principal_id=principal.id)
        if (email, findings, deadlines, flash, language) != (None, None, None, None, None):
            p = preferences.update(
                s,
                principal_id=principal.id,
                clock=SystemClock(),
                email=p.email if email is None else email,
                findings=p.findings if findings is None else findings,
                deadlines=p.deadlines if deadlines is None else deadlines,
                flash=p.flash if flash is None else flash,
                language=language,
            )
    on = [n for n in ("findings", "deadlines", "flash") if getattr(p, n)]
    out.print(
        f"{user}: {p.email or 'no address (no alerts)'}; alerts: {', '.join(on) or 'none'}; "
        f"e-mails in {LANGUAGES[p.language]} ({p.language})",
        highlight=False,
    )


@app.command("feed-token")
@errors_to_exit
def feed_token(
    user: Annotated[str, typer.Argument(help="The user's name.")],
    revoke: Annotated[bool, typer.Option("--revoke", help="Close the feed instead.")] = False,
) -> None:
    """Print a new link to a user's Atom feed (replacing the old one), or close it."""
    store = open_store()
    with store.session(write=True) as s:
        principal = users.get(s, name=user)
        assert principal.id is not None  # a stored user has an id
        if revoke:
            closed = tokens.revoke(s, principal_id=principal.id)
            out.print(f"{user}: feed {'closed' if closed else 'was not open'}", highlight=False)
            return
        token = tokens.issue(s, principal=principal, clock=SystemClock())
    err.print(f"{user}'s feed (shown once):", highlight=False)
    typer.echo(tokens.feed_url(_public_url(), user, token))


@app.command("send-alerts")
@errors_to_exit
def send_alerts(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be sent; send nothing.")
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Send the e-mail alerts due now, once each (what the server does every minute)."""
    settings = get_settings()
    config = MailConfig.from_settings(settings, public_url=_public_url())
    store = open_store()
    clock = SystemClock()
    if dry_run:
        with store.session() as s:
            due = pending(s, deployment=store.deployment(s), now=clock.now(), config=config)
        emit(summary(due), ["user", "email", "reason", "item"], fmt)
        return
    if not config.enabled:
        raise InvalidInput.field("COSEC_SMTP_HOST", "is not set: no SMTP server to send through")
    report = send_due(store.factory, clock=clock, mailer=SmtpMailer(config), config=config)
    out.print(f"sent {report.sent}, failed {report.failed}", highlight=False)
    if report.failed:
        raise typer.Exit(1)
