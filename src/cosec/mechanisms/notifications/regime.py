"""What a charter sets for prior notification: thresholds, lead times, constraints, detectors.

Comparison words matter (Vienna Document 2011): notification applies to activities that
reach a threshold "at least" (``>=``), observation to those that "meet or exceed" it
(``>=``), and constraints to activities of "more than" a figure (``>``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from cosec.kit import CharterModel, RegimeBase

# Strict: a charter says 42, never "42" or true (TOML has types; a quoted number is a slip).
PositiveInt = Annotated[int, Field(gt=0, le=10_000_000, strict=True)]
Days = Annotated[int, Field(gt=0, le=3_650, strict=True)]
Hours = Annotated[int, Field(gt=0, le=8_760, strict=True)]


class Thresholds(CharterModel):
    """One figure each; an activity qualifies when any figure reaches its threshold."""

    troops: PositiveInt | None = None
    battle_tanks: PositiveInt | None = None
    acv: PositiveInt | None = None
    artillery: PositiveInt | None = None
    air_sorties: PositiveInt | None = None
    amphibious_troops: PositiveInt | None = None
    airborne_troops: PositiveInt | None = None
    ships: PositiveInt | None = None
    carrier_groups: PositiveInt | None = None

    @cached_property
    def _set(self) -> tuple[tuple[str, int], ...]:
        return tuple((k, v) for k in type(self).model_fields if (v := getattr(self, k)) is not None)

    def items(self) -> tuple[tuple[str, int], ...]:
        """The thresholds that are set, as ``(figure, value)`` (read once: a charter's
        models are immutable, and the rules ask this of every activity they count)."""
        return self._set


class ConstraintRule(CharterModel):
    """At most ``max_activities`` activities above the figures in ``above`` per period."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    period: Literal["calendar_year", "three_calendar_years", "simultaneous"]
    """The period the count runs over."""
    max_activities: Annotated[int, Field(ge=0, le=10_000, strict=True)]
    """The most such activities a state may carry out in the period."""
    above: Thresholds
    """Strictly more than (``>``) any of these figures makes an activity count."""
    announce_years_ahead: Annotated[int, Field(ge=1, le=10, strict=True)] | None = None
    """Such activities must be in the calendar this many years ahead (15 Nov rule)."""

    @field_validator("above")
    @classmethod
    def _something_above(cls, above: Thresholds) -> Thresholds:
        if not above.items():
            raise ValueError("must set at least one figure")
        return above


class Detectors(CharterModel):
    """cosec's detectors of evasion, which no treaty sets; defaults from the domain notes."""

    near_threshold_margin: Annotated[float, Field(gt=0, lt=1, strict=True)] = 0.05
    """Figures at or above ``threshold × (1 − margin)`` and below it are "near"."""
    split_window_days: Annotated[int, Field(ge=0, le=366, strict=True)] = 7
    """Activities of a shared state less than this many days apart are assessed together..."""
    split_distance_km: Annotated[float, Field(gt=0, le=20_000, strict=True)] = 300.0
    """...when their areas' centres are at most this far apart."""


class NotificationRegime(RegimeBase):
    """The parameters of the notification mechanism under one charter."""

    notify: Thresholds
    """An activity must be notified when any of its figures reaches one of these."""
    observe: Thresholds = Thresholds()
    """Observers must be invited when any figure reaches one of these."""
    lead_time_days: Days = 42
    """Days before its start by which an activity must be notified."""
    alert_observation_hours: Hours = 72
    """Alert activities are observed only when they last longer than this."""
    observers_per_state_max: Annotated[int, Field(gt=0, le=100, strict=True)] = 2
    """The most observers an invitation may offer each invited state."""
    calendar_due: Annotated[str, Field(pattern=r"^[0-9]{2}-[0-9]{2}$")] | None = "11-15"
    """Month and day of the previous year by which a year's calendar is due; none: no calendar."""
    explanation_reply_hours: Hours = 48
    """Hours a state has to answer a request for explanation of unusual activity."""
    constraints: tuple[ConstraintRule, ...] = ()
    """How many large activities a state may carry out in a period."""
    detectors: Detectors = Detectors()
    """cosec's own detectors of evasion (no treaty sets them)."""

    @field_validator("notify")
    @classmethod
    def _notify_set(cls, notify: Thresholds) -> Thresholds:
        if not notify.items():
            raise ValueError("must set at least one threshold")
        return notify

    @field_validator("calendar_due")
    @classmethod
    def _real_day(cls, due: str | None) -> str | None:
        if due is not None:
            rule = "must be MM-DD, a day every year has (not 02-29)"
            m = re.match(r"^([0-9]{2})-([0-9]{2})$", due)
            if m is None:
                raise ValueError(rule)
            try:
                date(2001, int(m[1]), int(m[2]))  # 2001: not a leap year
            except ValueError:
                raise ValueError(rule) from None
        return due

    @model_validator(mode="after")
    def _unique_constraint_ids(self) -> Self:
        ids = [c.id for c in self.constraints]
        if len(ids) != len(set(ids)):
            raise ValueError("constraints: ids must be unique")
        return self
