"""Hand a submission from a request to the committer and read back what was stored."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cosec.errors import LedgerIntegrityError
from cosec.kit.submission import Item
from cosec.ledger.envelope import Envelope
from cosec.pipeline.committer import Ack, Committer
from cosec.pipeline.submit import Submission
from cosec.principals import Principal
from cosec.store.tables import RecordRow


def through_committer(
    session: Session,
    *,
    committer: Committer,
    principal: Principal,
    item: Item | None = None,
    envelope: Envelope | None = None,
    with_findings: bool = True,
) -> tuple[RecordRow, Ack]:
    """Write through the group commit (which checks the submission too), then read back
    the stored record: ``with_findings``, once the findings take it in too, for the pages
    and answers that show them."""
    # End the request's transaction before waiting: it gives its pooled connection back
    # (so waiting requests never starve the writer) and its next read sees the new record.
    session.commit()
    ack = committer.submit(Submission(principal, item=item, envelope=envelope))
    if with_findings:
        committer.wait_evaluated(ack)
    row = session.get(RecordRow, ack.record_id)
    if row is None:
        raise LedgerIntegrityError(f"record {ack.record_id} was acknowledged but is not stored")
    return row, ack
