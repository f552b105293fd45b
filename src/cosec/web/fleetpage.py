"""The registry's pages: the list of state units (sorted, filtered, paged, exported as
CSV), a unit with its history, and a member's form to declare a unit of its own, which
shows what will be signed before it is."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cosec.api.deps import ClockDep, DeploymentDep, PrincipalDep, SessionDep, SubmitDep
from cosec.api.params import PathId
from cosec.errors import FieldError, Forbidden, InvalidInput, NotFound
from cosec.fleet import csvfile
from cosec.fleet import service as fleet
from cosec.fleet.registry import SORT_KEYS, normal_identifier, parse_as_of
from cosec.kinds.fleet import KIND_UNIT, UNIT_KINDS
from cosec.principals import Principal, Role
from cosec.records import Audience
from cosec.store.records import get_visible
from cosec.web.render import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
FORM_FIELDS = (
    "identifier",
    "domain",
    "kind",
    "name",
    "hull_number",
    "valid_from",
    "withdrawn",
    "note",
    "audience",
)
Text = Annotated[str, Query(max_length=40)]


def _filters(member: str, kind: str, domain: str, as_of: str) -> dict[str, str]:
    return {
        k: v
        for k, v in {"member": member, "kind": kind, "domain": domain, "as_of": as_of}.items()
        if v
    }


def _listing(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: Principal,
    when: datetime,
    filters: dict[str, str],
    sort: str,
    order: str,
    offset: int = 0,
    limit: int | None = None,
) -> fleet.Listing:
    if order not in ("asc", "desc"):
        raise InvalidInput.field("order", "must be asc or desc")
    return fleet.list_units(
        session,
        principal=principal,
        charter=deployment.current,
        as_of=when,
        member=filters.get("member"),
        kind=filters.get("kind"),
        domain=filters.get("domain"),
        sort=sort,
        descending=order == "desc",
        offset=offset,
        limit=limit,
    )


@router.get("/fleet")
def fleet_list(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    member: Text = "",
    kind: Text = "",
    domain: Text = "",
    as_of: Text = "",
    sort: Text = "member",
    order: Text = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    q: Text = "",
) -> Response:
    if q.strip():
        return RedirectResponse(f"/fleet/{normal_identifier(q, 'q')}", status_code=303)
    filters = _filters(member, kind, domain, as_of)
    when = parse_as_of(as_of) if as_of else clock.now()
    listing = _listing(
        session,
        deployment,
        principal,
        when,
        filters,
        sort,
        order,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    pages = max(1, -(-listing.total // PAGE_SIZE))

    def url(**changes: Any) -> str:
        params = filters | {"sort": sort, "order": order, "page": str(page)} | changes
        return "/fleet?" + urlencode({k: v for k, v in params.items() if v})

    def sort_url(key: str) -> str:
        flip = "desc" if key == sort and order == "asc" else "asc"
        return url(sort=key, order=flip, page="1")

    return render(
        request,
        "fleet.html",
        principal,
        deployment,
        listing=listing,
        filters=filters,
        sort=sort,
        order=order,
        page=page,
        pages=pages,
        url=url,
        sort_url=sort_url,
        sort_keys=SORT_KEYS,
        kinds=UNIT_KINDS,
        csv_url="/fleet.csv?" + urlencode(filters | {"sort": sort, "order": order}),
        can_add=principal.role is Role.MEMBER,
    )


@router.get("/fleet.csv")
def fleet_csv(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    member: Text = "",
    kind: Text = "",
    domain: Text = "",
    as_of: Text = "",
    sort: Text = "member",
    order: Text = "asc",
) -> Response:
    """Every unit the list shows (all pages), as CSV in the import format."""
    when = parse_as_of(as_of) if as_of else clock.now()
    listing = _listing(
        session, deployment, principal, when, _filters(member, kind, domain, as_of), sort, order
    )
    name = f"fleet-{when:%Y-%m-%d}.csv"
    return Response(
        csvfile.write_units(listing.entries),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _form_page(
    request: Request,
    principal: Principal,
    deployment: Any,
    form: dict[str, str],
    errors: list[FieldError],
    preview: fleet.Preview | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "fleet_new.html",
        principal,
        deployment,
        form=form,
        errors=errors,
        preview=preview,
        kinds=UNIT_KINDS,
        audiences=[a.value for a in Audience],
        status_code=status_code,
    )


def _member_only(principal: Principal) -> str:
    if principal.role is not Role.MEMBER or principal.member is None:
        raise Forbidden(
            "only a member's point of contact declares its units here; the secretariat uses "
            "cosec fleet add or POST /v1/fleet"
        )
    return principal.member


@router.get("/fleet/new")
def fleet_new(request: Request, deployment: DeploymentDep, principal: PrincipalDep) -> Response:
    if principal.role is Role.PUBLIC:
        return RedirectResponse("/login?next=/fleet/new", status_code=303)
    _member_only(principal)
    form = dict.fromkeys(FORM_FIELDS, "") | {"domain": "sea", "audience": "public"}
    return _form_page(request, principal, deployment, form, [])


@router.post("/fleet/new")
async def fleet_create(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    submit: SubmitDep,
) -> Response:
    """``step=confirm``: check the unit and show what will be signed; ``step=sign``: sign
    and submit exactly that; ``step=edit``: back to the form."""
    member = _member_only(principal)
    posted = await request.form()
    form = dict.fromkeys(FORM_FIELDS, "") | {
        k: str(posted.get(k, "")) for k in FORM_FIELDS if k in posted
    }
    step = str(posted.get("step", "confirm"))
    if step == "edit":
        return _form_page(request, principal, deployment, form, [])
    payload = fleet.unit_payload(form, member=member)
    audience = form.get("audience") or None
    try:
        preview = fleet.preview(
            session,
            deployment=deployment,
            principal=principal,
            payload=payload,
            audience=audience,
            now=clock.now(),
        )
        if step != "sign":
            return _form_page(request, principal, deployment, form, [], preview)
        if str(posted.get("digest", "")) != preview.sha256:
            raise InvalidInput.field(
                "form", "changed since you confirmed it: check what will be signed, then sign"
            )
        submit.record(KIND_UNIT, preview.payload, audience)
    except InvalidInput as exc:
        return _form_page(request, principal, deployment, form, exc.errors, status_code=422)
    return RedirectResponse(f"/fleet/{preview.payload['identifier']}", status_code=303)


@router.get("/fleet/records/{record_id}")
def fleet_record(
    record_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    """A ``fleet.unit`` record: the page of the unit it is about."""
    row = get_visible(session, principal, deployment.current, record_id)
    if row is None or row.kind != KIND_UNIT:
        raise NotFound(f"no state-unit record {record_id}")
    return RedirectResponse(f"/fleet/{row.payload['identifier']}", status_code=303)


@router.get("/fleet/{identifier}")
def fleet_unit(
    identifier: Annotated[str, Path(max_length=32)],
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    as_of: Text = "",
) -> HTMLResponse:
    found = fleet.lookup(
        session,
        principal=principal,
        charter=deployment.current,
        identifier=identifier,
        as_of=parse_as_of(as_of) if as_of else clock.now(),
    )
    return render(request, "fleet_unit.html", principal, deployment, u=found, as_of=as_of)
