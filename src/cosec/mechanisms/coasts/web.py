"""The presence pages: the map and the member pairs of a year, the episodes (sorted,
filtered, paged, exported), and a page per member pair with its presence by month."""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from cosec.kit import Principal
from cosec.mechanisms.coasts import service
from cosec.plugin.web import (
    FIRST_YEAR,
    LAST_YEAR,
    N_,
    ClockDep,
    DeploymentDep,
    PrincipalDep,
    SessionDep,
    Stat,
    csv_response,
    descending,
    gettext,
    page_year,
    render,
)

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Query(max_length=40)]
Code = Annotated[str, Path(pattern=r"^[A-Z]{3}$")]
PAGE_SIZE = 50
PAIR_KEYS = ("member", "coastal_state", "count", "hours", "count_before", "hours_before")
EPISODE_KEYS = ("start", "member", "coastal_state", "mmsi", "duration_h", "min_distance_nm")


WORDS = (
    N_("navy"),
    N_("coast guard"),
    N_("other government"),
    N_("open"),
    N_("answered"),
    N_("resolved"),
)
"""A unit's kind and a finding's state in words (:func:`_word`; as the core says them)."""


def _word(word: str) -> str:
    """A word the core's or this catalog translates (a finding's state, a unit's kind), in
    the reader's language; as written when neither does."""
    return gettext(word) if word else word


def _map_words() -> dict[str, str]:
    """What the map's script writes in an episode's box, in the reader's language (it fills
    in the ``%(...)s``)."""
    return {
        "episode": gettext("along %(coast)s: %(hours)s h, closest %(nm)s nm"),
        "finding": gettext("finding %(id)s"),
    }


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for presence along coasts."""
    items = service.list_episodes(session, deployment=deployment, principal=principal)
    hours = round(sum(e.duration_h for e in items))
    return [
        Stat(
            len(items),
            "stays of state units along other members' coasts",
            "/coasts",
            "count-episodes",
        ),
        Stat(hours, "hours of presence recorded", "/coasts", ""),
    ]


@router.get("/coasts/map.js")
def map_script() -> Response:
    """The presence map (a static script: pages carry no inline script)."""
    text = (files("cosec.mechanisms.coasts") / "static" / "map.js").read_text("utf-8")
    return Response(text, media_type="text/javascript; charset=utf-8")


def _year(text: str, clock: ClockDep) -> int:
    return page_year(text) or min(max(clock.now().year, FIRST_YEAR), LAST_YEAR)


@router.get("/coasts")
def coasts_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: Text = "",
    sort: Text = "hours",
    order: Text = "desc",
) -> HTMLResponse:
    y = _year(year, clock)
    desc = descending(sort, order, PAIR_KEYS)
    pairs = sorted(
        service.pairs(session, deployment=deployment, principal=principal, year=y),
        key=lambda p: (p.as_row()[sort], p.member, p.coastal_state),
        reverse=desc,
    )

    def sort_url(key: str) -> str:
        flip = "asc" if key == sort and order == "desc" else "desc"
        return "/coasts?" + urlencode({"year": y, "sort": key, "order": flip})

    return render(
        request,
        "coasts/coasts.html",
        principal,
        deployment,
        year=y,
        pairs=pairs,
        sort=sort,
        order=order,
        sort_url=sort_url,
        regime=service.regime_of(deployment),
        areas=service.activity_areas(session, deployment=deployment, principal=principal),
        map_words=_map_words(),
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
    )


@router.get("/coasts/presence.csv")
def pairs_csv(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: Text = "",
) -> Response:
    """The member pairs of a year beside the year before, as CSV."""
    y = _year(year, clock)
    rows = [
        p.as_row()
        for p in service.pairs(session, deployment=deployment, principal=principal, year=y)
    ]
    columns = [
        "member",
        "coastal_state",
        "year",
        "count",
        "hours",
        "count_before",
        "hours_before",
        "grew",
        "finding",
    ]
    return csv_response(columns, rows, f"presence-{y}.csv")


def _episodes(
    session: Any,
    deployment: Any,
    principal: Principal,
    filters: dict[str, str],
    sort: str,
    order: str,
) -> list[service.EpisodeView]:
    desc = descending(sort, order, EPISODE_KEYS)
    items = service.list_episodes(
        session,
        deployment=deployment,
        principal=principal,
        member=filters.get("member") or None,
        coast=filters.get("coast") or None,
        year=page_year(filters.get("year", "")),
    )
    return sorted(items, key=lambda e: (e.as_row()[sort], e.finding_id), reverse=desc)


@router.get("/coasts/episodes")
def episodes_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: Text = "",
    coast: Text = "",
    year: Text = "",
    sort: Text = "start",
    order: Text = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    filters = {k: v for k, v in {"member": member, "coast": coast, "year": year}.items() if v}
    items = _episodes(session, deployment, principal, filters, sort, order)
    pages = max(1, -(-len(items) // PAGE_SIZE))

    def url(**changes: Any) -> str:
        params = filters | {"sort": sort, "order": order, "page": str(page)} | changes
        return "/coasts/episodes?" + urlencode({k: v for k, v in params.items() if v})

    def sort_url(key: str) -> str:
        flip = "desc" if key == sort and order == "asc" else "asc"
        return url(sort=key, order=flip, page="1")

    return render(
        request,
        "coasts/episodes.html",
        principal,
        deployment,
        items=items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(items),
        filters=filters,
        sort=sort,
        order=order,
        page=page,
        pages=pages,
        url=url,
        sort_url=sort_url,
        csv_url="/coasts/episodes.csv?" + urlencode(filters | {"sort": sort, "order": order}),
        regime=service.regime_of(deployment),
        word=_word,
    )


@router.get("/coasts/episodes.csv")
def episodes_csv(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: Text = "",
    coast: Text = "",
    year: Text = "",
    sort: Text = "start",
    order: Text = "asc",
) -> Response:
    """Every episode the list shows (all pages), as CSV."""
    filters = {k: v for k, v in {"member": member, "coast": coast, "year": year}.items() if v}
    items = _episodes(session, deployment, principal, filters, sort, order)
    columns = [*EPISODE_KEYS, "end", "unit_kind", "unit_name", "lat", "lon", "finding"]
    rows = [
        e.as_row()
        | {
            "unit_kind": e.unit_kind,
            "unit_name": e.unit_name,
            "lat": e.lat,
            "lon": e.lon,
            "finding": e.finding_id,
        }
        for e in items
    ]
    return csv_response(columns, rows, "presence-episodes.csv")


@router.get("/coasts/{member}/{coast}")
def pair_page(
    member: Code,
    coast: Code,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    year: Text = "",
) -> HTMLResponse:
    y = _year(year, clock)
    rows, items = service.months(
        session, deployment=deployment, principal=principal, member=member, coast=coast, year=y
    )
    top = max([m.hours for m in rows] + [m.hours_before for m in rows] + [1.0])
    return render(
        request,
        "coasts/pair.html",
        principal,
        deployment,
        member=member,
        coast=coast,
        year=y,
        months=rows,
        word=_word,
        top=top,
        items=items,
        regime=service.regime_of(deployment),
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
    )
