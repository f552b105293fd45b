"""`cosec witness ...`: a member keeps the log honest by cosigning only checkpoints
consistent with everything it cosigned before."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cosec.cli.log import UrlOpt, source
from cosec.cli.runtime import errors_to_exit, open_store, out, signing_key
from cosec.clock import SystemClock
from cosec.errors import Conflict, InvalidInput
from cosec.ledger.checkpoint import CosignatureSigner, parse_checkpoint_text
from cosec.ledger.keys import generate_witness_signer, read_private_key, write_private_key
from cosec.ledger.kinds import KIND_WITNESS
from cosec.ledger.note import parse_note, parse_verifier_key
from cosec.ledger.witness import JsonFileWitnessState, Witness
from cosec.pipeline.registration import principal_for
from cosec.pipeline.submit import submit
from cosec.settings import get_settings

app = typer.Typer(
    help="Witness the log: check consistency, then cosign checkpoints.", no_args_is_help=True
)


def _paths(member: str) -> tuple[Path, Path]:
    d = get_settings().keys_dir
    return d / f"witness-{member}.key", d / f"witness-{member}.state.json"


@app.command()
@errors_to_exit
def init(
    member: Annotated[str, typer.Option(help="Member running the witness.")],
    name: Annotated[str | None, typer.Option(help="Witness key name.")] = None,
) -> None:
    """Make a witness key and register it in the log, signed by the member's key."""
    code = member.upper()
    key_path, _ = _paths(code)
    if key_path.exists():
        raise Conflict(f"{key_path} exists: this member already runs a witness")
    signer = generate_witness_signer(name or f"witness.{code.lower()}.cosec")
    store = open_store()
    member_key = signing_key(code, None) or store.ledger.custody.signer_for(code)
    if member_key is None:
        raise InvalidInput.field("--member", f"no key of {code} to sign the registration")
    vkey = str(signer.verifier().verifier_key)
    with store.session(write=True) as s:
        submit(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            principal=principal_for(code),
            kind=KIND_WITNESS,
            payload={"vkey": vkey},
            audience="public",
            signer=member_key,
            clock=SystemClock(),
            evaluate=False,
        )
        key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_private_key(key_path, signer)
    out.print(f"witness {signer.name} of {code} registered; key in {key_path}")
    typer.echo(vkey)


@app.command()
@errors_to_exit
def cosign(
    member: Annotated[str, typer.Option(help="Member running the witness.")],
    url: UrlOpt = None,
) -> None:
    """Fetch the latest checkpoint, check it is consistent with the last one this witness
    cosigned, cosign it and hand the cosignature to the log. Refuses a rollback or a fork."""
    code = member.upper()
    key_path, state_path = _paths(code)
    if not key_path.exists():
        raise InvalidInput.field("--member", f"{code} runs no witness: cosec witness init first")
    signer = read_private_key(key_path)
    if not isinstance(signer, CosignatureSigner):
        raise InvalidInput.field(str(key_path), "is not a witness key")
    log = source(url)
    keys = log.keys()
    if not isinstance(keys.get("origin"), str) or not isinstance(keys.get("log"), str):
        raise InvalidInput.field("--url", "the log's /v1/log/keys names no origin and log key")
    origin = str(keys["origin"])
    witness = Witness(
        signer,
        logs={origin: parse_verifier_key(str(keys["log"])).verifier()},
        state=JsonFileWitnessState(state_path),
        clock=SystemClock(),
    )
    note = log.checkpoint()
    size = parse_checkpoint_text(parse_note(note).text).size
    held = witness.latest(origin)
    old = held.size if held else 0
    proof = log.consistency(old, size) if 0 < old < size else []
    cosignature = witness.add_checkpoint(note, old_size=old, proof=proof)
    log.add_cosignature(size, cosignature.note_signature().line().strip())
    out.print(
        f"{signer.name} cosigned {origin} at size {size}"
        + (f" (consistent with size {old})" if old else "")
    )
