"""Build the demo year into a store, through the same submission path as everyone else."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cosec import deployment as deployment_service
from cosec.access import service as users
from cosec.access.principals import Principal, Role
from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.demo.scenario import AS_OF, steps
from cosec.errors import Conflict
from cosec.ledger.context import Ledger
from cosec.ledger.keys import generate_signer
from cosec.ledger.registration import register, vkey_of
from cosec.records import SECRETARIAT
from cosec.store.db import unit_of_work
from cosec.store.tables import FindingRow, PrincipalRow, RecordRow
from cosec.submissions import submit

CHARTER = "eas-2026"
MARKER = "demo-secretariat"
"""The user whose presence marks a database as the demo's (safe to rebuild)."""


@dataclass(frozen=True)
class DemoResult:
    """What the demo built, and the keys to sign in with."""

    records: int
    findings: int
    keys: dict[str, str]
    """User name → API key (shown once)."""


def is_demo_or_empty(session: Session) -> bool:
    """Whether the store is empty or holds a previous demo (so rebuilding loses nothing real)."""
    if session.scalar(select(func.count()).select_from(RecordRow)) == 0:
        return True
    return session.scalar(select(PrincipalRow.id).where(PrincipalRow.name == MARKER)) is not None


def build(factory: sessionmaker[Session], ledger: Ledger) -> DemoResult:
    """Adopt the charter, add users and keys, submit the year step by step, evaluate it.

    Every record is signed: the secretariat's key registers itself, then each member's key;
    the members deposit their keys with the server (so the demo's web form can sign for
    them) and every step is sealed with its member's key.
    """
    first = steps()[0].when
    clock = FixedClock(first.replace(month=10, day=1) if first.month > 10 else first)
    keys: dict[str, str] = {}
    principals: dict[str, Principal] = {}
    with unit_of_work(factory, write=True) as s:
        deployment_service.adopt(s, ref=CHARTER, clock=clock)
        d = deployment_service.load(s)
        if s.scalar(select(PrincipalRow.id).where(PrincipalRow.name == MARKER)) is not None:
            raise Conflict("the demo is already built in this database")
        p, keys[MARKER] = users.add(
            s, name=MARKER, role=Role.SECRETARIAT, member=None, charter=d.current, clock=clock
        )
        principals["SEC"] = p
        for code in d.current.member_codes:
            name = f"demo-{code.lower()}"
            principals[code], keys[name] = users.add(
                s, name=name, role=Role.MEMBER, member=code, charter=d.current, clock=clock
            )
        _, keys["demo-observer"] = users.add(
            s, name="demo-observer", role=Role.OBSERVER, member=None, charter=d.current, clock=clock
        )
        sec_key = generate_signer(SECRETARIAT)
        register(
            s, deployment=d, ledger=ledger, registrar=sec_key, vkey=vkey_of(sec_key), clock=clock
        )
        ledger.custody.deposit(sec_key, replace=True)
        for code in d.current.member_codes:
            key = generate_signer(code)
            register(
                s, deployment=d, ledger=ledger, registrar=sec_key, vkey=vkey_of(key), clock=clock
            )
            ledger.custody.deposit(key, replace=True)
        labels: dict[str, int] = {}
        for step in steps():
            clock.set(step.when)
            payload = step.payload | {k: labels[v] for k, v in step.refs.items()}
            row = submit(
                s,
                deployment=d,
                ledger=ledger,
                principal=principals[step.actor],
                kind=step.kind,
                payload=payload,
                audience=step.audience,
                parties=step.parties,
                clock=clock,
                evaluate=False,
            )
            if step.label:
                labels[step.label] = row.id
        clock.set(AS_OF)
        engine.evaluate(s, deployment=d, clock=clock)
        records = s.scalar(select(func.count()).select_from(RecordRow)) or 0
        findings = s.scalar(select(func.count()).select_from(FindingRow)) or 0
    return DemoResult(records=records, findings=findings, keys=keys)
