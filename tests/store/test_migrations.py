"""The schema comes from migrations, and matches the tables the code declares."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from cosec.store.base import Base
from cosec.store.db import make_engine
from cosec.store.migrate import alembic_config, is_current, upgrade


def test_migrations_build_the_declared_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    assert is_current(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_findings_stored_before_0011_are_found_by_their_records(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010")
        conn.execute(
            text(
                "INSERT INTO findings (id, key, obligation, flag, mechanism, charter_id, "
                "charter_version, severity, state, summary, subjects, evidence, details, "
                "audience, first_seen, last_seen) VALUES (1, 'k1', 'o', 'f', 'm', 'c', '1', "
                "'low', 'open', 's', '[]', '[7, 5, 7]', '{}', 'regime', "
                "'2027-01-01 00:00:00', '2027-01-01 00:00:00')"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        links = conn.execute(
            text("SELECT finding_id, record_id FROM finding_records ORDER BY record_id")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in links] == [(1, 5), (1, 7)]
