"""The pages' layout: templates, navigation, and the HTML error page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from cosec.access.principals import PUBLIC, Principal
from cosec.api.auth import web_session

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

NAV = [
    ("/", "Overview"),
    ("/notifications", "Notifications"),
    ("/calendar", "Calendar"),
    ("/findings", "Findings"),
    ("/scorecards", "Scorecards"),
    ("/charter", "Charter"),
    ("/analyses", "Evidence"),
    ("/log", "Log"),
]

HEADINGS = {
    400: "Bad request",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed here",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
    429: "Too many requests",
    500: "Something went wrong",
}


def render(
    request: Request,
    name: str,
    principal: Principal,
    deployment: Any = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page with the layout's context."""
    path = request.url.path
    active = "/" if path == "/" else next((h for h, _ in NAV[1:] if path.startswith(h)), "")
    charter = deployment.current if deployment is not None else None
    signed_in = web_session(request)
    return templates.TemplateResponse(
        request,
        name,
        {
            "csrf": signed_in.csrf_token if signed_in is not None else "",
            "principal": principal,
            "nav": NAV,
            "active": active,
            "charter": charter,
            "names": charter.member_name if charter else str,
            **context,
        },
        status_code=status_code,
    )


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """An HTML error page (the API answers JSON instead)."""
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "principal": PUBLIC,
            "nav": NAV,
            "active": "",
            "charter": None,
            "names": str,
            "csrf": "",
            "status": status,
            "heading": HEADINGS.get(status, "Error"),
            "message": message,
        },
        status_code=status,
        headers=headers,
    )
