"""Incidents and tracked encounters for the rule tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from cosec.charters import load_profile
from cosec.mechanisms.incidents.context import (
    Incident,
    IncidentContext,
    Reported,
    Tracked,
    UnitName,
    UnitYear,
)
from cosec.mechanisms.incidents.regime import IncidentRegime
from cosec.mechanisms.incidents.severity import Facts

EAS = load_profile("eas-2026")
REGIME = EAS.regime("incident")
assert isinstance(REGIME, IncidentRegime)
WHEN = datetime(2026, 4, 1, 6, 0, tzinfo=UTC)
CHN_SHIP, USA_SHIP = "412000101", "366000201"


def incident(**kw: Any) -> Incident:
    """An incident CHN reports about USA: ships 412000101 and 366000201, 300 m apart."""
    base = Incident(
        key="I1",
        title="Close pass",
        reporter="CHN",
        other_member="USA",
        domain="sea",
        occurred_at=WHEN,
        lat=16.0,
        lon=113.0,
        declared=Facts("sea", 300.0),
        own_units=(UnitName(CHN_SHIP, "CHN", "Kunming", CHN_SHIP),),
        other_units=(UnitName(USA_SHIP, "USA", "USS Decatur", USA_SHIP),),
        record_id=1,
        reported_at=WHEN,
        evidence=(1,),
    )
    return replace(base, **kw)


def encounter(cpa_m: float = 120.0, **kw: Any) -> Tracked:
    """A tracked encounter of the two ships at the incident's time."""
    base = Tracked(
        observation_id=40,
        analysis_id=30,
        domain="sea",
        vessels=(USA_SHIP, CHN_SHIP),
        members=("USA", "CHN"),
        names=("USS Decatur (366000201)", "Kunming (412000101)"),
        unit_records=(10, 11),
        cpa_m=cpa_m,
        cpa_time=WHEN,
        start=WHEN,
        end=WHEN,
        lat=16.01,
        lon=113.01,
    )
    return replace(base, **kw)


def context(
    *,
    as_of: datetime = WHEN,
    incidents: tuple[Incident, ...] = (),
    encounters: tuple[Reported, ...] = (),
    unit_years: tuple[UnitYear, ...] = (),
) -> IncidentContext:
    return IncidentContext(
        regime=REGIME,
        as_of=as_of,
        incidents=incidents,
        encounters=encounters,
        unit_years=unit_years,
        member_name=EAS.member_name,
    )
