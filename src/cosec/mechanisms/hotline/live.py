"""The hotline on the server: the scheduler that fires escalations, and the live feed.

The server enters :func:`startup` when it starts (``Interfaces.startup``). It runs one task
in the server's event loop, independent of the core's evaluator:

1. it reads the hotline records logged since it last looked (by record id, so it sees what
   other server processes wrote too) and folds them (:class:`~.chain.Fold`);
2. it pushes each new message, acknowledgement and escalation to the consoles open for the
   members concerned (server-sent events, :meth:`Live.stream`);
3. it fires every escalation step that fell due (:meth:`~.chain.Fold.due`): before writing,
   it checks the log for that message's escalations, so a step is fired once, whatever
   restarts happen; after a restart it fires what fell due while the server was down.

It looks every 0.1 s while a console is open or a deadline is near, else every second,
and at once when a route of this process submits a hotline record (:meth:`Live.wake`).
Escalations are signed as the secretariat with the key the secretariat deposited with the
server; without one they cannot be fired, which the console says.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cosec.kit import SECRETARIAT, Principal, Role, StoredRecord
from cosec.mechanisms.hotline.chain import Due, Fold, Message
from cosec.mechanisms.hotline.regime import HotlineRegime
from cosec.plugin.store import (
    CommitterSubmission,
    Item,
    RecordRow,
    load_deployment,
    select,
)

_log = logging.getLogger(__name__)
KINDS = ("hotline.message", "hotline.ack", "hotline.escalation", "hotline.contacts")
SCHEDULER = Principal(id=None, name="hotline scheduler", role=Role.SECRETARIAT)
FAST_S, SLOW_S = 0.1, 1.0
RETRY = timedelta(seconds=30)
KEEPALIVE_S = 15.0


@dataclass(frozen=True, slots=True)
class Event:
    """A change to a message, for the consoles of ``members``."""

    id: int
    members: frozenset[str]
    data: dict[str, Any]

    def sse(self) -> str:
        """The event in the server-sent events format."""
        return f"id: {self.id}\nevent: hotline\ndata: {json.dumps(self.data)}\n\n"


def message_state(m: Message, fold: Fold) -> dict[str, Any]:
    """What a console shows of a message."""
    return {
        "id": m.id,
        "from": m.sender,
        "to": m.to,
        "precedence": m.precedence,
        "subject": m.subject,
        "drill": m.drill,
        "sent_at": m.sent_at.isoformat(),
        "deadline": m.deadline.isoformat(),
        "acknowledged_at": m.acked_at.isoformat() if m.acked_at else None,
        "escalations": [
            {"step": s, "record_id": rid, "at": at.isoformat(), "to_member": who, "to_name": name}
            for s, (rid, at, who, name) in sorted(m.escalations.items())
        ],
        "next_due": _next_due(m, fold),
    }


def _status(m: Message, now: datetime) -> str:
    if m.acked_at is not None:
        return "acknowledged" if m.acked_at <= m.deadline else "acknowledged late"
    return "overdue" if now > m.deadline else "awaiting"


def _next_due(m: Message, fold: Fold) -> str | None:
    step = m.next_step
    if m.acked_at is not None or step > fold.steps(m):
        return None
    return m.step_deadline(step).isoformat()


@dataclass
class Live:
    """The scheduler and the live feed of one server process."""

    sessions: Any
    """The app's session factory."""
    committer: Any
    """The app's committer (the process's single writer)."""
    clock: Any
    keep: int = 10_000
    """How many recent events a reconnecting console can catch up on."""
    stream_seconds: float = 300.0
    """How long one event stream lasts before the browser reconnects (with Last-Event-ID)."""
    fold: Fold | None = None
    watermark: int = 0
    events: deque[Event] = field(default_factory=deque)
    subscribers: dict[str, set[asyncio.Queue[Event]]] = field(default_factory=dict)
    problems: dict[tuple[int, int], str] = field(default_factory=dict)
    """``(message, step)`` → why its escalation could not be fired (no key...)."""
    fired: int = 0
    _retry_at: dict[tuple[int, int], datetime] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _wake: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _first: int | None = None
    """The id of the oldest event kept (``None``: none yet)."""

    # --- reading the log ----------------------------------------------------------------

    def _read(self) -> list[Event]:
        """Fold the hotline records logged since the last look; their events."""
        with self.sessions() as s:
            if self.fold is None:
                d = load_deployment(s)
                regimes = {
                    c.version: reg
                    for c in d.versions
                    if isinstance(reg := c.regime("hotline"), HotlineRegime)
                }
                current = d.current.regime("hotline")
                if not isinstance(current, HotlineRegime):
                    return []

                def regime_for(version: str | None) -> HotlineRegime:
                    found = regimes.get(version or "")
                    return found if found is not None else current

                self.fold = Fold(regime_for)
            rows = s.scalars(
                select(RecordRow)
                .where(RecordRow.id > self.watermark, RecordRow.kind.in_(KINDS))
                .order_by(RecordRow.id)
            ).all()
            records: list[StoredRecord] = list(rows)
            out = []
            for row in records:
                touched = self.fold.apply(row)
                self.watermark = max(self.watermark, row.id)
                if isinstance(touched, int):
                    m = self.fold.messages[touched]
                    now = self.clock.now()
                    data = {"kind": row.kind.split(".", 1)[1], "record_id": row.id}
                    data["message"] = message_state(m, self.fold) | {"status": _status(m, now)}
                    data["now"] = now.isoformat()
                    out.append(Event(row.id, frozenset({m.sender, m.to, SECRETARIAT}), data))
            return out

    def _deliver(self, events: list[Event]) -> None:
        """Hand events to the consoles, in the event loop's thread."""
        if not events:
            return
        loop = self._loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self._publish, events)
        else:
            self._publish(events)

    def _publish(self, events: Iterable[Event]) -> None:
        for e in events:
            if self._first is None:
                self._first = e.id
            self.events.append(e)
            while len(self.events) > self.keep:
                self._first = self.events.popleft().id + 1
            for member in e.members:
                for q in self.subscribers.get(member, ()):
                    with suppress(asyncio.QueueFull):
                        q.put_nowait(e)

    # --- firing escalations ------------------------------------------------------------------

    def _already(self, dues: list[Due]) -> set[tuple[int, int]]:
        """``(message, step)`` of the escalations the log holds for these messages."""
        ids = sorted({d.message_id for d in dues})
        found: set[tuple[int, int]] = set()
        with self.sessions() as s:
            for i in range(0, len(ids), 500):
                rows = s.execute(
                    select(RecordRow.refers_to, RecordRow.payload).where(
                        RecordRow.kind == "hotline.escalation",
                        RecordRow.refers_to.in_(ids[i : i + 500]),
                    )
                ).all()
                found |= {(int(ref), int(p.get("step", 0))) for ref, p in rows if ref}
        return found

    def fire_due(self) -> list[int]:
        """Fire every escalation due now (each once); the ids of the records written.

        Blocking: call it from a thread (the scheduler does), a test or a command.
        """
        with self._lock:
            self._deliver(self._read())
            if self.fold is None:
                return []
            now = self.clock.now()
            dues = [
                d
                for d in self.fold.due(now)
                if self._retry_at.get((d.message_id, d.step), now) <= now
            ]
            if not dues:
                return []
            logged = self._already(dues)
            dues = [d for d in dues if (d.message_id, d.step) not in logged]
            futures = [
                (
                    d,
                    self.committer.submit_async(
                        CommitterSubmission(SCHEDULER, item=Item("hotline.escalation", d.payload()))
                    ),
                )
                for d in dues
            ]
            written = []
            for d, future in futures:
                key = (d.message_id, d.step)
                try:
                    written.append(future.result(timeout=120).record_id)
                    self.problems.pop(key, None)
                    self._retry_at.pop(key, None)
                except Exception as exc:
                    if key not in self.problems:
                        _log.warning("hotline escalation %s could not be fired: %s", key, exc)
                    self.problems[key] = str(exc)
                    self._retry_at[key] = now + RETRY
            self.fired += len(written)
            self._deliver(self._read())
            return written

    # --- the loop ----------------------------------------------------------------------------

    def wake(self) -> None:
        """Look at the log now (thread-safe): a route of this process just submitted."""
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def _pause(self) -> float:
        if any(self.subscribers.values()):
            return FAST_S
        due = self.fold.next_due() if self.fold is not None else None
        if due is not None and (due - self.clock.now()).total_seconds() < SLOW_S:
            return FAST_S
        return SLOW_S

    async def run(self) -> None:
        """Look, publish and fire until cancelled."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        while True:
            try:
                await asyncio.to_thread(self.fire_due)
            except Exception:  # the store is not ready (no charter yet...): try again later
                _log.debug("hotline scheduler: nothing to do yet", exc_info=True)
            self._wake.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._pause())

    # --- the live feed -------------------------------------------------------------------------

    async def stream(self, member: str, after: int) -> AsyncIterator[str]:
        """Server-sent events for ``member`` (``SEC``: the secretariat): every event after
        record ``after`` it missed, then each as it comes, until ``stream_seconds`` pass."""
        queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=1_000)
        self.subscribers.setdefault(member, set()).add(queue)
        try:
            yield "retry: 1000\n\n"
            if after and self._first is not None and after + 1 < self._first:
                yield "event: reload\ndata: {}\n\n"  # missed more than is kept: reload the page
            for e in list(self.events):
                if e.id > after and member in e.members:
                    yield e.sse()
            loop = asyncio.get_running_loop()
            ends = loop.time() + self.stream_seconds
            while (left := ends - loop.time()) > 0:
                try:
                    e = await asyncio.wait_for(queue.get(), min(left, KEEPALIVE_S))
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if e.id > after:
                    yield e.sse()
        finally:
            self.subscribers[member].discard(queue)


@asynccontextmanager
async def startup(app: Any) -> AsyncIterator[None]:
    """Run the hotline's scheduler for the server's life (``Interfaces.startup``)."""
    live = Live(sessions=app.state.sessions, committer=app.state.committer, clock=app.state.clock)
    app.state.hotline = live
    task = asyncio.create_task(live.run(), name="cosec-hotline")
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
