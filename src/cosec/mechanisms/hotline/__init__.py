"""The crisis hotline: messages by precedence with acknowledgement deadlines, chains of
contacts, escalations the server fires, drills, and each member's measured times."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cosec.mechanisms.hotline.registration import OBLIGATIONS, RECORD_KINDS, mechanism

__all__ = ["OBLIGATIONS", "RECORD_KINDS", "mechanism"]


def __getattr__(name: str) -> object:
    """The registration's names, imported on first use (``cosec --help`` reads only
    :mod:`cosec.mechanisms.hotline.about`, not the records)."""
    if name in __all__:
        from cosec.mechanisms.hotline import registration

        return getattr(registration, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
