"""C2SP signed notes: the golang/mod vector byte for byte, key ids, malformed notes."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from cosec.errors import InvalidInput, SignatureError
from cosec.ledger.keys import signer_from_text, signer_to_text
from cosec.ledger.note import (
    ALG_COSIGNATURE_V1,
    ALG_ED25519,
    MAX_SIGNATURES,
    Ed25519Signer,
    NoteSignature,
    compute_key_id,
    open_note,
    parse_note,
    parse_verifier_key,
    sign_note,
)


@pytest.fixture(scope="module")
def sn(vectors: dict[str, Any]) -> dict[str, Any]:
    return vectors["signed_note"]


def test_signer_key_string_round_trips(sn: dict[str, Any]) -> None:
    signer = signer_from_text(sn["skey"])
    assert isinstance(signer, Ed25519Signer)
    assert signer.name == "PeterNeumann"
    assert f"{signer.key_id:08x}" == "c74f20a3"
    assert signer_to_text(signer) == sn["skey"]
    assert str(signer.verifier().verifier_key) == sn["vkey"]


def test_verifier_key_parses_and_formats(sn: dict[str, Any]) -> None:
    key = parse_verifier_key(sn["vkey"])
    assert (key.name, key.alg, key.key_id_hex) == ("PeterNeumann", ALG_ED25519, "c74f20a3")
    assert key.public_key.hex() == sn["public_key_hex"]
    assert str(key) == sn["vkey"]
    assert compute_key_id("PeterNeumann", ALG_ED25519, key.public_key) == 0xC74F20A3


def test_signing_reproduces_the_vector_byte_for_byte(sn: dict[str, Any]) -> None:
    signer = signer_from_text(sn["skey"])
    assert isinstance(signer, Ed25519Signer)
    assert sign_note(sn["text"], [signer]) == sn["signed_note"].encode("utf-8")


def test_the_vector_opens(sn: dict[str, Any]) -> None:
    verifier = parse_verifier_key(sn["vkey"]).verifier()
    opened = open_note(sn["signed_note"].encode("utf-8"), [verifier])
    assert opened.text == sn["text"]
    assert [s.name for s in opened.verified] == ["PeterNeumann"]
    assert opened.unverified == ()


def test_second_signer_verifies_with_its_vkey_alone(sn: dict[str, Any]) -> None:
    second = sn["second_signer"]
    note = (sn["signed_note"] + second["signature_line"] + "\n").encode("utf-8")
    enoch = parse_verifier_key(second["vkey"]).verifier()
    opened = open_note(note, [enoch])
    assert [s.name for s in opened.verified] == ["EnochRoot"]
    assert [s.name for s in opened.unverified] == ["PeterNeumann"]  # unknown: ignored, kept
    both = open_note(note, [enoch, parse_verifier_key(sn["vkey"]).verifier()])
    assert {s.name for s in both.verified} == {"EnochRoot", "PeterNeumann"}


def test_key_id_vectors(vectors: dict[str, Any]) -> None:
    algs = {"0x01": ALG_ED25519, "0x04": ALG_COSIGNATURE_V1}
    for case in vectors["key_id_vectors"]:
        key = parse_verifier_key(case["vkey"])
        assert key.key_id_hex == case["key_id"]
        assert key.alg == algs[case["type"][:4]]
        assert str(key) == case["vkey"]


def _malformed(sn: dict[str, Any]) -> dict[str, bytes]:
    text, signed = sn["text"], sn["signed_note"]
    line = signed[len(text) + 1 :]
    return {
        "text alone": text.encode(),
        "text and blank line": (text + "\n").encode(),
        "signature line without final newline": signed[:-1].encode(),
        "leading control byte": b"\x01" + signed.encode(),
        "invalid utf-8": b"\xff" + signed.encode(),
        "space in key name": signed.replace("PeterNeumann", "Bad Name").encode(),
        "non-signature line after": (signed + "hello\n").encode(),
        "101 signatures": (text + "\n" + line * (MAX_SIGNATURES + 1)).encode(),
    }


def test_malformed_notes_from_the_go_tests_are_rejected(sn: dict[str, Any]) -> None:
    verifier = parse_verifier_key(sn["vkey"]).verifier()
    assert len(sn["malformed_cases_from_go_tests"]) == 7
    for name, msg in _malformed(sn).items():
        with pytest.raises(InvalidInput):
            open_note(msg, [verifier])
        assert name


def test_one_hundred_signatures_are_accepted_and_repeats_kept_once(sn: dict[str, Any]) -> None:
    text, signed = sn["text"], sn["signed_note"]
    line = signed[len(text) + 1 :]
    opened = open_note(
        (text + "\n" + line * MAX_SIGNATURES).encode(), [parse_verifier_key(sn["vkey"]).verifier()]
    )
    assert len(opened.verified) == 1


def test_a_failing_known_signature_rejects_the_note(sn: dict[str, Any]) -> None:
    verifier = parse_verifier_key(sn["vkey"]).verifier()
    tampered = sn["signed_note"].replace("answer", "Answer").encode()
    with pytest.raises(SignatureError, match="PeterNeumann"):
        open_note(tampered, [verifier])


def test_a_note_no_known_key_signed_is_rejected(sn: dict[str, Any]) -> None:
    other = Ed25519Signer("PeterNeumann", Ed25519PrivateKey.generate()).verifier()
    with pytest.raises(SignatureError, match="no signature by a known key"):
        open_note(sn["signed_note"].encode(), [other])  # same name, other key id: ignored


def test_verifier_key_errors() -> None:
    for bad, why in [
        ("nameonly", "name\\+keyid"),
        ("a+zzzzzzzz+AQ==", "8 lowercase hex"),
        ("a+00000000+!!!", "base64"),
        ("a+00000000+AQ==", "empty"),
        ("a+00000000+AQID", "32 bytes"),
    ]:
        with pytest.raises(InvalidInput, match=why):
            parse_verifier_key(bad)
    key = parse_verifier_key("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
    with pytest.raises(InvalidInput, match="does not match"):
        parse_verifier_key("PeterNeumann+c74f20a4+" + str(key).split("+", 2)[2])


def test_signing_rejects_bad_text() -> None:
    signer = Ed25519Signer("k", Ed25519PrivateKey.generate())
    with pytest.raises(InvalidInput, match="newline"):
        sign_note("no newline", [signer])
    with pytest.raises(InvalidInput, match="control"):
        sign_note("tab\there\n", [signer])
    with pytest.raises(InvalidInput, match="spaces"):
        Ed25519Signer("a b", Ed25519PrivateKey.generate())


@settings(max_examples=50, deadline=None)
@given(
    lines=st.lists(
        st.text(st.characters(min_codepoint=0x20, blacklist_categories=("Cs",)), max_size=20),
        min_size=1,
        max_size=5,
    )
)
def test_any_text_round_trips(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    signer = Ed25519Signer("example.com/k", Ed25519PrivateKey.from_private_bytes(b"\x05" * 32))
    note = sign_note(text, [signer])
    opened = open_note(note, [signer.verifier()])
    assert opened.text == text
    parsed = parse_note(note)
    assert parsed.to_bytes() == note
    assert parsed.signatures == (
        NoteSignature("example.com/k", signer.key_id, signer.sign(text.encode())),
    )
