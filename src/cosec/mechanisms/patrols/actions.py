"""Joint patrols' open actions for the inbox: patrols to report.

A patrol that has started and has no report is its leader's to report, by the end of the
14th day after its last day. Plans of the last 180 days are read (an inbox is asked on
every page); an older unreported patrol stays on its page and in its findings.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cosec.kit import Action, Principal, Role
from cosec.mechanisms.patrols import records as r
from cosec.mechanisms.patrols.obligations import report_due
from cosec.mechanisms.patrols.service import regime_of
from cosec.plugin.store import Deployment, Session, list_visible, stored_payload

WINDOW = timedelta(days=180)


def actions(
    session: Session, deployment: Deployment, principal: Principal, now: datetime
) -> list[Action]:
    """Started patrols led by ``principal``'s member with no report yet (every member's
    for the secretariat)."""
    if principal.role not in (Role.MEMBER, Role.SECRETARIAT):
        return []
    if deployment.current.regime("patrols") is None:
        return []
    rows = list_visible(
        session,
        principal,
        deployment.current,
        kinds=["patrols.plan", "patrols.report"],
        since=now - WINDOW,
    )
    reported = {row.refers_to for row in rows if row.kind == "patrols.report"}
    out = []
    for row in rows:
        if row.kind != "patrols.plan" or row.id in reported:
            continue
        if principal.role is Role.MEMBER and row.submitter != principal.member:
            continue
        plan = stored_payload(r.PatrolPlan, row)
        if plan is None or plan.start > now.date():
            continue
        out.append(
            Action(
                key=f"patrol-report:{row.id}",
                member=row.submitter,
                title=f"Report “{plan.title}” ({plan.start:%d %B} to {plan.end:%d %B %Y})",
                href=f"/patrols/report?plan_id={row.id}",
                due=report_due(plan.end, regime_of(deployment, row.charter_version)),
                kind="report",
                since=row.submitted_at,
            )
        )
    return out
