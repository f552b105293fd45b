"""C2SP signed notes (c2sp.org/signed-note): text, signature lines, key ids, key strings.

Written by hand because the format's reference implementations are Go
(golang.org/x/mod/sumdb/note, transparency-dev/formats) and no maintained Python package
implements it; the format is small, and the cryptography itself comes from
``cryptography`` (Ed25519). Parsing follows the Go ``note.Open`` rules and reproduces the
``signed_note`` vector byte for byte.

A signed note is its text (ending in a newline), a blank line, then one or more lines
``— <key name> base64(uint32 key id || signature)``. A key id is
``SHA-256(name || 0x0A || type || public key)[:4]``; a verifier key string is
``name+hex(key id)+base64(type || public key)``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from cosec.errors import InvalidInput, SignatureError

ALG_ED25519 = 0x01
"""Signature type of plain Ed25519 note signatures (and of cosec member keys)."""
ALG_COSIGNATURE_V1 = 0x04
"""Signature type of timestamped Ed25519 witness cosignatures (c2sp.org/tlog-cosignature)."""

MAX_SIGNATURES = 100
"""Most signature lines accepted in one note (the Go limit; C2SP requires at least 16)."""
MAX_NOTE_BYTES = 64 * 1024
"""Largest signed note accepted (a checkpoint with 100 cosignatures is under 15 KiB)."""

_EM_DASH = "\u2014"
_SIG_PREFIX = _EM_DASH + " "
_HEX8 = re.compile(r"[0-9a-f]{8}")


def b64encode(data: bytes) -> str:
    """Standard base64 (RFC 4648 §4) with padding, as every C2SP format uses."""
    return base64.b64encode(data).decode("ascii")


def b64decode(text: object, *, what: str) -> bytes:
    """Strict, canonical standard base64; raises :class:`~cosec.errors.InvalidInput` naming
    ``what``.

    Canonical: the unused bits of the last character are zero, so one value has one
    spelling and a note, a key or a receipt cannot be re-encoded into other bytes.
    """
    if not isinstance(text, str):
        raise InvalidInput.field(what, "must be a base64 string")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise InvalidInput.field(what, "is not valid standard base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise InvalidInput.field(what, "is not canonical base64 (unused bits must be zero)")
    return raw


def is_valid_key_name(name: str) -> bool:
    """A key name is non-empty valid UTF-8, without Unicode spaces and without ``+``."""
    if not name or "+" in name or any(c.isspace() for c in name):
        return False
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def compute_key_id(name: str, alg: int, public_key: bytes) -> int:
    """``SHA-256(name || 0x0A || alg || public_key)[:4]`` as a big-endian uint32."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([alg]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def format_key_id(key_id: int) -> str:
    """A key id as 8 lowercase hex digits."""
    return f"{key_id:08x}"


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of an Ed25519 public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


class Signer(Protocol):
    """Something that signs note text under a key name and id (an HSM could be one)."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> int: ...

    def sign(self, message: bytes) -> bytes: ...


class Verifier(Protocol):
    """Something that checks a signature made by the key ``(name, key_id)``."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> int: ...

    def verify(self, message: bytes, signature: bytes) -> bool: ...


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A parsed verifier key string ``name+keyid+base64(alg || public key)``."""

    name: str
    alg: int
    public_key: bytes

    def __post_init__(self) -> None:
        if not is_valid_key_name(self.name):
            raise InvalidInput.field("key.name", "must be non-empty, without spaces or '+'")
        if self.alg in (ALG_ED25519, ALG_COSIGNATURE_V1) and len(self.public_key) != 32:
            raise InvalidInput.field("key.public_key", "an Ed25519 public key has 32 bytes")

    @property
    def key_id(self) -> int:
        """The key id, from name, type and public key."""
        return compute_key_id(self.name, self.alg, self.public_key)

    @property
    def key_id_hex(self) -> str:
        """The key id as 8 hex digits."""
        return format_key_id(self.key_id)

    def __str__(self) -> str:
        return f"{self.name}+{self.key_id_hex}+{b64encode(bytes([self.alg]) + self.public_key)}"

    def ed25519(self) -> Ed25519PublicKey:
        """The public key as a ``cryptography`` object (Ed25519 types only)."""
        if self.alg not in (ALG_ED25519, ALG_COSIGNATURE_V1):
            raise InvalidInput.field("key.alg", f"type 0x{self.alg:02x} is not an Ed25519 key")
        return Ed25519PublicKey.from_public_bytes(self.public_key)

    def verifier(self) -> Ed25519Verifier:
        """A note verifier for a plain Ed25519 (type 0x01) key."""
        if self.alg != ALG_ED25519:
            raise InvalidInput.field("key.alg", f"type 0x{self.alg:02x} is not a 0x01 note key")
        return Ed25519Verifier(self.name, self.ed25519())


def parse_verifier_key(text: str) -> VerifierKey:
    """Parse ``name+keyid+base64(alg || key)``; the key id must match the key."""
    parts = text.strip().split("+", 2)  # base64 may itself hold '+'
    if len(parts) != 3:
        raise InvalidInput.field("vkey", "must read name+keyid+base64key")
    name, hex_id, b64 = parts
    if not _HEX8.fullmatch(hex_id):
        raise InvalidInput.field("vkey", "key id must be 8 lowercase hex digits")
    raw = b64decode(b64, what="vkey")
    if len(raw) < 2:
        raise InvalidInput.field("vkey", "key material is empty")
    key = VerifierKey(name, raw[0], raw[1:])
    if key.key_id_hex != hex_id:
        raise InvalidInput.field("vkey", f"key id {hex_id} does not match the key")
    return key


class Ed25519Verifier:
    """Verifies plain Ed25519 note signatures (type 0x01)."""

    __slots__ = ("_key", "_key_id", "_name")

    def __init__(self, name: str, public_key: Ed25519PublicKey) -> None:
        if not is_valid_key_name(name):
            raise InvalidInput.field("key.name", "must be non-empty, without spaces or '+'")
        self._name = name
        self._key = public_key
        self._key_id = compute_key_id(name, ALG_ED25519, public_key_bytes(public_key))

    @property
    def name(self) -> str:
        return self._name

    @property
    def key_id(self) -> int:
        return self._key_id

    @property
    def verifier_key(self) -> VerifierKey:
        """The key as a :class:`VerifierKey` (``str()`` gives the vkey string)."""
        return VerifierKey(self._name, ALG_ED25519, public_key_bytes(self._key))

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


class Ed25519Signer:
    """Signs with an Ed25519 private key under a key name (type 0x01 key id)."""

    __slots__ = ("_key", "_key_id", "_name")

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        if not is_valid_key_name(name):
            raise InvalidInput.field("key.name", "must be non-empty, without spaces or '+'")
        self._name = name
        self._key = private_key
        self._key_id = compute_key_id(name, ALG_ED25519, public_key_bytes(private_key.public_key()))

    @property
    def name(self) -> str:
        return self._name

    @property
    def key_id(self) -> int:
        return self._key_id

    @property
    def private_key(self) -> Ed25519PrivateKey:
        """The private key (for writing it to a key file)."""
        return self._key

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def verifier(self) -> Ed25519Verifier:
        """The matching verifier."""
        return Ed25519Verifier(self._name, self._key.public_key())


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line: key name, key id and the signature bytes after the id."""

    name: str
    key_id: int
    signature: bytes

    def line(self) -> str:
        """The signature line, newline included."""
        blob = struct.pack(">I", self.key_id) + self.signature
        return f"{_SIG_PREFIX}{self.name} {b64encode(blob)}\n"


@dataclass(frozen=True, slots=True)
class Note:
    """A note split into its text and its signature lines (nothing verified yet)."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def to_bytes(self) -> bytes:
        """The signed note, as it travels."""
        return format_note(self.text, self.signatures)


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise InvalidInput.field("note.text", "must end with a newline")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise InvalidInput.field("note.text", "must not hold control characters but newline")


def format_note(text: str, signatures: Iterable[NoteSignature]) -> bytes:
    """Text, blank line, signature lines; at least one signature."""
    _check_text(text)
    lines = "".join(s.line() for s in signatures)
    if not lines:
        raise InvalidInput.field("note.signatures", "a signed note needs a signature")
    return (text + "\n" + lines).encode("utf-8")


def sign_note(text: str, signers: Sequence[Signer]) -> bytes:
    """Sign ``text`` with each signer; return the signed note."""
    _check_text(text)
    message = text.encode("utf-8")
    sigs = []
    for s in signers:
        if not is_valid_key_name(s.name):
            raise InvalidInput.field("signer.name", "must be non-empty, without spaces or '+'")
        sigs.append(NoteSignature(s.name, s.key_id, s.sign(message)))
    return format_note(text, sigs)


def parse_note(msg: bytes) -> Note:
    """Split a signed note into text and signature lines, checking only the format.

    Notes larger than :data:`MAX_NOTE_BYTES` are refused before they are read.
    """
    if len(msg) > MAX_NOTE_BYTES:
        raise InvalidInput.field("note", f"has {len(msg)} bytes, at most {MAX_NOTE_BYTES}")
    try:
        decoded = msg.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput.field("note", "is not valid UTF-8") from None
    if any(ord(c) < 0x20 and c != "\n" for c in decoded):
        raise InvalidInput.field("note", "holds a control character other than newline")
    split = decoded.rfind("\n\n")
    if split < 0:
        raise InvalidInput.field("note", "has no blank line before its signatures")
    text, block = decoded[: split + 1], decoded[split + 2 :]
    if not block or not block.endswith("\n"):
        raise InvalidInput.field("note", "must end with a newline-terminated signature line")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise InvalidInput.field("note", f"has more than {MAX_SIGNATURES} signatures")
    sigs = []
    for n, line in enumerate(lines):
        if not line.startswith(_SIG_PREFIX):
            raise InvalidInput.field(f"note.signatures[{n}]", "must start with '— '")
        name, _, b64 = line[len(_SIG_PREFIX) :].partition(" ")
        if not is_valid_key_name(name) or not b64:
            raise InvalidInput.field(f"note.signatures[{n}]", "must read '— name base64'")
        blob = b64decode(b64, what=f"note.signatures[{n}]")
        if len(blob) < 5:
            raise InvalidInput.field(f"note.signatures[{n}]", "is shorter than a key id")
        sigs.append(NoteSignature(name, struct.unpack(">I", blob[:4])[0], blob[4:]))
    return Note(text, tuple(sigs))


@dataclass(frozen=True, slots=True)
class VerifiedNote:
    """A note whose text at least one known key signed."""

    text: str
    verified: tuple[NoteSignature, ...]
    """Signatures by known keys, all checked."""
    unverified: tuple[NoteSignature, ...]
    """Signatures by keys the caller did not name (ignored, kept for passing on)."""

    def signed_by(self, name: str, key_id: int) -> NoteSignature | None:
        """The verified signature of that key, if any."""
        return next((s for s in self.verified if (s.name, s.key_id) == (name, key_id)), None)


def open_note(msg: bytes, verifiers: Sequence[Verifier]) -> VerifiedNote:
    """Parse a signed note and verify the signatures of the keys given.

    Unknown keys are ignored (kept in ``unverified``); a known key whose signature fails
    raises :class:`~cosec.errors.SignatureError`, and so does a note no known key signed.
    Repeated signatures of one key are kept once.
    """
    note = parse_note(msg)
    known = {(v.name, v.key_id): v for v in verifiers}
    message = note.text.encode("utf-8")
    verified: dict[tuple[str, int], NoteSignature] = {}
    unverified: dict[NoteSignature, None] = {}
    for sig in note.signatures:
        ident = (sig.name, sig.key_id)
        verifier = known.get(ident)
        if verifier is None:
            unverified[sig] = None
            continue
        if ident in verified:
            continue
        if not verifier.verify(message, sig.signature):
            raise SignatureError(f"signature of {sig.name} ({format_key_id(sig.key_id)}) fails")
        verified[ident] = sig
    if not verified:
        raise SignatureError("no signature by a known key on this note")
    return VerifiedNote(note.text, tuple(verified.values()), tuple(unverified))
