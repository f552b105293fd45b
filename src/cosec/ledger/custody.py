"""Keys the server holds for members who chose to keep one there.

A member normally signs on its own machine (``cosec keys new``, then the CLI or its own
client signs every envelope); the server never sees that key. A member may instead
deposit a key with the server, so that the web form and the unsigned API routes can sign
for it. The trade-off is the member's: whoever runs the server (or breaks into it) can
then sign as that member, and the signature no longer proves the member's own intent,
only that someone with access to its deposited key acted. The log still shows, for every
entry, which key signed it, so an auditor can tell custodial signatures from the member's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from cosec.errors import Conflict
from cosec.ledger.keys import read_private_key, write_private_key
from cosec.ledger.note import Ed25519Signer


class KeyCustody(Protocol):
    """Where deposited member keys are kept."""

    def signer_for(self, member: str) -> Ed25519Signer | None:
        """The member's deposited key, if it deposited one."""
        ...

    def deposit(self, signer: Ed25519Signer, *, replace: bool = False) -> None:
        """Keep ``signer`` for its member (its key name)."""
        ...


class DirectoryCustody:
    """Deposited keys as ``<MEMBER>.key`` files (mode 0600) in one directory."""

    def __init__(self, directory: Path) -> None:
        self._dir = directory
        self._cache: dict[str, tuple[float, Ed25519Signer]] = {}

    def signer_for(self, member: str) -> Ed25519Signer | None:
        path = self._dir / f"{member}.key"
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            return None
        cached = self._cache.get(member)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        signer = read_private_key(path)
        if not isinstance(signer, Ed25519Signer) or signer.name != member:
            raise Conflict(f"{path} does not hold a member key of {member}")
        self._cache[member] = (mtime, signer)
        return signer

    def deposit(self, signer: Ed25519Signer, *, replace: bool = False) -> None:
        self._dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_private_key(self._dir / f"{signer.name}.key", signer, force=replace)


class MemoryCustody:
    """Deposited keys in a dict (tests)."""

    def __init__(self) -> None:
        self._keys: dict[str, Ed25519Signer] = {}

    def signer_for(self, member: str) -> Ed25519Signer | None:
        return self._keys.get(member)

    def deposit(self, signer: Ed25519Signer, *, replace: bool = False) -> None:
        if signer.name in self._keys and not replace:
            raise Conflict(f"a key of {signer.name} is already deposited")
        self._keys[signer.name] = signer
