"""What the annual exchange asks of a member next, for the inbox and alerts: last year's
return of arms transfers (due 31 May) and report of military expenditure (due 30 April),
while not yet sent. Read through the caller's visibility; nothing here writes."""

from __future__ import annotations

from datetime import datetime

from cosec.kit import Action, Principal, Role
from cosec.mechanisms.arms.regime import ArmsRegime
from cosec.plugin.store import Deployment, Session, list_visible

MECHANISM = "arms"


def actions(
    session: Session, deployment: Deployment, principal: Principal, now: datetime
) -> list[Action]:
    """The open actions of ``principal``'s member (every member's for the secretariat)."""
    charter = deployment.current
    regime = charter.regime(MECHANISM)
    if principal.role not in (Role.MEMBER, Role.SECRETARIAT) or not isinstance(regime, ArmsRegime):
        return []
    members = charter.regime_members(MECHANISM) or ()
    if principal.role is Role.MEMBER:
        members = tuple(m for m in members if m == principal.member)
    year = now.year - 1
    if deployment.versions[0].effective_from > (regime.due(year) or now).date():
        return []
    sent = {
        (row.kind, row.submitter)
        for row in list_visible(
            session,
            principal,
            charter,
            kinds=["arms.return", "arms.expenditure"],
            since=datetime(year + 1, 1, 1, tzinfo=now.tzinfo),
        )
        if row.payload.get("year") == year
    }
    out = []
    for member in members:
        for kind, what, path, word in (
            ("arms.return", "return", "/arms/returns/new", "return of arms transfers"),
            (
                "arms.expenditure",
                "expenditure",
                "/arms/expenditures/new",
                "report of military expenditure",
            ),
        ):
            due = regime.due(year, what)
            if due is None or (kind, member) in sent:
                continue
            out.append(
                Action(
                    key=f"{what}:{member}:{year}",
                    member=member,
                    title=f"Send {charter.member_name(member)}'s {word} for {year}",
                    href=path,
                    due=due,
                    kind="return",
                    since=datetime(year + 1, 1, 1, tzinfo=due.tzinfo),
                )
            )
    return out
