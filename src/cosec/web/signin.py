"""Signing in and out of the web pages: a server-side session per browser.

``POST /login`` checks the API key (failures count against the client's address), starts
a session (:mod:`cosec.access.sessions`) and gives the browser only its random id, in an
HttpOnly, SameSite=Lax cookie, Secure unless the server runs on a loopback address. The
sign-in form carries a token of its own, matched against a cookie set with the form, so
another site cannot sign a browser in either. ``POST /logout`` deletes the session.

A person who enrolled a second factor is asked for a code next: the key is not kept, only
a pending sign-in (who, with which key, until when) in a cookie the server signed, good
for five minutes; ``POST /login/code`` checks it and the code (a wrong code counts as a
failed sign-in, like a wrong key) and only then starts the session.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from cosec.access import people
from cosec.access import service as users
from cosec.access import sessions as web_sessions
from cosec.access.totp import ServerSecret
from cosec.api import auth
from cosec.api.config import WebConfig
from cosec.api.deps import PrincipalDep
from cosec.errors import Forbidden, Unauthenticated
from cosec.principals import PUBLIC, Principal, Role
from cosec.store.db import unit_of_work
from cosec.store.tables import ApiKeyRow
from cosec.web.render import render

router = APIRouter(include_in_schema=False)

LOGIN_PATH = "/login"
PENDING_COOKIE = "cosec_login_pending"
"""A sign-in waiting for its second factor: who, which key, until when; signed by the server."""
PENDING_SECONDS = 300


def _login_form(
    request: Request,
    principal: Principal,
    *,
    next_: str,
    errors: list[dict[str, str]],
    status_code: int = 200,
    step: str = "key",
) -> HTMLResponse:
    """The sign-in page with a fresh form token, set in its cookie too."""
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        principal,
        errors=errors,
        next=next_,
        login_token=token,
        step=step,
        status_code=status_code,
    )
    config: WebConfig = request.app.state.config
    response.set_cookie(
        auth.LOGIN_COOKIE,
        token,
        max_age=3600,
        path=LOGIN_PATH,
        httponly=True,
        samesite="strict",
        secure=config.secure_cookies,
    )
    return response


@router.get(LOGIN_PATH)
def login_page(
    request: Request, principal: PrincipalDep, next_: Annotated[str, Query(alias="next")] = ""
) -> HTMLResponse:
    return _login_form(request, principal, next_=next_, errors=[])


def server_secret(request: Request) -> ServerSecret:
    """The server's secret for second factors (derived from its log key)."""
    return ServerSecret.from_key(request.app.state.ledger.identity.signer.private_key)


def _start(request: Request, key: str) -> tuple[str, Principal] | tuple[None, str]:
    """A session for the key's holder, or ``(None, pending)`` when a code must come next."""
    config: WebConfig = request.app.state.config
    now = request.app.state.clock.now()
    with auth.counted_sign_in(request), unit_of_work(request.app.state.sessions, write=True) as s:
        principal, key_id = users.authenticate_key(s, key=key)
        if people.needs_code(s, principal.id):
            return None, _pending(request, principal.id or 0, key_id, int(now.timestamp()))
        session_id, started = web_sessions.start_for(
            s,
            principal=principal,
            key_id=key_id,
            now=now,
            lifetime=timedelta(hours=config.session_hours),
        )
    return session_id, started.principal


def _pending(request: Request, principal_id: int, key_id: int, now: int) -> str:
    body = f"{principal_id}.{key_id}.{now + PENDING_SECONDS}.{secrets.token_hex(8)}"
    mac = server_secret(request).mac("cosec pending sign-in v1", body.encode()).hex()
    return f"{body}.{mac}"


def _pending_of(request: Request, token: str) -> tuple[int, int]:
    """``(principal id, key id)`` of a pending sign-in the server signed and that is fresh."""
    body, _, mac = token.rpartition(".")
    parts = body.split(".")
    want = server_secret(request).mac("cosec pending sign-in v1", body.encode()).hex()
    if len(parts) != 4 or not hmac.compare_digest(mac, want):
        raise Forbidden("login_token: this sign-in is out of date; sign in again")
    if int(parts[2]) < int(request.app.state.clock.now().timestamp()):
        raise Forbidden("login_token: five minutes passed; sign in again with your key")
    return int(parts[0]), int(parts[1])


def _finish_with_code(request: Request, pending: str, code: str) -> tuple[str, Principal]:
    config: WebConfig = request.app.state.config
    now = request.app.state.clock.now()
    principal_id, key_id = _pending_of(request, pending)
    with auth.counted_sign_in(request), unit_of_work(request.app.state.sessions, write=True) as s:
        key = s.scalar(select(ApiKeyRow).where(ApiKeyRow.id == key_id))
        if key is None or key.revoked_at is not None or key.principal_id != principal_id:
            raise Unauthenticated("this API key was revoked")
        principal = users.get_by_id(s, principal_id=principal_id)
        if principal is None:
            raise Unauthenticated("this user is disabled")
        people.check_code(
            s, principal_id=principal_id, code=code, server=server_secret(request), now=now
        )
        session_id, started = web_sessions.start_for(
            s,
            principal=principal,
            key_id=key_id,
            now=now,
            lifetime=timedelta(hours=config.session_hours),
        )
    return session_id, started.principal


def _signed_in(request: Request, session_id: str, principal: Principal, nxt: str) -> Response:
    target = "/notifications/new" if principal.role is Role.MEMBER else "/"
    if principal.is_person:
        target = (
            "/drafts" if principal.duty is not None and principal.duty.value != "reader" else "/"
        )
    response = RedirectResponse(
        nxt if nxt.startswith("/") and not nxt.startswith("//") else target, status_code=303
    )
    config: WebConfig = request.app.state.config
    response.set_cookie(
        auth.SESSION_COOKIE,
        session_id,
        max_age=config.session_hours * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=config.secure_cookies,
    )
    response.delete_cookie(auth.LOGIN_COOKIE, path=LOGIN_PATH)
    response.delete_cookie(PENDING_COOKIE, path=LOGIN_PATH)
    response.delete_cookie(auth.LEGACY_COOKIE)
    return response


def _check_form_token(request: Request, token: str) -> None:
    expected = request.cookies.get(auth.LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Forbidden(
            "login_token: this sign-in form is out of date (or was not sent from cosec); "
            "reload the page and sign in again"
        )


@router.post(LOGIN_PATH)
async def login(request: Request) -> Response:
    form = await request.form()
    key = str(form.get("key", "")).strip()
    nxt = str(form.get("next", ""))
    _check_form_token(request, str(form.get("login_token", "")))
    try:
        started = await run_in_threadpool(_start, request, key)
    except Unauthenticated as exc:
        errors = [{"loc": "key", "rule": str(exc)}]
        return _login_form(request, PUBLIC, next_=nxt, errors=errors, status_code=401)
    if started[0] is None:
        return _code_form(request, pending=started[1], next_=nxt, errors=[])
    session_id, principal = started
    assert isinstance(principal, Principal)
    return _signed_in(request, session_id, principal, nxt)


def _code_form(
    request: Request,
    *,
    pending: str,
    next_: str,
    errors: list[dict[str, str]],
    status_code: int = 200,
) -> HTMLResponse:
    """The second step: the code of the person's authenticator app."""
    response = _login_form(
        request, PUBLIC, next_=next_, errors=errors, status_code=status_code, step="code"
    )
    config: WebConfig = request.app.state.config
    response.set_cookie(
        PENDING_COOKIE,
        pending,
        max_age=PENDING_SECONDS,
        path=LOGIN_PATH,
        httponly=True,
        samesite="strict",
        secure=config.secure_cookies,
    )
    return response


@router.post(f"{LOGIN_PATH}/code")
async def login_code(request: Request) -> Response:
    form = await request.form()
    nxt = str(form.get("next", ""))
    _check_form_token(request, str(form.get("login_token", "")))
    pending = request.cookies.get(PENDING_COOKIE, "")
    if not pending:
        raise Forbidden("login_token: no sign-in is waiting for a code; sign in with your key")
    try:
        session_id, principal = await run_in_threadpool(
            _finish_with_code, request, pending, str(form.get("code", ""))
        )
    except Unauthenticated as exc:
        errors = [{"loc": "code", "rule": str(exc)}]
        return _code_form(request, pending=pending, next_=nxt, errors=errors, status_code=401)
    return _signed_in(request, session_id, principal, nxt)


@router.post("/logout")
def logout(request: Request, _: PrincipalDep) -> Response:
    """Sign out: the session ends on the server, the browser forgets its id."""
    session_id = request.cookies.get(auth.SESSION_COOKIE)
    if session_id and auth.web_session(request) is not None:
        with unit_of_work(request.app.state.sessions, write=True) as s:
            web_sessions.end(s, session_id=session_id)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    response.delete_cookie(auth.LEGACY_COOKIE)
    return response
