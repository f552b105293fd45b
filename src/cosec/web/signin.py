"""Signing in and out of the web pages: a server-side session per browser.

``POST /login`` checks the API key (failures count against the client's address), starts
a session (:mod:`cosec.access.sessions`) and gives the browser only its random id, in an
HttpOnly, SameSite=Lax cookie, Secure unless the server runs on a loopback address. The
sign-in form carries a token of its own, matched against a cookie set with the form, so
another site cannot sign a browser in either. ``POST /logout`` deletes the session.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cosec.access import sessions as web_sessions
from cosec.access.principals import PUBLIC, Principal, Role
from cosec.api import auth
from cosec.api.config import WebConfig
from cosec.api.deps import PrincipalDep
from cosec.errors import Forbidden, Unauthenticated
from cosec.store.db import unit_of_work
from cosec.web.render import render

router = APIRouter(include_in_schema=False)

LOGIN_PATH = "/login"


def _login_form(
    request: Request,
    principal: Principal,
    *,
    next_: str,
    errors: list[dict[str, str]],
    status_code: int = 200,
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


def _start(request: Request, key: str) -> tuple[str, Principal]:
    config: WebConfig = request.app.state.config
    with auth.counted_sign_in(request), unit_of_work(request.app.state.sessions, write=True) as s:
        session_id, started = web_sessions.start(
            s,
            key=key,
            now=request.app.state.clock.now(),
            lifetime=timedelta(hours=config.session_hours),
        )
    return session_id, started.principal


@router.post(LOGIN_PATH)
async def login(request: Request) -> Response:
    form = await request.form()
    key = str(form.get("key", "")).strip()
    nxt = str(form.get("next", ""))
    token = str(form.get("login_token", ""))
    expected = request.cookies.get(auth.LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Forbidden(
            "login_token: this sign-in form is out of date (or was not sent from cosec); "
            "reload the page and sign in again"
        )
    try:
        session_id, principal = await run_in_threadpool(_start, request, key)
    except Unauthenticated as exc:
        errors = [{"loc": "key", "rule": str(exc)}]
        return _login_form(request, PUBLIC, next_=nxt, errors=errors, status_code=401)
    target = "/notifications/new" if principal.role is Role.MEMBER else "/"
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
    response.delete_cookie(auth.LEGACY_COOKIE)
    return response


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
