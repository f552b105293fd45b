"""Record kinds of prior notification (Vienna Document 2011 ch. V-VII, extended for East Asia).

Every kind is a fact someone signed. A notification is never edited: it is followed by an
amendment, and the history is kept.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from cosec.kit import (
    MAX_ITEMS,
    Count,
    Latitude,
    Longitude,
    MemberCode,
    Name,
    RecordDate,
    RecordId,
    RecordModel,
    RequiredLongText,
    RequiredName,
    RequiredText,
    Text,
)

States = Annotated[tuple[MemberCode, ...], Field(min_length=1, max_length=MAX_ITEMS)]

THRESHOLD_FIGURES = (
    "troops",
    "battle_tanks",
    "acv",
    "artillery",
    "air_sorties",
    "amphibious_troops",
    "airborne_troops",
    "ships",
    "carrier_groups",
)
"""Figures a charter can set a notification, observation or constraint threshold on."""


def _end_after_start(end: date, info: ValidationInfo) -> date:
    start = info.data.get("start")
    if isinstance(start, date) and end < start:
        raise ValueError("must not be before start")
    return end


class Figures(RecordModel):
    """The declared size of an activity; a missing figure means zero."""

    troops: Count = 0
    divisions: Count = 0
    battle_tanks: Count = 0
    acv: Count = 0
    """Armoured combat vehicles."""
    atgm_launchers: Count = 0
    artillery: Count = 0
    """Artillery pieces, mortars and multiple rocket launchers of 100 mm calibre and above."""
    helicopters: Count = 0
    air_sorties: Count = 0
    """Combat aircraft sorties, helicopters excluded."""
    amphibious_troops: Count = 0
    airborne_troops: Count = 0
    """Heliborne or parachute troops."""
    ships: Count = 0
    carrier_groups: Count = 0
    """Carrier or amphibious groups."""

    def get(self, name: str) -> int:
        """A figure by name."""
        return int(getattr(self, name))

    def exceeds(self, other: Figures) -> list[str]:
        """Names of the figures larger here than in ``other``."""
        return [f for f in type(self).model_fields if self.get(f) > other.get(f)]


class Area(RecordModel):
    """Where an activity takes place: a description, a centre and radius, named features."""

    description: Text = ""
    lat: Latitude | None = None
    lon: Annotated[Longitude | None, Field(validate_default=True)] = None
    radius_km: Annotated[float, Field(gt=0, le=5_000)] | None = None
    features: Annotated[tuple[Name, ...], Field(max_length=MAX_ITEMS)] = ()

    @field_validator("lon")
    @classmethod
    def _both_or_neither(cls, lon: float | None, info: ValidationInfo) -> float | None:
        if "lat" in info.data and (info.data["lat"] is None) != (lon is None):
            raise ValueError("goes with lat: give both or neither")
        return lon


class Phase(RecordModel):
    """One phase of an activity."""

    name: RequiredName
    start: RecordDate
    end: RecordDate
    description: Text = ""

    _end = field_validator("end")(_end_after_start)


class ActivityFields(RecordModel):
    """What a notification and a calendar entry both declare about an activity."""

    designation: RequiredName
    purpose: Text = ""
    states: States
    start: RecordDate
    end: RecordDate
    alert: bool = False
    """An alert ("snap") activity: carried out without advance notice to the troops."""
    figures: Figures = Figures()
    troops_by_state: Annotated[
        dict[MemberCode, Count], Field(default_factory=dict, max_length=MAX_ITEMS)
    ]
    area: Area = Area()

    _end = field_validator("end")(_end_after_start)

    @field_validator("states")
    @classmethod
    def _states_once(cls, states: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(states)) != len(states):
            raise ValueError("must not repeat a state")
        return states

    @field_validator("troops_by_state")
    @classmethod
    def _troops_add_up(cls, by_state: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        states, figures = info.data.get("states"), info.data.get("figures")
        unknown = sorted(set(by_state) - set(states or ()))
        if states is not None and unknown:
            raise ValueError(f"names states not in states: {unknown}")
        if isinstance(figures, Figures) and sum(by_state.values()) > figures.troops:
            raise ValueError("adds up to more than figures.troops")
        return by_state


class PriorNotification(ActivityFields):
    """``notification.prior``: notice of a major military activity before it starts."""

    level_of_command: Name = ""
    phases: Annotated[tuple[Phase, ...], Field(max_length=MAX_ITEMS)] = ()
    related_activities: Annotated[tuple[Name, ...], Field(max_length=MAX_ITEMS)] = ()


class NotificationAmendment(RecordModel):
    """``notification.amendment``: new figures or dates for a notified activity."""

    notification_id: RecordId
    reason: RequiredText
    start: RecordDate | None = None
    end: RecordDate | None = None
    figures: Figures | None = None
    troops_by_state: dict[MemberCode, Count] | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if self.start is None and self.end is None and self.figures is None:
            raise ValueError("an amendment must change start, end or figures")
        return self

    @field_validator("end")
    @classmethod
    def _amended_end(cls, end: date | None, info: ValidationInfo) -> date | None:
        return end if end is None else _end_after_start(end, info)


class NotificationWithdrawal(RecordModel):
    """``notification.withdrawal``: the notifying state calls a notified activity off.

    Withdrawn before its start, the activity is no longer one to judge (it will not take
    place); withdrawn once it has begun, it is judged all the same, and the withdrawal
    is on record.
    """

    notification_id: RecordId
    reason: RequiredText


class CalendarEntry(ActivityFields):
    """One planned notifiable activity in an annual calendar."""


class AnnualCalendar(RecordModel):
    """``notification.calendar``: next year's notifiable activities, or a nil return."""

    year: Annotated[int, Field(ge=1990, le=2200)]
    nil_return: bool = False
    entries: Annotated[
        tuple[CalendarEntry, ...], Field(validate_default=True, max_length=MAX_ITEMS)
    ] = ()

    @field_validator("entries")
    @classmethod
    def _entries_fit(
        cls, entries: tuple[CalendarEntry, ...], info: ValidationInfo
    ) -> tuple[CalendarEntry, ...]:
        nil, year = info.data.get("nil_return"), info.data.get("year")
        if nil and entries:
            raise ValueError("must be empty in a nil return")
        if nil is False and not entries:
            raise ValueError("must list the year's activities, or set nil_return = true")
        for i, e in enumerate(entries):
            if year is not None and e.start.year != year:
                raise ValueError(f"[{i}].start is not in {year}")
        return entries


class ObservationInvitation(RecordModel):
    """``notification.invitation``: observers invited to a notified activity."""

    notification_id: RecordId
    invited: States
    observers_per_state: Annotated[int, Field(ge=1, le=100)] = 2
    programme: Text = ""


class ObservationReply(RecordModel):
    """``notification.invitation_reply``: an invited state accepts or declines."""

    invitation_id: RecordId
    accepted: bool
    observers: Annotated[int, Field(ge=0, le=100, validate_default=True)] = 0

    @field_validator("observers")
    @classmethod
    def _observers_if_accepted(cls, observers: int, info: ValidationInfo) -> int:
        accepted = info.data.get("accepted")
        if accepted and observers == 0:
            raise ValueError("must be at least 1 when the invitation is accepted")
        if accepted is False and observers:
            raise ValueError("must be 0 when the invitation is declined")
        return observers


class ExplanationRequest(RecordModel):
    """``notification.explanation_request``: about an unusual military activity."""

    respondent: MemberCode
    concern: RequiredText
    notification_id: RecordId | None = None
    area: Area = Area()
    observed_from: RecordDate | None = None
    observed_to: RecordDate | None = None


class ExplanationReply(RecordModel):
    """``notification.explanation_reply``: the respondent's answer."""

    request_id: RecordId
    explanation: RequiredLongText


class ObservedActivity(ActivityFields):
    """``notification.observed``: an activity the secretariat saw in independent evidence."""

    sources: Annotated[tuple[Name, ...], Field(max_length=MAX_ITEMS)] = ()
    """Where it was seen: track analyses (observation ids), imagery, open reporting."""
