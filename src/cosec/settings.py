"""Configuration from ``COSEC_*`` environment variables, built by a function, never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
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
    secure_cookies: bool = Field(
        default=False, description="Mark the web session cookie Secure (behind HTTPS)."
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


def get_settings() -> Settings:
    """Read the settings from the environment now."""
    return Settings()
