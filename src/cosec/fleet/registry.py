"""The registry's versions, folded from its entries: pure, no store.

Each ``fleet.unit`` record is one *entry* about one identifier. An entry takes effect on
its ``valid_from`` day (00:00 UTC), or when it was logged if it names no day. Entries of
an identifier are ordered by the time they take effect (two on the same instant: the one
logged later wins), and each holds until the next takes effect; a withdrawn entry says
the unit is not a state unit from then on. Nothing is ever dropped: the history keeps
every entry, superseded or not. This is the order :meth:`cosec.compliance.evidence.
StoreEvidence.unit` reads the registry in, so obligations and pages agree.

>>> from datetime import UTC, datetime
>>> a = FleetUnit(identifier="412000001", member="CHN", kind="navy")
>>> b = FleetUnit(identifier="412000001", member="CHN", kind="navy", withdrawn=True,
...               valid_from=date(2026, 6, 1))
>>> h = History.of([Entry.of(1, a, datetime(2026, 1, 5, tzinfo=UTC)),
...                 Entry.of(2, b, datetime(2026, 2, 1, tzinfo=UTC))])
>>> march, july = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)
>>> h.current(march).record_id, h.current(july), h.at(july).record_id
(1, None, 2)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal, get_args

from cosec.errors import InvalidInput
from cosec.kinds.fleet import FleetUnit

MMSI = re.compile(r"^[0-9]{9}$")
ICAO = re.compile(r"^[0-9a-f]{6}$")


def effective_from(unit: FleetUnit, logged_at: datetime) -> datetime:
    """When an entry takes effect: its ``valid_from`` day at 00:00 UTC, else when logged."""
    if unit.valid_from is None:
        return logged_at
    return datetime.combine(unit.valid_from, time.min, tzinfo=UTC)


def normal_identifier(text: str, loc: str = "identifier") -> str:
    """An MMSI (9 digits) or an ICAO address (6 hex digits, any case) in the registry's
    spelling; anything else is an :class:`InvalidInput` naming ``loc``."""
    value = text.strip().lower()
    if not (MMSI.match(value) or ICAO.match(value)):
        raise InvalidInput.field(
            loc, "must be a ship's MMSI (9 digits) or an aircraft's ICAO address (6 hex digits)"
        )
    return value


def domain_of(identifier: str) -> str:
    """``sea`` for an MMSI, ``air`` for an ICAO address."""
    return "sea" if MMSI.match(identifier) else "air"


def parse_as_of(text: str, loc: str = "as_of") -> datetime:
    """``YYYY-MM-DD`` (the end of that day, UTC) or an ISO 8601 instant with an offset."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            when = datetime.combine(day, time.max, tzinfo=UTC)
        else:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput.field(
            loc, "must be a day (YYYY-MM-DD) or an instant in ISO 8601 with an offset"
        ) from None
    if when.tzinfo is None:
        raise InvalidInput.field(loc, "must carry a UTC offset")
    if not 1990 <= when.year <= 2200:
        raise InvalidInput.field(loc, "must be between 1990 and 2200")
    return when.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Entry:
    """One ``fleet.unit`` record as the registry reads it."""

    record_id: int
    unit: FleetUnit
    effective: datetime
    logged_at: datetime
    submitter: str = ""
    audience: str = "public"

    @classmethod
    def of(
        cls,
        record_id: int,
        unit: FleetUnit,
        logged_at: datetime,
        submitter: str = "",
        audience: str = "public",
    ) -> Entry:
        """An entry from its record's parts."""
        return cls(record_id, unit, effective_from(unit, logged_at), logged_at, submitter, audience)

    @property
    def order(self) -> tuple[datetime, int]:
        """Its place in its identifier's history."""
        return (self.effective, self.record_id)


@dataclass(frozen=True, slots=True)
class History:
    """Every entry about one identifier, in the order they take effect."""

    identifier: str
    entries: tuple[Entry, ...]

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> History:
        """The history of entries that all name one identifier."""
        ordered = tuple(sorted(entries, key=lambda e: e.order))
        if not ordered:
            raise ValueError("a history needs at least one entry")
        return cls(ordered[0].unit.identifier, ordered)

    def at(self, when: datetime | None = None) -> Entry | None:
        """The entry in effect at ``when`` (``None``: the latest), withdrawn or not."""
        chosen = None
        for e in self.entries:
            if when is None or e.effective <= when:
                chosen = e
        return chosen

    def current(self, when: datetime | None = None) -> Entry | None:
        """The entry in effect at ``when`` if it lists a state unit (not withdrawn)."""
        entry = self.at(when)
        return None if entry is None or entry.unit.withdrawn else entry

    def superseded_by(self, entry: Entry) -> Entry | None:
        """The entry that follows ``entry`` in effect, if any."""
        i = self.entries.index(entry)
        return self.entries[i + 1] if i + 1 < len(self.entries) else None


def fold(entries: Iterable[Entry]) -> dict[str, History]:
    """Entries grouped into each identifier's history."""
    by_id: dict[str, list[Entry]] = {}
    for e in entries:
        by_id.setdefault(e.unit.identifier, []).append(e)
    return {i: History.of(es) for i, es in by_id.items()}


SortKey = Literal["identifier", "name", "member", "kind", "domain", "valid_from"]
"""What a listing of current units may be sorted by."""
SORT_KEYS: tuple[str, ...] = get_args(SortKey)


def sort_entries(entries: Sequence[Entry], key: str, *, descending: bool = False) -> list[Entry]:
    """Entries ordered by ``key`` (one of :data:`SORT_KEYS`), ties by identifier."""
    if key not in SORT_KEYS:
        raise InvalidInput.field("sort", f"must be one of {', '.join(SORT_KEYS)}")

    def value(e: Entry) -> tuple[str, str]:
        u = e.unit
        field = {
            "identifier": u.identifier,
            "name": u.name.casefold(),
            "member": u.member,
            "kind": u.kind,
            "domain": u.domain,
            "valid_from": e.effective.isoformat(),
        }[key]
        return (field, u.identifier)

    return sorted(entries, key=value, reverse=descending)
