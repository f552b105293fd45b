"""Drafts and signatures in the web: the two-person rule, and who did what.

A drafter prepares a draft (:func:`save`); it is stored apart from the log, visible to
the users of its member only, and can be edited (whoever edits it last is its drafter)
or discarded. An approver of the same member, another person, reviews it with the same
preview and cautions and signs it (:func:`sign`): the record goes through the one
pipeline, and ``record_people`` keeps who drafted and who approved it, in the same
transaction. Whether a person's records need two persons is the deployment's choice
(``COSEC_TWO_PERSON_RULE``); machines' keys (principals without a duty) sign directly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from cosec.clock import Clock
from cosec.deployment import Deployment
from cosec.drafts.review import Review, confirm, review
from cosec.drafts.tables import DraftRow, RecordPersonRow
from cosec.errors import Conflict, Forbidden, InvalidInput, NotFound
from cosec.kit.submission import Item
from cosec.logstore.context import Ledger
from cosec.pipeline.submit import submit
from cosec.principals import Duty, Principal, Role
from cosec.store.records import get_visible
from cosec.store.tables import PrincipalRow, RecordRow

OPEN, SIGNED, DISCARDED = "open", "signed", "discarded"
MAX_FORM_VALUES = 2_000
"""The most values a draft's form holds (a calendar of many rows stays well under)."""
MAX_VALUE_CHARS = 20_000


def _member(principal: Principal) -> str:
    member = principal.submitter
    if member is None:
        raise Forbidden(f"{principal.label} prepares no records")
    return member


def may_draft(principal: Principal) -> str | None:
    """Why ``principal`` may not prepare a record, or ``None``."""
    if principal.role is Role.PUBLIC:
        return "sign in to prepare a record"
    if principal.submitter is None:
        return f"{principal.label} prepares no records"
    if principal.duty is Duty.READER:
        return f"{principal.name} is a reader: readers prepare and sign nothing"
    return None


def may_sign(principal: Principal, draft: DraftRow | None, *, two_person: bool) -> str | None:
    """Why ``principal`` may not sign (this draft, or a record of its own), or ``None``."""
    refused = may_draft(principal)
    if refused is not None:
        return refused
    member = principal.submitter or ""
    if draft is not None and draft.member != member:
        return f"this draft is {draft.member}'s"
    if principal.duty is Duty.DRAFTER:
        return f"{principal.name} is a drafter: an approver of {member} signs what you draft"
    if principal.duty is Duty.APPROVER and two_person:
        if draft is None:
            return (
                "the two-person rule: save this as a draft; another approver of "
                f"{member} reviews and signs it"
            )
        if draft.drafted_by == principal.id:
            return (
                "the two-person rule: you drafted this (or edited it last); another "
                f"approver of {member} signs it"
            )
    return None


def _clean_form(form: Mapping[str, str]) -> dict[str, str]:
    if len(form) > MAX_FORM_VALUES:
        raise InvalidInput.field("form", f"must hold at most {MAX_FORM_VALUES} values")
    out = {}
    for k, v in form.items():
        if len(k) > 200 or len(v) > MAX_VALUE_CHARS:
            raise InvalidInput.field(k[:200], f"must be at most {MAX_VALUE_CHARS:,} characters")
        out[k] = v
    return out


def save(
    session: Session,
    *,
    principal: Principal,
    kind: str,
    title: str,
    form_path: str,
    form: Mapping[str, str],
    now: datetime,
    draft_id: int | None = None,
) -> DraftRow:
    """Store a new draft, or update an open one (its editor becomes its drafter)."""
    refused = may_draft(principal)
    if refused is not None or principal.id is None:
        raise Forbidden(refused or "sign in to prepare a record")
    values = _clean_form(form)
    if draft_id is None:
        row = DraftRow(
            member=_member(principal),
            kind=kind,
            title=title[:200],
            form_path=form_path,
            form=values,
            state=OPEN,
            drafted_by=principal.id,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
    else:
        row = get_open(session, principal=principal, draft_id=draft_id)
        if row.kind != kind:
            raise InvalidInput.field("draft", f"draft {draft_id} is a {row.kind}, not a {kind}")
        row.form, row.title, row.updated_at = values, title[:200], now
        row.drafted_by = principal.id
    session.flush()
    return row


def get(session: Session, *, principal: Principal, draft_id: int) -> DraftRow:
    """A draft of the principal's member (:class:`NotFound` for anyone else's)."""
    row = session.get(DraftRow, draft_id)
    if row is None or principal.submitter is None or row.member != principal.submitter:
        raise NotFound(f"no draft {draft_id}")
    return row


def get_open(session: Session, *, principal: Principal, draft_id: int) -> DraftRow:
    """An open draft of the principal's member."""
    row = get(session, principal=principal, draft_id=draft_id)
    if row.state != OPEN:
        raise Conflict(f"draft {draft_id} was {row.state} already")
    return row


def list_drafts(session: Session, *, principal: Principal, state: str = OPEN) -> list[DraftRow]:
    """The drafts of the principal's member in ``state``, newest first."""
    if principal.submitter is None:
        return []
    q = (
        select(DraftRow)
        .where(DraftRow.member == principal.submitter, DraftRow.state == state)
        .order_by(DraftRow.updated_at.desc(), DraftRow.id.desc())
        .limit(200)
    )
    return list(session.scalars(q).all())


def discard(session: Session, *, principal: Principal, draft_id: int, now: datetime) -> DraftRow:
    """Close a draft without signing it."""
    refused = may_draft(principal)
    if refused is not None:
        raise Forbidden(refused)
    row = get_open(session, principal=principal, draft_id=draft_id)
    row.state, row.closed_by, row.closed_at = DISCARDED, principal.id, now
    session.flush()
    return row


def sign(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    principal: Principal,
    item: Item,
    clock: Clock,
    confirmed: Iterable[str],
    two_person: bool,
    draft_id: int | None = None,
) -> tuple[RecordRow, Review]:
    """Sign ``item`` (from a draft, or straight from a form) if ``principal`` may, once the
    cautions found now are exactly those confirmed; keep who drafted and who approved it.

    Runs in the caller's writing unit of work: the record, its log entry, its people and
    the draft's closing commit together or not at all. Findings are the caller's to
    evaluate afterwards."""
    draft = get_open(session, principal=principal, draft_id=draft_id) if draft_id else None
    refused = may_sign(principal, draft, two_person=two_person)
    if refused is not None or principal.id is None:
        raise Forbidden(refused or "sign in to sign")
    if draft is not None and draft.kind != item.kind:
        raise InvalidInput.field("draft", f"draft {draft.id} is a {draft.kind}, not a {item.kind}")
    found = review(session, deployment=deployment, principal=principal, item=item, clock=clock)
    confirm(found, confirmed)
    row = submit(
        session,
        deployment=deployment,
        ledger=ledger,
        principal=principal,
        kind=item.kind,
        payload=item.payload,
        clock=clock,
        audience=item.audience,
        parties=item.parties,
        evaluate=False,
    )
    session.add(
        RecordPersonRow(
            record_id=row.id,
            drafted_by=draft.drafted_by if draft is not None else principal.id,
            approved_by=principal.id,
            draft_id=draft.id if draft is not None else None,
        )
    )
    if draft is not None:
        draft.state, draft.closed_by, draft.closed_at = SIGNED, principal.id, clock.now()
        draft.record_id = row.id
    session.flush()
    return row, found


# --- who did what --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordPeople:
    """Who drafted and who approved (and signed) a record."""

    drafted_by: str
    approved_by: str
    draft_id: int | None

    @property
    def same(self) -> bool:
        """One person drafted and signed it."""
        return self.drafted_by == self.approved_by


def people_of(session: Session, record_ids: Iterable[int]) -> dict[int, RecordPeople]:
    """Who drafted and who approved each record signed in the web (others: absent)."""
    ids = sorted(set(record_ids))
    if not ids:
        return {}
    drafter, approver = aliased(PrincipalRow), aliased(PrincipalRow)
    rows = session.execute(
        select(RecordPersonRow.record_id, drafter.name, approver.name, RecordPersonRow.draft_id)
        .join(drafter, drafter.id == RecordPersonRow.drafted_by)
        .join(approver, approver.id == RecordPersonRow.approved_by)
        .where(RecordPersonRow.record_id.in_(ids))
    )
    return {rid: RecordPeople(d, a, did) for rid, d, a, did in rows}


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One record a person drafted or approved."""

    record_id: int
    kind: str
    submitted_at: datetime
    drafted: bool
    approved: bool
    people: RecordPeople


def may_see_person(viewer: Principal, person: Principal) -> bool:
    """A person's page is for themselves, their member's users and the secretariat."""
    if viewer.role is Role.SECRETARIAT:
        return True
    return viewer.id == person.id or (
        viewer.submitter is not None and viewer.submitter == person.submitter
    )


def audit(
    session: Session, *, viewer: Principal, person: Principal, deployment: Deployment
) -> list[AuditEntry]:
    """The records ``person`` drafted or approved, newest first, as ``viewer`` may read them."""
    if person.id is None or not may_see_person(viewer, person):
        raise NotFound(f"no user named {person.name!r}")
    rows = session.execute(
        select(RecordPersonRow)
        .where(
            or_(RecordPersonRow.drafted_by == person.id, RecordPersonRow.approved_by == person.id)
        )
        .order_by(RecordPersonRow.record_id.desc())
        .limit(1_000)
    ).scalars()
    entries = list(rows)
    people = people_of(session, [e.record_id for e in entries])
    out = []
    for e in entries:
        rec = get_visible(session, viewer, deployment.current, e.record_id)
        if rec is None:
            continue
        out.append(
            AuditEntry(
                record_id=rec.id,
                kind=rec.kind,
                submitted_at=rec.submitted_at,
                drafted=e.drafted_by == person.id,
                approved=e.approved_by == person.id,
                people=people[rec.id],
            )
        )
    return out


def drafts_of(session: Session, *, person: Principal) -> list[DraftRow]:
    """The drafts a person drafted or closed, newest first."""
    q = (
        select(DraftRow)
        .where(or_(DraftRow.drafted_by == person.id, DraftRow.closed_by == person.id))
        .order_by(DraftRow.updated_at.desc())
        .limit(200)
    )
    return list(session.scalars(q).all())


def version_of(row: DraftRow) -> str:
    """What a review of the draft saw: its values and its drafter (a sign-off names it, so
    a draft edited since its review is not signed unseen)."""
    seen = json.dumps([row.form, row.drafted_by, row.kind], sort_keys=True, default=str)
    return hashlib.sha256(seen.encode()).hexdigest()[:32]


def form_values(form: Mapping[str, Any]) -> dict[str, str]:
    """A stored draft's form as strings."""
    return {str(k): str(v) for k, v in form.items()}
