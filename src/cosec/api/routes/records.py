"""/v1/records: any record kind through the one submission path; /v1/charters, /v1/members."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from cosec.api.deps import DeploymentDep, PrincipalDep, SessionDep, SubmitDep
from cosec.api.paging import page_headers
from cosec.api.params import MAX_PAGE, Offset, PathId
from cosec.api.schemas import AnySubmission, RecordOut
from cosec.charters import available_profiles, load_profile
from cosec.errors import NotFound
from cosec.registry import record_kinds
from cosec.store.records import count_visible, get_visible, list_visible

router = APIRouter(prefix="/v1", tags=["records"])


@router.post("/records", status_code=201, response_model=RecordOut)
def create_record(body: AnySubmission, submit: SubmitDep) -> RecordOut:
    """Submit a record of any kind (see ``GET /v1/record-kinds``), signed with the key the
    member deposited; to sign yourself, post an envelope to ``/v1/log/envelopes``."""
    row = submit.record(body.kind, body.payload, body.audience, body.parties)
    return RecordOut.of(row)


@router.get("/records", response_model=list[RecordOut])
def list_records(
    request: Request,
    response: Response,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    kind: Annotated[str | None, Query(max_length=64)] = None,
    submitter: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE, description="At most this many (1 to 1,000).")
    ] = 100,
    offset: Offset = 0,
) -> list[RecordOut]:
    """Records the caller may read, newest first, ``limit`` from ``offset``:
    ``X-Total-Count`` says how many there are, ``Link`` where the next page is."""
    kinds = [kind] if kind else []
    charter = deployment.current
    rows = list_visible(
        session,
        principal,
        charter,
        kinds=kinds,
        submitter=submitter,
        limit=limit,
        offset=offset,
        newest_first=True,
    )
    total = count_visible(session, principal, charter, kinds=kinds, submitter=submitter)
    page_headers(request, response, total=total, offset=offset, limit=limit)
    return [RecordOut.of(x) for x in rows]


@router.get("/records/{record_id}", response_model=RecordOut)
def get_record(
    record_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> RecordOut:
    """One record, if the caller may read it."""
    row = get_visible(session, principal, deployment.current, record_id)
    if row is None:
        raise NotFound(f"no record {record_id}")
    return RecordOut.of(row)


@router.get("/record-kinds", tags=["charters"])
def list_kinds() -> list[dict[str, Any]]:
    """Every record kind, with its JSON schema."""
    return [
        {
            "kind": k.name,
            "title": k.title,
            "schema_version": k.schema_version,
            "submitted_by": list(k.submitted_by),
            "schema": k.model.model_json_schema(),
        }
        for k in record_kinds().values()
    ]


@router.get("/charters", tags=["charters"])
def list_charters() -> list[dict[str, Any]]:
    """Charter profiles shipped with cosec."""
    out = []
    for pid in available_profiles():
        c = load_profile(pid)
        out.append(
            {
                "id": c.id,
                "version": c.version,
                "title": c.title,
                "members": list(c.member_codes),
                "regimes": list(c.regimes),
            }
        )
    return out


@router.get("/charter", tags=["charters"])
def current_charter(deployment: DeploymentDep) -> dict[str, Any]:
    """The deployment's charter: every adopted version, the current one in full."""
    c = deployment.current
    data = c.model_dump(mode="json")
    data["regimes"] = {k: v.model_dump(mode="json") for k, v in c.regimes.items()}
    data["versions"] = [
        {"version": v.version, "effective_from": v.effective_from} for v in deployment.versions
    ]
    return data


@router.get("/charters/{charter_id}", tags=["charters"])
def get_charter(charter_id: str) -> dict[str, Any]:
    """A shipped charter profile in full."""
    if charter_id not in available_profiles():
        raise NotFound(f"no charter profile {charter_id}")
    c = load_profile(charter_id)
    data = c.model_dump(mode="json")
    data["regimes"] = {k: v.model_dump(mode="json") for k, v in c.regimes.items()}
    return data


@router.get("/members", tags=["charters"])
def list_members(deployment: DeploymentDep) -> list[dict[str, Any]]:
    """Members of the deployment's charter."""
    return [m.model_dump(mode="json") for m in deployment.current.members]
