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

from cosec.errors import InvalidInput, ProofError
from cosec.ledger.canonical import parse_json
from cosec.ledger.checkpoint import (
    MAX_TREE_SIZE,
    CosignatureVerifier,
    SignedCheckpoint,
    open_checkpoint,
    parse_checkpoint_text,
)
from cosec.ledger.envelope import Envelope, LogLeaf
from cosec.ledger.merkle import HASH_SIZE, HashSource, inclusion_proof, leaf_hash, verify_inclusion
from cosec.ledger.note import Verifier, b64decode, b64encode, parse_note

RECEIPT_FORMAT = "cosec.receipt/v1"
MAX_RECEIPT_BYTES = 512 * 1024
"""Largest receipt accepted, as JSON text (its checkpoint note is at most 64 KiB)."""
MAX_PROOF_HASHES = 64
"""Longest inclusion proof: the depth of a tree of 2**64 leaves."""
_FIELDS = frozenset({"format", "leaf_index", "leaf", "inclusion_proof", "checkpoint"})


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
        """Parse a receipt's JSON text; raises :class:`~cosec.errors.InvalidInput`.

        Text larger than :data:`MAX_RECEIPT_BYTES` is refused before it is parsed; the
        text must be I-JSON, with exactly the fields of ``cosec.receipt/v1``.
        """
        raw = parse_json(text, what="receipt", max_bytes=MAX_RECEIPT_BYTES)
        if not isinstance(raw, dict):
            raise InvalidInput.field("receipt", "must be a JSON object")
        if raw.get("format") != RECEIPT_FORMAT:
            raise InvalidInput.field("format", f"must be {RECEIPT_FORMAT}")
        unknown = sorted(raw.keys() - _FIELDS)
        if unknown:
            raise InvalidInput.field(unknown[0], f"unknown key (not part of {RECEIPT_FORMAT})")
        index = raw.get("leaf_index")
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < MAX_TREE_SIZE:
            raise InvalidInput.field("leaf_index", "must be an integer in 0..2**64-2")
        if "leaf" not in raw:
            raise InvalidInput.field("leaf", "is required")
        leaf = b64decode(raw["leaf"], what="leaf")
        proof = raw.get("inclusion_proof")
        if not isinstance(proof, list) or len(proof) > MAX_PROOF_HASHES:
            raise InvalidInput.field(
                "inclusion_proof", f"must be a list of at most {MAX_PROOF_HASHES} hashes"
            )
        hashes = tuple(b64decode(h, what=f"inclusion_proof[{i}]") for i, h in enumerate(proof))
        for i, h in enumerate(hashes):
            if len(h) != HASH_SIZE:
                raise InvalidInput.field(
                    f"inclusion_proof[{i}]", f"must be a {HASH_SIZE}-byte hash"
                )
        checkpoint = raw.get("checkpoint")
        if not isinstance(checkpoint, str):
            raise InvalidInput.field("checkpoint", "must be the signed checkpoint note, as text")
        try:
            note = checkpoint.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput.field("checkpoint", "is not Unicode text") from None
        return cls(index, leaf, hashes, note)


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
