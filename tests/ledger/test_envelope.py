"""Signed envelopes: canonical bytes, signatures, replay and skew checks, the leaf."""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cosec.errors import (
    InvalidInput,
    KeyNotValid,
    ReplayDetected,
    SignatureError,
    TimestampOutOfWindow,
)
from cosec.ledger.canonical import canonical_json
from cosec.ledger.envelope import (
    Envelope,
    LogLeaf,
    check_sequence,
    check_time,
    parse_envelope,
    seal,
    verify_envelope,
    verify_submission,
)
from cosec.ledger.merkle import leaf_hash
from cosec.ledger.note import Verifier

from .conftest import ORIGIN, T0, FixedClock, seeded_signer

CHN = seeded_signer("CHN", 11)


def _envelope(**overrides: object) -> Envelope:
    fields: dict[str, object] = {
        "signer": CHN,
        "log": ORIGIN,
        "kind": "notification.prior",
        "seq": 1,
        "time": T0,
        "payload": {"activity": "exercise", "ships": 4, "area": [[120.5, 21.25]]},
        "audience": "regime",
        "nonce": "00112233445566778899aabbccddeeff",
    }
    fields.update(overrides)
    return seal(**fields)  # type: ignore[arg-type]


def test_canonical_bytes_are_rfc8785_of_everything_but_the_signature() -> None:
    env = _envelope()
    as_json = json.loads(env.to_json())
    assert as_json["signature"] == env.signature
    del as_json["signature"]
    assert env.canonical_bytes == canonical_json(as_json)
    assert env.canonical_bytes.startswith(b'{"audience":"regime","format":"cosec.envelope/v1"')
    assert env.envelope_hash == hashlib.sha256(env.canonical_bytes).digest()
    assert set(as_json) == {
        "format", "log", "member", "kind", "schema_version", "seq", "time", "audience",
        "parties", "nonce", "payload", "key_id",
    }  # fmt: skip


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)


@given(
    payload=st.dictionaries(st.text(max_size=10), _json_values, max_size=5),
    micros=st.integers(0, 999_999),
)
def test_stored_json_is_rfc8785_of_every_field(payload: dict[str, object], micros: int) -> None:
    """``to_json`` splices the signature into the canonical bytes: the same bytes as
    canonicalising the whole envelope, whatever the payload holds (keys like "time"
    or "signature" included)."""
    env = _envelope(
        payload=payload | {"time": "x", "signature": "y"}, time=T0.replace(microsecond=micros)
    )
    whole = env.model_dump(mode="json", exclude={"payload"}) | {"payload": env.payload}
    assert env.to_json() == canonical_json(whole)


def test_signature_verifies_and_survives_a_json_round_trip() -> None:
    env = _envelope()
    verify_envelope(env, CHN.verifier())
    again = parse_envelope(env.to_json())
    assert again == env
    verify_envelope(again, CHN.verifier())
    # a client that orders keys differently still produces the same canonical bytes
    shuffled = json.dumps(dict(reversed(list(json.loads(env.to_json()).items()))))
    assert parse_envelope(shuffled).canonical_bytes == env.canonical_bytes


@pytest.mark.parametrize(
    "change",
    [
        {"payload": {"activity": "exercise", "ships": 5, "area": [[120.5, 21.25]]}},
        {"seq": 2},
        {"time": "2025-03-01T08:00:01Z"},
        {"audience": "public"},
        {"kind": "notification.amend"},
        {"log": "other.example/log"},
    ],
)
def test_any_change_breaks_the_signature(change: dict[str, object]) -> None:
    env = _envelope()
    tampered = parse_envelope({**json.loads(env.to_json()), **change})
    with pytest.raises(SignatureError, match="does not verify"):
        verify_envelope(tampered, CHN.verifier())


def test_signature_must_come_from_the_members_key() -> None:
    env = _envelope()
    with pytest.raises(SignatureError, match="not a key of CHN"):
        verify_envelope(env, seeded_signer("JPN", 12).verifier())
    with pytest.raises(SignatureError, match="names key"):
        verify_envelope(env, seeded_signer("CHN", 99).verifier())
    for bad in ["not base64!", base64.b64encode(b"\x00" * 63).decode()]:
        with pytest.raises(SignatureError):
            verify_envelope(env.model_copy(update={"signature": bad}), CHN.verifier())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"member": "China"}, "member"),
        ({"kind": "Notification"}, "kind"),
        ({"seq": 0}, "seq"),
        ({"seq": "1"}, "seq"),
        ({"time": "2025-03-01T08:00:00+08:00"}, "time"),
        ({"audience": "everyone"}, "audience"),
        ({"audience": "parties"}, "parties are listed"),
        ({"parties": ["PHL"]}, "parties are listed"),
        ({"audience": "parties", "parties": ["PHL", "JPN"]}, "sorted"),
        ({"nonce": "short"}, "nonce"),
        ({"key_id": "XYZ"}, "key_id"),
        ({"payload": {"big": 2**53}}, "2\\*\\*53"),
        ({"payload": [1, 2]}, "payload"),
        ({"extra": True}, "extra"),
    ],
)
def test_invalid_envelopes_name_the_field(change: dict[str, object], field: str) -> None:
    raw = {**json.loads(_envelope().to_json()), **change}
    with pytest.raises(InvalidInput, match=field):
        parse_envelope(raw)


def test_sequence_numbers() -> None:
    check_sequence(_envelope(seq=1), None)
    check_sequence(_envelope(seq=8), 7)
    with pytest.raises(ReplayDetected, match="already used"):
        check_sequence(_envelope(seq=7), 7)
    with pytest.raises(ReplayDetected, match="skips ahead"):
        check_sequence(_envelope(seq=9), 7)
    with pytest.raises(ReplayDetected, match="skips ahead"):
        check_sequence(_envelope(seq=2), None)


def test_skew_window() -> None:
    clock = FixedClock(T0)
    check_time(_envelope(time=T0 - timedelta(minutes=5)), clock)
    check_time(_envelope(time=T0 + timedelta(minutes=5)), clock)
    with pytest.raises(TimestampOutOfWindow, match="before the server's clock"):
        check_time(_envelope(time=T0 - timedelta(minutes=5, seconds=1)), clock)
    with pytest.raises(TimestampOutOfWindow, match="after the server's clock"):
        check_time(_envelope(time=T0 + timedelta(minutes=5, seconds=1)), clock)
    check_time(_envelope(time=T0 - timedelta(hours=1)), clock, max_past=timedelta(hours=2))


class OneKey:
    """A KeyLookup that knows CHN's key only."""

    def verifier_for(self, member: str, key_id: str, *, log_index: int | None = None) -> Verifier:
        if member != "CHN":
            raise KeyNotValid(f"{member} has no registered key {key_id}")
        return CHN.verifier()


def test_verify_submission_checks_in_order() -> None:
    clock, keys = FixedClock(T0), OneKey()
    env = _envelope(seq=3)
    verify_submission(env, log=ORIGIN, keys=keys, last_seq=2, clock=clock)
    with pytest.raises(InvalidInput, match="log"):
        verify_submission(env, log="other/log", keys=keys, last_seq=2, clock=clock)
    with pytest.raises(KeyNotValid):
        verify_submission(
            _envelope(signer=seeded_signer("JPN", 12)),
            log=ORIGIN, keys=keys, last_seq=None, clock=clock,
        )  # fmt: skip
    forged = env.model_copy(update={"signature": _envelope(seq=4).signature})
    with pytest.raises(SignatureError):  # signature before replay: no state leaks to forgers
        verify_submission(forged, log=ORIGIN, keys=keys, last_seq=5, clock=clock)
    with pytest.raises(ReplayDetected):
        verify_submission(env, log=ORIGIN, keys=keys, last_seq=3, clock=clock)
    clock.advance(hours=1)
    with pytest.raises(TimestampOutOfWindow):
        verify_submission(env, log=ORIGIN, keys=keys, last_seq=2, clock=clock)


# --- the leaf -------------------------------------------------------------------------------


def test_leaf_layout_is_the_documented_struct() -> None:
    env = _envelope(seq=42)
    logged = T0 + timedelta(seconds=2, microseconds=5)
    leaf = LogLeaf.for_envelope(env, logged_at=logged)
    raw = leaf.encode()
    t_us = 1740816000 * 10**6
    want = (
        b"\x01"
        + env.envelope_hash
        + b"\x03CHN"
        + b"\x12notification.prior"
        + struct.pack(">QQQ", 42, t_us, t_us + 2_000_005)
    )
    assert raw == want
    assert leaf.hash == leaf_hash(raw)
    assert LogLeaf.decode(raw) == leaf
    assert leaf.mismatches(env) == []
    assert b"exercise" not in raw  # the payload stays out of the public leaf


def test_leaf_mismatches_name_fields() -> None:
    env = _envelope(seq=1)
    leaf = LogLeaf.for_envelope(env, logged_at=T0)
    other = _envelope(seq=2, time=T0 + timedelta(seconds=1))
    assert leaf.mismatches(other) == ["envelope_hash", "seq", "time"]


@pytest.mark.parametrize(
    "raw",
    [b"", b"\x02" + b"\x00" * 80, b"\x01" + b"\x00" * 32 + b"\x03CH", b"\x01" + b"\x00" * 60],
)
def test_malformed_leaves(raw: bytes) -> None:
    with pytest.raises(InvalidInput, match="leaf"):
        LogLeaf.decode(raw)


@given(
    member=st.from_regex(r"\A[A-Z]{3}\Z"),
    kind=st.from_regex(r"\A[a-z][a-z0-9_]{0,19}\.[a-z][a-z0-9_]{0,19}\Z"),
    seq=st.integers(1, 2**53 - 1),
    micros=st.integers(0, 2**60),
    digest=st.binary(min_size=32, max_size=32),
)
def test_leaf_round_trips(member: str, kind: str, seq: int, micros: int, digest: bytes) -> None:
    at = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros % (2**50))
    leaf = LogLeaf(digest, member, kind, seq, at, at)
    assert LogLeaf.decode(leaf.encode()) == leaf


def test_seal_normalises_parties_and_time() -> None:
    env = _envelope(
        audience="parties",
        parties=("PHL", "JPN", "PHL"),
        time=T0.astimezone(timezone(timedelta(hours=8))),
    )
    assert env.parties == ("JPN", "PHL")
    assert env.time == "2025-03-01T08:00:00Z"
    assert env.at == T0


def test_copies_are_validated_afresh() -> None:
    env = _envelope()
    assert env.envelope_hash  # cache the hash, then copy with another payload
    copy = env.model_copy(update={"payload": {"other": True}})
    assert copy.envelope_hash != env.envelope_hash
    with pytest.raises(SignatureError):
        verify_envelope(copy, CHN.verifier())
    with pytest.raises(InvalidInput, match="seq"):
        env.model_copy(update={"seq": 0})
