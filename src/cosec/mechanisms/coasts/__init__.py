"""Presence of members' state vessels and aircraft along other members' coasts: episodes
counted from tracks and the state-unit registry, compared year on year, and notified
activities placed against the coasts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cosec.mechanisms.coasts.registration import OBLIGATIONS, mechanism

__all__ = ["OBLIGATIONS", "mechanism"]


def __getattr__(name: str) -> object:
    """The registration's names, imported on first use (``cosec --help`` reads only
    :mod:`cosec.mechanisms.coasts.about`, not the records)."""
    if name in __all__:
        from cosec.mechanisms.coasts import registration

        return getattr(registration, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
