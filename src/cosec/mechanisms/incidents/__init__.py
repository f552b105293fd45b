"""The code of safe conduct at sea and in the air: incident reports, replies, joint
assessments, severity, and reports checked against ship and aircraft tracks."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cosec.mechanisms.incidents.registration import OBLIGATIONS, RECORD_KINDS, mechanism

__all__ = ["OBLIGATIONS", "RECORD_KINDS", "mechanism"]


def __getattr__(name: str) -> object:
    """The registration's names, imported on first use (``cosec --help`` reads only
    :mod:`cosec.mechanisms.incidents.about`, not the records)."""
    if name in __all__:
        from cosec.mechanisms.incidents import registration

        return getattr(registration, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
