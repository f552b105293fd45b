"""The one path every submission takes: validate, (verify, log), store, evaluate.

Whatever the interface (API, web form, CLI, file), a record enters cosec here. The whole
input is checked before anything is written; a problem raises :class:`InvalidInput`
naming the field and the rule, and the caller's unit of work rolls everything back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from cosec.access.principals import Principal, Role
from cosec.charter.models import Charter
from cosec.clock import Clock
from cosec.compliance import engine
from cosec.deployment import Deployment
from cosec.errors import FieldError, Forbidden, InvalidInput
from cosec.records import Audience
from cosec.registry import RecordKind, mechanism_of, record_kinds
from cosec.store.records import get_visible, parties_of
from cosec.store.tables import RecordPartyRow, RecordRow
from cosec.validation import field_errors


@dataclass(frozen=True)
class SubmissionCheck:
    """What a record kind's extra rules may look at."""

    session: Session
    principal: Principal
    charter: Charter
    payload: Any
    referenced: RecordRow | None
    now: datetime

    def record(self, record_id: int) -> RecordRow | None:
        """Another record the submitter may read, by id."""
        return get_visible(self.session, self.principal, self.charter, record_id)


@dataclass(frozen=True, slots=True)
class Validated:
    """A submission that passed every check and may be written."""

    kind: RecordKind
    mechanism: str
    payload: BaseModel
    audience: Audience
    parties: frozenset[str]
    referenced: RecordRow | None
    charter: Charter


def canonical_json(payload: BaseModel) -> dict[str, Any]:
    """The payload as stored: JSON types only, defaults included."""
    data: dict[str, Any] = payload.model_dump(mode="json")
    return data


def payload_digest(payload: Mapping[str, Any]) -> str:
    """SHA-256 of the payload's sorted, compact JSON."""
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def validate(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    kind: str,
    payload: Mapping[str, Any] | BaseModel,
    audience: str | None,
    parties: Iterable[str],
    now: datetime,
) -> Validated:
    """Every check a submission must pass, without writing anything."""
    kinds = record_kinds()
    spec = kinds.get(kind)
    if spec is None:
        raise InvalidInput.field("kind", f"unknown record kind {kind!r}; known: {', '.join(kinds)}")
    submitter = principal.submitter
    if submitter is None or principal.role.value not in spec.submitted_by:
        allowed = " or ".join(spec.submitted_by)
        raise Forbidden(f"{principal.label} may not submit {kind}: only {allowed} may")
    charter = deployment.in_force(now)
    mechanism = mechanism_of(kind)
    errors: list[FieldError] = []

    if isinstance(payload, BaseModel):
        payload = payload.model_dump(mode="json")
    try:
        model = spec.model.model_validate(payload)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc, ("payload",))) from exc

    regime = charter.regime(mechanism)
    if mechanism != "core":
        if regime is None:
            raise InvalidInput.field("kind", f"{charter.id} has no {mechanism} regime")
        members = charter.regime_members(mechanism)
        if principal.role is Role.MEMBER and members is not None and submitter not in members:
            raise Forbidden(f"{submitter} is not a member of the {mechanism} regime")

    try:
        chosen = Audience(audience) if audience else None
    except ValueError:
        raise InvalidInput.field(
            "audience", f"must be one of {', '.join(a.value for a in Audience)}"
        ) from None
    default = regime.default_audience if regime is not None else spec.default_audience
    if spec.default_audience == Audience.SECRETARIAT:
        default = Audience.SECRETARIAT
    final = chosen or Audience(default)
    named = {p.strip().upper() for p in parties if p.strip()}
    for p in sorted(named):
        if not charter.is_member(p):
            errors.append(FieldError("parties", f"{p} is not a member of {charter.id}"))
    implied = set(spec.parties(model)) if spec.parties else set()
    all_parties = frozenset(named | implied | {submitter})
    if final is Audience.PARTIES and not (all_parties - {submitter}) and not spec.inherits_audience:
        errors.append(FieldError("parties", "name at least one member when audience is parties"))

    referenced = None
    if spec.ref_field is not None:
        ref_id = getattr(model, spec.ref_field)
        if ref_id is not None:
            referenced = get_visible(session, principal, charter, ref_id)
            if referenced is None or referenced.kind not in spec.refers_to:
                errors.append(
                    FieldError(
                        f"payload.{spec.ref_field}",
                        f"must be the id of a {' or '.join(spec.refers_to)} record you can read",
                    )
                )
    if referenced is not None and spec.inherits_audience:
        final = Audience(referenced.audience)
        all_parties = all_parties | parties_of(session, [referenced.id])[referenced.id]
    if spec.check is not None and not errors:
        check = SubmissionCheck(session, principal, charter, model, referenced, now)
        errors.extend(spec.check(check))
    if errors:
        raise InvalidInput(errors)
    return Validated(spec, mechanism, model, final, all_parties, referenced, charter)


def store(session: Session, *, principal: Principal, valid: Validated, now: datetime) -> RecordRow:
    """Write a validated record and its parties (in the caller's transaction)."""
    data = canonical_json(valid.payload)
    row = RecordRow(
        kind=valid.kind.name,
        schema_version=valid.kind.schema_version,
        mechanism=valid.mechanism,
        submitter=principal.submitter or "",
        principal_id=principal.id,
        audience=valid.audience.value,
        charter_id=valid.charter.id,
        charter_version=valid.charter.version,
        submitted_at=now,
        refers_to=valid.referenced.id if valid.referenced is not None else None,
        payload=data,
        payload_sha256=payload_digest(data),
    )
    session.add(row)
    session.flush()
    session.add_all(RecordPartyRow(record_id=row.id, member=m) for m in sorted(valid.parties))
    session.flush()
    return row


def submit(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    kind: str,
    payload: Mapping[str, Any] | BaseModel,
    clock: Clock,
    audience: str | None = None,
    parties: Iterable[str] = (),
    evaluate: bool = True,
) -> RecordRow:
    """Validate, store and (by default) evaluate one record, in the caller's transaction."""
    now = clock.now()
    valid = validate(
        session,
        deployment=deployment,
        principal=principal,
        kind=kind,
        payload=payload,
        audience=audience,
        parties=parties,
        now=now,
    )
    row = store(session, principal=principal, valid=valid, now=now)
    if evaluate and valid.mechanism != "core":
        engine.evaluate(session, deployment=deployment, clock=clock, only=(valid.mechanism,))
    return row


@dataclass(frozen=True, slots=True)
class Item:
    """One record of a batch: its kind, payload, and optional audience and parties."""

    kind: str
    payload: Mapping[str, Any] | BaseModel
    audience: str | None = None
    parties: tuple[str, ...] = ()


def submit_many(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    items: Iterable[Item],
    clock: Clock,
    evaluate: bool = True,
) -> list[RecordRow]:
    """Validate every item first; store them all or none. Errors name the row (1-based)."""
    now = clock.now()
    valid: list[Validated] = []
    errors: list[FieldError] = []
    for n, item in enumerate(items, start=1):
        try:
            valid.append(
                validate(
                    session,
                    deployment=deployment,
                    principal=principal,
                    kind=item.kind,
                    payload=item.payload,
                    audience=item.audience,
                    parties=item.parties,
                    now=now,
                )
            )
        except InvalidInput as exc:
            errors.extend(
                FieldError(f"row {n}" + (f".{e.loc}" if e.loc else ""), e.rule) for e in exc.errors
            )
    if errors:
        raise InvalidInput(errors)
    if not valid:
        raise InvalidInput.field("FILE", "holds no records")
    rows = [store(session, principal=principal, valid=v, now=now) for v in valid]
    if evaluate:
        mechs = sorted({v.mechanism for v in valid if v.mechanism != "core"})
        if mechs:
            engine.evaluate(session, deployment=deployment, clock=clock, only=mechs)
    return rows
