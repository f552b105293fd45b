"""The reader's language: chosen on any page (``/language``), else the browser's.

:class:`Language` (ASGI middleware) serves each request in its reader's language (see
:mod:`cosec.i18n`); ``GET /language?to=zh&next=/findings`` remembers a choice in a cookie
for a year and goes back to the page it was made on. A choice is a preference of the
browser, not a change to anything stored, so it needs no form or token; ``next`` must be a
path on this site (never another host).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from cosec.errors import InvalidInput
from cosec.i18n import COOKIE, LANGUAGES, negotiate, speaking

router = APIRouter(include_in_schema=False)
YEAR_SECONDS = 365 * 24 * 3600


class Language:
    """Serve every request in its reader's language."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        chosen = cookie_parser(headers.get("cookie", "")).get(COOKIE)  # as request.cookies
        with speaking(negotiate(chosen, headers.get("accept-language"))):
            await self.app(scope, receive, send)


def _local(path: str) -> str:
    """``path`` if it is a path on this site, else the overview."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 2000:
        return "/"
    return path


@router.get("/language")
def choose(
    to: Annotated[str, Query(max_length=8, description="A language code: en or zh.")],
    next: Annotated[str, Query(max_length=2000)] = "/",
) -> RedirectResponse:
    """Remember the reader's language and go back to the page they were on."""
    if to not in LANGUAGES:
        raise InvalidInput.field("to", f"must be one of {', '.join(LANGUAGES)}")
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(COOKIE, to, max_age=YEAR_SECONDS, httponly=True, samesite="lax", path="/")
    return response
