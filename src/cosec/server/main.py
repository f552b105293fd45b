"""Run the app with uvicorn on the configured database."""

from __future__ import annotations

import os

import uvicorn
from fastapi import FastAPI

from cosec.alerts.config import MailConfig
from cosec.api.config import WebConfig
from cosec.errors import InvalidInput
from cosec.logstore.context import Ledger
from cosec.server.app import create_app
from cosec.settings import get_settings
from cosec.store.db import make_engine, session_factory
from cosec.store.migrate import is_current, upgrade


def build_app(
    database_url: str | None = None, *, host: str | None = None, port: int | None = None
) -> FastAPI:
    """The app over ``database_url`` (default ``COSEC_DATABASE_URL``), migrated first, to
    be served on ``host``:``port`` (default ``COSEC_HOST``, ``COSEC_PORT``)."""
    settings = get_settings()
    url = database_url or settings.database_url
    engine = make_engine(url)
    if not is_current(engine):
        upgrade(engine)
    config = WebConfig.from_settings(settings, host=host, port=port)
    return create_app(
        session_factory(engine),
        ledger=Ledger.from_settings(settings),
        data_dir=settings.data_dir,
        config=config,
        mail=MailConfig.from_settings(settings, public_url=config.public_url),
    )


def check_workers(workers: int) -> None:
    """The number of server processes must be at least 1."""
    if workers < 1:
        raise InvalidInput.field("--workers", "must be at least 1")


def run(
    *,
    host: str | None = None,
    port: int | None = None,
    database_url: str | None = None,
    workers: int = 1,
) -> None:
    """Serve until interrupted, in one process or in ``workers`` processes.

    Each worker process is a whole server (its own connections, its own committer); they
    share the database, whose log head orders their appends (SQLite writers also queue on
    a lock file). The database is migrated and the log key made here, once, before any
    worker starts, so workers never race to do either.
    """
    check_workers(workers)
    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    if workers == 1:
        app = build_app(database_url, host=host, port=port)
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    url = database_url or settings.database_url
    engine = make_engine(url)
    if not is_current(engine):
        upgrade(engine)
    engine.dispose()
    Ledger.from_settings(settings)  # makes the log key file if this is the first start
    os.environ["COSEC_DATABASE_URL"] = url  # what each worker's build_app reads
    os.environ["COSEC_HOST"], os.environ["COSEC_PORT"] = host, str(port)
    uvicorn.run(
        "cosec.server.main:build_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )
