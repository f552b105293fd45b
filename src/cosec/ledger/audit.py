"""Audit a log from its entries: recompute the tree, name each fault and where it is.

Anyone holding the entries (leaf bytes, and the envelopes they may see), the log's latest
signed checkpoint and what they trusted before (earlier checkpoints, receipts) can run
:func:`audit_log`. It finds:

- ``root_mismatch``: the entries do not rebuild the checkpoint's root;
- ``forked``: the log signed two histories (two roots for one size, or entries that
  rebuild the new checkpoint but not a trusted older one);
- ``rolled_back``: the checkpoint is smaller than one trusted before;
- ``rewritten``: an entry differs from what a receipt or an envelope says it was, or a
  stretch of entries differs from what a trusted checkpoint committed to;
- ``dropped`` / ``reordered`` / ``duplicated``: an entry known from a receipt is gone
  or moved, or a member's sequence numbers skip, go back or repeat (the log accepts
  only each member's next number, so an honest log has them 1, 2, 3... in order);
- ``malformed``: leaf bytes that are not a ``CosecLeafV1``;
- ``bad_signature``: an envelope its member's key (valid at that index) did not sign,
  or a key event the registry refuses;
- ``suspect_key``: signed with a key whose revocation says it was compromised by then.

Pure: no IO; time and memory grow linearly with the number of entries.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate

from cosec.errors import (
    CosecError,
    ForkDetected,
    InvalidInput,
    LedgerIntegrityError,
    RollbackDetected,
)
from cosec.ledger.checkpoint import Checkpoint
from cosec.ledger.envelope import Envelope, LogLeaf, verify_envelope
from cosec.ledger.keyregistry import KEY_KINDS, KeyRegistry
from cosec.ledger.merkle import MemoryTree, leaf_hash
from cosec.ledger.receipt import Receipt


class Fault(StrEnum):
    """The kinds of fault an audit names."""

    ROOT_MISMATCH = "root_mismatch"
    FORKED = "forked"
    ROLLED_BACK = "rolled_back"
    REWRITTEN = "rewritten"
    DROPPED = "dropped"
    REORDERED = "reordered"
    DUPLICATED = "duplicated"
    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad_signature"
    SUSPECT_KEY = "suspect_key"


@dataclass(frozen=True, slots=True)
class Finding:
    """One fault: its kind, a sentence, and where (entry index, or a range of indices)."""

    fault: Fault
    message: str
    index: int | None = None
    end: int | None = None
    """With ``index``: the fault lies somewhere in entries ``[index, end)``."""
    member: str | None = None
    seq: int | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One log entry as served: its leaf bytes and, if the auditor may see it, its envelope."""

    leaf: bytes
    envelope: Envelope | None = None


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The findings of an audit (none: the log is as its checkpoint says)."""

    size: int
    root_hash: bytes
    findings: tuple[Finding, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings

    def of(self, fault: Fault) -> list[Finding]:
        """The findings of one kind."""
        return [f for f in self.findings if f.fault == fault]

    def raise_for_findings(self) -> None:
        """Raise ``ForkDetected``, ``RollbackDetected`` or ``LedgerIntegrityError`` if any."""
        if not self.findings:
            return
        summary = "; ".join(f.message for f in self.findings[:5])
        more = f" (and {len(self.findings) - 5} more)" if len(self.findings) > 5 else ""
        if self.of(Fault.FORKED):
            raise ForkDetected(summary + more)
        if self.of(Fault.ROLLED_BACK):
            raise RollbackDetected(summary + more)
        raise LedgerIntegrityError(summary + more)


def known_leaves(receipts: Iterable[Receipt]) -> dict[int, bytes]:
    """Leaf bytes by index from receipts the auditor verified earlier."""
    return {r.leaf_index: r.leaf for r in receipts}


def audit_log(
    entries: Sequence[AuditEntry | bytes],
    *,
    checkpoint: Checkpoint,
    trusted: Sequence[Checkpoint] = (),
    known: Mapping[int, bytes] | None = None,
    registrars: Iterable[str] | None = None,
) -> AuditReport:
    """Audit ``entries`` (the whole log from index 0) against a verified ``checkpoint``.

    ``trusted`` are earlier checkpoints the auditor verified (e.g. cosigned ones it
    kept), ``known`` leaf bytes by index (from receipts, see :func:`known_leaves`). With
    ``registrars`` the key registry is rebuilt from the ``key.*`` envelopes among the
    entries and every envelope's signature is checked with the key valid at its index.
    """
    rows = [e if isinstance(e, AuditEntry) else AuditEntry(e) for e in entries]
    findings: list[Finding] = []
    tree = MemoryTree()
    tree.extend(leaf_hash(r.leaf) for r in rows)
    findings += _check_heads(tree, checkpoint, trusted)
    if known:
        findings += _check_known(rows, tree, known)
    leaves = _decode(rows, findings)
    findings += _check_sequences(leaves)
    findings += _check_envelopes(rows, leaves)
    if registrars is not None:
        findings += _check_signatures(rows, KeyRegistry(registrars=registrars))
    return AuditReport(len(rows), tree.root(), tuple(findings))


def _check_heads(
    tree: MemoryTree, checkpoint: Checkpoint, trusted: Sequence[Checkpoint]
) -> list[Finding]:
    out: list[Finding] = []
    n = tree.size
    if n < checkpoint.size:
        out.append(
            Finding(
                Fault.DROPPED,
                f"{checkpoint.size - n} entries missing at the end: "
                f"served {n}, checkpoint says {checkpoint.size}",
                n,
                checkpoint.size,
            )
        )
    head_ok = n >= checkpoint.size and tree.root(checkpoint.size) == checkpoint.root_hash
    if not head_ok and n >= checkpoint.size:
        out.append(
            Finding(
                Fault.ROOT_MISMATCH,
                f"the entries do not rebuild the root of the checkpoint of size {checkpoint.size}",
                0,
                checkpoint.size,
            )
        )
    last_good = 0
    for t in sorted(trusted, key=lambda c: c.size):
        if t.origin != checkpoint.origin:
            raise InvalidInput.field("trusted", f"checkpoint of {t.origin!r}, not of this log")
        if t.size == checkpoint.size and t.root_hash != checkpoint.root_hash:
            out.append(Finding(Fault.FORKED, f"two signed roots for size {t.size}", 0, t.size))
            continue
        if t.size > checkpoint.size:
            out.append(
                Finding(
                    Fault.ROLLED_BACK,
                    f"the log is back to size {checkpoint.size} after size {t.size} was trusted",
                    checkpoint.size,
                    t.size,
                )
            )
            continue
        if t.size > n:
            continue  # entries are missing; reported above
        if tree.root(t.size) == t.root_hash:
            last_good = t.size
            continue
        if head_ok:
            message = (
                f"the history behind the checkpoint of size {checkpoint.size} differs "
                f"from the trusted one of size {t.size} in entries "
                f"[{last_good}, {t.size}): the log has forked"
            )
            out.append(Finding(Fault.FORKED, message, last_good, t.size))
        else:
            message = (
                f"entries [{last_good}, {t.size}) differ from those the trusted "
                f"checkpoint of size {t.size} committed to"
            )
            out.append(Finding(Fault.REWRITTEN, message, last_good, t.size))
    return out


def _check_known(
    rows: Sequence[AuditEntry], tree: MemoryTree, known: Mapping[int, bytes]
) -> list[Finding]:
    out: list[Finding] = []
    where: dict[bytes, list[int]] = defaultdict(list)
    for i in range(tree.size):
        where[tree.leaf(i)].append(i)
    by_member_seq: dict[tuple[str, int], int] = {}
    for i, row in enumerate(rows):
        try:
            leaf = LogLeaf.decode(row.leaf)
        except InvalidInput:
            continue
        by_member_seq.setdefault((leaf.member, leaf.seq), i)
    for index, leaf_bytes in sorted(known.items()):
        h = leaf_hash(leaf_bytes)
        if index < tree.size and tree.leaf(index) == h:
            continue
        moved = [j for j in where.get(h, []) if j != index]
        try:
            was = LogLeaf.decode(leaf_bytes)
            who, member, seq = f" ({was.member} seq {was.seq})", was.member, was.seq
        except InvalidInput:
            who, member, seq = "", None, None
        if moved:
            out.append(
                Finding(
                    Fault.REORDERED,
                    f"entry {index}{who} is now at index {moved[0]}",
                    index,
                    member=member,
                    seq=seq,
                )
            )
            continue
        same = by_member_seq.get((member, seq)) if member is not None and seq is not None else None
        if same is not None:
            out.append(
                Finding(
                    Fault.REWRITTEN,
                    f"entry {index}{who} was rewritten (now at index {same} with other content)",
                    same,
                    member=member,
                    seq=seq,
                )
            )
        else:
            out.append(
                Finding(
                    Fault.DROPPED,
                    f"entry {index}{who}, known from a receipt, is gone",
                    index,
                    member=member,
                    seq=seq,
                )
            )
    return out


def _decode(rows: Sequence[AuditEntry], findings: list[Finding]) -> list[LogLeaf | None]:
    leaves: list[LogLeaf | None] = []
    for i, row in enumerate(rows):
        try:
            leaves.append(LogLeaf.decode(row.leaf))
        except InvalidInput as exc:
            findings.append(Finding(Fault.MALFORMED, f"entry {i}: {exc}", i))
            leaves.append(None)
    return leaves


def _check_sequences(leaves: Sequence[LogLeaf | None]) -> list[Finding]:
    out: list[Finding] = []
    seen: dict[str, dict[int, int]] = defaultdict(dict)
    highest: dict[str, int] = defaultdict(int)
    for i, leaf in enumerate(leaves):
        if leaf is None:
            continue
        m, s = leaf.member, leaf.seq
        if s in seen[m]:
            out.append(
                Finding(
                    Fault.DUPLICATED,
                    f"entry {i}: {m} seq {s} repeats entry {seen[m][s]}",
                    i,
                    member=m,
                    seq=s,
                )
            )
            continue
        seen[m][s] = i
        if s < highest[m]:
            out.append(
                Finding(
                    Fault.REORDERED,
                    f"entry {i}: {m} seq {s} comes after seq {highest[m]}",
                    i,
                    member=m,
                    seq=s,
                )
            )
        highest[m] = max(highest[m], s)
    for m, seqs in seen.items():
        missing = [s for s in range(1, highest[m] + 1) if s not in seqs]
        if missing:
            out += _gaps(m, seqs, missing)
    return out


def _gaps(member: str, seqs: Mapping[int, int], missing: Sequence[int]) -> list[Finding]:
    """A finding per missing seq, placed between the entries of the seqs around it."""
    order = sorted(seqs)
    before = list(accumulate((seqs[q] for q in order), max))  # last index of seqs <= q
    after = list(accumulate((seqs[q] for q in reversed(order)), min))[::-1]
    out = []
    for s in missing:
        k = bisect_left(order, s)
        prev = before[k - 1] if k else -1
        nxt = after[k]  # a missing seq is below the highest, so something follows it
        where = f"after entry {prev}" if prev >= 0 else "before its first entry"
        message = f"{member} seq {s} is missing ({where}, before entry {nxt})"
        out.append(Finding(Fault.DROPPED, message, prev + 1, nxt, member, s))
    return out


def _check_envelopes(rows: Sequence[AuditEntry], leaves: Sequence[LogLeaf | None]) -> list[Finding]:
    out: list[Finding] = []
    for i, (row, leaf) in enumerate(zip(rows, leaves, strict=True)):
        if row.envelope is None or leaf is None:
            continue
        wrong = leaf.mismatches(row.envelope)
        if wrong:
            out.append(
                Finding(
                    Fault.REWRITTEN,
                    f"entry {i}: envelope does not match its leaf ({', '.join(wrong)})",
                    i,
                    member=leaf.member,
                    seq=leaf.seq,
                )
            )
    return out


def _check_signatures(rows: Sequence[AuditEntry], registry: KeyRegistry) -> list[Finding]:
    out: list[Finding] = []
    signed: list[tuple[int, Envelope]] = []
    for i, row in enumerate(rows):
        env = row.envelope
        if env is None:
            continue
        try:
            if env.kind in KEY_KINDS:
                registry.apply(env, log_index=i)
            else:
                verify_envelope(env, registry.verifier_for(env.member, env.key_id, log_index=i))
        except CosecError as exc:
            out.append(
                Finding(Fault.BAD_SIGNATURE, f"entry {i}: {exc}", i, member=env.member, seq=env.seq)
            )
            continue
        signed.append((i, env))
    for i, env in signed:
        record = next((k for k in registry.keys(env.member) if k.key_id == env.key_id), None)
        if record and record.compromised_since and env.at >= record.compromised_since:
            out.append(
                Finding(
                    Fault.SUSPECT_KEY,
                    f"entry {i}: signed with key {env.key_id} "
                    f"of {env.member}, reported compromised since "
                    f"{record.compromised_since:%Y-%m-%d %H:%M}Z",
                    i,
                    member=env.member,
                    seq=env.seq,
                )
            )
    return out
