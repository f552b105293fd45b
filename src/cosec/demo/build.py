"""Build the demo year into a store, through the same submission path as everyone else."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cosec import deployment as deployment_service
from cosec.access import service as users
from cosec.analytics.service import import_tracks
from cosec.analytics.synth import synthesize, write_scenario
from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.deployment import Deployment
from cosec.errors import Conflict
from cosec.evidence import service as evidence
from cosec.kit.demo import DEMO_YEAR_END, DemoPart, DemoStep, DemoTracks, at
from cosec.kit.findings import Severity
from cosec.ledger.checkpoint import CosignatureSigner, parse_checkpoint_text
from cosec.ledger.keys import generate_signer, generate_witness_signer, write_private_key
from cosec.ledger.kinds import KIND_WITNESS
from cosec.ledger.note import parse_note
from cosec.ledger.witness import JsonFileWitnessState, MemoryWitnessState, Witness, WitnessState
from cosec.logstore import log
from cosec.logstore import service as ledger_service
from cosec.logstore.context import Ledger
from cosec.pipeline.registration import principal_for, register, vkey_of
from cosec.pipeline.submit import submit
from cosec.principals import Principal, Role
from cosec.publication import service as publication
from cosec.records import MAX_ITEMS, SECRETARIAT
from cosec.registry import mechanisms
from cosec.reports.service import figures_now
from cosec.store.db import unit_of_work
from cosec.store.tables import FindingRow, PrincipalRow, RecordRow

CHARTER = "eas-2026"
MARKER = "demo-secretariat"
"""The user whose presence marks a database as the demo's (safe to rebuild)."""


AS_OF = DEMO_YEAR_END


@dataclass(frozen=True)
class DemoResult:
    """What the demo built, and the keys to sign in with."""

    records: int
    findings: int
    keys: dict[str, str]
    """User name → API key (shown once)."""
    look_at: list[tuple[str, str]]
    """``(path, what it shows)``, from every mechanism's part."""


def parts() -> dict[str, DemoPart]:
    """Every installed mechanism's part of the demo year, by mechanism name."""
    out: dict[str, DemoPart] = {}
    for name, m in mechanisms().items():
        if m.interfaces.demo is not None:
            out[name] = m.interfaces.demo.load()()
    return out


def _timeline(found: dict[str, DemoPart]) -> list[tuple[str, DemoStep | DemoTracks]]:
    """Every step and track dataset of every part, in time order (steps first on a tie)."""
    items: list[tuple[str, DemoStep | DemoTracks]] = []
    for name, part in found.items():
        items += [(name, s) for s in part.steps]
        items += [(name, t) for t in part.tracks]
    return sorted(
        items,
        key=lambda x: (
            x[1].when if isinstance(x[1], DemoStep) else x[1].at,
            isinstance(x[1], DemoTracks),
        ),
    )


def is_demo_or_empty(session: Session) -> bool:
    """Whether the store is empty or holds a previous demo (so rebuilding loses nothing real)."""
    if session.scalar(select(func.count()).select_from(RecordRow)) == 0:
        return True
    return session.scalar(select(PrincipalRow.id).where(PrincipalRow.name == MARKER)) is not None


WITNESSES = ("JPN", "IDN")
"""Members whose witnesses cosign the demo's last checkpoint (the charter asks for two)."""


TRACKS_START = at("2026-05-09 00:00")
"""The demo's ship tracks: a day of traffic in the South China Sea, 9-10 May 2026."""


def build(
    factory: sessionmaker[Session],
    ledger: Ledger,
    *,
    witness_dir: Path | None = None,
    data_dir: Path | None = None,
) -> DemoResult:
    """Adopt the charter, add users and keys, submit the year step by step, evaluate it.

    Every record is signed: the secretariat's key registers itself, then each member's key;
    the members deposit their keys with the server (so the demo's web form can sign for
    them) and every step is sealed with its member's key.
    """
    found = parts()
    timeline = _timeline(found)
    first = min((t.when if isinstance(t, DemoStep) else t.at for _, t in timeline), default=AS_OF)
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
        labels: dict[tuple[str, str], int] = {}
        for name, item in timeline:
            if isinstance(item, DemoTracks):
                if data_dir is not None:
                    clock.set(item.at)
                    _tracks(s, d, ledger, clock, principals["SEC"], data_dir, item)
                continue
            clock.set(item.when)
            refs = {k: labels[(name, v)] for k, v in item.refs.items()}
            row = submit(
                s,
                deployment=d,
                ledger=ledger,
                principal=principals[item.actor],
                kind=item.kind,
                payload=item.payload | refs,
                audience=item.audience,
                parties=item.parties,
                clock=clock,
                evaluate=False,
            )
            if item.label:
                labels[(name, item.label)] = row.id
        if data_dir is not None:
            clock.set(at("2026-05-13 10:00"))
            _tracks(s, d, ledger, clock, principals["SEC"], data_dir, SCS_DAY)
        clock.set(AS_OF)
        engine.evaluate(s, deployment=d, clock=clock)
        _publish(s, d, ledger, clock, principals["SEC"])
        signers = _witnesses(s, d, ledger, clock, witness_dir)
        records = s.scalar(select(func.count()).select_from(RecordRow)) or 0
        findings = s.scalar(select(func.count()).select_from(FindingRow)) or 0
    with unit_of_work(factory, write=True) as s:
        _cosign(s, ledger, clock, signers, witness_dir)
    look_at = [line for part in found.values() for line in part.look_at]
    return DemoResult(records=records, findings=findings, keys=keys, look_at=look_at)


def _publish(
    s: Session, d: Deployment, ledger: Ledger, clock: FixedClock, secretariat: Principal
) -> None:
    """What the secretariat made public at the end of the demo year: its high-severity
    findings, every member's scorecard figures and the year's annual report (so the public
    portal shows what was published, and says "no published data" for the rest)."""
    high = list(
        s.scalars(
            select(FindingRow.id)
            .where(FindingRow.severity == Severity.HIGH.value)
            .order_by(FindingRow.id)
            .limit(MAX_ITEMS)
        )
    )
    now = clock.now()
    items = [
        *(
            [publication.findings_item(high, note="High-severity findings of the year")]
            if high
            else []
        ),
        publication.statistics_item(s, deployment=d, now=now, note="Scorecards at the year's end"),
        publication.report_item(
            now.year,
            figures_now(
                s, deployment=d, principal=publication.SECRETARIAT_VIEW, year=now.year, now=now
            ),
            note="Annual implementation report",
        ),
    ]
    for item in items:
        publication.publish(
            s, deployment=d, ledger=ledger, principal=secretariat, item=item, clock=clock
        )


SCS_DAY = DemoTracks(
    name="demo-scs-2026-05-09",
    at=at("2026-05-13 10:00"),
    analyses=(("encounters", {}), ("rendezvous", {}), ("gaps", {})),
    background=150,
    start=TRACKS_START,
    hours=24,
    note="South China Sea traffic, 9-10 May 2026 (synthetic)",
)
"""The core's own demo evidence: a day of synthetic traffic in the South China Sea."""

_AUDIENCES = {"encounters": "public"}


def _tracks(
    session: Session,
    d: Deployment,
    ledger: Ledger,
    clock: FixedClock,
    secretariat: Principal,
    data_dir: Path,
    tracks: DemoTracks,
) -> None:
    """A dataset of AIS tracks, imported and analysed as the secretariat would."""
    start = tracks.start or tracks.at
    with tempfile.TemporaryDirectory(prefix="cosec-demo-") as tmp:
        inputs: list[Path] = []
        if tracks.background:
            scenario = synthesize(
                vessels=tracks.background, hours=tracks.hours, seed=2026, start=start.timestamp()
            )
            inputs.append(write_scenario(scenario, Path(tmp))["positions"])
        if tracks.positions:
            planted = Path(tmp) / "planted.csv"
            columns = ["mmsi", "timestamp", "lat", "lon", "sog", "cog"]
            with planted.open("w", encoding="utf-8") as f:
                f.write(",".join(columns) + "\n")
                for row in tracks.positions:
                    f.write(",".join("" if row.get(c) is None else str(row[c]) for c in columns))
                    f.write("\n")
            inputs.append(planted)
        import_tracks(inputs, out=data_dir / tracks.name, overwrite=True)
    for kind, params in tracks.analyses:
        computed = evidence.analyze(data_dir, tracks.name, kind, dict(params), note=tracks.note)
        evidence.record(
            session,
            deployment=d,
            ledger=ledger,
            principal=secretariat,
            analysis=computed,
            clock=clock,
            audience=_AUDIENCES.get(kind, tracks.audience),
        )


def _witnesses(
    session: Session, d: Deployment, ledger: Ledger, clock: FixedClock, witness_dir: Path | None
) -> dict[str, CosignatureSigner]:
    """Two members run witnesses: register their keys (signed by the members)."""
    signers = {}
    for code in WITNESSES:
        signer = generate_witness_signer(f"witness.{code.lower()}.cosec")
        member_key = ledger.custody.signer_for(code)
        assert member_key is not None  # deposited above
        submit(
            session,
            deployment=d,
            ledger=ledger,
            principal=principal_for(code),
            kind=KIND_WITNESS,
            payload={"vkey": str(signer.verifier().verifier_key)},
            audience="public",
            signer=member_key,
            clock=clock,
            evaluate=False,
        )
        if witness_dir is not None:
            witness_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_private_key(witness_dir / f"witness-{code}.key", signer, force=True)
            (witness_dir / f"witness-{code}.state.json").unlink(missing_ok=True)
        signers[code] = signer
    return signers


def _cosign(
    session: Session,
    ledger: Ledger,
    clock: FixedClock,
    signers: dict[str, CosignatureSigner],
    witness_dir: Path | None,
) -> None:
    """Each witness checks and cosigns the latest checkpoint, as `cosec witness cosign` does."""
    note = log.checkpoint_note(session)
    for code, signer in signers.items():
        state: WitnessState = (
            JsonFileWitnessState(witness_dir / f"witness-{code}.state.json")
            if witness_dir is not None
            else MemoryWitnessState()
        )
        witness = Witness(
            signer,
            logs={ledger.origin: ledger.identity.signer.verifier()},
            state=state,
            clock=clock,
        )
        cosignature = witness.add_checkpoint(note, old_size=0, proof=[])
        size = parse_checkpoint_text(parse_note(note).text).size
        ledger_service.add_cosignature(
            session,
            ledger=ledger,
            size=size,
            line=cosignature.note_signature().line().strip(),
            at=clock.now(),
        )
