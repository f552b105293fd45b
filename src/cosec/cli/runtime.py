"""What every command shares: the store, the clock, the error edge, and output.

The error edge and output live in :mod:`cosec.cli.output` (no database needed there) and
are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from cosec import deployment as deployment_service
from cosec.cli.output import EXIT_FINDINGS as EXIT_FINDINGS
from cosec.cli.output import EXIT_USAGE as EXIT_USAGE
from cosec.cli.output import FormatOpt as FormatOpt
from cosec.cli.output import OutputFormat as OutputFormat
from cosec.cli.output import emit as emit
from cosec.cli.output import err as err
from cosec.cli.output import errors_to_exit as errors_to_exit
from cosec.cli.output import out as out
from cosec.clock import SystemClock
from cosec.deployment import Deployment
from cosec.errors import InvalidInput
from cosec.ledger.keys import read_private_key
from cosec.ledger.note import Ed25519Signer
from cosec.logstore.context import Ledger
from cosec.principals import Principal, Role
from cosec.records import SECRETARIAT
from cosec.settings import get_settings
from cosec.store.db import make_engine, session_factory, unit_of_work
from cosec.store.migrate import is_current, upgrade


@dataclass
class Store:
    """The configured database, migrated, with its deployment."""

    factory: sessionmaker[Session]
    url: str
    _ledger: Ledger | None = None

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A unit of work."""
        with unit_of_work(self.factory, write=write) as s:
            yield s

    def deployment(self, session: Session) -> Deployment:
        """The deployment's charter versions."""
        return deployment_service.load(session)

    @property
    def ledger(self) -> Ledger:
        """The log's identity and the deposited keys (``COSEC_LOG_*``, ``COSEC_KEYS_DIR``)."""
        if self._ledger is None:
            self._ledger = Ledger.from_settings(get_settings())
        return self._ledger


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and bring up to date) the store named by ``COSEC_DATABASE_URL``."""
    url = url or get_settings().database_url
    engine = make_engine(url)
    if migrate and not is_current(engine):
        upgrade(engine)
    return Store(factory=session_factory(engine), url=url)


def ensure_charter(store: Store) -> None:
    """Adopt the configured charter if the store has none yet."""
    with store.session(write=True) as s:
        try:
            deployment_service.load(s)
        except InvalidInput:
            deployment_service.adopt(s, ref=get_settings().charter, clock=SystemClock())


def signing_key(member: str, path: Path | None) -> Ed25519Signer | None:
    """The key the CLI signs with for ``member``: ``--key``, else ``<COSEC_KEYS_DIR>/<M>.key``,
    else none (the member's key deposited with the server then signs)."""
    if path is None:
        default = get_settings().keys_dir / f"{member}.key"
        if not default.exists():
            return None
        path = default
    signer = read_private_key(path)
    if not isinstance(signer, Ed25519Signer) or signer.name != member:
        raise InvalidInput.field("--key", f"{path} is not a member key of {member}")
    return signer


def acting_as(code: str | None) -> Principal:
    """The principal a local operator acts as: a member code, or the secretariat."""
    if code is None or code.upper() == SECRETARIAT:
        return Principal(id=None, name="cli", role=Role.SECRETARIAT)
    code = code.upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidInput.field("--as", "must be a member code (ISO 3166-1 alpha-3) or SEC")
    return Principal(id=None, name=f"cli:{code}", role=Role.MEMBER, member=code)
