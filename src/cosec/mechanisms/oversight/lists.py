"""The list of designated vessels and entities, versioned: who was listed when.

Each designation is in force from its ``listed_on`` day until the day it is delisted (if
ever). An event is judged by the list in force on the event's day; a vessel listed later
is named as such, never judged as if it had been listed then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Listing:
    """One designation, with its delisting if there is one."""

    key: int
    """The ``oversight.designation`` record id (a file's row number in an assessment)."""
    name: str
    mmsi: str | None
    imo: str | None
    listed_on: date
    source: str
    subject: str = "vessel"
    reference: str = ""
    delisted_on: date | None = None
    delisting: int | None = None
    """The ``oversight.delisting`` record id."""
    from_file: bool = False
    """Read from a list file (``assess``), not a signed record."""

    def in_force(self, day: date) -> bool:
        """Whether the designation is in force on ``day``."""
        return self.listed_on <= day and (self.delisted_on is None or day < self.delisted_on)

    @property
    def evidence(self) -> tuple[int, ...]:
        """The records it rests on (none for a file's row)."""
        if self.from_file:
            return ()
        return (self.key,) + ((self.delisting,) if self.delisting is not None else ())

    def describe(self) -> str:
        """``listed by UN 1718 Committee on 03 October 2018``."""
        return f"listed by {self.source} on {day_text(self.listed_on)}"


def day_text(d: date | datetime) -> str:
    """``03 October 2018`` (the house's ``%d %B %Y``)."""
    return f"{d:%d %B %Y}"


@dataclass
class DesignatedList:
    """Designations by MMSI (vessels without one cannot be matched to AIS tracks)."""

    listings: dict[int, Listing] = field(default_factory=dict)
    by_mmsi: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, listing: Listing) -> None:
        """Put a designation on the list (or replace it, same key)."""
        self.remove(listing.key)
        self.listings[listing.key] = listing
        if listing.mmsi:
            self.by_mmsi[listing.mmsi].add(listing.key)

    def remove(self, key: int) -> Listing | None:
        """Take a designation off (as if never recorded)."""
        old = self.listings.pop(key, None)
        if old is not None and old.mmsi:
            self.by_mmsi[old.mmsi].discard(key)
        return old

    def delist(self, key: int, on: date, record_id: int) -> Listing | None:
        """Close a designation from ``on``; the listing as it now stands."""
        old = self.listings.get(key)
        if old is None:
            return None
        if old.delisted_on is not None and old.delisted_on <= on:
            return old
        new = replace(old, delisted_on=on, delisting=record_id)
        self.listings[key] = new
        return new

    def of(self, mmsi: str) -> list[Listing]:
        """Every designation of a vessel, earliest first."""
        keys = self.by_mmsi.get(mmsi, ())
        return sorted((self.listings[k] for k in keys), key=lambda x: (x.listed_on, x.key))

    def at(self, mmsi: str, day: date) -> Listing | None:
        """The earliest designation of the vessel in force on ``day``."""
        return next((x for x in self.of(mmsi) if x.in_force(day)), None)

    def later(self, mmsi: str, day: date) -> Listing | None:
        """The first designation of the vessel made after ``day`` (not in force then)."""
        return next((x for x in self.of(mmsi) if x.listed_on > day), None)

    def __contains__(self, mmsi: object) -> bool:
        return bool(self.by_mmsi.get(str(mmsi)))
