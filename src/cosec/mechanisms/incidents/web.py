"""The incident pages: the list (sort, filter, page, CSV), one incident (map, both accounts
side by side, timeline, findings), and the forms on the core's review flow."""

from __future__ import annotations

from datetime import datetime
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cosec.kit import InvalidInput, NotFound, Principal, Role
from cosec.mechanisms.incidents import service as incidents
from cosec.mechanisms.incidents.forms import COMMUNICATION_TEXTS, FORMS, act_label
from cosec.plugin.store import get_visible, list_findings
from cosec.plugin.web import (
    DeploymentDep,
    PathId,
    PrincipalDep,
    SessionDep,
    Stat,
    add_record_form,
    csv_response,
    gettext,
    page_year,
    render,
)

router = APIRouter(include_in_schema=False)
for _form in FORMS:
    add_record_form(router, _form)

PAGE_SIZE = 50
SORTS = {
    "occurred": lambda s: (s.report.occurred_at, s.record.id),
    "severity": lambda s: (s.rated.level, s.report.occurred_at),
    "title": lambda s: (s.report.title.lower(), s.record.id),
    "reporter": lambda s: (s.record.submitter, s.report.occurred_at),
    "other": lambda s: (s.report.other_member, s.report.occurred_at),
}
CSV_COLUMNS = (
    "id",
    "title",
    "domain",
    "occurred_at",
    "lat",
    "lon",
    "reporter",
    "other_member",
    "severity",
    "reasons",
    "declared_distance_m",
    "acts",
    "joint_assessment",
    "replied",
)
STATIC = files("cosec.mechanisms.incidents") / "static"


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for incidents."""
    lines = incidents.list_incidents(session, deployment=deployment, principal=principal)
    serious = sum(1 for x in lines if x.rated.level in ("L1", "L2"))
    return [
        Stat(len(lines), "incident reports you can read", "/incidents", "count-incidents"),
        Stat(serious, "serious incidents (L1, L2)", "/incidents?severity=L2", "", "sev-high"),
    ]


def _filtered(
    lines: list[incidents.IncidentSummary], query: dict[str, str]
) -> list[incidents.IncidentSummary]:
    member, domain = query.get("member", ""), query.get("domain", "")
    severity, year = query.get("severity", "").upper(), page_year(query.get("year", ""))
    if domain and domain not in ("sea", "air"):
        raise InvalidInput.field("domain", "must be sea or air")
    if severity and severity not in ("L1", "L2", "L3", "L4"):
        raise InvalidInput.field("severity", "must be L1, L2, L3 or L4")
    out = [
        x
        for x in lines
        if (not member or member in (x.record.submitter, x.report.other_member))
        and (not domain or x.report.domain == domain)
        and (not severity or x.rated.level == severity)
        and (year is None or x.report.occurred_at.year == year)
    ]
    sort = query.get("sort") or "occurred"
    if sort not in SORTS:
        raise InvalidInput.field("sort", f"must be one of {', '.join(SORTS)}")
    return sorted(out, key=SORTS[sort], reverse=query.get("dir", "desc") != "asc")


def _query(request: Request) -> dict[str, str]:
    keys = ("member", "domain", "severity", "year", "sort", "dir", "page")
    return {k: request.query_params.get(k, "")[:20] for k in keys}


@router.get("/incidents")
def incident_list(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    query = _query(request)
    lines = _filtered(
        incidents.list_incidents(session, deployment=deployment, principal=principal), query
    )
    page = int(query["page"]) if query["page"].isdigit() and int(query["page"]) > 0 else 1
    pages = max(1, -(-len(lines) // PAGE_SIZE))
    page = min(page, pages)
    shown = lines[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    plain = {k: v for k, v in query.items() if v and k != "page"}
    return render(
        request,
        "incident/incidents.html",
        principal,
        deployment,
        lines=shown,
        total=len(lines),
        page=page,
        pages=pages,
        query=query,
        plain=plain,
        can_report=principal.role is Role.MEMBER,
    )


@router.get("/incidents.csv")
def incident_csv(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    lines = _filtered(
        incidents.list_incidents(session, deployment=deployment, principal=principal),
        _query(request),
    )
    rows = [
        [
            x.record.id,
            x.report.title,
            x.report.domain,
            x.report.occurred_at.isoformat(),
            x.report.lat,
            x.report.lon,
            x.record.submitter,
            x.report.other_member,
            x.rated.level,
            "; ".join(x.rated.reasons),
            "" if x.report.min_distance_m is None else x.report.min_distance_m,
            " ".join(x.report.acts),
            x.joint,
            x.replied,
        ]
        for x in lines
    ]
    return csv_response(CSV_COLUMNS, rows, "incidents.csv")


@router.get("/incidents/static/{name}")
def incident_static(name: str) -> Response:
    """The incident page's script (served from the package, under the CSP)."""
    if name != "incident-map.js":
        raise NotFound(f"no file {name}")
    return Response((STATIC / name).read_text(encoding="utf-8"), media_type="text/javascript")


@router.get("/incidents/by-assessment/{assessment_id}")
def by_assessment(
    assessment_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    row = get_visible(session, principal, deployment.current, assessment_id)
    if row is None or row.kind != "incident.assessment" or row.refers_to is None:
        raise NotFound(f"no joint assessment {assessment_id}")
    return RedirectResponse(f"/incidents/{row.refers_to}", status_code=303)


def _act(code: str) -> str:
    """A prohibited act in the reader's language (a charter's own act: as its code says)."""
    label = act_label(code)
    return gettext(label) if label else label


def _communication(code: str) -> str:
    """A means of communication in the reader's language."""
    text = COMMUNICATION_TEXTS.get(code, code)
    return gettext(text) if text else text


def _timeline(v: incidents.IncidentView) -> list[tuple[datetime, str, str]]:
    """``(when, what, link)`` of an incident in time order, in the reader's language."""
    out = [
        (v.incident.occurred_at, gettext("Incident"), ""),
        (v.record.submitted_at, gettext("Reported by %(who)s") % {"who": v.record.submitter}, ""),
    ]
    for row, _, _ in v.replies:
        what = gettext("Reply by %(who)s") % {"who": row.submitter}
        out.append((row.submitted_at, what, f"/records/{row.id}"))
    for p in v.proposals:
        what = gettext("Assessment proposed by %(who)s") % {"who": p.row.submitter}
        out.append((p.row.submitted_at, what, f"/records/{p.row.id}"))
        if p.endorsement is not None:
            e = p.endorsement
            what = gettext("Endorsed by %(who)s") % {"who": e.submitter}
            out.append((e.submitted_at, what, f"/records/{e.id}"))
    for t in v.tracks:
        what = gettext("Closest approach in tracks: %(m)s m") % {"m": f"{t.tracked.cpa_m:,.0f}"}
        out.append((t.tracked.cpa_time, what, ""))
    return sorted(out, key=lambda x: x[0])


@router.get("/incidents/{report_id}")
def incident_detail(
    report_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    v = incidents.get_incident(
        session, deployment=deployment, principal=principal, report_id=report_id
    )
    found = list_findings(session, deployment=deployment, principal=principal, record_id=report_id)
    member = principal.member
    return render(
        request,
        "incident/incident.html",
        principal,
        deployment,
        v=v,
        findings=found,
        act_label=_act,
        communication=_communication,
        timeline=_timeline(v),
        may_reply=member == v.report.other_member,
        is_party=member in (v.record.submitter, v.report.other_member),
    )
