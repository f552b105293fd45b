"""Request-scoped dependencies: the unit of work, the deployment, who is calling, the clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from cosec import deployment as deployment_service
from cosec.access import service as users
from cosec.access.principals import PUBLIC, Principal, Role
from cosec.clock import Clock
from cosec.deployment import Deployment
from cosec.errors import Forbidden, Unauthenticated
from cosec.store.db import unit_of_work

COOKIE = "cosec_key"


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request; writes take the write lock up front."""
    write = request.method not in ("GET", "HEAD", "OPTIONS")
    with unit_of_work(request.app.state.sessions, write=write) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_deployment(session: SessionDep) -> Deployment:
    """The deployment's charter versions."""
    return deployment_service.load(session)


def get_clock(request: Request) -> Clock:
    """The app's clock (the system clock, or a fixed one in tests)."""
    clock: Clock = request.app.state.clock
    return clock


def presented_key(request: Request) -> str | None:
    """The API key sent as a bearer token, an ``X-API-Key`` header or the web cookie."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-api-key") or request.cookies.get(COOKIE)


def get_principal(request: Request, session: SessionDep) -> Principal:
    """Who is calling: the key's principal, or the anonymous public without a key."""
    key = presented_key(request)
    if not key:
        return PUBLIC
    if request.cookies.get(COOKIE) == key and not request.headers.get("authorization"):
        try:
            return users.authenticate(session, key=key)
        except Unauthenticated:
            return PUBLIC  # a stale web cookie reads as public; the page offers a login
    return users.authenticate(session, key=key)


DeploymentDep = Annotated[Deployment, Depends(get_deployment)]
ClockDep = Annotated[Clock, Depends(get_clock)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_signed_in(principal: PrincipalDep) -> Principal:
    """Any authenticated principal."""
    if principal.role is Role.PUBLIC:
        raise Unauthenticated("sign in with an API key")
    return principal


def require_submitter(principal: PrincipalDep) -> Principal:
    """A member's point of contact or the secretariat."""
    if principal.role is Role.PUBLIC:
        raise Unauthenticated("sign in with an API key to submit")
    if principal.submitter is None:
        raise Forbidden(f"{principal.label} may not submit records")
    return principal


def require_secretariat(principal: PrincipalDep) -> Principal:
    """The secretariat only."""
    if principal.role is Role.PUBLIC:
        raise Unauthenticated("sign in with an API key")
    if principal.role is not Role.SECRETARIAT:
        raise Forbidden("only the secretariat may do this")
    return principal


SubmitterDep = Annotated[Principal, Depends(require_submitter)]
SecretariatDep = Annotated[Principal, Depends(require_secretariat)]
SignedInDep = Annotated[Principal, Depends(require_signed_in)]
