"""``publication.release``: the secretariat makes findings, statistics or a report public."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import Field, model_validator
from sqlalchemy import select

from cosec.errors import FieldError
from cosec.kit.mechanism import RecordKind
from cosec.records import MAX_ITEMS, Audience, RecordId, RecordModel, Text
from cosec.store.publications import KIND_RELEASE
from cosec.store.tables import FindingRow

if TYPE_CHECKING:
    from cosec.kit.submission import SubmissionCheck

SCOPES = ("findings", "statistics", "report")
Scope = Literal["findings", "statistics", "report"]
Year = Annotated[int, Field(ge=1990, le=2200)]


class Release(RecordModel):
    """What one release publishes.

    - ``findings``: the ids of findings anyone may read from now on;
    - ``statistics``: the scorecards' figures as they stand (``content``);
    - ``report``: the figures of the annual implementation report of ``year``
      (``content``).

    The figures travel in the signed record: the public reads what was published then,
    and anyone can check it against the log.
    """

    scope: Scope
    findings: Annotated[list[RecordId], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
    year: Year | None = None
    content: dict[str, Any] | None = None
    note: Text = ""

    @model_validator(mode="after")
    def _fits_scope(self) -> Self:
        if self.scope == "findings":
            if not self.findings:
                raise ValueError("a release of findings must name at least one finding")
            if self.content is not None:
                raise ValueError("a release of findings carries no content")
        else:
            if self.findings:
                raise ValueError(f"a release of {self.scope} names no findings")
            if not self.content:
                raise ValueError(f"a release of {self.scope} needs its content")
        if self.scope == "report" and self.year is None:
            raise ValueError("a release of a report needs its year")
        return self


def check_release(check: SubmissionCheck[Release]) -> Iterator[FieldError]:
    """Every finding named exists, once."""
    ids = check.payload.findings
    seen: set[int] = set()
    for i, fid in enumerate(ids):
        if fid in seen:
            yield FieldError(f"payload.findings[{i}]", f"finding {fid} is named twice")
        seen.add(fid)
    if ids:
        known = set(check.session.scalars(select(FindingRow.id).where(FindingRow.id.in_(ids))))
        for i, fid in enumerate(ids):
            if fid not in known:
                yield FieldError(f"payload.findings[{i}]", f"there is no finding {fid}")


RELEASE_KIND: RecordKind[Release] = RecordKind(
    KIND_RELEASE,
    Release,
    title="Publication",
    default_audience=Audience.PUBLIC,
    submitted_by=("secretariat",),
    check=check_release,
    label=lambda r: f"{r.scope} {r.year}" if r.year else r.scope,
)
KINDS = (RELEASE_KIND,)
