"""The web pages. Each handler reads through a service and renders a template."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from cosec.api.deps import (
    ClockDep,
    DeploymentDep,
    PrincipalDep,
    SessionDep,
    SubmitDep,
)
from cosec.api.params import PathId
from cosec.compliance import listing
from cosec.compliance import service as findings_service
from cosec.compliance.findings import FindingState, Severity
from cosec.errors import InvalidInput
from cosec.evidence import service as evidence
from cosec.kit.submission import payload_of
from cosec.principals import Principal, Role
from cosec.registry import mechanisms, obligations, record_kinds
from cosec.store.records import get_visible, list_visible
from cosec.store.tables import RecordRow
from cosec.web import findingmap, fleetpage, inboxpage, listpages, logpage, reportpage, signin
from cosec.web.render import HERE, Stat, record_href, render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    open_ = FindingState.OPEN.value  # counted, sorted and cut in the database
    found = listing.page_findings(
        session, deployment=deployment, principal=principal, state=open_, limit=10
    )
    high = listing.count_findings(
        session, deployment=deployment, principal=principal, state=open_, min_severity=Severity.HIGH
    )
    stats = [
        Stat(
            high,
            "open high-severity findings",
            "/findings?state=open&min_severity=high",
            "",
            "sev-high",
        ),
        Stat(found.total, "open findings", "/findings?state=open"),
    ]
    for m in mechanisms().values():
        if m.interfaces.overview is not None and deployment.current.regime(m.name) is not None:
            stats.extend(m.interfaces.overview.load()(session, deployment, principal))
    latest = list_visible(session, principal, deployment.current, limit=10, newest_first=True)
    return render(
        request,
        "home.html",
        principal,
        deployment,
        now=clock.now(),
        stats=stats,
        findings=found.views,
        latest=[_latest(r) for r in latest],
    )


def _latest(row: RecordRow) -> dict[str, Any]:
    """A record as the overview lists it: what, by whom, when, where to read it."""
    spec = record_kinds().get(row.kind)
    label = ""
    if spec is not None and spec.label is not None:
        parsed = payload_of(spec.model, row)
        label = spec.label(parsed) if parsed is not None else ""
    return {
        "id": row.id,
        "title": spec.title if spec is not None and spec.title else row.kind,
        "label": label,
        "submitter": row.submitter,
        "submitted_at": row.submitted_at,
        "href": record_href(row.kind, row.id),
    }


def _finding_page(
    request: Request,
    session: SessionDep,
    deployment: Any,
    principal: Principal,
    finding_id: int,
    errors: list[Any],
    status_code: int = 200,
) -> HTMLResponse:
    f = findings_service.get_finding(
        session, deployment=deployment, principal=principal, finding_id=finding_id
    )
    answer = findings_service.answer_text(
        session, deployment=deployment, principal=principal, view=f
    )
    titles = {o.id: o.title for _, o in obligations()}
    cited = findingmap.cited_of(session, deployment, principal, f)

    def evidence_href(record_id: int) -> str:
        rec = get_visible(session, principal, deployment.current, record_id)
        return record_href(rec.kind, record_id) if rec is not None else f"/records/{record_id}"

    can_answer = (
        principal.role is Role.MEMBER
        and principal.member in f.members
        and f.row.state == FindingState.OPEN.value
    )
    return render(
        request,
        "finding.html",
        principal,
        deployment,
        f=f,
        answer=answer,
        obligation_title=titles.get(f.row.obligation, ""),
        evidence_href=evidence_href,
        cited=cited,
        can_answer=can_answer,
        errors=errors,
        status_code=status_code,
    )


@router.get("/findings/{finding_id}")
def finding_detail(
    finding_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    return _finding_page(request, session, deployment, principal, finding_id, [])


@router.post("/findings/{finding_id}/answer")
async def finding_answer(
    finding_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    submit: SubmitDep,
) -> Response:
    form = await request.form()
    try:
        item = findings_service.answer_item(
            session,
            deployment=deployment,
            principal=principal,
            finding_id=finding_id,
            text=str(form.get("answer", "")).strip(),
        )
        submit.record(item.kind, item.payload, item.audience, item.parties)
    except InvalidInput as exc:
        return _finding_page(request, session, deployment, principal, finding_id, exc.errors, 422)
    return RedirectResponse(f"/findings/{finding_id}", status_code=303)


@router.get("/analyses")
def analysis_list(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    rows = evidence.analyses(session, principal, deployment.current)
    return render(request, "analyses.html", principal, deployment, analyses=rows)


@router.get("/analyses/{record_id}")
def analysis_detail(
    record_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    rec = evidence.analysis(session, principal, deployment.current, record_id)
    shown = evidence.observations(session, rec, limit=200)
    total = evidence.observation_count(session, rec)
    if shown:
        lats, lons = [o.lat for o in shown], [o.lon for o in shown]
        bbox = f"{min(lons) - 0.5},{min(lats) - 0.5},{max(lons) + 0.5},{max(lats) + 0.5}"
    else:
        bbox = "100,-10,150,45"
    highlight = (
        "cpa_distance_m",
        "duration_s",
        "distance_m",
        "state",
        "gap_s",
        "median_speed_kn",
        "feature",
    )
    return render(
        request,
        "analysis.html",
        principal,
        deployment,
        r=rec,
        shown=shown,
        total=total,
        bbox=bbox,
        highlight=highlight,
    )


def mount(app: FastAPI) -> None:
    """Add the pages and their static files to ``app``."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
    app.include_router(listpages.router)
    app.include_router(reportpage.router)
    app.include_router(logpage.router)
    app.include_router(signin.router)
    from cosec.web import peoplepages, recordpage  # records, charter, drafts, people

    app.include_router(recordpage.router)
    app.include_router(peoplepages.router)
    app.include_router(fleetpage.router)
    app.include_router(findingmap.router)
    app.include_router(inboxpage.router)
    for m in mechanisms().values():
        if m.interfaces.web is not None:
            app.include_router(m.interfaces.web.load())
