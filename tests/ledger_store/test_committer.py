"""Group commit on a real store (SQLite and PostgreSQL): every submission is answered,
with its ack or its own error, and the log holds exactly the ones acknowledged."""

from __future__ import annotations

import base64
import threading
from concurrent.futures import Future
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from cosec import deployment as deployment_service
from cosec.compliance import engine
from cosec.errors import InvalidInput, ReplayDetected, SignatureError
from cosec.ledger.envelope import Envelope
from cosec.ledger.keys import generate_signer
from cosec.ledger.note import Ed25519Signer
from cosec.logstore import log
from cosec.logstore.context import Ledger
from cosec.pipeline.committer import Ack, Committer
from cosec.pipeline.registration import vkey_of
from cosec.pipeline.submit import Item, Submission
from cosec.principals import Role
from cosec.store.db import make_engine, session_factory
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import World


def _committer(world: World, ledger: Ledger | None = None, url: str | None = None) -> Committer:
    factory = world.factory if url is None else session_factory(make_engine(url))
    return Committer(
        factory, ledger or world.ledger, world.clock, deployment_service.load, evaluate=False
    )


def test_each_submission_gets_its_own_answer(world: World) -> None:
    principal, _ = world.user("kor-poc", member="KOR")
    kor = world.member_key("KOR")
    good = [world.signed_notification(kor, seq) for seq in (1, 2, 3)]
    forged = world.signed_notification(kor, 4).model_copy(
        update={"signature": base64.b64encode(bytes(64)).decode()}
    )
    replayed = good[1]
    bad_payload = world.signed_notification(kor, 4, troops=-5)
    committer = _committer(world)
    with world.session(write=False) as s:
        before = log.size(s)
    try:
        futures: list[Future[Ack]] = [
            committer.submit_async(Submission(principal, envelope=e))
            for e in (*good, forged, replayed, bad_payload)
        ]
        futures.append(
            committer.submit_async(
                Submission(principal, item=Item("notification.prior", good[0].payload))
            )
        )  # sealed with KOR's deposited key: seq 4, after the three good ones
        acks = [f.result(30) for f in futures[:3]]
        for future, error in zip(
            futures[3:6], (SignatureError, ReplayDetected, InvalidInput), strict=True
        ):
            with pytest.raises(error):
                future.result(30)
        sealed = futures[6].result(30)
    finally:
        committer.close()
    assert [a.index for a in (*acks, sealed)] == list(range(before, before + 4))
    assert committer.batches >= 1
    with world.session(write=False) as s:
        assert log.size(s) == before + 4
        assert log.last_seq(s, "KOR") == 4
        entries = log.entries(s, before, before + 4)
        assert [bytes(e.leaf) for e in entries] == [a.leaf for a in (*acks, sealed)]
        record = s.get(RecordRow, sealed.record_id)
        assert record is not None
        assert record.log_index == sealed.index


def test_two_servers_append_to_one_log(world: World) -> None:
    """Two committers on their own engines (as two server processes have), each with
    its own key-registry cache, submitting at once: every append lands exactly once."""
    members = ("KOR", "JPN")
    principals = {m: world.user(f"{m.lower()}-poc", member=m)[0] for m in members}
    keys = {m: world.member_key(m) for m in members}
    with world.session(write=False) as s:
        before = log.size(s)
    servers = [
        _committer(world, Ledger(world.ledger.identity, world.ledger.custody), world.url)
        for _ in members
    ]
    acks: dict[str, list[Ack]] = {}

    def member_system(member: str, committer: Committer) -> None:
        futures = [
            committer.submit_async(
                Submission(
                    principals[member], envelope=world.signed_notification(keys[member], seq)
                )
            )
            for seq in range(1, 31)
        ]
        acks[member] = [f.result(60) for f in futures]

    threads = [
        threading.Thread(target=member_system, args=(m, c))
        for m, c in zip(members, servers, strict=True)
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for c in servers:
            c.close()
    indices = sorted(a.index for m in members for a in acks[m])
    assert indices == list(range(before, before + 60))
    for m in members:  # each member's envelopes in its own order
        assert [a.index for a in acks[m]] == sorted(a.index for a in acks[m])
    with world.session(write=False) as s:
        assert log.size(s) == before + 60
        assert {m: log.last_seq(s, m) for m in members} == dict.fromkeys(members, 30)


def _late_notification(world: World, signer: Ed25519Signer, seq: int) -> Envelope:
    """20,000 troops notified nine days ahead: the charter asks for 42."""
    start = (world.clock.now() + timedelta(days=9)).date()
    return world.signed_notification(signer, seq, troops=20000, start=start, days=1)


def _late_findings_on(world: World, record_ids: set[int]) -> int:
    with world.session(write=False) as s:
        rows = s.scalars(select(FindingRow).where(FindingRow.flag == "late")).all()
    return sum(1 for f in rows if record_ids & set(f.evidence))


def test_findings_follow_the_log_and_a_request_may_wait_for_them(world: World) -> None:
    """The evaluator takes in every committed batch; ``wait_evaluated`` returns once the
    findings include a record, and many batches share evaluations."""
    principal, _ = world.user("kor-poc", member="KOR")
    kor = world.member_key("KOR")
    committer = Committer(world.factory, world.ledger, world.clock, deployment_service.load)
    try:
        first = committer.submit(Submission(principal, envelope=_late_notification(world, kor, 1)))
        assert committer.wait_evaluated(first, timeout=60)
        assert _late_findings_on(world, {first.record_id}) == 1
        futures = [
            committer.submit_async(
                Submission(principal, envelope=_late_notification(world, kor, seq))
            )
            for seq in range(2, 42)
        ]
        acks = [f.result(60) for f in futures]
        assert committer.wait_evaluated(acks[-1], timeout=60)
        assert _late_findings_on(world, {a.record_id for a in acks}) == len(acks)
        assert committer.evaluations <= committer.batches
    finally:
        committer.close()


def test_a_receipt_does_not_wait_for_findings(world: World) -> None:
    """Without evaluation ``wait_evaluated`` returns at once; with it, a record of no
    mechanism (a key registration) counts as taken in without an evaluation of its own."""
    principal, _ = world.user("kor-poc", member="KOR")
    kor = world.member_key("KOR")
    plain = _committer(world)
    try:
        ack = plain.submit(Submission(principal, envelope=world.signed_notification(kor, 1)))
        assert plain.wait_evaluated(ack, timeout=0)
    finally:
        plain.close()
    evaluating = Committer(world.factory, world.ledger, world.clock, deployment_service.load)
    sec = world.user("sec", role=Role.SECRETARIAT)[0]
    try:
        key = evaluating.submit(
            Submission(sec, item=Item("key.register", {"vkey": vkey_of(generate_signer("JPN"))}))
        )
        assert evaluating.wait_evaluated(key, timeout=60)
        assert evaluating.evaluations == 0
    finally:
        evaluating.close()


def test_submissions_are_committed_while_the_evaluator_folds_a_store(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that starts on a large store folds each mechanism's records before it can
    judge (40 s for 100,000 notifications); meanwhile submissions must still be written and
    acknowledged, so the fold may not hold the write lock the committer needs."""
    principal, _ = world.user("kor-poc", member="KOR")
    kor = world.member_key("KOR")
    first = Committer(world.factory, world.ledger, world.clock, deployment_service.load)
    try:  # an evaluated store: the next server keeps no projection and must fold it
        ack = first.submit(Submission(principal, envelope=_late_notification(world, kor, 1)))
        assert first.wait_evaluated(ack, timeout=60)
    finally:
        first.close()

    folding, release = threading.Event(), threading.Event()
    real_fold = engine.fresh_projection

    def slow_fold(*args: Any, **kwargs: Any) -> Any:
        folding.set()
        release.wait(30)  # the fold of a large store, held open until the test says
        return real_fold(*args, **kwargs)

    monkeypatch.setattr(engine, "fresh_projection", slow_fold)
    server = Committer(world.factory, world.ledger, world.clock, deployment_service.load)
    try:
        second = server.submit(Submission(principal, envelope=_late_notification(world, kor, 2)))
        assert folding.wait(30)  # the evaluator is folding the store
        during = server.submit_async(
            Submission(principal, envelope=_late_notification(world, kor, 3))
        )
        third = during.result(20)  # written and acknowledged while the fold goes on
        assert not release.is_set()
        release.set()
        assert server.wait_evaluated(third, timeout=60)
        assert _late_findings_on(world, {ack.record_id, second.record_id, third.record_id}) == 3
    finally:
        release.set()
        server.close()
