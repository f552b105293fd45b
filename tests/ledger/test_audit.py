"""Audit: an honest log passes; each kind of tampering is found and placed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from cosec.errors import ForkDetected, LedgerIntegrityError, RollbackDetected
from cosec.ledger.audit import AuditEntry, AuditReport, Fault, audit_log, known_leaves
from cosec.ledger.envelope import LogLeaf, seal
from cosec.ledger.keyregistry import KIND_REVOKE
from cosec.ledger.receipt import make_receipt

from .conftest import ORIGIN, REGISTRAR, T0, DemoLog, seeded_signer


def _entries(log: DemoLog, *, with_envelopes: bool = True) -> list[AuditEntry]:
    return [
        AuditEntry(leaf, env if with_envelopes else None)
        for leaf, env in zip(log.leaves, log.envelopes, strict=True)
    ]


def _faults(report: AuditReport) -> list[tuple[Fault, int | None]]:
    return [(f.fault, f.index) for f in report.findings]


def test_an_honest_log_passes(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(12)
    early = log.checkpoint(5)
    receipts = [
        make_receipt(log.tree, leaf_index=i, leaf=log.leaves[i], checkpoint=log.signed_checkpoint())
        for i in (2, 9)
    ]
    report = audit_log(
        _entries(log),
        checkpoint=log.checkpoint(),
        trusted=[early, log.checkpoint(9)],
        known=known_leaves(receipts),
        registrars={REGISTRAR},
    )
    assert report.ok, report.findings
    assert (report.size, report.root_hash) == (16, log.tree.root())
    report.raise_for_findings()
    # the public audit, without any envelope, passes too
    assert audit_log(log.leaves, checkpoint=log.checkpoint(), trusted=[early]).ok


def test_a_rewritten_envelope_is_found_at_its_index(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(6)
    entries = _entries(log)
    original = log.envelopes[7]
    other = seal(
        log.keys[original.member], log=ORIGIN, kind=original.kind, seq=original.seq,
        time=original.at, payload={"n": "rewritten"}, audience="regime", nonce=original.nonce,
    )  # fmt: skip
    entries[7] = AuditEntry(log.leaves[7], other)  # the stored envelope swapped, leaf kept
    report = audit_log(entries, checkpoint=log.checkpoint(), registrars={REGISTRAR})
    assert _faults(report) == [(Fault.REWRITTEN, 7)]
    assert "envelope_hash" in report.findings[0].message
    with pytest.raises(LedgerIntegrityError, match="entry 7"):
        report.raise_for_findings()


def test_a_rewritten_leaf_is_placed_by_a_receipt(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(6)
    receipt = make_receipt(
        log.tree, leaf_index=6, leaf=log.leaves[6], checkpoint=log.signed_checkpoint()
    )
    env = log.envelopes[6]
    fake = seal(
        log.keys[env.member], log=ORIGIN, kind=env.kind, seq=env.seq, time=env.at,
        payload={"n": "what they wish had been said"}, audience="regime",
    )  # fmt: skip
    leaves = list(log.leaves)
    leaves[6] = LogLeaf.for_envelope(fake, logged_at=env.at).encode()
    report = audit_log(
        leaves,
        checkpoint=log.checkpoint(),
        trusted=[log.checkpoint(4)],
        known=known_leaves([receipt]),
    )
    assert (Fault.ROOT_MISMATCH, 0) in _faults(report)
    assert (Fault.REWRITTEN, 6) in _faults(report)  # from the receipt
    ranged = [f for f in report.of(Fault.REWRITTEN) if f.end is not None]
    assert ranged == []  # the trusted size-4 prefix is intact; no range blamed
    # without the receipt, a trusted checkpoint past the change bounds it to a range
    report = audit_log(
        leaves, checkpoint=log.checkpoint(), trusted=[log.checkpoint(4), log.checkpoint(8)]
    )
    (ranged_finding,) = report.of(Fault.REWRITTEN)
    assert (ranged_finding.index, ranged_finding.end) == (4, 8)


def test_a_dropped_entry(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(9)
    receipt = make_receipt(
        log.tree, leaf_index=8, leaf=log.leaves[8], checkpoint=log.signed_checkpoint()
    )
    leaves = log.leaves[:8] + log.leaves[9:]
    dropped = LogLeaf.decode(log.leaves[8])
    report = audit_log(leaves, checkpoint=log.checkpoint(), known=known_leaves([receipt]))
    faults = _faults(report)
    assert (Fault.DROPPED, 12) in faults  # served one entry short of the checkpoint
    from_receipt, from_gap = (f for f in report.of(Fault.DROPPED) if f.member == dropped.member)
    assert (from_receipt.index, from_receipt.seq) == (8, dropped.seq)
    assert "known from a receipt" in from_receipt.message
    # from the sequence numbers alone: between JPN seq 1 (entry 5) and seq 3 (now entry 10)
    assert (from_gap.index, from_gap.end, from_gap.seq) == (6, 10, dropped.seq)


def test_reordered_and_duplicated_entries(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(9)
    leaves = list(log.leaves)
    leaves[4], leaves[7] = leaves[7], leaves[4]  # two CHN entries swapped
    report = audit_log(leaves, checkpoint=log.checkpoint())
    assert (Fault.REORDERED, 7) in _faults(report)
    assert (Fault.ROOT_MISMATCH, 0) in _faults(report)
    leaves = list(log.leaves)
    leaves[10] = leaves[7]
    report = audit_log(leaves, checkpoint=log.checkpoint())
    duplicated = report.of(Fault.DUPLICATED)
    assert [(f.index, f.member) for f in duplicated] == [(10, "CHN")]


def test_a_receipt_places_a_moved_entry(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(9)
    receipt = make_receipt(
        log.tree, leaf_index=5, leaf=log.leaves[5], checkpoint=log.signed_checkpoint()
    )
    leaves = list(log.leaves)
    leaves[5], leaves[6] = leaves[6], leaves[5]  # JPN and PHL swapped: seqs stay in order
    report = audit_log(leaves, checkpoint=log.checkpoint(), known=known_leaves([receipt]))
    (moved,) = report.of(Fault.REORDERED)
    assert (moved.index, moved.member) == (5, "JPN")
    assert "now at index 6" in moved.message


def test_a_fork_against_a_trusted_checkpoint(make_log: Callable[[int], DemoLog]) -> None:
    honest, forked = make_log(6), make_log(4)
    forked.submit("CHN", n="another history")
    forked.submit("JPN")
    forked.submit("PHL")
    # the log shows the auditor entries that rebuild its newest signed checkpoint...
    report = audit_log(
        forked.leaves,
        checkpoint=forked.checkpoint(),
        trusted=[honest.checkpoint(6), honest.checkpoint(10)],
    )
    # ...but that history is not the one it signed at size 10 before
    assert _faults(report) == [(Fault.FORKED, 6)]
    assert report.findings[0].end == 10
    with pytest.raises(ForkDetected):
        report.raise_for_findings()
    same_size = audit_log(
        honest.leaves, checkpoint=honest.checkpoint(), trusted=[forked.checkpoint(10)]
    )
    assert _faults(same_size) == [(Fault.FORKED, 0)]


def test_a_rollback(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(6)
    trusted = log.checkpoint()
    report = audit_log(log.leaves[:8], checkpoint=log.checkpoint(8), trusted=[trusted])
    assert _faults(report) == [(Fault.ROLLED_BACK, 8)]
    with pytest.raises(RollbackDetected):
        report.raise_for_findings()


def test_bad_signatures_and_suspect_keys(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(6)
    # an envelope in CHN's name signed with a key nobody registered
    impostor = seeded_signer("CHN", 99)
    forged = seal(
        impostor, log=ORIGIN, kind="notification.prior", seq=3, time=T0 + timedelta(hours=1),
        payload={"n": "forged"}, audience="regime",
    )  # fmt: skip
    log.append(forged)
    # JPN's key is revoked as compromised since before its last entry
    jpn = log.envelopes[8]
    revoke = seal(
        log.keys[REGISTRAR], log=ORIGIN, kind=KIND_REVOKE, seq=5, time=T0 + timedelta(hours=2),
        payload={"member": "JPN", "key_id": jpn.key_id, "reason": "stolen",
                 "compromised_since": "2025-03-01T08:07:00Z"},
        audience="public",
    )  # fmt: skip
    log.append(revoke)
    report = audit_log(_entries(log), checkpoint=log.checkpoint(), registrars={REGISTRAR})
    assert _faults(report) == [(Fault.BAD_SIGNATURE, 10), (Fault.SUSPECT_KEY, 8)]
    assert "no registered key" in report.findings[0].message


def test_malformed_leaves_are_named(make_log: Callable[[int], DemoLog]) -> None:
    log = make_log(3)
    leaves = [*log.leaves, b"\x09garbage"]
    report = audit_log(leaves, checkpoint=log.checkpoint())
    assert (Fault.MALFORMED, 7) in _faults(report)
