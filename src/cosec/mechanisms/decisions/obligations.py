"""The obligation of binding decisions: each task carried out by its deadline (pure).

A decision of a binding body, once adopted, gives each task's member a deadline (its due
day, plus the charter's grace). A task not reported carried out by then is
``task_overdue``; one reported after it is ``task_late``. Subjects: ``P12`` (proposal 12),
one finding per task (``aspect`` ``task1``...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.decisions.fold import ProposalState


def proposal_subject(proposal_id: int) -> str:
    """``P12``: the subject of a proposal and its decision's tasks."""
    return f"P{proposal_id}"


@dataclass(frozen=True)
class DecisionsContext:
    """The decisions judged, as of a time."""

    as_of: datetime
    decisions: Sequence[ProposalState]
    member_name: Callable[[str], str]


def check_implementation(ctx: DecisionsContext) -> Iterator[FindingDraft]:
    """``decisions.implementation``: every task of a binding decision done by its deadline."""
    for d in ctx.decisions:
        if not d.is_decision:
            continue
        for n, task in enumerate(d.proposal.tasks, start=1):
            deadline = d.deadline(n)
            done = d.done.get(n)
            who = ctx.member_name(task.member)
            base = {
                "decision": d.number,
                "task": n,
                "what": task.what,
                "due": task.due.isoformat(),
            }
            evidence = tuple(i for i in (d.id, d.close_id) if i is not None)
            if done is None and ctx.as_of >= deadline:
                yield FindingDraft(
                    obligation="decisions.implementation",
                    flag="task_overdue",
                    severity=Severity.MEDIUM,
                    members=(task.member,),
                    subjects=(proposal_subject(d.id),),
                    aspect=f"task{n}",
                    evidence=evidence,
                    summary=f"{who} has not reported task {n} of decision {d.number} "
                    f"(“{task.what}”) carried out; it was due on {task.due:%d %B %Y}.",
                    details=base,
                )
            elif done is not None and done.at >= deadline:
                yield FindingDraft(
                    obligation="decisions.implementation",
                    flag="task_late",
                    severity=Severity.LOW,
                    members=(task.member,),
                    subjects=(proposal_subject(d.id),),
                    aspect=f"task{n}",
                    evidence=(*evidence, done.record_id),
                    summary=f"{who} reported task {n} of decision {d.number} (“{task.what}”) "
                    f"carried out on {done.at:%d %B %Y}, after its deadline of "
                    f"{task.due:%d %B %Y}.",
                    details=base | {"reported_at": done.at.isoformat()},
                )
