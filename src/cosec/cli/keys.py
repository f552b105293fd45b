"""`cosec keys ...`: members' signing keys, registered in the log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cosec.cli.runtime import (
    FormatOpt,
    OutputFormat,
    Store,
    emit,
    ensure_charter,
    err,
    errors_to_exit,
    open_store,
    out,
    signing_key,
)
from cosec.clock import SystemClock
from cosec.errors import Conflict, InvalidInput
from cosec.ledger.keys import generate_signer, write_private_key
from cosec.ledger.note import Ed25519Signer, format_key_id
from cosec.pipeline import registration
from cosec.records import SECRETARIAT
from cosec.settings import get_settings

app = typer.Typer(
    help="Signing keys: make, register, rotate and revoke them.", no_args_is_help=True
)


def _code(member: str) -> str:
    code = member.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidInput.field("--member", "must be a member code (ISO 3166-1 alpha-3) or SEC")
    return code


def _registrar(store: Store) -> Ed25519Signer:
    """The secretariat's key, from the keys directory or the server's custody."""
    key = signing_key(SECRETARIAT, None) or store.ledger.custody.signer_for(SECRETARIAT)
    if key is None:
        raise InvalidInput.field(
            "SEC", "the secretariat has no key yet: run `cosec keys new --member SEC` first"
        )
    return key


@app.command()
@errors_to_exit
def new(
    member: Annotated[str, typer.Option(help="Member code, or SEC for the secretariat.")],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Key file (default COSEC_KEYS_DIR/<M>.key).")
    ] = None,
    deposit: Annotated[
        bool,
        typer.Option(
            help="Deposit the key with the server instead (it then signs for "
            "the member: see docs/ledger.md)."
        ),
    ] = False,
) -> None:
    """Make a key, write it readable only by its owner, and register it in the log.

    The secretariat's first key registers itself; every other key is registered by the
    secretariat's key.
    """
    code = _code(member)
    store = open_store()
    ensure_charter(store)
    signer = generate_signer(code)
    path = out_path or get_settings().keys_dir / f"{code}.key"
    if deposit:
        if store.ledger.custody.signer_for(code) is not None:
            raise Conflict(f"a key of {code} is already deposited; rotate it instead")
    elif path.exists():
        raise Conflict(f"{path} exists; refusing to overwrite a key (rotate it instead)")
    with store.session(write=True) as s:
        d = store.deployment(s)
        if code != SECRETARIAT and not d.current.is_member(code):
            raise InvalidInput.field("--member", f"{code} is not a member of {d.current.id}")
        registrar = signer if code == SECRETARIAT else _registrar(store)
        row = registration.register(
            s,
            deployment=d,
            ledger=store.ledger,
            registrar=registrar,
            vkey=registration.vkey_of(signer),
            clock=SystemClock(),
        )
        if deposit:
            store.ledger.custody.deposit(signer)
        else:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_private_key(path, signer)
        record_id = row.id
    where = "deposited with the server" if deposit else f"written to {path} (mode 600)"
    out.print(
        f"key {format_key_id(signer.key_id)} of {code} registered (record {record_id}); "
        f"private key {where}"
    )
    typer.echo(registration.vkey_of(signer))


@app.command("list")
@errors_to_exit
def list_(fmt: FormatOpt = OutputFormat.table) -> None:
    """Every member key ever registered, with the stretch of the log it is valid for."""
    store = open_store()
    with store.session() as s:
        registry = store.ledger.registry(s)
        rows = []
        members = sorted(
            {k.member for m in registry.registrars for k in registry.keys(m)}
            | set(store.deployment(s).current.member_codes)
        )
        for m in members:
            for k in registry.keys(m):
                rows.append(
                    {
                        "member": k.member,
                        "key_id": k.key_id,
                        "vkey": str(k.vkey),
                        "registered": k.registered_index,
                        "retired": k.retired_index,
                        "status": k.retired_by or "valid",
                    }
                )
    emit(rows, ["member", "key_id", "registered", "retired", "status", "vkey"], fmt)


@app.command()
@errors_to_exit
def rotate(
    member: Annotated[str, typer.Option(help="Member code.")],
    key: Annotated[Path | None, typer.Option(help="Current key file.")] = None,
) -> None:
    """Replace a member's key: the old key signs the rotation; the file gets the new key."""
    code = _code(member)
    store = open_store()
    old = signing_key(code, key)
    path = key or get_settings().keys_dir / f"{code}.key"
    if old is None:
        raise InvalidInput.field("--key", f"no key file for {code} at {path}")
    new_key = generate_signer(code)
    with store.session(write=True) as s:
        registration.rotate(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            old=old,
            new=new_key,
            clock=SystemClock(),
        )
        write_private_key(path, new_key, force=True)
    out.print(
        f"{code}: key {format_key_id(old.key_id)} replaced by "
        f"{format_key_id(new_key.key_id)} in {path}"
    )


@app.command()
@errors_to_exit
def revoke(
    member: Annotated[str, typer.Option(help="Member whose key is revoked.")],
    key_id: Annotated[str, typer.Option(help="Id (8 hex digits) of the key to revoke.")],
    reason: Annotated[str, typer.Option(help="Why (logged publicly).")],
    compromised_since: Annotated[
        str | None, typer.Option(help="RFC 3339 time since which it may have been misused.")
    ] = None,
    as_: Annotated[str, typer.Option("--as", help="Who signs: the member, or SEC.")] = SECRETARIAT,
) -> None:
    """Revoke a key: it signs nothing valid after this entry."""
    code, signer_code = _code(member), _code(as_)
    store = open_store()
    signer = signing_key(signer_code, None) or store.ledger.custody.signer_for(signer_code)
    if signer is None:
        raise InvalidInput.field("--as", f"no key of {signer_code} to sign the revocation")
    with store.session(write=True) as s:
        registration.revoke(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            signer=signer,
            member=code,
            key_id=key_id,
            reason=reason,
            compromised_since=compromised_since,
            clock=SystemClock(),
        )
    err.print(f"key {key_id} of {code} revoked")
