"""What the web server protects itself with: limits, hosts, cookies, sessions, rate limits.

Built from the settings by :meth:`WebConfig.from_settings` for ``cosec serve``; tests and
embedders pass one to :func:`cosec.server.app.create_app` (the defaults suit a server on a
loopback address).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from cosec.settings import Settings

MIB = 1024 * 1024

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine only."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class WebConfig:
    """The server's protections. Every number is per server process."""

    public_url: str = "http://127.0.0.1:8000"
    """Where clients reach the server; absolute URLs on the pages are built from it,
    never from the request's ``Host`` header."""
    allowed_hosts: tuple[str, ...] = ()
    """``Host`` header values the server answers to (``*.example.org`` matches
    subdomains); empty: any."""
    secure_cookies: bool = False
    """Mark the session cookies ``Secure`` (sent over HTTPS only)."""
    session_hours: int = 12
    """How long a web sign-in lasts."""
    max_body_bytes: int = 4 * MIB
    """The largest request body any route takes."""
    max_upload_bytes: int = 1024 * MIB
    """The largest upload ``POST /v1/track-datasets`` takes (streamed to disk)."""
    auth_failures_per_minute: int = 10
    """Failed key or sign-in attempts one client address may make (as a burst, then
    refilled at this rate)."""
    costly_requests_per_minute: int = 30
    """Requests to costly routes (assess, analyses, tracks, coastlines, uploads) one client
    address may make (a burst, then refilled at this rate)."""
    two_person_rule: bool = True
    """A person's records need a drafter and another person, an approver, to sign them."""

    @classmethod
    def from_settings(
        cls, settings: Settings, *, host: str | None = None, port: int | None = None
    ) -> WebConfig:
        """The protections an operator configured (``host``/``port``: what is bound)."""
        host = host or settings.host
        port = port or settings.port
        public_url = (settings.public_url or f"http://{_netloc(host, port)}").rstrip("/")
        public_host = urlsplit(public_url).hostname or host
        if settings.allowed_hosts.strip():
            hosts = tuple(h.strip() for h in settings.allowed_hosts.split(",") if h.strip())
        else:
            hosts = tuple(dict.fromkeys((public_host, *LOOPBACK_NAMES)))
        if "*" in hosts:
            hosts = ()
        secure = settings.secure_cookies
        if secure is None:
            secure = public_url.startswith("https://") or not is_loopback(host)
        return cls(
            public_url=public_url,
            allowed_hosts=hosts,
            secure_cookies=secure,
            session_hours=settings.session_hours,
            max_body_bytes=settings.max_body_bytes,
            max_upload_bytes=settings.max_upload_bytes,
            auth_failures_per_minute=settings.auth_failures_per_minute,
            costly_requests_per_minute=settings.costly_requests_per_minute,
            two_person_rule=settings.two_person_rule,
        )


def _netloc(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
