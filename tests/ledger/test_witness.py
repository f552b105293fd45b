"""Witnesses: cosign consistent growth, refuse rollback and forks, keep state atomically."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cosec.errors import (
    ForkDetected,
    InvalidInput,
    NotFound,
    RollbackDetected,
    SignatureError,
    WitnessSizeMismatch,
)
from cosec.ledger.checkpoint import CosignatureSigner, add_cosignatures, open_checkpoint
from cosec.ledger.note import Ed25519Signer
from cosec.ledger.witness import (
    JsonFileWitnessState,
    MemoryWitnessState,
    Witness,
    WitnessState,
    format_add_checkpoint,
    parse_add_checkpoint,
)

from .conftest import ORIGIN, DemoLog, FixedClock


def _witness(
    log_key: Ed25519Signer, witness_key: CosignatureSigner, clock: FixedClock,
    state: WitnessState | None = None,
) -> Witness:  # fmt: skip
    return Witness(
        witness_key,
        logs={ORIGIN: log_key.verifier()},
        state=state or MemoryWitnessState(),
        clock=clock,
    )


def test_cosigns_first_sight_then_consistent_growth(
    make_log: Callable[[int], DemoLog],
    log_key: Ed25519Signer,
    witness_key: CosignatureSigner,
    clock: FixedClock,
) -> None:
    log = make_log(6)
    witness = _witness(log_key, witness_key, clock)
    first = witness.add_checkpoint(log.signed_checkpoint(5), old_size=0, proof=[])
    assert first.time == clock.now()
    clock.advance(minutes=1)
    note = log.signed_checkpoint()
    cosig = witness.add_checkpoint(note, old_size=5, proof=log.tree.consistency_proof(5))
    record = witness.latest(ORIGIN)
    assert record is not None
    assert (record.size, record.root_hash) == (log.tree.size, log.tree.root())
    cosigned = add_cosignatures(note, [cosig])
    opened = open_checkpoint(
        cosigned, log_key.verifier(), witnesses=[witness_key.verifier()], min_cosignatures=1
    )
    assert opened.cosignatures[0].time == clock.now()
    # the same checkpoint again: equal size, equal root, empty proof
    witness.add_checkpoint(note, old_size=log.tree.size, proof=[])


def test_refuses_rollback(
    make_log: Callable[[int], DemoLog],
    log_key: Ed25519Signer,
    witness_key: CosignatureSigner,
    clock: FixedClock,
) -> None:
    log = make_log(6)
    witness = _witness(log_key, witness_key, clock)
    witness.add_checkpoint(log.signed_checkpoint(), old_size=0, proof=[])
    with pytest.raises(RollbackDetected, match="smaller than size 10"):
        witness.add_checkpoint(log.signed_checkpoint(7), old_size=7, proof=[])
    assert witness.latest(ORIGIN).size == 10  # type: ignore[union-attr]


def test_refuses_forks(
    make_log: Callable[[int], DemoLog],
    log_key: Ed25519Signer,
    witness_key: CosignatureSigner,
    clock: FixedClock,
) -> None:
    honest, other = make_log(4), make_log(4)
    other.submit("CHN", n="a different history")  # both logs agree on 8 entries, then differ
    honest.submit("JPN", n="the honest entry 8")
    witness = _witness(log_key, witness_key, clock)
    witness.add_checkpoint(honest.signed_checkpoint(), old_size=0, proof=[])
    # same size, another root
    with pytest.raises(ForkDetected, match="two different roots for size 9"):
        witness.add_checkpoint(other.signed_checkpoint(), old_size=9, proof=[])
    # the other history grows; its own consistency proof does not join the honest head
    other.submit("PHL")
    with pytest.raises(ForkDetected, match="may have forked"):
        witness.add_checkpoint(
            other.signed_checkpoint(), old_size=9, proof=other.tree.consistency_proof(9)
        )
    record = witness.latest(ORIGIN)
    assert record is not None
    assert record.root_hash == honest.tree.root()


def test_refusals_for_bad_requests(
    make_log: Callable[[int], DemoLog],
    log_key: Ed25519Signer,
    witness_key: CosignatureSigner,
    clock: FixedClock,
) -> None:
    log = make_log(6)
    witness = _witness(log_key, witness_key, clock)
    with pytest.raises(InvalidInput, match="empty from size 0"):
        witness.add_checkpoint(log.signed_checkpoint(), old_size=0, proof=[b"\x00" * 32])
    witness.add_checkpoint(log.signed_checkpoint(4), old_size=0, proof=[])
    with pytest.raises(WitnessSizeMismatch) as mismatch:
        witness.add_checkpoint(log.signed_checkpoint(), old_size=3, proof=[])
    assert mismatch.value.stored_size == 4
    with pytest.raises(InvalidInput, match="beyond the checkpoint"):
        witness.add_checkpoint(log.signed_checkpoint(5), old_size=6, proof=[])
    stranger = Ed25519Signer(ORIGIN, Ed25519PrivateKey.from_private_bytes(b"\x09" * 32))
    forged = DemoLog(stranger, tree=log.tree).signed_checkpoint()
    with pytest.raises(SignatureError):
        witness.add_checkpoint(forged, old_size=4, proof=log.tree.consistency_proof(4))
    other_origin = forged.replace(ORIGIN.encode(), b"unknown.example/log", 1)
    with pytest.raises(NotFound, match="does not follow"):
        witness.add_checkpoint(other_origin, old_size=4, proof=[])
    assert witness.latest(ORIGIN).size == 4  # type: ignore[union-attr]


def test_json_state_persists_and_compares_before_setting(
    tmp_path: Path,
    make_log: Callable[[int], DemoLog],
    log_key: Ed25519Signer,
    witness_key: CosignatureSigner,
    clock: FixedClock,
) -> None:
    path = tmp_path / "witness.json"
    log = make_log(6)
    _witness(log_key, witness_key, clock, JsonFileWitnessState(path)).add_checkpoint(
        log.signed_checkpoint(6), old_size=0, proof=[]
    )
    saved = json.loads(path.read_text())
    assert saved["format"] == "cosec.witness-state/v1"
    assert saved["logs"][ORIGIN]["size"] == 6
    # a new process picks up where the last one stopped
    again = _witness(log_key, witness_key, clock, JsonFileWitnessState(path))
    assert again.latest(ORIGIN).size == 6  # type: ignore[union-attr]
    again.add_checkpoint(log.signed_checkpoint(), old_size=6, proof=log.tree.consistency_proof(6))
    # a stale request that passed its checks loses the compare-and-set
    state = JsonFileWitnessState(path)
    record = state.latest(ORIGIN)
    assert record is not None
    with pytest.raises(WitnessSizeMismatch):
        state.replace(record, expected_size=6)


def test_add_checkpoint_request_body_round_trips(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(6)
    note, proof = log.signed_checkpoint(), log.tree.consistency_proof(5)
    body = format_add_checkpoint(5, proof, note)
    assert body.startswith(b"old 5\n")
    assert parse_add_checkpoint(body) == (5, proof, note)
    assert parse_add_checkpoint(format_add_checkpoint(0, [], note)) == (0, [], note)
    for bad, why in [
        (b"old 05\n\n" + note, "old <size>"),
        (b"old 5\n", "blank line"),
        (b"old 5\n!!\n\n" + note, "base64"),
        (format_add_checkpoint(1, [b"\x00" * 32] * 64, note), "at most 63"),
    ]:
        with pytest.raises(InvalidInput, match=why):
            parse_add_checkpoint(bad)
