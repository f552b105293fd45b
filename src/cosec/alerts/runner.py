"""The alerter's thread: a pass after each evaluation, and one every tick for deadlines.

The server starts it with the app (:func:`alerting`) when an SMTP host is configured. The
committer's evaluator wakes it once new findings are stored; the tick catches deadlines
that come close while nothing is submitted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from cosec.alerts.alerter import SendReport, send_due
from cosec.alerts.config import MailConfig
from cosec.alerts.mailer import Mailer, SmtpMailer
from cosec.clock import Clock

_log = logging.getLogger(__name__)


class Alerter:
    """Sends the alerts due, in a thread of its own, whenever woken or every tick."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        clock: Clock,
        mailer: Mailer,
        config: MailConfig,
    ) -> None:
        self._factory, self._clock, self._mailer, self.config = factory, clock, mailer, config
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.passes = 0
        """Passes run (for tests)."""
        self.done = threading.Condition()
        """Notified after each pass (for tests)."""

    def wake(self) -> None:
        """Run a pass soon (after an evaluation stored new findings)."""
        self._wake.set()

    def run_once(self) -> SendReport:
        """One pass: send what is due now."""
        try:
            return send_due(
                self._factory, clock=self._clock, mailer=self._mailer, config=self.config
            )
        finally:
            with self.done:
                self.passes += 1
                self.done.notify_all()

    def start(self) -> None:
        """Start the thread (a first pass runs at once)."""
        if self._thread is None:
            self._stop.clear()
            self._wake.set()
            self._thread = threading.Thread(target=self._run, name="cosec-alerter", daemon=True)
            self._thread.start()

    def close(self) -> None:
        """Stop the thread after the pass under way."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            self._wake.set()
            thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.config.tick_seconds)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.run_once()
            except Exception:  # the next pass tries again; nothing is marked sent unsent
                _log.exception("sending alerts failed")


@asynccontextmanager
async def alerting(app: FastAPI) -> AsyncIterator[None]:
    """Run the alerter while the app serves, if ``app.state.mail`` names an SMTP host."""
    config: MailConfig | None = getattr(app.state, "mail", None)
    if config is None or not config.enabled:
        yield
        return
    alerter = Alerter(
        app.state.sessions, clock=app.state.clock, mailer=SmtpMailer(config), config=config
    )
    app.state.alerter = alerter
    app.state.committer.after_evaluation.append(alerter.wake)
    alerter.start()
    try:
        yield
    finally:
        app.state.committer.after_evaluation.remove(alerter.wake)
        alerter.close()
