"""What the log offers its readers: keys, entries (envelopes only where allowed),
checkpoints, receipts, and witnesses' cosignatures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.charter.models import Charter
from cosec.errors import InvalidInput, NotFound, SignatureError
from cosec.ledger.checkpoint import CosignatureVerifier, open_checkpoint
from cosec.ledger.kinds import KIND_WITNESS
from cosec.ledger.note import b64encode, parse_note, parse_verifier_key
from cosec.logstore import log
from cosec.logstore.context import Ledger
from cosec.principals import Principal
from cosec.store.tables import RecordRow
from cosec.store.visibility import records_visible


def witnesses(session: Session) -> dict[str, CosignatureVerifier]:
    """Every registered witness key, by its name."""
    out: dict[str, CosignatureVerifier] = {}
    for payload in session.scalars(
        select(RecordRow.payload).where(RecordRow.kind == KIND_WITNESS).order_by(RecordRow.id)
    ):
        key = parse_verifier_key(str(payload["vkey"]))
        out[key.name] = CosignatureVerifier.from_key(key)
    return out


def public_keys(session: Session, ledger: Ledger) -> dict[str, object]:
    """``{"log": VKEY, "members": {"CHN": VKEY}, "witnesses": {...}}``; a member's latest
    valid key (all keys, with their validity, under ``"member_keys"``)."""
    registry = ledger.registry(session)
    members: dict[str, str] = {}
    history = []
    for member in registry.members():
        for k in registry.keys(member):
            history.append(
                {
                    "member": k.member,
                    "key_id": k.key_id,
                    "vkey": str(k.vkey),
                    "registered_index": k.registered_index,
                    "retired_index": k.retired_index,
                    "retired_by": k.retired_by,
                }
            )
        valid = registry.valid_keys(member)
        if valid:
            members[member] = str(valid[-1].vkey)
    return {
        "log": ledger.identity.vkey,
        "origin": ledger.origin,
        "members": members,
        "witnesses": {name: str(v.verifier_key) for name, v in witnesses(session).items()},
        "member_keys": history,
    }


@dataclass(frozen=True, slots=True)
class ServedEntry:
    """An entry as served to one reader."""

    index: int
    leaf: bytes
    envelope: bytes | None
    record_id: int | None

    def as_json(self) -> dict[str, object]:
        """The API's form: leaf in base64, the envelope as JSON when visible."""
        out: dict[str, object] = {"index": self.index, "leaf": b64encode(self.leaf)}
        if self.envelope is not None:
            out["envelope"] = json.loads(self.envelope)
        if self.record_id is not None and self.envelope is not None:
            out["record_id"] = self.record_id
        return out


def entries(
    session: Session,
    principal: Principal,
    charter: Charter,
    start: int,
    end: int,
    *,
    limit: int = 1000,
) -> list[ServedEntry]:
    """Entries ``[start, end)`` (a page may be shorter); envelopes only where readable."""
    if start < 0 or end < start:
        raise InvalidInput.field("start", "must satisfy 0 <= start <= end")
    rows = log.entries(session, start, end, limit=limit)
    ids = [r.record_id for r in rows if r.record_id is not None]
    visible = (
        set(
            session.scalars(
                select(RecordRow.id).where(
                    RecordRow.id.in_(ids), records_visible(principal, charter)
                )
            )
        )
        if ids
        else set()
    )
    return [
        ServedEntry(
            r.index,
            _raw(r.leaf),
            _raw(r.envelope) if r.record_id in visible else None,
            r.record_id,
        )
        for r in rows
    ]


def _raw(value: bytes | str) -> bytes:
    """Stored bytes, even when someone rewrote a column as text behind the log's back."""
    return value.encode() if isinstance(value, str) else bytes(value)


def add_cosignature(session: Session, *, ledger: Ledger, size: int, line: str, at: datetime) -> str:
    """Verify a witness's cosignature line for checkpoint ``size`` and keep it.

    Returns the witness's name. Raises ``SignatureError`` if no registered witness made it.
    """
    line = line.strip()
    if not line.startswith("— ") or len(line.split(" ")) != 3:
        raise InvalidInput.field("cosignature", "must be a signed-note line: — NAME BASE64")
    name = line.split(" ")[1]
    verifier = witnesses(session).get(name)
    if verifier is None:
        raise SignatureError(f"{name} is not a registered witness")
    candidate = log.checkpoint_note(session, size) + (line + "\n").encode()
    open_checkpoint(
        candidate,
        ledger.identity.signer.verifier(),
        witnesses=[verifier],
        min_cosignatures=1,
        origin=ledger.origin,
    )
    log.add_cosignature(session, checkpoint_size=size, witness=name, line=line, at=at)
    return name


def final_checkpoint(session: Session, *, charter: Charter) -> bytes:
    """The latest checkpoint with at least the charter's ``witnesses_required`` cosignatures."""
    need = charter.log.witnesses_required
    for size in reversed(log.checkpoint_sizes(session)):
        note = log.checkpoint_note(session, size)
        if len(parse_note(note).signatures) - 1 >= need:
            return note
    raise NotFound(f"no checkpoint has {need} witness cosignatures yet")
