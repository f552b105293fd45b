"""What a mechanism's forms use to show what will be signed before it is.

A form checks a submission with every rule of the one pipeline (:func:`preview`, which
writes nothing), shows the payload exactly as it will be signed and its digest, and signs
only when the confirmation carries that digest: a slip is seen before it becomes a signed
record that can never be removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cosec.deployment import Deployment
from cosec.pipeline.submit import Validated, canonical_json, payload_digest, validate
from cosec.principals import Principal

__all__ = ["Preview", "preview"]


@dataclass(frozen=True)
class Preview:
    """A submission checked by the pipeline, not yet signed."""

    valid: Validated
    payload: dict[str, Any]
    """The payload exactly as it will be signed and stored."""
    sha256: str

    @property
    def audience(self) -> str:
        """Who will read it."""
        return self.valid.audience.value

    @property
    def parties(self) -> list[str]:
        """The members it is addressed to (beyond its audience)."""
        return sorted(self.valid.parties)


def preview(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    kind: str,
    payload: Mapping[str, Any],
    audience: str | None,
    parties: Iterable[str] = (),
    now: datetime,
) -> Preview:
    """Every check a submission must pass (the pipeline's own), and what it would sign."""
    valid = validate(
        session,
        deployment=deployment,
        principal=principal,
        kind=kind,
        payload=payload,
        audience=audience,
        parties=parties,
        now=now,
    )
    data = canonical_json(valid.payload)
    return Preview(valid, data, payload_digest(data))
