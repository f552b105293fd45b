"""Receipts: proof, checkable offline, that an envelope is in the log.

A receipt is the leaf bytes, the leaf's index, an inclusion proof and the signed (and
ideally cosigned) checkpoint the proof leads to. With the log's public key (and the
witnesses' keys) anyone can check it without asking the log anything; with the envelope
too, they can check the envelope is the one the leaf commits to. JSON form::

    {"format": "cosec.receipt/v1", "leaf_index": 7, "leaf": "<base64 CosecLeafV1>",
     "inclusion_proof": ["<base64 hash>", ...], "checkpoint": "<signed note text>"}
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cosec.errors import InvalidInput, ProofError
from cosec.ledger.checkpoint import (
    CosignatureVerifier,
    SignedCheckpoint,
    open_checkpoint,
    parse_checkpoint_text,
)
from cosec.ledger.envelope import Envelope, LogLeaf
from cosec.ledger.merkle import HashSource, inclusion_proof, leaf_hash, verify_inclusion
from cosec.ledger.note import Verifier, b64decode, b64encode, parse_note

RECEIPT_FORMAT = "cosec.receipt/v1"


@dataclass(frozen=True, slots=True)
class Receipt:
    """Leaf, its index, an inclusion proof and the checkpoint it leads to."""

    leaf_index: int
    leaf: bytes
    proof: tuple[bytes, ...]
    checkpoint: bytes

    def to_json(self) -> str:
        """The receipt as JSON text."""
        return json.dumps(
            {
                "format": RECEIPT_FORMAT,
                "leaf_index": self.leaf_index,
                "leaf": b64encode(self.leaf),
                "inclusion_proof": [b64encode(h) for h in self.proof],
                "checkpoint": self.checkpoint.decode("utf-8"),
            },
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Receipt:
        """Parse a receipt's JSON text; raises :class:`~cosec.errors.InvalidInput`."""
        try:
            raw: dict[str, Any] = json.loads(text)
            if raw.get("format") != RECEIPT_FORMAT:
                raise InvalidInput.field("format", f"must be {RECEIPT_FORMAT}")
            index = raw["leaf_index"]
            if not isinstance(index, int) or isinstance(index, bool) or index < 0:
                raise InvalidInput.field("leaf_index", "must be a non-negative integer")
            return cls(
                index,
                b64decode(raw["leaf"], what="leaf"),
                tuple(b64decode(h, what="inclusion_proof") for h in raw["inclusion_proof"]),
                raw["checkpoint"].encode("utf-8"),
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise InvalidInput.field("receipt", f"is not a cosec receipt ({exc})") from None


def make_receipt(source: HashSource, *, leaf_index: int, leaf: bytes, checkpoint: bytes) -> Receipt:
    """A receipt for the leaf at ``leaf_index`` against a signed checkpoint note."""
    size = parse_checkpoint_text(parse_note(checkpoint).text).size
    proof = inclusion_proof(source, leaf_index, size)
    return Receipt(leaf_index, leaf, tuple(proof), checkpoint)


@dataclass(frozen=True, slots=True)
class VerifiedReceipt:
    """What a receipt proved: this leaf, at this index, under this signed checkpoint."""

    leaf: LogLeaf
    leaf_index: int
    checkpoint: SignedCheckpoint


def verify_receipt(
    receipt: Receipt,
    *,
    log_key: Verifier,
    witnesses: Sequence[CosignatureVerifier] = (),
    min_cosignatures: int = 0,
    origin: str | None = None,
    envelope: Envelope | None = None,
) -> VerifiedReceipt:
    """Check a receipt offline: checkpoint signatures, inclusion, and the envelope if given.

    Raises ``SignatureError`` (checkpoint not signed by the log, too few cosignatures),
    ``ProofError`` (leaf not included) or ``InvalidInput`` (malformed parts, an envelope
    that the leaf does not describe).
    """
    signed = open_checkpoint(
        receipt.checkpoint,
        log_key,
        witnesses=witnesses,
        min_cosignatures=min_cosignatures,
        origin=origin,
    )
    cp = signed.checkpoint
    verify_inclusion(
        leaf_hash(receipt.leaf), receipt.leaf_index, cp.size, receipt.proof, cp.root_hash
    )
    leaf = LogLeaf.decode(receipt.leaf)
    if envelope is not None:
        wrong = leaf.mismatches(envelope)
        if wrong:
            raise ProofError(
                f"the receipt's leaf does not describe this envelope: {', '.join(wrong)}"
            )
    return VerifiedReceipt(leaf, receipt.leaf_index, signed)
