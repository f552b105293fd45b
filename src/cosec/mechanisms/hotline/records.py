"""Record kinds of the crisis hotline.

Members keep a chain of contacts on file (``hotline.contacts``: the duty officer first,
then the ministry...; the secretariat always comes last). A message (``hotline.message``)
goes to another member with a precedence that sets its acknowledgement deadline; the
addressee acknowledges it (``hotline.ack``); a message not acknowledged in time is
escalated along the addressee's chain by the server, which signs each step as the
secretariat (``hotline.escalation``). Drills are messages marked ``drill``.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from cosec.kit import (
    MemberCode,
    Name,
    RecordDateTime,
    RecordId,
    RecordModel,
    RequiredLongText,
    RequiredName,
    Text,
)

Precedence = Literal["FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"]
PRECEDENCES: tuple[Precedence, ...] = ("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE")
"""Highest first."""
Role = Literal["duty_officer", "ministry", "other"]
ROLES = {"duty_officer": "duty officer", "ministry": "ministry", "other": "contact"}


class Contact(RecordModel):
    """One link of a member's chain."""

    role: Role
    name: RequiredName
    """A post or a person: ``Duty officer, Joint Staff operations centre``."""
    phone: Name = ""
    email: Name = ""


class HotlineContacts(RecordModel):
    """``hotline.contacts``: a member's chain of contacts, in the order a message not
    acknowledged in time is escalated along it (the secretariat comes after the last)."""

    contacts: Annotated[tuple[Contact, ...], Field(min_length=1, max_length=10)]


class HotlineMessage(RecordModel):
    """``hotline.message``: a message to another member."""

    to: MemberCode
    precedence: Precedence
    subject: RequiredName
    text: RequiredLongText
    drill: bool = False
    """A test of the line: judged and measured like any message, marked as a drill."""
    reply_to: RecordId | None = None
    """The message this one answers, if any."""


class HotlineAck(RecordModel):
    """``hotline.ack``: the addressee has the message."""

    message_id: RecordId
    note: Text = ""


class HotlineEscalation(RecordModel):
    """``hotline.escalation``: a message not acknowledged by its deadline, escalated to the
    next contact of the addressee's chain (signed by the server as the secretariat)."""

    message_id: RecordId
    step: Annotated[int, Field(ge=1, le=20)]
    """1 for the first escalation (the second contact of the chain), and so on."""
    missed_deadline: RecordDateTime
    to_member: Annotated[str, Field(pattern=r"^([A-Z]{3}|SEC)$")]
    """The addressee, or ``SEC`` when it reaches the secretariat."""
    to_role: Annotated[str, Field(max_length=40)]
    to_name: Name
    next_deadline: RecordDateTime | None = None
    """When the next step falls due if the message is still not acknowledged."""

    @model_validator(mode="after")
    def _deadlines_in_order(self) -> Self:
        if self.next_deadline is not None and self.next_deadline <= self.missed_deadline:
            raise ValueError("next_deadline must be after missed_deadline")
        return self
