"""The state of meetings, proposals, votes and decisions, folded from their records in log
order: pure, shared by the projection (obligations) and the service (pages).

A proposal is a *draft* until tabled at a meeting, *tabled* while members vote, *decided*
once the secretariat closes the vote (the outcome computed by :func:`.kernel.decide` from
the last vote of each member cast while it was tabled), or *withdrawn* by its sponsor
before that. An adopted proposal of a binding body is a *decision* with a number
(``COUNCIL-2026-342``) and its implementation tasks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from cosec.kit import StoredRecord, payload_of
from cosec.mechanisms.decisions.bodies import Body
from cosec.mechanisms.decisions.kernel import Tally, decide
from cosec.mechanisms.decisions.records import (
    Closing,
    Meeting,
    Proposal,
    Tabling,
    TaskDone,
    Vote,
    Withdrawal,
)
from cosec.mechanisms.decisions.regime import DecisionsRegime

STATUSES = ("draft", "tabled", "decided", "withdrawn")


def decision_number(body: str, year: int, proposal_id: int) -> str:
    """``COUNCIL-2026-342``: the body, the year it was adopted, the proposal's record id.

    It rests on nothing but the decision itself, so every reader (whatever else they may
    read) and every evaluation, whole or incremental, give it the same number.
    """
    return f"{body.upper()}-{year}-{proposal_id}"


@dataclass(frozen=True, slots=True)
class Cast:
    """A vote as logged."""

    member: str
    vote: str
    representative: str
    record_id: int
    at: datetime
    counted: bool = True
    why_not: str = ""


@dataclass(slots=True)
class MeetingState:
    """A meeting and the proposals tabled at it."""

    id: int
    meeting: Meeting
    at: datetime
    proposals: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Done:
    """A task reported carried out."""

    done_on: date
    record_id: int
    at: datetime
    note: str


@dataclass(slots=True)
class ProposalState:
    """A proposal and everything that followed it."""

    id: int
    sponsor: str
    at: datetime
    proposal: Proposal
    binding: bool
    meeting_id: int | None = None
    tabled_at: datetime | None = None
    votes: dict[str, Cast] = field(default_factory=dict)
    """Each member's counted vote (its last while tabled)."""
    history: list[Cast] = field(default_factory=list)
    """Every vote logged, counted or not."""
    closed_at: datetime | None = None
    close_id: int | None = None
    tally: Tally | None = None
    withdrawn_at: datetime | None = None
    withdraw_id: int | None = None
    number: str | None = None
    done: dict[int, Done] = field(default_factory=dict)
    grace_days: int = 0

    @property
    def status(self) -> str:
        """draft, tabled, decided or withdrawn."""
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.closed_at is not None:
            return "decided"
        return "tabled" if self.tabled_at is not None else "draft"

    @property
    def adopted(self) -> bool:
        """Whether it was decided and adopted."""
        return self.tally is not None and self.tally.outcome == "adopted"

    @property
    def is_decision(self) -> bool:
        """An adopted proposal of a binding body: on the register, its tasks owed."""
        return self.adopted and self.binding

    def deadline(self, n: int) -> datetime:
        """When task ``n`` (from 1) falls overdue: the end of its due day plus the grace."""
        due = self.proposal.tasks[n - 1].due + timedelta(days=self.grace_days + 1)
        return datetime.combine(due, time.min, tzinfo=UTC)

    def live_tally(self, body: Body | None) -> Tally | None:
        """The outcome so far (the final one once decided), when the body is known."""
        if self.tally is not None or body is None or body.rule is None or not body.members:
            return self.tally
        votes = {m: c.vote for m, c in self.votes.items() if m in body.members}
        rule = self.proposal.rule or body.rule
        return decide(rule, body.members, votes, self.proposal.parties)


class Fold:
    """Meetings and proposals by id, updated one record at a time."""

    def __init__(self, regime_for: Callable[[str | None], DecisionsRegime]) -> None:
        self.regime_for = regime_for
        self.meetings: dict[int, MeetingState] = {}
        self.proposals: dict[int, ProposalState] = {}

    def apply(self, record: StoredRecord) -> int | None:
        """Take in one record; the id of the proposal it changes (``None``: none)."""
        kind = record.kind
        if kind == "decisions.meeting":
            m = payload_of(Meeting, record)
            if m is not None:
                self.meetings[record.id] = MeetingState(record.id, m, record.submitted_at)
            return None
        if kind == "decisions.proposal":
            return self._proposal(record)
        handlers: Mapping[str, Callable[[StoredRecord], int | None]] = {
            "decisions.table": self._table,
            "decisions.vote": self._vote,
            "decisions.close": self._close,
            "decisions.withdraw": self._withdraw,
            "decisions.task_done": self._task_done,
        }
        handler = handlers.get(kind)
        return handler(record) if handler is not None else None

    def _proposal(self, record: StoredRecord) -> int | None:
        p = payload_of(Proposal, record)
        if p is None:
            return None
        regime = self.regime_for(record.charter_version)
        state = ProposalState(
            record.id,
            record.submitter,
            record.submitted_at,
            p,
            binding=p.body in regime.binding_bodies,
            grace_days=regime.task_grace_days,
        )
        self.proposals[record.id] = state
        if p.meeting_id is not None:
            self._put_on(state, p.meeting_id, record.submitted_at)
        return record.id

    def _put_on(self, state: ProposalState, meeting_id: int, at: datetime) -> None:
        state.meeting_id, state.tabled_at = meeting_id, at
        meeting = self.meetings.get(meeting_id)
        if meeting is not None and state.id not in meeting.proposals:
            meeting.proposals.append(state.id)

    def _open(self, record: StoredRecord, proposal_id: int) -> ProposalState | None:
        state = self.proposals.get(proposal_id)
        return state if state is not None and record.submitted_at >= state.at else None

    def _table(self, record: StoredRecord) -> int | None:
        t = payload_of(Tabling, record)
        state = self._open(record, t.proposal_id) if t is not None else None
        if t is None or state is None or state.status != "draft":
            return None
        self._put_on(state, t.meeting_id, record.submitted_at)
        return state.id

    def _vote(self, record: StoredRecord) -> int | None:
        v = payload_of(Vote, record)
        state = self._open(record, v.proposal_id) if v is not None else None
        if v is None or state is None:
            return None
        why = {
            "draft": "cast before the proposal was tabled",
            "decided": "cast after the vote closed",
            "withdrawn": "cast after the proposal was withdrawn",
        }.get(state.status, "")
        cast = Cast(
            record.submitter,
            v.vote,
            v.representative,
            record.id,
            record.submitted_at,
            counted=not why,
            why_not=why,
        )
        state.history.append(cast)
        if not why:
            state.votes[record.submitter] = cast
        return state.id

    def _close(self, record: StoredRecord) -> int | None:
        c = payload_of(Closing, record)
        state = self._open(record, c.proposal_id) if c is not None else None
        if c is None or state is None or state.status != "tabled":
            return None
        votes = {m: cast.vote for m, cast in state.votes.items() if m in c.members}
        state.tally = decide(c.rule, c.members, votes, state.proposal.parties)
        state.closed_at, state.close_id = record.submitted_at, record.id
        if state.is_decision:
            state.number = decision_number(state.proposal.body, record.submitted_at.year, state.id)
        return state.id

    def _withdraw(self, record: StoredRecord) -> int | None:
        w = payload_of(Withdrawal, record)
        state = self._open(record, w.proposal_id) if w is not None else None
        if w is None or state is None or state.status not in ("draft", "tabled"):
            return None
        state.withdrawn_at, state.withdraw_id = record.submitted_at, record.id
        return state.id

    def _task_done(self, record: StoredRecord) -> int | None:
        d = payload_of(TaskDone, record)
        state = self._open(record, d.proposal_id) if d is not None else None
        if d is None or state is None or d.task > len(state.proposal.tasks):
            return None
        if state.proposal.tasks[d.task - 1].member != record.submitter or d.task in state.done:
            return None
        state.done[d.task] = Done(d.done_on, record.id, record.submitted_at, d.note)
        return state.id
