"""Stores of generated notification histories, built through the real submission path and
cached under ``var/bench/evaluation/`` by size and generator version.

A store is a SQLite file with its keys (the log's key, and every member's key deposited
with the server) and ``meta.json`` (the API keys of the members' users, the records by
kind, how long the build took). Building goes through :func:`cosec.pipeline.submit.submit_many`
with the deposited keys, one call per member's submission batch (``evaluate=False``: the
benchmark times evaluation itself), many batches per transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from bench.evaluation.generate import EARLIER_FROM, EARLIER_VERSION, GENERATOR_VERSION, generate

from cosec import deployment as deployment_service
from cosec.access import service as users
from cosec.charters import profile_path
from cosec.clock import FixedClock
from cosec.ledger.custody import DirectoryCustody
from cosec.ledger.keys import generate_signer
from cosec.logstore.context import Ledger, load_or_create_log_key
from cosec.logstore.log import LogIdentity
from cosec.pipeline.registration import register, vkey_of
from cosec.pipeline.submit import Item, submit_many
from cosec.principals import Principal, Role
from cosec.records import SECRETARIAT
from cosec.store.db import make_engine, session_factory, unit_of_work
from cosec.store.migrate import is_current, upgrade

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "var" / "bench" / "evaluation"
ORIGIN = "cosec.bench/evaluation"
CHARTER = "eas-2026"
BATCHES_PER_TRANSACTION = 200


@dataclass(frozen=True)
class Store:
    """A built store in the cache (never written to: the benchmark works on copies)."""

    n: int
    directory: Path
    meta: dict[str, Any]

    @property
    def db(self) -> Path:
        return self.directory / "store.db"

    @property
    def keys(self) -> Path:
        return self.directory / "keys"

    @property
    def api_keys(self) -> dict[str, str]:
        keys: dict[str, str] = self.meta["api_keys"]
        return keys

    @property
    def records(self) -> int:
        return int(sum(self.meta["counts"].values()))

    def copy(self, where: Path) -> str:
        """A working copy of the database at ``where``, its schema brought up to date; its URL."""
        copy_db(self.db, where)
        url = f"sqlite:///{where}"
        engine = make_engine(url)
        try:
            if not is_current(engine):
                upgrade(engine)
        finally:
            engine.dispose()
        return url

    def ledger(self) -> Ledger:
        """The log's identity and the deposited keys, as a server process holds them."""
        signer = load_or_create_log_key(self.keys / "log.key", ORIGIN, create=False)
        return Ledger(LogIdentity(ORIGIN, signer), DirectoryCustody(self.keys / "custody"))

    def env(self, url: str) -> dict[str, str]:
        """The environment of a ``cosec`` process on a copy of this store."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("COSEC_")}
        env.update(
            COSEC_DATABASE_URL=url,
            COSEC_KEYS_DIR=str(self.keys),
            COSEC_LOG_KEY_FILE=str(self.keys / "log.key"),
            COSEC_LOG_ORIGIN=ORIGIN,
            COSEC_CHARTER=CHARTER,
        )
        return env


def remove_db(path: Path) -> None:
    """Delete a SQLite database with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_db(source: Path, target: Path) -> None:
    """Copy a closed SQLite database: its WAL checkpointed into it first, and no stale WAL
    of an earlier database of the same name left beside the copy."""
    with contextlib.closing(sqlite3.connect(source)) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    remove_db(target)
    shutil.copyfile(source, target)


def move_db(source: Path, target: Path) -> None:
    """Move a closed SQLite database (checkpointed first)."""
    copy_db(source, target)
    remove_db(source)


def name(n: int) -> str:
    """The cache entry of a store of ``n`` notifications."""
    return f"g{GENERATOR_VERSION}-n{n}"


def earlier_charter_text() -> str:
    """eas-2026's text as an earlier version, in force from 2021 (the shipped 2026.1 follows)."""
    text = profile_path(CHARTER).read_text(encoding="utf-8")
    text, versions = re.subn(r'(?m)^version = "[^"]+"', f'version = "{EARLIER_VERSION}"', text)
    text, dates = re.subn(
        r"(?m)^effective_from = \S+", f"effective_from = {EARLIER_FROM.isoformat()}", text
    )
    if versions != 1 or dates != 1:
        raise SystemExit(f"cannot find version and effective_from in {profile_path(CHARTER)}")
    return text


def ensure(n: int, say: Callable[[str], None] = print) -> Store:
    """The cached store of ``n`` notifications, built first if missing."""
    final = CACHE / name(n)
    if (final / "meta.json").exists():
        return Store(n, final, json.loads((final / "meta.json").read_text()))
    CACHE.mkdir(parents=True, exist_ok=True)
    work = CACHE / f"{name(n)}.building-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    meta = build(n, work, say)
    (work / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    shutil.rmtree(final, ignore_errors=True)
    work.rename(final)
    return Store(n, final, meta)


def build(n: int, directory: Path, say: Callable[[str], None] = print) -> dict[str, Any]:
    """Generate ``n`` notifications' history and submit it into ``directory/store.db``."""
    t0 = time.perf_counter()
    history = generate(n)
    generated = time.perf_counter() - t0
    say(f"store of {n:,}: {len(history.events):,} records generated in {generated:.1f} s")
    url = f"sqlite:///{directory / 'store.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    keys = directory / "keys"
    ledger = Ledger(
        LogIdentity(ORIGIN, load_or_create_log_key(keys / "log.key", ORIGIN, create=True)),
        DirectoryCustody(keys / "custody"),
    )
    clock = FixedClock(datetime.combine(EARLIER_FROM, datetime.min.time(), tzinfo=UTC))
    earlier = directory / f"{CHARTER}-{EARLIER_VERSION}.toml"
    earlier.write_text(earlier_charter_text(), encoding="utf-8")
    api_keys: dict[str, str] = {}
    principals: dict[str, Principal] = {}
    with unit_of_work(factory, write=True) as s:
        deployment_service.adopt(s, ref=earlier, clock=clock)
        deployment_service.adopt(s, ref=CHARTER, clock=clock)
        d = deployment_service.load(s)
        principals[SECRETARIAT], api_keys[SECRETARIAT] = users.add(
            s, name="bench-sec", role=Role.SECRETARIAT, member=None, charter=d.current, clock=clock
        )
        for code in d.current.member_codes:
            principals[code], api_keys[code] = users.add(
                s,
                name=f"bench-{code.lower()}",
                role=Role.MEMBER,
                member=code,
                charter=d.current,
                clock=clock,
            )
        sec = generate_signer(SECRETARIAT)
        register(s, deployment=d, ledger=ledger, registrar=sec, vkey=vkey_of(sec), clock=clock)
        ledger.custody.deposit(sec)
        for code in d.current.member_codes:
            key = generate_signer(code)
            register(s, deployment=d, ledger=ledger, registrar=sec, vkey=vkey_of(key), clock=clock)
            ledger.custody.deposit(key)
    ids: dict[str, int] = {}
    batches = [list(g) for _, g in groupby(history.events, key=lambda e: (e.when, e.actor))]
    t1 = time.perf_counter()
    for first in range(0, len(batches), BATCHES_PER_TRANSACTION):
        with unit_of_work(factory, write=True) as s:
            for batch in batches[first : first + BATCHES_PER_TRANSACTION]:
                head = batch[0]
                items = [
                    Item(e.kind, e.payload | {f: ids[label] for f, label in e.refs}) for e in batch
                ]
                rows = submit_many(
                    s,
                    deployment=d,
                    ledger=ledger,
                    principal=principals["SEC" if head.actor == "SEC" else head.actor],
                    items=items,
                    clock=FixedClock(head.when),
                    evaluate=False,
                )
                for e, row in zip(batch, rows, strict=True):
                    if e.label is not None:
                        ids[e.label] = row.id
        done = min(first + BATCHES_PER_TRANSACTION, len(batches))
        if done == len(batches) or (first // BATCHES_PER_TRANSACTION) % 10 == 9:
            say(f"  {done:,} of {len(batches):,} batches ({time.perf_counter() - t1:.0f} s)")
    submitted = time.perf_counter() - t1
    engine.dispose()
    with sqlite3.connect(directory / "store.db") as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {
        "n": n,
        "generator": GENERATOR_VERSION,
        "counts": history.counts(),
        "batches": len(batches),
        "api_keys": api_keys,
        "generate_seconds": round(generated, 2),
        "submit_seconds": round(submitted, 2),
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
    }
