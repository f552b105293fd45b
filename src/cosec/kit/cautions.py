"""Warnings a person must confirm before signing a record: the soft side of a check.

A check (:class:`cosec.kit.SubmissionCheck`) refuses what breaks a rule; a caution lets
through what is allowed but probably a slip, once the person signing has seen it and
ticked it: an activity dated in the past, a record much like one already sent. A
mechanism gives its cautions through ``Interfaces.cautions``; the core adds one for each
finding the record would open against the signer's own state. A caution's ``code`` is
stable for the same facts, so the server can check, when the record is signed, that
exactly the cautions it finds then were confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Caution:
    """Something to confirm before signing."""

    code: str
    """Stable for the same facts (``past_start``, ``duplicate:12``): what a confirmation names."""
    message: str
    """One sentence for the person signing."""
    own: bool = False
    """It concerns the signer's own state (a finding the record would open against it)."""
