"""A user's inbox: every open action and deadline of their member, across mechanisms.

The inbox names no mechanism. It asks each installed one for its open actions through the
optional hook :attr:`cosec.kit.Interfaces.actions` (see :mod:`cosec.kit.actions`), and the
core's own sources (:data:`CORE_SOURCES`: open findings awaiting an answer) for theirs,
then sorts them by deadline. A member's point of contact sees its member's; the
secretariat sees every member's; an observer and the public have none.

A source that fails is left out of that inbox (and named in :attr:`Inbox.failed`): one
broken mechanism does not hide the others' deadlines.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from cosec.deployment import Deployment
from cosec.errors import InvalidInput
from cosec.i18n import gettext
from cosec.kit.actions import Action
from cosec.kit.findings import Severity
from cosec.kit.mechanism import Ref
from cosec.principals import Principal, Role
from cosec.registry import mechanisms

_log = logging.getLogger(__name__)

FINDING = "finding"
"""The kind (and source) of an open finding awaiting its member's answer."""
MAX_WITHIN_HOURS = 24 * 366


@dataclass(frozen=True, slots=True)
class Item:
    """One line of an inbox: an action from a source, with whom it falls to."""

    key: str
    """Unique across sources and stable while the item is open (``notification:reply:12``,
    ``finding:40``): alerts are sent once per user, key and reason."""
    source: str
    """The mechanism (or core source) it comes from."""
    members: tuple[str, ...]
    title: str
    href: str
    kind: str
    due: datetime | None = None
    since: datetime | None = None
    flash: bool = False
    severity: Severity | None = None
    """A finding's severity (none for other actions)."""

    @classmethod
    def of(cls, source: str, action: Action) -> Item:
        """A mechanism's action as an inbox item."""
        return cls(
            key=f"{source}:{action.key}",
            source=source,
            members=(action.member,),
            title=action.title,
            href=action.href,
            kind=action.kind,
            due=action.due,
            since=action.since,
            flash=action.flash,
        )

    def left(self, now: datetime) -> timedelta | None:
        """Time left until the deadline (negative once it has passed)."""
        return None if self.due is None else self.due - now

    def overdue(self, now: datetime) -> bool:
        """Whether the deadline has passed."""
        return self.due is not None and self.due < now


Source = Callable[[Session, Deployment, Principal, datetime], Iterable[Item]]
"""A core source of inbox items: ``(session, deployment, principal, now) -> items``."""

CORE_SOURCES: dict[str, Ref[Source]] = {
    FINDING: Ref("cosec.inbox.findings:items"),
    "draft": Ref("cosec.inbox.drafts:items"),
}
"""The core's own sources, beside the mechanisms' hooks: open findings to answer, drafts
awaiting a signature. A core feature that gives users work adds a function of the
:data:`Source` shape here."""


@dataclass(frozen=True)
class Inbox:
    """What a user has to do, soonest deadline first."""

    items: list[Item]
    now: datetime
    failed: tuple[str, ...] = ()
    """Sources that failed and were left out (logged on the server)."""
    kinds: tuple[str, ...] = field(default=())
    """Every kind of item in the unfiltered inbox (for the filter's choices)."""


def _order(item: Item) -> tuple[Any, ...]:
    rank = item.severity.rank if item.severity is not None else -1
    if item.due is not None:
        return (0, item.due.timestamp(), -rank, item.key)
    since = item.since.timestamp() if item.since is not None else 0.0
    return (1, 0.0, -rank, -since, item.key)


def collect(
    session: Session, *, deployment: Deployment, principal: Principal, now: datetime
) -> tuple[list[Item], tuple[str, ...]]:
    """Every open item of ``principal`` from every source (unsorted), and the sources
    that failed."""
    if principal.role not in (Role.MEMBER, Role.SECRETARIAT):
        return [], ()
    items: list[Item] = []
    failed: list[str] = []
    for name, ref in CORE_SOURCES.items():
        try:
            items.extend(ref.load()(session, deployment, principal, now))
        except Exception:
            _log.exception("inbox source %s failed; left out of the inbox", name)
            failed.append(name)
    for name, m in mechanisms().items():
        hook = m.interfaces.actions
        if hook is None or deployment.current.regime(name) is None:
            continue
        try:
            items.extend(Item.of(name, a) for a in hook.load()(session, deployment, principal, now))
        except Exception:
            _log.exception("actions of mechanism %s failed; left out of the inbox", name)
            failed.append(name)
    return items, tuple(failed)


KIND = re.compile(r"[a-z][a-z_]{0,31}")
MEMBER = re.compile(r"[A-Z]{3}")


def inbox(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    now: datetime,
    kind: str | None = None,
    member: str | None = None,
    within_hours: int | None = None,
) -> Inbox:
    """``principal``'s open items, soonest deadline first (then findings, most severe and
    newest first), filtered by ``kind``, the ``member`` who must act, and deadlines
    ``within_hours`` from now (overdue ones included)."""
    if kind is not None and not KIND.fullmatch(kind):
        raise InvalidInput.field("kind", "must be a lower-case word (reply, calendar, finding...)")
    if member is not None and not MEMBER.fullmatch(member):
        raise InvalidInput.field("member", "must be a member code (ISO 3166-1 alpha-3)")
    if within_hours is not None and not 0 <= within_hours <= MAX_WITHIN_HOURS:
        raise InvalidInput.field("within_hours", f"must be from 0 to {MAX_WITHIN_HOURS}")
    items, failed = collect(session, deployment=deployment, principal=principal, now=now)
    kinds = tuple(sorted({i.kind for i in items}))
    if kind is not None:
        items = [i for i in items if i.kind == kind]
    if member is not None:
        items = [i for i in items if member in i.members]
    if within_hours is not None:
        until = now + timedelta(hours=within_hours)
        items = [i for i in items if i.due is not None and i.due <= until]
    return Inbox(items=sorted(items, key=_order), now=now, failed=failed, kinds=kinds)


def count(session: Session, *, deployment: Deployment, principal: Principal, now: datetime) -> int:
    """How many open items ``principal`` has (the number in the navigation)."""
    return len(collect(session, deployment=deployment, principal=principal, now=now)[0])


def time_left(due: datetime | None, now: datetime) -> str:
    """``in 5 h``, ``in 2 days``, ``overdue by 3 h``; empty without a deadline."""
    if due is None:
        return ""
    delta = due - now
    words = _span(abs(delta))
    if delta < timedelta(0):
        return gettext("overdue by %(span)s") % {"span": words}
    return gettext("in %(span)s") % {"span": words}


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return gettext("%(n)s min") % {"n": max(minutes, 1)}
    hours = minutes // 60
    if hours < 48:
        return gettext("%(n)s h") % {"n": hours}
    return gettext("%(n)s days") % {"n": hours // 24}


def by_member(items: Sequence[Item]) -> dict[str, list[Item]]:
    """Items grouped by the member who must act (an item of several under each)."""
    out: dict[str, list[Item]] = {}
    for i in items:
        for m in i.members:
            out.setdefault(m, []).append(i)
    return out
