"""Everything a process needs to write to the log: its identity, deposited keys, and the
key registry (rebuilt from the log's ``key.*`` entries, cached until they change).

The cached registry is shared by every thread of the process and never changed in place:
whoever applies key events to it (the append path, for a batch holding some) works on
its own :meth:`KeyRegistry.copy`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.errors import InvalidInput
from cosec.ledger.custody import DirectoryCustody, KeyCustody
from cosec.ledger.envelope import parse_envelope
from cosec.ledger.keyregistry import KEY_KINDS, KeyRegistry
from cosec.ledger.keys import generate_signer, read_private_key, write_private_key
from cosec.ledger.note import Ed25519Signer
from cosec.logstore import log
from cosec.logstore.log import LogIdentity
from cosec.logstore.tables import LogEntryRow
from cosec.records import SECRETARIAT
from cosec.settings import Settings


@dataclass
class Ledger:
    """A process's handle on the log."""

    identity: LogIdentity
    custody: KeyCustody
    registrars: frozenset[str] = frozenset({SECRETARIAT})
    _cached: tuple[int | None, KeyRegistry] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def origin(self) -> str:
        """The log's origin line."""
        return self.identity.origin

    def registry(self, session: Session) -> KeyRegistry:
        """The key registry as of the session's snapshot. Shared: read it, or copy it before
        applying anything."""
        return self.registry_at(session, log.keys_index(session))

    def registry_at(self, session: Session, keys_index: int | None) -> KeyRegistry:
        """The registry up to the log's key event at ``keys_index`` (what the log head says,
        read by the caller: the append path has the head locked already)."""
        with self._lock:
            if self._cached is None or self._cached[0] != keys_index:
                registry = KeyRegistry(registrars=self.registrars)
                if keys_index is not None:
                    rows = session.execute(
                        select(LogEntryRow.index, LogEntryRow.envelope)
                        .where(
                            LogEntryRow.kind.in_(sorted(KEY_KINDS)), LogEntryRow.index <= keys_index
                        )
                        .order_by(LogEntryRow.index)
                    )
                    registry.replay((i, parse_envelope(bytes(env))) for i, env in rows)
                self._cached = (keys_index, registry)
            return self._cached[1]

    def last_registry(self, session: Session) -> KeyRegistry:
        """The registry this process last read, without asking the store whether it changed
        (:meth:`registry` when there is none yet).

        For checks that the append path repeats against the current registry under the
        log's lock: a key retired since is caught there. A key registered since (by another
        server process) is missing here: callers that find no valid key ask
        :meth:`registry`."""
        with self._lock:
            cached = self._cached
        return cached[1] if cached is not None else self.registry(session)

    @classmethod
    def from_settings(cls, settings: Settings, *, create: bool = True) -> Ledger:
        """The log key from ``COSEC_LOG_KEY_FILE`` (made on first use when ``create``)."""
        signer = load_or_create_log_key(settings.log_key_file, settings.log_origin, create=create)
        return cls(
            identity=LogIdentity(settings.log_origin, signer),
            custody=DirectoryCustody(settings.keys_dir / "custody"),
        )


def load_or_create_log_key(path: Path, origin: str, *, create: bool) -> Ed25519Signer:
    """The log's checkpoint-signing key, from its file (made on first use)."""
    if not path.exists():
        if not create:
            raise InvalidInput.field("COSEC_LOG_KEY_FILE", f"{path} does not exist")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_private_key(path, generate_signer(origin))
    signer = read_private_key(path)
    if not isinstance(signer, Ed25519Signer) or signer.name != origin:
        raise InvalidInput.field(
            "COSEC_LOG_KEY_FILE", f"{path} is not the signing key of the log {origin}"
        )
    return signer
