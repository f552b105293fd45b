"""Registering member keys: the secretariat's first key, then members' keys, in the log."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cosec.clock import Clock
from cosec.deployment import Deployment
from cosec.ledger.keyregistry import KIND_REGISTER, KIND_REVOKE, KIND_ROTATE
from cosec.ledger.note import Ed25519Signer, format_key_id
from cosec.logstore.context import Ledger
from cosec.pipeline.submit import submit
from cosec.principals import Principal, Role
from cosec.records import SECRETARIAT
from cosec.store.tables import RecordRow


def principal_for(member: str) -> Principal:
    """The principal a key signs as: the secretariat for ``SEC``, else the member."""
    if member == SECRETARIAT:
        return Principal(id=None, name="registrar", role=Role.SECRETARIAT)
    return Principal(id=None, name=f"key:{member}", role=Role.MEMBER, member=member)


def vkey_of(signer: Ed25519Signer) -> str:
    """The verifier key string of a signer."""
    return str(signer.verifier().verifier_key)


def register(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    registrar: Ed25519Signer,
    vkey: str,
    clock: Clock,
) -> RecordRow:
    """Log a ``key.register`` signed by ``registrar`` (the secretariat, or the member itself
    with a key already valid; the secretariat's very first key registers itself)."""
    return submit(
        session,
        deployment=deployment,
        ledger=ledger,
        principal=principal_for(registrar.name),
        kind=KIND_REGISTER,
        payload={"vkey": vkey},
        audience="public",
        signer=registrar,
        clock=clock,
        evaluate=False,
    )


def rotate(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    old: Ed25519Signer,
    new: Ed25519Signer,
    clock: Clock,
) -> RecordRow:
    """Log a ``key.rotate`` signed by the key it replaces."""
    return submit(
        session,
        deployment=deployment,
        ledger=ledger,
        principal=principal_for(old.name),
        kind=KIND_ROTATE,
        payload={"vkey": vkey_of(new), "replaces": format_key_id(old.key_id)},
        audience="public",
        signer=old,
        clock=clock,
        evaluate=False,
    )


def revoke(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    signer: Ed25519Signer,
    member: str,
    key_id: str,
    reason: str,
    clock: Clock,
    compromised_since: str | None = None,
) -> RecordRow:
    """Log a ``key.revoke`` signed by the member or the secretariat."""
    return submit(
        session,
        deployment=deployment,
        ledger=ledger,
        principal=principal_for(signer.name),
        kind=KIND_REVOKE,
        payload={
            "member": member,
            "key_id": key_id,
            "reason": reason,
            "compromised_since": compromised_since,
        },
        audience="public",
        signer=signer,
        clock=clock,
        evaluate=False,
    )
