"""Ed25519 keys: generation, private key files (0600, never silently replaced), loading.

Keys come from ``cryptography``; the file holds one line in the Go note ``skey`` format,
``PRIVATE+KEY+<name>+<key id>+base64(type || 32-byte seed)``, with type 0x01 for member
and log keys and 0x04 for witness (cosignature/v1) keys, so the file works with Go's
``note`` tooling. The public half is the verifier-key string ``str(signer.verifier()
.verifier_key)``, which members publish and the registry records.

This is the only ledger module that touches files, with the witness state store.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cosec.errors import Conflict, InvalidInput
from cosec.ledger.checkpoint import CosignatureSigner
from cosec.ledger.note import (
    ALG_COSIGNATURE_V1,
    ALG_ED25519,
    Ed25519Signer,
    b64decode,
    b64encode,
    compute_key_id,
    format_key_id,
    is_valid_key_name,
    public_key_bytes,
)

AnySigner = Ed25519Signer | CosignatureSigner
MAX_KEY_FILE_BYTES = 4096
"""Largest key file read (a key line has about 100 characters)."""


def generate_signer(name: str) -> Ed25519Signer:
    """A new Ed25519 key for a member (name = its alpha-3 code) or a log (name = origin)."""
    return Ed25519Signer(name, Ed25519PrivateKey.generate())


def generate_witness_signer(name: str) -> CosignatureSigner:
    """A new witness key (cosignature/v1, type 0x04)."""
    return CosignatureSigner(name, Ed25519PrivateKey.generate())


def format_private_key(name: str, alg: int, private_key: Ed25519PrivateKey) -> str:
    """The ``PRIVATE+KEY+...`` line for a key (secret)."""
    key_id = compute_key_id(name, alg, public_key_bytes(private_key.public_key()))
    seed = private_key.private_bytes_raw()
    return f"PRIVATE+KEY+{name}+{format_key_id(key_id)}+{b64encode(bytes([alg]) + seed)}"


def signer_to_text(signer: AnySigner) -> str:
    """The ``PRIVATE+KEY+...`` line for a signer made by this module."""
    alg = ALG_COSIGNATURE_V1 if isinstance(signer, CosignatureSigner) else ALG_ED25519
    return format_private_key(signer.name, alg, signer.private_key)


def signer_from_text(text: str) -> AnySigner:
    """Parse a ``PRIVATE+KEY+...`` line into a member/log or a witness signer."""
    parts = text.strip().split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
        raise InvalidInput.field("private key", "must read PRIVATE+KEY+name+keyid+base64key")
    name, hex_id, b64 = parts[2:]
    if not is_valid_key_name(name):
        raise InvalidInput.field("private key", "key name must not hold spaces or '+'")
    raw = b64decode(b64, what="private key")
    if len(raw) != 33 or raw[0] not in (ALG_ED25519, ALG_COSIGNATURE_V1):
        raise InvalidInput.field("private key", "must hold type 0x01 or 0x04 and a 32-byte seed")
    key = Ed25519PrivateKey.from_private_bytes(raw[1:])
    if format_key_id(compute_key_id(name, raw[0], public_key_bytes(key.public_key()))) != hex_id:
        raise InvalidInput.field("private key", f"key id {hex_id} does not match the key")
    if raw[0] == ALG_COSIGNATURE_V1:
        return CosignatureSigner(name, key)
    return Ed25519Signer(name, key)


def write_private_key(path: Path, signer: AnySigner, *, force: bool = False) -> None:
    """Write the key to ``path``, readable and writable by its owner only (0600).

    An existing file is kept unless ``force`` (then replaced atomically); raises
    :class:`~cosec.errors.Conflict` if it exists.
    """
    data = (signer_to_text(signer) + "\n").encode("ascii")
    if force:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Conflict(f"{path} exists; refusing to overwrite a key (use force)") from None
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_private_key(path: Path) -> AnySigner:
    """Load a key file; refuses one that others can read (as ssh does), or that is not
    one short ASCII line."""
    info = path.stat()
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise InvalidInput.field(
            str(path), f"is readable by others (mode {stat.S_IMODE(info.st_mode):o}); chmod 600"
        )
    if info.st_size > MAX_KEY_FILE_BYTES:
        raise InvalidInput.field(str(path), f"is not a key file (over {MAX_KEY_FILE_BYTES} bytes)")
    try:
        text = path.read_bytes().decode("ascii")
    except UnicodeDecodeError:
        raise InvalidInput.field(str(path), "is not a key file (not ASCII text)") from None
    return signer_from_text(text)
