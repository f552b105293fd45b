"""The key registry: register, rotate, revoke, and which key was valid when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from cosec.errors import Conflict, Forbidden, InvalidInput, KeyNotValid, SignatureError
from cosec.ledger.envelope import Envelope, seal, verify_envelope
from cosec.ledger.keyregistry import (
    KIND_REGISTER,
    KIND_REVOKE,
    KIND_ROTATE,
    KeyRegistry,
)
from cosec.ledger.note import Ed25519Signer

from .conftest import ORIGIN, REGISTRAR, T0, DemoLog, seeded_signer


def _vkey(signer: Ed25519Signer) -> str:
    return str(signer.verifier().verifier_key)


def _registry(log: DemoLog) -> KeyRegistry:
    registry = KeyRegistry(registrars={REGISTRAR})
    registry.replay(enumerate(log.envelopes))
    return registry


def test_genesis_and_registration_by_the_registrar(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(0)
    registry = _registry(log)
    chn = registry.keys("CHN")
    assert [k.key_id for k in chn] == [f"{log.keys['CHN'].key_id:08x}"]
    assert chn[0].registered_index == 1
    assert chn[0].valid_at_index(2)
    assert not chn[0].valid_at_index(1)  # not for the entry that registers it
    env = log.submit("CHN", n=1)
    verify_envelope(env, registry.verifier_for("CHN", env.key_id))


def test_only_registrars_start_from_nothing(make_log: Callable[[int], DemoLog]) -> None:
    kor = seeded_signer("KOR", 40)
    self_signed = seal(
        kor, log=ORIGIN, kind=KIND_REGISTER, seq=1, time=T0, payload={"vkey": _vkey(kor)},
        audience="public",
    )  # fmt: skip
    with pytest.raises(KeyNotValid):
        KeyRegistry(registrars={REGISTRAR}).apply(self_signed, log_index=0)
    log = make_log(0)
    registry = _registry(log)
    by_chn = seal(
        log.keys["CHN"], log=ORIGIN, kind=KIND_REGISTER, seq=2, time=T0,
        payload={"vkey": _vkey(kor)}, audience="public",
    )  # fmt: skip
    with pytest.raises(Forbidden, match="may not register keys for KOR"):
        registry.apply(by_chn, log_index=10)


def _event(signer: Ed25519Signer, kind: str, seq: int, minutes: int, **payload: object) -> Envelope:
    return seal(
        signer, log=ORIGIN, kind=kind, seq=seq, time=T0 + timedelta(minutes=minutes),
        payload=payload, audience="public",
    )  # fmt: skip


def test_rotation_hands_over_at_the_rotating_entry(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(0)
    registry = _registry(log)
    old, new = log.keys["CHN"], seeded_signer("CHN", 50)
    old_id = f"{old.key_id:08x}"
    rotate = _event(old, KIND_ROTATE, 1, 30, vkey=_vkey(new), replaces=old_id)
    registry.apply(rotate, log_index=7)
    retired, fresh = registry.keys("CHN")
    assert (retired.retired_index, retired.retired_by) == (7, "rotate")
    assert retired.valid_at_index(7)
    assert not retired.valid_at_index(8)
    assert fresh.valid_at_index(8)
    assert [k.key_id for k in registry.valid_keys("CHN")] == [f"{new.key_id:08x}"]
    with pytest.raises(KeyNotValid, match="retired at log index 8"):
        registry.verifier_for("CHN", old_id)
    # by time: the old key before the rotation, the new one after
    assert registry.valid_keys("CHN", at=T0 + timedelta(minutes=29)) == [retired]
    assert registry.valid_keys("CHN", at=T0 + timedelta(minutes=31)) == [fresh]
    # a rotation signed by another key of the member is refused
    again = _event(new, KIND_ROTATE, 2, 40, vkey=_vkey(seeded_signer("CHN", 51)), replaces=old_id)
    with pytest.raises(Forbidden, match="signed by the key it replaces"):
        registry.apply(again, log_index=9)


def test_revocation_and_compromise(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(0)
    registry = _registry(log)
    jpn_id = f"{log.keys['JPN'].key_id:08x}"
    revoke = _event(
        log.keys[REGISTRAR], KIND_REVOKE, 5, 60, member="JPN", key_id=jpn_id,
        reason="key lost with a laptop", compromised_since="2025-03-01T08:30:00Z",
    )  # fmt: skip
    record = registry.apply(revoke, log_index=12)
    assert record.retired_by == "revoke"
    assert record.compromised_since == T0 + timedelta(minutes=30)
    assert registry.valid_keys("JPN") == []
    with pytest.raises(KeyNotValid):
        registry.verifier_for("JPN", jpn_id)
    again = _event(
        log.keys[REGISTRAR], KIND_REVOKE, 6, 61, member="JPN", key_id=jpn_id, reason="again"
    )
    with pytest.raises(Conflict, match="already revoked"):
        registry.apply(again, log_index=13)


def test_a_member_may_revoke_its_own_key_but_not_anothers(
    make_log: Callable[[int], DemoLog],
) -> None:
    log = make_log(0)
    registry = _registry(log)
    phl_id = f"{log.keys['PHL'].key_id:08x}"
    by_chn = _event(log.keys["CHN"], KIND_REVOKE, 1, 5, member="PHL", key_id=phl_id, reason="x")
    with pytest.raises(Forbidden, match="may not revoke"):
        registry.apply(by_chn, log_index=10)
    by_phl = _event(log.keys["PHL"], KIND_REVOKE, 1, 5, member="PHL", key_id=phl_id, reason="x")
    assert registry.apply(by_phl, log_index=10).retired_index == 10


def test_events_are_checked_before_anything_changes(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(0)
    registry = _registry(log)
    chn = log.keys["CHN"]
    dup = _event(log.keys[REGISTRAR], KIND_REGISTER, 5, 1, vkey=_vkey(chn))
    with pytest.raises(Conflict, match="already has a key"):
        registry.apply(dup, log_index=10)
    bad_payload = _event(log.keys[REGISTRAR], KIND_REGISTER, 5, 1, vkey=_vkey(chn), extra=1)
    with pytest.raises(InvalidInput, match=r"payload\.extra"):
        registry.apply(bad_payload, log_index=10)
    wrong_name = _event(log.keys[REGISTRAR], KIND_REGISTER, 5, 1, vkey=_vkey(seeded_signer("k", 3)))
    with pytest.raises(InvalidInput, match="alpha-3"):
        registry.apply(wrong_name, log_index=10)
    forged = dup.model_copy(update={"payload": {"vkey": _vkey(seeded_signer("KOR", 41))}})
    with pytest.raises(SignatureError):
        registry.apply(forged, log_index=10)
    with pytest.raises(Conflict, match="not after"):
        registry.apply(dup, log_index=2)
    with pytest.raises(InvalidInput, match="not a key event"):
        registry.apply(log.submit("CHN"), log_index=11)
    assert len(registry.keys("CHN")) == 1
    assert len(registry.keys("KOR")) == 0


def test_a_member_adds_a_second_key_itself(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(0)
    registry = _registry(log)
    second = seeded_signer("CHN", 60)
    registry.apply(_event(log.keys["CHN"], KIND_REGISTER, 1, 5, vkey=_vkey(second)), log_index=4)
    assert len(registry.valid_keys("CHN", log_index=5)) == 2
    assert registry.valid_keys("CHN", log_index=4) == registry.keys("CHN")[:1]
