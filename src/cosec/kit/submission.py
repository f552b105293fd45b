"""What a record kind's rules see of a submission, and of the records already stored.

A mechanism's checks read a :class:`SubmissionCheck`: the typed payload, who submits it,
the charter in force, the record it follows, and other records the submitter may read.
They never query the store themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from cosec.charter.models import Charter, RegimeBase
from cosec.errors import FieldError, InvalidInput
from cosec.principals import Principal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

P = TypeVar("P", bound=BaseModel)
M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=RegimeBase)


@dataclass(frozen=True, slots=True)
class Item:
    """One record to submit: its kind, payload, and optional audience and parties."""

    kind: str
    payload: Mapping[str, Any] | BaseModel
    audience: str | None = None
    parties: tuple[str, ...] = ()


class StoredRecord(Protocol):
    """A record as stored: who signed what, when, for whom, under which charter."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def mechanism(self) -> str: ...
    @property
    def submitter(self) -> str: ...
    @property
    def audience(self) -> str: ...
    @property
    def submitted_at(self) -> datetime: ...
    @property
    def refers_to(self) -> int | None: ...
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def charter_version(self) -> str: ...


def payload_of(model: type[M], record: StoredRecord) -> M | None:
    """The payload of a stored record as ``model``, or ``None`` when it no longer validates
    (a record an earlier version of cosec accepted: see :func:`cosec.store.records.
    stored_payload`, which also logs it)."""
    try:
        return model.model_validate(record.payload)
    except ValidationError:
        return None


@dataclass(frozen=True)
class SubmissionCheck(Generic[P]):
    """What a record kind's extra rules may look at."""

    payload: P
    principal: Principal
    charter: Charter
    referenced: StoredRecord | None
    """The record it follows (through its kind's ``ref_field``), already checked readable."""
    now: datetime
    lookup: Callable[[int], StoredRecord | None]
    session: Session
    """For the core's own kinds only; a mechanism's checks use :meth:`record`."""

    @property
    def submitter(self) -> str:
        """The code the record is signed as (a member, or ``SEC``)."""
        return self.principal.submitter or ""

    def record(self, record_id: int) -> StoredRecord | None:
        """Another record the submitter may read, by id."""
        return self.lookup(record_id)

    def regime(self, model: type[R], mechanism: str) -> R:
        """The charter's regime of ``mechanism``, typed (the pipeline refuses kinds whose
        mechanism has no regime before any check runs)."""
        regime = self.charter.regime(mechanism)
        if not isinstance(regime, model):
            raise InvalidInput.field("kind", f"{self.charter.id} has no {mechanism} regime")
        return regime

    def not_members(self, mechanism: str, loc: str, codes: tuple[str, ...]) -> Iterator[FieldError]:
        """Errors for codes that are not members of ``mechanism``'s regime."""
        members = self.charter.regime_members(mechanism)
        for i, code in enumerate(codes):
            if members is not None and code not in members:
                yield FieldError(f"{loc}[{i}]", f"{code} is not a member of the {mechanism} regime")
