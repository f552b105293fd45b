"""The core's inbox source of findings: open findings that await their member's answer.

A member's point of contact gets the open findings about its own state (a finding once
answered, or resolved, leaves the inbox); the secretariat gets every open finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy.orm import Session

from cosec.compliance.service import list_findings
from cosec.deployment import Deployment
from cosec.inbox.service import FINDING, Item
from cosec.kit.findings import FindingState
from cosec.principals import Principal, Role


def items(
    session: Session, deployment: Deployment, principal: Principal, now: datetime
) -> Iterator[Item]:
    """Open findings ``principal`` must answer (all of them for the secretariat)."""
    if principal.role is Role.MEMBER and principal.member:
        member: str | None = principal.member
    elif principal.role is Role.SECRETARIAT:
        member = None
    else:
        return
    for view in list_findings(
        session,
        deployment=deployment,
        principal=principal,
        member=member,
        state=FindingState.OPEN.value,
    ):
        yield Item(
            key=f"{FINDING}:{view.row.id}",
            source=FINDING,
            members=(member,) if member else view.members,
            title=view.row.summary,
            href=f"/findings/{view.row.id}",
            kind=FINDING,
            since=view.row.first_seen,
            severity=view.severity,
        )
