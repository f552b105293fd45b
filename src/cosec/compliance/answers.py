"""A member's answer to a finding: a signed record like any other (kind ``finding.answer``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import select

from cosec.errors import FieldError
from cosec.kit.mechanism import RecordKind
from cosec.records import Audience, RecordId, RecordModel, RequiredLongText
from cosec.store.tables import FindingMemberRow, FindingPartyRow, FindingRow
from cosec.store.visibility import findings_visible

if TYPE_CHECKING:
    from cosec.kit.submission import SubmissionCheck


class FindingAnswer(RecordModel):
    """``finding.answer``: what the member concerned says about a finding."""

    finding_id: RecordId
    answer: RequiredLongText


def check_answer(check: SubmissionCheck[FindingAnswer]) -> Iterator[FieldError]:
    """Only a member the finding concerns answers it."""
    ans: FindingAnswer = check.payload
    row = check.session.scalar(
        select(FindingRow).where(
            FindingRow.id == ans.finding_id, findings_visible(check.principal, check.charter)
        )
    )
    if row is None:
        yield FieldError("payload.finding_id", "must be the id of a finding you can read")
        return
    members = set(
        check.session.scalars(
            select(FindingMemberRow.member).where(FindingMemberRow.finding_id == row.id)
        )
    )
    if check.principal.submitter not in members:
        yield FieldError("payload.finding_id", "concerns other members: only they answer it")


def finding_audience(check: SubmissionCheck[FindingAnswer]) -> tuple[str, list[str]]:
    """An answer is as restricted as the finding it answers, and addressed to its parties."""
    ans: FindingAnswer = check.payload
    row = check.session.get(FindingRow, ans.finding_id)
    assert row is not None  # check_answer ran first and found it
    parties = check.session.scalars(
        select(FindingPartyRow.member).where(FindingPartyRow.finding_id == row.id)
    ).all()
    return row.audience, list(parties)


ANSWER_KIND = RecordKind(
    "finding.answer",
    FindingAnswer,
    title="Answer to a finding",
    default_audience=Audience.REGIME,
    check=check_answer,
    audience_from=finding_audience,
)
KINDS = (ANSWER_KIND,)
