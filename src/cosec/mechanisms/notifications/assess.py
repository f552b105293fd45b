"""Assess a file of activities against a charter, with no database.

``cosec notifications assess FILE`` reads JSON (an array of activities) or CSV, validates
every row before judging any, and runs the same obligation functions the service runs on
stored records. A row whose ``amends`` names an earlier row's designation is an amendment
of that activity declared on its ``notified_on`` day (so ``grew_after_event`` can be judged
from a file).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cosec.kit import (
    MAX_ITEMS,
    Charter,
    Count,
    FieldError,
    FindingDraft,
    InvalidInput,
    Latitude,
    Longitude,
    MemberCode,
    Name,
    Obligation,
    RecordDate,
    RequiredName,
    field_errors,
)
from cosec.mechanisms.notifications.context import Activity, FigureChange, NotificationContext
from cosec.mechanisms.notifications.obligations import (
    notification_required,
    notify_by,
    observation_required,
)
from cosec.mechanisms.notifications.records import THRESHOLD_FIGURES, Figures
from cosec.mechanisms.notifications.regime import NotificationRegime

FLAGS = (
    "late",
    "not_notified",
    "observers_not_invited",
    "calendar_missing",
    "exceeds_constraint",
    "near_threshold",
    "split_suspected",
    "grew_after_event",
)
"""Every flag a file assessment can raise, in the order reports list them."""


class ActivityRow(BaseModel):
    """One row of an assessment file; a missing figure means zero."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    designation: RequiredName
    states: Annotated[tuple[MemberCode, ...], Field(min_length=1, max_length=MAX_ITEMS)]
    start: RecordDate
    end: RecordDate
    notified_on: RecordDate | None = None
    troops: Count = 0
    battle_tanks: Count = 0
    acv: Count = 0
    artillery: Count = 0
    air_sorties: Count = 0
    amphibious_troops: Count = 0
    airborne_troops: Count = 0
    ships: Count = 0
    carrier_groups: Count = 0
    alert: bool = False
    lat: Latitude | None = None
    lon: Longitude | None = None
    radius_km: Annotated[float, Field(gt=0, le=5_000)] | None = None
    in_calendar: bool | None = None
    observers_invited: bool | None = None
    amends: Name | None = None

    @field_validator("states", mode="before")
    @classmethod
    def _split_states(cls, v: Any) -> Any:
        if isinstance(v, str):
            return tuple(s.strip().upper() for s in v.replace(",", ";").split(";") if s.strip())
        return v

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: date, info: Any) -> date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError("end must not be before start")
        return end

    def figures(self) -> Figures:
        """The row's figures."""
        return Figures(**{f: getattr(self, f) for f in THRESHOLD_FIGURES})


FIELDS = tuple(ActivityRow.model_fields)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict on one activity of a file."""

    activity: Activity
    notification_required: bool
    observation_required: bool
    notify_by: date
    flags: tuple[str, ...]
    findings: tuple[FindingDraft, ...]

    def as_dict(self) -> dict[str, Any]:
        """A flat, JSON-ready view (the ``--format json`` and ``csv`` output)."""
        a = self.activity
        return {
            "designation": a.designation,
            "states": list(a.states),
            "start": a.start.isoformat(),
            "end": a.end.isoformat(),
            "notified_on": a.notified_on.isoformat() if a.notified_on else None,
            "notification_required": self.notification_required,
            "observation_required": self.observation_required,
            "notify_by": self.notify_by.isoformat(),
            "flags": list(self.flags),
            "findings": [f.summary for f in self.findings],
        }


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Raw rows of a JSON or CSV file (chosen by suffix, else by content)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput.field("FILE", f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput.field("FILE", f"{path} is not UTF-8 text") from exc
    return parse_rows(text, json_format=path.suffix.lower() == ".json" or text.lstrip()[:1] == "[")


def parse_rows(text: str, *, json_format: bool) -> list[dict[str, Any]]:
    """Rows from JSON (an array of objects) or CSV text; empty CSV cells are dropped."""
    if json_format:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput.field("FILE", f"not valid JSON: {exc}") from exc
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InvalidInput.field("FILE", "must be a JSON array of activity objects")
        return data
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise InvalidInput.field("FILE", "the CSV file is empty")
    repeated = sorted(c for c, n in Counter(reader.fieldnames).items() if n > 1)
    if repeated:
        raise InvalidInput.field("FILE", f"column(s) {', '.join(repeated)} appear more than once")
    unknown = [c for c in reader.fieldnames if c not in FIELDS]
    if unknown:
        raise InvalidInput.field(
            "FILE", f"unknown column(s) {', '.join(unknown)}; columns are {', '.join(FIELDS)}"
        )
    rows = []
    for raw in reader:
        if None in raw:
            raise InvalidInput.field(f"row {reader.line_num - 1}", "has more cells than columns")
        rows.append({k: v.strip() for k, v in raw.items() if v is not None and v.strip() != ""})
    return rows


def validate_rows(rows: Sequence[dict[str, Any]], charter: Charter) -> list[ActivityRow]:
    """Validate every row; raise one :class:`InvalidInput` naming each bad row and field."""
    members = charter.regime_members("notification")
    errors: list[FieldError] = []
    valid: list[ActivityRow] = []
    designations: set[str] = set()
    for n, raw in enumerate(rows, start=1):
        try:
            row = ActivityRow.model_validate(raw)
        except ValidationError as exc:
            errors.extend(field_errors(exc, (f"row {n}",)))
            continue
        if members is not None:
            for s in row.states:
                if s not in members:
                    errors.append(
                        FieldError(f"row {n}.states", f"{s} is not a member of the regime")
                    )
        if row.amends is not None and row.amends not in designations:
            errors.append(
                FieldError(f"row {n}.amends", "must name the designation of an earlier row")
            )
        if row.amends is not None and row.notified_on is None:
            errors.append(FieldError(f"row {n}.notified_on", "is required on an amendment row"))
        if row.amends is None:
            designations.add(row.designation)
        valid.append(row)
    if not rows:
        errors.append(FieldError("FILE", "holds no activities"))
    if errors:
        raise InvalidInput(errors)
    return valid


def activities_from_rows(rows: Iterable[ActivityRow]) -> list[Activity]:
    """Activities, with amendment rows folded into the history of the row they amend."""
    base: dict[str, tuple[int, ActivityRow]] = {}
    history: dict[str, list[FigureChange]] = {}
    order: list[str] = []
    for n, row in enumerate(rows, start=1):
        if row.amends is None:
            base[row.designation] = (n, row)
            order.append(row.designation)
            on = row.notified_on or row.start
            history[row.designation] = [FigureChange(on=on, figures=row.figures())]
        else:
            history[row.amends].append(
                FigureChange(on=row.notified_on or row.start, figures=row.figures())
            )
    out = []
    for designation in order:
        n, row = base[designation]
        changes = sorted(history[designation], key=lambda c: c.on)
        out.append(
            Activity(
                key=f"row {n}",
                designation=row.designation,
                states=row.states,
                start=row.start,
                end=row.end,
                figures=changes[-1].figures,
                notified_on=row.notified_on,
                alert=row.alert,
                history=tuple(changes),
                lat=row.lat,
                lon=row.lon,
                radius_km=row.radius_km,
                in_calendar=row.in_calendar,
                observers_invited=row.observers_invited,
            )
        )
    return out


def assess(
    activities: Sequence[Activity],
    *,
    charter: Charter,
    obligations: Sequence[Obligation[NotificationContext]],
    as_of: datetime,
) -> list[Assessment]:
    """Judge each activity alone (the two booleans) and together (the flags)."""
    regime = charter.regime("notification")
    if not isinstance(regime, NotificationRegime):
        raise InvalidInput.field("charter", f"{charter.id} has no notification regime")
    ctx = NotificationContext(
        regime=regime,
        as_of=as_of,
        activities=activities,
        member_name=charter.member_name,
        judge_calendars=False,
    )
    enabled = set(regime.obligations) if regime.obligations is not None else None
    drafts = [
        d for ob in obligations if enabled is None or ob.id in enabled for d in ob.evaluate(ctx)
    ]
    by_subject: dict[str, list[FindingDraft]] = defaultdict(list)
    for d in drafts:  # a suspected split is each of its group's, not only the one it is around
        for subject in dict.fromkeys((*d.subjects, *d.details.get("activities", ()))):
            by_subject[subject].append(d)
    out = []
    for a in activities:
        mine = tuple(by_subject.get(a.key, ()))
        flags = tuple(f for f in FLAGS if any(d.flag == f for d in mine))
        out.append(
            Assessment(
                activity=a,
                notification_required=notification_required(a, regime),
                observation_required=observation_required(a, regime),
                notify_by=notify_by(a, regime),
                flags=flags,
                findings=mine,
            )
        )
    return out
