"""The log on a real store (SQLite and PostgreSQL): proofs, tampering, forks, witnesses."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text, update

from cosec import deployment as deployment_service
from cosec.clock import FixedClock
from cosec.errors import ForkDetected, KeyNotValid, RollbackDetected
from cosec.ledger.audit import Fault
from cosec.ledger.checkpoint import parse_checkpoint_text
from cosec.ledger.envelope import Envelope
from cosec.ledger.keys import generate_witness_signer
from cosec.ledger.merkle import MemoryTree, leaf_hash, verify_consistency, verify_inclusion
from cosec.ledger.note import format_key_id, parse_note
from cosec.ledger.witness import MemoryWitnessState, Witness
from cosec.logstore import log
from cosec.logstore.auditor import check_receipt, verify_log
from cosec.logstore.context import Ledger
from cosec.logstore.sources import LocalSource
from cosec.logstore.tables import LogEntryRow
from cosec.pipeline.registration import revoke
from cosec.pipeline.submit import commit, prepare, submit
from cosec.store.db import make_engine, session_factory
from tests.conftest import World, make_world


def notify(world: World, member: str, n: int) -> None:
    """``n`` small notifications by ``member``, each its own append (and checkpoint)."""
    principal, _ = world.user(
        f"{member.lower()}-{n}-{world.clock.now().timestamp()}", member=member
    )
    for i in range(n):
        with world.session() as s:
            start = date(2027, 1, 1) + timedelta(days=i)
            submit(
                s,
                deployment=deployment_service.load(s),
                ledger=world.ledger,
                principal=principal,
                kind="notification.prior",
                payload={
                    "designation": f"Drill {member} {i}",
                    "states": [member],
                    "start": start.isoformat(),
                    "end": start.isoformat(),
                    "figures": {"troops": 100 + i},
                },
                clock=world.clock,
                evaluate=False,
            )
        world.clock.set(world.clock.now() + timedelta(minutes=1))


def leaves(world: World) -> list[bytes]:
    with world.session(write=False) as s:
        return [bytes(e.leaf) for e in log.entries(s, 0, 10**6, limit=10**6)]


def test_store_proofs_match_an_in_memory_tree(world: World) -> None:
    notify(world, "CHN", 9)
    notify(world, "USA", 4)
    all_leaves = leaves(world)
    tree = MemoryTree()
    tree.extend(leaf_hash(x) for x in all_leaves)
    n = len(all_leaves)
    with world.session(write=False) as s:
        assert log.size(s) == n
        for size in (1, 5, n):
            assert log.checkpoint_note(s, size)  # a checkpoint for every batch
        for index in range(n):
            proof = log.inclusion(s, index, n)
            assert proof == tree.inclusion_proof(index, n)
            verify_inclusion(leaf_hash(all_leaves[index]), index, n, proof, tree.root(n))
        for m in range(1, n + 1):
            proof = log.consistency(s, m, n)
            assert proof == tree.consistency_proof(m, n)
            verify_consistency(m, n, tree.root(m), tree.root(n), proof)
        head = parse_checkpoint_text(parse_note(log.checkpoint_note(s)).text)
        mismatched = s.execute(
            text(
                "SELECT count(*) FROM records r JOIN log_entries e ON e.record_id = r.id "
                'WHERE r.log_index IS NULL OR r.log_index <> e."index"'
            )
        ).scalar()
        unlogged = s.execute(
            text(
                "SELECT count(*) FROM records r LEFT JOIN log_entries e ON e.record_id = r.id "
                "WHERE e.record_id IS NULL"
            )
        ).scalar()
    assert (mismatched, unlogged) == (0, 0)  # every record knows its entry, and has one
    assert head.size == n
    assert head.root_hash == tree.root(n)


@settings(max_examples=10, deadline=None)
@given(sizes=st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=4))
def test_batches_of_any_size_keep_the_tree_right(
    sizes: list[int], sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from cosec.pipeline.submit import Item, submit_many
    from tests.conftest import START

    target = tmp_path_factory.mktemp("batches") / "b.db"
    shutil.copy(sqlite_template, target)
    world = make_world(f"sqlite:///{target}", FixedClock(START))
    principal, _ = world.user("chn", member="CHN")
    for k, size in enumerate(sizes):
        items = [
            Item("notification.calendar", {"year": 2030 + k * 10 + i, "nil_return": True})
            for i in range(size)
        ]
        with world.session() as s:
            submit_many(
                s,
                deployment=deployment_service.load(s),
                ledger=world.ledger,
                principal=principal,
                items=items,
                clock=world.clock,
                evaluate=False,
            )
    all_leaves = leaves(world)
    tree = MemoryTree()
    tree.extend(leaf_hash(x) for x in all_leaves)
    with world.session(write=False) as s:
        sizes_signed = log.checkpoint_sizes(s)
        for size in sizes_signed:
            cp = parse_checkpoint_text(parse_note(log.checkpoint_note(s, size)).text)
            assert cp.root_hash == tree.root(size)
    world.factory.kw["bind"].dispose()


def test_receipt_checks_offline_and_names_its_envelope(world: World) -> None:
    notify(world, "CHN", 3)
    source = LocalSource(world.factory, world.ledger)
    receipt = json.dumps(source.receipt(3))
    with world.session(write=False) as s:
        envelope = bytes(s.get(LogEntryRow, 3).envelope).decode()
        other = bytes(s.get(LogEntryRow, 4).envelope).decode()
    verified = check_receipt(receipt, keys=source.keys(), envelope_text=envelope)
    assert (verified.leaf_index, verified.leaf.member) == (3, "CHN")
    with pytest.raises(Exception, match="does not describe this envelope"):
        check_receipt(receipt, keys=source.keys(), envelope_text=other)


@pytest.mark.parametrize("column", ["envelope", "leaf"])
def test_tampering_in_the_database_is_found_and_named(
    world: World, tmp_path: Path, column: str
) -> None:
    notify(world, "CHN", 6)
    source = LocalSource(world.factory, world.ledger)
    state = tmp_path / "auditor.json"
    assert verify_log(source, state_path=state).report.ok
    victim = 4
    with world.session() as s:
        row = s.get(LogEntryRow, victim)
        raw = bytes(getattr(row, column))
        tampered = (
            raw.replace(b'"troops":102', b'"troops":12')
            if column == "envelope"
            else raw[:-1] + bytes([raw[-1] ^ 1])
        )
        assert tampered != raw
        s.execute(update(LogEntryRow).where(LogEntryRow.index == victim).values({column: tampered}))
    outcome = verify_log(source, state_path=state)
    assert not outcome.report.ok
    named = {f.index for f in outcome.report.findings if f.end is None}
    assert victim in named
    faults = {f.fault for f in outcome.report.findings}
    assert (Fault.REWRITTEN in faults) if column == "envelope" else (Fault.ROOT_MISMATCH in faults)


def test_dropped_entry_is_found(world: World, tmp_path: Path) -> None:
    notify(world, "CHN", 5)
    source = LocalSource(world.factory, world.ledger)
    state = tmp_path / "auditor.json"
    verify_log(source, state_path=state)
    with world.session() as s:
        s.execute(text("DELETE FROM merkle_nodes WHERE level = 0 AND position = 3"))
        s.execute(update(LogEntryRow).where(LogEntryRow.index == 3).values(index=10_000))
    report = verify_log(source, state_path=state).report
    assert not report.ok
    assert Fault.DROPPED in {f.fault for f in report.findings}


def test_a_fork_is_refused_by_the_witness_and_reported_by_the_auditor(
    sqlite_world: World, tmp_path: Path
) -> None:
    a = sqlite_world
    notify(a, "CHN", 3)
    fork_db = tmp_path / "fork.db"
    a.factory.kw["bind"].dispose()
    shutil.copy(a.url.removeprefix("sqlite:///"), fork_db)
    b = World(
        factory=session_factory(make_engine(f"sqlite:///{fork_db}")),
        clock=a.clock,
        url=f"sqlite:///{fork_db}",
        ledger=a.ledger,
        secretariat_key=a.secretariat_key,
    )
    notify(a, "CHN", 2)  # the same prefix, then different histories under one log key
    notify(b, "USA", 2)
    witness = Witness(
        generate_witness_signer("witness.jpn.cosec"),
        logs={a.ledger.origin: a.ledger.identity.signer.verifier()},
        state=MemoryWitnessState(),
        clock=a.clock,
    )
    src_a, src_b = LocalSource(a.factory, a.ledger), LocalSource(b.factory, b.ledger)
    note_a = src_a.checkpoint()
    witness.add_checkpoint(note_a, old_size=0, proof=[])
    size_a = parse_checkpoint_text(parse_note(note_a).text).size
    note_b = src_b.checkpoint()
    size_b = parse_checkpoint_text(parse_note(note_b).text).size
    assert size_b > size_a  # b also registered USA's key
    proof = src_b.consistency(size_a, size_b)
    with pytest.raises(ForkDetected):
        witness.add_checkpoint(note_b, old_size=size_a, proof=proof)
    state = tmp_path / "auditor.json"
    assert verify_log(src_a, state_path=state).report.ok
    forked = verify_log(src_b, state_path=state).report
    assert Fault.FORKED in {f.fault for f in forked.findings}
    b.factory.kw["bind"].dispose()


def test_a_witness_refuses_a_rollback(world: World) -> None:
    notify(world, "CHN", 4)
    source = LocalSource(world.factory, world.ledger)
    witness = Witness(
        generate_witness_signer("witness.kor.cosec"),
        logs={world.ledger.origin: world.ledger.identity.signer.verifier()},
        state=MemoryWitnessState(),
        clock=world.clock,
    )
    latest = source.checkpoint()
    size = parse_checkpoint_text(parse_note(latest).text).size
    witness.add_checkpoint(latest, old_size=0, proof=[])
    with pytest.raises(RollbackDetected):
        witness.add_checkpoint(source.checkpoint(size - 2), old_size=size, proof=[])


def test_another_server_process_sees_keys_registered_and_revoked_elsewhere(
    world: World,
) -> None:
    """Each process caches the key registry. One that missed a registration still accepts
    the new key's envelopes; one that missed a revocation still refuses the old key's,
    when the append checks the key again under the log's lock."""
    other = Ledger(identity=world.ledger.identity, custody=world.ledger.custody)
    with world.session(write=False) as s:
        assert other.registry(s).keys("KOR") == []  # this process's view, now cached
    principal, _ = world.user("kor-poc", member="KOR")  # registered by the first process
    kor = world.member_key("KOR")

    def append(envelope: Envelope) -> None:
        with world.session() as s:
            prepared = prepare(
                s,
                deployment=deployment_service.load(s),
                ledger=other,
                principal=principal,
                envelope=envelope,
                now=world.clock.now(),
            )
            commit(s, ledger=other, batch=[prepared], now=world.clock.now())

    append(world.signed_notification(kor, 1))
    with world.session(write=False) as s:
        assert log.last_seq(s, "KOR") == 1
        before = log.size(s)
    with world.session() as s:
        revoke(
            s,
            deployment=deployment_service.load(s),
            ledger=world.ledger,
            signer=kor,
            member="KOR",
            key_id=format_key_id(kor.key_id),
            reason="rotated out in a test",
            clock=world.clock,
        )
    with pytest.raises(KeyNotValid, match="retired"):
        append(world.signed_notification(kor, 3))  # seq 2 was the revocation
    with world.session(write=False) as s:
        assert log.size(s) == before + 1  # the revocation only
