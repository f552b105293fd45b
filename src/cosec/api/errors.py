"""The one place errors become HTTP responses, all in one shape.

Under ``/v1`` an error is JSON: ``{"error", "message", "errors": [{"loc", "rule"}]}``;
anywhere else (the web pages, ``/docs``, static files) it is the HTML error page. cosec's
own errors, bad requests, Starlette's HTTP errors (no such route, method not allowed, a
body too large) and the unexpected (a 500 that shows no traceback) all go through
:func:`error_response`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from cosec.access.ratelimit import RateLimited
from cosec.errors import (
    Conflict,
    CosecError,
    Forbidden,
    InvalidInput,
    LedgerIntegrityError,
    NotFound,
    SignatureError,
    Unauthenticated,
)
from cosec.validation import describe

log = logging.getLogger("cosec.api")

_STATUS: list[tuple[type[CosecError], int]] = [
    (InvalidInput, 422),
    (NotFound, 404),
    (Unauthenticated, 401),
    (Forbidden, 403),
    (Conflict, 409),
    (SignatureError, 422),
    (RateLimited, 429),
    (LedgerIntegrityError, 500),
]

HTTP_ERRORS = {
    400: "BadRequest",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    409: "Conflict",
    413: "ContentTooLarge",
    415: "UnsupportedMediaType",
    422: "InvalidInput",
    429: "TooManyRequests",
    500: "InternalError",
}
"""The ``error`` of an HTTP error that is not one of cosec's own."""


def status_of(exc: CosecError) -> int:
    """The HTTP status for one of cosec's errors."""
    for cls, code in _STATUS:
        if isinstance(exc, cls):
            return code
    return 400


def error_body(exc: CosecError) -> dict[str, Any]:
    """The JSON body of an error response."""
    errors = (
        [{"loc": e.loc, "rule": e.rule} for e in exc.errors]
        if isinstance(exc, InvalidInput)
        else []
    )
    return {"error": type(exc).__name__, "message": str(exc), "errors": errors}


ErrorPage = Callable[[Request, int, str, dict[str, str]], Response]
"""How the pages show an error (the server sets ``app.state.error_page``; the API answers
JSON whatever it is)."""


def is_api(path: str) -> bool:
    """Whether ``path`` is the JSON API's (the rest are pages)."""
    return path == "/v1" or path.startswith("/v1/")


def error_response(
    request: Request,
    status: int,
    body: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> Response:
    """``body`` as JSON under /v1, else the HTML error page with its message."""
    page: ErrorPage | None = getattr(request.app.state, "error_page", None)
    if is_api(request.url.path) or page is None:
        return JSONResponse(dict(body), status_code=status, headers=headers)
    return page(request, status, str(body["message"]), dict(headers or {}))


def http_error_body(status: int, message: str, errors: Sequence[Any] = ()) -> dict[str, Any]:
    """The body of an HTTP error that is not one of cosec's own."""
    return {"error": HTTP_ERRORS.get(status, "HTTPError"), "message": message, "errors": errors}


def unexpected(request: Request, exc: BaseException) -> Response:
    """A 500 for an error nobody meant: logged with its traceback, shown without it."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        request,
        500,
        http_error_body(500, "an unexpected error occurred; it was logged on the server"),
    )


def install(app: FastAPI) -> None:
    """Answer every error ``app`` raises in the one shape."""

    @app.exception_handler(CosecError)
    async def _cosec_error(request: Request, exc: CosecError) -> Response:
        headers: dict[str, str] = {}
        if isinstance(exc, Unauthenticated) and is_api(request.url.path):
            headers["WWW-Authenticate"] = "Bearer"
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, LedgerIntegrityError):
            log.error("ledger integrity error on %s: %s", request.url.path, exc)
        return error_response(request, status_of(exc), error_body(exc), headers)

    @app.exception_handler(RequestValidationError)
    async def _request_error(request: Request, exc: RequestValidationError) -> Response:
        described = describe(
            [e | {"loc": e["loc"][1:]} if e["loc"][:1] == ("body",) else e for e in exc.errors()]
        )  # a body field is named as in the body: payload.figures.troops
        errors = [{"loc": e.loc, "rule": e.rule} for e in described]
        message = "; ".join(f"{e['loc']}: {e['rule']}" for e in errors)
        return error_response(
            request, 422, {"error": "InvalidInput", "message": message, "errors": errors}
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        headers = dict(exc.headers or {})
        if exc.status_code == 405 and (allowed := allowed_methods(request)):
            headers["Allow"] = ", ".join(allowed)
        return error_response(
            request, exc.status_code, http_error_body(exc.status_code, message), headers
        )


def allowed_methods(request: Request) -> list[str]:
    """Every method the API documents at the request's path (Starlette's ``Allow`` names
    only the first matching route's); none for the pages."""
    methods: set[str] = set()
    for template, operations in request.app.openapi()["paths"].items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods |= {m.upper() for m in operations}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)
