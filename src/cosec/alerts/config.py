"""How the alerter reaches its SMTP server, and when it alerts (``COSEC_SMTP_*``)."""

from __future__ import annotations

from dataclasses import dataclass

from cosec.settings import Settings


@dataclass(frozen=True, slots=True)
class MailConfig:
    """The alerter's SMTP server and timing. No ``host``: no alerts are sent."""

    host: str | None = None
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "cosec@localhost"
    """The ``From`` address."""
    starttls: bool = False
    """Upgrade the connection with STARTTLS (and check the server's certificate)."""
    public_url: str = "http://127.0.0.1:8000"
    """Where the links in the messages point."""
    window_hours: int = 48
    """Alert about deadlines this close (and about those passed since the user asked)."""
    tick_seconds: float = 60.0
    """How often the alerter looks for deadlines coming close with no evaluation."""
    lease_seconds: int = 600
    """A claimed alert not marked sent after this long is sent again (the sender died)."""
    max_attempts: int = 5
    """Sending an alert is tried this many times, a lease apart, then given up."""
    timeout_seconds: float = 30.0

    @property
    def enabled(self) -> bool:
        """Whether alerts are sent at all."""
        return bool(self.host)

    @classmethod
    def from_settings(cls, settings: Settings, *, public_url: str) -> MailConfig:
        """The SMTP server an operator configured."""
        return cls(
            host=settings.smtp_host or None,
            port=settings.smtp_port,
            user=settings.smtp_user or None,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            sender=settings.smtp_from,
            starttls=settings.smtp_starttls,
            public_url=public_url.rstrip("/"),
            window_hours=settings.alert_window_hours,
        )
