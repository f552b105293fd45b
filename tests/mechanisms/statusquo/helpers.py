"""Builders for status-quo rule tests: facts, features and contexts from plain figures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from cosec.kit import FindingDraft
from cosec.mechanisms.statusquo import OBLIGATIONS
from cosec.mechanisms.statusquo.facts import (
    Approach,
    Fact,
    FeatureFacts,
    Good,
    StatusQuoContext,
)
from cosec.mechanisms.statusquo.regime import StatusQuoRegime
from cosec.mechanisms.statusquo.registry import registry

SQ_DATE = date(2025, 11, 1)
REGIME = StatusQuoRegime(status_quo_date=SQ_DATE)
NAMES = {"CHN": "China", "PHL": "the Philippines", "VNM": "Viet Nam", "USA": "the United States"}
_seq = iter(range(1, 10**6))


def fact(
    source: str = "observation",
    *,
    feature: str = "mischief-reef",
    on: date = date(2026, 3, 1),
    logged: date | None = None,
    member: str | None = None,
    area_ha: float | None = None,
    facilities: Mapping[str, int] | None = None,
    deployments: Mapping[str, int] | None = None,
) -> Fact:
    """A fact logged at noon of ``logged`` (default: its own day)."""
    n = next(_seq)
    when = datetime.combine(logged or on, time(12), tzinfo=UTC)
    return Fact(
        key=str(n),
        source=source,
        feature=feature,
        on=on,
        logged=when,
        area_ha=area_ha,
        facilities=dict(facilities or {}),
        deployments=dict(deployments or {}),
        member=member,
        evidence=(n,),
    )


def feature(fid: str = "mischief-reef", *facts: Fact, goods: tuple[Good, ...] = ()) -> FeatureFacts:
    """A feature of the shipped registry with these facts."""
    return FeatureFacts(registry()[fid].info(SQ_DATE), facts, goods)


def approach(
    *,
    feature: str = "mischief-reef",
    member: str = "USA",
    nm: float = 8.0,
    kind: str = "navy",
    start: datetime = datetime(2026, 5, 9, 4, tzinfo=UTC),
    hours: float = 2.0,
) -> Approach:
    return Approach(
        key="approach:7",
        feature=feature,
        member=member,
        vessel="366000001",
        unit_kind=kind,
        unit_name="USS Example",
        start=start,
        end=start + timedelta(hours=hours),
        min_distance_m=nm * 1852.0,
        observations=(7,),
        evidence=(3,),
    )


def context(
    *features: FeatureFacts,
    as_of: date = date(2026, 12, 31),
    regime: StatusQuoRegime = REGIME,
    approaches: tuple[Approach, ...] = (),
    **kw: Any,
) -> StatusQuoContext:
    return StatusQuoContext(
        regime=regime,
        as_of=datetime.combine(as_of, time(23), tzinfo=UTC),
        features={f.info.id: f for f in features},
        approaches=approaches,
        members=("CHN", "PHL", "VNM", "USA", "JPN"),
        member_name=lambda c: NAMES.get(c, c),
        **kw,
    )


def run(obligation_id: str, ctx: StatusQuoContext) -> list[FindingDraft]:
    ob = next(o for o in OBLIGATIONS if o.id == obligation_id)
    return list(ob.evaluate(ctx))


def with_regime(**changes: Any) -> StatusQuoRegime:
    return replace_model(REGIME, **changes)


def replace_model(model: StatusQuoRegime, **changes: Any) -> StatusQuoRegime:
    return StatusQuoRegime.model_validate(model.model_dump() | changes)
