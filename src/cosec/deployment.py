"""The charter a deployment runs under, with every version it adopted.

A record is judged under the charter version in force when it was submitted, so every
adopted version is kept in the store (its TOML text and SHA-256), and the version in force
at a moment is the latest whose ``effective_from`` is on or before that day.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.charter.models import Charter
from cosec.charters import load_charter, parse_charter, profile_path
from cosec.clock import Clock
from cosec.errors import Conflict, InvalidInput
from cosec.store.tables import CharterVersionRow, MemberRow


@dataclass(frozen=True)
class Deployment:
    """The adopted versions of the deployment's charter, oldest first."""

    versions: tuple[Charter, ...]

    @property
    def current(self) -> Charter:
        """The latest adopted version."""
        return self.versions[-1]

    @property
    def charter_id(self) -> str:
        """Id of the deployment's charter."""
        return self.current.id

    def in_force(self, at: datetime | date) -> Charter:
        """The version in force on ``at`` (the oldest one before any took effect)."""
        day = at.date() if isinstance(at, datetime) else at
        chosen = self.versions[0]
        for c in self.versions:
            if c.effective_from <= day:
                chosen = c
        return chosen

    def version(self, version: str) -> Charter:
        """A version by its version string (the current one if unknown)."""
        for c in self.versions:
            if c.version == version:
                return c
        return self.current


def _source(ref: str | Path) -> tuple[Charter, str]:
    path = Path(ref)
    if not (isinstance(ref, Path) or str(ref).endswith(".toml") or path.exists()):
        load_charter(str(ref))  # validates the name and gives a helpful error
        path = profile_path(str(ref))
    text = path.read_text(encoding="utf-8")
    return parse_charter(text, source=path.name), text


def adopt(session: Session, *, ref: str | Path, clock: Clock) -> Charter:
    """Store a charter version (a profile id or a TOML file) and sync the member table.

    Adopting the same version with the same text again changes nothing; the same version
    with different text is a :class:`Conflict` (versions are immutable).
    """
    charter, text = _source(ref)
    digest = hashlib.sha256(text.encode()).hexdigest()
    existing = session.scalars(select(CharterVersionRow)).all()
    ids = {r.charter_id for r in existing}
    if ids and charter.id not in ids:
        raise InvalidInput.field(
            "charter", f"this deployment runs {sorted(ids)[0]}; cannot adopt {charter.id}"
        )
    for r in existing:
        if r.version == charter.version:
            if r.sha256 != digest:
                raise Conflict(
                    f"version: {charter.id} {charter.version} is already adopted with other "
                    "text; give the new text a new version"
                )
            return charter
    session.add(
        CharterVersionRow(
            charter_id=charter.id,
            version=charter.version,
            effective_from=charter.effective_from,
            adopted_at=clock.now(),
            sha256=digest,
            source=text,
        )
    )
    for m in charter.members:
        row = session.get(MemberRow, m.code)
        if row is None:
            session.add(MemberRow(code=m.code, name=m.name, groups=list(m.groups)))
        else:
            row.name, row.groups = m.name, list(m.groups)
    session.flush()
    return charter


_cache: dict[str, Charter] = {}


def load(session: Session) -> Deployment:
    """The deployment's adopted charter versions (parsed once per text)."""
    rows = session.scalars(
        select(CharterVersionRow).order_by(CharterVersionRow.effective_from, CharterVersionRow.id)
    ).all()
    if not rows:
        raise InvalidInput.field(
            "charter", "no charter adopted yet: run `cosec db init` (or `cosec demo`)"
        )
    versions = []
    for r in rows:
        if r.sha256 not in _cache:
            _cache[r.sha256] = parse_charter(r.source, source=f"{r.charter_id} {r.version}")
        versions.append(_cache[r.sha256])
    return Deployment(versions=tuple(versions))
