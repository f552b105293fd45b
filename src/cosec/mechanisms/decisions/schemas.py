"""JSON shapes of /v1/decisions."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from cosec.mechanisms.decisions.bodies import Body
from cosec.mechanisms.decisions.fold import MeetingState
from cosec.mechanisms.decisions.regime import DecisionsRegime
from cosec.mechanisms.decisions.service import ProposalView, TaskView


class BodyOut(BaseModel):
    """A body of the charter as it decides."""

    id: str
    name: str
    kind: str
    members: list[str]
    rule: str | None
    quorum: int
    chair: str | None
    chair_this_year: str | None
    binding: bool
    mandate: str

    @classmethod
    def of(cls, b: Body, regime: DecisionsRegime, year: int) -> BodyOut:
        return cls(
            id=b.id,
            name=b.name,
            kind=b.kind,
            members=list(b.members),
            rule=b.rule,
            quorum=b.quorum,
            chair=b.chair,
            chair_this_year=b.chair_in(regime, year),
            binding=b.binding,
            mandate=b.mandate,
        )


class VoteOut(BaseModel):
    """A vote as logged."""

    member: str
    vote: str
    representative: str
    record_id: int
    at: datetime
    counted: bool
    why_not: str


class TallyOut(BaseModel):
    """The outcome and its figures (as ``cosec decisions assess`` prints them)."""

    outcome: str
    yes: int
    no: int
    abstain: int
    present: int
    members: int
    quorum: int
    rule: str
    final: bool


class TaskOut(BaseModel):
    """An implementation task and its status."""

    n: int
    member: str
    what: str
    due: date
    status: str
    done_on: date | None
    reported_at: datetime | None

    @classmethod
    def of(cls, t: TaskView) -> TaskOut:
        return cls(**t.__dict__)


class ProposalOut(BaseModel):
    """A proposal, its status, its votes and its tally."""

    id: int
    body: str
    title: str
    text: str
    sponsor: str
    submitted_at: datetime
    rule: str
    parties: list[str]
    status: str
    meeting_id: int | None
    tally: TallyOut | None
    decision: str | None
    votes: list[VoteOut]
    tasks: list[TaskOut]

    @classmethod
    def of(cls, v: ProposalView, tasks: list[TaskView]) -> ProposalOut:
        s, t = v.state, v.tally
        return cls(
            id=s.id,
            body=s.proposal.body,
            title=s.proposal.title,
            text=s.proposal.text,
            sponsor=s.sponsor,
            submitted_at=s.at,
            rule=v.rule,
            parties=list(s.proposal.parties),
            status=s.status,
            meeting_id=s.meeting_id,
            tally=None
            if t is None
            else TallyOut(
                outcome=t.outcome,
                yes=t.yes,
                no=t.no,
                abstain=t.abstain,
                present=t.present,
                members=t.members,
                quorum=t.quorum,
                rule=t.rule,
                final=s.tally is not None,
            ),
            decision=s.number,
            votes=[VoteOut.model_validate(c, from_attributes=True) for c in s.history],
            tasks=[TaskOut.of(x) for x in tasks],
        )


class MeetingOut(BaseModel):
    """A meeting, its agenda and the proposals tabled at it."""

    id: int
    body: str
    title: str
    opens_on: date
    closes_on: date | None
    place: str
    agenda: list[str]
    chair: str | None
    proposals: list[int]

    @classmethod
    def of(cls, m: MeetingState, chair: str | None) -> MeetingOut:
        p = m.meeting
        return cls(
            id=m.id,
            body=p.body,
            title=p.title,
            opens_on=p.opens_on,
            closes_on=p.closes_on,
            place=p.place,
            agenda=list(p.agenda),
            chair=chair,
            proposals=list(m.proposals),
        )
