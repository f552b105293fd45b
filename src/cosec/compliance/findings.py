"""Findings' words, kept here for the modules that name them by their old place.

New code imports them from :mod:`cosec.kit`.
"""

from cosec.kit.findings import FindingDraft, FindingState, Severity

__all__ = ["FindingDraft", "FindingState", "Severity"]
