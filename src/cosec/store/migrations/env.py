"""Alembic environment: migrate the connection or URL cosec hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import cosec.access.tables  # registers the tables on the metadata
import cosec.alerts.tables
import cosec.drafts.tables
import cosec.inbox.tables
import cosec.logstore.tables
import cosec.store.observations
import cosec.store.publications
import cosec.store.tables  # noqa: F401
from cosec.store.base import Base
from cosec.store.db import make_engine

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
