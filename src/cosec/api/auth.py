"""Who is calling: an API key in a header, or a web session's cookie; failures counted per
client address; forms of a session checked for their CSRF token.

- ``Authorization: Bearer <key>`` (or ``X-API-Key``): the API's callers. A key never needs
  a CSRF token: a browser does not send it by itself.
- the ``cosec_session`` cookie: a browser signed in at ``/login``; it holds a random
  session id (:mod:`cosec.access.sessions`), never the key. Every request with a method
  that changes something (``POST``...) must carry the session's token, as the form field
  ``csrf`` or the ``X-CSRF-Token`` header, or it is refused (403).
- nothing: the public.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from sqlalchemy.orm import Session

from cosec.access import people
from cosec.access import service as users
from cosec.access import sessions as web_sessions
from cosec.access.ratelimit import TokenBuckets
from cosec.access.sessions import WebSession
from cosec.errors import Forbidden, Unauthenticated
from cosec.principals import PUBLIC, Principal

SESSION_COOKIE = "cosec_session"
"""The web session's cookie: a random id the server looks up."""
LOGIN_COOKIE = "cosec_login"
"""The sign-in form's own token (a sign-in cannot be forged from another site either)."""
LEGACY_COOKIE = "cosec_key"
"""The cookie earlier versions kept the API key in: ignored, and deleted on sign-in/out."""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def presented_key(request: Request) -> str | None:
    """The API key sent as a bearer token or an ``X-API-Key`` header."""
    auth = request.headers.get("authorization")
    if auth is not None:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("the Authorization header must read: Bearer <API key>")
        return token.strip()
    return request.headers.get("x-api-key") or None


def client_address(request: Request) -> str:
    """The address the request came from (the proxy's, unless uvicorn trusts its headers)."""
    return request.client.host if request.client else "unknown"


@contextmanager
def counted_sign_in(request: Request) -> Iterator[None]:
    """A sign-in whose failure (:class:`Unauthenticated`) counts against the client's
    address; an address with too many recent failures is refused before it starts (429)."""
    failures: TokenBuckets = request.app.state.auth_failures
    client = client_address(request)
    failures.check(client)
    try:
        yield
    except Unauthenticated:
        failures.spend(client)
        raise


def authenticate(request: Request, session: Session, key: str) -> Principal:
    """The principal holding ``key``, counting a failure against the client's address.

    A person who enrolled a second factor signs in on the web pages: their key alone
    opens nothing."""
    with counted_sign_in(request):
        principal = users.authenticate(session, key=key)
        if principal.is_person and people.needs_code(session, principal.id):
            raise Unauthenticated(
                f"{principal.name} signs in with a second factor: sign in on the web pages "
                "(/login); machines use keys of users without a duty"
            )
        return principal


def web_session(request: Request) -> WebSession | None:
    """The request's web session, once :func:`resolve_principal` found one."""
    found: WebSession | None = getattr(request.state, "web_session", None)
    return found


def resolve_principal(request: Request, session: Session) -> Principal:
    """Who is calling: the key's principal, the web session's, or the public."""
    key = presented_key(request)
    if key:
        return authenticate(request, session, key)
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return PUBLIC
    found = web_sessions.resume(session, session_id=session_id, now=request.app.state.clock.now())
    if found is None:
        return PUBLIC  # expired, signed out or revoked: the public; the page offers a sign-in
    request.state.web_session = found
    return found.principal


async def check_csrf(request: Request) -> None:
    """Refuse a request of a web session that changes something without its CSRF token."""
    found = web_session(request)
    if found is None or request.method in SAFE_METHODS:
        return
    token = request.headers.get("x-csrf-token")
    if token is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get("csrf")
            token = value if isinstance(value, str) else None
    if token is None or not hmac.compare_digest(token.encode(), found.csrf_token.encode()):
        raise Forbidden(
            "csrf: this form's token is missing or out of date (or it was not sent from a "
            "cosec page); reload the page and send it again"
        )
