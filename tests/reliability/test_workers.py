"""``cosec serve --workers 2``: two server processes answer requests and append to one
log, on SQLite (writers queue on the lock file) and on PostgreSQL (the log head's row
lock)."""

from __future__ import annotations

import base64
import threading
from pathlib import Path

import httpx
import pytest

from cosec.ledger.envelope import LogLeaf
from tests.conftest import need
from tests.reliability.harness import (
    CUSTODIAL,
    Processes,
    activity,
    cosec_env,
    provision,
)
from tests.support import postgres


def _workers_of(pid: int) -> list[int]:
    """Child processes of ``pid`` that run cosec's app (uvicorn's spawned workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    found = []
    for child in map(int, children):
        cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        if b"multiprocessing" in cmdline and b"resource_tracker" not in cmdline:
            found.append(child)
    return found


def _submit_all(url: str, keys: dict[str, str], per_member: int) -> None:
    """Every custodial member submits ``per_member`` notifications, all members at once."""
    failures: list[str] = []

    def member(m: str) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            for n in range(per_member):
                r = client.post(
                    "/v1/notifications",
                    json={"payload": activity(m, n)},
                    headers={"Authorization": f"Bearer {keys[m]}"},
                )
                if r.status_code != 201:
                    failures.append(f"{m} {n}: {r.status_code} {r.text[:200]}")
                    return

    threads = [threading.Thread(target=member, args=(m,)) for m in CUSTODIAL]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures


def _leaves(url: str, start: int, end: int) -> list[LogLeaf]:
    out: list[LogLeaf] = []
    with httpx.Client(base_url=url) as client:
        while start + len(out) < end:
            page = client.get("/v1/log/entries", params={"start": start + len(out), "end": end})
            out += [LogLeaf.decode(base64.b64decode(e["leaf"])) for e in page.json()["entries"]]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_worker_processes_share_one_log(
    backend: str, tmp_path: Path, processes: Processes, request: pytest.FixtureRequest
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'cosec.db'}"
    else:
        need(postgres.available(), "PostgreSQL 15 server binaries are not installed")
        server: postgres.PostgresServer = request.getfixturevalue("pg_server")
        server.execute("CREATE DATABASE workers")
        url = server.url("workers")
    env = cosec_env(tmp_path, url)
    keys = provision(env)
    serve = processes.server("serve", env, args=("--workers", "2"))
    serve.start()
    serve.wait_ready()
    assert serve.proc is not None
    assert len(_workers_of(serve.proc.pid)) == 2, serve.log_tail()
    with httpx.Client(base_url=serve.url) as client:
        before = int(client.get("/v1/log/checkpoint").text.split("\n")[1])
    per_member = 8
    _submit_all(serve.url, keys, per_member)
    total = per_member * len(CUSTODIAL)
    with httpx.Client(base_url=serve.url) as client:
        assert int(client.get("/v1/log/checkpoint").text.split("\n")[1]) == before + total
    leaves = _leaves(serve.url, before, before + total)
    for m in CUSTODIAL:  # each member's notifications once each, in sequence order
        seqs = [leaf.seq for leaf in leaves if leaf.member == m]
        assert len(seqs) == per_member
        assert seqs == sorted(seqs)
        assert len(set(seqs)) == per_member
