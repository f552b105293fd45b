"""The incidents' open actions for the inbox: reports to reply to.

Reports of the last 180 days are read (an inbox is asked on every page); an older report
still without a reply stays on the incident's page and in its findings.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cosec.kit import Action, Principal, Role
from cosec.mechanisms.incidents import records as r
from cosec.mechanisms.incidents.obligations import reply_due
from cosec.mechanisms.incidents.service import regime_of
from cosec.plugin.store import Deployment, Session, list_visible, stored_payload

WINDOW = timedelta(days=180)


def actions(
    session: Session, deployment: Deployment, principal: Principal, now: datetime
) -> list[Action]:
    """Reports about ``principal``'s member with no reply yet (every member's for the
    secretariat)."""
    if principal.role not in (Role.MEMBER, Role.SECRETARIAT):
        return []
    rows = list_visible(
        session,
        principal,
        deployment.current,
        kinds=["incident.report", "incident.reply"],
        since=now - WINDOW,
    )
    replied = {row.refers_to for row in rows if row.kind == "incident.reply"}
    out = []
    for row in rows:
        if row.kind != "incident.report" or row.id in replied:
            continue
        report = stored_payload(r.IncidentReport, row)
        if report is None:
            continue
        if principal.role is Role.MEMBER and report.other_member != principal.member:
            continue
        out.append(
            Action(
                key=f"incident-reply:{row.id}",
                member=report.other_member,
                title=f"Reply to {row.submitter}'s report of “{report.title}”",
                href=f"/incidents/{row.id}",
                due=reply_due(row.submitted_at, regime_of(deployment, row.charter_version)),
                kind="reply",
                since=row.submitted_at,
            )
        )
    return out
