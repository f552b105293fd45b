"""Record kinds of the log itself: member key events and witness registrations.

Key changes are records like any other, so they are signed, logged in order and public.
Their rules (who may register, rotate or revoke which key) are the key registry's, applied
when the entry takes its place in the log.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cosec.kit.mechanism import RecordKind
from cosec.ledger.keyregistry import (
    KIND_REGISTER,
    KIND_REVOKE,
    KIND_ROTATE,
    KeyRegisterPayload,
    KeyRevokePayload,
    KeyRotatePayload,
)
from cosec.records import Audience, RecordModel

KIND_WITNESS = "witness.register"


class WitnessRegisterPayload(RecordModel):
    """``witness.register``: a member's witness key for cosigning checkpoints."""

    vkey: Annotated[str, Field(min_length=1, max_length=255)]


_BOTH = ("member", "secretariat")
LEDGER_KINDS = (
    RecordKind(
        KIND_REGISTER,
        KeyRegisterPayload,
        title="Key registered",
        default_audience=Audience.PUBLIC,
        submitted_by=_BOTH,
    ),
    RecordKind(
        KIND_ROTATE,
        KeyRotatePayload,
        title="Key rotated",
        default_audience=Audience.PUBLIC,
        submitted_by=_BOTH,
    ),
    RecordKind(
        KIND_REVOKE,
        KeyRevokePayload,
        title="Key revoked",
        default_audience=Audience.PUBLIC,
        submitted_by=_BOTH,
    ),
    RecordKind(
        KIND_WITNESS,
        WitnessRegisterPayload,
        title="Witness key registered",
        default_audience=Audience.PUBLIC,
        submitted_by=_BOTH,
    ),
)
