"""Prior notification of major military activities: records, obligations, detectors, service."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cosec.mechanisms.notifications.registration import OBLIGATIONS, RECORD_KINDS, mechanism

__all__ = ["OBLIGATIONS", "RECORD_KINDS", "mechanism"]


def __getattr__(name: str) -> object:
    """The registration's names, imported on first use (``cosec --help`` reads only
    :mod:`cosec.mechanisms.notifications.about`, not the records)."""
    if name in __all__:
        from cosec.mechanisms.notifications import registration

        return getattr(registration, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
