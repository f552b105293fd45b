"""Record kinds of the bodies' decisions.

The secretariat convenes a meeting of a body with its agenda (``decisions.meeting``). A
member or the secretariat drafts a proposal naming its body, its rule (else the body's),
its parties and, for a binding decision, its implementation tasks: who, what, by when
(``decisions.proposal``). A proposal is tabled at a meeting (``meeting_id`` at once, or a
later ``decisions.table``); each member of the body votes through its representative
(``decisions.vote``: the last vote before the close counts); the secretariat closes the
vote (``decisions.close``) and the outcome is computed by the rules, never declared. The
sponsor may withdraw a proposal not yet decided (``decisions.withdraw``). A member reports
a task carried out (``decisions.task_done``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from cosec.kit import (
    LongText,
    MemberCode,
    Name,
    RecordDate,
    RecordId,
    RecordModel,
    RequiredName,
    RequiredText,
    Text,
)
from cosec.mechanisms.decisions.regime import Rule

BodyId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=60)]
VoteValue = Literal["yes", "no", "abstain"]


class Meeting(RecordModel):
    """``decisions.meeting``: a meeting of a body, with its agenda."""

    body: BodyId
    title: RequiredName
    opens_on: RecordDate
    closes_on: RecordDate | None = None
    place: Name = ""
    agenda: Annotated[tuple[RequiredText, ...], Field(max_length=50)] = ()


class Task(RecordModel):
    """An implementation task of a decision: who, what, by when."""

    member: MemberCode
    what: RequiredText
    due: RecordDate


class Proposal(RecordModel):
    """``decisions.proposal``: a draft decision of a body."""

    body: BodyId
    title: RequiredName
    text: LongText = ""
    rule: Rule | None = None
    """Its own rule; none: the body's."""
    parties: Annotated[tuple[MemberCode, ...], Field(max_length=50)] = ()
    """The states it concerns (whose objections do not count under consensus minus the
    parties)."""
    meeting_id: RecordId | None = None
    """Tabled at this meeting at once; none: a draft until tabled."""
    tasks: Annotated[tuple[Task, ...], Field(max_length=50)] = ()


class Tabling(RecordModel):
    """``decisions.table``: a draft proposal put on a meeting's agenda."""

    proposal_id: RecordId
    meeting_id: RecordId


class Vote(RecordModel):
    """``decisions.vote``: a member's vote, signed for its representative."""

    proposal_id: RecordId
    vote: VoteValue
    representative: RequiredName
    """Who cast it: ``Minister for Foreign Affairs``."""


class Closing(RecordModel):
    """``decisions.close``: the vote on a tabled proposal is closed; the rules decide.

    It states the body's members and the rule the vote is counted under, as the charter
    sets them when it closes (the pipeline refuses any other): a later charter with another
    membership never changes an outcome.
    """

    proposal_id: RecordId
    members: Annotated[tuple[MemberCode, ...], Field(min_length=1, max_length=200)]
    rule: Rule
    note: Text = ""


class Withdrawal(RecordModel):
    """``decisions.withdraw``: the sponsor withdraws a proposal not yet decided."""

    proposal_id: RecordId
    reason: Text = ""


class TaskDone(RecordModel):
    """``decisions.task_done``: a member reports one of its tasks carried out."""

    proposal_id: RecordId
    task: Annotated[int, Field(ge=1, le=50, strict=True)]
    """The task's number on the decision (1 for the first)."""
    done_on: RecordDate
    note: Text = ""
