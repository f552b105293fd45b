"""Witnesses: keep the last checkpoint seen per log, refuse rollbacks and forks, cosign.

A member (or anyone) runs a witness so that the log cannot show it one history and others
another (a split view) without being caught. The rules follow c2sp.org/tlog-witness
``add-checkpoint``: the caller sends the checkpoint, the old size it believes the witness
holds, and a consistency proof from that size. The witness checks the log's signature,
that the checkpoint does not go back (:class:`~cosec.errors.RollbackDetected`), that the
old size is the one it holds (:class:`~cosec.errors.WitnessSizeMismatch`), that the proof
joins the two (:class:`~cosec.errors.ForkDetected` otherwise), then stores the new
checkpoint and returns a cosignature/v1.

State goes through :class:`WitnessState`, whose ``replace`` is a compare-and-set, so two
requests cannot roll the witness back between check and store. :class:`JsonFileWitnessState`
is the file store the CLI uses.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from cosec.clock import Clock
from cosec.errors import (
    ForkDetected,
    InvalidInput,
    NotFound,
    ProofError,
    RollbackDetected,
    WitnessSizeMismatch,
)
from cosec.ledger.canonical import format_time, parse_json, parse_time
from cosec.ledger.checkpoint import (
    MAX_TREE_SIZE,
    Cosignature,
    CosignatureSigner,
    open_checkpoint,
)
from cosec.ledger.merkle import HASH_SIZE, verify_consistency
from cosec.ledger.note import MAX_NOTE_BYTES, Verifier, b64decode, b64encode, parse_note

MAX_PROOF_LINES = 63
"""Most consistency-proof hashes in an ``add-checkpoint`` body (tlog-witness)."""
MAX_ADD_CHECKPOINT_BYTES = MAX_NOTE_BYTES + 4096
"""Largest ``add-checkpoint`` body accepted: a note plus the ``old`` line and 63 hashes."""
STATE_FORMAT = "cosec.witness-state/v1"
MAX_STATE_BYTES = 4 * 1024 * 1024
"""Largest witness state file read (one checkpoint note per log followed)."""


@dataclass(frozen=True, slots=True)
class WitnessRecord:
    """The latest checkpoint a witness cosigned for one log."""

    origin: str
    size: int
    root_hash: bytes
    note: bytes
    """The checkpoint note as received."""
    cosigned_at: datetime


class WitnessState(Protocol):
    """Where a witness keeps its latest checkpoint per log origin."""

    def latest(self, origin: str) -> WitnessRecord | None:
        """The record for ``origin``, or ``None`` if the witness never cosigned for it."""
        ...

    def replace(self, record: WitnessRecord, *, expected_size: int) -> None:
        """Store ``record`` if the stored size is still ``expected_size`` (0: none), atomically.

        Raises :class:`~cosec.errors.WitnessSizeMismatch` otherwise.
        """
        ...


class MemoryWitnessState:
    """Witness state in a dict (tests, or a witness embedded in a long-running process)."""

    def __init__(self) -> None:
        self._records: dict[str, WitnessRecord] = {}

    def latest(self, origin: str) -> WitnessRecord | None:
        return self._records.get(origin)

    def replace(self, record: WitnessRecord, *, expected_size: int) -> None:
        current = self._records.get(record.origin)
        stored = current.size if current else 0
        if stored != expected_size:
            raise WitnessSizeMismatch(f"witness holds size {stored}", stored_size=stored)
        self._records[record.origin] = record


class JsonFileWitnessState:
    """Witness state in one JSON file, replaced atomically, guarded by a lock file."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def latest(self, origin: str) -> WitnessRecord | None:
        return self._read().get(origin)

    def replace(self, record: WitnessRecord, *, expected_size: int) -> None:
        with self._locked():
            records = self._read()
            current = records.get(record.origin)
            stored = current.size if current else 0
            if stored != expected_size:
                raise WitnessSizeMismatch(f"witness holds size {stored}", stored_size=stored)
            records[record.origin] = record
            self._write(records)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        lock = self._path.with_name(self._path.name + ".lock")
        with lock.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read(self) -> dict[str, WitnessRecord]:
        try:
            text = self._path.read_bytes()
        except FileNotFoundError:
            return {}
        where = str(self._path)
        raw = parse_json(text, what=where, max_bytes=MAX_STATE_BYTES)
        if not isinstance(raw, dict) or raw.get("format") != STATE_FORMAT:
            raise InvalidInput.field(where, "is not a cosec witness state file")
        logs = raw.get("logs")
        if not isinstance(logs, dict):
            raise InvalidInput.field(f"{where}: logs", "must be an object of logs by origin")
        return {
            origin: _record(origin, item, f"{where}: logs.{origin}")
            for origin, item in logs.items()
        }

    def _write(self, records: Mapping[str, WitnessRecord]) -> None:
        data = {
            "format": STATE_FORMAT,
            "logs": {
                r.origin: {
                    "size": r.size,
                    "root_hash": b64encode(r.root_hash),
                    "checkpoint": r.note.decode("utf-8"),
                    "cosigned_at": format_time(r.cosigned_at),
                }
                for r in records.values()
            },
        }
        fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=f".{self._path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self._path)


def _record(origin: str, item: object, where: str) -> WitnessRecord:
    """One log's entry of a witness state file, every field checked."""
    if not isinstance(item, dict):
        raise InvalidInput.field(where, "must be an object")
    fields = {"size": int, "root_hash": str, "checkpoint": str, "cosigned_at": str}
    for name, kind in fields.items():
        value = item.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise InvalidInput.field(
                f"{where}.{name}", f"must be {'an integer' if kind is int else 'a string'}"
            )
    if not 0 <= item["size"] <= MAX_TREE_SIZE:
        raise InvalidInput.field(f"{where}.size", "must be in 0..2**64-1")
    root_hash = b64decode(item["root_hash"], what=f"{where}.root_hash")
    if len(root_hash) != HASH_SIZE:
        raise InvalidInput.field(f"{where}.root_hash", f"must be {HASH_SIZE} bytes")
    try:
        note = item["checkpoint"].encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput.field(f"{where}.checkpoint", "is not Unicode text") from None
    cosigned_at = parse_time(item["cosigned_at"], what=f"{where}.cosigned_at")
    return WitnessRecord(origin, item["size"], root_hash, note, cosigned_at)


class Witness:
    """A witness for a set of logs, each known by its origin and log key."""

    def __init__(
        self,
        signer: CosignatureSigner,
        *,
        logs: Mapping[str, Verifier],
        state: WitnessState,
        clock: Clock,
    ) -> None:
        self._signer = signer
        self._logs = dict(logs)
        self._state = state
        self._clock = clock

    @property
    def signer(self) -> CosignatureSigner:
        """The witness key."""
        return self._signer

    def latest(self, origin: str) -> WitnessRecord | None:
        """The last checkpoint cosigned for ``origin``."""
        return self._state.latest(origin)

    def add_checkpoint(self, note: bytes, *, old_size: int, proof: Sequence[bytes]) -> Cosignature:
        """Check a new checkpoint against the one last seen; cosign and remember it.

        Raises ``NotFound`` (unknown log), ``SignatureError`` (not signed by the log),
        ``RollbackDetected``, ``InvalidInput`` (old size beyond the checkpoint, a proof
        hash that is not 32 bytes, a proof where none belongs), ``WitnessSizeMismatch``
        (``.stored_size`` says which size to prove from) or ``ForkDetected``. Nothing is
        stored unless it cosigns.
        """
        origin = parse_note(note).text.split("\n", 1)[0]
        log_key = self._logs.get(origin)
        if log_key is None:
            raise NotFound(f"this witness does not follow the log {origin!r}")
        new = open_checkpoint(note, log_key, origin=origin).checkpoint
        held = self._state.latest(origin)
        held_size = held.size if held else 0
        if held is not None and new.size < held.size:
            raise RollbackDetected(
                f"{origin}: checkpoint of size {new.size} is smaller than size {held.size}, "
                "already cosigned"
            )
        if old_size < 0:
            raise InvalidInput.field("old_size", "must not be negative")
        if old_size > new.size:
            raise InvalidInput.field("old_size", f"{old_size} is beyond the checkpoint size")
        _check_proof(proof)
        if old_size != held_size:
            raise WitnessSizeMismatch(
                f"{origin}: witness holds size {held_size}, not {old_size}", stored_size=held_size
            )
        if held is None or old_size == 0:
            if proof:
                raise InvalidInput.field("proof", "must be empty from size 0")
        elif new.size == held.size:
            if new.root_hash != held.root_hash:
                raise ForkDetected(
                    f"{origin}: two different roots for size {new.size}: the log has forked"
                )
            if proof:
                raise InvalidInput.field("proof", "must be empty between equal sizes")
        else:
            try:
                verify_consistency(held.size, new.size, held.root_hash, new.root_hash, proof)
            except ProofError as exc:
                raise ForkDetected(
                    f"{origin}: size {new.size} is not shown consistent with size {held.size} "
                    f"already cosigned ({exc}); the log may have forked"
                ) from None
        now = self._clock.now()
        cosignature = self._signer.cosign(new.text(), now)
        record = WitnessRecord(origin, new.size, new.root_hash, note, now)
        self._state.replace(record, expected_size=held_size)
        return cosignature


# --- the tlog-witness add-checkpoint request body -------------------------------------------

_OLD = re.compile(r"old (0|[1-9][0-9]{0,19})", re.ASCII)


def format_add_checkpoint(old_size: int, proof: Sequence[bytes], note: bytes) -> bytes:
    """An ``add-checkpoint`` request body: ``old N``, proof lines, blank line, checkpoint."""
    lines = [f"old {old_size}", *(b64encode(h) for h in proof)]
    return ("\n".join(lines) + "\n\n").encode("ascii") + note


def parse_add_checkpoint(body: bytes) -> tuple[int, list[bytes], bytes]:
    """Split an ``add-checkpoint`` body into (old size, proof, checkpoint note).

    Bodies larger than :data:`MAX_ADD_CHECKPOINT_BYTES` are refused before they are read.
    """
    if len(body) > MAX_ADD_CHECKPOINT_BYTES:
        raise InvalidInput.field(
            "body", f"has {len(body)} bytes, at most {MAX_ADD_CHECKPOINT_BYTES} accepted"
        )
    head, sep, note = body.partition(b"\n\n")
    if not sep:
        raise InvalidInput.field("body", "needs a blank line before the checkpoint")
    try:
        old_line, *proof_lines = head.decode("ascii").split("\n")
    except UnicodeDecodeError:
        raise InvalidInput.field("body", "header lines must be ASCII") from None
    match = _OLD.fullmatch(old_line)
    if match is None or int(match.group(1)) > MAX_TREE_SIZE:
        raise InvalidInput.field("old", "first line must read 'old <size>', size in 0..2**64-1")
    if len(proof_lines) > MAX_PROOF_LINES:
        raise InvalidInput.field("proof", f"at most {MAX_PROOF_LINES} lines")
    proof = [b64decode(line, what=f"proof[{i}]") for i, line in enumerate(proof_lines)]
    _check_proof(proof)
    return int(match.group(1)), proof, note


def _check_proof(proof: Sequence[bytes]) -> None:
    for i, h in enumerate(proof):
        if len(h) != HASH_SIZE:
            raise InvalidInput.field(f"proof[{i}]", f"must be a {HASH_SIZE}-byte hash")
