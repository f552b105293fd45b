"""Record kinds of prior notification (Vienna Document 2011 ch. V-VII, extended for East Asia).

Every kind is a fact someone signed. A notification is never edited: it is followed by an
amendment, and the history is kept.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self

from pydantic import Field, model_validator

from cosec.records import Latitude, Longitude, MemberCode, NonNegativeInt, RecordModel

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


class Figures(RecordModel):
    """The declared size of an activity; a missing figure means zero."""

    troops: NonNegativeInt = 0
    divisions: NonNegativeInt = 0
    battle_tanks: NonNegativeInt = 0
    acv: NonNegativeInt = 0
    """Armoured combat vehicles."""
    atgm_launchers: NonNegativeInt = 0
    artillery: NonNegativeInt = 0
    """Artillery pieces, mortars and multiple rocket launchers of 100 mm calibre and above."""
    helicopters: NonNegativeInt = 0
    air_sorties: NonNegativeInt = 0
    """Combat aircraft sorties, helicopters excluded."""
    amphibious_troops: NonNegativeInt = 0
    airborne_troops: NonNegativeInt = 0
    """Heliborne or parachute troops."""
    ships: NonNegativeInt = 0
    carrier_groups: NonNegativeInt = 0
    """Carrier or amphibious groups."""

    def get(self, name: str) -> int:
        """A figure by name."""
        return int(getattr(self, name))

    def exceeds(self, other: Figures) -> list[str]:
        """Names of the figures larger here than in ``other``."""
        return [f for f in type(self).model_fields if self.get(f) > other.get(f)]


class Area(RecordModel):
    """Where an activity takes place: a description, a centre and radius, named features."""

    description: str = ""
    lat: Latitude | None = None
    lon: Longitude | None = None
    radius_km: Annotated[float, Field(gt=0)] | None = None
    features: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon go together: give both or neither")
        return self


class Phase(RecordModel):
    """One phase of an activity."""

    name: Annotated[str, Field(min_length=1)]
    start: date
    end: date
    description: str = ""


def _check_dates(start: date, end: date) -> None:
    if end < start:
        raise ValueError("end must not be before start")


class ActivityFields(RecordModel):
    """What a notification and a calendar entry both declare about an activity."""

    designation: Annotated[str, Field(min_length=1, max_length=200)]
    purpose: str = ""
    states: Annotated[tuple[MemberCode, ...], Field(min_length=1)]
    start: date
    end: date
    alert: bool = False
    """An alert ("snap") activity: carried out without advance notice to the troops."""
    figures: Figures = Figures()
    troops_by_state: dict[MemberCode, NonNegativeInt] = Field(default_factory=dict)
    area: Area = Area()

    @model_validator(mode="after")
    def _valid_activity(self) -> Self:
        _check_dates(self.start, self.end)
        if len(set(self.states)) != len(self.states):
            raise ValueError("states must not repeat a state")
        unknown = sorted(set(self.troops_by_state) - set(self.states))
        if unknown:
            raise ValueError(f"troops_by_state names states not in states: {unknown}")
        if self.troops_by_state and sum(self.troops_by_state.values()) > self.figures.troops:
            raise ValueError("troops_by_state adds up to more than figures.troops")
        return self


class PriorNotification(ActivityFields):
    """``notification.prior``: notice of a major military activity before it starts."""

    level_of_command: str = ""
    phases: tuple[Phase, ...] = ()
    related_activities: tuple[str, ...] = ()


class NotificationAmendment(RecordModel):
    """``notification.amendment``: new figures or dates for a notified activity."""

    notification_id: Annotated[int, Field(gt=0)]
    reason: Annotated[str, Field(min_length=1)]
    start: date | None = None
    end: date | None = None
    figures: Figures | None = None
    troops_by_state: dict[MemberCode, NonNegativeInt] | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if self.start is None and self.end is None and self.figures is None:
            raise ValueError("an amendment must change start, end or figures")
        if self.start is not None and self.end is not None:
            _check_dates(self.start, self.end)
        return self


class CalendarEntry(ActivityFields):
    """One planned notifiable activity in an annual calendar."""


class AnnualCalendar(RecordModel):
    """``notification.calendar``: next year's notifiable activities, or a nil return."""

    year: Annotated[int, Field(ge=1990, le=2200)]
    nil_return: bool = False
    entries: tuple[CalendarEntry, ...] = ()

    @model_validator(mode="after")
    def _entries_fit(self) -> Self:
        if self.nil_return and self.entries:
            raise ValueError("a nil return lists no entries")
        if not self.nil_return and not self.entries:
            raise ValueError("a calendar lists entries or says nil_return = true")
        for i, e in enumerate(self.entries):
            if e.start.year != self.year:
                raise ValueError(f"entries[{i}].start is not in {self.year}")
        return self


class ObservationInvitation(RecordModel):
    """``notification.invitation``: observers invited to a notified activity."""

    notification_id: Annotated[int, Field(gt=0)]
    invited: Annotated[tuple[MemberCode, ...], Field(min_length=1)]
    observers_per_state: Annotated[int, Field(ge=1)] = 2
    programme: str = ""


class ObservationReply(RecordModel):
    """``notification.invitation_reply``: an invited state accepts or declines."""

    invitation_id: Annotated[int, Field(gt=0)]
    accepted: bool
    observers: NonNegativeInt = 0

    @model_validator(mode="after")
    def _observers_if_accepted(self) -> Self:
        if self.accepted and self.observers == 0:
            raise ValueError("observers must be at least 1 when the invitation is accepted")
        if not self.accepted and self.observers:
            raise ValueError("observers must be 0 when the invitation is declined")
        return self


class ExplanationRequest(RecordModel):
    """``notification.explanation_request``: about an unusual military activity."""

    respondent: MemberCode
    concern: Annotated[str, Field(min_length=1)]
    notification_id: Annotated[int, Field(gt=0)] | None = None
    area: Area = Area()
    observed_from: date | None = None
    observed_to: date | None = None


class ExplanationReply(RecordModel):
    """``notification.explanation_reply``: the respondent's answer."""

    request_id: Annotated[int, Field(gt=0)]
    explanation: Annotated[str, Field(min_length=1)]


class ObservedActivity(ActivityFields):
    """``notification.observed``: an activity the secretariat saw in independent evidence."""

    sources: tuple[str, ...] = ()
    """Where it was seen: track analyses (observation ids), imagery, open reporting."""
