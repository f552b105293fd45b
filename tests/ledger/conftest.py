"""Shared fixtures for the ledger tests: the published vectors, keys, a fixed clock, a log."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cosec.ledger.checkpoint import Checkpoint, CosignatureSigner, sign_checkpoint
from cosec.ledger.envelope import Envelope, LogLeaf, seal
from cosec.ledger.keyregistry import KIND_REGISTER
from cosec.ledger.merkle import MemoryTree
from cosec.ledger.note import Ed25519Signer

DATA = Path(__file__).parent / "data" / "rfc6962_vectors.json"
SHARED = Path("/work/shared/testdata/rfc6962_vectors.json")
ORIGIN = "cosec.example/eas-log"
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def vectors() -> dict[str, Any]:
    """The published RFC 6962 / C2SP vectors, from the copy kept with the tests."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def seeded_signer(name: str, seed: int) -> Ed25519Signer:
    """A deterministic member or log key (tests only)."""
    return Ed25519Signer(name, Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32))


@pytest.fixture(scope="session")
def log_key() -> Ed25519Signer:
    return seeded_signer(ORIGIN, 1)


@pytest.fixture(scope="session")
def witness_key() -> CosignatureSigner:
    return CosignatureSigner(
        "witness.example/jpn", Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
    )


class FixedClock:
    """A clock that says what it is told."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at += timedelta(**kwargs)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@dataclass
class DemoLog:
    """A small honest log: a registrar, members registered by it, their envelopes."""

    log_key: Ed25519Signer
    keys: dict[str, Ed25519Signer] = field(default_factory=dict)
    envelopes: list[Envelope] = field(default_factory=list)
    leaves: list[bytes] = field(default_factory=list)
    seqs: dict[str, int] = field(default_factory=dict)
    tree: MemoryTree = field(default_factory=MemoryTree)

    def submit(self, member: str, kind: str = "notification.prior", **payload: Any) -> Envelope:
        seq = self.seqs.get(member, 0) + 1
        at = T0 + timedelta(minutes=len(self.envelopes))
        env = seal(
            self.keys[member],
            log=ORIGIN,
            kind=kind,
            seq=seq,
            time=at,
            payload=payload or {"n": len(self.envelopes)},
            audience="public" if kind.startswith("key.") else "regime",
            nonce=f"{len(self.envelopes):032x}",
        )
        self.append(env)
        return env

    def append(self, env: Envelope) -> None:
        self.seqs[env.member] = env.seq
        leaf = LogLeaf.for_envelope(env, logged_at=env.at + timedelta(seconds=1)).encode()
        self.envelopes.append(env)
        self.leaves.append(leaf)
        self.tree.append(LogLeaf.decode(leaf).hash)

    def checkpoint(self, size: int | None = None) -> Checkpoint:
        size = self.tree.size if size is None else size
        return Checkpoint(ORIGIN, size, self.tree.root(size))

    def signed_checkpoint(self, size: int | None = None) -> bytes:
        return sign_checkpoint(self.checkpoint(size), self.log_key)


REGISTRAR = "XSC"


@pytest.fixture
def make_log(log_key: Ed25519Signer) -> Callable[[int], DemoLog]:
    """A log with the registrar's genesis key, CHN/JPN/PHL keys and ``n`` notifications."""

    def build(n: int = 6) -> DemoLog:
        log = DemoLog(log_key)
        log.keys[REGISTRAR] = seeded_signer(REGISTRAR, 10)
        log.submit(REGISTRAR, KIND_REGISTER, vkey=_vkey(log.keys[REGISTRAR]))
        for seed, member in enumerate(("CHN", "JPN", "PHL"), start=11):
            log.keys[member] = seeded_signer(member, seed)
            log.submit(REGISTRAR, KIND_REGISTER, vkey=_vkey(log.keys[member]))
        members = ("CHN", "JPN", "PHL")
        for i in range(n):
            log.submit(members[i % 3], n=i)
        return log

    return build


def _vkey(signer: Ed25519Signer) -> str:
    return str(signer.verifier().verifier_key)
