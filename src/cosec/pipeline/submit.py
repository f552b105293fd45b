"""The one path every submission takes: validate, verify the signature, log, store, evaluate.

Whatever the interface (API, web form, CLI, file), a record enters cosec here, in a signed
envelope. Either the member signed it (:func:`submit_envelope`), or the caller holds a key
that signs for it: the CLI's own key file, or a key the member deposited with the server
(:func:`submit`). The whole input is checked before anything is written (:func:`prepare`);
then :func:`commit` takes the log's append lock, checks what only the log's order decides
(sequence numbers, key validity), and writes the records, their log entries and a signed
checkpoint in the caller's transaction. A problem raises :class:`InvalidInput` (or another
:class:`~cosec.errors.CosecError`) naming the field and the rule, and the caller's unit of
work rolls everything back: nothing is acknowledged that is not durable, nothing durable
is half written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from cosec.charter.models import Charter
from cosec.clock import Clock, FixedClock
from cosec.compliance import engine
from cosec.deployment import Deployment
from cosec.errors import CosecError, FieldError, Forbidden, InvalidInput, KeyNotValid
from cosec.kit.mechanism import RecordKind
from cosec.kit.submission import Item, SubmissionCheck
from cosec.ledger.envelope import Envelope, check_sequence, check_time, seal, verify_envelope
from cosec.ledger.keyregistry import KEY_KINDS, KeyRegistry
from cosec.ledger.note import Ed25519Signer, Verifier
from cosec.logstore import log
from cosec.logstore.context import Ledger
from cosec.logstore.log import Appended
from cosec.principals import Principal, Role
from cosec.records import Audience
from cosec.registry import mechanism_of, record_kinds
from cosec.store.records import get_visible, parties_of
from cosec.store.tables import RecordPartyRow, RecordRow
from cosec.validation import field_errors


@dataclass(frozen=True, slots=True)
class Validated:
    """A submission that passed every check and may be written."""

    kind: RecordKind[Any]
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
    derived = spec.inherits_audience or spec.audience_from is not None
    if final is Audience.PARTIES and not (all_parties - {submitter}) and not derived:
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
        # A record that follows another takes its audience and its parties: it may never
        # widen who reads what it follows (a state it names could otherwise read, through
        # it, the record it answers). Only the author of that record may add the states
        # its content addresses (the notifier invites observers).
        final = Audience(referenced.audience)
        followed = parties_of(session, [referenced.id])[referenced.id] | {referenced.submitter}
        widening = list(_widening(named, followed, "parties", kind))
        if referenced.submitter != submitter:
            widening.extend(_widening(implied, followed, "payload", kind))
        all_parties = frozenset(followed | {submitter} | implied)
    else:
        widening = []
    check = SubmissionCheck(
        payload=model,
        principal=principal,
        charter=charter,
        referenced=referenced,
        now=now,
        lookup=lambda rid: get_visible(session, principal, charter, rid),
        session=session,
    )
    if spec.check is not None and not errors:
        errors.extend(spec.check(check))
    if not errors:
        errors.extend(widening)
    if spec.audience_from is not None and not errors:
        audience_of, parties_of_subject = spec.audience_from(check)
        final = Audience(audience_of)
        subject_parties = frozenset(parties_of_subject) | {submitter}
        errors.extend(_widening(named | implied, subject_parties, "parties", kind))
        all_parties = subject_parties
    if errors:
        raise InvalidInput(errors)
    return Validated(spec, mechanism, model, final, all_parties, referenced, charter)


def _widening(
    named: Iterable[str], allowed: Iterable[str], loc: str, kind: str
) -> Iterator[FieldError]:
    """Errors for states a record would add to the readers of what it follows."""
    extra = sorted(set(named) - set(allowed))
    if extra:
        yield FieldError(
            loc,
            f"must not name {', '.join(extra)}: a {kind} is read by the parties of the record "
            "it follows, and only narrows who reads it",
        )


@dataclass(frozen=True, slots=True)
class Submission:
    """A submission as it arrives: who sends it, and an item to sign with the member's
    deposited key or the member's own signed envelope."""

    principal: Principal
    item: Item | None = None
    envelope: Envelope | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A submission that passed every check that does not depend on the log's order."""

    valid: Validated
    principal: Principal
    envelope: Envelope | None
    """The member's own signed envelope, or ``None`` to seal with ``signer`` at commit."""
    signer: Ed25519Signer | None
    row: dict[str, Any]
    """The record's column values but its submission time and log index (worked out
    here, in the submitter's thread, to keep the single writer's share small)."""


@dataclass(frozen=True, slots=True)
class Committed:
    """A record written with its log entry."""

    record_id: int
    kind: str
    mechanism: str
    entry: Appended


def _envelope_parties(valid: Validated, submitter: str) -> tuple[str, ...]:
    if valid.audience is not Audience.PARTIES:
        return ()
    return tuple(sorted(valid.parties - {submitter}))


def prepare(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    principal: Principal,
    now: datetime,
    item: Item | None = None,
    envelope: Envelope | None = None,
    signer: Ed25519Signer | None = None,
) -> Prepared:
    """Validate one submission: an item to sign with ``signer`` (or the deposited key), or
    the member's signed ``envelope`` (its signature, log and time checked here)."""
    if envelope is not None:
        if principal.submitter != envelope.member:
            raise Forbidden(f"{principal.label} may not submit an envelope of {envelope.member}")
        if envelope.log != ledger.origin:
            raise InvalidInput.field(
                "log", f"envelope is for log {envelope.log!r}, not {ledger.origin!r}"
            )
        item = Item(envelope.kind, envelope.payload, envelope.audience, envelope.parties)
    if item is None:
        raise ValueError("prepare needs an item or an envelope")
    valid = validate(
        session,
        deployment=deployment,
        principal=principal,
        kind=item.kind,
        payload=item.payload,
        audience=item.audience,
        parties=item.parties,
        now=now,
    )
    if envelope is not None:
        if valid.audience.value != envelope.audience:
            raise InvalidInput.field(
                "audience", f"must be {valid.audience.value}, the audience of the record it follows"
            )
        if envelope.kind not in KEY_KINDS:  # key events are checked by the registry in order
            verify_envelope(envelope, _verifier(session, ledger, envelope))
        skew = timedelta(seconds=valid.charter.log.max_clock_skew_seconds)
        check_time(envelope, FixedClock(now), max_past=skew, max_future=skew)
        return Prepared(valid, principal, envelope, None, _record_values(valid, principal))
    submitter = principal.submitter or ""
    key = signer or ledger.custody.signer_for(submitter)
    if key is None:
        raise Forbidden(
            f"no key signs for {submitter}: sign the envelope yourself, or deposit a key with "
            f"the server (cosec keys new --member {submitter} --deposit)"
        )
    if key.name != submitter:
        raise Forbidden(f"the key {key.name} cannot sign for {submitter}")
    return Prepared(valid, principal, None, key, _record_values(valid, principal))


def _verifier(session: Session, ledger: Ledger, envelope: Envelope) -> Verifier:
    """The key that must have signed ``envelope``. :func:`commit` checks again, under the
    log's lock, that the key is still valid where the envelope lands."""
    try:
        return ledger.last_registry(session).verifier_for(envelope.member, envelope.key_id)
    except KeyNotValid:  # perhaps registered since this process last looked
        return ledger.registry(session).verifier_for(envelope.member, envelope.key_id)


def _seal_or_check(
    p: Prepared,
    ledger: Ledger,
    registry: KeyRegistry,
    index: int,
    seqs: dict[str, int],
    now: datetime,
) -> Envelope:
    """The envelope that goes in at ``index``, once the log's order is known."""
    member = p.principal.submitter or ""
    if p.envelope is not None:
        check_sequence(p.envelope, seqs[member] or None)
        env = p.envelope
    else:
        assert p.signer is not None  # prepare() gives an envelope or a signer
        env = seal(
            p.signer,
            log=ledger.origin,
            kind=p.valid.kind.name,
            seq=seqs[member] + 1,
            time=now,
            payload=p.row["payload"],
            audience=p.valid.audience.value,
            schema_version=p.valid.kind.schema_version,
            parties=_envelope_parties(p.valid, member),
        )
    if env.kind in KEY_KINDS:
        registry.apply(env, log_index=index)
    else:
        registry.verifier_for(env.member, env.key_id, log_index=index)
    seqs[member] = env.seq
    return env


def commit(
    session: Session,
    *,
    ledger: Ledger,
    batch: Sequence[Prepared],
    now: datetime,
    atomic: bool = True,
) -> list[Committed | CosecError]:
    """Take the log's lock and write the batch: records, log entries, one checkpoint.

    With ``atomic`` the first failing item raises (the caller rolls back); without, a
    failing item is left out and its error returned in its place.
    """
    head = log.lock_head(session, ledger.identity, now)
    registry = ledger.registry_at(session, head.keys_index)
    if any(p.valid.kind.name in KEY_KINDS for p in batch):
        registry = registry.copy()  # the batch changes keys: never the shared registry
    members = {p.principal.submitter or "" for p in batch}
    seqs = dict.fromkeys(members, 0) | log.last_seqs(session, members)
    accepted: list[tuple[int, Prepared, Envelope]] = []
    outcomes: list[Committed | CosecError | None] = [None] * len(batch)
    for i, p in enumerate(batch):
        try:
            env = _seal_or_check(p, ledger, registry, head.size + len(accepted), seqs, now)
        except CosecError as exc:
            if atomic:
                raise
            outcomes[i] = exc
            continue
        accepted.append((i, p, env))
    ids: list[int] = []
    if accepted:
        conn = session.connection()
        rows = [
            p.row | {"submitted_at": now, "log_index": head.size + j}
            for j, (_, p, _) in enumerate(accepted)
        ]
        # One multi-row INSERT: RETURNING pairs each id with its (unique) log index, as
        # the order of returned rows is not guaranteed.
        returned = conn.execute(
            insert(_RECORDS).returning(_RECORDS.c.log_index, _RECORDS.c.id), rows
        )
        by_index = {int(index): int(rid) for index, rid in returned}
        ids = [by_index[head.size + j] for j in range(len(accepted))]
        parties = [
            {"record_id": rid, "member": m}
            for rid, (_, p, _) in zip(ids, accepted, strict=True)
            for m in sorted(p.valid.parties)
        ]
        if parties:
            conn.execute(insert(_PARTIES), parties)
    appended = log.append(
        session,
        head,
        ledger.identity,
        [(env, rid) for rid, (_, _, env) in zip(ids, accepted, strict=True)],
        now,
    )
    for rid, (i, p, _), entry in zip(ids, accepted, appended, strict=True):
        outcomes[i] = Committed(rid, p.valid.kind.name, p.valid.mechanism, entry)
    return [o for o in outcomes if o is not None]


def records_of(session: Session, done: Sequence[Committed | CosecError]) -> list[RecordRow]:
    """The stored records of the committed items, in order."""
    ids = [c.record_id for c in done if isinstance(c, Committed)]
    rows = {r.id: r for r in session.scalars(select(RecordRow).where(RecordRow.id.in_(ids)))}
    return [rows[i] for i in ids]


_RECORDS = cast(Table, RecordRow.__table__)
_PARTIES = cast(Table, RecordPartyRow.__table__)


def _record_values(valid: Validated, principal: Principal) -> dict[str, Any]:
    data = canonical_json(valid.payload)
    return {
        "kind": valid.kind.name,
        "schema_version": valid.kind.schema_version,
        "mechanism": valid.mechanism,
        "submitter": principal.submitter or "",
        "principal_id": principal.id,
        "audience": valid.audience.value,
        "charter_id": valid.charter.id,
        "charter_version": valid.charter.version,
        "refers_to": valid.referenced.id if valid.referenced is not None else None,
        "payload": data,
        "payload_sha256": payload_digest(data),
    }


def _finish(
    session: Session,
    *,
    deployment: Deployment,
    clock: Clock,
    done: Sequence[Committed | CosecError],
    evaluate: bool,
) -> list[RecordRow]:
    records = records_of(session, done)
    if evaluate and records:
        engine.catch_up(
            session, deployment=deployment, clock=clock, projections=engine.Projections()
        )
    return records


def submit_many(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    principal: Principal,
    items: Iterable[Item],
    clock: Clock,
    signer: Ed25519Signer | None = None,
    evaluate: bool = True,
) -> list[RecordRow]:
    """Validate every item first; sign, log and store them all or none.

    Errors name the row (1-based). ``signer`` signs for the principal's member; without it
    the member's deposited key does.
    """
    now = clock.now()
    prepared: list[Prepared] = []
    errors: list[FieldError] = []
    for n, item in enumerate(items, start=1):
        try:
            prepared.append(
                prepare(
                    session,
                    deployment=deployment,
                    ledger=ledger,
                    principal=principal,
                    item=item,
                    signer=signer,
                    now=now,
                )
            )
        except InvalidInput as exc:
            errors.extend(
                FieldError(f"row {n}" + (f".{e.loc}" if e.loc else ""), e.rule) for e in exc.errors
            )
    if errors:
        raise InvalidInput(errors)
    if not prepared:
        raise InvalidInput.field("FILE", "holds no records")
    done = commit(session, ledger=ledger, batch=prepared, now=now)
    return _finish(session, deployment=deployment, clock=clock, done=done, evaluate=evaluate)


def submit(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    principal: Principal,
    kind: str,
    payload: Mapping[str, Any] | BaseModel,
    clock: Clock,
    audience: str | None = None,
    parties: Iterable[str] = (),
    signer: Ed25519Signer | None = None,
    evaluate: bool = True,
) -> RecordRow:
    """Validate, sign, log, store and (by default) evaluate one record."""
    now = clock.now()
    item = Item(kind=kind, payload=payload, audience=audience, parties=tuple(parties))
    p = prepare(
        session,
        deployment=deployment,
        ledger=ledger,
        principal=principal,
        item=item,
        signer=signer,
        now=now,
    )
    done = commit(session, ledger=ledger, batch=[p], now=now)
    return _finish(session, deployment=deployment, clock=clock, done=done, evaluate=evaluate)[0]
