"""Sending a message: the small IO boundary of the alerter (tests use a real SMTP server)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from cosec.alerts.config import MailConfig


class Mailer(Protocol):
    """Something that delivers a message or raises."""

    def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    """Delivers through the configured SMTP server (``COSEC_SMTP_*``), one connection
    per message: STARTTLS first when asked (the certificate checked), then the login."""

    def __init__(self, config: MailConfig) -> None:
        if not config.host:
            raise ValueError("SmtpMailer needs an SMTP host (COSEC_SMTP_HOST)")
        self.config = config

    def send(self, message: EmailMessage) -> None:
        c = self.config
        assert c.host is not None  # checked in __init__
        with smtplib.SMTP(c.host, c.port, timeout=c.timeout_seconds) as smtp:
            if c.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if c.user:
                smtp.login(c.user, c.password or "")
            smtp.send_message(message)
