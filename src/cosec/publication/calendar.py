"""iCalendar feeds of notified activities, for each reader.

The activities come from every mechanism that lists some (``Interfaces.calendar``), each
already filtered by what the reader may read: the public's feed holds public records only,
a member's what its member may read (its key or its web session).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from cosec.deployment import Deployment
from cosec.kit.report import CalendarEvent
from cosec.principals import Principal
from cosec.registry import mechanisms

PRODID = "-//cosec//notified activities//EN"


def events(
    session: Session, *, deployment: Deployment, principal: Principal
) -> list[CalendarEvent]:
    """Every activity ``principal`` may read, from every mechanism in force, by start."""
    found: list[CalendarEvent] = []
    for m in mechanisms().values():
        hook = m.interfaces.calendar
        if hook is not None and deployment.current.regime(m.name) is not None:
            found.extend(hook.load()(session, deployment, principal))
    return sorted(found, key=lambda e: (e.start, e.uid))


def to_ical(found: Iterable[CalendarEvent], *, now: datetime, name: str, host: str) -> bytes:
    """An iCalendar (RFC 5545) document of ``found`` (pure): all-day events, ``DTEND`` the
    day after the last, withdrawn activities ``STATUS:CANCELLED``."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for e in found:
        ev = Event()
        ev.add("uid", f"{e.uid}@{host}")
        ev.add("summary", e.title)
        ev.add("dtstart", e.start)
        ev.add("dtend", e.end + timedelta(days=1))
        ev.add("dtstamp", now)
        ev.add("sequence", e.sequence)
        ev.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
        ev.add("categories", list(e.members) or ["activity"])
        ev.add("class", "PUBLIC" if e.audience == "public" else "CONFIDENTIAL")
        if e.description:
            ev.add("description", e.description)
        if e.url:
            ev.add("url", f"https://{host}{e.url}")
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data


def feed(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    now: datetime,
    host: str = "cosec.local",
) -> bytes:
    """The feed of ``principal``."""
    who = principal.member or principal.role.value
    return to_ical(
        events(session, deployment=deployment, principal=principal),
        now=now,
        name=f"cosec: notified activities ({who})",
        host=host,
    )
