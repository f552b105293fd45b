"""Activities from records: a notification with what followed it, an observed activity.

Pure: records in, :class:`Activity` out. The projection keeps them indexed; the service
shows them; the obligations judge them.
"""

from __future__ import annotations

from collections.abc import Iterable

from cosec.kit import StoredRecord, payload_of
from cosec.mechanisms.notifications import records as r
from cosec.mechanisms.notifications.context import Activity, FigureChange
from cosec.mechanisms.notifications.obligations import normalised


def _in_order(rows: Iterable[StoredRecord]) -> list[StoredRecord]:
    return sorted(rows, key=lambda x: (x.submitted_at, x.id))


def notified_activity(
    row: StoredRecord,
    amendments: Iterable[StoredRecord],
    invited: bool,
    withdrawals: Iterable[StoredRecord] = (),
) -> Activity | None:
    """A notification with its amendments applied in order, up to its first withdrawal
    (``None``: it no longer validates).

    Amendments sent after the notification was withdrawn change nothing: it was closed.
    The activity carries the day of the withdrawal; withdrawn before its start (as it
    stood then), it is called off (:attr:`Activity.called_off`)."""
    n = payload_of(r.PriorNotification, row)
    if n is None:
        return None
    withdrawn = next(
        (w for w in _in_order(withdrawals) if payload_of(r.NotificationWithdrawal, w)), None
    )
    start, end, figures = n.start, n.end, n.figures
    history = [FigureChange(on=row.submitted_at.date(), figures=n.figures, record_id=row.id)]
    for a_row in _in_order(amendments):
        if withdrawn is not None and (a_row.submitted_at, a_row.id) > (
            withdrawn.submitted_at,
            withdrawn.id,
        ):
            break
        a = payload_of(r.NotificationAmendment, a_row)
        if a is None or (a.start or start) > (a.end or end):
            continue  # unreadable, or it would end the activity before it starts
        start, end = a.start or start, a.end or end
        if a.figures is not None:
            figures = a.figures
        history.append(
            FigureChange(on=a_row.submitted_at.date(), figures=figures, record_id=a_row.id)
        )
    return Activity(
        key=f"N{row.id}",
        designation=n.designation,
        states=n.states,
        start=start,
        end=end,
        figures=figures,
        notified_on=row.submitted_at.date(),
        alert=n.alert,
        history=tuple(history),
        lat=n.area.lat,
        lon=n.area.lon,
        radius_km=n.area.radius_km,
        observers_invited=invited,
        record_id=row.id,
        evidence=(row.id,),
        charter_version=row.charter_version,
        withdrawn_on=withdrawn.submitted_at.date() if withdrawn is not None else None,
    )


def observed_activity(row: StoredRecord) -> Activity | None:
    """An activity the secretariat observed (``None``: it no longer validates)."""
    o = payload_of(r.ObservedActivity, row)
    if o is None:
        return None
    return Activity(
        key=f"O{row.id}",
        designation=o.designation,
        states=o.states,
        start=o.start,
        end=o.end,
        figures=o.figures,
        notified_on=None,
        alert=o.alert,
        history=(FigureChange(on=row.submitted_at.date(), figures=o.figures, record_id=row.id),),
        lat=o.area.lat,
        lon=o.area.lon,
        radius_km=o.area.radius_km,
        record_id=row.id,
        evidence=(row.id,),
        charter_version=row.charter_version,
    )


def matches(observed: Activity, notified: Activity) -> bool:
    """An observed activity is a notified one if they share a state and days, or the name."""
    if not set(observed.states) & set(notified.states):
        return False
    same_name = normalised(observed.designation) == normalised(notified.designation)
    return same_name or observed.overlaps(notified)
