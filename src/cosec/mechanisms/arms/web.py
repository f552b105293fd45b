"""The arms pages: returns (sort, filter, page, CSV) with the transfers chart and every
member's transparency index; one return; a member's page (index, figures by year, the
transfers it and its counterparts report differently side by side); the forms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from cosec.kit import InvalidInput, Principal, Role
from cosec.mechanisms.arms import charts, service
from cosec.mechanisms.arms.forms import FORMS
from cosec.mechanisms.arms.records import CATEGORY_NAMES
from cosec.plugin.store import list_findings
from cosec.plugin.web import (
    N_,
    ClockDep,
    DeploymentDep,
    PathId,
    PrincipalDep,
    SessionDep,
    Stat,
    add_record_form,
    csv_response,
    page_year,
    render,
)

TITLES = (  # its title, record kinds' and obligations' titles, shown by the core (``|tr``)
    N_("Annual return of arms transfers"),
    N_("Report of military expenditure"),
    N_("Send the year's return of arms transfers by its day"),
    N_("Send the year's report of military expenditure by its day"),
    N_("Report each transfer as the other side does"),
)

router = APIRouter(include_in_schema=False)
for _form in FORMS:
    add_record_form(router, _form)

PAGE_SIZE = 50
SORTS = {
    "year": lambda v: (v.ret.year, v.member, v.record.id),
    "member": lambda v: (v.member, v.ret.year, v.record.id),
    "submitted": lambda v: (v.record.submitted_at, v.record.id),
    "exported": lambda v: (v.exported, v.ret.year),
    "imported": lambda v: (v.imported, v.ret.year),
}
WORDS = (  # values the pages show as words (``{{ name|tr }}``), marked for the catalog
    N_("battle tanks"),  # CATEGORY_NAMES
    N_("armoured combat vehicles"),
    N_("large-calibre artillery systems"),
    N_("combat aircraft"),
    N_("attack helicopters"),
    N_("warships"),
    N_("missiles and missile launchers"),
    N_("small arms and light weapons"),
    N_("not listed"),  # OtherSide.status
    N_("no return"),
    N_("outside the regime"),
)
CSV_COLUMNS = (
    "id",
    "member",
    "year",
    "nil",
    "direction",
    "category",
    "counterpart",
    "units",
    "description",
    "submitted_at",
    "on_time",
    "latest",
)


def _prepares(principal: Principal) -> bool:
    reader = principal.duty is not None and principal.duty.value == "reader"
    return principal.role is Role.MEMBER and not reader


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for arms returns."""
    views = service.list_returns(session, deployment=deployment, principal=principal)
    latest = [v for v in views if v.latest]
    return [
        Stat(len(latest), "annual arms returns you can read", "/arms", "count-arms-returns"),
        Stat(sum(1 for v in latest if v.on_time), "arms returns on time", "/arms", "", "ok"),
    ]


def _query(request: Request) -> dict[str, str]:
    keys = ("member", "year", "timing", "sort", "dir", "page")
    return {k: request.query_params.get(k, "")[:20] for k in keys}


def _filtered(views: list[service.ReturnView], query: dict[str, str]) -> list[service.ReturnView]:
    timing = query.get("timing", "")
    if timing and timing not in ("on_time", "late"):
        raise InvalidInput.field("timing", "must be on_time or late")
    out = [v for v in views if (not timing or v.on_time == (timing == "on_time"))]
    sort = query.get("sort") or "year"
    if sort not in SORTS:
        raise InvalidInput.field("sort", f"must be one of {', '.join(SORTS)}")
    return sorted(out, key=SORTS[sort], reverse=query.get("dir", "desc") != "asc")


def _views(
    session: Any, deployment: Any, principal: Principal, query: dict[str, str]
) -> list[service.ReturnView]:
    member = query.get("member", "").upper() or None
    views = service.list_returns(
        session,
        deployment=deployment,
        principal=principal,
        member=member,
        year=page_year(query.get("year", "")),
    )
    return _filtered(views, query)


@router.get("/arms")
def arms_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    query = _query(request)
    lines = _views(session, deployment, principal, query)
    page = int(query["page"]) if query["page"].isdigit() and int(query["page"]) > 0 else 1
    pages = max(1, -(-len(lines) // PAGE_SIZE))
    page = min(page, pages)
    figures = service.summary(
        session, deployment=deployment, principal=principal, as_of=clock.now()
    )
    return render(
        request,
        "arms/returns.html",
        principal,
        deployment,
        lines=lines[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(lines),
        page=page,
        pages=pages,
        query=query,
        plain={k: v for k, v in query.items() if v and k != "page"},
        chart=charts.stacked_by_category(figures.totals, "transfers-chart"),
        legend=charts.legend(),
        totals=figures.totals,
        indexes=figures.indexes if figures.returns else [],
        can_submit=_prepares(principal),
    )


@router.get("/arms.csv")
def arms_csv(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    """The returns listed, one row per line (a nil return: one row)."""
    rows: list[list[Any]] = []
    for v in _views(session, deployment, principal, _query(request)):
        head = [v.record.id, v.member, v.ret.year, v.ret.nil]
        tail = [v.record.submitted_at.isoformat(), v.on_time, v.latest]
        lines = [("export", x) for x in v.ret.exports] + [("import", x) for x in v.ret.imports]
        if not lines:
            rows.append([*head, "", "", "", "", "", *tail])
        for direction, x in lines:
            rows.append(
                [*head, direction, x.category, x.counterpart, x.units, x.description, *tail]
            )
    return csv_response(CSV_COLUMNS, rows, "arms-returns.csv")


@router.get("/arms/returns/{return_id}")
def return_page(
    return_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    v = service.get_return(session, deployment=deployment, principal=principal, record_id=return_id)
    found = list_findings(session, deployment=deployment, principal=principal, record_id=return_id)
    return render(
        request,
        "arms/return.html",
        principal,
        deployment,
        v=v,
        other=service.other_sides(session, deployment=deployment, principal=principal, view=v),
        findings=found,
        categories=CATEGORY_NAMES,
        mine=principal.member == v.member and _prepares(principal),
    )


@router.get("/arms/members/{member}")
def member_page(
    member: str,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    m = service.member_arms(
        session,
        deployment=deployment,
        principal=principal,
        member=member.upper()[:3],
        as_of=clock.now(),
    )
    rows = [(y.year, y.exported, y.imported) for y in m.years if y.filed]
    finding_of = {
        (
            f.row.details.get("year"),
            f.row.details.get("exporter"),
            f.row.details.get("importer"),
            f.row.details.get("category"),
        ): f.row.id
        for f in m.findings
        if f.row.obligation == "arms.mirror" and f.row.state != "resolved"
    }
    return render(
        request,
        "arms/member.html",
        principal,
        deployment,
        m=m,
        finding_of=finding_of,
        chart=charts.exports_imports(rows),
        categories=CATEGORY_NAMES,
    )
