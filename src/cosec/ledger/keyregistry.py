"""The key registry: which member key was valid when, built from envelopes in the log.

Key changes are envelopes like any other submission, so they are in the log, in order,
for all to audit. Three kinds, each a JSON payload:

- ``key.register`` ``{"vkey": "<name+keyid+base64>"}``: a new key for the member named
  by the vkey. Signed by a *registrar* (e.g. the secretariat) with a valid key, or by the
  member itself with one of its valid keys. A registrar's very first key is self-signed
  (trust on first use: check it against the charter or another channel).
- ``key.rotate`` ``{"vkey": "<new key>", "replaces": "<old key id>"}``: signed by the old
  key, which stays valid up to and including this entry; the new one is valid after it.
- ``key.revoke`` ``{"member": "CHN", "key_id": "<id>", "reason": "...",
  "compromised_since": "<RFC 3339>" | null}``: signed by the member or a registrar; the key
  is not valid after this entry. ``compromised_since`` marks earlier entries as suspect.

Validity is by *log index* (the position of entries in the log, a total order nobody's
clock can bend); times are kept too, for "which key was valid at time T" questions. A
key registered by the entry at index ``r`` and retired by the entry at index ``j`` signs
validly the entries at indices ``r < i <= j`` (for ever, if never retired).

Pure: the registry is rebuilt by replaying ``key.*`` envelopes, or kept as a projection
in the store; :meth:`KeyRegistry.apply` validates everything before changing anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cosec.errors import Conflict, FieldError, Forbidden, InvalidInput, KeyNotValid
from cosec.ledger.canonical import parse_time
from cosec.ledger.envelope import Envelope, verify_envelope
from cosec.ledger.note import ALG_ED25519, Ed25519Verifier, VerifierKey, parse_verifier_key

KIND_REGISTER = "key.register"
KIND_ROTATE = "key.rotate"
KIND_REVOKE = "key.revoke"
KEY_KINDS = frozenset({KIND_REGISTER, KIND_ROTATE, KIND_REVOKE})

_M = TypeVar("_M", bound=BaseModel)


class KeyRegisterPayload(BaseModel):
    """Payload of ``key.register``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    vkey: str


class KeyRotatePayload(BaseModel):
    """Payload of ``key.rotate``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    vkey: str
    replaces: str = Field(pattern=r"^[0-9a-f]{8}$")


class KeyRevokePayload(BaseModel):
    """Payload of ``key.revoke``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    member: str = Field(pattern=r"^[A-Z]{3}$")
    key_id: str = Field(pattern=r"^[0-9a-f]{8}$")
    reason: str = Field(min_length=1, max_length=2000)
    compromised_since: str | None = None


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """One member key and the stretch of the log in which it was valid."""

    member: str
    key_id: str
    vkey: VerifierKey
    registered_index: int
    registered_at: datetime
    retired_index: int | None = None
    retired_at: datetime | None = None
    retired_by: Literal["rotate", "revoke"] | None = None
    compromised_since: datetime | None = None
    reason: str | None = None

    def valid_at_index(self, index: int) -> bool:
        """True if an entry at log ``index`` may be signed with this key."""
        return self.registered_index < index and (
            self.retired_index is None or index <= self.retired_index
        )

    def valid_at_time(self, at: datetime) -> bool:
        """True if the key was registered and not yet retired at time ``at``."""
        return self.registered_at <= at and (self.retired_at is None or at < self.retired_at)

    def verifier(self) -> Ed25519Verifier:
        """A verifier for envelopes signed with this key."""
        return _verifier(self.vkey)


@lru_cache(maxsize=4096)
def _verifier(vkey: VerifierKey) -> Ed25519Verifier:
    """Verifiers are immutable: build each key's once (loading the key costs more than
    many a verification)."""
    return vkey.verifier()


def _payload(model: type[_M], envelope: Envelope) -> _M:
    try:
        return model.model_validate(envelope.payload)
    except ValidationError as exc:
        errors = [
            FieldError("payload." + ".".join(str(p) for p in e["loc"]), e["msg"])
            for e in exc.errors()
        ]
        raise InvalidInput(errors, source=envelope.kind) from None


def _member_key(text: str) -> VerifierKey:
    key = parse_verifier_key(text)
    if key.alg != ALG_ED25519:
        raise InvalidInput.field("payload.vkey", "member keys are Ed25519 note keys (type 0x01)")
    if len(key.name) != 3 or not key.name.isascii() or not key.name.isupper():
        raise InvalidInput.field("payload.vkey", "the key name must be the member's alpha-3 code")
    return key


class KeyRegistry:
    """Member keys over the life of the log. Feed it ``key.*`` envelopes in log order."""

    def __init__(self, *, registrars: Iterable[str] = ()) -> None:
        self._registrars = frozenset(registrars)
        self._keys: dict[str, dict[str, KeyRecord]] = {}
        self._last_index = -1

    @property
    def registrars(self) -> frozenset[str]:
        """Members allowed to register keys for others."""
        return self._registrars

    def members(self) -> list[str]:
        """Every member (and registrar) that ever had a key, sorted."""
        return sorted(self._keys)

    def keys(self, member: str) -> list[KeyRecord]:
        """Every key the member ever had, in registration order."""
        return list(self._keys.get(member, {}).values())

    def valid_keys(
        self, member: str, *, log_index: int | None = None, at: datetime | None = None
    ) -> list[KeyRecord]:
        """Keys valid at a log index and/or a time (default: for the next entry)."""
        index = self._last_index + 1 if log_index is None and at is None else log_index
        return [
            k
            for k in self.keys(member)
            if (index is None or k.valid_at_index(index)) and (at is None or k.valid_at_time(at))
        ]

    def verifier_for(
        self, member: str, key_id: str, *, log_index: int | None = None
    ) -> Ed25519Verifier:
        """The key ``key_id`` of ``member`` if valid at ``log_index`` (default: the next).

        Raises :class:`~cosec.errors.KeyNotValid` naming why not.
        """
        index = self._last_index + 1 if log_index is None else log_index
        record = self._keys.get(member, {}).get(key_id)
        if record is None:
            raise KeyNotValid(f"{member} has no registered key {key_id}")
        if not record.valid_at_index(index):
            state = "not yet registered" if index <= record.registered_index else "retired"
            raise KeyNotValid(f"key {key_id} of {member} is {state} at log index {index}")
        return record.verifier()

    def apply(self, envelope: Envelope, *, log_index: int) -> KeyRecord:
        """Validate a ``key.*`` envelope at ``log_index`` and apply it; return the key changed.

        Checks the signature with the registry's own state. Raises ``InvalidInput`` (bad
        payload), ``KeyNotValid``/``SignatureError``, ``Forbidden`` (signer may not do
        this) or ``Conflict`` (duplicate key, out-of-order index); changes nothing then.
        """
        if log_index <= self._last_index:
            raise Conflict(f"log index {log_index} is not after {self._last_index}")
        if envelope.kind == KIND_REGISTER:
            changed = self._register(envelope, log_index)
        elif envelope.kind == KIND_ROTATE:
            changed = self._rotate(envelope, log_index)
        elif envelope.kind == KIND_REVOKE:
            changed = self._revoke(envelope, log_index)
        else:
            raise InvalidInput.field("kind", f"{envelope.kind} is not a key event")
        for record in changed:
            self._keys.setdefault(record.member, {})[record.key_id] = record
        self._last_index = log_index
        return changed[-1]

    def copy(self) -> KeyRegistry:
        """An independent registry in the same state (key records are immutable)."""
        other = KeyRegistry(registrars=self._registrars)
        other._keys = {member: dict(keys) for member, keys in self._keys.items()}
        other._last_index = self._last_index
        return other

    def replay(self, entries: Iterable[tuple[int, Envelope]]) -> None:
        """Apply the ``key.*`` envelopes among ``(log index, envelope)`` pairs, in order."""
        for index, envelope in entries:
            if envelope.kind in KEY_KINDS:
                self.apply(envelope, log_index=index)

    # --- the three events -------------------------------------------------------------------

    def _check_signed_by(self, envelope: Envelope, log_index: int) -> None:
        verifier = self.verifier_for(envelope.member, envelope.key_id, log_index=log_index)
        verify_envelope(envelope, verifier)

    def _new_record(self, key: VerifierKey, envelope: Envelope, log_index: int) -> KeyRecord:
        if key.key_id_hex in self._keys.get(key.name, {}):
            raise Conflict(f"{key.name} already has a key with id {key.key_id_hex}")
        return KeyRecord(key.name, key.key_id_hex, key, log_index, envelope.at)

    def _register(self, envelope: Envelope, log_index: int) -> list[KeyRecord]:
        key = _member_key(_payload(KeyRegisterPayload, envelope).vkey)
        record = self._new_record(key, envelope, log_index)
        genesis = (
            envelope.member == key.name
            and envelope.member in self._registrars
            and not self._keys.get(key.name)
            and envelope.key_id == key.key_id_hex
        )
        if genesis:  # a registrar's first key, signed by itself
            verify_envelope(envelope, key.verifier())
        else:
            if envelope.member != key.name and envelope.member not in self._registrars:
                raise Forbidden(f"{envelope.member} may not register keys for {key.name}")
            self._check_signed_by(envelope, log_index)
        return [record]

    def _rotate(self, envelope: Envelope, log_index: int) -> list[KeyRecord]:
        body = _payload(KeyRotatePayload, envelope)
        key = _member_key(body.vkey)
        if key.name != envelope.member:
            raise Forbidden(f"{envelope.member} may only rotate its own keys, not {key.name}'s")
        if envelope.key_id != body.replaces:
            raise Forbidden("a rotation must be signed by the key it replaces")
        self._check_signed_by(envelope, log_index)
        old = self._keys[envelope.member][body.replaces]
        new = self._new_record(key, envelope, log_index)
        retired = replace(old, retired_index=log_index, retired_at=envelope.at, retired_by="rotate")
        return [retired, new]

    def _revoke(self, envelope: Envelope, log_index: int) -> list[KeyRecord]:
        body = _payload(KeyRevokePayload, envelope)
        if envelope.member != body.member and envelope.member not in self._registrars:
            raise Forbidden(f"{envelope.member} may not revoke keys of {body.member}")
        since = None
        if body.compromised_since is not None:
            since = parse_time(body.compromised_since, what="payload.compromised_since")
        self._check_signed_by(envelope, log_index)
        old = self._keys.get(body.member, {}).get(body.key_id)
        if old is None:
            raise KeyNotValid(f"{body.member} has no registered key {body.key_id}")
        if old.retired_by == "revoke":
            raise Conflict(f"key {body.key_id} of {body.member} is already revoked")
        if old.retired_index is not None:  # rotated out earlier: record the compromise only
            return [replace(old, compromised_since=since, reason=body.reason)]
        revoked = replace(
            old,
            retired_index=log_index,
            retired_at=envelope.at,
            retired_by="revoke",
            compromised_since=since,
            reason=body.reason,
        )
        return [revoked]
