"""The core's inbox source of drafts: records prepared by one person that await another's
signature (the two-person rule, :mod:`cosec.drafts.service`).

An approver of a member (or its point of contact without a duty) gets the member's open
drafts that they may sign: those another person drafted. Drafters and readers get none
(a drafter's own drafts wait for someone else), and nobody sees another member's drafts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy.orm import Session

from cosec.deployment import Deployment
from cosec.drafts.service import list_drafts, may_sign
from cosec.inbox.service import Item
from cosec.principals import Principal

DRAFT = "draft"


def items(
    session: Session, deployment: Deployment, principal: Principal, now: datetime
) -> Iterator[Item]:
    """Open drafts of ``principal``'s member that await ``principal``'s signature."""
    for draft in list_drafts(session, principal=principal):
        if may_sign(principal, draft, two_person=True) is not None:
            continue
        yield Item(
            key=f"{DRAFT}:{draft.id}",
            source=DRAFT,
            members=(draft.member,),
            title=f"Review and sign draft {draft.id}: {draft.title}",
            href=f"/drafts/{draft.id}",
            kind=DRAFT,
            since=draft.updated_at,
        )
