"""Crash tests: ``cosec serve`` killed with SIGKILL under concurrent load, and PostgreSQL
itself crashed (``pg_ctl -m immediate``), round after round.

After every restart the log must still hold every record it acknowledged (201) with its
log entry, rebuild from its leaves the latest checkpoint, be consistent with every
checkpoint it ever served, and have nothing half written in the store: one record per
entry and one entry per record, indices without gaps, every Merkle node row right and none
extra, every stored checkpoint's root right, the head at the latest checkpoint.

The crash moments are random; the seed is printed (``COSEC_CRASH_SEED`` replays it,
``COSEC_CRASH_ROUNDS`` changes the number of rounds).

What this does not test: a SIGKILL or an immediate PostgreSQL stop leaves the operating
system's page cache intact, so these tests prove atomicity and recovery of the process
and of the database, not that ``fsync`` reached the disk (that needs a power cut, or a
block device that drops unsynced writes).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from cosec.store.db import make_engine
from tests.reliability.harness import (
    Fleet,
    LogChecker,
    Processes,
    Server,
    cosec_env,
    provision,
    rounds,
    seed_for,
)
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.slow


def _wait_for_acks(fleet: Fleet, round_: int, at_least: int, timeout: float = 30.0) -> None:
    """Crash only once the round's load is really flowing."""
    deadline = time.monotonic() + timeout
    while fleet.acks_in(round_) < at_least:
        assert time.monotonic() < deadline, f"no load in round {round_}: {fleet.refusals[:3]}"
        time.sleep(0.01)


def _check(checker: LogChecker, url: str, fleet: Fleet, rng: random.Random, label: str) -> None:
    assert not fleet.refusals, f"{label}: refused: {fleet.refusals[:5]}"
    summary = checker.check(url, fleet, rng=rng)
    print(
        f"{label}: log size {summary.size}, {summary.served} checkpoints served, "
        f"{summary.acks} acknowledged, {summary.in_doubt_committed} in doubt but logged; "
        f"checked in {summary.seconds:.2f} s",
        flush=True,
    )


def _assert_durable_sqlite(url: str) -> None:
    """The premise: the store's engine (the server's too) runs WAL with synchronous=FULL."""
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        engine.dispose()


def test_sqlite_log_survives_sigkill_under_load(tmp_path: Path, processes: Processes) -> None:
    seed = seed_for("sqlite crash")
    rng = random.Random(seed)
    url = f"sqlite:///{tmp_path / 'cosec.db'}"
    env = cosec_env(tmp_path, url)
    keys = provision(env)
    _assert_durable_sqlite(url)
    server = processes.server("serve", env)
    server.start()
    server.wait_ready()
    checker = LogChecker(server.url, keys["SEC"], url)
    fleet = Fleet(keys, tmp_path / "keys")
    for r in range(rounds(6)):
        label = f"[seed {seed}] round {r}"
        fleet.sync(server.url)
        fleet.start([server.url], r)
        try:
            _wait_for_acks(fleet, r, rng.randint(1, 20))
            time.sleep(rng.uniform(0.0, 1.0))
            server.kill()
            time.sleep(0.1)  # let the clients see the dead server
        finally:
            fleet.stop()
        server.start()
        server.wait_ready()
        assert not fleet.server_errors, f"{label}: {fleet.server_errors[:5]}"
        _check(checker, server.url, fleet, rng, label)
    assert len(fleet.acks) >= rounds(6)


def test_postgres_log_survives_crashes_of_servers_and_database(
    tmp_path: Path, processes: Processes, durable_postgres: PostgresServer
) -> None:
    seed = seed_for("postgres crash")
    rng = random.Random(seed)
    durable_postgres.execute("CREATE DATABASE cosec")
    url = durable_postgres.url("cosec")
    env = cosec_env(tmp_path, url)
    keys = provision(env)
    servers = [processes.server("serve-a", env), processes.server("serve-b", env)]
    for s in servers:
        s.start()
    for s in servers:
        s.wait_ready()
    checker = LogChecker(servers[0].url, keys["SEC"], url)
    fleet = Fleet(keys, tmp_path / "keys")
    # Every kind of crash comes up at least once; the order and the moments are random.
    modes = ["one server", "database", "both servers", "database and one server"]
    plan = modes + [rng.choice(modes) for _ in range(max(0, rounds(5) - len(modes)))]
    rng.shuffle(plan)
    for r, mode in enumerate(plan):
        label = f"[seed {seed}] round {r} ({mode})"
        print(f"{label}: starting", flush=True)
        fleet.sync(servers[r % 2].url)
        fleet.start([s.url for s in servers], r)
        killed: list[Server] = []
        try:
            _wait_for_acks(fleet, r, rng.randint(1, 20))
            time.sleep(rng.uniform(0.0, 1.0))
            if mode == "one server":
                killed = [rng.choice(servers)]
            elif mode == "both servers":
                killed = list(servers)
            elif mode == "database and one server":
                killed = [rng.choice(servers)]
            if mode.startswith("database"):
                durable_postgres.stop("immediate")
            for s in killed:
                s.kill()
            time.sleep(rng.uniform(0.05, 0.5))
            if mode.startswith("database"):
                durable_postgres.start()
        finally:
            fleet.stop()
        for s in killed:
            s.start()
        for s in servers:
            s.wait_ready()
        if not mode.startswith("database"):
            assert not fleet.server_errors, f"{label}: {fleet.server_errors[:5]}"
        fleet.server_errors.clear()
        _check(checker, servers[r % 2].url, fleet, rng, label)
    # Both servers still write after all that: one acknowledged submission through each.
    fleet.sync(servers[0].url)
    for i, s in enumerate(servers):
        fleet.start([s.url], len(plan) + i)
        try:
            _wait_for_acks(fleet, len(plan) + i, 3)
        finally:
            fleet.stop()
    assert not fleet.server_errors, fleet.server_errors[:5]
    _check(checker, servers[0].url, fleet, rng, f"[seed {seed}] after the last round")
