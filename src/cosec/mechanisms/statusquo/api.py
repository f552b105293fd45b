"""/v1/features, /v1/public-goods and /v1/statusquo/assess."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, status

from cosec.kit import InvalidInput
from cosec.mechanisms.statusquo import OBLIGATIONS, service
from cosec.mechanisms.statusquo import assess as assessing
from cosec.mechanisms.statusquo import records as r
from cosec.mechanisms.statusquo.schemas import FeatureOut, GoodOut
from cosec.plugin.api import (
    ClockDep,
    Costly,
    DeploymentDep,
    PathId,
    PrincipalDep,
    RecordOut,
    SecretariatDep,
    SessionDep,
    Submission,
    SubmitDep,
)
from cosec.plugin.store import load_profile

router = APIRouter(prefix="/v1", tags=["status quo"])

MAX_ASSESS_ROWS = 5_000
FeatureIdPath = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
ChildPayload = dict[str, Any]


def _record(submit: SubmitDep, kind: str, body: Submission[Any], **fields: Any) -> RecordOut:
    payload = (
        body.payload if isinstance(body.payload, dict) else body.payload.model_dump(mode="json")
    )
    row = submit.record(kind, payload | fields, audience=body.audience, parties=body.parties)
    return RecordOut.of(row)


@router.get("/features", response_model=list[FeatureOut])
def list_features(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[FeatureOut]:
    """The feature registry: claimants, holder, baseline and latest known state."""
    views = service.list_features(session, deployment=deployment, principal=principal)
    return [FeatureOut.of(v) for v in views]


@router.get("/features.geojson")
def features_geojson(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> dict[str, Any]:
    """The features as GeoJSON points (the map's layer)."""
    views = service.list_features(session, deployment=deployment, principal=principal)
    return service.features_geojson(views, deployment.current.member_name)


@router.get("/features/approaches.geojson")
def approaches_geojson(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Approaches of state vessels to held features (their findings), as GeoJSON points."""
    views = service.list_features(session, deployment=deployment, principal=principal)
    return service.approaches_geojson(views)


@router.post("/features", status_code=status.HTTP_201_CREATED, response_model=RecordOut)
def list_feature(
    body: Submission[r.FeatureEntry], submit: SubmitDep, _: SecretariatDep
) -> RecordOut:
    """List a feature in the registry, or correct its entry (the secretariat)."""
    return _record(submit, r.KIND_FEATURE, body)


@router.get("/features/{feature_id}", response_model=FeatureOut)
def get_feature(
    feature_id: FeatureIdPath,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> FeatureOut:
    """One feature with its dated facts, public goods and findings."""
    view = service.get_feature(
        session, deployment=deployment, principal=principal, feature_id=feature_id
    )
    return FeatureOut.of(view, detail=True)


@router.post("/features/{feature_id}/changes", status_code=201, response_model=RecordOut)
def declare_change(
    feature_id: FeatureIdPath, body: Submission[ChildPayload], submit: SubmitDep
) -> RecordOut:
    """Declare a change you made on a feature (its area, facilities or deployments after it)."""
    return _record(submit, r.KIND_CHANGE, body, feature=feature_id)


@router.post("/features/{feature_id}/observations", status_code=201, response_model=RecordOut)
def observe(
    feature_id: FeatureIdPath,
    body: Submission[ChildPayload],
    submit: SubmitDep,
    _: SecretariatDep,
) -> RecordOut:
    """Record what dated imagery shows of a feature (the secretariat)."""
    return _record(submit, r.KIND_OBSERVATION, body, feature=feature_id)


@router.get("/public-goods", response_model=list[GoodOut])
def list_goods(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[GoodOut]:
    """Public goods offered, and who joined each."""
    goods = service.list_goods(session, deployment=deployment, principal=principal)
    return [GoodOut.of(g) for g in goods]


@router.post("/public-goods", status_code=201, response_model=RecordOut)
def offer_good(body: Submission[r.PublicGood], submit: SubmitDep) -> RecordOut:
    """Offer a public good (a lighthouse, search and rescue, a weather station)."""
    return _record(submit, r.KIND_GOOD, body)


@router.post("/public-goods/{good_id}/joins", status_code=201, response_model=RecordOut)
def join_good(good_id: PathId, body: Submission[ChildPayload], submit: SubmitDep) -> RecordOut:
    """Join another member's public good."""
    return _record(submit, r.KIND_JOIN, body, good_id=good_id)


@router.post("/statusquo/assess", dependencies=[Costly])
def assess(
    rows: Annotated[list[dict[str, Any]], Body(description="Rows, as in an assess file.")],
    clock: ClockDep,
    charter: Annotated[
        str, Query(description="Id of a shipped charter profile (GET /v1/charters).")
    ] = "eas-2026",
    as_of: Annotated[date | None, Query(description="Judge as of this day; default today.")] = None,
) -> list[dict[str, Any]]:
    """The status-quo rules on at most 5,000 rows against a shipped charter, storing nothing."""
    if len(rows) > MAX_ASSESS_ROWS:
        raise InvalidInput.field(
            "body", f"must hold at most {MAX_ASSESS_ROWS:,} rows (it holds {len(rows):,})"
        )
    c = load_profile(charter)
    when = datetime.combine(as_of, time.max, tzinfo=UTC) if as_of else clock.now()
    valid = assessing.validate_rows(rows, c)
    found, _ = assessing.assess(valid, charter=c, obligations=OBLIGATIONS, as_of=when)
    return found
