"""A person's second factor: time-based one-time codes (RFC 6238, through pyotp).

Enrolling makes a random secret and shows it once, as an ``otpauth://`` URI an
authenticator app reads (a QR code of it, or the secret typed in). The store keeps the
secret sealed, never in clear: AES-256-GCM under a key the server derives (HKDF-SHA256)
from its own log key, with the person's principal id as associated data, so a copy of
the database alone (a backup, a dump) reveals no secret, and a sealed secret moved to
another person does not open. A code is accepted for the current 30-second step or the
one either side (clock drift), and never twice: the last step accepted is kept.
"""

from __future__ import annotations

import base64
import hmac
import os
from dataclasses import dataclass
from datetime import datetime

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ISSUER = "cosec"
STEP_SECONDS = 30
SEAL_PREFIX = "v1:"


@dataclass(frozen=True, slots=True)
class ServerSecret:
    """The server's secret for sealing second factors and signing pending sign-ins, derived
    from its log key (which the server holds anyway)."""

    material: bytes

    @classmethod
    def from_key(cls, private_key: Ed25519PrivateKey) -> ServerSecret:
        raw = private_key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return cls(raw)

    def derive(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose."""
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
        return hkdf.derive(self.material)

    def mac(self, purpose: str, message: bytes) -> bytes:
        """HMAC-SHA256 of ``message`` under the purpose's key."""
        return hmac.new(self.derive(purpose), message, "sha256").digest()


def seal(secret: str, *, principal_id: int, server: ServerSecret) -> str:
    """The TOTP secret sealed for the store."""
    nonce = os.urandom(12)
    aad = f"totp:{principal_id}".encode()
    box = AESGCM(server.derive("cosec totp seal v1")).encrypt(nonce, secret.encode(), aad)
    return SEAL_PREFIX + base64.b64encode(nonce + box).decode()


def unseal(sealed: str, *, principal_id: int, server: ServerSecret) -> str | None:
    """The TOTP secret, or ``None`` when it does not open (another server key, tampered)."""
    if not sealed.startswith(SEAL_PREFIX):
        return None
    try:
        raw = base64.b64decode(sealed[len(SEAL_PREFIX) :], validate=True)
        aad = f"totp:{principal_id}".encode()
        plain = AESGCM(server.derive("cosec totp seal v1")).decrypt(raw[:12], raw[12:], aad)
    except (ValueError, InvalidTag):
        return None
    return plain.decode()


def new_secret() -> str:
    """A random base32 secret (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, *, name: str) -> str:
    """``otpauth://totp/cosec:NAME?secret=...&issuer=cosec``: what an authenticator reads."""
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER)


def step_of(at: datetime) -> int:
    """The 30-second step ``at`` falls in."""
    return int(at.timestamp()) // STEP_SECONDS


def code_at(secret: str, at: datetime) -> str:
    """The code for ``at`` (what the person's app shows then; for tests and enrolment)."""
    return str(pyotp.TOTP(secret).at(at))


def matching_step(secret: str, code: str, *, at: datetime, after: int | None) -> int | None:
    """The step (current, or one either side) whose code ``code`` is, if later than
    ``after``; else ``None``."""
    code = code.strip().replace(" ", "")
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = step_of(at)
    for step in (now, now - 1, now + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(str(totp.at(step * STEP_SECONDS)), code):
            return step
    return None
