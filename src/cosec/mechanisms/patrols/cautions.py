"""What a person must confirm before signing a patrol record (shown on its review page,
checked again when it is signed):

- a plan of a patrol whose first day is already past, or much like one the member sent
  (its own plans of the same days);
- a report of a patrol already reported (by anyone): it stands beside the first;
- a case much like one the member shared (its own cases within an hour and about a
  kilometre of it).

Each duplicate check reads the member's own records of the kind (an indexed query on the
submitter), at most :data:`MAX_CANDIDATES`, or the records that follow one plan.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from cosec.kit import Principal
from cosec.kit.cautions import Caution
from cosec.mechanisms.patrols import records as r
from cosec.plugin.store import Deployment, Item, list_visible, stored_payload

MAX_CANDIDATES = 200
NEAR_DEGREES = 0.01
"""About a kilometre: two cases this close, within an hour, are likely the same."""


def _parsed(model: type[BaseModel], item: Item) -> BaseModel | None:
    payload = item.payload
    if isinstance(payload, BaseModel):
        payload = payload.model_dump(mode="json")
    try:
        return model.model_validate(payload)
    except ValidationError:
        return None


def cautions(
    session: Session, deployment: Deployment, principal: Principal, item: Item, now: datetime
) -> list[Caution]:
    """The cautions for ``item``, a record about to be signed by ``principal``."""
    me = principal.submitter or ""
    charter = deployment.current
    if item.kind == "patrols.plan":
        plan = _parsed(r.PatrolPlan, item)
        if not isinstance(plan, r.PatrolPlan):
            return []
        out = []
        if plan.start < now.date():
            out.append(
                Caution(
                    "past_start",
                    f"The patrol's first day, {plan.start:%d %B %Y}, is past: its report "
                    f"will be due by the deadline counted from {plan.end:%d %B %Y}.",
                )
            )
        rows = list_visible(
            session,
            principal,
            charter,
            kinds=["patrols.plan"],
            submitter=me,
            limit=MAX_CANDIDATES,
            newest_first=True,
        )
        for row in rows:
            other = stored_payload(r.PatrolPlan, row)
            if other is not None and (other.start, other.end) == (plan.start, plan.end):
                out.append(
                    Caution(
                        f"duplicate:{row.id}",
                        f"You planned “{other.title}” (record {row.id}) for the same days.",
                    )
                )
        return out
    if item.kind == "patrols.report":
        report = _parsed(r.PatrolReport, item)
        if not isinstance(report, r.PatrolReport):
            return []
        rows = list_visible(
            session, principal, charter, kinds=["patrols.report"], refers_to=report.plan_id
        )
        return [
            Caution(
                f"reported:{row.id}",
                f"{row.submitter} already reported this patrol (record {row.id}); yours will "
                "stand beside it.",
            )
            for row in rows[:1]
        ]
    if item.kind == "patrols.case":
        case = _parsed(r.LawEnforcementCase, item)
        if not isinstance(case, r.LawEnforcementCase):
            return []
        rows = list_visible(
            session,
            principal,
            charter,
            kinds=["patrols.case"],
            submitter=me,
            since=case.occurred_at - timedelta(days=30),
            limit=MAX_CANDIDATES,
        )
        out = []
        for row in rows:
            seen = stored_payload(r.LawEnforcementCase, row)
            if (
                seen is not None
                and abs(seen.occurred_at - case.occurred_at) <= timedelta(hours=1)
                and abs(seen.lat - case.lat) <= NEAR_DEGREES
                and abs(seen.lon - case.lon) <= NEAR_DEGREES
            ):
                out.append(
                    Caution(
                        f"duplicate:{row.id}",
                        f"You shared “{seen.title}” (record {row.id}), within an hour and a "
                        "kilometre of this one.",
                    )
                )
        return out
    return []
