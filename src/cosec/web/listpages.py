"""The scorecards and findings lists: sorted, filtered, paged, exported as CSV, with the
members' names beside their codes. The public's scorecards show only what was published."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from cosec.api.deps import DeploymentDep, PrincipalDep, SessionDep
from cosec.charter.models import Charter
from cosec.compliance.findings import Severity
from cosec.compliance.listing import FindingPage, page_findings
from cosec.compliance.scorecards import Scorecard, scorecard, scorecards
from cosec.errors import InvalidInput, NotFound
from cosec.web.csvexport import csv_response
from cosec.web.render import member_names, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
Page = Annotated[int, Query(ge=1, le=100_000)]
Order = Annotated[str, Query(pattern="^(asc|desc)$")]

CARD_SORTS: dict[str, Callable[[Scorecard], Any]] = {
    "member": lambda c: c.member,
    "name": lambda c: c.name,
    "kept": lambda c: c.kept,
    "unpublished": lambda c: c.unpublished,
    "high": lambda c: c.open_by_severity.get("high", 0),
    "medium": lambda c: c.open_by_severity.get("medium", 0),
    "low": lambda c: c.open_by_severity.get("low", 0),
    "records": lambda c: sum(c.records.values()),
}


def _choose(value: str, allowed: Sequence[str], field: str) -> str:
    if value not in allowed:
        raise InvalidInput.field(field, f"must be one of {', '.join(allowed)}")
    return value


def _paged(items: list[Any], page: int) -> tuple[list[Any], int]:
    pages = max(1, -(-len(items) // PAGE_SIZE))
    return items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], pages


def _cards(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    q: str,
    sort: str,
    order: str,
) -> list[Scorecard]:
    _choose(sort, list(CARD_SORTS), "sort")
    cards = scorecards(session, deployment=deployment, principal=principal)
    needle = q.strip().lower()
    if needle:
        named = member_names(deployment.current)  # the reader's name for it matches too
        cards = [
            c
            for c in cards
            if needle in c.member.lower()
            or needle in c.name.lower()
            or needle in named(c.member).lower()
        ]
    if sort != "member" or order == "desc":
        cards.sort(key=CARD_SORTS[sort], reverse=order == "desc")
    return cards


@router.get("/scorecards")
def scorecard_list(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    q: str = "",
    sort: str = "member",
    order: Order = "asc",
    page: Page = 1,
) -> HTMLResponse:
    cards = _cards(session, deployment, principal, q, sort, order)
    shown, pages = _paged(cards, page)

    def url(**changes: Any) -> str:
        params = {"q": q, "sort": sort, "order": order, "page": str(page)} | changes
        return "/scorecards?" + urlencode({k: v for k, v in params.items() if v})

    def sort_url(key: str) -> str:
        flip = "desc" if key == sort and order == "asc" else "asc"
        return url(sort=key, order=flip, page="1")

    return render(
        request,
        "scorecards.html",
        principal,
        deployment,
        cards=shown,
        total=len(cards),
        q=q,
        sort=sort,
        order=order,
        page=page,
        pages=pages,
        url=url,
        sort_url=sort_url,
        csv_url="/scorecards.csv?" + urlencode({"q": q, "sort": sort, "order": order}),
    )


CARD_COLUMNS = (
    "member",
    "name",
    "obligation",
    "title",
    "status",
    "open",
    "answered",
    "resolved",
    "as_of",
)


@router.get("/scorecards.csv")
def scorecard_csv(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    q: str = "",
    sort: str = "member",
    order: Order = "asc",
) -> Response:
    """Every member's obligations (all pages), one row each, as the reader may see them."""
    cards = _cards(session, deployment, principal, q, sort, order)
    rows = [
        {
            "member": c.member,
            "name": c.name,
            "obligation": o.obligation,
            "title": o.title,
            "status": o.status,
            "open": o.open,
            "answered": o.answered,
            "resolved": o.resolved,
            "as_of": o.as_of.isoformat() if o.as_of else "",
        }
        for c in cards
        for o in c.obligations
    ]
    return csv_response(CARD_COLUMNS, rows, "scorecards.csv")


@router.get("/scorecards/{member}")
def scorecard_detail(
    member: str,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    member = member.upper()
    if member not in deployment.current.member_codes:
        raise NotFound(f"no member {member}")
    card = scorecard(session, deployment=deployment, principal=principal, member=member)
    return render(request, "scorecard.html", principal, deployment, card=card)


def _findings(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    filters: dict[str, str],
    sort: str,
    order: str,
    page: int | None,
) -> FindingPage:
    sev = filters["min_severity"]
    return page_findings(
        session,
        deployment=deployment,
        principal=principal,
        member=filters["member"] or None,
        state=filters["state"] or None,
        min_severity=Severity(sev) if sev in {s.value for s in Severity} else None,
        obligation=filters["obligation"] or None,
        sort=sort,
        order=order,
        limit=PAGE_SIZE if page is not None else None,
        offset=(page - 1) * PAGE_SIZE if page is not None else 0,
    )


@router.get("/findings")
def finding_list(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: str = "",
    state: str = "",
    min_severity: str = "",
    obligation: str = "",
    sort: str = "",
    order: Order = "asc",
    page: Page = 1,
) -> HTMLResponse:
    filters = {
        "member": member,
        "state": state,
        "min_severity": min_severity,
        "obligation": obligation,
    }
    found = _findings(session, deployment, principal, filters, sort, order, page)
    pages = max(1, -(-found.total // PAGE_SIZE))

    def url(**changes: Any) -> str:
        params = filters | {"sort": sort, "order": order, "page": str(page)} | changes
        return "/findings?" + urlencode({k: v for k, v in params.items() if v})

    def sort_url(key: str) -> str:
        flip = "desc" if key == sort and order == "asc" else "asc"
        return url(sort=key, order=flip, page="1")

    return render(
        request,
        "findings.html",
        principal,
        deployment,
        findings=found.views,
        total=found.total,
        page=page,
        pages=pages,
        url=url,
        sort_url=sort_url,
        csv_url="/findings.csv?" + urlencode(filters | {"sort": sort, "order": order}),
        member=member,
        state=state,
        min_severity=min_severity,
        obligation=obligation,
        sort=sort,
        order=order,
    )


FINDING_COLUMNS = (
    "id",
    "severity",
    "state",
    "obligation",
    "flag",
    "members",
    "names",
    "summary",
    "first_seen",
    "evidence",
)


@router.get("/findings.csv")
def finding_csv(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: str = "",
    state: str = "",
    min_severity: str = "",
    obligation: str = "",
    sort: str = "",
    order: Order = "asc",
) -> Response:
    """Every finding the list shows (all pages), as CSV."""
    filters = {
        "member": member,
        "state": state,
        "min_severity": min_severity,
        "obligation": obligation,
    }
    found = _findings(session, deployment, principal, filters, sort, order, None).views
    charter: Charter = deployment.current
    rows = [
        {
            "id": f.row.id,
            "severity": f.row.severity,
            "state": f.row.state,
            "obligation": f.row.obligation,
            "flag": f.row.flag,
            "members": ";".join(f.members),
            "names": ";".join(charter.member_name(m) for m in f.members),
            "summary": f.row.summary,
            "first_seen": f.row.first_seen.isoformat(),
            "evidence": ";".join(str(e) for e in f.row.evidence),
        }
        for f in found
    ]
    return csv_response(FINDING_COLUMNS, rows, "findings.csv")
