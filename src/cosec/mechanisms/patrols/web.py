"""The patrol pages: patrols (sort, filter, page, CSV), one patrol (its route on a map, its
reports, its findings), cases (likewise), statistics by year and category with charts, the
map of routes, stations and cases, and the forms on the core's review flow."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from cosec.kit import InvalidInput, NotFound, Principal, Role
from cosec.mechanisms.patrols import charts, service
from cosec.mechanisms.patrols.cli import case_row, plan_row
from cosec.mechanisms.patrols.forms import FORMS
from cosec.mechanisms.patrols.records import CATEGORIES, CATEGORY_TEXT
from cosec.plugin.store import list_findings
from cosec.plugin.web import (
    FIRST_YEAR,
    LAST_YEAR,
    N_,
    ClockDep,
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

TITLES = (  # its title, record kinds' and obligations' titles, shown by the core (``|tr``)
    N_("Joint patrol plan"),
    N_("Joint patrol report"),
    N_("Law-enforcement case"),
    N_("Report every joint patrol within the window"),
    N_("Share every law-enforcement case within the window"),
    N_("Take part in the yearly minimum of joint patrols"),
)

router = APIRouter(include_in_schema=False)
for _form in FORMS:
    add_record_form(router, _form)

PAGE_SIZE = 50
STATIC = files("cosec.mechanisms.patrols") / "static"
COLOURS = {"CAT1": "#b42318", "CAT2": "#dc6803", "CAT3": "#eaaa08", "CAT4": "#98a2b3"}
PLAN_SORTS: dict[str, Callable[[service.PlanView], Any]] = {
    "start": lambda v: (v.plan.start, v.record.id),
    "title": lambda v: (v.plan.title.lower(), v.record.id),
    "lead": lambda v: (v.record.submitter, v.plan.start),
    "status": lambda v: (v.status, v.plan.start),
}
WORDS = (  # values the pages show as words (``{{ status|tr }}``), marked for the catalog
    N_("planned"),  # service.STATUSES
    N_("under way"),
    N_("awaiting report"),
    N_("overdue"),
    N_("reported"),
    N_("reported late"),
    N_("CAT 1: more than 9 perpetrators, guns, crew harmed or kidnapped, ship or cargo taken"),
    N_("CAT 2: 4-9 perpetrators, guns or knives, crew threatened or assaulted, property taken"),
    N_("CAT 3: 1-6 perpetrators, knives or not stated, crew unharmed, stores taken"),
    N_("CAT 4: 1-3 perpetrators, not armed, crew unharmed, little or nothing taken"),
    N_("kg"),  # records.UNITS
    N_("tablets"),
    N_("litres"),
)
CASE_SORTS: dict[str, Callable[[service.CaseView], Any]] = {
    "occurred": lambda v: (v.case.occurred_at, v.record.id),
    "category": lambda v: (v.case.category, v.case.occurred_at),
    "title": lambda v: (v.case.title.lower(), v.record.id),
    "member": lambda v: (v.record.submitter, v.case.occurred_at),
    "detained": lambda v: (v.case.persons_detained, v.case.occurred_at),
    "drugs": lambda v: (v.case.drugs_kg, v.case.occurred_at),
}


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for joint patrols (counts only: no status needs a clock)."""
    plans = service.list_plans(
        session, deployment=deployment, principal=principal, now=datetime.now(UTC)
    )
    cases = service.list_cases(session, deployment=deployment, principal=principal)
    return [
        Stat(len(plans), "joint patrols planned", "/patrols", "count-patrols"),
        Stat(len(cases), "law-enforcement cases shared", "/patrols/cases", "count-cases"),
    ]


def _query(request: Request, keys: Sequence[str]) -> dict[str, str]:
    return {k: request.query_params.get(k, "")[:20] for k in keys}


def _page(items: list[Any], query: dict[str, str]) -> tuple[list[Any], int, int]:
    page = int(query["page"]) if query["page"].isdigit() and int(query["page"]) > 0 else 1
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = min(page, pages)
    return items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], page, pages


def _sorted(
    items: list[Any], sorts: dict[str, Callable[[Any], Any]], query: dict[str, str], default: str
) -> list[Any]:
    sort = query.get("sort") or default
    if sort not in sorts:
        raise InvalidInput.field("sort", f"must be one of {', '.join(sorts)}")
    if query.get("dir") not in ("", "asc", "desc"):
        raise InvalidInput.field("dir", "must be asc or desc")
    return sorted(items, key=sorts[sort], reverse=query.get("dir", "desc") != "asc")


PLAN_KEYS = ("member", "status", "year", "sort", "dir", "page")


def _plans(
    session: Any, deployment: Any, principal: Principal, now: datetime, query: dict[str, str]
) -> list[service.PlanView]:
    member, status, year = query["member"], query["status"], page_year(query["year"])
    if status and status not in service.STATUSES:
        raise InvalidInput.field("status", f"must be one of {', '.join(service.STATUSES)}")
    plans = [
        v
        for v in service.list_plans(session, deployment=deployment, principal=principal, now=now)
        if (not member or member in v.plan.participants)
        and (not status or v.status == status)
        and service.in_year(v.plan.start, year)
    ]
    return _sorted(plans, PLAN_SORTS, query, "start")


@router.get("/patrols")
def plan_list(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    query = _query(request, PLAN_KEYS)
    plans = _plans(session, deployment, principal, clock.now(), query)
    shown, page, pages = _page(plans, query)
    return render(
        request,
        "patrols/plans.html",
        principal,
        deployment,
        plans=shown,
        total=len(plans),
        page=page,
        pages=pages,
        query=query,
        plain={k: v for k, v in query.items() if v and k != "page"},
        statuses=service.STATUSES,
        regime=service.regime_of(deployment),
        can_submit=principal.role is Role.MEMBER,
    )


@router.get("/patrols.csv")
def plan_csv(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> Response:
    plans = _plans(session, deployment, principal, clock.now(), _query(request, PLAN_KEYS))
    rows = [plan_row(v) for v in plans]
    columns = list(rows[0]) if rows else ["id", "title", "lead", "status"]
    return csv_response(columns, rows, "patrols.csv")


CASE_KEYS = ("member", "category", "year", "sort", "dir", "page")


def _cases(
    session: Any, deployment: Any, principal: Principal, query: dict[str, str]
) -> list[service.CaseView]:
    member, category, year = query["member"], query["category"].upper(), page_year(query["year"])
    if category and category not in CATEGORIES:
        raise InvalidInput.field("category", "must be CAT1, CAT2, CAT3 or CAT4")
    found = [
        v
        for v in service.list_cases(session, deployment=deployment, principal=principal)
        if (not member or v.record.submitter == member)
        and (not category or v.case.category == category)
        and service.in_year(v.case.occurred_at, year)
    ]
    return _sorted(found, CASE_SORTS, query, "occurred")


@router.get("/patrols/cases")
def case_list(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    query = _query(request, CASE_KEYS)
    found = _cases(session, deployment, principal, query)
    shown, page, pages = _page(found, query)
    return render(
        request,
        "patrols/cases.html",
        principal,
        deployment,
        cases=shown,
        total=len(found),
        page=page,
        pages=pages,
        query=query,
        plain={k: v for k, v in query.items() if v and k != "page"},
        categories=CATEGORY_TEXT,
        colours=COLOURS,
        can_submit=principal.role is Role.MEMBER,
    )


@router.get("/patrols/cases.csv")
def case_csv(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    rows = [case_row(v) for v in _cases(session, deployment, principal, _query(request, CASE_KEYS))]
    columns = list(rows[0]) if rows else ["id", "title", "category"]
    return csv_response(columns, rows, "cases.csv")


@router.get("/patrols/cases/{case_id}")
def case_detail(
    case_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    v = service.get_case(session, deployment=deployment, principal=principal, case_id=case_id)
    found = list_findings(session, deployment=deployment, principal=principal, record_id=case_id)
    return render(
        request,
        "patrols/case.html",
        principal,
        deployment,
        v=v,
        findings=found,
        categories=CATEGORY_TEXT,
        colours=COLOURS,
    )


def _year(text: str, clock: ClockDep) -> int:
    return page_year(text) or min(max(clock.now().year, FIRST_YEAR), LAST_YEAR)


@router.get("/patrols/statistics")
def statistics_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: str = "",
) -> HTMLResponse:
    y = _year(year[:4], clock)
    regime = service.regime_of(deployment)
    plans = service.list_plans(session, deployment=deployment, principal=principal, now=clock.now())
    found = service.list_cases(session, deployment=deployment, principal=principal)
    members = deployment.current.regime_members("patrols") or ()
    st = service.statistics(
        plans, found, year=y, members=members, minimum=regime.min_patrols_per_year
    )
    labels = [str(s.year) for s in st.years]
    patrol_chart = charts.bars(
        labels,
        [
            (gettext("reported"), "#1f5f8b", [float(s.reported) for s in st.years]),
            (
                gettext("not reported"),
                "#98a2b3",
                [float(s.patrols - s.reported) for s in st.years],
            ),
        ],
        label=gettext("Joint patrols by year"),
    )
    case_chart = charts.bars(
        labels,
        [(c, COLOURS[c], [float(s.cases.get(c, 0)) for s in st.years]) for c in CATEGORIES],
        label=gettext("Cases by year and category"),
    )
    member_chart = charts.bars(
        [m for m, _ in st.participation],
        [(gettext("patrols"), "#1f5f8b", [float(n) for _, n in st.participation])],
        label=gettext("Patrols each member took part in, %(year)s") % {"year": y},
        line=float(regime.min_patrols_per_year),
        line_label=gettext("the yearly minimum: %(n)s") % {"n": regime.min_patrols_per_year},
    )
    return render(
        request,
        "patrols/statistics.html",
        principal,
        deployment,
        st=st,
        year=y,
        regime=regime,
        patrol_chart=Markup(patrol_chart),  # noqa: S704 - built by charts.bars, every text escaped
        case_chart=Markup(case_chart),  # noqa: S704
        member_chart=Markup(member_chart),  # noqa: S704
        categories=CATEGORY_TEXT,
        colours=COLOURS,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
    )


@router.get("/patrols/statistics.csv")
def statistics_csv(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep, clock: ClockDep
) -> Response:
    plans = service.list_plans(session, deployment=deployment, principal=principal, now=clock.now())
    found = service.list_cases(session, deployment=deployment, principal=principal)
    st = service.statistics(plans, found, year=clock.now().year, members=(), minimum=0)
    rows = [s.as_row() for s in st.years]
    columns = list(rows[0]) if rows else ["year", "patrols", "cases"]
    return csv_response(columns, rows, "patrol-statistics.csv")


@router.get("/patrols/map")
def map_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: str = "",
) -> HTMLResponse:
    y = page_year(year[:4])
    return render(
        request,
        "patrols/map.html",
        principal,
        deployment,
        year=y,
        regime=service.regime_of(deployment),
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        this_year=_year("", clock),
    )


@router.get("/patrols/static/{name}")
def patrol_static(name: str) -> Response:
    """The map's script (served from the package, under the CSP)."""
    if name != "patrols-map.js":
        raise NotFound(f"no file {name}")
    return Response((STATIC / name).read_text(encoding="utf-8"), media_type="text/javascript")


@router.get("/patrols/{plan_id}")
def plan_detail(
    plan_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    v = service.get_plan(
        session, deployment=deployment, principal=principal, plan_id=plan_id, now=clock.now()
    )
    found = list_findings(session, deployment=deployment, principal=principal, record_id=plan_id)
    cases = [
        c
        for c in service.list_cases(session, deployment=deployment, principal=principal)
        if c.case.plan_id == plan_id
    ]
    return render(
        request,
        "patrols/plan.html",
        principal,
        deployment,
        v=v,
        findings=found,
        cases=cases,
        may_report=principal.member in v.plan.participants,
    )
