"""The log's tables: entries, Merkle nodes, the head, checkpoints and cosignatures.

Written once and never updated, except the single ``log_head`` row, which every append
locks (``SELECT ... FOR UPDATE``) so that appends from several server processes take
their indices one batch at a time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cosec.store.base import Base, UTCDateTime


class LogHeadRow(Base):
    """The log's identity and its current size and root (one row, id 1)."""

    __tablename__ = "log_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    origin: Mapped[str] = mapped_column(String(255))
    log_vkey: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    keys_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """Index of the last ``key.*`` entry: the key registry is current while it holds."""


class LogEntryRow(Base):
    """One leaf of the log: the leaf bytes, and the signed envelope it commits to."""

    __tablename__ = "log_entries"
    __table_args__ = (UniqueConstraint("member", "seq"),)

    index: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    leaf: Mapped[bytes] = mapped_column(LargeBinary)
    envelope: Mapped[bytes] = mapped_column(LargeBinary)
    """The envelope as canonical JSON, signature included."""
    envelope_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    member: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id"), unique=True, nullable=True
    )


class MerkleNodeRow(Base):
    """The hash of a complete perfect subtree (level 0: the leaf hashes)."""

    __tablename__ = "merkle_nodes"

    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class CheckpointRow(Base):
    """A checkpoint the log signed, as the signed note text (cosignatures kept apart)."""

    __tablename__ = "checkpoints"

    size: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CosignatureRow(Base):
    """A witness's cosignature of a checkpoint (one signature line of the note)."""

    __tablename__ = "cosignatures"

    checkpoint_size: Mapped[int] = mapped_column(
        ForeignKey("checkpoints.size"), primary_key=True, autoincrement=False
    )
    witness: Mapped[str] = mapped_column(String(255), primary_key=True)
    line: Mapped[str] = mapped_column(Text)
    cosigned_at: Mapped[datetime] = mapped_column(UTCDateTime())
