"""Real processes for the crash tests: provision a store with the CLI, run ``cosec serve``,
drive it with concurrent clients, and check the log and the store after every crash.

Nothing here is mocked. The store is provisioned by the real ``cosec`` commands (``db
init``, ``keys new``, ``users add``, run in one child process to save start-up time), the
servers are ``cosec serve`` subprocesses, the clients speak HTTP. Two kinds of client
submit: *custodial* members (``POST /v1/notifications``, the server signs with the key
they deposited) and *signing* members (they seal their own envelopes and ``POST
/v1/log/envelopes``, getting a receipt back). A poller keeps every checkpoint the servers
serve. :class:`LogChecker` then holds the servers to everything they ever said.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from cosec.ledger.audit import AuditEntry, audit_log
from cosec.ledger.checkpoint import Checkpoint, open_checkpoint
from cosec.ledger.envelope import Envelope, parse_envelope, seal
from cosec.ledger.keys import read_private_key
from cosec.ledger.merkle import (
    MemoryTree,
    leaf_hash,
    node_hash,
    verify_consistency,
)
from cosec.ledger.note import Ed25519Signer, Verifier, b64decode, parse_verifier_key
from cosec.ledger.receipt import Receipt, verify_receipt
from cosec.store.db import make_engine

CUSTODIAL = ("CHN", "JPN", "USA")
"""Members whose key the server keeps: they submit through ``POST /v1/notifications``."""
SIGNING = ("KOR", "PHL")
"""Members who sign their own envelopes and ``POST /v1/log/envelopes``."""
BATCHING = frozenset({"PHL"})
"""Signing members who send their envelopes ``BATCH`` at a time to
``POST /v1/log/envelopes/batch``."""
BATCH = 8
ORIGIN = "cosec.test/crash-log"
HTTP_TIMEOUT = 30.0


def seed_for(name: str) -> int:
    """The run's seed: ``COSEC_CRASH_SEED`` to replay a run, otherwise a fresh one."""
    raw = os.environ.get("COSEC_CRASH_SEED")
    seed = int(raw) if raw else random.SystemRandom().randrange(2**32)
    print(f"{name}: seed {seed} (replay with COSEC_CRASH_SEED={seed})", flush=True)
    return seed


def rounds(default: int) -> int:
    """How many crash rounds (``COSEC_CRASH_ROUNDS`` overrides)."""
    return int(os.environ.get("COSEC_CRASH_ROUNDS", default))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cosec_command() -> list[str]:
    """The installed ``cosec`` script next to this interpreter (or the same via ``-c``)."""
    script = Path(sys.executable).with_name("cosec")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from cosec.cli.main import app; app()"]


def cosec_env(workdir: Path, database_url: str) -> dict[str, str]:
    """Environment of every ``cosec`` child: the store, the keys, the log's identity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COSEC_")}
    keys = workdir / "keys"
    env.update(
        COSEC_DATABASE_URL=database_url,
        COSEC_KEYS_DIR=str(keys),
        COSEC_LOG_KEY_FILE=str(keys / "log.key"),
        COSEC_LOG_ORIGIN=ORIGIN,
        COSEC_CHARTER="eas-2026",
    )
    return env


# The shell recipe (cosec db init; cosec keys new ...; cosec users add ...), run by the real
# Typer app in one child process: eleven separate processes would take ~15 s of imports.
_PROVISION = """
import json, sys
from typer.testing import CliRunner
from cosec.cli.main import app

custodial, signing = sys.argv[1].split(","), sys.argv[2].split(",")
runner = CliRunner()

def cosec(*args):
    result = runner.invoke(app, list(args))
    if result.exit_code != 0:
        sys.exit(f"cosec {' '.join(args)}: exit {result.exit_code}\\n{result.output}")
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""

cosec("db", "init")
cosec("keys", "new", "--member", "SEC")
for m in custodial:
    cosec("keys", "new", "--member", m, "--deposit")
for m in signing:
    cosec("keys", "new", "--member", m)
keys = {m: cosec("users", "add", m.lower(), "--role", "member", "--member", m)
        for m in custodial + signing}
keys["SEC"] = cosec("users", "add", "sec", "--role", "secretariat")
print("API-KEYS " + json.dumps(keys))
"""


def provision(env: dict[str, str]) -> dict[str, str]:
    """Schema, charter, the secretariat's and members' keys, and one API key per user."""
    done = subprocess.run(
        [sys.executable, "-c", _PROVISION, ",".join(CUSTODIAL), ",".join(SIGNING)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"provisioning failed:\n{done.stdout}\n{done.stderr}"
    line = next(x for x in done.stdout.splitlines() if x.startswith("API-KEYS "))
    keys: dict[str, str] = json.loads(line.removeprefix("API-KEYS "))
    return keys


class Server:
    """One ``cosec serve`` child process on a fixed port (reused across restarts)."""

    def __init__(
        self, name: str, env: dict[str, str], logdir: Path, args: Sequence[str] = ()
    ) -> None:
        self.name = name
        self.env = env
        self.args = tuple(args)
        """More ``cosec serve`` options (``--workers 2``)."""
        self.port = free_port()
        self.log_path = logdir / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        assert not self.running, f"{self.name} is already running"
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"--- start {self.starts}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                [
                    *cosec_command(),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    *self.args,
                ],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: workers die with it
            )

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Poll until the server answers ``GET /v1/log/checkpoint`` with 200."""
        deadline = time.monotonic() + timeout
        with httpx.Client(base_url=self.url, timeout=2.0) as client:
            while True:
                assert self.proc is not None
                if self.proc.poll() is not None:
                    raise AssertionError(
                        f"{self.name} exited ({self.proc.returncode}) before serving:\n"
                        + self.log_tail()
                    )
                try:
                    if client.get("/v1/log/checkpoint").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"{self.name} not ready in {timeout} s:\n{self.log_tail()}"
                    )
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL (no shutdown hooks run) and reap."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):  # the server and any workers
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text_ = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text_.splitlines()[-lines:])


class Processes:
    """Every server a test starts, killed at the end whatever happens."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.servers: list[Server] = []

    def server(self, name: str, env: dict[str, str], args: Sequence[str] = ()) -> Server:
        s = Server(name, env, self.workdir, args)
        self.servers.append(s)
        return s

    def close(self) -> None:
        for s in self.servers:
            s.kill()


# --- load ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ack:
    """A 201 the server sent: this record is durable (and, if known, at this index)."""

    member: str
    record_id: int
    round: int
    index: int | None = None
    leaf: bytes | None = None
    envelope_hash: bytes | None = None
    receipt: Receipt | None = None


@dataclass
class SigningState:
    """A signing member's view: its next sequence number and an envelope in doubt."""

    member: str
    signer: Ed25519Signer
    next_seq: int = 1
    pending: Envelope | None = None
    """Sent, but no answer came back (the server died): in the log or not, never half."""
    pending_batch: list[Envelope] = field(default_factory=list)
    """A batch sent without an answer: a prefix of it is in the log (perhaps all, perhaps
    none), never a gap."""


def activity(member: str, n: int) -> dict[str, Any]:
    return {
        "designation": f"Exercise {member} {n}",
        "states": [member],
        "start": "2027-05-01",
        "end": "2027-05-03",
        "figures": {"troops": 100 + n % 900},
    }


@dataclass
class Fleet:
    """The clients, and everything they were told, across rounds."""

    keys: dict[str, str]
    """API keys by member (and ``SEC``)."""
    keys_dir: Path
    acks: list[Ack] = field(default_factory=list)
    notes: set[bytes] = field(default_factory=set)
    """Every checkpoint note any server served."""
    server_errors: list[str] = field(default_factory=list)
    """5xx answers (expected only while PostgreSQL is down)."""
    refusals: list[str] = field(default_factory=list)
    """4xx answers: never expected."""
    in_doubt_committed: list[Envelope] = field(default_factory=list)
    """Envelopes sent without an answer that the log turned out to hold."""
    unavailable: int = 0
    signing: dict[str, SigningState] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._numbers = count()
        self._round = 0
        for m in SIGNING:
            signer = read_private_key(self.keys_dir / f"{m}.key")
            assert isinstance(signer, Ed25519Signer)
            self.signing[m] = SigningState(m, signer)

    def auth(self, member: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[member]}"}

    def acks_in(self, round_: int) -> int:
        with self._lock:
            return sum(1 for a in self.acks if a.round == round_)

    # Before a round: each signing member learns its next number; an envelope in doubt is
    # either in the log (its number was used) or was never written.
    def sync(self, url: str) -> None:
        with httpx.Client(base_url=url, timeout=HTTP_TIMEOUT) as client:
            for m, st in self.signing.items():
                r = client.get("/v1/log/next-seq", params={"member": m}, headers=self.auth(m))
                assert r.status_code == 200, r.text
                nxt = int(r.json()["next_seq"])
                if st.pending_batch:
                    first, last = st.pending_batch[0].seq, st.pending_batch[-1].seq
                    assert first <= nxt <= last + 1, (
                        f"{m}: next seq {nxt} after sending seqs {first}..{last}"
                    )
                    self.in_doubt_committed += [e for e in st.pending_batch if e.seq < nxt]
                    st.pending_batch = []
                elif st.pending is not None:
                    assert nxt in (st.pending.seq, st.pending.seq + 1), (
                        f"{m}: next seq {nxt} after sending seq {st.pending.seq}"
                    )
                    if nxt == st.pending.seq + 1:
                        self.in_doubt_committed.append(st.pending)
                    st.pending = None
                else:
                    assert nxt == st.next_seq, f"{m}: next seq {nxt}, expected {st.next_seq}"
                st.next_seq = nxt

    def start(self, urls: Sequence[str], round_: int) -> None:
        self._round = round_
        self._stop.clear()
        targets = [
            *[(self._custodial, (m, urls)) for m in CUSTODIAL],
            *[(self._signing, (self.signing[m], urls)) for m in SIGNING],
            (self._poll, (urls,)),
        ]
        self._threads = [
            threading.Thread(target=self._guard, args=(fn, args), daemon=True)
            for fn, args in targets
        ]
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=HTTP_TIMEOUT + 10)
            assert not t.is_alive(), "a client thread did not stop"
        self._threads = []

    def _guard(self, fn: Any, args: tuple[Any, ...]) -> None:
        try:
            fn(*args)
        except Exception as exc:  # a bug in the harness must fail the test, not vanish
            with self._lock:
                self.refusals.append(f"client crashed: {exc!r}")

    def _down(self, what: str | None = None) -> None:
        with self._lock:
            self.unavailable += 1
            if what is not None:
                self.server_errors.append(what)
        time.sleep(0.02)

    def _answer(self, r: httpx.Response, what: str) -> bool:
        """True for the expected status; records anything else."""
        if r.status_code >= 500:
            self._down(f"{what}: {r.status_code} {r.text[:300]}")
        elif r.status_code >= 400:
            with self._lock:
                self.refusals.append(f"{what}: {r.status_code} {r.text[:300]}")
        return r.status_code < 400

    def _custodial(self, member: str, urls: Sequence[str]) -> None:
        with httpx.Client(timeout=HTTP_TIMEOUT) as client:
            for n in count():
                if self._stop.is_set():
                    return
                url = urls[n % len(urls)]
                body = {"payload": activity(member, next(self._numbers))}
                try:
                    r = client.post(f"{url}/v1/notifications", json=body, headers=self.auth(member))
                except httpx.TransportError:
                    self._down()
                    continue
                if self._answer(r, f"POST /v1/notifications as {member}"):
                    assert r.status_code == 201, r.text
                    ack = Ack(member, int(r.json()["id"]), self._round)
                    with self._lock:
                        self.acks.append(ack)

    def _signing(self, st: SigningState, urls: Sequence[str]) -> None:
        if st.member in BATCHING:
            self._batching(st, urls)
            return
        with httpx.Client(timeout=HTTP_TIMEOUT) as client:
            for n in count():
                if self._stop.is_set():
                    return
                env = seal(
                    st.signer,
                    log=ORIGIN,
                    kind="notification.prior",
                    seq=st.next_seq,
                    time=datetime.now(UTC),
                    payload=activity(st.member, next(self._numbers)),
                    audience="regime",
                )
                st.pending = env
                try:
                    r = client.post(
                        f"{urls[n % len(urls)]}/v1/log/envelopes",
                        json=json.loads(env.to_json()),
                        headers=self.auth(st.member),
                    )
                except httpx.TransportError:
                    self._down()
                    return  # in doubt: sync() settles it before the next round
                if not self._answer(r, f"POST /v1/log/envelopes as {st.member} seq {env.seq}"):
                    return
                data = r.json()
                ack = Ack(
                    st.member,
                    int(data["record_id"]),
                    self._round,
                    int(data["index"]),
                    b64decode(data["leaf"], what="leaf"),
                    env.envelope_hash,
                    Receipt.from_json(json.dumps(data["receipt"])),
                )
                with self._lock:
                    self.acks.append(ack)
                    assert ack.receipt is not None
                    self.notes.add(ack.receipt.checkpoint)
                st.pending = None
                st.next_seq += 1

    def _batching(self, st: SigningState, urls: Sequence[str]) -> None:
        with httpx.Client(timeout=HTTP_TIMEOUT) as client:
            for n in count():
                if self._stop.is_set():
                    return
                batch = [
                    seal(
                        st.signer,
                        log=ORIGIN,
                        kind="notification.prior",
                        seq=st.next_seq + i,
                        time=datetime.now(UTC),
                        payload=activity(st.member, next(self._numbers)),
                        audience="regime",
                    )
                    for i in range(BATCH)
                ]
                st.pending_batch = batch
                try:
                    r = client.post(
                        f"{urls[n % len(urls)]}/v1/log/envelopes/batch",
                        content=b"\n".join(e.to_json() for e in batch),
                        headers=self.auth(st.member) | {"Content-Type": "application/x-ndjson"},
                    )
                except httpx.TransportError:
                    self._down()
                    return  # in doubt: sync() settles it before the next round
                what = f"POST /v1/log/envelopes/batch as {st.member} seqs from {st.next_seq}"
                if not self._answer(r, what):
                    return
                data = r.json()
                refused = [x for x in data["results"] if x["status"] != 201]
                if refused:
                    with self._lock:
                        self.refusals.append(f"{what}: {refused[0]}")
                    return
                acks = [
                    Ack(
                        st.member,
                        int(x["record_id"]),
                        self._round,
                        int(x["index"]),
                        b64decode(x["leaf"], what="leaf"),
                        env.envelope_hash,
                    )
                    for x, env in zip(data["results"], batch, strict=True)
                ]
                with self._lock:
                    self.acks += acks
                    self.notes.add(data["checkpoint"].encode())
                st.pending_batch = []
                st.next_seq += BATCH

    def _poll(self, urls: Sequence[str]) -> None:
        with httpx.Client(timeout=HTTP_TIMEOUT) as client:
            for n in count():
                if self._stop.is_set():
                    return
                try:
                    r = client.get(f"{urls[n % len(urls)]}/v1/log/checkpoint")
                except httpx.TransportError:
                    self._down()
                    continue
                if self._answer(r, "GET /v1/log/checkpoint"):
                    with self._lock:
                        self.notes.add(r.content)
                time.sleep(0.005)


# --- checks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    index: int
    leaf: bytes
    envelope: Envelope
    record_id: int


@dataclass(frozen=True)
class Summary:
    size: int
    served: int
    acks: int
    in_doubt_committed: int
    seconds: float


class LogChecker:
    """Holds a log to every checkpoint it served and every 201 it sent."""

    def __init__(self, url: str, sec_key: str, database_url: str) -> None:
        self.sec = {"Authorization": f"Bearer {sec_key}"}
        self.database_url = database_url
        with httpx.Client(base_url=url, timeout=HTTP_TIMEOUT) as client:
            keys = client.get("/v1/log/keys").json()
        assert keys["origin"] == ORIGIN
        self.log_vkey: str = keys["log"]
        self.verifier: Verifier = parse_verifier_key(self.log_vkey).verifier()
        self.served: dict[int, bytes] = {}
        """Root of every checkpoint size ever served."""

    def _open(self, note: bytes) -> Checkpoint:
        return open_checkpoint(note, self.verifier, origin=ORIGIN).checkpoint

    def check(self, url: str, fleet: Fleet, *, rng: random.Random) -> Summary:
        """Everything, through ``url`` and directly in the store; raises AssertionError."""
        t0 = time.monotonic()
        with httpx.Client(base_url=url, timeout=HTTP_TIMEOUT) as client:
            assert client.get("/v1/log/keys").json()["log"] == self.log_vkey, "log key changed"
            latest = self._open(self._get(client, "/v1/log/checkpoint").content)
            for note in sorted(fleet.notes):
                cp = self._open(note)
                old = self.served.setdefault(cp.size, cp.root_hash)
                assert old == cp.root_hash, f"two signed roots for size {cp.size}: a fork"
            entries = self._entries(client, latest.size)
            tree = self._tree(entries, latest)
            self._consistency(client, tree, latest)
            self._acks(client, fleet, entries, latest, rng)
        report = audit_log(
            [AuditEntry(e.leaf, e.envelope) for e in entries],
            checkpoint=latest,
            trusted=[Checkpoint(ORIGIN, s, r) for s, r in self.served.items()],
            registrars={"SEC"},
        )
        assert report.ok, "audit: " + "; ".join(f.message for f in report.findings[:10])
        check_store(self.database_url, entries, tree, latest)
        return Summary(
            latest.size,
            len(self.served),
            len(fleet.acks),
            len(fleet.in_doubt_committed),
            time.monotonic() - t0,
        )

    def _get(self, client: httpx.Client, path: str, **params: Any) -> httpx.Response:
        r = client.get(path, params=params, headers=self.sec)
        assert r.status_code == 200, f"GET {path} {params}: {r.status_code} {r.text[:300]}"
        return r

    def _entries(self, client: httpx.Client, size: int) -> list[Entry]:
        out: list[Entry] = []
        while True:
            page = self._get(client, "/v1/log/entries", start=len(out), end=size + 1000)
            got = page.json()["entries"]
            if not got:
                break
            for e in got:
                assert e["index"] == len(out), f"entry {e['index']} where {len(out)} was due"
                assert "envelope" in e, f"entry {e['index']} comes without its envelope"
                assert "record_id" in e, f"entry {e['index']} has no record"
                out.append(
                    Entry(
                        e["index"],
                        b64decode(e["leaf"], what="leaf"),
                        parse_envelope(e["envelope"]),
                        int(e["record_id"]),
                    )
                )
        assert len(out) == size, f"the log serves {len(out)} entries, its checkpoint says {size}"
        return out

    def _tree(self, entries: Sequence[Entry], latest: Checkpoint) -> MemoryTree:
        tree = MemoryTree()
        tree.extend(leaf_hash(e.leaf) for e in entries)
        assert tree.root() == latest.root_hash, "the leaves do not rebuild the latest checkpoint"
        return tree

    def _consistency(self, client: httpx.Client, tree: MemoryTree, latest: Checkpoint) -> None:
        for size, root in sorted(self.served.items()):
            assert size <= latest.size, f"{size} was served, the log is back to {latest.size}"
            assert tree.root(size) == root, f"the leaves do not rebuild served checkpoint {size}"
            stored = self._open(self._get(client, f"/v1/log/checkpoints/{size}").content)
            assert stored.root_hash == root, f"checkpoint {size} is no longer what was served"
            if 0 < size < latest.size:
                proof = self._get(
                    client, "/v1/log/proof/consistency", **{"from": size, "to": latest.size}
                ).json()["proof"]
                verify_consistency(
                    size,
                    latest.size,
                    root,
                    latest.root_hash,
                    [b64decode(h, what="proof") for h in proof],
                )

    def _acks(
        self,
        client: httpx.Client,
        fleet: Fleet,
        entries: Sequence[Entry],
        latest: Checkpoint,
        rng: random.Random,
    ) -> None:
        assert any(a.member in BATCHING for a in fleet.acks), "no batch was acknowledged"
        by_record = {e.record_id: e for e in entries}
        by_seq = {(e.envelope.member, e.envelope.seq): e for e in entries}
        for a in fleet.acks:
            e = by_record.get(a.record_id)
            assert e is not None, f"acknowledged record {a.record_id} of {a.member} is lost"
            assert e.envelope.member == a.member, f"record {a.record_id} is not {a.member}'s"
            if a.index is not None:
                assert e.index == a.index, f"record {a.record_id} moved from {a.index}"
                assert e.leaf == a.leaf, f"the leaf of record {a.record_id} changed"
                assert e.envelope.envelope_hash == a.envelope_hash
                if a.receipt is not None:  # a batch's envelopes come without one
                    verify_receipt(
                        a.receipt, log_key=self.verifier, origin=ORIGIN, envelope=e.envelope
                    )
        for env in fleet.in_doubt_committed:
            e = by_seq[(env.member, env.seq)]
            assert e.envelope.envelope_hash == env.envelope_hash, (
                f"{env.member} seq {env.seq} holds an envelope its member never sent"
            )
        indexed = [a.index for a in fleet.acks if a.index is not None]
        for index in rng.sample(indexed, min(10, len(indexed))):
            receipt = Receipt.from_json(self._get(client, f"/v1/log/receipts/{index}").text)
            verified = verify_receipt(
                receipt, log_key=self.verifier, origin=ORIGIN, envelope=entries[index].envelope
            )
            assert verified.checkpoint.checkpoint.size == latest.size


def _tree_levels(leaf_hashes: Sequence[bytes]) -> dict[tuple[int, int], bytes]:
    """Every complete perfect subtree's hash, as the store keeps them."""
    out: dict[tuple[int, int], bytes] = {}
    level, row = 0, list(leaf_hashes)
    while row:
        out.update(((level, p), h) for p, h in enumerate(row))
        row = [node_hash(row[i], row[i + 1]) for i in range(0, len(row) - 1, 2)]
        level += 1
    return out


def check_store(
    database_url: str, entries: Sequence[Entry], tree: MemoryTree, latest: Checkpoint
) -> None:
    """Nothing half written: straight from the tables, not through the server."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as c:
            rows = c.execute(
                text(
                    'SELECT "index", leaf, record_id, member, kind, seq FROM log_entries '
                    'ORDER BY "index"'
                )
            ).all()
            records = {
                r[0]: (r[1], r[2])
                for r in c.execute(text("SELECT id, kind, submitter FROM records"))
            }
            nodes = {
                (int(r[0]), int(r[1])): bytes(r[2])
                for r in c.execute(text("SELECT level, position, hash FROM merkle_nodes"))
            }
            checkpoints = c.execute(text("SELECT size, root_hash FROM checkpoints")).all()
            heads = c.execute(text("SELECT id, size, root_hash FROM log_head")).all()
    finally:
        engine.dispose()
    n = latest.size
    assert [r[0] for r in rows] == list(range(n)), "log_entries indices have gaps or extras"
    assert [bytes(r[1]) for r in rows] == [e.leaf for e in entries], "stored leaves differ"
    assert len(records) == n, f"{len(records)} records but {n} log entries"
    ids = [r[2] for r in rows]
    assert None not in ids, "a log entry without a record"
    assert len(set(ids)) == n, "two log entries for one record"
    assert set(ids) == set(records), "records without log entries (or the reverse)"
    for _index, _leaf, rid, member, kind, _seq in rows:
        assert records[rid] == (kind, member), f"record {rid} is not the entry that logs it"
    assert len(heads) == 1, f"log_head has {len(heads)} rows"
    assert heads[0][1] == n, f"log_head size {heads[0][1]}, latest checkpoint {n}"
    assert bytes(heads[0][2]) == latest.root_hash, "log_head root is not the checkpoint's"
    sizes = sorted(int(s) for s, _ in checkpoints)
    assert sizes, "no checkpoint stored"
    assert sizes[-1] == n, f"latest stored checkpoint {sizes[-1]} is not {n}"
    for s, root in checkpoints:
        assert bytes(root) == tree.root(int(s)), f"stored checkpoint {s} has a wrong root"
    expected = _tree_levels([tree.leaf(i) for i in range(n)])
    missing = expected.keys() - nodes.keys()
    extra = nodes.keys() - expected.keys()
    wrong = [k for k in expected.keys() & nodes.keys() if expected[k] != nodes[k]]
    assert not missing, f"merkle_nodes: {len(missing)} missing, e.g. {sorted(missing)[:3]}"
    assert not extra, f"merkle_nodes: {len(extra)} beyond the log, e.g. {sorted(extra)[:3]}"
    assert not wrong, f"merkle_nodes: {len(wrong)} wrong hashes, e.g. {sorted(wrong)[:3]}"
