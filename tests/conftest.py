"""Shared fixtures: stores on SQLite and on a throwaway PostgreSQL, principals, a fixed clock."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from cosec import deployment as deployment_service
from cosec.access import service as users
from cosec.clock import FixedClock
from cosec.deployment import Deployment
from cosec.ledger.custody import MemoryCustody
from cosec.ledger.envelope import Envelope, seal
from cosec.ledger.keys import generate_signer
from cosec.ledger.note import Ed25519Signer
from cosec.logstore.context import Ledger
from cosec.logstore.log import LogIdentity
from cosec.pipeline.registration import register, vkey_of
from cosec.principals import Principal, Role
from cosec.records import SECRETARIAT
from cosec.store.db import make_engine, session_factory, unit_of_work
from cosec.store.migrate import upgrade
from tests.support import postgres

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def need(condition: bool, why: str) -> None:
    """Skip when ``condition`` is false, except in CI, where a missing part is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI must not skip: {why}")
        pytest.skip(why)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[postgres.PostgresServer]:
    """A PostgreSQL server for the whole run, with a migrated template database."""
    need(postgres.available(), "PostgreSQL 15 server binaries are not installed")
    server = postgres.PostgresServer()
    server.start()
    server.execute("CREATE DATABASE cosec_template")
    engine = make_engine(server.url("cosec_template"))
    upgrade(engine)
    engine.dispose()
    yield server
    server.destroy()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that tests copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


_counter = itertools.count()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh, migrated database: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        target = tmp_path / "cosec.db"
        shutil.copy(sqlite_template, target)
        return f"sqlite:///{target}"
    server: postgres.PostgresServer = request.getfixturevalue("pg_server")
    name = f"t{os.getpid()}_{next(_counter)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE cosec_template")
    return server.url(name)


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh, migrated SQLite database only."""
    target = tmp_path / "cosec.db"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at 1 March 2026, 09:00 UTC."""
    return FixedClock(START)


@dataclass
class World:
    """A store with the eas-2026 charter adopted and the secretariat's key registered.

    ``user()`` also registers a key for a member (signed by the secretariat) and deposits
    it with the server, so records can be submitted for that member.
    """

    factory: sessionmaker[Session]
    clock: FixedClock
    url: str
    ledger: Ledger
    secretariat_key: Ed25519Signer

    def session(self, *, write: bool = True) -> AbstractContextManager[Session]:
        """A unit of work on the store."""
        return unit_of_work(self.factory, write=write)

    def deployment(self) -> Deployment:
        with unit_of_work(self.factory) as s:
            return deployment_service.load(s)

    def user(
        self, name: str, role: Role = Role.MEMBER, member: str | None = None
    ) -> tuple[Principal, str]:
        """A user with an API key; a member's key is registered and deposited if new."""
        if member is not None:
            self.member_key(member)
        with unit_of_work(self.factory, write=True) as s:
            d = deployment_service.load(s)
            return users.add(
                s, name=name, role=role, member=member, charter=d.current, clock=self.clock
            )

    def signed_notification(
        self,
        signer: Ed25519Signer,
        seq: int,
        *,
        troops: int = 100,
        start: date = date(2027, 1, 1),
        days: int = 2,
    ) -> Envelope:
        """A ``notification.prior`` envelope the member signed itself, sent now."""
        return seal(
            signer,
            log=self.ledger.origin,
            kind="notification.prior",
            seq=seq,
            time=self.clock.now(),
            payload={
                "designation": f"Drill {signer.name} {seq}",
                "states": [signer.name],
                "start": start.isoformat(),
                "end": (start + timedelta(days=days - 1)).isoformat(),
                "figures": {"troops": troops},
            },
            audience="regime",
        )

    def member_key(self, member: str) -> Ed25519Signer:
        """The member's registered, deposited key (made on first use)."""
        key = self.ledger.custody.signer_for(member)
        if key is None:
            key = generate_signer(member)
            with unit_of_work(self.factory, write=True) as s:
                register(
                    s,
                    deployment=deployment_service.load(s),
                    ledger=self.ledger,
                    registrar=self.secretariat_key,
                    vkey=vkey_of(key),
                    clock=self.clock,
                )
            self.ledger.custody.deposit(key)
        return key


def fresh_ledger() -> Ledger:
    """A log identity and an in-memory custody for tests."""
    origin = "cosec.test/log"
    return Ledger(identity=LogIdentity(origin, generate_signer(origin)), custody=MemoryCustody())


def make_world(url: str, clock: FixedClock, charter: str = "eas-2026") -> World:
    """A world on the database at ``url``: charter adopted, secretariat key registered."""
    engine = make_engine(url)
    factory = session_factory(engine)
    ledger = fresh_ledger()
    sec = generate_signer(SECRETARIAT)
    with unit_of_work(factory, write=True) as s:
        deployment_service.adopt(s, ref=charter, clock=clock)
        register(
            s,
            deployment=deployment_service.load(s),
            ledger=ledger,
            registrar=sec,
            vkey=vkey_of(sec),
            clock=clock,
        )
    ledger.custody.deposit(sec)
    return World(factory=factory, clock=clock, url=url, ledger=ledger, secretariat_key=sec)


@pytest.fixture
def world(db_url: str, clock: FixedClock) -> Iterator[World]:
    """eas-2026 on SQLite and on PostgreSQL."""
    w = make_world(db_url, clock)
    yield w
    w.factory.kw["bind"].dispose()


@pytest.fixture
def sqlite_world(sqlite_url: str, clock: FixedClock) -> Iterator[World]:
    """eas-2026 on SQLite only."""
    w = make_world(sqlite_url, clock)
    yield w
    w.factory.kw["bind"].dispose()
