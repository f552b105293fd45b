"""Decisions in the demo year, under ``eas-2026`` (the Philippines in the chair).

The ministerial council meets in February and July, the working groups in spring and
September, the summit in October. Proposals are decided under each rule: consensus
adopted with abstentions, and blocked by one no; two-thirds met exactly, and missed by one;
consensus minus the parties, adopted over a party's objection; a simple majority on where
to meet; a working group without a quorum; a draft never tabled and a proposal withdrawn.
The July council's decision on the incident reporting template gives China, the
Philippines and the United States a task each by 30 September: the United States reports
it done on time, the Philippines late, China not at all (``task_overdue``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cosec.kit import DemoPart, DemoStep, at

MEMBERS = (
    "BRN",
    "KHM",
    "IDN",
    "LAO",
    "MYS",
    "MMR",
    "PHL",
    "SGP",
    "THA",
    "VNM",
    "AUS",
    "CHN",
    "IND",
    "JPN",
    "NZL",
    "KOR",
    "RUS",
    "USA",
)
SEATS = {"council": "Minister for Foreign Affairs", "summit": "Head of State or Government"}


class _Year:
    """Steps of meetings, proposals, votes and closes."""

    def __init__(self) -> None:
        self.steps: list[DemoStep] = []
        self.n = 0

    def meeting(
        self, label: str, when: str, body: str, title: str, place: str, *agenda: str
    ) -> None:
        start = at(when)
        payload = {
            "body": body,
            "title": title,
            "opens_on": start.date().isoformat(),
            "closes_on": (start + timedelta(days=1)).date().isoformat(),
            "place": place,
            "agenda": list(agenda),
        }
        self.steps.append(
            DemoStep(start - timedelta(days=30), "SEC", "decisions.meeting", payload, label=label)
        )

    def proposal(
        self,
        when: datetime,
        sponsor: str,
        body: str,
        title: str,
        *,
        meeting: str | None,
        votes: dict[str, str] | None = None,
        rule: str | None = None,
        parties: tuple[str, ...] = (),
        tasks: tuple[dict[str, str], ...] = (),
        text: str = "",
        close: bool = True,
    ) -> str:
        self.n += 1
        label = f"dec-p{self.n}"
        payload: dict[str, Any] = {
            "body": body,
            "title": title,
            "text": text,
            "parties": list(parties),
            "tasks": list(tasks),
        }
        if rule is not None:
            payload["rule"] = rule
        refs = {"meeting_id": meeting} if meeting else {}
        self.steps.append(
            DemoStep(when, sponsor, "decisions.proposal", payload, label=label, refs=refs)
        )
        seat = SEATS.get(body, "Head of delegation")
        for i, (member, choice) in enumerate(sorted((votes or {}).items())):
            self.steps.append(
                DemoStep(
                    when + timedelta(hours=2, minutes=i),
                    member,
                    "decisions.vote",
                    {"vote": choice, "representative": f"{seat}, {member}"},
                    refs={"proposal_id": label},
                )
            )
        if close and meeting:
            closing = {"members": list(MEMBERS), "rule": rule or "consensus", "note": ""}
            self.steps.append(
                DemoStep(
                    when + timedelta(hours=6),
                    "SEC",
                    "decisions.close",
                    closing,
                    refs={"proposal_id": label},
                    label=f"{label}-closed",
                )
            )
        return label


def _all(choice: str, **others: str) -> dict[str, str]:
    return {m: others.get(m, choice) for m in MEMBERS}


def _split(yes: int, no: int, abstain: int = 0) -> dict[str, str]:
    order = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    return dict(zip(MEMBERS, order, strict=False))


def part() -> DemoPart:
    """The decisions' part of the demo year."""
    y = _Year()
    y.meeting(
        "dec-m1",
        "2026-02-05 01:00",
        "council",
        "Ministerial Council, first session",
        "Manila",
        "Hotline points of contact",
        "Joint observation of exercises",
    )
    y.meeting(
        "dec-m2",
        "2026-04-14 01:00",
        "wg-csbm",
        "Working Group on CSBMs, spring session",
        "Jakarta",
        "Notification thresholds",
    )
    y.meeting(
        "dec-m3",
        "2026-05-20 01:00",
        "wg-maritime",
        "Working Group on Maritime Security",
        "Singapore",
        "Reclamation at Second Thomas Shoal",
    )
    y.meeting(
        "dec-m4",
        "2026-07-23 01:00",
        "council",
        "Ministerial Council (ARF), annual session",
        "Manila",
        "Incident reporting template",
        "Venue of the 2027 session",
        "Observer status for sanctions monitors",
    )
    y.meeting(
        "dec-m5",
        "2026-09-10 01:00",
        "wg-korea",
        "Working Group on the Korean Peninsula",
        "Seoul",
        "Monitoring of missile launches",
    )
    y.meeting(
        "dec-m6",
        "2026-10-27 01:00",
        "summit",
        "East Asia Summit",
        "Manila",
        "Declaration on missile launches on the Korean Peninsula",
    )

    day1 = at("2026-02-05 01:00")
    y.proposal(
        day1,
        "PHL",
        "council",
        "Open national points of contact for the hotline",
        meeting="dec-m1",
        votes=_all("yes", MMR="abstain", LAO="abstain"),
        tasks=(
            {"member": "VNM", "what": "Name a duty officer for the hotline", "due": "2026-04-30"},
        ),
    )
    y.proposal(
        day1 + timedelta(hours=1),
        "JPN",
        "council",
        "Joint observation of major exercises in the South China Sea",
        meeting="dec-m1",
        votes=_all("yes", CHN="no"),
    )
    spring = at("2026-04-14 01:00")
    y.proposal(
        spring,
        "AUS",
        "wg-csbm",
        "Notify air activity from 150 sorties",
        meeting="dec-m2",
        votes=_split(12, 6),
        rule="qualified_majority",
    )
    y.proposal(
        spring + timedelta(hours=1),
        "NZL",
        "wg-csbm",
        "Notify amphibious landings from 2,000 troops",
        meeting="dec-m2",
        votes=_split(11, 7),
        rule="qualified_majority",
    )
    y.proposal(
        at("2026-05-20 01:00"),
        "VNM",
        "wg-maritime",
        "Recommend no further reclamation at Second Thomas Shoal",
        meeting="dec-m3",
        parties=("CHN", "PHL"),
        votes=_all("yes", CHN="no"),
        rule="consensus_minus_parties",
    )
    july = at("2026-07-23 01:00")
    y.proposal(
        july,
        "SEC",
        "council",
        "Adopt the incident reporting template",
        meeting="dec-m4",
        votes=_all("yes", RUS="abstain"),
        text="Members adopt the template of incident reports in their national "
        "procedures and report it done to the secretariat.",
        tasks=(
            {"member": "CHN", "what": "Adopt the incident reporting template", "due": "2026-09-30"},
            {"member": "PHL", "what": "Adopt the incident reporting template", "due": "2026-09-30"},
            {"member": "USA", "what": "Adopt the incident reporting template", "due": "2026-09-30"},
        ),
    )
    y.proposal(
        july + timedelta(hours=1),
        "SGP",
        "council",
        "Hold the 2027 session in Singapore",
        meeting="dec-m4",
        rule="simple_majority",
        votes=dict(_split(9, 6, 3)),
        tasks=(
            {
                "member": "SGP",
                "what": "Circulate the 2027 session's arrangements",
                "due": "2026-12-15",
            },
        ),
    )
    withdrawn = y.proposal(
        july + timedelta(hours=2),
        "RUS",
        "council",
        "Observer status for sanctions monitors",
        meeting="dec-m4",
        close=False,
    )
    y.steps.append(
        DemoStep(
            july + timedelta(hours=3),
            "RUS",
            "decisions.withdraw",
            {"reason": "To be resubmitted with the working group's advice."},
            refs={"proposal_id": withdrawn},
        )
    )
    y.proposal(
        at("2026-09-10 01:00"),
        "KOR",
        "wg-korea",
        "Share launch warnings within the hour",
        meeting="dec-m5",
        votes=dict.fromkeys(("KOR", "JPN", "USA", "AUS", "NZL", "PHL", "SGP", "IND"), "yes"),
    )
    y.proposal(
        at("2026-10-27 01:00"),
        "KOR",
        "summit",
        "Declaration on missile launches on the Korean Peninsula",
        meeting="dec-m6",
        votes=_all("yes", RUS="abstain", CHN="abstain", LAO="abstain"),
        tasks=(
            {
                "member": "KOR",
                "what": "Report each launch to the secretariat within 24 hours, for a year",
                "due": "2027-10-31",
            },
        ),
    )
    y.proposal(
        at("2026-11-02 03:00"), "VNM", "council", "Extend the hotline to coast guards", meeting=None
    )

    y.steps += [
        DemoStep(
            at("2026-04-20 02:00"),
            "VNM",
            "decisions.task_done",
            {"task": 1, "done_on": "2026-04-20", "note": "Duty officer named."},
            refs={"proposal_id": "dec-p1"},
        ),
        DemoStep(
            at("2026-09-21 02:00"),
            "USA",
            "decisions.task_done",
            {"task": 3, "done_on": "2026-09-20"},
            refs={"proposal_id": "dec-p6"},
        ),
        DemoStep(
            at("2026-10-12 02:00"),
            "PHL",
            "decisions.task_done",
            {"task": 2, "done_on": "2026-10-09"},
            refs={"proposal_id": "dec-p6"},
        ),
    ]
    return DemoPart(
        steps=sorted(y.steps, key=lambda s: s.when),
        look_at=(
            ("/decisions", "the bodies, their rules and the rotating chair"),
            ("/decisions/proposals", "proposals decided under each rule, with their tallies"),
            ("/decisions/register?status=overdue", "China's late implementation of a decision"),
        ),
    )
