"""The log on the store: append envelopes, sign checkpoints, serve proofs and entries.

Appends happen inside the caller's transaction, with the records they log, so a record
is never acknowledged without its log entry nor an entry without its record. Every append
locks the single ``log_head`` row first (PostgreSQL ``SELECT ... FOR UPDATE``; SQLite's
``BEGIN IMMEDIATE`` already holds the database's write lock), so indices are handed out
one batch at a time even with several server processes writing. Each batch ends with a
signed checkpoint in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from cosec.errors import Conflict, LedgerIntegrityError, NotFound
from cosec.ledger.checkpoint import Checkpoint, sign_checkpoint
from cosec.ledger.envelope import Envelope, LogLeaf
from cosec.ledger.keyregistry import KEY_KINDS
from cosec.ledger.merkle import (
    EMPTY_ROOT,
    Frontier,
    NodeKey,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
)
from cosec.ledger.note import Ed25519Signer, b64encode
from cosec.ledger.receipt import Receipt
from cosec.logstore.tables import (
    CheckpointRow,
    CosignatureRow,
    LogEntryRow,
    LogHeadRow,
    MerkleNodeRow,
)

_CHUNK = 400  # node keys per query: well under SQLite's bound-parameter limit


class SqlNodes:
    """The :class:`~cosec.ledger.merkle.HashSource` over the ``merkle_nodes`` table.

    Reads join a ``VALUES`` list of keys to the table's primary key: SQLite scans the
    whole table for ``(level, position) IN (...)``, but uses the index for the join.
    """

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_nodes(self, keys: Sequence[NodeKey]) -> list[bytes]:
        found: dict[tuple[int, int], bytes] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            values = ", ".join(f"(:l{j}, :p{j})" for j in range(len(chunk)))
            params: dict[str, int] = {}
            for j, k in enumerate(chunk):
                params[f"l{j}"], params[f"p{j}"] = k.level, k.position
            rows = self._session.execute(
                text(
                    f"SELECT m.level, m.position, m.hash FROM (VALUES {values}) AS k "
                    "JOIN merkle_nodes AS m ON m.level = k.column1 AND m.position = k.column2"
                ),
                params,
            )
            for level, position, digest in rows:
                found[(level, position)] = bytes(digest)
        try:
            return [found[(k.level, k.position)] for k in keys]
        except KeyError as exc:
            raise LedgerIntegrityError(f"the log is missing Merkle node {exc.args[0]}") from None


@dataclass(frozen=True)
class LogIdentity:
    """The log's origin line and its checkpoint-signing key."""

    origin: str
    signer: Ed25519Signer

    @property
    def vkey(self) -> str:
        """The log's verifier key (``name+keyid+base64``)."""
        return str(self.signer.verifier().verifier_key)


@dataclass(frozen=True, slots=True)
class Appended:
    """One envelope appended: its index and leaf."""

    index: int
    leaf: bytes
    envelope: Envelope


@dataclass(slots=True)
class Head:
    """The log's size, root and last key event, as locked for one batch of appends."""

    size: int
    root_hash: bytes
    keys_index: int | None
    """Index of the last ``key.*`` entry (``None`` before the first)."""


_HEAD = cast(Table, LogHeadRow.__table__)
_ENTRIES = cast(Table, LogEntryRow.__table__)
_NODES = cast(Table, MerkleNodeRow.__table__)
_CHECKPOINTS = cast(Table, CheckpointRow.__table__)


def lock_head(session: Session, identity: LogIdentity, now: datetime) -> Head:
    """Take the append lock and return the head (creating the log on first use)."""
    conn = session.connection()
    row = conn.execute(
        select(
            _HEAD.c.origin, _HEAD.c.log_vkey, _HEAD.c.size, _HEAD.c.root_hash, _HEAD.c.keys_index
        )
        .where(_HEAD.c.id == 1)
        .with_for_update()
    ).one_or_none()
    if row is None:
        conn.execute(
            insert(_HEAD).values(
                id=1,
                origin=identity.origin,
                log_vkey=identity.vkey,
                size=0,
                root_hash=EMPTY_ROOT,
                updated_at=now,
                keys_index=None,
            )
        )
        return Head(0, EMPTY_ROOT, None)
    origin, vkey, tree_size, root, keys_index = row
    if origin != identity.origin or vkey != identity.vkey:
        raise LedgerIntegrityError(
            f"this database holds the log {origin} signed by {vkey}; the server "
            f"was started with {identity.origin} {identity.vkey}"
        )
    return Head(tree_size, bytes(root), keys_index)


def keys_index(session: Session) -> int | None:
    """Index of the log's last ``key.*`` entry, as of the session's snapshot."""
    return session.scalar(select(_HEAD.c.keys_index).where(_HEAD.c.id == 1))


def last_seq(session: Session, member: str) -> int | None:
    """The member's last sequence number in the log, if any."""
    return last_seqs(session, [member]).get(member)


@lru_cache(maxsize=64)
def _last_seqs_statement(n: int) -> Select[Any]:
    """``SELECT (max seq of :m0), (max seq of :m1), ...``, built once per member count."""
    return select(
        *(
            select(func.max(_ENTRIES.c.seq))
            .where(_ENTRIES.c.member == bindparam(f"m{i}"))
            .scalar_subquery()
            for i in range(n)
        )
    )


def last_seqs(session: Session, members: Iterable[str]) -> dict[str, int]:
    """Each member's last sequence number in the log (members with none left out).

    One statement of one ``max(seq)`` subquery per member: each is a single seek in the
    ``(member, seq)`` index, where a ``GROUP BY`` would read every entry of the members.
    """
    names = sorted(members)
    if not names:
        return {}
    params = {f"m{i}": m for i, m in enumerate(names)}
    row = session.connection().execute(_last_seqs_statement(len(names)), params).one()
    return {m: int(seq) for m, seq in zip(names, row, strict=True) if seq is not None}


def append(
    session: Session,
    head: Head,
    identity: LogIdentity,
    items: Sequence[tuple[Envelope, int | None]],
    now: datetime,
) -> list[Appended]:
    """Append ``(envelope, record id)`` pairs after a :func:`lock_head`, then sign a
    checkpoint. ``head`` is brought up to date.

    Core statements, not the ORM's unit of work: this is the one hot write path, and a
    batch is a handful of multi-row inserts and one update.
    """
    nodes = SqlNodes(session)
    frontier = Frontier.load(nodes, head.size)
    out: list[Appended] = []
    entry_rows: list[dict[str, object]] = []
    node_rows: list[dict[str, object]] = []
    keys_at = head.keys_index
    for envelope, record_id in items:
        index = frontier.size
        leaf = LogLeaf.for_envelope(envelope, logged_at=now).encode()
        for key, digest in frontier.append(leaf_hash(leaf)):
            node_rows.append({"level": key.level, "position": key.position, "hash": digest})
        entry_rows.append(
            {
                "index": index,
                "leaf": leaf,
                "envelope": envelope.to_json(),
                "envelope_hash": envelope.envelope_hash,
                "member": envelope.member,
                "kind": envelope.kind,
                "seq": envelope.seq,
                "logged_at": now,
                "record_id": record_id,
            }
        )
        if envelope.kind in KEY_KINDS:
            keys_at = index
        out.append(Appended(index, leaf, envelope))
    if not out:
        return out
    conn = session.connection()
    conn.execute(insert(_ENTRIES), entry_rows)
    conn.execute(insert(_NODES), node_rows)
    head.size, head.root_hash, head.keys_index = frontier.size, frontier.root(), keys_at
    conn.execute(
        update(_HEAD)
        .where(_HEAD.c.id == 1)
        .values(size=head.size, root_hash=head.root_hash, updated_at=now, keys_index=keys_at)
    )
    note = sign_checkpoint(Checkpoint(identity.origin, head.size, head.root_hash), identity.signer)
    conn.execute(
        insert(_CHECKPOINTS).values(
            size=head.size, root_hash=head.root_hash, note=note.decode(), created_at=now
        )
    )
    return out


def size(session: Session) -> int:
    """The log's size as committed."""
    return session.scalar(select(LogHeadRow.size).where(LogHeadRow.id == 1)) or 0


def checkpoint_note(session: Session, checkpoint_size: int | None = None) -> bytes:
    """The signed checkpoint of that size (default: the latest), with its cosignatures."""
    q = select(CheckpointRow)
    q = (
        q.where(CheckpointRow.size == checkpoint_size)
        if checkpoint_size is not None
        else q.order_by(CheckpointRow.size.desc()).limit(1)
    )
    row = session.scalar(q)
    if row is None:
        raise NotFound(
            "the log has no checkpoint yet"
            if checkpoint_size is None
            else f"no checkpoint of size {checkpoint_size}"
        )
    lines = session.scalars(
        select(CosignatureRow.line)
        .where(CosignatureRow.checkpoint_size == row.size)
        .order_by(CosignatureRow.witness)
    ).all()
    return (row.note + "".join(line + "\n" for line in lines)).encode()


def checkpoint_sizes(session: Session) -> list[int]:
    """Sizes of every checkpoint the log signed."""
    return list(session.scalars(select(CheckpointRow.size).order_by(CheckpointRow.size)).all())


def _check_range(index: int, tree_size: int, current: int) -> None:
    if tree_size > current:
        raise NotFound(f"the log has only {current} entries, not {tree_size}")


def inclusion(session: Session, index: int, tree_size: int) -> list[bytes]:
    """Inclusion proof of leaf ``index`` in the tree of ``tree_size`` leaves."""
    _check_range(index, tree_size, size(session))
    return inclusion_proof(SqlNodes(session), index, tree_size)


def consistency(session: Session, size1: int, size2: int) -> list[bytes]:
    """Consistency proof from ``size1`` to ``size2``."""
    _check_range(0, size2, size(session))
    return consistency_proof(SqlNodes(session), size1, size2)


def entries(session: Session, start: int, end: int, limit: int = 1000) -> list[LogEntryRow]:
    """Entries ``[start, end)``, at most ``limit`` of them."""
    end = min(end, start + limit)
    return list(
        session.scalars(
            select(LogEntryRow)
            .where(LogEntryRow.index >= start, LogEntryRow.index < end)
            .order_by(LogEntryRow.index)
        ).all()
    )


def entry_for_record(session: Session, record_id: int) -> LogEntryRow | None:
    """The log entry of a record."""
    return session.scalar(select(LogEntryRow).where(LogEntryRow.record_id == record_id))


def receipt(session: Session, index: int) -> Receipt:
    """A receipt for entry ``index`` under the latest checkpoint."""
    entry = session.get(LogEntryRow, index)
    if entry is None:
        raise NotFound(f"no log entry {index}")
    note = checkpoint_note(session)
    tree_size = int(note.decode().split("\n")[1])
    return Receipt(
        index, bytes(entry.leaf), tuple(inclusion_proof(SqlNodes(session), index, tree_size)), note
    )


def add_cosignature(
    session: Session, *, checkpoint_size: int, witness: str, line: str, at: datetime
) -> None:
    """Store a witness's (already verified) cosignature line."""
    if session.get(CosignatureRow, (checkpoint_size, witness)) is not None:
        raise Conflict(f"{witness} already cosigned checkpoint {checkpoint_size}")
    session.add(
        CosignatureRow(checkpoint_size=checkpoint_size, witness=witness, line=line, cosigned_at=at)
    )
    session.flush()


def encode_proof(proof: Sequence[bytes]) -> list[str]:
    """A proof as base64 strings (the API's form)."""
    return [b64encode(h) for h in proof]
