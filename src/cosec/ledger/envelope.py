"""The signed envelope every submission travels in, and the leaf the log hashes for it.

An envelope is a JSON object with every field always present::

    {"format": "cosec.envelope/v1", "log": "<log origin>", "member": "CHN",
     "kind": "notification.prior", "schema_version": 1, "seq": 42,
     "time": "2025-03-01T08:00:00Z", "audience": "regime", "parties": [],
     "nonce": "<32-64 hex digits>", "payload": {...}, "key_id": "<8 hex>",
     "signature": "<base64 Ed25519 signature>"}

Its *canonical bytes* are RFC 8785 of the object without ``signature``; the member signs
them with its Ed25519 key, and the *envelope hash* is their SHA-256. The random ``nonce``
keeps that hash from revealing a guessable payload.

The log does not hash the envelope itself but a :class:`LogLeaf`, a small binary record
(TLS presentation language, RFC 8446 §3) that commits to the envelope hash and to the
public facts about it, never to the payload::

    struct {
        uint8  leaf_version = 1;
        opaque envelope_hash[32];   /* SHA-256 of the canonical bytes */
        opaque member<1..255>;      /* ASCII, ISO 3166-1 alpha-3 */
        opaque kind<1..255>;        /* ASCII record kind */
        uint64 seq;                 /* member's sequence number */
        uint64 time_us;             /* envelope time, microseconds since the epoch, UTC */
        uint64 logged_us;           /* when the log accepted it, same unit */
    } CosecLeafV1;

The Merkle leaf hash is then ``SHA-256(0x00 || CosecLeafV1)`` (RFC 9162).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any, Final, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cosec.clock import Clock
from cosec.errors import (
    FieldError,
    InvalidInput,
    ReplayDetected,
    SignatureError,
    TimestampOutOfWindow,
)
from cosec.ledger.canonical import (
    EPOCH,
    MAX_SAFE_INTEGER,
    canonical_json,
    format_time,
    from_micros,
    parse_json,
    parse_time,
    to_micros,
)
from cosec.ledger.merkle import leaf_hash
from cosec.ledger.note import Signer, Verifier, b64decode, format_key_id

ENVELOPE_FORMAT: Final = "cosec.envelope/v1"
MAX_ENVELOPE_BYTES = 1024 * 1024
"""Largest envelope accepted, as JSON text and in canonical form (real ones take a few KiB)."""
MAX_SIGNATURE_CHARS = 128
"""Longest ``signature`` field accepted (an Ed25519 signature is 88 base64 characters)."""
LEAF_VERSION = 1
MEMBER_PATTERN = r"^[A-Z]{3}$"
KIND_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
Audience = Literal["public", "regime", "parties", "secretariat"]
_MEMBER = re.compile(MEMBER_PATTERN[1:-1])
_KIND = re.compile(KIND_PATTERN[1:-1])
MAX_LEAF_MICROS = to_micros(datetime.max.replace(tzinfo=EPOCH.tzinfo))
"""The last leaf time a datetime can hold (9999-12-31T23:59:59.999999Z)."""


class Envelope(BaseModel):
    """A signed submission. Immutable; build one with :func:`seal`."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    format: Literal["cosec.envelope/v1"] = ENVELOPE_FORMAT
    log: str = Field(min_length=1, max_length=255)
    """Origin of the log it is meant for, so it cannot be replayed into another log."""
    member: str = Field(pattern=MEMBER_PATTERN)
    kind: str = Field(pattern=KIND_PATTERN, max_length=255)
    schema_version: int = Field(ge=1, le=MAX_SAFE_INTEGER)
    seq: int = Field(ge=1, le=MAX_SAFE_INTEGER)
    time: str
    """Signing time, RFC 3339 UTC (``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``)."""
    audience: Audience
    parties: tuple[str, ...] = Field(default=(), strict=False)  # a JSON list
    """With audience ``parties``: the members who may read it."""
    nonce: str = Field(pattern=r"^[0-9a-f]{32,64}$")
    payload: dict[str, Any]
    key_id: str = Field(pattern=r"^[0-9a-f]{8}$")
    signature: str = Field(default="", max_length=MAX_SIGNATURE_CHARS, pattern=r"^[\x20-\x7e]*$")
    """Base64 of the Ed25519 signature; only :func:`verify_envelope` checks it is one."""

    @field_validator("time")
    @classmethod
    def _time_is_rfc3339_utc(cls, value: str) -> str:
        try:
            parse_time(value)
        except InvalidInput as exc:
            raise ValueError(exc.errors[0].rule) from None
        return value

    @field_validator("parties")
    @classmethod
    def _parties_are_members(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not re.fullmatch(MEMBER_PATTERN, p) for p in value):
            raise ValueError("parties must be ISO 3166-1 alpha-3 codes")
        if list(value) != sorted(set(value)):
            raise ValueError("parties must be sorted and without repeats")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Envelope:
        if (self.audience == "parties") != bool(self.parties):
            raise ValueError("parties are listed exactly when audience is 'parties'")
        try:
            size = len(self.to_json())  # fails early on a payload JSON cannot carry
        except InvalidInput as exc:
            raise ValueError(str(exc)) from None
        if size > MAX_ENVELOPE_BYTES:
            raise ValueError(f"envelope has {size} bytes as JSON, at most {MAX_ENVELOPE_BYTES}")
        return self

    def model_copy(
        self, *, update: Mapping[str, Any] | None = None, deep: bool = False
    ) -> Envelope:
        """A copy with ``update`` applied, validated afresh (so no stale hash survives it)."""
        data = self.model_dump()
        data.update(update or {})
        return parse_envelope(data)

    @cached_property
    def canonical_bytes(self) -> bytes:
        """RFC 8785 bytes of every field but ``signature``: what the member signs."""
        fields = self.model_dump(mode="json", exclude={"signature", "payload"})
        fields["payload"] = self.payload  # as given: pydantic's JSON mode would hide a NaN
        return canonical_json(fields, what="payload")

    @cached_property
    def envelope_hash(self) -> bytes:
        """SHA-256 of :attr:`canonical_bytes`."""
        return hashlib.sha256(self.canonical_bytes).digest()

    @property
    def at(self) -> datetime:
        """The signing time as a timezone-aware datetime."""
        return parse_time(self.time)

    @property
    def signature_bytes(self) -> bytes:
        """The raw signature (empty before signing)."""
        return base64.b64decode(self.signature)

    def to_json(self) -> bytes:
        """The whole envelope, signature included, as canonical JSON (for storage).

        The same as canonicalising every field, but spliced from :attr:`canonical_bytes`:
        RFC 8785 sorts ``signature`` just before ``time``, the last member; ``time`` has no
        character JSON escapes, and ``signature`` is printable ASCII, which ``json.dumps``
        escapes as RFC 8785 does (only ``"`` and ``\\``).
        """
        tail = b',"time":"' + self.time.encode("ascii") + b'"}'
        body = self.canonical_bytes
        if not body.endswith(tail):  # pragma: no cover - the field order is RFC 8785's
            raise AssertionError("canonical envelope does not end with its time")
        sig = b',"signature":' + json.dumps(self.signature).encode("ascii")
        return body[: -len(tail)] + sig + tail


def parse_envelope(data: bytes | str | Mapping[str, Any]) -> Envelope:
    """An envelope from JSON text or a parsed object; errors name each field.

    JSON text must be I-JSON (no duplicate keys, no NaN) of at most
    :data:`MAX_ENVELOPE_BYTES`; larger text is refused before it is parsed.
    """
    if isinstance(data, bytes | str):
        data = parse_json(data, what="envelope", max_bytes=MAX_ENVELOPE_BYTES)
    if not isinstance(data, Mapping):
        raise InvalidInput.field("envelope", "must be a JSON object")
    try:
        return Envelope.model_validate(dict(data))
    except ValidationError as exc:
        errors = [
            FieldError(".".join(map(str, e["loc"])), e["msg"].removeprefix("Value error, "))
            for e in exc.errors()
        ]
        raise InvalidInput(errors, source="envelope") from None


MAX_BATCH_ENVELOPES = 512
"""Most envelopes in one batch (one line each): the committer's largest transaction."""


def parse_envelope_lines(data: bytes, *, max_lines: int = MAX_BATCH_ENVELOPES) -> list[Envelope]:
    """Envelopes from newline-delimited JSON, one per line (blank lines skipped); each line
    is read as strictly as :func:`parse_envelope` reads one envelope.

    Every line is checked before any is used: one bad line refuses the whole batch, its
    errors named ``line N.field``.

    >>> parse_envelope_lines(b"\\n")
    Traceback (most recent call last):
    cosec.errors.InvalidInput: body: holds no envelope (one JSON object per line)
    """
    lines = [(n, line) for n, line in enumerate(data.split(b"\n"), 1) if line.strip()]
    if not lines:
        raise InvalidInput.field("body", "holds no envelope (one JSON object per line)")
    if len(lines) > max_lines:
        raise InvalidInput.field(
            "body", f"holds {len(lines)} envelopes, at most {max_lines} in one batch"
        )
    envelopes: list[Envelope] = []
    errors: list[FieldError] = []
    for n, line in lines:
        try:
            envelopes.append(parse_envelope(line))
        except InvalidInput as exc:
            errors += [
                FieldError(f"line {n}" + (f".{e.loc}" if e.loc else ""), e.rule) for e in exc.errors
            ]
    if errors:
        raise InvalidInput(errors, source="batch")
    return envelopes


def seal(
    signer: Signer,
    *,
    log: str,
    kind: str,
    seq: int,
    time: datetime,
    payload: Mapping[str, Any],
    audience: Audience,
    schema_version: int = 1,
    parties: tuple[str, ...] = (),
    nonce: str | None = None,
) -> Envelope:
    """Build and sign an envelope. The member is the signer's key name."""
    fields: dict[str, Any] = {
        "log": log,
        "member": signer.name,
        "kind": kind,
        "schema_version": schema_version,
        "seq": seq,
        "time": format_time(time),
        "audience": audience,
        "parties": tuple(sorted(set(parties))),
        "nonce": nonce if nonce is not None else secrets.token_hex(16),
        "payload": dict(payload),
        "key_id": format_key_id(signer.key_id),
    }
    unsigned = parse_envelope(fields)
    sig = signer.sign(unsigned.canonical_bytes)
    return unsigned.model_copy(update={"signature": base64.b64encode(sig).decode("ascii")})


def verify_envelope(envelope: Envelope, verifier: Verifier) -> None:
    """Check the envelope's signature against the member key ``verifier``.

    The key must be named after the member and carry the envelope's key id. Raises
    :class:`~cosec.errors.SignatureError` with the reason otherwise.
    """
    if verifier.name != envelope.member:
        raise SignatureError(f"key {verifier.name} is not a key of {envelope.member}")
    if format_key_id(verifier.key_id) != envelope.key_id:
        raise SignatureError(f"envelope names key {envelope.key_id}, not this key")
    try:
        sig = b64decode(envelope.signature, what="signature")
    except InvalidInput as exc:
        raise SignatureError(str(exc)) from None
    if len(sig) != 64 or not verifier.verify(envelope.canonical_bytes, sig):
        raise SignatureError(
            f"signature of {envelope.member} seq {envelope.seq} does not verify with key "
            f"{envelope.key_id}"
        )


# --- acceptance checks ----------------------------------------------------------------------


class KeyLookup(Protocol):
    """Where a member's currently valid key is found (a :class:`KeyRegistry` is one)."""

    def verifier_for(self, member: str, key_id: str, *, log_index: int | None = None) -> Verifier:
        """The valid key, or raise :class:`~cosec.errors.KeyNotValid`."""
        ...


DEFAULT_SKEW = timedelta(minutes=5)


def check_sequence(envelope: Envelope, last_seq: int | None) -> None:
    """The envelope's ``seq`` must be exactly the member's next one (1 for a first).

    A number already used is a replay; a number further on would leave a gap, which the
    public could not tell from a dropped submission. Raises
    :class:`~cosec.errors.ReplayDetected` (a ``Conflict``).
    """
    expected = 1 if last_seq is None else last_seq + 1
    if envelope.seq < expected:
        raise ReplayDetected(
            f"seq {envelope.seq} of {envelope.member} was already used (next is {expected})"
        )
    if envelope.seq > expected:
        raise ReplayDetected(
            f"seq {envelope.seq} of {envelope.member} skips ahead (next is {expected})"
        )


def check_time(
    envelope: Envelope,
    clock: Clock,
    *,
    max_past: timedelta = DEFAULT_SKEW,
    max_future: timedelta = DEFAULT_SKEW,
) -> None:
    """The envelope's time must lie in ``[now - max_past, now + max_future]``."""
    now = clock.now()
    if now.tzinfo is None:
        raise ValueError("the clock must return timezone-aware datetimes")
    at = envelope.at
    if at < now - max_past:
        raise TimestampOutOfWindow.field(
            "time", f"{envelope.time} is more than {max_past} before the server's clock"
        )
    if at > now + max_future:
        raise TimestampOutOfWindow.field(
            "time", f"{envelope.time} is more than {max_future} after the server's clock"
        )


def verify_submission(
    envelope: Envelope,
    *,
    log: str,
    keys: KeyLookup,
    last_seq: int | None,
    clock: Clock,
    max_past: timedelta = DEFAULT_SKEW,
    max_future: timedelta = DEFAULT_SKEW,
) -> None:
    """Every check before an envelope is appended, in order: log, key, signature, seq, time.

    Raises ``InvalidInput`` (wrong log), ``KeyNotValid``/``SignatureError``,
    ``ReplayDetected`` or ``TimestampOutOfWindow``; returns ``None`` when it may go in.
    """
    if envelope.log != log:
        raise InvalidInput.field("log", f"envelope is for log {envelope.log!r}, not {log!r}")
    verify_envelope(envelope, keys.verifier_for(envelope.member, envelope.key_id))
    check_sequence(envelope, last_seq)
    check_time(envelope, clock, max_past=max_past, max_future=max_future)


# --- the leaf -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogLeaf:
    """What the log commits to for one envelope (``CosecLeafV1``, see module docstring)."""

    envelope_hash: bytes
    member: str
    kind: str
    seq: int
    time: datetime
    logged_at: datetime
    version: int = LEAF_VERSION

    @classmethod
    def for_envelope(cls, envelope: Envelope, *, logged_at: datetime) -> LogLeaf:
        """The leaf for an envelope accepted at ``logged_at``."""
        return cls(
            envelope.envelope_hash,
            envelope.member,
            envelope.kind,
            envelope.seq,
            envelope.at,
            logged_at,
        )

    def encode(self) -> bytes:
        """The leaf bytes (input to the Merkle leaf hash)."""
        member, kind = self.member.encode("ascii"), self.kind.encode("ascii")
        if len(self.envelope_hash) != 32 or not 0 < len(member) < 256 or not 0 < len(kind) < 256:
            raise InvalidInput.field("leaf", "hash must have 32 bytes, member and kind 1-255")
        return b"".join(
            (
                bytes([self.version]),
                self.envelope_hash,
                bytes([len(member)]),
                member,
                bytes([len(kind)]),
                kind,
                struct.pack(">QQQ", self.seq, to_micros(self.time), to_micros(self.logged_at)),
            )
        )

    @classmethod
    def decode(cls, data: bytes) -> LogLeaf:
        """Parse leaf bytes; raises :class:`~cosec.errors.InvalidInput` if malformed.

        Every field must be one an accepted envelope could have given: an alpha-3 member,
        a dotted kind, ``seq`` in 1..2**53-1, times from 1970 to the end of 9999.
        """
        try:
            if data[0] != LEAF_VERSION:
                raise InvalidInput.field("leaf.version", f"unknown leaf version {data[0]}")
            pos = 33
            member = data[pos + 1 : pos + 1 + data[pos]].decode("ascii")
            pos += 1 + data[pos]
            kind = data[pos + 1 : pos + 1 + data[pos]].decode("ascii")
            pos += 1 + data[pos]
            seq, time_us, logged_us = struct.unpack(">QQQ", data[pos:])
        except (IndexError, UnicodeDecodeError, struct.error):
            raise InvalidInput.field("leaf", "is not a CosecLeafV1 record") from None
        if not _MEMBER.fullmatch(member):
            raise InvalidInput.field("leaf.member", "must be an ISO 3166-1 alpha-3 code")
        if not _KIND.fullmatch(kind):
            raise InvalidInput.field("leaf.kind", "must be a dotted lower-case record kind")
        if not 1 <= seq <= MAX_SAFE_INTEGER:
            raise InvalidInput.field("leaf.seq", "must be in 1..2**53-1")
        for name, micros in (("leaf.time_us", time_us), ("leaf.logged_us", logged_us)):
            if micros > MAX_LEAF_MICROS:
                raise InvalidInput.field(name, "must be a time before the year 10000")
        return cls(data[1:33], member, kind, seq, from_micros(time_us), from_micros(logged_us))

    @property
    def hash(self) -> bytes:
        """The RFC 9162 leaf hash of :meth:`encode`."""
        return leaf_hash(self.encode())

    def mismatches(self, envelope: Envelope) -> list[str]:
        """Names of the fields where this leaf does not describe ``envelope``."""
        wrong = []
        if self.envelope_hash != envelope.envelope_hash:
            wrong.append("envelope_hash")
        for name in ("member", "kind", "seq"):
            if getattr(self, name) != getattr(envelope, name):
                wrong.append(name)
        if self.time != envelope.at:
            wrong.append("time")
        return wrong
