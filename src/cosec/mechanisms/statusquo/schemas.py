"""The status-quo mechanism's API models."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from cosec.mechanisms.statusquo.facts import State
from cosec.mechanisms.statusquo.records import PublicGood
from cosec.mechanisms.statusquo.service import FeatureView, GoodView
from cosec.plugin.api import FindingOut


class StateOut(BaseModel):
    """A feature's area and counts of facilities and deployments per kind."""

    area_ha: float
    facilities: dict[str, int]
    deployments: dict[str, int]

    @classmethod
    def of(cls, s: State) -> StateOut:
        """From a state."""
        return cls(
            area_ha=s.area_ha, facilities=dict(s.facilities), deployments=dict(s.deployments)
        )


class FactOut(BaseModel):
    """A dated fact: a change declared or an observation, and the state it left."""

    on: date
    source: str
    record_id: int | None
    area_ha: float
    facilities: int
    deployments: int
    label: str


class FeatureOut(BaseModel):
    """A feature of the registry."""

    id: str
    name: str
    group: str
    lat: float | None
    lon: float | None
    claimants: list[str]
    occupant: str | None
    registry: str
    entry_record: int | None = Field(description="The statusquo.feature record, if any.")
    baseline_as_of: date
    baseline: StateOut
    current: StateOut
    open_findings: int
    timeline: list[FactOut] = Field(default_factory=list)
    goods: list[int] = Field(default_factory=list)
    findings: list[FindingOut] = Field(default_factory=list)

    @classmethod
    def of(cls, v: FeatureView, *, detail: bool = False) -> FeatureOut:
        """From a feature view (``detail``: with its timeline, goods and findings)."""
        info = v.info
        return cls(
            id=info.id,
            name=info.name,
            group=info.group,
            lat=v.lat,
            lon=v.lon,
            claimants=list(info.claimants),
            occupant=info.occupant,
            registry=info.registry or "record",
            entry_record=info.evidence[0] if info.evidence else None,
            baseline_as_of=info.baseline_as_of,
            baseline=StateOut.of(v.baseline),
            current=StateOut.of(v.current),
            open_findings=v.open_findings,
            timeline=[
                FactOut(
                    on=p.on,
                    source=p.source,
                    record_id=p.record_id,
                    area_ha=p.area_ha,
                    facilities=p.facilities,
                    deployments=p.deployments,
                    label=p.label,
                )
                for p in v.timeline
            ]
            if detail
            else [],
            goods=[int(g.key) for g in v.facts.goods] if detail else [],
            findings=[FindingOut.of(f) for f in v.findings] if detail else [],
        )


class GoodOut(BaseModel):
    """A public good and who joined it."""

    id: int
    offered_by: str
    good: PublicGood
    joined_by: list[str]
    joins: list[int]

    @classmethod
    def of(cls, g: GoodView) -> GoodOut:
        """From a good view."""
        return cls(
            id=g.record.id,
            offered_by=g.record.submitter,
            good=g.good,
            joined_by=g.joined_by,
            joins=[j.id for j in g.joins],
        )
