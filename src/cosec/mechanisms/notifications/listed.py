"""The list of notifications, keyed without building a view of each: what it sorts,
filters and pages by, derived from a few columns of each notification's record and the
amendments and withdrawals that follow it, exactly as :func:`.activities.notified_activity`
and the service's view would derive them (the reference a test compares it with).

Pure: rows of columns in, :class:`ListedRow` out (the service reads the columns).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cosec.mechanisms.notifications import records as r
from cosec.mechanisms.notifications.regime import NotificationRegime

EARLIEST, LATEST = date(1990, 1, 1), date(2200, 12, 31)
"""The days a record may name (:data:`cosec.kit.RecordDate`)."""
MAX_COUNT = 10_000_000
"""The largest figure a record may give (:data:`cosec.kit.Count`)."""


@dataclass(frozen=True)
class ListedRow:
    """One notification as the list sorts, filters and pages it."""

    id: int
    designation: str
    states: tuple[str, ...]
    start: date
    end: date
    troops: int
    notified_on: date
    notify_by: date
    status: str
    """As :func:`status_words` says it."""


def status_words(called_off: bool, required: bool, on_time: bool) -> str:
    """``called off``, ``voluntary``, ``on time`` or ``late``."""
    if called_off:
        return "called off"
    if not required:
        return "voluntary"
    return "on time" if on_time else "late"


@dataclass(frozen=True)
class _Following:
    id: int
    at: datetime
    kind: str
    payload: Any

    @property
    def order(self) -> tuple[datetime, int]:
        return self.at, self.id


M = TypeVar("M", bound=BaseModel)


def _read(model: type[M], payload: Any) -> M | None:
    try:
        return model.model_validate(payload)
    except ValidationError:
        return None


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def _count(value: Any) -> int | None:
    """A figure as the database gives a JSON value as text (SQLite: the number itself;
    PostgreSQL: its text)."""
    if value is None:
        return 0  # a missing figure means zero
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        return None
    return value


ALERT: dict[Any, bool] = {None: False, "0": False, "1": True, "false": False, "true": True}
"""``alert`` as the database gives it as text (SQLite: ``0`` or ``1``; PostgreSQL: its
JSON text)."""


def _states(text: Any) -> tuple[str, ...] | None:
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(value, list) or not value or len(set(map(str, value))) != len(value):
        return None
    ok = all(isinstance(s, str) and len(s) == 3 and s.isascii() and s.isupper() for s in value)
    return tuple(value) if ok and all(s.isalpha() for s in value) else None


def _row(
    prior: Sequence[Any],
    following: Iterable[_Following],
    figures: Sequence[str],
    regime_of: Callable[[str], NotificationRegime],
) -> ListedRow | None:
    """The keys of one notification; ``None`` when the fields they come from no longer
    read (the view would not build either: the list leaves it out)."""
    rid, submitted_at, version, designation, states, start_text, end_text, alert = prior[:8]
    counts = dict(zip(figures, (_count(v) for v in prior[8:]), strict=True))
    states = _states(states)
    start, end = _day(start_text), _day(end_text)
    if (
        not isinstance(designation, str)
        or not 1 <= len(designation) <= 200
        or states is None
        or start is None
        or end is None
        or end < start
        or not isinstance(alert, str | None)
        or alert not in ALERT
        or None in counts.values()
    ):
        return None
    amounts: dict[str, int] = {f: c or 0 for f, c in counts.items()}
    in_order = sorted(following, key=lambda f: f.order)
    withdrawn = next(
        (
            f
            for f in in_order
            if f.kind == "notification.withdrawal"
            and _read(r.NotificationWithdrawal, f.payload) is not None
        ),
        None,
    )
    for f in in_order:
        if f.kind != "notification.amendment":
            continue
        if withdrawn is not None and f.order > withdrawn.order:
            break
        a = _read(r.NotificationAmendment, f.payload)
        if a is None or (a.start or start) > (a.end or end):
            continue  # unreadable, or it would end the activity before it starts
        start, end = a.start or start, a.end or end
        if a.figures is not None:
            amounts = {name: a.figures.get(name) for name in figures}
    regime = regime_of(version)
    notified_on = submitted_at.date()
    by = start if ALERT[alert] else start - timedelta(days=regime.lead_time_days)
    required = any(amounts[f] >= t for f, t in regime.notify.items())
    called_off = withdrawn is not None and withdrawn.at.date() < start
    return ListedRow(
        id=rid,
        designation=designation,
        states=states,
        start=start,
        end=end,
        troops=amounts["troops"],
        notified_on=notified_on,
        notify_by=by,
        status=status_words(called_off, required, notified_on <= by),
    )


def listed_rows(
    priors: Iterable[Sequence[Any]],
    following: Mapping[int, Iterable[tuple[int, datetime, str, Any]]],
    figures: Sequence[str],
    regime_of: Callable[[str], NotificationRegime],
    *,
    state: str | None,
    year: int | None,
) -> list[ListedRow]:
    """The keys of each readable notification among ``priors`` (columns: id, submitted
    at, charter version, designation, states, start, end, alert, then ``figures``), with
    the amendments and withdrawals ``following`` each (by id: id, submitted at, kind,
    payload), filtered by ``state`` and ``year`` as the list filters them."""
    out = []
    for prior in priors:
        row = _row(prior, (_Following(*f) for f in following.get(prior[0], ())), figures, regime_of)
        if row is None:
            continue
        if state and state not in row.states:
            continue
        if year and year not in (row.start.year, row.end.year):
            continue
        out.append(row)
    return out
