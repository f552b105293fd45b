"""The crisis hotline in the demo year, under ``eas-2026``.

Seventeen members file their chains of contacts (Myanmar does not). The secretariat runs a
FLASH drill each quarter with five members; China acknowledges slowly every time (its
drills escalate to its ministry, then to the secretariat), so its measured times make it
``slow_to_acknowledge``. Real messages follow the incidents of the year: a FLASH from the
Philippines during the water-cannon incident, acknowledged late; another after the
collision at Sabina Shoal, never acknowledged (escalated twice). Escalations are signed by
the secretariat as the server's scheduler signs them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cosec.kit import DemoPart, DemoStep, at

MINUTES = {"FLASH": 5, "IMMEDIATE": 30, "PRIORITY": 240, "ROUTINE": 1_440}
CHAINED = ("BRN", "KHM", "IDN", "LAO", "MYS", "PHL", "SGP", "THA", "VNM",
           "AUS", "CHN", "IND", "JPN", "NZL", "KOR", "RUS", "USA")  # fmt: skip
"""Members that file a chain of contacts (Myanmar does not)."""
DRILLED = ("USA", "JPN", "KOR", "PHL", "CHN")
DRILL_ACKS = {  # seconds to acknowledge, per quarter's drill
    "USA": (95, 110, 100),
    "JPN": (130, 120, 140),
    "KOR": (70, 90, 60),
    "PHL": (110, 100, 130),
    "CHN": (250, 720, 1_080),
}
DRILLS = ("2026-03-16 02:00", "2026-06-15 02:00", "2026-09-14 02:00")


def _contacts(member: str) -> DemoStep:
    payload = {
        "contacts": [
            {"role": "duty_officer", "name": f"Duty officer, {member} joint operations centre",
             "phone": "+00 0000 0000"},
            {"role": "ministry", "name": f"Director of operations, {member} defence ministry"},
        ]
    }  # fmt: skip
    return DemoStep(at("2026-01-08 01:00"), member, "hotline.contacts", payload)


class _Story:
    """Steps of messages, acknowledgements and the escalations they would have."""

    def __init__(self) -> None:
        self.steps: list[DemoStep] = []
        self.n = 0

    def message(
        self,
        when: datetime,
        sender: str,
        to: str,
        precedence: str,
        subject: str,
        text: str,
        *,
        ack_after_s: int | None,
        drill: bool = False,
    ) -> None:
        self.n += 1
        label = f"m{self.n}"
        payload: dict[str, Any] = {
            "to": to,
            "precedence": precedence,
            "subject": subject,
            "text": text,
            "drill": drill,
        }
        self.steps.append(DemoStep(when, sender, "hotline.message", payload, label=label))
        window = timedelta(minutes=MINUTES[precedence])
        acked = None if ack_after_s is None else when + timedelta(seconds=ack_after_s)
        chain = [
            (to, "ministry", f"Director of operations, {to} defence ministry"),
            ("SEC", "other", "the secretariat"),
        ]
        for step, (member, role, name) in enumerate(chain, start=1):
            due = when + step * window
            if acked is not None and acked <= due:
                break
            last = step == len(chain)
            body = {
                "step": step,
                "missed_deadline": due.isoformat(),
                "to_member": member,
                "to_role": role,
                "to_name": name,
                "next_deadline": None if last else (due + window).isoformat(),
            }
            self.steps.append(
                DemoStep(due, "SEC", "hotline.escalation", body, refs={"message_id": label})
            )
        if acked is not None:
            self.steps.append(
                DemoStep(acked, to, "hotline.ack", {"note": ""}, refs={"message_id": label})
            )


def _story() -> list[DemoStep]:
    s = _Story()
    for q, when in enumerate(DRILLS):
        for member in DRILLED:
            s.message(
                at(when) + timedelta(seconds=DRILLED.index(member)),
                "SEC",
                member,
                "FLASH",
                f"Quarterly drill {q + 1}",
                "Test of the hotline: acknowledge on receipt. No action.",
                ack_after_s=DRILL_ACKS[member][q],
                drill=True,
            )
    s.message(
        at("2026-03-12 03:35"),
        "USA",
        "CHN",
        "IMMEDIATE",
        "Unsafe manoeuvre west of Gaven Reef",
        "Your destroyer passed within about 40 m of USS Demo Resolve at 03:20 UTC. "
        "We ask that your ships keep a safe distance.",
        ack_after_s=25 * 60,
    )
    s.message(
        at("2026-08-05 06:40"),
        "PHL",
        "CHN",
        "FLASH",
        "Water cannon on a resupply boat at Second Thomas Shoal",
        "A Chinese coast guard cutter is firing its water cannon at our boat and has struck it; "
        "one crew member is hurt. We ask you to order the cutter to stop.",
        ack_after_s=9 * 60,
    )
    s.message(
        at("2026-10-10 17:20"),
        "PHL",
        "CHN",
        "FLASH",
        "Collision at Sabina Shoal",
        "Your cutter has rammed BRP Demo Malapascua twice. We ask for an immediate halt.",
        ack_after_s=None,
    )
    s.message(
        at("2026-10-30 01:00"),
        "JPN",
        "CHN",
        "PRIORITY",
        "Radio threats near the Senkaku Islands",
        "Your cutter threatened our patrol ship over channel 16 on 29 October.",
        ack_after_s=70 * 60,
    )
    s.message(
        at("2026-11-02 08:00"),
        "KOR",
        "USA",
        "ROUTINE",
        "Exercise schedule",
        "Our navy's exercise in the Yellow Sea starts on 20 November.",
        ack_after_s=3 * 3600,
    )
    return s.steps


def part() -> DemoPart:
    """The hotline's chains, drills and messages."""
    return DemoPart(
        steps=(*(_contacts(m) for m in CHAINED), *_story()),
        look_at=(
            ("/hotline", "the hotline console (sign in as a member): FLASH first, escalations"),
            ("/hotline/times?year=2026", "measured acknowledgement times: China slow in drills"),
        ),
    )
