"""The outer guard of every request: allowed hosts, bounded bodies, security headers, and
the one shape for what nothing else caught.

A pure ASGI middleware, so it sees the body as it streams in and every response as it
goes out:

- a ``Host`` header the server does not answer to is refused (400);
- a body larger than its route's limit is refused (413) as soon as its declared length
  or the bytes received say so, before the route reads it all;
- every response carries the security headers (:data:`SECURITY_HEADERS`);
- an exception no handler took becomes a 500 in the one error shape, logged with its
  traceback, which the response never shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cosec.api.errors import error_response, http_error_body, unexpected

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",  # the calendar's bars are placed by style=""
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

UPLOAD_ROUTES = {("POST", "/v1/track-datasets")}
"""Routes that take large uploads, under their own limit."""


class BodyTooLarge(HTTPException):
    """A request body over its route's limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body must be at most {limit:,} bytes")


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """Whether a ``Host`` header (port stripped) matches ``allowed`` (``*.x`` for subdomains)."""
    if not allowed:
        return True
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    name = name.strip("[]").lower()
    for pattern in allowed:
        pattern = pattern.strip("[]").lower()
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


class Guard:
    """Hosts, body limits, security headers and the last word on errors."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Sequence[str] = (),
        max_body_bytes: int,
        max_upload_bytes: int,
    ) -> None:
        self.app = app
        self.allowed_hosts = tuple(allowed_hosts)
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    def limit_for(self, scope: Scope) -> int:
        """The largest body the route of ``scope`` takes."""
        route = (scope["method"], scope["path"].rstrip("/") or "/")
        return self.max_upload_bytes if route in UPLOAD_ROUTES else self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        request = Request(scope)
        headers = Headers(scope=scope)
        if not host_allowed(headers.get("host", ""), self.allowed_hosts):
            body = http_error_body(400, "this server does not answer to that Host header")
            await error_response(request, 400, body)(scope, receive, send_secured)
            return
        limit = self.limit_for(scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            body = http_error_body(413, BodyTooLarge(limit).detail)
            response = error_response(request, 413, body, {"Connection": "close"})
            await response(scope, receive, send_secured)
            return
        received = 0

        async def receive_bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, receive_bounded, send_secured)
        except BodyTooLarge as exc:  # raised where no handler took it (outside a route)
            if started:
                raise
            body = http_error_body(413, exc.detail)
            await error_response(request, 413, body)(scope, receive, send_secured)
        except Exception as exc:
            if started:
                raise
            await unexpected(request, exc)(scope, receive, send_secured)
