"""The inbox page (/inbox), its alert and feed settings, and the Atom feeds.

- ``/inbox``: the signed-in user's open actions and deadlines, soonest first, filterable,
  each linking to where it is acted on; their e-mail alerts and feed link below;
- ``/feed.atom``: public findings, for anyone;
- ``/users/NAME/feed.atom?token=...``: the findings that user may read (feed readers
  cannot send headers, so the URL carries the user's feed token).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cosec.alerts import preferences
from cosec.api.deps import ClockDep, DeploymentDep, PrincipalDep, SessionDep
from cosec.deployment import Deployment
from cosec.errors import InvalidInput, Unauthenticated
from cosec.i18n import DEFAULT, LANGUAGES, N_
from cosec.inbox import feeds, tokens
from cosec.inbox import service as inbox_service
from cosec.principals import PUBLIC, Principal, Role
from cosec.store.db import unit_of_work
from cosec.web.render import render

router = APIRouter(include_in_schema=False)

WITHIN = (
    ("", N_("any time")),
    ("24", N_("within 24 h")),
    ("48", N_("within 48 h")),
    ("168", N_("within 7 days")),
)
"""The deadline filter's choices (hours), labelled (translated where shown)."""
KIND_WORDS = (  # the kinds of inbox items, as the kind filter shows them (translated there)
    N_("reply"),
    N_("calendar"),
    N_("invitation"),
    N_("notification"),
    N_("return"),
    N_("vote"),
    N_("task"),
    N_("message"),
    N_("report"),
    N_("finding"),
    N_("draft"),
)


def _choice(value: str, allowed: set[str], field: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if value not in allowed:
        raise InvalidInput.field(field, f"must be one of {', '.join(sorted(allowed))}")
    return value


def _page(
    request: Request,
    session: Any,
    deployment: Deployment,
    principal: Principal,
    now: Any,
    *,
    kind: str = "",
    member: str = "",
    within: str = "",
    errors: list[Any] | None = None,
    new_feed: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    hours = _choice(within, {h for h, _ in WITHIN if h}, "within")
    box = inbox_service.inbox(
        session,
        deployment=deployment,
        principal=principal,
        now=now,
        kind=kind.strip() or None,
        member=member.strip().upper() or None,
        within_hours=int(hours) if hours else None,
    )
    prefs, has_feed = preferences.Preferences(), False
    if principal.id is not None:
        prefs = preferences.get(session, principal_id=principal.id)
        has_feed = tokens.has_token(session, principal_id=principal.id)
    response = render(
        request,
        "inbox.html",
        principal,
        deployment,
        box=box,
        time_left=inbox_service.time_left,
        kind=kind,
        member=member,
        within=within,
        within_choices=WITHIN,
        prefs=form
        or {
            "email": prefs.email or "",
            "findings": prefs.findings,
            "deadlines": prefs.deadlines,
            "flash": prefs.flash,
            "language": prefs.language,
        },
        languages=LANGUAGES,
        has_feed=has_feed,
        new_feed=new_feed,
        errors=errors or [],
        status_code=status_code,
    )
    if new_feed:
        response.headers["Cache-Control"] = "no-store"  # the token is shown once
    return response


@router.get("/inbox")
def inbox_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
    kind: Annotated[str, Query(max_length=32)] = "",
    member: Annotated[str, Query(max_length=3)] = "",
    within: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    if principal.role is Role.PUBLIC:
        return RedirectResponse("/login?next=/inbox", status_code=303)
    return _page(
        request,
        session,
        deployment,
        principal,
        clock.now(),
        kind=kind,
        member=member,
        within=within,
    )


def _signed_in_user(principal: Principal) -> int:
    if principal.role is Role.PUBLIC or principal.id is None:
        raise Unauthenticated("sign in to set your alerts and feed")
    return principal.id


@router.post("/inbox/alerts")
async def inbox_alerts(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> Response:
    user = _signed_in_user(principal)
    form = await request.form()
    values = {
        "email": str(form.get("email", "")).strip(),
        "findings": form.get("findings") == "on",
        "deadlines": form.get("deadlines") == "on",
        "flash": form.get("flash") == "on",
        "language": str(form.get("language", DEFAULT))[:8],
    }
    try:
        with unit_of_work(request.app.state.sessions, write=True) as writing:
            preferences.update(
                writing,
                principal_id=user,
                clock=clock,
                email=str(values["email"]),
                findings=bool(values["findings"]),
                deadlines=bool(values["deadlines"]),
                flash=bool(values["flash"]),
                language=str(values["language"]),
            )
    except InvalidInput as exc:
        return _page(
            request,
            session,
            deployment,
            principal,
            clock.now(),
            errors=exc.errors,
            form=values,
            status_code=422,
        )
    return RedirectResponse("/inbox?saved=alerts#alerts", status_code=303)


@router.post("/inbox/feed-token")
def inbox_feed_token(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> Response:
    _signed_in_user(principal)
    with unit_of_work(request.app.state.sessions, write=True) as writing:
        token = tokens.issue(writing, principal=principal, clock=clock)
    url = tokens.feed_url(request.app.state.config.public_url, principal.name, token)
    session.expire_all()  # read the new token's row
    return _page(request, session, deployment, principal, clock.now(), new_feed=url)


@router.post("/inbox/feed-token/revoke")
def inbox_feed_revoke(request: Request, principal: PrincipalDep) -> Response:
    user = _signed_in_user(principal)
    with unit_of_work(request.app.state.sessions, write=True) as writing:
        tokens.revoke(writing, principal_id=user)
    return RedirectResponse("/inbox#feed", status_code=303)


def _atom(body: bytes) -> Response:
    return Response(body, media_type=feeds.MEDIA_TYPE + "; charset=utf-8")


@router.get("/feed.atom")
def public_feed(
    request: Request, session: SessionDep, deployment: DeploymentDep, clock: ClockDep
) -> Response:
    """Findings anyone may read, latest first."""
    feed = feeds.findings_feed(
        session,
        deployment=deployment,
        principal=PUBLIC,
        public_url=request.app.state.config.public_url,
        self_path="/feed.atom",
        now=clock.now(),
        title=f"cosec: public findings ({deployment.current.title})",
        specific="feed/public",
    )
    return _atom(feeds.render(feed))


@router.get("/users/{name}/feed.atom")
def user_feed(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    clock: ClockDep,
    name: Annotated[str, Path(max_length=200)],
    token: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The findings the user may read, opened by the user's feed token."""
    reader = tokens.reader(session, name=name, token=token)
    feed = feeds.findings_feed(
        session,
        deployment=deployment,
        principal=reader,
        public_url=request.app.state.config.public_url,
        self_path=f"/users/{quote(name, safe='')}/feed.atom?token={quote(token, safe='')}",
        now=clock.now(),
        title=f"cosec: findings for {reader.label}",
        specific=f"feed/user/{reader.id}",
    )
    response = _atom(feeds.render(feed))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
