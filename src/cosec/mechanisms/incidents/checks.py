"""The rules an incident record must meet beyond its schema, checked before it is signed."""

from __future__ import annotations

from collections.abc import Iterator

from cosec.kit import SECRETARIAT, FieldError, SubmissionCheck, payload_of
from cosec.mechanisms.incidents import records as r
from cosec.mechanisms.incidents.regime import IncidentRegime

MECHANISM = "incident"


def _acts(
    check: SubmissionCheck[r.IncidentReport]
    | SubmissionCheck[r.IncidentReply]
    | SubmissionCheck[r.IncidentAssessment],
) -> Iterator[FieldError]:
    known = check.regime(IncidentRegime, MECHANISM).acts
    for i, act in enumerate(check.payload.acts):
        if act not in known:
            yield FieldError(
                f"payload.acts[{i}]",
                f"{act!r} is not a prohibited act of {check.charter.id} "
                "(see the charter's acts: GET /v1/incidents/acts)",
            )


def check_report(check: SubmissionCheck[r.IncidentReport]) -> Iterator[FieldError]:
    """A member reports about another member of the regime, an incident already past,
    naming known acts; every identifier fits the domain."""
    p = check.payload
    yield from check.not_members(MECHANISM, "payload.other_member", (p.other_member,))
    if p.other_member == check.submitter:
        yield FieldError("payload.other_member", "must be another member than the reporter")
    if p.occurred_at > check.now:
        yield FieldError("payload.occurred_at", "must not be in the future")
    yield from _acts(check)
    for side in ("own_units", "other_units"):
        for i, unit in enumerate(getattr(p, side)):
            ident = unit.identifier
            if ident is None:
                continue
            if p.domain == "sea" and not ident.isdigit():
                yield FieldError(
                    f"payload.{side}[{i}].identifier", "must be a ship's MMSI (9 digits) at sea"
                )
            if p.domain == "air" and len(ident) != 6:
                yield FieldError(
                    f"payload.{side}[{i}].identifier",
                    "must be an aircraft's ICAO address (6 hex digits) in the air",
                )


def _report_of(check: SubmissionCheck[r.IncidentReply]) -> r.IncidentReport | None:
    ref = check.referenced
    return payload_of(r.IncidentReport, ref) if ref is not None else None


def check_reply(check: SubmissionCheck[r.IncidentReply]) -> Iterator[FieldError]:
    """Only the member the report is about replies."""
    report = _report_of(check)
    if report is not None and report.other_member != check.submitter:
        yield FieldError(
            "payload.report_id", f"is about {report.other_member}: only it replies to the report"
        )
    if check.payload.occurred_at is not None and check.payload.occurred_at > check.now:
        yield FieldError("payload.occurred_at", "must not be in the future")
    yield from _acts(check)


def check_assessment(check: SubmissionCheck[r.IncidentAssessment]) -> Iterator[FieldError]:
    """Either party of the incident proposes a joint assessment."""
    ref = check.referenced
    report = payload_of(r.IncidentReport, ref) if ref is not None else None
    if ref is not None and report is not None:
        parties = {ref.submitter, report.other_member}
        if check.submitter not in parties:
            yield FieldError(
                "payload.report_id",
                f"only {' and '.join(sorted(parties))}, the parties, assess it jointly",
            )
    yield from _acts(check)


def check_endorsement(check: SubmissionCheck[r.IncidentEndorsement]) -> Iterator[FieldError]:
    """The other party endorses: not the proposer, nor the secretariat."""
    ref = check.referenced
    if ref is None:
        return
    proposal = payload_of(r.IncidentAssessment, ref)
    if ref.submitter == check.submitter:
        yield FieldError("payload.assessment_id", "was proposed by you: the other party endorses")
        return
    report_row = check.record(proposal.report_id) if proposal is not None else None
    report = payload_of(r.IncidentReport, report_row) if report_row is not None else None
    if report_row is None or report is None:
        yield FieldError("payload.assessment_id", "refers to a report you cannot read")
        return
    parties = {report_row.submitter, report.other_member}
    if check.submitter not in parties or check.submitter == SECRETARIAT:
        yield FieldError(
            "payload.assessment_id", f"only {' and '.join(sorted(parties))} endorse it"
        )
