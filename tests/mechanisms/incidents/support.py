"""A store with state units, an analysis of tracks and incident reports, for the service,
API and projection tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from cosec import deployment as deployment_service
from cosec.compliance import engine
from cosec.evidence import service as evidence
from cosec.kinds.evidence import AnalysisRecord
from cosec.pipeline.submit import submit
from cosec.principals import Principal, Role
from cosec.store.tables import FindingRow
from tests.conftest import World

SEC = Principal(id=None, name="analyst", role=Role.SECRETARIAT)
CHN_SHIP, USA_SHIP, USA_SHIP_2 = "412000101", "366000201", "366000202"
MERCHANT_A, MERCHANT_B = "563000001", "431000009"


def at(text: str) -> datetime:
    """``2026-02-28 12:00`` in UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def event(
    a: str, b: str, when: str, cpa_m: float, lat: float = 16.0, lon: float = 113.0
) -> dict[str, Any]:
    """An encounter event as the analysis stores it (``id_a < id_b``)."""
    lo, hi = sorted((int(a), int(b)))
    t = at(when)
    return {
        "id_a": lo,
        "id_b": hi,
        "start": t.replace(minute=0).isoformat(),
        "end": t.replace(minute=59).isoformat(),
        "cpa_time": t.isoformat(),
        "cpa_distance_m": cpa_m,
        "lat": lat,
        "lon": lon,
    }


UNREPORTED = event(CHN_SHIP, USA_SHIP, "2026-02-20 03:20", 120.0)
REPORTED = event(CHN_SHIP, USA_SHIP_2, "2026-02-28 12:10", 90.0, lat=16.4, lon=113.2)
MERCHANTS = event(MERCHANT_A, MERCHANT_B, "2026-02-21 05:00", 50.0)


def units(world: World, principals: dict[str, Principal]) -> None:
    """Register a Chinese destroyer and two US destroyers (navy)."""
    for member, ident, name, hull in (
        ("CHN", CHN_SHIP, "Kunming", "172"),
        ("USA", USA_SHIP, "USS Decatur", "DDG-73"),
        ("USA", USA_SHIP_2, "USS Chung-Hoon", "DDG-93"),
    ):
        payload = {
            "identifier": ident,
            "member": member,
            "kind": "navy",
            "name": name,
            "hull_number": hull,
            "valid_from": "2026-01-01",
        }
        send(world, principals[member], "fleet.unit", payload, audience="public")


def analysis(world: World, events: Sequence[dict[str, Any]], audience: str = "regime") -> int:
    """The secretariat's analysis of encounters in tracks; its record id."""
    payload = AnalysisRecord(
        dataset="synth",
        dataset_sha256="0" * 64,
        data_kind="ais",
        event_kind="encounters",
        params={"max_distance_m": 500},
        engine="local",
        events=len(events),
        events_sha256=evidence.events_digest(events),
    )
    with world.session() as s:
        rec = evidence.record(
            s,
            deployment=deployment_service.load(s),
            ledger=world.ledger,
            principal=SEC,
            analysis=evidence.Analysis(payload, [dict(e) for e in events]),
            clock=world.clock,
            audience=audience,
        )
        return rec.id


def send(
    world: World, who: Principal, kind: str, payload: dict[str, Any], audience: str | None = None
) -> int:
    """Submit one record through the pipeline (no evaluation); its id."""
    with world.session() as s:
        row = submit(
            s,
            deployment=world.deployment(),
            ledger=world.ledger,
            principal=who,
            kind=kind,
            payload=payload,
            audience=audience,
            clock=world.clock,
            evaluate=False,
        )
        return row.id


def report(**kw: Any) -> dict[str, Any]:
    """USA's report of the close pass of 28 February (it says 400 m; tracks say 90 m)."""
    return {
        "title": "Unsafe pass by PLAN destroyer",
        "domain": "sea",
        "occurred_at": "2026-02-28T12:05:00Z",
        "lat": 16.41,
        "lon": 113.21,
        "other_member": "CHN",
        "own_units": [{"identifier": USA_SHIP_2, "name": "USS Chung-Hoon"}],
        "other_units": [{"hull_number": "172", "name": "Kunming"}],
        "min_distance_m": 400,
        "acts": ["dangerous_manoeuvre"],
        "communications": ["vhf16", "cues"],
        "narrative": "The destroyer crossed our bow.",
    } | kw


def evaluate(world: World) -> list[tuple[str, str, str, tuple[str, ...], tuple[int, ...]]]:
    """Judge everything; ``(obligation, flag, state, subjects, observations)`` per finding."""
    with world.session() as s:
        engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
    return findings(world)


def findings(world: World) -> list[tuple[str, str, str, tuple[str, ...], tuple[int, ...]]]:
    with world.session(write=False) as s:
        rows = s.scalars(
            select(FindingRow).where(FindingRow.mechanism == "incident").order_by(FindingRow.id)
        ).all()
        return [
            (f.obligation, f.flag, f.state, tuple(f.subjects), tuple(f.observations or ()))
            for f in rows
        ]
