"""The oversight pages: the overview (watch zone map, list changes over time, the
programme), the events from tracks and the designated list (sorted, filtered, paged,
exported), a vessel's dossier with its tracks on the map, and the petroleum cap's chart."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from cosec.kit import InvalidInput, Principal
from cosec.mechanisms.oversight import service
from cosec.mechanisms.oversight.forms import FORMS
from cosec.plugin.web import (
    FIRST_YEAR,
    LAST_YEAR,
    N_,
    ClockDep,
    DeploymentDep,
    PrincipalDep,
    SessionDep,
    Stat,
    add_record_form,
    csv_response,
    descending,
    page_year,
    render,
)

TITLES = (  # its title, record kinds' and obligations' titles, shown by the core (``|tr``)
    N_("Designation on the list"),
    N_("Delisting"),
    N_("Nuclear test or missile launch"),
    N_("Refined petroleum transferred to the DPRK"),
    N_("No ship-to-ship transfer with a designated vessel"),
    N_("Ship-to-ship meetings in the watch zone are looked at"),
    N_("No switching off AIS in the watch zone"),
    N_("Approaches to the DPRK coast are looked at"),
    N_("Refined petroleum to the DPRK within the yearly cap"),
)

router = APIRouter(include_in_schema=False)
for _form in FORMS:
    add_record_form(router, _form)

Text = Annotated[str, Query(max_length=40)]
Mmsi = Annotated[str, Path(pattern=r"^[0-9]{9}$")]
PAGE_SIZE = 50
EVENT_KEYS = ("start", "flag", "severity", "vessels", "hours", "lat", "lon")
LIST_KEYS = ("listed_on", "name", "mmsi", "imo", "flag", "source", "delisted_on")
FLAGS = ("sts_designated", "sts_watch_zone", "dark_in_watch_zone", "dprk_coast_approach")


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for oversight."""
    items = service.events(session, deployment=deployment, principal=principal)
    listed = service.designations(session, deployment=deployment, principal=principal)
    sts = sum(1 for e in items if e.flag.startswith("sts_"))
    return [
        Stat(sts, "possible ship-to-ship transfers found in tracks", "/oversight/events", ""),
        Stat(len(listed), "designations on the list", "/oversight/list", ""),
    ]


@router.get("/oversight/map.js")
def map_script() -> Response:
    """The oversight map (a static script: pages carry no inline script)."""
    text = (files("cosec.mechanisms.oversight") / "static" / "map.js").read_text("utf-8")
    return Response(text, media_type="text/javascript; charset=utf-8")


def _sorted(rows: list[dict[str, Any]], keys: Sequence[str], sort: str, order: str) -> list[Any]:
    desc = descending(sort, order, keys)
    return sorted(rows, key=lambda r: (isinstance(r[sort], str), r[sort]), reverse=desc)


def _pager(
    path: str, filters: dict[str, str], sort: str, order: str, page: int
) -> tuple[Callable[..., str], Callable[[str], str]]:
    def url(**changes: Any) -> str:
        params = filters | {"sort": sort, "order": order, "page": str(page)} | changes
        return path + "?" + urlencode({k: v for k, v in params.items() if v})

    def sort_url(key: str) -> str:
        flip = "desc" if key == sort and order == "asc" else "asc"
        return url(sort=key, order=flip, page="1")

    return url, sort_url


def size_chart(changes: Sequence[service.ListChange], width: int = 600) -> dict[str, Any]:
    """The list's size over time as an SVG step line: ``points`` (``x,y`` pairs in a
    ``width`` x 120 box), the first and last days, the largest size."""
    if not changes:
        return {"points": "", "first": None, "last": None, "top": 0}
    first, last = changes[0].day, changes[-1].day
    span = max((last - first).days, 1)
    top = max(c.size for c in changes) or 1
    points: list[str] = []
    size = 0
    for c in changes:
        x = 10 + (c.day - first).days / span * (width - 20)
        points += [
            f"{x:.1f},{110 - size / top * 100:.1f}",
            f"{x:.1f},{110 - c.size / top * 100:.1f}",
        ]
        size = c.size
    points.append(f"{width - 10},{110 - size / top * 100:.1f}")
    return {"points": " ".join(points), "first": first, "last": last, "top": top}


@router.get("/oversight")
def oversight_page(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    regime = service.regime_of(deployment)
    items = service.events(session, deployment=deployment, principal=principal)
    views = service.designations(session, deployment=deployment, principal=principal)
    bodies = {b.id: b.name for b in deployment.current.bodies}
    counts = {f: sum(1 for e in items if e.flag == f) for f in FLAGS}
    return render(
        request,
        "oversight/oversight.html",
        principal,
        deployment,
        regime=regime,
        counts=counts,
        recent=items[-10:][::-1],
        changes=service.changes(views)[::-1][:20],
        size=size_chart(service.changes(views)),
        listed=len(views),
        programme=service.programme(session, deployment=deployment, principal=principal),
        bodies=[bodies.get(b, b) for b in regime.reading_bodies],
    )


def _events(
    session: Any, deployment: Any, principal: Principal, flag: str, vessel: str, year: str
) -> list[service.EventView]:
    if flag and flag not in FLAGS:
        raise InvalidInput.field("flag", f"must be one of {', '.join(FLAGS)}")
    return service.events(
        session,
        deployment=deployment,
        principal=principal,
        flag=flag or None,
        vessel=vessel or None,
        year=page_year(year),
    )


@router.get("/oversight/events")
def events_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    flag: Text = "",
    vessel: Text = "",
    year: Text = "",
    sort: Text = "start",
    order: Text = "desc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    filters = {k: v for k, v in {"flag": flag, "vessel": vessel, "year": year}.items() if v}
    items = _events(session, deployment, principal, flag, vessel, year)
    pairs = _sorted([e.as_row() | {"view": e} for e in items], EVENT_KEYS, sort, order)
    pages = max(1, -(-len(pairs) // PAGE_SIZE))
    url, sort_url = _pager("/oversight/events", filters, sort, order, page)
    return render(
        request,
        "oversight/events.html",
        principal,
        deployment,
        items=[p["view"] for p in pairs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]],
        total=len(pairs),
        filters=filters,
        flags=FLAGS,
        sort=sort,
        order=order,
        page=page,
        pages=pages,
        url=url,
        sort_url=sort_url,
        csv_url="/oversight/events.csv?" + urlencode(filters | {"sort": sort, "order": order}),
        map_url="/v1/oversight/map.geojson"
        + (f"?year={page_year(year)}" if page_year(year) else ""),
    )


@router.get("/oversight/events.csv")
def events_csv(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    flag: Text = "",
    vessel: Text = "",
    year: Text = "",
    sort: Text = "start",
    order: Text = "desc",
) -> Response:
    """Every event the list shows (all pages), as CSV."""
    items = _events(session, deployment, principal, flag, vessel, year)
    rows = _sorted([e.as_row() | {"summary": e.summary} for e in items], EVENT_KEYS, sort, order)
    return csv_response(
        ["finding", *EVENT_KEYS, "end", "state", "summary"], rows, "oversight-events.csv"
    )


def _listed(
    session: Any, deployment: Any, principal: Principal, on: str, q: str
) -> list[dict[str, Any]]:
    day = None
    if on:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise InvalidInput.field("on", "must be a date (YYYY-MM-DD)") from None
    views = service.designations(session, deployment=deployment, principal=principal)
    rows = [v.as_row() for v in views if day is None or v.in_force(day)]
    if q:
        needle = q.lower()
        rows = [
            r
            for r in rows
            if any(needle in str(r[k]).lower() for k in ("name", "mmsi", "imo", "source"))
        ]
    return rows


@router.get("/oversight/list")
def list_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    on: Text = "",
    q: Text = "",
    sort: Text = "listed_on",
    order: Text = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    filters = {k: v for k, v in {"on": on, "q": q}.items() if v}
    rows = _sorted(_listed(session, deployment, principal, on, q), LIST_KEYS, sort, order)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    url, sort_url = _pager("/oversight/list", filters, sort, order, page)
    return render(
        request,
        "oversight/list.html",
        principal,
        deployment,
        rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(rows),
        filters=filters,
        sort=sort,
        order=order,
        page=page,
        pages=pages,
        url=url,
        sort_url=sort_url,
        csv_url="/oversight/list.csv?" + urlencode(filters | {"sort": sort, "order": order}),
    )


@router.get("/oversight/list.csv")
def list_csv(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    on: Text = "",
    q: Text = "",
    sort: Text = "listed_on",
    order: Text = "asc",
) -> Response:
    """The designations the list shows (all pages), as CSV (importable again)."""
    rows = _sorted(_listed(session, deployment, principal, on, q), LIST_KEYS, sort, order)
    columns = ["mmsi", "imo", "name", "listed_on", "source", "delisted_on", "flag", "id"]
    return csv_response(columns, rows, "oversight-list.csv")


@router.get("/oversight/vessels/{mmsi}")
def vessel_page(
    mmsi: Mmsi,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    d = service.dossier(session, deployment=deployment, principal=principal, mmsi=mmsi)
    return render(
        request,
        "oversight/vessel.html",
        principal,
        deployment,
        d=d,
        map_url=f"/v1/oversight/map.geojson?vessel={mmsi}&tracks=true",
    )


@router.get("/oversight/petroleum")
def petroleum_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: Text = "",
) -> HTMLResponse:
    y = page_year(year) or min(max(clock.now().year, FIRST_YEAR), LAST_YEAR)
    p = service.petroleum(session, deployment=deployment, principal=principal, year=y)
    top = max([p.cap * 1.1, p.total * 1.05])
    return render(
        request,
        "oversight/petroleum.html",
        principal,
        deployment,
        p=p,
        year=y,
        top=top,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
    )
