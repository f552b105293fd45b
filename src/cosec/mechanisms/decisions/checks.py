"""The rules a decisions record must meet beyond its schema, checked before it is signed:
the body exists and decides, parties, tasks and voters are its members, a meeting is of
the proposal's body, a close states the membership and rule the charter sets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cosec.kit import SECRETARIAT, FieldError, StoredRecord, SubmissionCheck, payload_of
from cosec.mechanisms.decisions import records as r
from cosec.mechanisms.decisions.bodies import Body, bodies, regime_of


def _body(
    check: SubmissionCheck[Any], body_id: str, loc: str
) -> tuple[Body | None, list[FieldError]]:
    body = bodies(check.charter, regime_of(check.charter)).get(body_id)
    if body is None:
        return None, [FieldError(loc, f"{body_id!r} is not a body of {check.charter.id}")]
    return body, []


def _proposal(check: SubmissionCheck[Any]) -> r.Proposal | None:
    ref = check.referenced
    return payload_of(r.Proposal, ref) if ref is not None else None


def _meeting(check: SubmissionCheck[Any], meeting_id: int, body: str) -> Iterator[FieldError]:
    ref: StoredRecord | None = check.record(meeting_id)
    meeting = (
        payload_of(r.Meeting, ref) if ref is not None and ref.kind == "decisions.meeting" else None
    )
    if meeting is None:
        yield FieldError("payload.meeting_id", "must be a meeting you can read")
    elif meeting.body != body:
        yield FieldError(
            "payload.meeting_id", f"is a meeting of the {meeting.body}, not the {body}"
        )


def check_meeting(check: SubmissionCheck[r.Meeting]) -> Iterator[FieldError]:
    """A meeting of a body of the charter, ending no earlier than it opens."""
    p = check.payload
    _, errors = _body(check, p.body, "payload.body")
    yield from errors
    if p.closes_on is not None and p.closes_on < p.opens_on:
        yield FieldError("payload.closes_on", "must be on or after opens_on")


def check_proposal(check: SubmissionCheck[r.Proposal]) -> Iterator[FieldError]:
    """A proposal to a body that decides, by a member of it (or the secretariat), whose
    parties and tasks' members are members of the body."""
    p = check.payload
    body, errors = _body(check, p.body, "payload.body")
    yield from errors
    if body is None:
        return
    if p.rule is None and body.rule is None:
        yield FieldError(
            "payload.rule", f"the {body.name} takes no decisions unless a rule is named"
        )
    members = set(body.members)
    if check.submitter != SECRETARIAT and check.submitter not in members:
        yield FieldError("payload.body", f"{check.submitter} is not a member of the {body.id}")
    for i, code in enumerate(p.parties):
        if code not in members:
            yield FieldError(f"payload.parties[{i}]", f"{code} is not a member of the {body.id}")
    for i, task in enumerate(p.tasks):
        if task.member not in members:
            yield FieldError(
                f"payload.tasks[{i}].member", f"{task.member} is not a member of the {body.id}"
            )
    if p.meeting_id is not None:
        yield from _meeting(check, p.meeting_id, p.body)


def check_table(check: SubmissionCheck[r.Tabling]) -> Iterator[FieldError]:
    """A proposal is tabled at a meeting of its own body."""
    proposal = _proposal(check)
    if proposal is not None:
        yield from _meeting(check, check.payload.meeting_id, proposal.body)


def check_vote(check: SubmissionCheck[r.Vote]) -> Iterator[FieldError]:
    """Only a member of the proposal's body votes."""
    proposal = _proposal(check)
    if proposal is None:
        return
    body, errors = _body(check, proposal.body, "payload.proposal_id")
    yield from errors
    if body is not None and check.submitter not in body.members:
        yield FieldError(
            "payload.proposal_id",
            f"{check.submitter} is not a member of the {body.id}, which votes on it",
        )


def check_close(check: SubmissionCheck[r.Closing]) -> Iterator[FieldError]:
    """A close states the body's members and the rule as the charter sets them now."""
    proposal = _proposal(check)
    if proposal is None:
        return
    body, errors = _body(check, proposal.body, "payload.proposal_id")
    yield from errors
    if body is None:
        return
    if sorted(check.payload.members) != sorted(body.members):
        yield FieldError(
            "payload.members", f"must be the {body.id}'s members: {' '.join(body.members)}"
        )
    rule = proposal.rule or body.rule
    if check.payload.rule != rule:
        yield FieldError("payload.rule", f"must be {rule}, the proposal's rule")


def check_withdraw(check: SubmissionCheck[r.Withdrawal]) -> Iterator[FieldError]:
    """Only the sponsor (or the secretariat) withdraws a proposal."""
    ref = check.referenced
    if ref is not None and check.submitter not in (ref.submitter, SECRETARIAT):
        yield FieldError(
            "payload.proposal_id", f"was proposed by {ref.submitter}: only it withdraws it"
        )


def check_task_done(check: SubmissionCheck[r.TaskDone]) -> Iterator[FieldError]:
    """A member reports only its own task of the decision."""
    proposal = _proposal(check)
    if proposal is None:
        return
    n = check.payload.task
    if n > len(proposal.tasks):
        yield FieldError("payload.task", f"the decision has {len(proposal.tasks)} task(s)")
    elif proposal.tasks[n - 1].member != check.submitter:
        yield FieldError("payload.task", f"is {proposal.tasks[n - 1].member}'s task, not yours")
