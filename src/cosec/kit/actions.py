"""What a member must do next: the open actions a mechanism lists in its users' inboxes.

A mechanism offers its actions through the optional hook
:attr:`cosec.kit.Interfaces.actions`, a function named by a :class:`~cosec.kit.Ref`::

    def actions(session, deployment, principal, now) -> Iterable[Action]

- ``session``: a read-only unit of work (read through ``cosec.plugin.store``'s
  ``list_visible``/``get_visible``, so a caller never learns of a record it may not read);
- ``deployment``: the deployment's charter versions (``deployment.current.regime(name)``);
- ``principal``: who asks. A member's point of contact gets its member's actions; the
  secretariat gets every member's (and its own); an observer or the public gets none;
- ``now``: the time the deadlines are measured from (timezone-aware).

It returns what is *open*: an action disappears once done (a reply logged, a calendar
sent). It only reads, and it must be cheap: the inbox asks on every page a signed-in
user opens, and the alerter on every tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a member must do, with its deadline: a line in an inbox.

    >>> from datetime import UTC
    >>> a = Action(key="reply:12", member="RUS", title="Reply to request 12",
    ...            href="/records/12", due=datetime(2026, 3, 3, 9, tzinfo=UTC), kind="reply")
    >>> a.overdue(datetime(2026, 3, 4, tzinfo=UTC))
    True
    """

    key: str
    """Names the action among the mechanism's, and stays the same while it is open
    (``reply:12``, ``calendar:CHN:2027``): alerts are sent once per user and key."""
    member: str
    """Who must act: a member code, or ``SEC`` for the secretariat."""
    title: str
    """What to do, as a sentence a point of contact understands: "Reply to China's request
    for explanation 12"."""
    href: str
    """The page where it is done (``/records/12``, ``/calendar?year=2027``)."""
    due: datetime | None = None
    """The deadline (timezone-aware); none when there is none."""
    kind: str = "task"
    """One word the inbox filters on: ``reply``, ``calendar``, ``invitation``,
    ``notification``, ``return``, ``message``..."""
    since: datetime | None = None
    """When it became the member's to do (the request's arrival). A user is alerted only
    about actions that arose after they asked for alerts."""
    flash: bool = False
    """Alert at once, whatever the deadline (a FLASH hotline message)."""

    def __post_init__(self) -> None:
        for name in ("due", "since"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"Action.{name} must be timezone-aware")
        if not self.key or not self.member or not self.title:
            raise ValueError("an Action needs a key, a member and a title")
        if not self.href.startswith("/"):
            raise ValueError("Action.href must be a path on the server, starting with /")

    def overdue(self, now: datetime) -> bool:
        """Whether its deadline has passed."""
        return self.due is not None and self.due < now
