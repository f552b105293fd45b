"""C2SP checkpoints and cosignature/v1: formats, signatures, the timestamp vector."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cosec.errors import InvalidInput, SignatureError
from cosec.ledger.checkpoint import (
    Checkpoint,
    CosignatureSigner,
    CosignatureVerifier,
    add_cosignatures,
    cosignature_message,
    open_checkpoint,
    parse_checkpoint_text,
    sign_checkpoint,
    split_timestamped,
)
from cosec.ledger.merkle import EMPTY_ROOT
from cosec.ledger.note import Ed25519Signer, parse_note, parse_verifier_key

from .conftest import ORIGIN

ROOT = bytes(range(32))


def test_text_format() -> None:
    cp = Checkpoint(ORIGIN, 20852163, ROOT)
    assert cp.text() == f"{ORIGIN}\n20852163\n{base64.b64encode(ROOT).decode()}\n"
    assert parse_checkpoint_text(cp.text()) == cp
    with_ext = Checkpoint(ORIGIN, 0, EMPTY_ROOT, ("ext one", "ext two"))
    assert parse_checkpoint_text(with_ext.text()) == with_ext


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (f"{ORIGIN}\n5\n", "needs origin, size and root"),
        (f"{ORIGIN}\n05\n{base64.b64encode(ROOT).decode()}\n", "leading zeroes"),
        (f"{ORIGIN}\n-5\n{base64.b64encode(ROOT).decode()}\n", "decimal"),
        (f"{ORIGIN}\n5\nnot base64!\n", "base64"),
        (f"{ORIGIN}\n5\n{base64.b64encode(ROOT[:31]).decode()}\n", "32 bytes"),
        (f"\n5\n{base64.b64encode(ROOT).decode()}\n", "non-empty"),
        (f"{ORIGIN}\n5\n{base64.b64encode(ROOT).decode()}\n\n", "extension"),
        (f"{ORIGIN}\n5\n{base64.b64encode(ROOT).decode()}", "newline"),
    ],
)
def test_malformed_checkpoints(text: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        parse_checkpoint_text(text)


def test_sign_and_open(log_key: Ed25519Signer) -> None:
    cp = Checkpoint(ORIGIN, 8, ROOT)
    note = sign_checkpoint(cp, log_key)
    assert note.decode().startswith(cp.text() + "\n\u2014 " + ORIGIN + " ")
    opened = open_checkpoint(note, log_key.verifier(), origin=ORIGIN)
    assert opened.checkpoint == cp
    with pytest.raises(InvalidInput, match="origin"):
        open_checkpoint(note, log_key.verifier(), origin="other.example/log")
    stranger = Ed25519Signer(ORIGIN, Ed25519PrivateKey.generate())
    with pytest.raises(SignatureError):
        open_checkpoint(note, stranger.verifier())
    forged = note.replace(b"\n8\n", b"\n9\n")
    with pytest.raises(SignatureError):
        open_checkpoint(forged, log_key.verifier())


def test_checkpoint_must_carry_the_log_signature(
    log_key: Ed25519Signer, witness_key: CosignatureSigner
) -> None:
    cp = Checkpoint(ORIGIN, 8, ROOT)
    cosig = witness_key.cosign(cp.text(), datetime(2025, 1, 1, tzinfo=UTC))
    only_witness = parse_note(sign_checkpoint(cp, log_key))
    note = only_witness.__class__(only_witness.text, (cosig.note_signature(),)).to_bytes()
    with pytest.raises(SignatureError):
        open_checkpoint(note, log_key.verifier(), witnesses=[witness_key.verifier()])


def test_timestamp_vector_layout(vectors: dict[str, Any]) -> None:
    case = vectors["cosignature_timestamp_vector"]
    blob = base64.b64decode(case["signature_b64"])
    assert len(blob) == 76
    assert blob[:4].hex() == "646846b9"
    timestamp, signature = split_timestamped(blob[4:])
    assert timestamp == 1727964367
    assert len(signature) == 64


def test_cosignature_round_trip(log_key: Ed25519Signer, witness_key: CosignatureSigner) -> None:
    cp = Checkpoint(ORIGIN, 8, ROOT, ("an extension line",))
    at = datetime(2024, 10, 3, 14, 6, 7, tzinfo=UTC)
    cosig = witness_key.cosign(cp.text(), at)
    assert cosig.timestamp == 1727964367
    assert cosig.time == at
    note = add_cosignatures(sign_checkpoint(cp, log_key), [cosig, cosig])
    assert note.count("\u2014".encode()) == 2  # the same witness is added once
    opened = open_checkpoint(
        note, log_key.verifier(), witnesses=[witness_key.verifier()], min_cosignatures=1
    )
    assert opened.cosignatures == (cosig,)
    # the vkey of a witness is type 0x04, and parses back
    vkey = str(witness_key.verifier().verifier_key)
    assert CosignatureVerifier.from_key(parse_verifier_key(vkey)).key_id == witness_key.key_id
    # the message signed: header, time line, then the whole checkpoint text
    assert cosignature_message(cp.text(), 1727964367) == (
        b"cosignature/v1\ntime 1727964367\n" + cp.text().encode()
    )


def test_cosignature_covers_time_and_text(
    log_key: Ed25519Signer, witness_key: CosignatureSigner
) -> None:
    cp = Checkpoint(ORIGIN, 8, ROOT)
    cosig = witness_key.cosign(cp.text(), datetime(2025, 1, 1, tzinfo=UTC))
    verifier = witness_key.verifier()
    sig = cosig.note_signature().signature
    assert verifier.verify(cp.text().encode(), sig)
    later = (cosig.timestamp + 1).to_bytes(8, "big") + sig[8:]
    assert not verifier.verify(cp.text().encode(), later)
    other = Checkpoint(ORIGIN, 9, ROOT).text().encode()
    assert not verifier.verify(other, sig)
    assert not verifier.verify(cp.text().encode(), sig[:-1])
    # an Ed25519 note key of the same name and seed has another key id: no confusion
    plain = Ed25519Signer(witness_key.name, witness_key.private_key)
    assert plain.key_id != witness_key.key_id


def test_too_few_cosignatures(log_key: Ed25519Signer, witness_key: CosignatureSigner) -> None:
    note = sign_checkpoint(Checkpoint(ORIGIN, 1, ROOT), log_key)
    with pytest.raises(SignatureError, match="0 witness cosignatures, 1 needed"):
        open_checkpoint(
            note, log_key.verifier(), witnesses=[witness_key.verifier()], min_cosignatures=1
        )


def test_cosigning_needs_an_aware_time(witness_key: CosignatureSigner) -> None:
    with pytest.raises(InvalidInput, match="timezone"):
        witness_key.cosign(Checkpoint(ORIGIN, 1, ROOT).text(), datetime(2025, 1, 1))  # noqa: DTZ001
    with pytest.raises(InvalidInput, match="2\\*\\*63"):
        cosignature_message("x\n", 2**63)
