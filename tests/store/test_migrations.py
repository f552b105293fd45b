"""The schema comes from migrations, and matches the tables the code declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cosec.store.base import Base
from cosec.store.db import make_engine
from cosec.store.migrate import is_current


def test_migrations_build_the_declared_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    assert is_current(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []
