"""Use cases and views of the decisions for the interfaces, read through visibility: the
bodies and their chairs, meetings, proposals with their tallies, the register of binding
decisions with each task's status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cosec.kit import Conflict, InvalidInput, NotFound
from cosec.mechanisms.decisions.bodies import Body, bodies, regime_of, schedule
from cosec.mechanisms.decisions.fold import Fold, MeetingState, ProposalState
from cosec.mechanisms.decisions.kernel import Tally
from cosec.mechanisms.decisions.regime import DecisionsRegime
from cosec.plugin.store import Deployment, Principal, Session, get_visible, list_visible

KINDS = (
    "decisions.meeting",
    "decisions.proposal",
    "decisions.table",
    "decisions.vote",
    "decisions.close",
    "decisions.withdraw",
    "decisions.task_done",
)
TASK_STATUSES = ("open", "overdue", "done", "done late")


def regime_for(deployment: Deployment) -> Any:
    """The decisions regime of a charter version (the current one's when unknown)."""
    by_version = {c.version: regime_of(c) for c in deployment.versions}
    current = regime_of(deployment.current)
    return lambda version: by_version.get(version or "", current)


def fold(session: Session, *, deployment: Deployment, principal: Principal) -> Fold:
    """Every decisions record the principal may read, folded in log order."""
    f = Fold(regime_for(deployment))
    for row in list_visible(session, principal, deployment.current, kinds=KINDS):
        f.apply(row)
    return f


@dataclass(frozen=True)
class ProposalView:
    """A proposal with its body, meeting and tally (live while tabled)."""

    state: ProposalState
    body: Body | None
    meeting: MeetingState | None
    tally: Tally | None

    @property
    def id(self) -> int:
        return self.state.id

    @property
    def rule(self) -> str:
        """The rule it is decided by."""
        if self.state.tally is not None:
            return self.state.tally.rule
        own = self.state.proposal.rule
        return own or (self.body.rule if self.body is not None and self.body.rule else "")

    @property
    def outcome(self) -> str:
        """adopted, rejected, no_quorum once decided; else its status."""
        return self.state.tally.outcome if self.state.tally is not None else self.state.status


@dataclass(frozen=True)
class TaskView:
    """One implementation task and where it stands."""

    n: int
    member: str
    what: str
    due: Any
    status: str
    done_on: Any = None
    reported_at: datetime | None = None


def task_views(state: ProposalState, now: datetime) -> list[TaskView]:
    """A decision's tasks: done, done late, overdue or open as of ``now``."""
    out = []
    for n, task in enumerate(state.proposal.tasks, start=1):
        done, deadline = state.done.get(n), state.deadline(n)
        if done is not None:
            status = "done late" if done.at >= deadline else "done"
        else:
            status = "overdue" if now >= deadline and state.is_decision else "open"
        out.append(
            TaskView(
                n,
                task.member,
                task.what,
                task.due,
                status,
                done.done_on if done else None,
                done.at if done else None,
            )
        )
    return out


def view(f: Fold, known: dict[str, Body], state: ProposalState) -> ProposalView:
    """A proposal's view."""
    body = known.get(state.proposal.body)
    meeting = f.meetings.get(state.meeting_id) if state.meeting_id is not None else None
    counted = state.status in ("tabled", "decided")
    return ProposalView(state, body, meeting, state.live_tally(body) if counted else None)


def list_proposals(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    status: str | None = None,
    body: str | None = None,
) -> list[ProposalView]:
    """Proposals the principal may read, newest first, filtered."""
    f = fold(session, deployment=deployment, principal=principal)
    known = bodies(deployment.current)
    return [
        view(f, known, p)
        for p in sorted(f.proposals.values(), key=lambda p: p.id, reverse=True)
        if (status is None or p.status == status or (status == "adopted" and p.adopted))
        and (body is None or p.proposal.body == body)
    ]


def get_proposal(
    session: Session, *, deployment: Deployment, principal: Principal, proposal_id: int
) -> tuple[ProposalView, Fold]:
    """One proposal the principal may read (NotFound otherwise), folded from its own
    records only: the proposal, its meeting, and what follows it."""
    charter = deployment.current
    row = get_visible(session, principal, charter, proposal_id)
    if row is None or row.kind != "decisions.proposal":
        raise NotFound(f"no proposal {proposal_id}")
    f = Fold(regime_for(deployment))
    follows = list_visible(session, principal, charter, kinds=KINDS, refers_to=proposal_id)
    meeting_ids = {row.payload.get("meeting_id")} | {
        r.payload.get("meeting_id") for r in follows if r.kind == "decisions.table"
    }
    for mid in sorted(m for m in meeting_ids if isinstance(m, int)):
        meeting = get_visible(session, principal, charter, mid)
        if meeting is not None and meeting.kind == "decisions.meeting":
            f.apply(meeting)
    f.apply(row)
    for r in follows:
        f.apply(r)
    state = f.proposals.get(proposal_id)
    if state is None:
        raise NotFound(f"no proposal {proposal_id}")
    return view(f, bodies(charter), state), f


def meetings(
    session: Session, *, deployment: Deployment, principal: Principal
) -> list[tuple[MeetingState, list[ProposalView]]]:
    """Meetings with the proposals tabled at them, newest first."""
    f = fold(session, deployment=deployment, principal=principal)
    known = bodies(deployment.current)
    return [
        (m, [view(f, known, f.proposals[i]) for i in m.proposals if i in f.proposals])
        for m in sorted(f.meetings.values(), key=lambda m: (m.meeting.opens_on, m.id), reverse=True)
    ]


def register(
    session: Session, *, deployment: Deployment, principal: Principal, now: datetime
) -> list[tuple[ProposalView, list[TaskView]]]:
    """The register of binding decisions, newest first, each with its tasks' status."""
    f = fold(session, deployment=deployment, principal=principal)
    known = bodies(deployment.current)
    decided = [p for p in f.proposals.values() if p.is_decision]
    decided.sort(key=lambda p: (p.closed_at, p.id), reverse=True)
    return [(view(f, known, p), task_views(p, now)) for p in decided]


def close_payload(
    session: Session, *, deployment: Deployment, principal: Principal, proposal_id: int, note: str
) -> dict[str, Any]:
    """The ``decisions.close`` payload of a tabled proposal: its body's members and rule as
    the charter sets them now (Conflict when it is not tabled)."""
    v, _ = get_proposal(
        session, deployment=deployment, principal=principal, proposal_id=proposal_id
    )
    if v.state.status != "tabled":
        raise Conflict(f"proposal {proposal_id} is {v.state.status}: only a tabled one is closed")
    if v.body is None:
        raise InvalidInput.field("payload.proposal_id", "its body is not in the charter")
    return {
        "proposal_id": proposal_id,
        "members": list(v.body.members),
        "rule": v.rule,
        "note": note,
    }


def must_be(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    proposal_id: int,
    statuses: tuple[str, ...],
    doing: str,
) -> ProposalView:
    """The proposal, if its status is one of ``statuses`` (Conflict otherwise: ``doing`` it
    would be logged for nothing)."""
    v, _ = get_proposal(
        session, deployment=deployment, principal=principal, proposal_id=proposal_id
    )
    if v.state.status not in statuses:
        raise Conflict(f"proposal {proposal_id} is {v.state.status}: it cannot be {doing}")
    return v


def must_be_tabled(
    session: Session, *, deployment: Deployment, principal: Principal, proposal_id: int
) -> ProposalView:
    """The proposal, if it is open to votes (Conflict otherwise: a vote would not count)."""
    return must_be(
        session,
        deployment=deployment,
        principal=principal,
        proposal_id=proposal_id,
        statuses=("tabled",),
        doing="voted on",
    )


GUARDS: dict[str, tuple[tuple[str, ...], str]] = {
    "decisions.vote": (("tabled",), "voted on"),
    "decisions.table": (("draft",), "tabled"),
    "decisions.withdraw": (("draft", "tabled"), "withdrawn"),
    "decisions.task_done": (("decided",), "reported on"),
}
"""The statuses a proposal must have for a record that follows it to count."""


def guard(
    session: Session, *, deployment: Deployment, principal: Principal, kind: str, proposal_id: int
) -> None:
    """Refuse (Conflict) a record that would follow a proposal in the wrong status, or a
    task report on a proposal that is not a binding decision."""
    rule = GUARDS.get(kind)
    if rule is None:
        return
    v = must_be(
        session,
        deployment=deployment,
        principal=principal,
        proposal_id=proposal_id,
        statuses=rule[0],
        doing=rule[1],
    )
    if kind == "decisions.task_done" and not v.state.is_decision:
        raise Conflict(f"proposal {proposal_id} is not a binding decision: it has no tasks owed")


def chair_schedule(regime: DecisionsRegime, first: int, last: int) -> list[tuple[int, str | None]]:
    """``(year, chair)`` of the rotating chair."""
    return schedule(regime, first, last)


def body_list(deployment: Deployment) -> Sequence[Body]:
    """The bodies of the charter in force."""
    return list(bodies(deployment.current).values())
