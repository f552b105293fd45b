"""A member's own envelope (``POST /v1/log/envelopes``) with a bad signature, a replayed or
skipped sequence number, or a time outside the charter's skew window is refused with an
error that names the problem, and writes nothing: every table is as it was, and the
member's next number is still free. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import base64
import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from cosec.ledger.envelope import Envelope, seal
from cosec.ledger.keys import generate_signer
from cosec.ledger.note import Ed25519Signer
from cosec.server.app import create_app
from cosec.store.base import Base
from tests.conftest import World

with warnings.catch_warnings():
    # Starlette 1.x warns (StarletteDeprecationWarning) when its test client runs on
    # ``httpx`` rather than ``httpx2``; with warnings as errors the import itself would
    # fail. The warning concerns the test client only, so it is silenced for this import.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

SKEW = timedelta(seconds=300)  # eas-2026 [log] max_clock_skew_seconds


@dataclass
class Member:
    client: TestClient
    world: World
    key: Ed25519Signer
    headers: dict[str, str]

    def envelope(self, seq: int, **overrides: Any) -> Envelope:
        fields: dict[str, Any] = {
            "log": self.world.ledger.origin,
            "kind": "notification.prior",
            "seq": seq,
            "time": self.world.clock.now(),
            "payload": {
                "designation": f"Exercise Refusal {seq}",
                "states": ["CHN"],
                "start": "2027-05-01",
                "end": "2027-05-03",
                "figures": {"troops": 100},
            },
            "audience": "regime",
        }
        fields.update(overrides)
        signer = fields.pop("signer", self.key)
        return seal(signer, **fields)

    def post(self, envelope: Envelope | dict[str, Any]) -> Any:
        body = json.loads(envelope.to_json()) if isinstance(envelope, Envelope) else envelope
        return self.client.post("/v1/log/envelopes", json=body, headers=self.headers)

    def next_seq(self) -> int:
        r = self.client.get("/v1/log/next-seq", params={"member": "CHN"}, headers=self.headers)
        assert r.status_code == 200, r.text
        return int(r.json()["next_seq"])


@pytest.fixture
def chn(world: World) -> Iterator[Member]:
    _, api_key = world.user("chn", member="CHN")
    app = create_app(world.factory, ledger=world.ledger, clock=world.clock)
    with TestClient(app) as client:
        yield Member(client, world, world.member_key("CHN"), {"Authorization": f"Bearer {api_key}"})


def _state(world: World) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table."""
    with world.session(write=False) as s:
        return {
            t.name: [tuple(r) for r in s.execute(select(t).order_by(*t.primary_key.columns))]
            for t in Base.metadata.sorted_tables
        }


def _refused(member: Member, envelope: Any, status: int, error: str, *words: str) -> None:
    # Findings of the envelopes accepted before are evaluated in the background: let that
    # finish, so that whatever changes from here on is this envelope's doing.
    assert member.client.app.state.committer.wait_settled(60)  # type: ignore[attr-defined]
    before = _state(member.world)
    r = member.post(envelope)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"] == error, body
    for w in words:
        assert w in body["message"], body
    assert _state(member.world) == before, f"a refused envelope ({error}) wrote something"


def _accepted(member: Member, envelope: Envelope) -> dict[str, Any]:
    r = member.post(envelope)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def test_a_bad_signature_is_refused_and_writes_nothing(chn: Member) -> None:
    good = chn.envelope(1)
    tampered = json.loads(good.to_json())
    tampered["payload"]["figures"]["troops"] = 99_999  # changed after signing
    _refused(chn, tampered, 422, "SignatureError", "does not verify", good.key_id)

    forged = json.loads(good.to_json())  # signed by another key under CHN's key id
    other = generate_signer("CHN").sign(good.canonical_bytes)
    forged["signature"] = base64.b64encode(other).decode()
    _refused(chn, forged, 422, "SignatureError", "does not verify")

    garbled = json.loads(good.to_json())
    garbled["signature"] = "not base64!"
    _refused(chn, garbled, 422, "SignatureError", "base64")

    unregistered = chn.envelope(1, signer=generate_signer("CHN"))  # a key never registered
    _refused(chn, unregistered, 422, "KeyNotValid", unregistered.key_id)

    # Nothing was consumed: the genuine envelope still goes in with seq 1.
    assert chn.next_seq() == 1
    _accepted(chn, good)
    assert chn.next_seq() == 2


def test_a_replayed_or_skipped_sequence_number_is_refused_and_writes_nothing(
    chn: Member,
) -> None:
    first = chn.envelope(1)
    done = _accepted(chn, first)
    _refused(chn, first, 409, "ReplayDetected", "seq 1", "already used", "next is 2")
    _refused(chn, chn.envelope(1), 409, "ReplayDetected", "already used")  # fresh nonce
    _refused(chn, chn.envelope(3), 409, "ReplayDetected", "skips ahead", "next is 2")
    second = _accepted(chn, chn.envelope(2))
    assert second["index"] == done["index"] + 1  # the refusals took no place in the log


def test_a_time_outside_the_skew_window_is_refused_and_writes_nothing(chn: Member) -> None:
    now = chn.world.clock.now()
    tick = timedelta(seconds=1)
    early = chn.envelope(1, time=now - SKEW - tick)
    _refused(chn, early, 422, "TimestampOutOfWindow", "before the server's clock")
    late = chn.envelope(1, time=now + SKEW + tick)
    _refused(chn, late, 422, "TimestampOutOfWindow", "after the server's clock")
    r = chn.post(late)
    assert [e["loc"] for e in r.json()["errors"]] == ["time"], r.text
    # The edges of the window are inside it.
    _accepted(chn, chn.envelope(1, time=now - SKEW))
    _accepted(chn, chn.envelope(2, time=now + SKEW))


def test_an_envelope_for_another_log_is_refused_and_writes_nothing(chn: Member) -> None:
    other = chn.envelope(1, log="cosec.example/another-log")
    _refused(chn, other, 422, "InvalidInput", "another-log")
    assert chn.next_seq() == 1


def test_the_state_snapshot_sees_a_write(chn: Member) -> None:
    """The check above would notice a write: one accepted envelope changes the snapshot."""
    before = _state(chn.world)
    _accepted(chn, chn.envelope(1))
    after = _state(chn.world)
    for table in ("records", "log_entries", "merkle_nodes", "checkpoints", "log_head"):
        assert after[table] != before[table], table
    with chn.world.session(write=False) as s:
        assert s.execute(text("SELECT COUNT(*) FROM log_entries")).scalar_one() == len(
            after["log_entries"]
        )
