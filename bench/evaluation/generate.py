"""A deterministic history of prior notification under eas-2026, of any size.

The 18 members notify their activities over six years (January 2021 to November 2026):
figures mostly around the charter's thresholds (a share just under them, a few large
enough for the constraints), most notified 43 to 120 days ahead, some late, a few alert
activities, some split into phases below a threshold; amendments (a quarter of them after
the activity ended), invitations to observe and replies, annual calendars (mostly on time,
some late, a few never), requests for explanation (most answered within 48 hours) and
activities the secretariat observed (half of them never notified). Each member has a home
region and a few series of designations; a fifth of the activities are joint with a second
member. Large militaries notify more than small ones.

A member sends its routine records at its weekly slot (a weekday and an hour of its own),
so a week's notifications of one member are one submission batch; replies to requests and
alert notifications go out when they happen. ``n`` counts ``notification.prior`` records;
the other kinds come on top (about 20 % more records).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

GENERATOR_VERSION = 1
"""Bump when the generated history changes: cached stores are keyed by it."""

HISTORY_START = date(2021, 1, 4)  # a Monday
HISTORY_END = date(2026, 11, 30)
EARLIER_VERSION = "2021.1"
"""The store's first charter version: eas-2026's text in force from ``EARLIER_FROM``."""
EARLIER_FROM = date(2021, 1, 1)

# (code, activity weight, home regions as (lat, lon, spread in degrees), partners)
MEMBERS: tuple[tuple[str, float, tuple[tuple[float, float, float], ...], tuple[str, ...]], ...] = (
    ("BRN", 0.5, ((4.6, 114.7, 0.4),), ("MYS", "SGP")),
    ("KHM", 1.0, ((12.5, 104.9, 1.2),), ("CHN", "THA")),
    ("IDN", 3.0, ((-6.5, 107.0, 3.0), (-2.0, 117.0, 4.0)), ("AUS", "USA", "MYS")),
    ("LAO", 0.5, ((19.0, 102.5, 1.5),), ("VNM", "CHN")),
    ("MYS", 2.0, ((3.5, 102.0, 1.5), (4.0, 114.0, 2.0)), ("SGP", "IDN", "AUS")),
    ("MMR", 1.5, ((20.0, 96.0, 2.5),), ("IND", "CHN")),
    ("PHL", 3.0, ((15.5, 120.5, 2.0), (10.0, 123.0, 2.0)), ("USA", "JPN", "AUS")),
    ("SGP", 1.5, ((1.35, 103.8, 0.3),), ("USA", "AUS", "IND")),
    ("THA", 3.0, ((15.0, 101.0, 2.0),), ("USA", "SGP")),
    ("VNM", 3.0, ((16.0, 107.0, 2.5), (11.0, 108.0, 1.5)), ("IND", "RUS")),
    ("AUS", 5.0, ((-19.0, 146.0, 4.0), (-12.5, 131.0, 3.0), (-32.0, 116.0, 3.0)), ("USA", "JPN")),
    (
        "CHN",
        10.0,
        ((24.5, 118.5, 3.0), (29.0, 122.0, 3.0), (40.0, 116.0, 5.0), (19.0, 111.0, 3.0)),
        ("RUS",),
    ),
    ("IND", 6.0, ((28.0, 77.0, 4.0), (15.0, 74.0, 3.0), (12.0, 85.0, 4.0)), ("USA", "JPN", "AUS")),
    ("JPN", 6.0, ((35.0, 138.0, 3.0), (26.5, 128.0, 2.0), (43.0, 142.5, 2.0)), ("USA", "AUS")),
    ("NZL", 1.0, ((-40.0, 174.0, 3.0),), ("AUS",)),
    ("KOR", 6.0, ((37.0, 127.5, 1.2), (35.0, 129.0, 1.0)), ("USA",)),
    ("RUS", 7.0, ((43.1, 132.0, 3.0), (50.0, 140.0, 4.0), (52.0, 158.0, 3.0)), ("CHN",)),
    (
        "USA",
        9.0,
        ((13.4, 144.8, 3.0), (21.3, -158.0, 3.0), (26.5, 128.0, 2.0), (36.0, 127.0, 1.5)),
        ("JPN", "KOR", "PHL", "AUS"),
    ),
)
CODES = tuple(m[0] for m in MEMBERS)

_ADJECTIVES = [
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Iron",
    "Steel",
    "Golden",
    "Silver",
    "Blue",
    "Red",
    "Jade",
    "Thunder",
    "Ocean",
    "Mountain",
    "Desert",
    "Swift",
    "Vigilant",
    "Valiant",
    "Joint",
    "Pacific",
    "Coral",
    "Crimson",
    "Emerald",
    "Granite",
]
_NOUNS = [
    "Sword",
    "Shield",
    "Dragon",
    "Tiger",
    "Eagle",
    "Falcon",
    "Trident",
    "Spear",
    "Guardian",
    "Sentinel",
    "Storm",
    "Wave",
    "Strike",
    "Resolve",
    "Harmony",
    "Reach",
    "Lightning",
    "Arrow",
    "Bridge",
    "Anchor",
    "Lotus",
    "Phoenix",
    "Horizon",
    "Compass",
]
_ROMAN = ("I", "II", "III")
_FIGURE_NAMES = (
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


@dataclass(frozen=True, slots=True)
class Event:
    """One submission: who sends what when; ``refs`` name earlier events' labels."""

    when: datetime
    actor: str
    """A member code, or ``SEC``."""
    kind: str
    payload: dict[str, Any]
    label: str | None = None
    refs: tuple[tuple[str, str], ...] = ()
    """``(payload field, label)``: the field takes the id the labelled record got."""


@dataclass
class _Activity:
    label: str
    states: list[str]
    designation: str
    start: date
    end: date
    notified: datetime
    figures: dict[str, int]
    lat: float
    lon: float
    radius_km: float
    alert: bool = False
    amendments: list[tuple[datetime, dict[str, Any]]] = field(default_factory=list)


@dataclass
class History:
    """The generated records, in submission order, and the activities they notify."""

    events: list[Event]
    activities: list[_Activity]

    def counts(self) -> dict[str, int]:
        """Records by kind."""
        out: dict[str, int] = defaultdict(int)
        for e in self.events:
            out[e.kind] += 1
        return dict(sorted(out.items()))


def _slot_time(i: int) -> tuple[int, int]:
    """Member ``i``'s weekly slot: (weekday, hour); every member has an hour of its own."""
    return i % 5, 5 + i


def slot_on_or_before(member: str, day: date) -> datetime:
    """The member's last weekly slot on or before ``day`` (not before the history starts)."""
    weekday, hour = _slot_time(CODES.index(member) if member in CODES else len(CODES))
    monday = day - timedelta(days=day.weekday())
    slot = monday + timedelta(days=weekday)
    if slot > day:
        slot -= timedelta(days=7)
    slot = max(slot, HISTORY_START + timedelta(days=weekday))
    return datetime.combine(slot, time(hour), tzinfo=UTC)


def slot_after(member: str, moment: datetime, days: int = 0) -> datetime:
    """The member's first weekly slot at least ``days`` days after ``moment``."""
    slot = slot_on_or_before(member, (moment + timedelta(days=days)).date())
    while slot <= moment + timedelta(days=days):
        slot += timedelta(days=7)
    return slot


def _figures(rng: random.Random) -> tuple[dict[str, int], str]:
    """Figures around the thresholds, and what kind of activity they make."""
    r = rng.random()
    if r < 0.45:  # a land exercise over the notification threshold (9,000 troops)
        troops = int(rng.uniform(9_000, 12_900))
        f = {
            "troops": troops,
            "battle_tanks": int(rng.uniform(40, 240)),
            "artillery": rng.randrange(20, 200),
        }
        return f, "land"
    if r < 0.53:  # above the observation and first constraint threshold (13,000)
        f = {"troops": int(rng.uniform(13_100, 24_000)), "battle_tanks": rng.randrange(100, 290)}
        return f, "large"
    if r < 0.555:  # above 25,000
        f = {"troops": int(rng.uniform(25_100, 39_000)), "battle_tanks": rng.randrange(200, 420)}
        return f, "large"
    if r < 0.56:  # above 40,000
        return {
            "troops": int(rng.uniform(40_100, 60_000)),
            "battle_tanks": rng.randrange(300, 950),
        }, "large"
    if r < 0.69:  # just under the notification threshold (near_threshold)
        return {"troops": int(rng.uniform(8_560, 8_999))}, "near"
    if r < 0.79:  # naval
        return {"ships": rng.randrange(18, 32), "troops": int(rng.uniform(2_000, 6_000))}, "naval"
    if r < 0.87:  # air
        return {"air_sorties": rng.randrange(150, 270)}, "air"
    if r < 0.93:  # amphibious
        return {
            "amphibious_troops": rng.randrange(2_800, 4_000),
            "ships": rng.randrange(8, 20),
        }, "amphibious"
    return {"troops": int(rng.uniform(2_000, 8_000))}, "small"  # notified although below


def _place(
    rng: random.Random, regions: tuple[tuple[float, float, float], ...]
) -> tuple[float, float]:
    lat0, lon0, spread = rng.choice(regions)
    lat = max(-89.0, min(89.0, rng.gauss(lat0, spread)))
    lon = (rng.gauss(lon0, spread) + 180.0) % 360.0 - 180.0
    return round(lat, 3), round(lon, 3)


class _Names:
    """Designations unique per (year, stem), from each member's own series."""

    def __init__(self, rng: random.Random) -> None:
        pairs = [(a, n) for a in _ADJECTIVES for n in _NOUNS]
        rng.shuffle(pairs)
        self.series = {
            code: [f"{a} {n}" for a, n in pairs[i * 12 : (i + 1) * 12]]
            for i, code in enumerate(CODES)
        }
        self.used: dict[tuple[str, int], int] = defaultdict(int)

    def new(self, rng: random.Random, member: str, year: int) -> str:
        s = rng.choice(self.series[member])
        self.used[(s, year)] += 1
        k = self.used[(s, year)]
        return f"{s} {year}" + (f"-{k}" if k > 1 else "")


def _area(a: _Activity) -> dict[str, Any]:
    return {"description": "training area", "lat": a.lat, "lon": a.lon, "radius_km": a.radius_km}


def _activity_fields(a: _Activity) -> dict[str, Any]:
    return {
        "designation": a.designation,
        "states": a.states,
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "alert": a.alert,
        "figures": a.figures,
        "area": _area(a),
    }


def generate(n: int, seed: int = 2026) -> History:
    """``n`` notifications and the records around them, in submission order."""
    rng = random.Random(seed * 1_000_003 + n)
    names = _Names(rng)
    weights = [m[1] for m in MEMBERS]
    info = {m[0]: m for m in MEMBERS}
    days = (HISTORY_END - HISTORY_START).days
    events: list[Event] = []
    acts: list[_Activity] = []

    def notify(a: _Activity) -> None:
        events.append(
            Event(
                a.notified,
                a.states[0],
                "notification.prior",
                _activity_fields(a) | {"purpose": "exercise"},
                a.label,
            )
        )
        acts.append(a)

    count = 0
    while count < n:
        member = rng.choices(CODES, weights)[0]
        _, _, regions, partners = info[member]
        day = HISTORY_START + timedelta(days=rng.randrange(days + 1))
        states = [member]
        if rng.random() < 0.2:
            states.append(rng.choice(partners))
        figures, what = _figures(rng)
        lead = rng.random()
        notified = slot_on_or_before(member, day)
        alert = False
        if lead < 0.84:
            start = notified.date() + timedelta(days=rng.randrange(43, 121))
        elif lead < 0.95:
            start = notified.date() + timedelta(days=rng.randrange(5, 42))  # late
        elif lead < 0.98:
            start = notified.date() - timedelta(days=rng.randrange(1, 6))  # after it began
        else:  # an alert activity, notified as the troops start
            alert = True
            start = day
            notified = datetime.combine(
                day, time(rng.randrange(0, 24), rng.randrange(60)), tzinfo=UTC
            )
        length = rng.randrange(2, 15) if what != "air" else rng.randrange(1, 6)
        end = start + timedelta(days=length - 1)
        lat, lon = _place(rng, regions)
        split = what == "near" and rng.random() < 0.15 and count + 2 <= n
        if split:  # one activity notified as two or three phases, each below the threshold
            parts = 2 if rng.random() < 0.7 or count + 3 > n else 3
            stem = names.new(rng, member, start.year)
            for k in range(parts):
                p_start = start + timedelta(days=k * rng.randrange(1, 4))
                a = _Activity(
                    f"n{count}",
                    states,
                    f"{stem} - Phase {_ROMAN[k]}",
                    p_start,
                    p_start + timedelta(days=length - 1),
                    notified,
                    {"troops": int(rng.uniform(4_600, 8_400))},
                    round(lat + rng.uniform(-0.5, 0.5), 3),
                    round(lon + rng.uniform(-0.5, 0.5), 3),
                    float(rng.randrange(20, 120)),
                )
                notify(a)
                count += 1
            continue
        a = _Activity(
            f"n{count}",
            states,
            names.new(rng, member, start.year),
            start,
            end,
            notified,
            figures,
            lat,
            lon,
            float(rng.randrange(20, 300)),
            alert,
        )
        notify(a)
        count += 1
    last = datetime.combine(HISTORY_END, time(23, 59), tzinfo=UTC)
    for a in list(acts):
        events += _followers(rng, a, last)
    events += _calendars(rng, acts, last)
    events += _explanations(rng, acts, n, last)
    events += _observed(rng, acts, n, names, last)
    events = [e for e in events if e.when <= last]
    events.sort(key=lambda e: (e.when, e.actor, e.kind))
    return History(events, acts)


def _followers(rng: random.Random, a: _Activity, last: datetime) -> Iterator[Event]:
    """Amendments, invitations and replies to invitations of one notified activity."""
    member = a.states[0]
    r = rng.random()
    if r < 0.05:  # new figures before or during the activity
        when = slot_after(member, a.notified, 1)
        figures = {k: max(1, int(v * rng.uniform(0.8, 1.15))) for k, v in a.figures.items()}
        payload = {"reason": "revised planning figures", "figures": figures}
        a.amendments.append((when, payload))
        yield Event(
            when, member, "notification.amendment", payload, refs=(("notification_id", a.label),)
        )
    elif r < 0.065:  # figures raised after the event
        end = datetime.combine(a.end, time(0), tzinfo=UTC)
        when = slot_after(member, max(end, a.notified), rng.randrange(2, 30))
        figures = {k: int(v * rng.uniform(1.05, 1.3)) + 1 for k, v in a.figures.items()}
        payload = {"reason": "final figures after the exercise", "figures": figures}
        a.amendments.append((when, payload))
        yield Event(
            when, member, "notification.amendment", payload, refs=(("notification_id", a.label),)
        )
    elif r < 0.08:  # dates moved
        when = slot_after(member, a.notified, 1)
        shift = timedelta(days=rng.randrange(-3, 8))
        payload = {
            "reason": "schedule changed",
            "start": (a.start + shift).isoformat(),
            "end": (a.end + shift).isoformat(),
        }
        a.amendments.append((when, payload))
        yield Event(
            when, member, "notification.amendment", payload, refs=(("notification_id", a.label),)
        )
    observe = a.figures.get("troops", 0) >= 13_000 or a.figures.get("amphibious_troops", 0) >= 3_500
    if observe and rng.random() < 0.85:
        when = slot_after(member, a.notified, 1)
        others = [c for c in CODES if c not in a.states]
        invited = sorted(rng.sample(others, rng.randrange(3, 7)))
        label = f"{a.label}-inv"
        yield Event(
            when,
            member,
            "notification.invitation",
            {"invited": invited, "observers_per_state": 2, "programme": "two days with the staff"},
            label,
            (("notification_id", a.label),),
        )
        for state in invited:
            if rng.random() < 0.3:
                accepted = rng.random() < 0.7
                yield Event(
                    slot_after(state, when),
                    state,
                    "notification.invitation_reply",
                    {"accepted": accepted, "observers": rng.randrange(1, 3) if accepted else 0},
                    refs=(("invitation_id", label),),
                )


def _calendars(rng: random.Random, acts: list[_Activity], last: datetime) -> Iterator[Event]:
    """Each member's calendar for the next year, sent in November (some late, a few never)."""
    planned: dict[tuple[str, int], list[_Activity]] = defaultdict(list)
    for a in acts:
        notifiable = (
            a.figures.get("troops", 0) >= 9_000
            or a.figures.get("ships", 0) >= 20
            or a.figures.get("air_sorties", 0) >= 200
            or a.figures.get("amphibious_troops", 0) >= 3_000
        )
        if notifiable and not a.alert:
            planned[(a.states[0], a.start.year)].append(a)
    for year in range(HISTORY_START.year, HISTORY_END.year + 1):
        for member in CODES:
            r = rng.random()
            if r < 0.03:
                continue  # never sent
            due = date(year, 11, 15)
            when = (
                slot_on_or_before(member, due)
                if r < 0.93
                else slot_after(
                    member, datetime.combine(due, time(12), tzinfo=UTC), rng.randrange(5, 40)
                )
            )
            listed = [a for a in planned[(member, year + 1)] if rng.random() < 0.7][:1_000]
            payload: dict[str, Any] = {"year": year + 1}
            if listed:
                payload["entries"] = [_activity_fields(a) for a in listed]
            else:
                payload["nil_return"] = True
            yield Event(when, member, "notification.calendar", payload)


def _explanations(
    rng: random.Random, acts: list[_Activity], n: int, last: datetime
) -> Iterator[Event]:
    """Requests about unusual activity (one per 100 notifications) and their replies."""
    span = (last - datetime.combine(HISTORY_START, time(0), tzinfo=UTC)).total_seconds()
    for k in range(max(1, n // 100)):
        requester, respondent = rng.sample(CODES, 2)
        asked = datetime.combine(HISTORY_START, time(0), tzinfo=UTC) + timedelta(
            seconds=rng.uniform(0, span)
        )
        asked = asked.replace(microsecond=0)
        label = f"req{k}"
        yield Event(
            asked,
            requester,
            "notification.explanation_request",
            {
                "respondent": respondent,
                "concern": "an unusual concentration of forces near the border",
            },
            label,
        )
        r = rng.random()
        if r < 0.9:
            hours = rng.uniform(2, 46) if r < 0.75 else rng.uniform(50, 200)
            yield Event(
                (asked + timedelta(hours=hours)).replace(microsecond=0),
                respondent,
                "notification.explanation_reply",
                {"explanation": "a scheduled readiness check, notified in the calendar"},
                refs=(("request_id", label),),
            )


def _observed(
    rng: random.Random, acts: list[_Activity], n: int, names: _Names, last: datetime
) -> Iterator[Event]:
    """Activities the secretariat saw in independent evidence (one per 200 notifications):
    half are notified ones seen again, half were never notified."""
    for _k in range(max(1, n // 200)):
        a = rng.choice(acts)
        if rng.random() < 0.5:
            designation, states, start, end = a.designation, a.states, a.start, a.end
        else:
            designation = names.new(rng, a.states[0], a.start.year) + " (unnamed)"
            states = a.states[:1]
            start = a.start + timedelta(days=rng.randrange(20, 200))
            end = start + timedelta(days=rng.randrange(1, 8))
        when = slot_after("SEC", datetime.combine(end, time(0), tzinfo=UTC), rng.randrange(2, 10))
        figures = (
            {"ships": rng.randrange(20, 35)}
            if rng.random() < 0.5
            else {"troops": int(rng.uniform(9_500, 20_000))}
        )
        yield Event(
            when,
            "SEC",
            "notification.observed",
            {
                "designation": designation,
                "states": states,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "figures": figures,
                "area": {"lat": a.lat, "lon": a.lon, "radius_km": 150.0},
                "sources": ["AIS tracks", "open-source imagery"],
            },
        )


# --- assessment files -----------------------------------------------------------------------

ASSESS_COLUMNS = (
    "designation",
    "states",
    "start",
    "end",
    "notified_on",
    *_FIGURE_NAMES,
    "alert",
    "lat",
    "lon",
    "radius_km",
    "observers_invited",
    "amends",
)


def assess_rows(n: int, seed: int = 2026) -> list[dict[str, Any]]:
    """``n`` rows of a ``cosec notifications assess`` file: the activities of the history of
    about ``n`` notifications, each amendment of figures as a row of its own."""
    history = generate(n, seed)
    rows: list[dict[str, Any]] = []
    for a in history.activities:
        base = {
            "designation": a.designation,
            "states": ";".join(a.states),
            "start": a.start.isoformat(),
            "end": a.end.isoformat(),
            "notified_on": a.notified.date().isoformat(),
            **{f: a.figures.get(f, "") for f in _FIGURE_NAMES},
            "alert": "true" if a.alert else "",
            "lat": a.lat,
            "lon": a.lon,
            "radius_km": a.radius_km,
            "observers_invited": "",
            "amends": "",
        }
        rows.append(base)
        for when, payload in a.amendments:
            if "figures" in payload and len(rows) < n:
                rows.append(
                    base
                    | {f: payload["figures"].get(f, "") for f in _FIGURE_NAMES}
                    | {"notified_on": when.date().isoformat(), "amends": a.designation}
                )
        if len(rows) >= n:
            break
    return rows[:n]


def new_notifications(count: int, after: date, seed: int = 7) -> list[tuple[str, dict[str, Any]]]:
    """``count`` more notifications, as members send them after the history: ``(member,
    payload)``, each activity starting 45 to 120 days after ``after``."""
    rng = random.Random(seed)
    names = _Names(random.Random(seed + 1))
    info = {m[0]: m for m in MEMBERS}
    out: list[tuple[str, dict[str, Any]]] = []
    for k in range(count):
        member = rng.choices(CODES, [m[1] for m in MEMBERS])[0]
        figures, what = _figures(rng)
        start = after + timedelta(days=rng.randrange(45, 121))
        length = rng.randrange(2, 15) if what != "air" else rng.randrange(1, 6)
        lat, lon = _place(rng, info[member][2])
        a = _Activity(
            f"new{k}",
            [member],
            names.new(rng, member, start.year) + " (new)",
            start,
            start + timedelta(days=length - 1),
            datetime.combine(after, time(0), tzinfo=UTC),
            figures,
            lat,
            lon,
            float(rng.randrange(20, 300)),
        )
        out.append((member, _activity_fields(a) | {"purpose": "exercise"}))
    return out
