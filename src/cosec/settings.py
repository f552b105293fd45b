"""Configuration from ``COSEC_*`` environment variables, built by a function, never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an operator may configure. Read with :func:`get_settings`."""

    model_config = SettingsConfigDict(env_prefix="COSEC_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./var/cosec.db",
        description="SQLAlchemy URL of the store: a SQLite file or postgresql+psycopg://...",
    )
    charter: str = Field(
        default="eas-2026",
        description="Charter profile (id) or TOML file this deployment runs under.",
    )
    host: str = Field(default="127.0.0.1", description="Address `cosec serve` binds to.")
    port: int = Field(default=8000, description="Port `cosec serve` listens on.")
    public_url: str | None = Field(
        default=None,
        description="Where clients reach the server (https://cosec.example.org); absolute "
        "URLs on the pages are built from it. Default: http://HOST:PORT.",
    )
    allowed_hosts: str = Field(
        default="",
        description="Host names the server answers to, comma-separated (*.example.org for "
        "subdomains, * for any). Default: the public URL's host and loopback names.",
    )
    secure_cookies: bool | None = Field(
        default=None,
        description="Mark the web session cookie Secure (sent over HTTPS only). Default: "
        "yes, unless the server is bound to a loopback address with an http public URL.",
    )
    session_hours: int = Field(default=12, ge=1, description="How long a web sign-in lasts.")
    max_body_bytes: int = Field(
        default=4 * 1024 * 1024, ge=1024, description="The largest request body a route takes."
    )
    max_upload_bytes: int = Field(
        default=1024 * 1024 * 1024,
        ge=1024,
        description="The largest track upload (POST /v1/track-datasets), streamed to disk.",
    )
    auth_failures_per_minute: int = Field(
        default=10, ge=1, description="Failed key or sign-in attempts per client address."
    )
    costly_requests_per_minute: int = Field(
        default=30,
        ge=1,
        description="Requests to costly routes (assess, analyses, tracks, coastlines, "
        "uploads) per client address.",
    )
    keys_dir: Path = Field(
        default=Path("./var/keys"),
        description="Where `cosec keys new` writes private keys; deposited keys in custody/.",
    )
    data_dir: Path = Field(
        default=Path("./var/tracks"),
        description="Where the server keeps imported track datasets (one folder each).",
    )
    log_origin: str = Field(
        default="cosec.local/log",
        description="The log's origin line, naming it in checkpoints (C2SP tlog-checkpoint).",
    )
    log_key_file: Path = Field(
        default=Path("./var/keys/log.key"),
        description="The log's checkpoint-signing key (made on first use).",
    )
    two_person_rule: bool = Field(
        default=True,
        description="A person's records (users with a duty) are drafted by one person and "
        "signed by another of the same member, in the web; machines' keys sign directly.",
    )
    smtp_host: str = Field(
        default="",
        description="SMTP server the e-mail alerts go through; empty: no alerts are sent.",
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="The SMTP server's port.")
    smtp_user: str = Field(default="", description="SMTP user name; empty: no login.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_from: str = Field(
        default="cosec@localhost", description="The From address of the e-mail alerts."
    )
    smtp_starttls: bool = Field(
        default=False,
        description="Upgrade the SMTP connection with STARTTLS (the server's certificate is "
        "checked) before logging in.",
    )
    alert_window_hours: int = Field(
        default=48,
        ge=1,
        le=24 * 30,
        description="E-mail a user about a deadline once it is this close.",
    )


def get_settings() -> Settings:
    """Read the settings from the environment now."""
    return Settings()
