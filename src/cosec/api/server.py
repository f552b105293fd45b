"""Run the app with uvicorn on the configured database."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from cosec.api.app import create_app
from cosec.ledger.context import Ledger
from cosec.settings import get_settings
from cosec.store.db import make_engine, session_factory
from cosec.store.migrate import is_current, upgrade


def build_app(database_url: str | None = None) -> FastAPI:
    """The app over ``database_url`` (default ``COSEC_DATABASE_URL``), migrated first."""
    url = database_url or get_settings().database_url
    engine = make_engine(url)
    if not is_current(engine):
        upgrade(engine)
    settings = get_settings()
    return create_app(
        session_factory(engine),
        ledger=Ledger.from_settings(settings),
        secure_cookies=settings.secure_cookies,
        data_dir=settings.data_dir,
    )


def run(
    *, host: str | None = None, port: int | None = None, database_url: str | None = None
) -> None:
    """Serve until interrupted."""
    settings = get_settings()
    app = build_app(database_url)
    uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_level="info")
