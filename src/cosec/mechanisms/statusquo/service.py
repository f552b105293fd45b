"""Use cases of the status quo: the views the interfaces show.

A reader's view of the features is folded from the status-quo records the reader may read
(they stay few: a registry, and the changes and observations of a few dozen features), with
the same functions the projection uses, so a page and the rules see one feature alike.
Positions come from the core's feature list (or a ``statusquo.feature`` record's own).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from cosec.kit import NotFound, Principal
from cosec.mechanisms.statusquo import OBLIGATIONS
from cosec.mechanisms.statusquo import records as r
from cosec.mechanisms.statusquo.facts import (
    Fact,
    FeatureFacts,
    FeatureInfo,
    Good,
    State,
)
from cosec.mechanisms.statusquo.projection import change_fact, entry_info, observation_fact
from cosec.mechanisms.statusquo.regime import StatusQuoRegime
from cosec.mechanisms.statusquo.registry import registry
from cosec.plugin.store import (
    Deployment,
    FindingView,
    RecordRow,
    Session,
    list_findings,
    list_visible,
    stored_payload,
)
from cosec.plugin.tracks import load_features

MECHANISM = "statusquo"
OBLIGATION_IDS = tuple(o.id for o in OBLIGATIONS)
KINDS = [r.KIND_FEATURE, r.KIND_CHANGE, r.KIND_OBSERVATION, r.KIND_GOOD, r.KIND_JOIN]


def regime_of(deployment: Deployment) -> StatusQuoRegime:
    """The status-quo regime in force (not found when the charter has none)."""
    regime = deployment.current.regime(MECHANISM)
    if not isinstance(regime, StatusQuoRegime):
        raise NotFound(f"{deployment.current.id} has no status-quo regime")
    return regime


@dataclass(frozen=True)
class TimelinePoint:
    """A feature's known state after one dated fact."""

    on: date
    area_ha: float
    facilities: int
    deployments: int
    source: str
    """``baseline``, ``change`` or ``observation``."""
    record_id: int | None
    label: str = ""


@dataclass(frozen=True)
class FeatureView:
    """A feature as a reader sees it."""

    facts: FeatureFacts
    lat: float | None
    lon: float | None
    baseline: State
    current: State
    timeline: tuple[TimelinePoint, ...]
    findings: tuple[FindingView, ...] = ()
    records: dict[int, RecordRow] = field(default_factory=dict)

    @property
    def info(self) -> FeatureInfo:
        """Its registry entry."""
        return self.facts.info

    @property
    def open_findings(self) -> int:
        """Findings about it still open."""
        return sum(1 for f in self.findings if f.row.state == "open")


@dataclass(frozen=True)
class GoodView:
    """A public good and who joined it."""

    record: RecordRow
    good: r.PublicGood
    joins: tuple[RecordRow, ...]

    @property
    def joined_by(self) -> list[str]:
        """Members that joined it."""
        return sorted({j.submitter for j in self.joins})


def _timeline(facts: FeatureFacts, regime: StatusQuoRegime) -> tuple[TimelinePoint, ...]:
    info = facts.info
    state = info.baseline
    points = [
        TimelinePoint(
            info.baseline_as_of,
            state.area_ha,
            sum(state.facilities.values()),
            sum(state.deployments.values()),
            "baseline",
            info.evidence[0] if info.evidence else None,
            info.baseline_source,
        )
    ]
    for f in sorted(facts.facts, key=lambda x: x.order):
        if f.on <= info.baseline_as_of:
            continue
        state = state.patched(f)
        points.append(
            TimelinePoint(
                f.on,
                state.area_ha,
                sum(state.facilities.values()),
                sum(state.deployments.values()),
                f.source,
                int(f.key),
                f.label,
            )
        )
    return tuple(points)


def _fold(
    rows: list[RecordRow], regime: StatusQuoRegime
) -> tuple[dict[str, FeatureInfo], dict[str, list[Fact]], dict[str, list[Good]]]:
    infos = {fid: f.info(regime.status_quo_date) for fid, f in registry(regime.registry).items()}
    facts: dict[str, list[Fact]] = defaultdict(list)
    goods: dict[int, Good] = {}
    for row in sorted(rows, key=lambda x: x.id):
        if row.kind == r.KIND_FEATURE:
            entry = stored_payload(r.FeatureEntry, row)
            if entry is not None:
                infos[entry.feature] = entry_info(row, entry)
        elif row.kind in (r.KIND_CHANGE, r.KIND_OBSERVATION):
            fact = change_fact(row) if row.kind == r.KIND_CHANGE else observation_fact(row)
            if fact is not None:
                facts[fact.feature].append(fact)
        elif row.kind == r.KIND_GOOD and (good := stored_payload(r.PublicGood, row)) is not None:
            goods[row.id] = Good(
                str(row.id), good.kind, good.name, good.feature, row.submitter, evidence=(row.id,)
            )
        elif row.kind == r.KIND_JOIN and (g := goods.get(row.refers_to or 0)) is not None:
            goods[int(g.key)] = replace(g, joined_by=g.joined_by | {row.submitter})
    by_feature: dict[str, list[Good]] = defaultdict(list)
    for g in goods.values():
        if g.feature:
            by_feature[g.feature].append(g)
    return infos, facts, by_feature


def _view(
    facts: FeatureFacts, regime: StatusQuoRegime, positions: dict[str, tuple[float, float]]
) -> FeatureView:
    info = facts.info
    lat, lon = (
        (info.lat, info.lon) if info.lat is not None else positions.get(info.id, (None, None))
    )
    current = facts.baseline(date.max)
    return FeatureView(
        facts=facts,
        lat=lat,
        lon=lon,
        baseline=facts.baseline(regime.status_quo_date),
        current=current,
        timeline=_timeline(facts, regime),
    )


def _positions() -> dict[str, tuple[float, float]]:
    return {f.id: (f.lat, f.lon) for f in load_features().values()}


def list_features(
    session: Session, *, deployment: Deployment, principal: Principal
) -> list[FeatureView]:
    """Every feature of the registry, with what ``principal`` may read about it."""
    regime = regime_of(deployment)
    rows = list_visible(session, principal, deployment.current, kinds=KINDS)
    infos, facts, goods = _fold(rows, regime)
    found = [
        f
        for obligation in OBLIGATION_IDS
        for f in list_findings(
            session, deployment=deployment, principal=principal, obligation=obligation
        )
    ]
    by_feature: dict[str, list[FindingView]] = defaultdict(list)
    for f in found:
        by_feature[str(f.row.details.get("feature", ""))].append(f)
    positions = _positions()
    views = []
    for fid in sorted(infos, key=lambda i: infos[i].name):
        view = _view(
            FeatureFacts(infos[fid], tuple(facts.get(fid, ())), tuple(goods.get(fid, ()))),
            regime,
            positions,
        )
        views.append(replace(view, findings=tuple(by_feature.get(fid, ()))))
    return views


def get_feature(
    session: Session, *, deployment: Deployment, principal: Principal, feature_id: str
) -> FeatureView:
    """One feature with its facts, goods, findings and the records behind them."""
    for view in list_features(session, deployment=deployment, principal=principal):
        if view.info.id == feature_id:
            rows = list_visible(session, principal, deployment.current, kinds=KINDS)
            return replace(view, records={row.id: row for row in rows})
    raise NotFound(f"no feature {feature_id!r} in the registry")


def list_goods(session: Session, *, deployment: Deployment, principal: Principal) -> list[GoodView]:
    """Public goods offered, with who joined each, newest first."""
    rows = list_visible(session, principal, deployment.current, kinds=[r.KIND_GOOD, r.KIND_JOIN])
    joins: dict[int, list[RecordRow]] = defaultdict(list)
    for row in rows:
        if row.kind == r.KIND_JOIN and row.refers_to is not None:
            joins[row.refers_to].append(row)
    out = []
    for row in rows:
        if row.kind == r.KIND_GOOD and (good := stored_payload(r.PublicGood, row)) is not None:
            out.append(GoodView(row, good, tuple(joins.get(row.id, ()))))
    return sorted(out, key=lambda g: g.record.id, reverse=True)


def features_geojson(views: list[FeatureView], names: Any) -> dict[str, Any]:
    """The features as GeoJSON points with their claimants, holder and state."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [v.lon, v.lat]},
                "properties": {
                    "id": v.info.id,
                    "name": v.info.name,
                    "claimants": list(v.info.claimants),
                    "occupant": v.info.occupant,
                    "occupant_name": names(v.info.occupant) if v.info.occupant else "",
                    "area_ha": v.current.area_ha,
                    "baseline_ha": v.baseline.area_ha,
                    "open_findings": v.open_findings,
                    "href": f"/features/{v.info.id}",
                },
            }
            for v in views
            if v.lat is not None and v.lon is not None
        ],
    }


def approaches_geojson(views: list[FeatureView]) -> dict[str, Any]:
    """Approaches found near features (from their findings), as points."""
    out = []
    positions = {v.info.id: (v.lat, v.lon) for v in views}
    for v in views:
        for f in v.findings:
            if f.row.flag != "feature_approach":
                continue
            lat = f.row.details.get("lat") or positions[v.info.id][0]
            lon = f.row.details.get("lon") or positions[v.info.id][1]
            out.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {
                        "finding": f.row.id,
                        "summary": f.row.summary,
                        "members": list(f.members),
                        "href": f"/findings/{f.row.id}",
                    }
                    | {k: f.row.details.get(k) for k in ("vessel", "start", "min_distance_nm")},
                }
            )
    return {"type": "FeatureCollection", "features": out}
