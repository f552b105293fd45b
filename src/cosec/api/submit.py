"""Hand a submission from a request to the committer and read back what was stored."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cosec.access.principals import Principal
from cosec.clock import Clock
from cosec.committer import Ack, Committer
from cosec.deployment import Deployment
from cosec.errors import LedgerIntegrityError
from cosec.ledger.context import Ledger
from cosec.ledger.envelope import Envelope
from cosec.store.tables import RecordRow
from cosec.submissions import Item, prepare


def through_committer(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    committer: Committer,
    clock: Clock,
    principal: Principal,
    item: Item | None = None,
    envelope: Envelope | None = None,
) -> tuple[RecordRow, Ack]:
    """Validate in the request, write through the group commit, return the stored record."""
    prepared = prepare(
        session,
        deployment=deployment,
        ledger=ledger,
        principal=principal,
        item=item,
        envelope=envelope,
        now=clock.now(),
    )
    # End the request's transaction before waiting: it gives its pooled connection back
    # (so waiting requests never starve the writer) and its next read sees the new record.
    session.commit()
    ack = committer.submit(prepared)
    row = session.get(RecordRow, ack.record_id)
    if row is None:
        raise LedgerIntegrityError(f"record {ack.record_id} was acknowledged but is not stored")
    return row, ack
