"""The rules a hotline record must meet beyond its schema, checked before it is signed."""

from __future__ import annotations

from collections.abc import Iterator

from cosec.kit import FieldError, SubmissionCheck, payload_of
from cosec.mechanisms.hotline import records as r

MECHANISM = "hotline"


def check_message(check: SubmissionCheck[r.HotlineMessage]) -> Iterator[FieldError]:
    """A message goes to another member of the regime; a reply answers a message it may read."""
    p = check.payload
    yield from check.not_members(MECHANISM, "payload.to", (p.to,))
    if p.to == check.submitter:
        yield FieldError("payload.to", "must be another member")
    if p.reply_to is not None:
        ref = check.record(p.reply_to)
        if ref is None or ref.kind != "hotline.message":
            yield FieldError("payload.reply_to", "must be a hotline message you can read")


def check_ack(check: SubmissionCheck[r.HotlineAck]) -> Iterator[FieldError]:
    """Only the addressee acknowledges."""
    ref = check.referenced
    msg = payload_of(r.HotlineMessage, ref) if ref is not None else None
    if msg is not None and msg.to != check.submitter:
        yield FieldError("payload.message_id", f"is addressed to {msg.to}: only it acknowledges")


def check_escalation(check: SubmissionCheck[r.HotlineEscalation]) -> Iterator[FieldError]:
    """An escalation names the addressee or the secretariat."""
    ref = check.referenced
    msg = payload_of(r.HotlineMessage, ref) if ref is not None else None
    if msg is not None and check.payload.to_member not in (msg.to, "SEC"):
        yield FieldError(
            "payload.to_member", f"must be {msg.to}, the addressee, or SEC, the secretariat"
        )
