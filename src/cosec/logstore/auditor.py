"""An outside auditor's checks, end to end: fetch the log, recompute it, compare it with
what the auditor saw before, and remember the new checkpoint only if all is well.

The auditor pins the log's key on first use (or is given it) and keeps the last checkpoint
it verified in a small JSON file; a later log that cannot rebuild that checkpoint from its
entries has forked, and says so.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cosec.errors import FieldError, InvalidInput, LedgerIntegrityError
from cosec.ledger.audit import AuditEntry, AuditReport, Fault, Finding, audit_log
from cosec.ledger.canonical import parse_json
from cosec.ledger.checkpoint import (
    Checkpoint,
    CosignatureVerifier,
    open_checkpoint,
    parse_checkpoint_text,
)
from cosec.ledger.envelope import parse_envelope
from cosec.ledger.merkle import MemoryTree, leaf_hash
from cosec.ledger.note import Verifier, b64decode, parse_note, parse_verifier_key
from cosec.ledger.receipt import Receipt, VerifiedReceipt, verify_receipt
from cosec.logstore.sources import LogSource
from cosec.records import SECRETARIAT

STATE_FORMAT = "cosec.auditor-state/v1"
MAX_STATE_BYTES = 16 * 1024 * 1024
"""Largest auditor state file read (one checkpoint note per log followed)."""


@dataclass(frozen=True)
class AuditOutcome:
    """What one audit found, and against what."""

    origin: str
    report: AuditReport
    checkpoint: Checkpoint
    previous: Checkpoint | None
    envelopes_seen: int


def _read_state(path: Path) -> dict[str, dict[str, str]]:
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return {}
    where = str(path)
    raw = parse_json(text, what=where, max_bytes=MAX_STATE_BYTES)
    if not isinstance(raw, dict) or raw.get("format") != STATE_FORMAT:
        raise InvalidInput.field(where, "is not a cosec auditor state file")
    logs = raw.get("logs")
    if not isinstance(logs, dict):
        raise InvalidInput.field(f"{where}: logs", "must be an object of logs by origin")
    for origin, item in logs.items():
        for name in ("log_key", "checkpoint"):
            if not isinstance(item, dict) or not isinstance(item.get(name), str):
                raise InvalidInput.field(f"{where}: logs.{origin}.{name}", "must be a string")
    return logs


def _write_state(path: Path, logs: dict[str, dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"format": STATE_FORMAT, "logs": logs}, handle, indent=2, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def verify_log(source: LogSource, *, state_path: Path, log_key: str | None = None) -> AuditOutcome:
    """Audit the whole log; remember its checkpoint in ``state_path`` if nothing is wrong.

    Raises ``LedgerIntegrityError`` when the log's key is not the one pinned, and
    ``SignatureError`` when the checkpoint is not signed by it.
    """
    keys = source.keys()
    origin, served_key = _published(keys, "origin"), _published(keys, "log")
    state = _read_state(state_path)
    pinned = log_key or state.get(origin, {}).get("log_key")
    if pinned is not None and pinned != served_key:
        raise LedgerIntegrityError(
            f"the log {origin} now presents key {served_key}, not {pinned}, the one pinned"
        )
    verifier = parse_verifier_key(served_key).verifier()
    note = source.checkpoint()
    checkpoint = open_checkpoint(note, verifier, origin=origin).checkpoint
    previous = None
    if origin in state:
        previous = parse_checkpoint_text(parse_note(state[origin]["checkpoint"].encode()).text)
    rows = source.entries(0, checkpoint.size)
    entries: list[AuditEntry] = []
    seen = 0
    for i, row in enumerate(rows):
        entries.append(_entry(row, i))
        seen += entries[-1].envelope is not None
    report = audit_log(
        entries,
        checkpoint=checkpoint,
        trusted=[previous] if previous is not None else [],
        registrars={SECRETARIAT},
    )
    if report.of(Fault.ROOT_MISMATCH):
        report = _localise(report, source, verifier, origin, entries)
    if report.ok and (previous is None or checkpoint.size >= previous.size):
        state[origin] = {"log_key": served_key, "checkpoint": note.decode()}
        _write_state(state_path, state)
    return AuditOutcome(origin, report, checkpoint, previous, seen)


def _published(keys: Mapping[str, object], name: str) -> str:
    """A string of the log's published keys (``origin``, ``log``)."""
    value = keys.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidInput.field(f"keys.{name}", "must be a non-empty string")
    return value


def _entry(row: object, i: int) -> AuditEntry:
    """One served entry: its leaf bytes and, when the source may show it, its envelope."""
    if not isinstance(row, Mapping):
        raise InvalidInput.field(f"entries[{i}]", "must be an object")
    leaf = b64decode(row.get("leaf"), what=f"entries[{i}].leaf")
    if "envelope" not in row:
        return AuditEntry(leaf, None)
    where = f"entries[{i}].envelope"
    if not isinstance(row["envelope"], Mapping):
        raise InvalidInput.field(where, "must be an object")
    try:
        return AuditEntry(leaf, parse_envelope(row["envelope"]))
    except InvalidInput as exc:
        errors = [FieldError(f"{where}.{e.loc}" if e.loc else where, e.rule) for e in exc.errors]
        raise InvalidInput(errors) from None


def _localise(
    report: AuditReport,
    source: LogSource,
    verifier: Verifier,
    origin: str,
    entries: list[AuditEntry],
) -> AuditReport:
    """Name the entry behind a root mismatch, from the checkpoints the log signed on the way.

    The log signs a checkpoint after every batch. The first one whose signed root the
    served entries do not rebuild brackets the change: the entries after the last good
    checkpoint, up to it. Binary search keeps it to O(log n) checkpoints fetched.
    """
    tree = MemoryTree()
    tree.extend(leaf_hash(e.leaf) for e in entries)
    sizes = [n for n in source.checkpoint_sizes() if 0 < n <= tree.size]
    lo, hi, first_bad = 0, len(sizes) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        signed = open_checkpoint(source.checkpoint(sizes[mid]), verifier, origin=origin)
        if tree.root(sizes[mid]) == signed.checkpoint.root_hash:
            lo = mid + 1
        else:
            first_bad, hi = mid, mid - 1
    if first_bad is None:
        return report
    start = sizes[first_bad - 1] if first_bad > 0 else 0
    end = sizes[first_bad]
    where = f"entry {start}" if end - start == 1 else f"entries {start} to {end - 1}"
    finding = Finding(
        Fault.REWRITTEN,
        f"{where}: the served leaf bytes do not rebuild the checkpoint of size {end} the log "
        f"signed when {'it was' if end - start == 1 else 'they were'} appended",
        start,
        None if end - start == 1 else end,
    )
    return AuditReport(report.size, report.root_hash, (*report.findings, finding))


def check_receipt(
    receipt_text: str,
    *,
    keys: dict[str, object],
    envelope_text: str | None = None,
    min_cosignatures: int = 0,
) -> VerifiedReceipt:
    """Check a receipt against the log's published keys (and the envelope, if given)."""
    receipt = Receipt.from_json(receipt_text)
    witnesses_json = keys.get("witnesses", {})
    if not isinstance(witnesses_json, Mapping) or not all(
        isinstance(v, str) for v in witnesses_json.values()
    ):
        raise InvalidInput.field("keys.witnesses", "must map witness names to key strings")
    witnesses = [
        CosignatureVerifier.from_key(parse_verifier_key(v)) for v in witnesses_json.values()
    ]
    origin = _published(keys, "origin") if keys.get("origin") is not None else None
    envelope = parse_envelope(envelope_text) if envelope_text else None
    return verify_receipt(
        receipt,
        log_key=parse_verifier_key(_published(keys, "log")).verifier(),
        witnesses=witnesses,
        min_cosignatures=min_cosignatures,
        origin=origin,
        envelope=envelope,
    )
