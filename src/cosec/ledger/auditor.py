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
from dataclasses import dataclass
from pathlib import Path

from cosec.errors import InvalidInput, LedgerIntegrityError
from cosec.ledger.audit import AuditEntry, AuditReport, Fault, Finding, audit_log
from cosec.ledger.checkpoint import (
    Checkpoint,
    CosignatureVerifier,
    open_checkpoint,
    parse_checkpoint_text,
)
from cosec.ledger.envelope import Envelope, parse_envelope
from cosec.ledger.merkle import MemoryTree, leaf_hash
from cosec.ledger.note import Verifier, b64decode, parse_note, parse_verifier_key
from cosec.ledger.receipt import Receipt, VerifiedReceipt, verify_receipt
from cosec.ledger.sources import LogSource
from cosec.records import SECRETARIAT

STATE_FORMAT = "cosec.auditor-state/v1"


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
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as exc:
        raise InvalidInput.field(str(path), f"is not JSON: {exc}") from None
    if raw.get("format") != STATE_FORMAT:
        raise InvalidInput.field(str(path), "is not a cosec auditor state file")
    logs: dict[str, dict[str, str]] = raw["logs"]
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
    origin, served_key = str(keys["origin"]), str(keys["log"])
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
    for row in rows:
        env: Envelope | None = None
        if "envelope" in row:
            env = parse_envelope(row["envelope"])
            seen += 1
        entries.append(AuditEntry(b64decode(str(row["leaf"]), what="leaf"), env))
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
    assert isinstance(witnesses_json, dict)
    witnesses = [
        CosignatureVerifier.from_key(parse_verifier_key(str(v))) for v in witnesses_json.values()
    ]
    envelope = parse_envelope(envelope_text) if envelope_text else None
    return verify_receipt(
        receipt,
        log_key=parse_verifier_key(str(keys["log"])).verifier(),
        witnesses=witnesses,
        min_cosignatures=min_cosignatures,
        origin=str(keys.get("origin")) if keys.get("origin") else None,
        envelope=envelope,
    )
