"""Receipts: made from the store, checked offline, tampering caught."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from cosec.errors import InvalidInput, ProofError, SignatureError
from cosec.ledger.checkpoint import CosignatureSigner, add_cosignatures
from cosec.ledger.note import Ed25519Signer
from cosec.ledger.receipt import Receipt, make_receipt, verify_receipt

from .conftest import ORIGIN, DemoLog


def test_receipt_round_trip_and_offline_check(
    make_log: Callable[[int], DemoLog], log_key: Ed25519Signer, witness_key: CosignatureSigner
) -> None:
    log = make_log(6)
    note = log.signed_checkpoint()
    cosig = witness_key.cosign(log.checkpoint().text(), datetime(2025, 3, 2, tzinfo=UTC))
    note = add_cosignatures(note, [cosig])
    receipt = make_receipt(log.tree, leaf_index=6, leaf=log.leaves[6], checkpoint=note)
    again = Receipt.from_json(receipt.to_json())
    assert again == receipt
    verified = verify_receipt(
        again,
        log_key=log_key.verifier(),
        witnesses=[witness_key.verifier()],
        min_cosignatures=1,
        origin=ORIGIN,
        envelope=log.envelopes[6],
    )
    assert verified.leaf.member == log.envelopes[6].member
    assert verified.checkpoint.checkpoint.size == log.tree.size


def test_tampering_is_caught(make_log: Callable[[int], DemoLog], log_key: Ed25519Signer) -> None:
    log = make_log(6)
    receipt = make_receipt(
        log.tree, leaf_index=6, leaf=log.leaves[6], checkpoint=log.signed_checkpoint()
    )
    key = log_key.verifier()
    with pytest.raises(ProofError):
        verify_receipt(Receipt(7, receipt.leaf, receipt.proof, receipt.checkpoint), log_key=key)
    with pytest.raises(ProofError):
        verify_receipt(Receipt(6, log.leaves[5], receipt.proof, receipt.checkpoint), log_key=key)
    with pytest.raises(ProofError):
        verify_receipt(
            Receipt(6, receipt.leaf, receipt.proof[:-1], receipt.checkpoint), log_key=key
        )
    with pytest.raises(ProofError, match="does not describe this envelope"):
        verify_receipt(receipt, log_key=key, envelope=log.envelopes[7])
    forged = receipt.checkpoint.replace(f"\n{log.tree.size}\n".encode(), b"\n99\n")
    with pytest.raises(SignatureError):
        verify_receipt(Receipt(6, receipt.leaf, receipt.proof, forged), log_key=key)


def test_malformed_receipts() -> None:
    for text, why in [
        ("not json", "receipt: is not valid JSON"),
        (json.dumps({"format": "other"}), "format"),
        (json.dumps({"format": "cosec.receipt/v1", "leaf_index": -1}), "leaf_index"),
        (json.dumps({"format": "cosec.receipt/v1", "leaf_index": 1}), "leaf: is required"),
    ]:
        with pytest.raises(InvalidInput, match=why):
            Receipt.from_json(text)
