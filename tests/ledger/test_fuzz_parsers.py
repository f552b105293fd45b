"""Fuzzing every parser of the signed log: notes, keys, checkpoints, witness requests and
state, canonical JSON, envelopes, leaves, receipts, the auditor's inputs, key events.

The property is the same for each: on any input (random bytes, or a valid input cut,
spliced, with huge numbers, deep nesting, NaN, duplicate keys, wrong types or unicode
tricks) the parser returns a valid object or raises the error its module documents,
never another exception, and never accepts something invalid (a note or an envelope
whose signature does not hold, a checkpoint the log did not sign, JSON that is not
I-JSON). Where a format has an encoder, what the parser accepts encodes back to itself.

Every input Hypothesis found failing is kept as an ``@example`` of the property it broke
(or as a plain test), and failed before the fix.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import example, given
from hypothesis import strategies as st

from cosec.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    LedgerIntegrityError,
    NotFound,
    SignatureError,
)
from cosec.ledger.canonical import MAX_JSON_DEPTH, canonical_json, format_time, parse_time
from cosec.ledger.checkpoint import (
    MAX_TREE_SIZE,
    Checkpoint,
    CosignatureSigner,
    add_cosignatures,
    cosignature_message,
    open_checkpoint,
    parse_checkpoint_text,
    timestamped,
)
from cosec.ledger.envelope import (
    KIND_PATTERN,
    MAX_ENVELOPE_BYTES,
    Envelope,
    LogLeaf,
    parse_envelope,
    seal,
    verify_envelope,
)
from cosec.ledger.keyregistry import KIND_REGISTER, KIND_REVOKE, KIND_ROTATE, KeyRegistry
from cosec.ledger.keys import read_private_key, signer_from_text, signer_to_text
from cosec.ledger.note import (
    MAX_NOTE_BYTES,
    Ed25519Signer,
    NoteSignature,
    open_note,
    parse_note,
    parse_verifier_key,
)
from cosec.ledger.receipt import MAX_RECEIPT_BYTES, Receipt, make_receipt, verify_receipt
from cosec.ledger.witness import (
    MAX_ADD_CHECKPOINT_BYTES,
    JsonFileWitnessState,
    MemoryWitnessState,
    Witness,
    format_add_checkpoint,
    parse_add_checkpoint,
)
from cosec.logstore.auditor import check_receipt, verify_log

from .conftest import ORIGIN, REGISTRAR, T0, DemoLog, FixedClock, seeded_signer
from .fuzzing import (
    ANY_BYTES,
    ANY_TEXT,
    FEW,
    FUZZ,
    JSON_VALUES,
    dumps,
    has_duplicate_keys,
    mutated,
    mutated_json,
    nested,
    texts_from,
    with_duplicate_key,
)

# --- a small honest log, built once -----------------------------------------------------------

LOG_KEY = seeded_signer(ORIGIN, 1)
WITNESS_KEY = CosignatureSigner(
    "witness.example/jpn", Ed25519PrivateKey.from_private_bytes(b"\7" * 32)
)
CHN = seeded_signer("CHN", 11)


def _vkey(signer: Ed25519Signer) -> str:
    return str(signer.verifier().verifier_key)


def _build_log() -> DemoLog:
    log = DemoLog(LOG_KEY)
    log.keys[REGISTRAR] = seeded_signer(REGISTRAR, 10)
    log.submit(REGISTRAR, KIND_REGISTER, vkey=_vkey(log.keys[REGISTRAR]))
    log.keys["CHN"] = CHN
    log.submit(REGISTRAR, KIND_REGISTER, vkey=_vkey(CHN))
    for i in range(5):
        log.submit("CHN", n=i, area=[[120.5, 21.25 + i]], note="é ✓")
    return log


LOG = _build_log()
NOTE = LOG.signed_checkpoint()
COSIGNED = add_cosignatures(NOTE, [WITNESS_KEY.cosign(LOG.checkpoint().text(), T0)])
RECEIPT = make_receipt(LOG.tree, leaf_index=4, leaf=LOG.leaves[4], checkpoint=COSIGNED)
ENVELOPE = LOG.envelopes[4]
ENVELOPE_DICT: dict[str, Any] = json.loads(ENVELOPE.to_json())
KEYS_JSON: dict[str, Any] = {
    "origin": ORIGIN,
    "log": _vkey(LOG_KEY),
    "witnesses": {"jpn": str(WITNESS_KEY.verifier().verifier_key)},
}
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _unused_bits_set(text: str) -> str:
    """The same base64 value spelt with a unused bit set (``xx==`` → next letter)."""
    head, pad = text.rstrip("="), "=" * (len(text) - len(text.rstrip("=")))
    return head[:-1] + _B64[_B64.index(head[-1]) + 1] + pad


# --- signed notes and keys ----------------------------------------------------------------------


@FUZZ
@given(ANY_BYTES | mutated(COSIGNED))
@example(NOTE[:-1].replace(NOTE[-4:-1], _unused_bits_set(NOTE[-4:-1].decode()).encode()) + b"\n")
def test_a_note_parses_or_is_refused(data: bytes) -> None:
    try:
        note = parse_note(data)
    except InvalidInput:
        return
    assert note.to_bytes() == data  # one note, one spelling
    try:
        opened = open_note(data, [LOG_KEY.verifier()])
    except SignatureError:
        return
    assert opened.text == LOG.checkpoint().text()  # only what the log really signed


def test_a_note_beyond_the_limit_is_refused_before_parsing() -> None:
    text = NOTE.replace(b"\n\n", b"\n" + b"x" * MAX_NOTE_BYTES + b"\n\n")
    with pytest.raises(InvalidInput, match=r"note: has .* bytes, at most"):
        parse_note(text)


@FUZZ
@given(ANY_TEXT | texts_from(_vkey(CHN).encode()))
@example("\ud800+00000000+Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
@example(_vkey(CHN) + "=")  # the same key, with padding it does not need
def test_a_verifier_key_parses_or_is_refused(text: str) -> None:
    try:
        key = parse_verifier_key(text)
    except InvalidInput:
        return
    assert str(key) == text.strip()


@FUZZ
@given(ANY_TEXT | texts_from(signer_to_text(CHN).encode()))
@example("PRIVATE+KEY+\udc80+00000000+AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB")
def test_a_private_key_parses_or_is_refused(text: str) -> None:
    try:
        signer = signer_from_text(text)
    except InvalidInput:
        return
    assert signer_to_text(signer) == text.strip()


def test_a_key_file_that_is_not_ascii_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "CHN.key"
    path.write_bytes(signer_to_text(CHN).encode() + b"\xff\n")
    path.chmod(0o600)
    with pytest.raises(InvalidInput, match="not ASCII"):
        read_private_key(path)


# --- checkpoints and cosignatures ---------------------------------------------------------------


@FUZZ
@given(ANY_TEXT | texts_from(LOG.checkpoint().text().encode()))
@example(f"{ORIGIN}\n{'9' * 5000}\n{'A' * 43}=\n")
@example(f"{ORIGIN}\n{2**64}\n{'A' * 43}=\n")
def test_a_checkpoint_body_parses_or_is_refused(text: str) -> None:
    try:
        checkpoint = parse_checkpoint_text(text)
    except InvalidInput:
        return
    assert checkpoint.text() == text
    assert 0 <= checkpoint.size <= MAX_TREE_SIZE


def test_a_checkpoint_size_is_a_uint64() -> None:
    top = Checkpoint(ORIGIN, MAX_TREE_SIZE, b"\0" * 32)
    assert parse_checkpoint_text(top.text()) == top
    with pytest.raises(InvalidInput, match=re.escape("checkpoint.size: must be in 0..2**64-1")):
        parse_checkpoint_text(top.text().replace(str(MAX_TREE_SIZE), str(MAX_TREE_SIZE + 1)))


@FUZZ
@given(mutated(COSIGNED))
def test_a_checkpoint_opens_only_with_the_logs_signature(note: bytes) -> None:
    try:
        signed = open_checkpoint(note, LOG_KEY.verifier(), witnesses=[WITNESS_KEY.verifier()])
    except (InvalidInput, SignatureError):
        return
    assert signed.checkpoint == LOG.checkpoint()
    for cosignature in signed.cosignatures:
        assert cosignature.time.tzinfo is not None


def test_a_cosignature_time_beyond_year_9999_is_refused() -> None:
    """A witness key can sign any u64 time; ``Cosignature.time`` then raised ValueError."""
    late = 2**40
    signature = WITNESS_KEY.private_key.sign(cosignature_message(LOG.checkpoint().text(), late))
    line = NoteSignature(WITNESS_KEY.name, WITNESS_KEY.key_id, timestamped(late, signature))
    with pytest.raises(InvalidInput, match=re.escape("cosignature.timestamp: must be a time")):
        open_checkpoint(
            NOTE + line.line().encode(), LOG_KEY.verifier(), witnesses=[WITNESS_KEY.verifier()]
        )


# --- the witness: add-checkpoint requests and its state file -------------------------------------


def _add_checkpoint_body(old: int, new: int) -> bytes:
    proof = LOG.tree.consistency_proof(old, new) if 0 < old < new else []
    return format_add_checkpoint(old, proof, LOG.signed_checkpoint(new))


def _witness(state: MemoryWitnessState | JsonFileWitnessState) -> Witness:
    return Witness(
        WITNESS_KEY, logs={ORIGIN: LOG_KEY.verifier()}, state=state, clock=FixedClock(T0)
    )


@FEW
@given(ANY_BYTES | mutated(_add_checkpoint_body(3, 7)) | mutated(_add_checkpoint_body(0, 3)))
@example(b"old " + b"9" * 5000 + b"\n\n" + NOTE)
@example(b"old 3\n" + base64.b64encode(b"short") + b"\n\n" + NOTE)
def test_a_witness_cosigns_only_the_logs_consistent_checkpoints(body: bytes) -> None:
    witness = _witness(MemoryWitnessState())
    witness.add_checkpoint(LOG.signed_checkpoint(3), old_size=0, proof=[])
    try:
        old, proof, note = parse_add_checkpoint(body)
    except InvalidInput:
        return
    assert all(len(h) == 32 for h in proof)
    assert parse_add_checkpoint(format_add_checkpoint(old, proof, note)) == (old, proof, note)
    try:
        witness.add_checkpoint(note, old_size=old, proof=proof)
    except (InvalidInput, SignatureError, NotFound, Conflict, LedgerIntegrityError):
        held = witness.latest(ORIGIN)
        assert held is not None
        assert held.size == 3  # a refusal stores nothing
        return
    held = witness.latest(ORIGIN)
    assert held is not None
    assert held.root_hash == LOG.tree.root(held.size)  # only the honest log's history


def test_an_add_checkpoint_body_beyond_the_limit_is_refused_before_parsing() -> None:
    body = b"old 0\n\n" + NOTE + b"\xe2\x80\x94 x " + b"A" * MAX_ADD_CHECKPOINT_BYTES + b"\n"
    with pytest.raises(InvalidInput, match=r"body: has .* bytes, at most"):
        parse_add_checkpoint(body)


def _witness_state_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "witness.json"
        _witness(JsonFileWitnessState(path)).add_checkpoint(NOTE, old_size=0, proof=[])
        return path.read_bytes()


WITNESS_STATE = _witness_state_bytes()
WITNESS_STATE_DICT: dict[str, Any] = json.loads(WITNESS_STATE)


@pytest.fixture(scope="module")
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-state")


@FEW
@given(
    ANY_BYTES
    | mutated(WITNESS_STATE)
    | mutated_json(WITNESS_STATE_DICT).map(lambda d: dumps(d).encode())
    | mutated_json(WITNESS_STATE_DICT["logs"][ORIGIN]).map(
        lambda d: dumps({**WITNESS_STATE_DICT, "logs": {ORIGIN: d}}).encode()
    )
)
@example(b"\xff")
@example(b"5")
@example(b'{"format": "cosec.witness-state/v1"}')
@example(
    dumps(
        {
            **WITNESS_STATE_DICT,
            "logs": {ORIGIN: {**WITNESS_STATE_DICT["logs"][ORIGIN], "cosigned_at": []}},
        }
    ).encode()
)
def test_a_witness_state_file_reads_or_is_refused(state_dir: Path, content: bytes) -> None:
    path = state_dir / "witness.json"
    path.write_bytes(content)
    try:
        record = JsonFileWitnessState(path).latest(ORIGIN)
    except InvalidInput:
        return
    if record is not None:
        assert 0 <= record.size <= MAX_TREE_SIZE
        assert len(record.root_hash) == 32


# --- canonical JSON and times ---------------------------------------------------------------------


@FUZZ
@given(JSON_VALUES)
@example({"\ud800": 1})
@example(nested(2000, 5.0))
@example(nested(5000))
@example({"x": 1e20})
def test_canonical_json_is_rfc8785_or_refused(value: Any) -> None:
    try:
        out = canonical_json(value, what="payload")
    except InvalidInput as exc:
        assert str(exc).startswith("payload: ")  # noqa: PT017 (the field is named)
        return
    assert out == rfc8785.dumps(value)
    assert canonical_json(json.loads(out)) == out  # stable: what it writes reads back the same


def test_nesting_beyond_the_limit_is_refused() -> None:
    assert (
        canonical_json(nested(MAX_JSON_DEPTH))
        == b"[" * MAX_JSON_DEPTH + b"1" + b"]" * MAX_JSON_DEPTH
    )
    with pytest.raises(InvalidInput, match=f"payload: nests deeper than {MAX_JSON_DEPTH} levels"):
        canonical_json(nested(MAX_JSON_DEPTH + 1), what="payload")


@FUZZ
@given(ANY_TEXT | st.datetimes(timezones=st.just(T0.tzinfo)).map(format_time))
def test_a_time_parses_or_is_refused(text: str) -> None:
    try:
        at = parse_time(text)
    except InvalidInput:
        return
    assert parse_time(format_time(at)) == at


# --- envelopes ------------------------------------------------------------------------------------


def _check_envelope(env: Envelope) -> None:
    stored = env.to_json()
    assert len(stored) <= MAX_ENVELOPE_BYTES
    again = parse_envelope(stored)  # what is stored reads back
    assert again.model_dump() == env.model_dump()
    assert again.canonical_bytes == env.canonical_bytes
    assert canonical_json(json.loads(env.canonical_bytes)) == env.canonical_bytes
    try:
        verify_envelope(env, CHN.verifier())
    except SignatureError:
        return
    assert env.canonical_bytes == ENVELOPE.canonical_bytes  # only what CHN signed


@FUZZ
@given(mutated_json(ENVELOPE_DICT))
@example({**ENVELOPE_DICT, "signature": 'AAAA","member":"USA'})
@example({**ENVELOPE_DICT, "signature": "é"})
@example({**ENVELOPE_DICT, "payload": {"a": nested(2000, 5.0)}})
@example({**ENVELOPE_DICT, "payload": {"a": nested(990)}})
@example({**ENVELOPE_DICT, "payload": {"x": 1e20}})
@example({**ENVELOPE_DICT, "payload": {"blob": "x" * MAX_ENVELOPE_BYTES}})
def test_an_envelope_object_parses_or_is_refused(data: dict[str, Any]) -> None:
    try:
        env = parse_envelope(data)
    except InvalidInput:
        return
    _check_envelope(env)


@FUZZ
@given(
    ANY_BYTES
    | mutated(ENVELOPE.to_json())
    | mutated_json(ENVELOPE_DICT).map(lambda d: dumps(d).encode())
)
@example(with_duplicate_key(ENVELOPE.to_json().decode(), "member", '"USA"').encode())
def test_an_envelope_text_parses_or_is_refused(text: bytes) -> None:
    try:
        env = parse_envelope(text)
    except InvalidInput:
        return
    assert not has_duplicate_keys(text)  # I-JSON only: one reading for every verifier
    _check_envelope(env)


def test_an_envelope_beyond_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(InvalidInput, match=r"envelope: has .* bytes, at most"):
        parse_envelope(b" " * MAX_ENVELOPE_BYTES + ENVELOPE.to_json())


def test_a_non_object_envelope_is_refused_with_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="envelope: must be a JSON object"):
        parse_envelope([("member", "CHN")])  # type: ignore[arg-type]


def test_a_signature_in_non_canonical_base64_does_not_verify() -> None:
    twin = _unused_bits_set(ENVELOPE.signature)
    assert base64.b64decode(twin) == base64.b64decode(ENVELOPE.signature)
    with pytest.raises(SignatureError, match="canonical base64"):
        verify_envelope(ENVELOPE.model_copy(update={"signature": twin}), CHN.verifier())


# --- leaves ---------------------------------------------------------------------------------------

_TIMES = st.datetimes(timezones=st.just(T0.tzinfo), min_value=T0.replace(year=1970, tzinfo=None))


@FUZZ
@given(
    st.builds(
        LogLeaf,
        envelope_hash=st.binary(min_size=32, max_size=32),
        member=st.from_regex(r"[A-Z]{3}", fullmatch=True),
        kind=st.from_regex(KIND_PATTERN[1:-1], fullmatch=True).filter(lambda k: len(k) < 256),
        seq=st.integers(1, 2**53 - 1),
        time=_TIMES,
        logged_at=_TIMES,
    )
)
def test_a_leaf_round_trips(leaf: LogLeaf) -> None:
    assert LogLeaf.decode(leaf.encode()) == leaf


@FUZZ
@given(ANY_BYTES | mutated(LOG.leaves[4]))
@example(LOG.leaves[4][:-24] + b"\xff" * 24)  # times beyond the year 9999
@example(b"\1" + b"a" * 32 + b"\0\0" + b"\0" * 24)  # no member, no kind, seq 0
@example(b"\1" + b"a" * 32 + b"\3chn\5a.b_c" + struct.pack(">QQQ", 1, 0, 0))
def test_a_leaf_decodes_or_is_refused(data: bytes) -> None:
    try:
        leaf = LogLeaf.decode(data)
    except InvalidInput:
        return
    assert leaf.encode() == data
    # Only a leaf an accepted envelope could have given.
    assert re.fullmatch(r"[A-Z]{3}", leaf.member)
    assert re.fullmatch(KIND_PATTERN[1:-1], leaf.kind)
    assert 1 <= leaf.seq <= 2**53 - 1


# --- receipts -------------------------------------------------------------------------------------

RECEIPT_DICT: dict[str, Any] = json.loads(RECEIPT.to_json())


@FUZZ
@given(
    ANY_BYTES
    | mutated(RECEIPT.to_json().encode())
    | mutated_json(RECEIPT_DICT).map(lambda d: dumps(d).encode())
)
@example(b"\x00\x00\x00[\x00")  # json.loads took it for UTF-32
@example(b"[" * 100_000 + b"]" * 100_000)
@example(b'{"format":"cosec.receipt/v1","leaf_index":' + b"9" * 5000 + b"}")
@example(dumps({**RECEIPT_DICT, "checkpoint": "\ud800"}).encode())
@example(dumps({**RECEIPT_DICT, "inclusion_proof": ""}).encode())
@example(dumps({**RECEIPT_DICT, "inclusion_proof": [base64.b64encode(b"short").decode()]}).encode())
@example(with_duplicate_key(RECEIPT.to_json(), "leaf_index", "3").encode())
def test_a_receipt_parses_and_verifies_or_is_refused(text: bytes) -> None:
    try:
        receipt = Receipt.from_json(text)
    except InvalidInput:
        return
    assert not has_duplicate_keys(text)
    assert all(len(h) == 32 for h in receipt.proof)
    assert json.loads(receipt.to_json()) == json.loads(text)  # it holds all the text says
    assert Receipt.from_json(receipt.to_json()) == receipt
    try:
        verified = verify_receipt(receipt, log_key=LOG_KEY.verifier(), origin=ORIGIN)
    except (InvalidInput, SignatureError, LedgerIntegrityError):
        return
    assert receipt.leaf == LOG.leaves[verified.leaf_index]  # only a leaf really there


def test_a_receipt_beyond_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(InvalidInput, match=r"receipt: has \d+ characters, at most \d+ bytes"):
        Receipt.from_json(" " * MAX_RECEIPT_BYTES + RECEIPT.to_json())


@FEW
@given(mutated_json(KEYS_JSON), st.booleans())
@example({"origin": ORIGIN}, False)
@example({**KEYS_JSON, "witnesses": ["x"]}, False)
def test_a_receipt_checks_against_any_published_keys(
    keys: dict[str, Any], with_envelope: bool
) -> None:
    envelope = ENVELOPE.to_json().decode() if with_envelope else None
    try:
        verified = check_receipt(RECEIPT.to_json(), keys=keys, envelope_text=envelope)
    except (InvalidInput, SignatureError, LedgerIntegrityError):
        return
    assert verified.leaf == LogLeaf.decode(LOG.leaves[4])


# --- the auditor's inputs: served entries and its state file --------------------------------------


HONEST_ROWS: list[object] = [
    {"leaf": base64.b64encode(leaf).decode(), "envelope": json.loads(env.to_json())}
    for leaf, env in zip(LOG.leaves, LOG.envelopes, strict=True)
]


class ServedLog:
    """A log source serving the honest log, its entries as given."""

    def __init__(self, rows: list[object]) -> None:
        self.rows = rows

    def keys(self) -> dict[str, Any]:
        return dict(KEYS_JSON)

    def checkpoint(self, size: int | None = None) -> bytes:
        return LOG.signed_checkpoint(size)

    def entries(self, start: int, end: int) -> list[object]:
        return self.rows[start:end]

    def checkpoint_sizes(self) -> list[int]:
        return list(range(1, LOG.tree.size + 1))


def _audit(source: ServedLog, state: Path) -> None:
    try:
        outcome = verify_log(source, state_path=state)  # type: ignore[arg-type]
    except (InvalidInput, SignatureError, LedgerIntegrityError):
        return
    assert outcome.checkpoint == LOG.checkpoint()


ROW: dict[str, Any] = json.loads(json.dumps(HONEST_ROWS[2]))


@FEW
@given(st.integers(0, len(LOG.leaves) - 1), mutated_json(ROW) | JSON_VALUES)
@example(2, {"envelope": None})
@example(2, {"leaf": ROW["leaf"], "envelope": None})
@example(2, {"leaf": ROW["leaf"], "envelope": [1]})
@example(0, None)
@example(1, [1])
def test_the_auditor_reads_any_served_entry(state_dir: Path, index: int, row: object) -> None:
    state = state_dir / "auditor-rows.json"
    state.unlink(missing_ok=True)
    rows = list(HONEST_ROWS)
    rows[index] = row
    _audit(ServedLog(rows), state)


STATE = {
    "format": "cosec.auditor-state/v1",
    "logs": {
        ORIGIN: {"log_key": KEYS_JSON["log"], "checkpoint": LOG.signed_checkpoint(3).decode()}
    },
}


@FEW
@given(
    ANY_BYTES
    | mutated(dumps(STATE).encode())
    | mutated_json(STATE).map(lambda d: dumps(d).encode())
)
@example(b"5")
@example(b"\xff")
@example(b"[" * 5000)
@example(b'{"format": "cosec.auditor-state/v1"}')
@example(dumps({**STATE, "logs": {ORIGIN: {"log_key": KEYS_JSON["log"]}}}).encode())
def test_the_auditor_reads_any_state_file(state_dir: Path, content: bytes) -> None:
    state = state_dir / "auditor-state.json"
    state.write_bytes(content)
    _audit(ServedLog(HONEST_ROWS), state)


# --- key events -----------------------------------------------------------------------------------

NEW_CHN = seeded_signer("CHN", 40)
KEY_PAYLOADS: dict[str, dict[str, Any]] = {
    KIND_REGISTER: {"vkey": _vkey(NEW_CHN)},
    KIND_ROTATE: {"vkey": _vkey(NEW_CHN), "replaces": f"{CHN.key_id:08x}"},
    KIND_REVOKE: {
        "member": "CHN",
        "key_id": f"{CHN.key_id:08x}",
        "reason": "lost",
        "compromised_since": "2025-03-01T00:00:00Z",
    },
}


def _snapshot(registry: KeyRegistry) -> dict[str, list[Any]]:
    return {m: registry.keys(m) for m in registry.members()}


@FUZZ
@given(st.sampled_from(sorted(KEY_PAYLOADS)), st.sampled_from(["CHN", REGISTRAR]), st.data())
def test_a_key_event_applies_or_is_refused_and_changes_nothing(
    kind: str, signer: str, data: st.DataObject
) -> None:
    base = KEY_PAYLOADS[kind]
    vkeys = texts_from(base.get("vkey", "").encode()).map(lambda v: {**base, "vkey": v})
    payload = data.draw(mutated_json(base) | vkeys | JSON_VALUES.map(lambda v: {"value": v}))
    registry = KeyRegistry(registrars={REGISTRAR})
    registry.replay(enumerate(LOG.envelopes))
    before = _snapshot(registry)
    try:
        env = seal(
            LOG.keys[signer],
            log=ORIGIN,
            kind=kind,
            seq=LOG.seqs[signer] + 1,
            time=T0 + timedelta(hours=1),
            payload=payload,
            audience="public",
        )
    except InvalidInput:
        return
    try:
        registry.apply(env, log_index=len(LOG.envelopes))
    except (InvalidInput, SignatureError, Forbidden, Conflict):
        assert _snapshot(registry) == before
        return
    assert _snapshot(registry) != before
