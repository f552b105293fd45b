"""/v1/log: the public, stable interface for outside auditors, witnesses and submitters.

Anyone may read the keys, checkpoints, leaves and proofs: the leaves commit to envelopes
without revealing their content. An envelope itself is served only to callers allowed to
read its record.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import PlainTextResponse

from cosec.api.deps import (
    ClockDep,
    CommitterDep,
    DeploymentDep,
    LedgerDep,
    PrincipalDep,
    SessionDep,
    SignedInDep,
)
from cosec.api.errors import error_body, status_of
from cosec.api.params import MAX_ID, BodySize, PathIndex, PathSize, QueryIndex, QuerySize
from cosec.api.submit import through_committer
from cosec.errors import CosecError, Forbidden, InvalidInput
from cosec.ledger.envelope import MAX_BATCH_ENVELOPES, parse_envelope, parse_envelope_lines
from cosec.ledger.note import b64encode
from cosec.logstore import log
from cosec.logstore import service as ledger_service
from cosec.pipeline.submit import Submission
from cosec.store.db import unit_of_work

router = APIRouter(prefix="/v1/log", tags=["log"])
TEXT: dict[str, Any] = {"content": {"text/plain": {}}}


@router.get("/keys")
def keys(session: SessionDep, ledger: LedgerDep) -> dict[str, Any]:
    """Verifier keys (``name+keyid+base64``) of the log, the members and the witnesses."""
    return ledger_service.public_keys(session, ledger)


@router.get("/checkpoint", response_class=PlainTextResponse, responses={200: TEXT})
def checkpoint(
    session: SessionDep, deployment: DeploymentDep, final: bool = False
) -> PlainTextResponse:
    """The latest signed checkpoint with its cosignatures (``final``: the latest with as many
    witness cosignatures as the charter requires)."""
    note = (
        ledger_service.final_checkpoint(session, charter=deployment.current)
        if final
        else log.checkpoint_note(session)
    )
    return PlainTextResponse(note.decode())


@router.get("/checkpoints")
def checkpoints(session: SessionDep) -> dict[str, list[int]]:
    """Sizes of every checkpoint the log signed (one per committed batch)."""
    return {"sizes": log.checkpoint_sizes(session)}


@router.get("/checkpoints/{size}", response_class=PlainTextResponse, responses={200: TEXT})
def checkpoint_of_size(size: PathSize, session: SessionDep) -> PlainTextResponse:
    """The signed checkpoint of a given size, with its cosignatures."""
    return PlainTextResponse(log.checkpoint_note(session, size).decode())


@router.get("/entries")
def entries(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    start: QueryIndex,
    end: QueryIndex,
) -> dict[str, list[dict[str, Any]]]:
    """Entries ``[start, end)``; ``leaf`` is the exact bytes hashed after the 0x00 prefix.
    A page may be shorter than asked (at most 1,000)."""
    served = ledger_service.entries(session, principal, deployment.current, start, end)
    return {"entries": [e.as_json() for e in served]}


@router.get("/proof/inclusion")
def inclusion(session: SessionDep, index: QueryIndex, size: QuerySize) -> dict[str, list[str]]:
    """Inclusion proof of leaf ``index`` in the tree of ``size`` leaves."""
    if not 0 <= index < size:
        raise InvalidInput.field("index", "must satisfy 0 <= index < size")
    return {"proof": log.encode_proof(log.inclusion(session, index, size))}


@router.get("/proof/consistency")
def consistency(
    session: SessionDep,
    from_: Annotated[int, Query(alias="from", ge=1, le=MAX_ID, description="A tree size.")],
    to: QuerySize,
) -> dict[str, list[str]]:
    """Consistency proof between the trees of ``from`` and ``to`` leaves (1 <= from <= to)."""
    if from_ > to:
        raise InvalidInput.field("from", "must satisfy 1 <= from <= to")
    return {"proof": log.encode_proof(log.consistency(session, from_, to))}


@router.get("/receipts/{index}")
def receipt(index: PathIndex, session: SessionDep) -> dict[str, Any]:
    """A receipt for entry ``index`` under the latest checkpoint (check it offline)."""
    return dict(json.loads(log.receipt(session, index).to_json()))


@router.get("/next-seq")
def next_seq(session: SessionDep, principal: SignedInDep, member: str) -> dict[str, Any]:
    """The sequence number the member's next envelope must carry."""
    if principal.submitter != member:
        raise Forbidden("only the member itself asks for its next sequence number")
    return {"member": member, "next_seq": (log.last_seq(session, member) or 0) + 1}


async def raw_body(request: Request) -> bytes:
    """The request's body as sent: an envelope is parsed by the log's own strict reader
    (duplicate keys refused, size bounded), not by a reader that merges duplicates."""
    return await request.body()


_ENVELOPE_BODY = {
    "requestBody": {
        "required": True,
        "description": "A signed cosec.envelope/v1 (I-JSON: no duplicate keys).",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


@router.post("/envelopes", status_code=201, openapi_extra=_ENVELOPE_BODY)
def submit_envelope(
    body: Annotated[bytes, Depends(raw_body)],
    session: SessionDep,
    committer: CommitterDep,
    principal: SignedInDep,
) -> dict[str, Any]:
    """Submit an envelope the member signed itself; returns its leaf index and a receipt."""
    env = parse_envelope(body)
    row, ack = through_committer(
        session, committer=committer, principal=principal, envelope=env, with_findings=False
    )
    return {
        "record_id": row.id,
        "index": ack.index,
        "leaf": b64encode(ack.leaf),
        "receipt": json.loads(log.receipt(session, ack.index).to_json()),
    }


_BATCH_BODY = {
    "requestBody": {
        "required": True,
        "description": (
            f"Up to {MAX_BATCH_ENVELOPES} signed cosec.envelope/v1, one per line "
            "(newline-delimited JSON), each a member's in its sequence order."
        ),
        "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
    }
}


@router.post("/envelopes/batch", openapi_extra=_BATCH_BODY)
def submit_envelopes(
    body: Annotated[bytes, Depends(raw_body)],
    session: SessionDep,
    committer: CommitterDep,
    principal: SignedInDep,
) -> dict[str, Any]:
    """Submit many envelopes in one request (a member's system keeping a window in flight).

    Every line is parsed before any is queued: a line that is not an envelope refuses the
    whole batch (422, naming the line) and changes nothing. The envelopes then go to the
    log in the order sent, and each is answered on its own, in the same order: its
    ``record_id``, ``index`` and ``leaf`` once it is durable, or its ``error`` in the one
    error shape (a later envelope of the same member then fails on its sequence number).
    ``checkpoint`` is the signed checkpoint after the batch; an entry's inclusion proof
    under it is at ``GET /v1/log/receipts/{index}``.
    """
    envelopes = parse_envelope_lines(body)
    session.commit()  # give the pooled connection back while the writer works
    futures = [committer.submit_async(Submission(principal, envelope=e)) for e in envelopes]
    results: list[dict[str, Any]] = []
    for line, future in enumerate(futures, 1):
        try:
            ack = future.result(60)
        except CosecError as exc:
            results.append({"line": line, "status": status_of(exc), "error": error_body(exc)})
            continue
        results.append(
            {
                "line": line,
                "status": 201,
                "record_id": ack.record_id,
                "index": ack.index,
                "leaf": b64encode(ack.leaf),
            }
        )
    return {
        "accepted": sum(1 for r in results if r["status"] == 201),
        "results": results,
        "checkpoint": log.checkpoint_note(session).decode(),
    }


@router.post("/cosignatures", status_code=201)
def cosign(
    request: Request,
    ledger: LedgerDep,
    clock: ClockDep,
    size: BodySize,
    cosignature: Annotated[str, Body()],
) -> dict[str, Any]:
    """Add a registered witness's cosignature line to the checkpoint of ``size``."""
    with unit_of_work(request.app.state.sessions, write=True) as session:
        name = ledger_service.add_cosignature(
            session, ledger=ledger, size=size, line=cosignature, at=clock.now()
        )
    return {"size": size, "witness": name}
