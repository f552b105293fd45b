"""Publishing: the secretariat's releases of findings, statistics and reports.

Each release is a ``publication.release`` record through the one submission path (signed
by the secretariat's key, logged, stored); :func:`~cosec.store.publications.take_in` then
folds the findings it names into what every reader may read. The caller owns the
transaction (the CLI's unit of work), or, on the server, submits through the committer and
calls :func:`take_in` after.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cosec.clock import Clock
from cosec.compliance.scorecards import scorecards, statistics
from cosec.deployment import Deployment
from cosec.errors import InvalidInput
from cosec.kit.submission import Item
from cosec.ledger.note import Ed25519Signer
from cosec.logstore.context import Ledger
from cosec.pipeline.submit import submit_many
from cosec.principals import Principal, Role
from cosec.records import MAX_ITEMS
from cosec.store import publications
from cosec.store.publications import KIND_RELEASE
from cosec.store.tables import RecordRow

SECRETARIAT_VIEW = Principal(id=None, name="publication", role=Role.SECRETARIAT)
"""Statistics and reports are computed from everything, then published as figures."""


@dataclass(frozen=True)
class ReleaseView:
    """A release as the publications list shows it."""

    record_id: int
    scope: str
    year: int | None
    findings: list[int]
    note: str
    published_at: datetime
    log_index: int | None


def findings_item(ids: Sequence[int], *, note: str = "") -> Item:
    """The release making ``ids`` public."""
    if not ids:
        raise InvalidInput.field("findings", "name at least one finding to publish")
    if len(ids) > MAX_ITEMS:
        raise InvalidInput.field("findings", f"at most {MAX_ITEMS} findings per release")
    return Item(
        kind=KIND_RELEASE,
        payload={"scope": "findings", "findings": list(ids), "note": note},
        audience="public",
    )


def statistics_item(
    session: Session, *, deployment: Deployment, now: datetime, note: str = ""
) -> Item:
    """The release of every member's scorecard figures as they stand now."""
    cards = scorecards(session, deployment=deployment, principal=SECRETARIAT_VIEW)
    content = statistics(cards, as_of=now)
    return Item(
        kind=KIND_RELEASE,
        payload={"scope": "statistics", "content": content, "note": note},
        audience="public",
    )


def report_item(year: int, content: dict[str, Any], *, note: str = "") -> Item:
    """The release of the annual report of ``year`` (its figures, see :mod:`cosec.reports`)."""
    return Item(
        kind=KIND_RELEASE,
        payload={"scope": "report", "year": year, "content": content, "note": note},
        audience="public",
    )


def publish(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    principal: Principal,
    item: Item,
    clock: Clock,
    signer: Ed25519Signer | None = None,
) -> RecordRow:
    """Sign (with ``signer``, else the secretariat's deposited key), log and store a release
    in the caller's transaction, and fold it in."""
    (row,) = submit_many(
        session,
        deployment=deployment,
        ledger=ledger,
        principal=principal,
        items=[item],
        clock=clock,
        signer=signer,
        evaluate=False,
    )
    take_in(session)
    return row


def take_in(session: Session) -> int:
    """Fold releases not yet folded (see :func:`cosec.store.publications.take_in`)."""
    return publications.take_in(session)


def releases(session: Session, *, scope: str | None = None) -> list[ReleaseView]:
    """Every release, newest first (releases are public)."""
    rows: Iterable[RecordRow] = session.scalars(publications.releases(session, scope)).all()
    return [
        ReleaseView(
            record_id=r.id,
            scope=str(r.payload.get("scope")),
            year=r.payload.get("year"),
            findings=list(r.payload.get("findings") or ()),
            note=str(r.payload.get("note") or ""),
            published_at=r.submitted_at,
            log_index=r.log_index,
        )
        for r in rows
    ]


def latest_content(session: Session, scope: str, year: int | None = None) -> dict[str, Any] | None:
    """The figures of the newest release of ``scope`` (for ``year``), if any."""
    row = publications.latest(session, scope, year)
    if row is None:
        return None
    content: dict[str, Any] | None = row.payload.get("content")
    return content
