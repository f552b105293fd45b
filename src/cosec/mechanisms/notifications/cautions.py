"""What a person must confirm before signing a notification record (shown on its review
page, checked again when it is signed): dates already past, and likely duplicates.

- a notification (or an amendment, or a calendar entry) of an activity that starts
  before today: notified after its start;
- a withdrawal of an activity under way or over: it is judged all the same;
- a notification much like one the state sent already: its own notifications of an
  overlapping period (an indexed query on the state's own records, the dates compared in
  the database) with the same designation or the same one but for a phase marker; a
  calendar for a year it sent one for; an observed activity much like one recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.kit import Principal
from cosec.kit.cautions import Caution
from cosec.mechanisms.notifications import records as r
from cosec.mechanisms.notifications.grouping import designation_stem
from cosec.plugin.store import Deployment, Item, RecordRow, get_visible, list_visible

MAX_CANDIDATES = 50
"""Records a duplicate check reads at most (the state's own, of overlapping periods)."""


def _day(d: date) -> str:
    return d.strftime("%d %b %Y").lstrip("0")


def _parsed(model: type[BaseModel], item: Item) -> BaseModel | None:
    payload = item.payload if isinstance(item.payload, dict) else None
    if isinstance(item.payload, BaseModel):
        payload = item.payload.model_dump(mode="json")
    try:
        return model.model_validate(payload)
    except ValidationError:
        return None


def cautions(
    session: Session, deployment: Deployment, principal: Principal, item: Item, now: datetime
) -> list[Caution]:
    """The cautions for ``item``, a record about to be signed by ``principal``."""
    today = now.date()
    me = principal.submitter or ""
    if item.kind == "notification.prior":
        n = _parsed(r.PriorNotification, item)
        if not isinstance(n, r.PriorNotification):
            return []
        out = list(_past(n.start, n.end, today, "notified"))
        out += _duplicates(session, me, "notification.prior", n, principal, deployment)
        return out
    if item.kind == "notification.amendment":
        a = _parsed(r.NotificationAmendment, item)
        if not isinstance(a, r.NotificationAmendment) or a.start is None:
            return []
        return list(_past(a.start, a.end or a.start, today, "amended"))
    if item.kind == "notification.withdrawal":
        w = _parsed(r.NotificationWithdrawal, item)
        if not isinstance(w, r.NotificationWithdrawal):
            return []
        return _started(session, deployment, principal, w.notification_id, today)
    if item.kind == "notification.calendar":
        cal = _parsed(r.AnnualCalendar, item)
        if not isinstance(cal, r.AnnualCalendar):
            return []
        return _calendar(session, deployment, principal, cal, today)
    if item.kind == "notification.observed":
        o = _parsed(r.ObservedActivity, item)
        if not isinstance(o, r.ObservedActivity):
            return []
        return _duplicates(session, me, "notification.observed", o, principal, deployment)
    return []


def _past(start: date, end: date, today: date, done: str) -> Iterator[Caution]:
    if start < today:
        over = f" and ended on {_day(end)}" if end < today else ""
        yield Caution(
            "past_start",
            f"The activity starts on {_day(start)}, before today ({_day(today)}){over}: it is "
            f"{done} after its start, and the record can never be removed.",
        )


def _overlapping(
    session: Session, submitter: str, kind: str, start: date, end: date
) -> list[RecordRow]:
    """The submitter's own records of ``kind`` whose period overlaps ``[start, end]``."""
    starts = RecordRow.payload["start"].as_string()
    ends = RecordRow.payload["end"].as_string()
    q = (
        select(RecordRow)
        .where(
            RecordRow.submitter == submitter,
            RecordRow.kind == kind,
            starts <= end.isoformat(),
            ends >= start.isoformat(),
        )
        .order_by(RecordRow.id.desc())
        .limit(MAX_CANDIDATES)
    )
    return list(session.scalars(q).all())


def _similar(a: str, b: str) -> bool:
    return designation_stem(a) == designation_stem(b)


def _duplicates(
    session: Session,
    me: str,
    kind: str,
    new: r.ActivityFields,
    principal: Principal,
    deployment: Deployment,
) -> list[Caution]:
    out = []
    for row in _overlapping(session, me, kind, new.start, new.end):
        designation = str(row.payload.get("designation", ""))
        if not _similar(designation, new.designation):
            continue
        if kind == "notification.prior" and list_visible(
            session,
            principal,
            deployment.current,
            kinds=["notification.withdrawal"],
            refers_to=row.id,
        ):
            continue  # withdrawn: a new notification replaces it
        what = "notification" if kind == "notification.prior" else "observed activity"
        out.append(
            Caution(
                f"duplicate:{row.id}",
                f"This looks like a duplicate of {what} {row.id}, “{designation}” "
                f"({row.payload.get('start')} to {row.payload.get('end')}), sent on "
                f"{_day(row.submitted_at.date())}: to change that one, amend it instead "
                "(a second notification of one activity is judged as a second activity).",
            )
        )
    return out


def _started(
    session: Session,
    deployment: Deployment,
    principal: Principal,
    notification_id: int,
    today: date,
) -> list[Caution]:
    row = get_visible(session, principal, deployment.current, notification_id)
    start = row.payload.get("start") if row is not None else None
    if not isinstance(start, str) or start > today.isoformat():
        return []
    amended = list_visible(
        session,
        principal,
        deployment.current,
        kinds=["notification.amendment"],
        refers_to=notification_id,
    )
    for a in amended:
        start = a.payload.get("start") or start
    if start > today.isoformat():
        return []
    return [
        Caution(
            "withdrawn_after_start",
            f"The activity began on {start}: withdrawn after its start, it is still judged as "
            "an activity that took place; the withdrawal is put on record.",
        )
    ]


def _calendar(
    session: Session,
    deployment: Deployment,
    principal: Principal,
    cal: r.AnnualCalendar,
    today: date,
) -> list[Caution]:
    out = []
    sent = [
        row
        for row in list_visible(
            session,
            principal,
            deployment.current,
            kinds=["notification.calendar"],
            submitter=principal.submitter,
        )
        if row.payload.get("year") == cal.year
    ]
    if sent:
        out.append(
            Caution(
                f"duplicate:{sent[-1].id}",
                f"You sent a calendar for {cal.year} already (record {sent[-1].id}): this one "
                "replaces it, and both stay in the log.",
            )
        )
    past = [e for e in cal.entries if e.start < today]
    if past:
        out.append(
            Caution(
                "past_start",
                f"{len(past)} of its activities start before today ({_day(today)}): "
                f"{', '.join(e.designation for e in past[:5])}.",
            )
        )
    return out
