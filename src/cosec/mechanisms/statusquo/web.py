"""The status quo's pages: the features (a map and a sortable list), one feature with its
timeline, the forms to declare a change and to record an observation, the public goods."""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cosec.kit import Audience, FieldError, Forbidden, InvalidInput, Principal, Role
from cosec.mechanisms.statusquo import records as r
from cosec.mechanisms.statusquo import service
from cosec.mechanisms.statusquo.views import (
    FACT_FIELDS,
    SORT_KEYS,
    chart,
    csv_rows,
    fact_payload,
    kind_words,
    sort_key,
)
from cosec.mechanisms.statusquo.vocabulary import DEPLOYMENT_KINDS, FACILITY_KINDS
from cosec.plugin.forms import Preview, preview
from cosec.plugin.web import (
    ClockDep,
    DeploymentDep,
    PathId,
    PrincipalDep,
    SessionDep,
    Stat,
    SubmitDep,
    csv_response,
    gettext,
    render,
)

router = APIRouter(include_in_schema=False)

FeatureIdPath = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
Text = Annotated[str, Query(max_length=40)]
PAGE_SIZE = 50


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for the status quo."""
    views = service.list_features(session, deployment=deployment, principal=principal)
    changed = sum(1 for v in views if v.current != v.baseline)
    return [
        Stat(len(views), "disputed features in the registry", "/features", "count-features"),
        Stat(changed, "features changed since the status-quo date", "/features", "", "sev-high"),
    ]


@router.get("/statusquo/map.js")
def map_script() -> Response:
    """The features map (a static script: the pages carry no inline script)."""
    text = (files("cosec.mechanisms.statusquo") / "static" / "map.js").read_text("utf-8")
    return Response(text, media_type="text/javascript; charset=utf-8")


def _listing(
    session: Any,
    deployment: Any,
    principal: Principal,
    occupant: str,
    claimant: str,
    sort: str,
    order: str,
) -> list[service.FeatureView]:
    if order not in ("asc", "desc"):
        raise InvalidInput.field("order", "must be asc or desc")
    views = service.list_features(session, deployment=deployment, principal=principal)
    if occupant:
        views = [v for v in views if (v.info.occupant or "none") == occupant]
    if claimant:
        views = [v for v in views if claimant in v.info.claimants]
    return sorted(views, key=lambda v: (sort_key(v, sort), v.info.name), reverse=order == "desc")


def _map_words() -> dict[str, str]:
    """What the map's script writes in a feature's box, in the reader's language (it fills
    in the ``%(...)s``)."""
    return {
        "held": gettext("held by %(holder)s"),
        "claimed": gettext("claimed by %(claimants)s"),
        "nobody": gettext("nobody"),
        "area": gettext("%(ha)s ha (baseline %(baseline)s ha)"),
        "findings": gettext("%(n)s open finding(s)"),
    }


@router.get("/features")
def feature_list(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    occupant: Text = "",
    claimant: Text = "",
    sort: Text = "name",
    order: Text = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    views = _listing(session, deployment, principal, occupant, claimant, sort, order)
    filters = {k: v for k, v in {"occupant": occupant, "claimant": claimant}.items() if v}
    pages = max(1, -(-len(views) // PAGE_SIZE))

    def url(**changes: Any) -> str:
        params = filters | {"sort": sort, "order": order, "page": str(page)} | changes
        return "/features?" + urlencode({k: v for k, v in params.items() if v})

    def sort_url(key: str) -> str:
        flip = "desc" if key == sort and order == "asc" else "asc"
        return url(sort=key, order=flip, page="1")

    return render(
        request,
        "statusquo/features.html",
        principal,
        deployment,
        views=views[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(views),
        filters=filters,
        sort=sort,
        order=order,
        page=page,
        pages=pages,
        url=url,
        sort_url=sort_url,
        sort_keys=SORT_KEYS,
        regime=service.regime_of(deployment),
        csv_url="/features.csv?" + urlencode(filters | {"sort": sort, "order": order}),
        holders=sorted({v.info.occupant or "none" for v in views}),
        map_words=_map_words(),
    )


@router.get("/features.csv")
def feature_csv(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    occupant: Text = "",
    claimant: Text = "",
    sort: Text = "name",
    order: Text = "asc",
) -> Response:
    """Every feature the list shows (all pages), as CSV."""
    views = _listing(session, deployment, principal, occupant, claimant, sort, order)
    rows = csv_rows(views)
    return csv_response(list(rows[0]) if rows else ["id"], rows, "features.csv")


@router.get("/features/{feature_id}")
def feature_page(
    feature_id: FeatureIdPath,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    v = service.get_feature(
        session, deployment=deployment, principal=principal, feature_id=feature_id
    )
    kinds = sorted(set(v.baseline.facilities) | set(v.current.facilities))
    deployed = sorted(set(v.baseline.deployments) | set(v.current.deployments))
    return render(
        request,
        "statusquo/feature.html",
        principal,
        deployment,
        v=v,
        chart=chart(v.timeline),
        facility_kinds=kinds,
        deployment_kinds=deployed,
        words=kind_words,
        regime=service.regime_of(deployment),
        can_declare=principal.role is Role.MEMBER,
        can_observe=principal.role is Role.SECRETARIAT,
    )


def _fact_page(
    request: Request,
    principal: Principal,
    deployment: Any,
    view: service.FeatureView,
    *,
    observation: bool,
    form: dict[str, str],
    errors: list[FieldError],
    checked: Preview | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "statusquo/fact_form.html",
        principal,
        deployment,
        v=view,
        observation=observation,
        form=form,
        errors=errors,
        preview=checked,
        action=f"/features/{view.info.id}/{'observe' if observation else 'change'}",
        facility_kinds=FACILITY_KINDS,
        deployment_kinds=DEPLOYMENT_KINDS,
        audiences=[a.value for a in Audience],
        status_code=status_code,
    )


def _may(principal: Principal, observation: bool) -> None:
    if observation and principal.role is not Role.SECRETARIAT:
        raise Forbidden("only the secretariat records observations of features")
    if not observation and principal.role is not Role.MEMBER:
        raise Forbidden("only a member's point of contact declares changes it made")


@router.get("/features/{feature_id}/{what}")
def fact_form(
    feature_id: FeatureIdPath,
    what: Annotated[str, Path(pattern="^(change|observe)$")],
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> Response:
    if principal.role is Role.PUBLIC:
        return RedirectResponse(f"/login?next=/features/{feature_id}/{what}", status_code=303)
    observation = what == "observe"
    _may(principal, observation)
    view = service.get_feature(
        session, deployment=deployment, principal=principal, feature_id=feature_id
    )
    form = dict.fromkeys(FACT_FIELDS, "")
    return _fact_page(
        request, principal, deployment, view, observation=observation, form=form, errors=[]
    )


@router.post("/features/{feature_id}/{what}")
async def fact_submit(
    feature_id: FeatureIdPath,
    what: Annotated[str, Path(pattern="^(change|observe)$")],
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    submit: SubmitDep,
) -> Response:
    """``step=confirm``: check and show what will be signed; ``step=sign``: sign exactly
    that; ``step=edit``: back to the form."""
    observation = what == "observe"
    _may(principal, observation)
    view = service.get_feature(
        session, deployment=deployment, principal=principal, feature_id=feature_id
    )
    posted = await request.form()
    form = {k: str(posted.get(k, "")) for k in FACT_FIELDS}
    step = str(posted.get("step", "confirm"))

    def page(errors: list[FieldError], checked: Preview | None = None, code: int = 200) -> Response:
        return _fact_page(
            request,
            principal,
            deployment,
            view,
            observation=observation,
            form=form,
            errors=errors,
            checked=checked,
            status_code=code,
        )

    if step == "edit":
        return page([])
    kind = r.KIND_OBSERVATION if observation else r.KIND_CHANGE
    try:
        payload = fact_payload(form, observation=observation) | {"feature": feature_id}
        if view.info.evidence and not view.info.registry:
            payload["entry_id"] = view.info.evidence[0]
        checked = preview(
            session,
            deployment=deployment,
            principal=principal,
            kind=kind,
            payload=payload,
            audience=form.get("audience") or None,
            now=clock.now(),
        )
        if step != "sign":
            return page([], checked)
        if str(posted.get("digest", "")) != checked.sha256:
            raise InvalidInput.field(
                "form", "changed since you confirmed it: check what will be signed, then sign"
            )
        submit.record(kind, checked.payload, checked.audience)
    except InvalidInput as exc:
        return page(exc.errors, code=422)
    return RedirectResponse(f"/features/{feature_id}", status_code=303)


@router.get("/public-goods")
def goods_page(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    goods = service.list_goods(session, deployment=deployment, principal=principal)
    features = service.list_features(session, deployment=deployment, principal=principal)
    return render(
        request,
        "statusquo/goods.html",
        principal,
        deployment,
        goods=goods,
        features=features,
        form=dict.fromkeys(("kind", "name", "feature", "description"), ""),
        errors=[],
        preview=None,
        can_offer=principal.role is Role.MEMBER,
        words=kind_words,
    )


@router.post("/public-goods")
async def goods_offer(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    submit: SubmitDep,
) -> Response:
    """Offer a public good (``step`` as on the other forms)."""
    if principal.role is not Role.MEMBER:
        raise Forbidden("only a member's point of contact offers public goods")
    posted = await request.form()
    form = {k: str(posted.get(k, "")).strip() for k in ("kind", "name", "feature", "description")}
    step = str(posted.get("step", "confirm"))
    goods = service.list_goods(session, deployment=deployment, principal=principal)
    features = service.list_features(session, deployment=deployment, principal=principal)
    payload: dict[str, Any] = {k: v for k, v in form.items() if v}
    checked = None
    errors: list[FieldError] = []
    if step != "edit":
        try:
            checked = preview(
                session,
                deployment=deployment,
                principal=principal,
                kind=r.KIND_GOOD,
                payload=payload,
                audience=None,
                now=clock.now(),
            )
            if step == "sign":
                if str(posted.get("digest", "")) != checked.sha256:
                    raise InvalidInput.field("form", "changed since you confirmed it")
                submit.record(r.KIND_GOOD, checked.payload, checked.audience)
                return RedirectResponse("/public-goods", status_code=303)
        except InvalidInput as exc:
            checked, errors = None, exc.errors
    return render(
        request,
        "statusquo/goods.html",
        principal,
        deployment,
        goods=goods,
        features=features,
        form=form,
        errors=errors,
        preview=checked,
        can_offer=True,
        words=kind_words,
        status_code=422 if errors else 200,
    )


@router.post("/public-goods/{good_id}/join")
async def goods_join(
    good_id: PathId, request: Request, principal: PrincipalDep, submit: SubmitDep
) -> Response:
    """Join a public good (the button says what it signs)."""
    if principal.role is not Role.MEMBER:
        raise Forbidden("only a member's point of contact joins public goods")
    posted = await request.form()
    contribution = str(posted.get("contribution", "")).strip()
    submit.record(r.KIND_JOIN, {"good_id": good_id, "contribution": contribution})
    return RedirectResponse("/public-goods", status_code=303)
