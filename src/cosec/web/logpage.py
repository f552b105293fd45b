"""The log's page: its checkpoint, its latest entries, and a receipt checker for anyone."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from cosec.api.deps import DeploymentDep, LedgerDep, PrincipalDep, SessionDep
from cosec.errors import CosecError, InvalidInput
from cosec.i18n import gettext
from cosec.ledger.envelope import LogLeaf
from cosec.ledger.merkle import leaf_hash
from cosec.ledger.note import parse_note
from cosec.logstore import log
from cosec.logstore import service as ledger_service
from cosec.logstore.auditor import check_receipt
from cosec.logstore.context import Ledger
from cosec.principals import Principal
from cosec.web.render import render

router = APIRouter(include_in_schema=False)


def _log_page(
    request: Request,
    session: Session,
    deployment: Any,
    principal: Principal,
    ledger: Ledger,
    **extra: Any,
) -> HTMLResponse:
    size = log.size(session)
    note = log.checkpoint_note(session).decode() if size else ""
    cosigs = max(len(parse_note(note.encode()).signatures) - 1, 0) if note else 0
    start = max(size - 25, 0)
    served = {
        e.index: e
        for e in ledger_service.entries(session, principal, deployment.current, start, size)
    }
    rows = []
    for index in sorted(served, reverse=True):
        e = served[index]
        leaf = LogLeaf.decode(e.leaf)
        rows.append(
            {
                "index": index,
                "member": leaf.member,
                "kind": leaf.kind,
                "seq": leaf.seq,
                "logged": leaf.logged_at,
                "record_id": e.record_id if e.envelope is not None else None,
                "leaf_hash": leaf_hash(e.leaf).hex()[:16] + "…",
            }
        )
    context = {
        "checkpoint": note,
        "size": size,
        "cosignatures": cosigs,
        "required": deployment.current.log.witnesses_required,
        "origin": ledger.origin,
        "log_key": ledger.identity.vkey,
        "entries": rows,
        "base_url": request.app.state.config.public_url,  # never the request's Host header
        "errors": [],
        "verified": "",
        "receipt_text": "",
        "envelope_text": "",
    } | extra
    status = 422 if context["errors"] else 200
    return render(request, "log.html", principal, deployment, status_code=status, **context)


@router.get("/log")
def log_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    ledger: LedgerDep,
) -> HTMLResponse:
    return _log_page(request, session, deployment, principal, ledger)


@router.post("/log/receipt")
async def log_receipt(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    ledger: LedgerDep,
) -> HTMLResponse:
    form = await request.form()
    receipt_text = str(form.get("receipt", "")).strip()
    envelope_text = str(form.get("envelope", "")).strip()
    try:
        verified = check_receipt(
            receipt_text,
            keys=ledger_service.public_keys(session, ledger),
            envelope_text=envelope_text or None,
        )
    except CosecError as exc:
        errors = (
            exc.errors if isinstance(exc, InvalidInput) else [{"loc": "receipt", "rule": str(exc)}]
        )
        return _log_page(
            request,
            session,
            deployment,
            principal,
            ledger,
            errors=errors,
            receipt_text=receipt_text,
            envelope_text=envelope_text,
        )
    cp = verified.checkpoint.checkpoint
    witnesses = len(verified.checkpoint.cosignatures)
    message = _verified_sentence(witnesses=witnesses, envelope=bool(envelope_text)) % {
        "index": verified.leaf_index,
        "member": verified.leaf.member,
        "kind": verified.leaf.kind,
        "seq": verified.leaf.seq,
        "origin": cp.origin,
        "size": cp.size,
        "n": witnesses,
    }
    return _log_page(
        request,
        session,
        deployment,
        principal,
        ledger,
        verified=message,
        receipt_text=receipt_text,
        envelope_text=envelope_text,
    )


def _verified_sentence(*, witnesses: int, envelope: bool) -> str:
    """What a valid receipt proves, in the reader's language (a format string)."""
    if witnesses and envelope:
        return gettext(
            "Valid: entry %(index)s (%(member)s %(kind)s, seq %(seq)s) is in the log "
            "%(origin)s of size %(size)s, signed by the log and cosigned by %(n)s "
            "witness(es), and the envelope is the one it commits to."
        )
    if witnesses:
        return gettext(
            "Valid: entry %(index)s (%(member)s %(kind)s, seq %(seq)s) is in the log "
            "%(origin)s of size %(size)s, signed by the log and cosigned by %(n)s "
            "witness(es)."
        )
    if envelope:
        return gettext(
            "Valid: entry %(index)s (%(member)s %(kind)s, seq %(seq)s) is in the log "
            "%(origin)s of size %(size)s, signed by the log, and the envelope is the one it "
            "commits to."
        )
    return gettext(
        "Valid: entry %(index)s (%(member)s %(kind)s, seq %(seq)s) is in the log %(origin)s "
        "of size %(size)s, signed by the log."
    )
