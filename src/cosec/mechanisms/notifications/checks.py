"""The rules a notification record must meet beyond its schema, checked before it is signed."""

from __future__ import annotations

from collections.abc import Iterator

from cosec.kit import FieldError, SubmissionCheck, payload_of
from cosec.mechanisms.notifications import records as r
from cosec.mechanisms.notifications.regime import NotificationRegime

MECHANISM = "notification"


def check_prior(check: SubmissionCheck[r.PriorNotification]) -> Iterator[FieldError]:
    """A state notifies activities it takes part in; every state named is a member."""
    p = check.payload
    yield from check.not_members(MECHANISM, "payload.states", p.states)
    if check.submitter not in p.states:
        yield FieldError("payload.states", f"must include the notifying state {check.submitter}")


def check_calendar(check: SubmissionCheck[r.AnnualCalendar]) -> Iterator[FieldError]:
    """Each calendar entry is an activity of the submitting state."""
    for i, e in enumerate(check.payload.entries):
        yield from check.not_members(MECHANISM, f"payload.entries[{i}].states", e.states)
        if check.submitter not in e.states:
            yield FieldError(f"payload.entries[{i}].states", "must include the submitting state")


def check_amendment(check: SubmissionCheck[r.NotificationAmendment]) -> Iterator[FieldError]:
    """Only the state that notified an activity amends it, and the dates stay in order."""
    yield from _by_notifier(check)
    ref = check.referenced
    old = payload_of(r.PriorNotification, ref) if ref is not None else None
    a = check.payload
    if old is not None and (a.start or old.start) > (a.end or old.end):
        yield FieldError("payload.end", "must not be before the activity's start")


def check_invitation(check: SubmissionCheck[r.ObservationInvitation]) -> Iterator[FieldError]:
    """Only the notifying state invites, other members, no more observers than allowed."""
    yield from _by_notifier(check)
    inv = check.payload
    yield from check.not_members(MECHANISM, "payload.invited", inv.invited)
    if check.submitter in inv.invited:
        yield FieldError("payload.invited", "must not include the inviting state")
    limit = check.regime(NotificationRegime, MECHANISM).observers_per_state_max
    if inv.observers_per_state > limit:
        yield FieldError("payload.observers_per_state", f"must be at most {limit} (charter)")


def check_withdrawal(check: SubmissionCheck[r.NotificationWithdrawal]) -> Iterator[FieldError]:
    """Only the state that notified an activity withdraws it."""
    yield from _by_notifier(check)


def _by_notifier(
    check: SubmissionCheck[r.NotificationAmendment]
    | SubmissionCheck[r.ObservationInvitation]
    | SubmissionCheck[r.NotificationWithdrawal],
) -> Iterator[FieldError]:
    ref = check.referenced
    if ref is not None and ref.submitter != check.submitter:
        yield FieldError("payload.notification_id", f"was notified by {ref.submitter}, not by you")


def check_invitation_reply(check: SubmissionCheck[r.ObservationReply]) -> Iterator[FieldError]:
    """Only an invited state replies, with no more observers than offered."""
    ref = check.referenced
    if ref is None:
        return
    inv = payload_of(r.ObservationInvitation, ref)
    if inv is None or check.submitter not in inv.invited:
        yield FieldError("payload.invitation_id", "was not addressed to you")
        return
    if check.payload.observers > inv.observers_per_state:
        yield FieldError(
            "payload.observers", f"must be at most {inv.observers_per_state} (offered)"
        )


def check_explanation_request(
    check: SubmissionCheck[r.ExplanationRequest],
) -> Iterator[FieldError]:
    """A request goes to another member of the regime, about an activity it may read."""
    req = check.payload
    yield from check.not_members(MECHANISM, "payload.respondent", (req.respondent,))
    if req.respondent == check.submitter:
        yield FieldError("payload.respondent", "must be another state")
    if req.notification_id is not None:
        ref = check.record(req.notification_id)
        if ref is None or ref.kind != "notification.prior":
            yield FieldError("payload.notification_id", "must be a notification you can read")


def check_explanation_reply(check: SubmissionCheck[r.ExplanationReply]) -> Iterator[FieldError]:
    """Only the state asked replies."""
    ref = check.referenced
    if ref is not None and ref.payload.get("respondent") != check.submitter:
        yield FieldError("payload.request_id", "was not addressed to you")


def check_observed(check: SubmissionCheck[r.ObservedActivity]) -> Iterator[FieldError]:
    """An observed activity names member states."""
    yield from check.not_members(MECHANISM, "payload.states", check.payload.states)
