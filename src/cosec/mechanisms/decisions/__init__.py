"""Institutions and binding decisions: the bodies of the charter, the rotating chair,
meetings with agendas, proposals voted on by each member's representative, outcomes by the
rules of the domain reference §11, and a register of binding decisions whose
implementation tasks are owed by their deadlines."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cosec.mechanisms.decisions.registration import OBLIGATIONS, RECORD_KINDS, mechanism

__all__ = ["OBLIGATIONS", "RECORD_KINDS", "mechanism"]


def __getattr__(name: str) -> object:
    """The registration's names, imported on first use (``cosec --help`` reads only
    :mod:`cosec.mechanisms.decisions.about`, not the records)."""
    if name in __all__:
        from cosec.mechanisms.decisions import registration

        return getattr(registration, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
