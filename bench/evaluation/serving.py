"""One more submission over HTTP: ``POST /v1/notifications`` to ``cosec serve`` on a copy of
an evaluated store. The route answers once the committer's evaluator has taken the record
in (it shows the notification's findings)."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from bench.evaluation.generate import new_notifications
from bench.evaluation.measure import COSEC, Say
from bench.evaluation.stores import Store, copy_db

WAIT_LIMIT = 55.0
"""A request that took this long may have given up waiting for its evaluation (the route
waits at most 60 s, then answers without the findings)."""
PAUSE = 1.2
"""Seconds between submissions: longer than the evaluator's rest after an evaluation (at
most 1 s), so each request pays for its own evaluation only, as a member's occasional
submission does."""


@dataclass
class OverHttp:
    n: int
    start: float = 0.0
    """From launching ``cosec serve`` to its first answer."""
    first: float = 0.0
    """The first submission after the start (the evaluator folds the store once)."""
    caught_up: float | None = None
    """When the first request gave up waiting: from it to the first later request that did
    not (the evaluator had folded the store and taken in what came meanwhile)."""
    warmups: int = 0
    times: list[float] = field(default_factory=list)
    failed: str | None = None
    """A request answered with an error (what it said): the run stopped there."""


class _Refused(Exception):
    """A submission was not answered 201."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(store: Store, url: str, log: Path) -> Iterator[tuple[str, float]]:
    """``cosec serve`` on ``url``; its base URL and the seconds it took to answer."""
    port = free_port()
    with log.open("wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [COSEC, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=store.env(url),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"cosec serve exited:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/v1/log/checkpoint", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit("cosec serve did not answer in 600 s")
            time.sleep(0.05)
        yield base, time.perf_counter() - t0
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def over_http(store: Store, evaluated: Path, workdir: Path, *, count: int, say: Say) -> OverHttp:
    """The first submission after a start, then ``count`` more, ``PAUSE`` s apart."""
    db = workdir / f"http-{store.n}.db"
    copy_db(evaluated, db)
    res = OverHttp(store.n)
    today = datetime.now(UTC).date()
    work = iter(new_notifications(count + 1000, today, seed=11))
    with (
        serving(store, f"sqlite:///{db}", workdir / "serve.log") as (base, started),
        httpx.Client(base_url=base, timeout=4 * 3600) as client,
    ):
        res.start = started

        def post() -> float:
            member, payload = next(work)
            t0 = time.perf_counter()
            r = client.post(
                "/v1/notifications",
                json={"payload": payload},
                headers={"Authorization": f"Bearer {store.api_keys[member]}"},
            )
            if r.status_code != 201:
                raise _Refused(f"POST /v1/notifications answered {r.status_code}: {r.text[:300]}")
            return time.perf_counter() - t0

        try:
            t0 = time.perf_counter()
            res.first = post()
            say(f"  {store.n:,}: HTTP, first submission after the start {res.first:.2f} s")
            if res.first >= WAIT_LIMIT:  # it gave up waiting: the evaluator is still folding
                while post() >= WAIT_LIMIT:
                    res.warmups += 1
                res.warmups += 1
                res.caught_up = time.perf_counter() - t0
                say(f"  {store.n:,}: HTTP, findings caught up {res.caught_up:.1f} s after it")
            for _ in range(count):
                time.sleep(PAUSE)
                res.times.append(post())
        except _Refused as exc:
            res.failed = str(exc)
            say(f"  {store.n:,}: HTTP, {res.failed}")
            return res
    med = sorted(res.times)[len(res.times) // 2]
    say(f"  {store.n:,}: HTTP, one more submission, median {med * 1e3:.1f} ms")
    return res
