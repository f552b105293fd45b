"""The ASGI application: the /v1 API, the web pages, and the one place errors become HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cosec import __version__
from cosec.clock import Clock, SystemClock
from cosec.committer import Committer
from cosec.deployment import load
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
from cosec.ledger.context import Ledger
from cosec.store.db import make_engine, session_factory
from cosec.validation import describe

_STATUS: list[tuple[type[CosecError], int]] = [
    (InvalidInput, 422),
    (NotFound, 404),
    (Unauthenticated, 401),
    (Forbidden, 403),
    (Conflict, 409),
    (SignatureError, 422),
    (LedgerIntegrityError, 500),
]


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


def _writer_sessions(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """Sessions on connections of the committer's own, outside the requests' pool: one
    for its writer thread, one for its evaluator."""
    bind: Engine = sessions.kw["bind"]
    url = bind.url.render_as_string(hide_password=False)
    return session_factory(make_engine(url, pool_size=2, max_overflow=0))


def create_app(
    sessions: sessionmaker[Session],
    *,
    ledger: Ledger,
    clock: Clock | None = None,
    secure_cookies: bool = False,
    data_dir: Path | None = None,
) -> FastAPI:
    """The whole app over a session factory (the store is migrated and has a charter)."""
    from cosec.api.routes import evidence, findings, log, notifications, records
    from cosec.web.routes import error_page
    from cosec.web.routes import mount as mount_web

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.committer.close()

    app = FastAPI(
        lifespan=lifespan,
        title="cosec",
        version=__version__,
        description=(
            "The working system of a co-operative security mechanism for East Asia. "
            "Authenticate with `Authorization: Bearer <API key>`; without a key you read "
            "what is public."
        ),
    )
    app.state.sessions = sessions
    app.state.clock = clock or SystemClock()
    app.state.ledger = ledger
    app.state.data_dir = data_dir or Path("var/tracks")
    app.state.committer = Committer(_writer_sessions(sessions), ledger, app.state.clock, load)
    app.state.secure_cookies = secure_cookies

    @app.exception_handler(CosecError)
    async def _cosec_error(request: Request, exc: CosecError) -> Response:
        if not request.url.path.startswith("/v1"):
            return error_page(request, status_of(exc), str(exc))
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthenticated) else None
        return JSONResponse(error_body(exc), status_code=status_of(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _request_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        described = describe(
            [e | {"loc": e["loc"][1:]} if e["loc"][:1] == ("body",) else e for e in exc.errors()]
        )  # a body field is named as in the body: payload.figures.troops
        errors = [{"loc": e.loc, "rule": e.rule} for e in described]
        message = "; ".join(f"{e['loc']}: {e['rule']}" for e in errors)
        return JSONResponse(
            {"error": "InvalidInput", "message": message, "errors": errors}, status_code=422
        )

    app.include_router(notifications.router)
    app.include_router(records.router)
    app.include_router(findings.router)
    app.include_router(log.router)
    app.include_router(evidence.router)
    mount_web(app)
    return app
