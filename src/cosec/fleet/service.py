"""Use cases of the state-unit registry: read it as of a time, look a unit up (with the
flag its MMSI implies when the registry has no entry), and submit entries.

Reads go through the store's visibility rule: a reader sees the entries whose audience
it may read, and the registry it sees is folded from those alone. Entries are submitted
through the one pipeline (:func:`cosec.pipeline.submit.submit_many`), all or none.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.charter.models import Charter
from cosec.clock import Clock
from cosec.deployment import Deployment
from cosec.errors import InvalidInput, NotFound
from cosec.fleet import csvfile
from cosec.fleet.registry import (
    Entry,
    History,
    domain_of,
    fold,
    normal_identifier,
    sort_entries,
)
from cosec.kinds.fleet import KIND_UNIT, UNIT_KINDS, FleetUnit
from cosec.kit.evidence import flag_of_mmsi
from cosec.kit.submission import Item
from cosec.ledger.note import Ed25519Signer
from cosec.logstore.context import Ledger
from cosec.pipeline.submit import (
    Validated,
    canonical_json,
    payload_digest,
    submit,
    submit_many,
    validate,
)
from cosec.principals import Principal
from cosec.store.records import stored_payload
from cosec.store.tables import RecordRow
from cosec.store.visibility import records_visible

DOMAINS = ("sea", "air")


# --- reading ----------------------------------------------------------------------------


def entries(
    session: Session,
    *,
    principal: Principal,
    charter: Charter,
    identifiers: Collection[str] = (),
) -> list[Entry]:
    """Every ``fleet.unit`` entry ``principal`` may read (about these identifiers, if any)."""
    q = select(RecordRow).where(RecordRow.kind == KIND_UNIT, records_visible(principal, charter))
    if identifiers:
        q = q.where(RecordRow.payload["identifier"].as_string().in_(sorted(identifiers)))
    out = []
    for row in session.scalars(q.order_by(RecordRow.id)):
        unit = stored_payload(FleetUnit, row)
        if unit is not None:
            out.append(Entry.of(row.id, unit, row.submitted_at, row.submitter, row.audience))
    return out


@dataclass(frozen=True)
class Listing:
    """A page of the units in service as of a time."""

    as_of: datetime
    total: int
    entries: list[Entry]
    offset: int = 0


def _choice(value: str | None, allowed: Sequence[str], loc: str) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise InvalidInput.field(loc, f"must be one of {', '.join(allowed)}")
    return value


def list_units(
    session: Session,
    *,
    principal: Principal,
    charter: Charter,
    as_of: datetime,
    member: str | None = None,
    kind: str | None = None,
    domain: str | None = None,
    sort: str = "identifier",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> Listing:
    """The units in state service at ``as_of`` (by member, kind, domain), sorted, a page."""
    member = member.strip().upper() if member else None
    if member and not charter.is_member(member):
        raise InvalidInput.field("member", f"{member} is not a member of {charter.id}")
    kind = _choice(kind, UNIT_KINDS, "kind")
    domain = _choice(domain, DOMAINS, "domain")
    if offset < 0 or (limit is not None and limit < 1):
        raise InvalidInput.field("offset" if offset < 0 else "limit", "must not be negative")
    current = [
        e
        for h in fold(entries(session, principal=principal, charter=charter)).values()
        if (e := h.current(as_of)) is not None
        and (member is None or e.unit.member == member)
        and (kind is None or e.unit.kind == kind)
        and (domain is None or e.unit.domain == domain)
    ]
    ordered = sort_entries(current, sort, descending=descending)
    page = ordered[offset : None if limit is None else offset + limit]
    return Listing(as_of=as_of, total=len(ordered), entries=page, offset=offset)


@dataclass(frozen=True)
class Lookup:
    """What cosec knows of one identifier as of a time: the registry's entry and history,
    or the flag its MMSI's first digits imply (marked as inferred)."""

    identifier: str
    domain: str
    as_of: datetime
    history: History | None
    mid_flag: str | None
    """The flag the MMSI's Maritime Identification Digits give (ships only)."""

    @property
    def current(self) -> Entry | None:
        """The entry in effect, if it lists a state unit."""
        return self.history.current(self.as_of) if self.history is not None else None

    @property
    def in_effect(self) -> Entry | None:
        """The entry in effect, withdrawn or not."""
        return self.history.at(self.as_of) if self.history is not None else None

    @property
    def inferred(self) -> bool:
        """True when no entry lists it now: its flag, if any, comes from the MMSI."""
        return self.current is None

    @property
    def flag(self) -> str | None:
        """Its member per the registry, else the flag its MMSI implies."""
        current = self.current
        return current.unit.member if current is not None else self.mid_flag


def lookup(
    session: Session,
    *,
    principal: Principal,
    charter: Charter,
    identifier: str,
    as_of: datetime,
) -> Lookup:
    """One identifier: its entry as of ``as_of`` and its history, or its inferred flag.

    Raises :class:`NotFound` when the registry has no entry ``principal`` may read and the
    MMSI names no state cosec knows (or it is an aircraft's address).
    """
    ident = normal_identifier(identifier)
    found = entries(session, principal=principal, charter=charter, identifiers=[ident])
    history = History.of(found) if found else None
    domain = history.entries[-1].unit.domain if history is not None else domain_of(ident)
    mid = flag_of_mmsi(ident) if domain == "sea" else None
    if history is None and mid is None:
        raise NotFound(
            f"no entry for {ident} in the registry, and its MMSI's first digits name no state "
            "cosec knows"
            if domain == "sea"
            else f"no entry for aircraft {ident} in the registry"
        )
    return Lookup(ident, domain, as_of, history, mid)


@dataclass(frozen=True)
class Vessel:
    """A ship or aircraft as a page names it: the registry's entry, or an inferred flag."""

    identifier: str
    member: str | None
    name: str = ""
    kind: str = ""
    inferred: bool = True


def histories(
    session: Session, *, principal: Principal, charter: Charter, identifiers: Collection[str]
) -> dict[str, History]:
    """The histories ``principal`` may read of these identifiers."""
    wanted = {i.strip().lower() for i in identifiers if i.strip()}
    if not wanted:
        return {}
    return fold(entries(session, principal=principal, charter=charter, identifiers=wanted))


def vessel(identifier: str, known: Mapping[str, History], at: datetime) -> Vessel:
    """``identifier`` named from its history as of ``at``, else by its MMSI's flag."""
    ident = identifier.strip().lower()
    h = known.get(ident)
    e = h.current(at) if h is not None else None
    if e is None:
        return Vessel(ident, flag_of_mmsi(ident))
    u = e.unit
    return Vessel(ident, u.member, u.name, u.kind, inferred=False)


# --- submitting -------------------------------------------------------------------------


def unit_payload(form: Mapping[str, Any], *, member: str) -> dict[str, Any]:
    """A ``fleet.unit`` payload from a form's fields (blank fields left to their defaults);
    the member is the submitter's own state."""
    data: dict[str, Any] = {"member": member}
    for key in ("identifier", "domain", "kind", "name", "hull_number", "valid_from", "note"):
        value = str(form.get(key, "") or "").strip()
        if value:
            data[key] = value.lower() if key == "identifier" else value
    data["withdrawn"] = str(form.get("withdrawn", "")).lower() in ("true", "on", "1", "yes")
    return data


@dataclass(frozen=True)
class Preview:
    """A unit checked by the pipeline, not yet signed: what will be signed and who reads it."""

    valid: Validated
    payload: dict[str, Any]
    """The payload exactly as it will be signed and stored."""
    sha256: str

    @property
    def audience(self) -> str:
        """Who will read it."""
        return self.valid.audience.value


def preview(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    payload: Mapping[str, Any],
    audience: str | None,
    now: datetime,
) -> Preview:
    """Every check a unit must pass (the pipeline's own), and the payload it would sign."""
    valid = validate(
        session,
        deployment=deployment,
        principal=principal,
        kind=KIND_UNIT,
        payload=payload,
        audience=audience,
        parties=(),
        now=now,
    )
    data = canonical_json(valid.payload)
    return Preview(valid, data, payload_digest(data))


def import_items(text: str, *, importer: str, audience: str | None = None) -> list[Item]:
    """The submissions a CSV file of units makes (every row checked; errors name the row
    and the column)."""
    return csvfile.items_of(csvfile.read_units(text, importer=importer), audience=audience)


def submit_units(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    principal: Principal,
    items: Sequence[Item],
    clock: Clock,
    signer: Ed25519Signer | None = None,
    evaluate: bool = True,
) -> list[RecordRow]:
    """Sign, log and store the units, all or none; a refused row is named by its column."""
    try:
        return submit_many(
            session,
            deployment=deployment,
            ledger=ledger,
            principal=principal,
            items=items,
            clock=clock,
            signer=signer,
            evaluate=evaluate,
        )
    except InvalidInput as exc:
        raise csvfile.column_errors(exc) from None


def add_unit(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    principal: Principal,
    payload: Mapping[str, Any] | FleetUnit,
    clock: Clock,
    audience: str | None = None,
    signer: Ed25519Signer | None = None,
) -> RecordRow:
    """Sign, log and store one unit's entry (errors name ``payload.<field>``)."""
    return submit(
        session,
        deployment=deployment,
        ledger=ledger,
        principal=principal,
        kind=KIND_UNIT,
        payload=payload,
        audience=audience,
        clock=clock,
        signer=signer,
    )
