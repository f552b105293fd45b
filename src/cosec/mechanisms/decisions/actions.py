"""What the bodies' decisions ask of a member next, for the inbox and alerts:

- a proposal tabled before a body it sits in, on which it has not voted (no deadline: the
  vote closes when the secretariat closes it);
- a task of a binding decision that is its own and not yet reported carried out, due at
  the end of its day plus the charter's grace.

Read through the caller's visibility (one query on the decisions' records, folded), so the
secretariat sees every member's actions and a member only its own. Nothing here writes.
"""

from __future__ import annotations

from datetime import datetime

from cosec.kit import SECRETARIAT, Action, Principal, Role
from cosec.mechanisms.decisions import service
from cosec.mechanisms.decisions.bodies import bodies
from cosec.plugin.store import Deployment, Session


def actions(
    session: Session, deployment: Deployment, principal: Principal, now: datetime
) -> list[Action]:
    """The open actions of ``principal``'s member (every member's for the secretariat)."""
    if principal.role not in (Role.MEMBER, Role.SECRETARIAT):
        return []
    me = principal.submitter or ""
    f = service.fold(session, deployment=deployment, principal=principal)
    known = bodies(deployment.current)
    out: list[Action] = []
    for p in f.proposals.values():
        body = known.get(p.proposal.body)
        if p.status == "tabled" and body is not None and body.rule is not None:
            for member in body.members:
                if member in p.votes or (me != SECRETARIAT and member != me):
                    continue
                out.append(
                    Action(
                        key=f"vote:{p.id}:{member}",
                        member=member,
                        title=f"Vote on proposal {p.id}, “{p.proposal.title}”, "
                        f"before the {body.name}",
                        href=f"/decisions/proposals/{p.id}",
                        kind="vote",
                        since=p.tabled_at,
                    )
                )
        if not p.is_decision:
            continue
        for n, task in enumerate(p.proposal.tasks, start=1):
            if n in p.done or (me != SECRETARIAT and task.member != me):
                continue
            out.append(
                Action(
                    key=f"task:{p.id}:{n}",
                    member=task.member,
                    title=f"Carry out task {n} of decision {p.number}: {task.what}",
                    href=f"/decisions/proposals/{p.id}",
                    due=p.deadline(n),
                    kind="task",
                    since=p.closed_at,
                )
            )
    return out
