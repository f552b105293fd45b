"""C2SP checkpoints (c2sp.org/tlog-checkpoint) and cosignature/v1 (c2sp.org/tlog-cosignature).

Hand-written for the same reason as :mod:`cosec.ledger.note`: the formats are small and
only Go implements them. A checkpoint is a signed note whose text is::

    <origin>
    <tree size, decimal>
    <base64 root hash>
    [extension lines]

The log signs it with its Ed25519 note key (type 0x01). A witness adds a cosignature/v1:
a note signature line by a type 0x04 key whose signature is ``u64 timestamp ||
Ed25519(message)``, the message being ``cosignature/v1\\ntime <timestamp>\\n`` followed
by the whole checkpoint text.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cosec.errors import InvalidInput, SignatureError
from cosec.ledger.merkle import HASH_SIZE
from cosec.ledger.note import (
    ALG_COSIGNATURE_V1,
    NoteSignature,
    Verifier,
    VerifierKey,
    b64decode,
    b64encode,
    compute_key_id,
    format_note,
    is_valid_key_name,
    open_note,
    parse_note,
    public_key_bytes,
    sign_note,
)
from cosec.ledger.note import Signer as NoteSigner

_DECIMAL = re.compile(r"0|[1-9][0-9]*", re.ASCII)
MAX_TIMESTAMP = 2**63 - 1
MAX_TREE_SIZE = 2**64 - 1
"""Largest tree size a checkpoint may state (tlog-checkpoint: a uint64)."""
MAX_COSIGNATURE_TIME = 253402300799
"""9999-12-31T23:59:59Z: the last cosignature time a datetime can hold."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A log's tree head: origin, size, root hash and optional extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise InvalidInput.field("checkpoint.origin", "must be one non-empty line")
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise InvalidInput.field("checkpoint.size", "must be in 0..2**64-1")
        if len(self.root_hash) != HASH_SIZE:
            raise InvalidInput.field("checkpoint.root_hash", f"must have {HASH_SIZE} bytes")
        for ext in self.extensions:
            if not ext or "\n" in ext:
                raise InvalidInput.field("checkpoint.extensions", "lines must be non-empty")

    def text(self) -> str:
        """The note text (the body that is signed)."""
        lines = [self.origin, str(self.size), b64encode(self.root_hash), *self.extensions]
        return "\n".join(lines) + "\n"


def parse_checkpoint_text(text: str) -> Checkpoint:
    """Parse the body of a checkpoint note."""
    if not text.endswith("\n"):
        raise InvalidInput.field("checkpoint", "must end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise InvalidInput.field("checkpoint", "needs origin, size and root hash lines")
    origin, size, root, *extensions = lines
    if not _DECIMAL.fullmatch(size):
        raise InvalidInput.field("checkpoint.size", "must be decimal without leading zeroes")
    if len(size) > len(str(MAX_TREE_SIZE)) or int(size) > MAX_TREE_SIZE:
        raise InvalidInput.field("checkpoint.size", "must be in 0..2**64-1")
    root_hash = b64decode(root, what="checkpoint.root_hash")
    return Checkpoint(origin, int(size), root_hash, tuple(extensions))


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> bytes:
    """The checkpoint as a signed note, signed by the log key."""
    return sign_note(checkpoint.text(), [signer])


@dataclass(frozen=True, slots=True)
class SignedCheckpoint:
    """A checkpoint whose log signature verified, with the note it came in."""

    checkpoint: Checkpoint
    note: bytes
    """The signed note as received (log signature and any cosignatures)."""
    cosignatures: tuple[Cosignature, ...] = ()
    """Cosignatures by the witnesses the caller named, all verified."""


def open_checkpoint(
    note: bytes,
    log_verifier: Verifier,
    *,
    witnesses: Sequence[CosignatureVerifier] = (),
    min_cosignatures: int = 0,
    origin: str | None = None,
) -> SignedCheckpoint:
    """Verify a checkpoint's log signature (and cosignatures by the witnesses named).

    Raises :class:`~cosec.errors.SignatureError` when the log did not sign it, a named
    witness's cosignature fails, or fewer than ``min_cosignatures`` named witnesses signed;
    :class:`~cosec.errors.InvalidInput` when it is malformed or of another ``origin``.
    """
    opened = open_note(note, [log_verifier, *witnesses])
    if opened.signed_by(log_verifier.name, log_verifier.key_id) is None:
        raise SignatureError(f"checkpoint is not signed by the log key {log_verifier.name}")
    checkpoint = parse_checkpoint_text(opened.text)
    if origin is not None and checkpoint.origin != origin:
        raise InvalidInput.field("checkpoint.origin", f"is {checkpoint.origin!r}, not {origin!r}")
    cosigs = []
    for w in witnesses:
        sig = opened.signed_by(w.name, w.key_id)
        if sig is not None:
            cosigs.append(Cosignature(w.name, w.key_id, *split_timestamped(sig.signature)))
    if len(cosigs) < min_cosignatures:
        raise SignatureError(
            f"checkpoint has {len(cosigs)} witness cosignatures, {min_cosignatures} needed"
        )
    return SignedCheckpoint(checkpoint, note, tuple(cosigs))


# --- cosignature/v1 -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cosignature:
    """A verified witness cosignature: who, when (POSIX seconds), and the raw signature."""

    name: str
    key_id: int
    timestamp: int
    signature: bytes

    def __post_init__(self) -> None:
        if not 0 <= self.timestamp <= MAX_COSIGNATURE_TIME:
            raise InvalidInput.field(
                "cosignature.timestamp", "must be a time from 1970 to the end of 9999"
            )

    @property
    def time(self) -> datetime:
        """The cosigning time, UTC."""
        return datetime.fromtimestamp(self.timestamp, UTC)

    def note_signature(self) -> NoteSignature:
        """The cosignature as a note signature line."""
        return NoteSignature(self.name, self.key_id, timestamped(self.timestamp, self.signature))


def cosignature_message(text: str, timestamp: int) -> bytes:
    """The bytes a cosignature/v1 signs: header, time line, then the checkpoint text."""
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise InvalidInput.field("cosignature.timestamp", "must be in 0..2**63-1")
    return f"cosignature/v1\ntime {timestamp}\n{text}".encode()


def timestamped(timestamp: int, signature: bytes) -> bytes:
    """A ``timestamped_signature``: ``u64 big-endian timestamp || signature``."""
    return struct.pack(">Q", timestamp) + signature


def split_timestamped(blob: bytes) -> tuple[int, bytes]:
    """Split a ``timestamped_signature`` into (timestamp, 64-byte Ed25519 signature)."""
    if len(blob) != 8 + 64:
        raise InvalidInput.field("cosignature", f"has {len(blob)} bytes, not 8 + 64")
    (timestamp,) = struct.unpack(">Q", blob[:8])
    if timestamp > MAX_TIMESTAMP:
        raise InvalidInput.field("cosignature.timestamp", "exceeds 2**63-1")
    return timestamp, blob[8:]


class CosignatureSigner:
    """A witness key: signs checkpoints with cosignature/v1 (key type 0x04)."""

    __slots__ = ("_key", "_key_id", "_name")

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        if not is_valid_key_name(name):
            raise InvalidInput.field("witness.name", "must be non-empty, without spaces or '+'")
        self._name = name
        self._key = private_key
        pub = public_key_bytes(private_key.public_key())
        self._key_id = compute_key_id(name, ALG_COSIGNATURE_V1, pub)

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

    def verifier(self) -> CosignatureVerifier:
        """The matching verifier (``verifier().verifier_key`` is the public vkey)."""
        return CosignatureVerifier(self._name, self._key.public_key())

    def cosign(self, checkpoint_text: str, at: datetime) -> Cosignature:
        """Cosign a checkpoint's text at time ``at`` (timezone-aware)."""
        if at.tzinfo is None:
            raise InvalidInput.field("cosignature.time", "must be timezone-aware")
        timestamp = int(at.timestamp())
        sig = self._key.sign(cosignature_message(checkpoint_text, timestamp))
        return Cosignature(self._name, self._key_id, timestamp, sig)


class CosignatureVerifier:
    """Verifies cosignature/v1 lines of one witness; a note :class:`Verifier`."""

    __slots__ = ("_key", "_key_id", "_name")

    def __init__(self, name: str, public_key: Ed25519PublicKey) -> None:
        if not is_valid_key_name(name):
            raise InvalidInput.field("witness.name", "must be non-empty, without spaces or '+'")
        self._name = name
        self._key = public_key
        self._key_id = compute_key_id(name, ALG_COSIGNATURE_V1, public_key_bytes(public_key))

    @classmethod
    def from_key(cls, key: VerifierKey) -> CosignatureVerifier:
        """From a parsed vkey of type 0x04."""
        if key.alg != ALG_COSIGNATURE_V1:
            raise InvalidInput.field("witness.key", f"type 0x{key.alg:02x} is not 0x04")
        return cls(key.name, key.ed25519())

    @property
    def name(self) -> str:
        return self._name

    @property
    def key_id(self) -> int:
        return self._key_id

    @property
    def verifier_key(self) -> VerifierKey:
        """The vkey (``str()`` gives ``name+keyid+base64(0x04 || key)``)."""
        return VerifierKey(self._name, ALG_COSIGNATURE_V1, public_key_bytes(self._key))

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Check a timestamped signature over checkpoint text ``message``."""
        try:
            timestamp, sig = split_timestamped(signature)
            self._key.verify(sig, cosignature_message(message.decode("utf-8"), timestamp))
        except (InvalidInput, InvalidSignature, UnicodeDecodeError):
            return False
        return True


def add_cosignatures(note: bytes, cosignatures: Sequence[Cosignature]) -> bytes:
    """The note with cosignature lines appended (one per witness key; no duplicates)."""
    parsed = parse_note(note)
    have = {(s.name, s.key_id) for s in parsed.signatures}
    extra = []
    for c in cosignatures:
        if (c.name, c.key_id) not in have:
            have.add((c.name, c.key_id))
            extra.append(c.note_signature())
    return format_note(parsed.text, (*parsed.signatures, *extra))
