"""`cosec log ...`: read, audit and check receipts of the tamper-evident log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cosec.cli.runtime import EXIT_FINDINGS, err, errors_to_exit, open_store, out
from cosec.errors import InvalidInput
from cosec.logstore import auditor
from cosec.logstore.sources import HttpSource, LocalSource, LogSource

app = typer.Typer(
    help="The tamper-evident log: checkpoints, receipts, audits.", no_args_is_help=True
)

UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="Audit a cosec server over HTTP (default: the local database, COSEC_DATABASE_URL).",
    ),
]
ApiKeyOpt = Annotated[
    str | None,
    typer.Option(
        "--api-key", envvar="COSEC_API_KEY", help="API key, to see the envelopes you may read."
    ),
]


def source(url: str | None, api_key: str | None = None) -> LogSource:
    """The log over HTTP, or the local database's."""
    if url:
        return HttpSource(url, api_key)
    store = open_store()
    return LocalSource(store.factory, store.ledger)


@app.command()
@errors_to_exit
def checkpoint(url: UrlOpt = None, size: Annotated[int | None, typer.Option()] = None) -> None:
    """Print the latest signed checkpoint (or the one of ``--size``), with cosignatures."""
    typer.echo(source(url).checkpoint(size).decode(), nl=False)


@app.command()
@errors_to_exit
def receipt(index: Annotated[int, typer.Argument(help="Leaf index.")], url: UrlOpt = None) -> None:
    """Print a receipt for a log entry: keep it to prove the entry is in the log."""
    typer.echo(json.dumps(source(url).receipt(index), indent=2))


@app.command("verify-receipt")
@errors_to_exit
def verify_receipt(
    file: Annotated[Path, typer.Argument(help="Receipt JSON.")],
    envelope: Annotated[
        Path | None, typer.Option(help="The envelope it is for: checks the leaf describes it.")
    ] = None,
    url: UrlOpt = None,
    min_cosignatures: Annotated[
        int, typer.Option(help="Witness cosignatures the checkpoint must carry.")
    ] = 0,
) -> None:
    """Check a receipt offline against the log's keys (fetched from the log)."""
    try:
        text = file.read_text(encoding="utf-8")
        env_text = envelope.read_text(encoding="utf-8") if envelope else None
    except OSError as exc:
        raise InvalidInput.field("FILE", f"cannot read: {exc.strerror}") from exc
    verified = auditor.check_receipt(
        text, keys=source(url).keys(), envelope_text=env_text, min_cosignatures=min_cosignatures
    )
    leaf = verified.leaf
    out.print(
        f"ok: entry {verified.leaf_index} ({leaf.member} {leaf.kind} seq {leaf.seq}) is in "
        f"the log {verified.checkpoint.checkpoint.origin} of size "
        f"{verified.checkpoint.checkpoint.size}, with "
        f"{len(verified.checkpoint.cosignatures)} witness cosignature(s)"
    )


@app.command()
@errors_to_exit
def verify(
    url: UrlOpt = None,
    api_key: ApiKeyOpt = None,
    state: Annotated[
        Path, typer.Option(help="Where the auditor keeps the last checkpoint it verified.")
    ] = Path("var/auditor.json"),
    log_key: Annotated[
        str | None,
        typer.Option(help="The log's verifier key, if known (else pinned on first use)."),
    ] = None,
) -> None:
    """Audit the whole log: recompute the tree, check every visible signature, and check
    consistency with the last checkpoint seen. Exit 1 naming each faulty entry."""
    outcome = auditor.verify_log(source(url, api_key), state_path=state, log_key=log_key)
    cp = outcome.checkpoint
    seen = (
        f"consistent with the checkpoint of size {outcome.previous.size} seen before"
        if outcome.previous
        else "no earlier checkpoint to compare with (pinned now)"
    )
    if outcome.report.ok:
        out.print(
            f"ok: {outcome.origin}, {cp.size} entries rebuild the signed root; "
            f"{outcome.envelopes_seen} envelopes checked; {seen}"
        )
        return
    err.print(f"[bold red]the log {outcome.origin} failed its audit:[/]", highlight=False)
    for f in outcome.report.findings:
        where = (
            ""
            if f.index is None
            else (f"entry {f.index}: " if f.end is None else f"entries {f.index}..{f.end - 1}: ")
        )
        err.print(f"  {f.fault.value}: {where}{f.message}", markup=False, highlight=False)
    raise typer.Exit(EXIT_FINDINGS)
