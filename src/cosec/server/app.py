"""The ASGI application: the /v1 API, the web pages, and the one place errors become HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cosec import __version__
from cosec.access.ratelimit import TokenBuckets
from cosec.alerts.config import MailConfig
from cosec.api import docs, errors
from cosec.api.config import WebConfig
from cosec.api.guard import Guard
from cosec.clock import Clock, SystemClock
from cosec.deployment import load
from cosec.logstore.context import Ledger
from cosec.pipeline.committer import Committer
from cosec.registry import mechanisms
from cosec.store.db import make_engine, session_factory
from cosec.web import language
from cosec.web.language import Language


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
    data_dir: Path | None = None,
    config: WebConfig | None = None,
    mail: MailConfig | None = None,
) -> FastAPI:
    """The whole app over a session factory (the store is migrated and has a charter)."""
    from cosec.alerts.runner import alerting
    from cosec.api.routes import evidence, findings, fleet, inbox, log, publications, records
    from cosec.web.render import error_page
    from cosec.web.routes import mount as mount_web

    config = config or WebConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.committer.start()  # its evaluator's first tick judges what fell due
        async with AsyncExitStack() as started:  # each mechanism's own startup (schedulers)
            for m in mechanisms().values():
                if m.interfaces.startup is not None:
                    await started.enter_async_context(m.interfaces.startup.load()(app))
            await started.enter_async_context(alerting(app))  # e-mail alerts, if SMTP is set
            yield
        app.state.committer.close()

    app = FastAPI(
        docs_url=None,  # served from packaged assets below, not a CDN
        redoc_url=None,
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
    app.state.config = config
    app.state.mail = mail
    app.state.auth_failures = TokenBuckets(
        per_minute=config.auth_failures_per_minute, what="failed sign-ins"
    )
    app.state.costly = TokenBuckets(
        per_minute=config.costly_requests_per_minute, what="costly requests"
    )
    errors.install(app)
    app.state.error_page = error_page
    app.add_middleware(
        Guard,
        allowed_hosts=config.allowed_hosts,
        max_body_bytes=config.max_body_bytes,
        max_upload_bytes=config.max_upload_bytes,
    )
    app.add_middleware(Language)  # outermost: errors are shown in the reader's language too

    for m in mechanisms().values():
        if m.interfaces.api is not None:
            app.include_router(m.interfaces.api.load())
    app.include_router(records.router)
    app.include_router(findings.router)
    app.include_router(log.router)
    app.include_router(evidence.router)
    app.include_router(fleet.router)
    app.include_router(inbox.router)
    app.include_router(publications.router)
    mount_web(app)
    app.include_router(language.router)
    docs.mount(app)
    return app
