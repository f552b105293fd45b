"""What a person sees, and must confirm, before a record is signed.

:func:`review` runs the record through every check of the one pipeline and
:func:`cosec.pipeline.preview.preview` (what it would open, resolve and start; nothing
is written), then gathers the cautions to confirm: the record's mechanism's own (a date
in the past, a likely duplicate: ``Interfaces.cautions``) and one for each finding it
would open against the signer's own state. :func:`confirm` holds a signature to exactly
the cautions found again at that moment: a page left open while the facts changed, or
one that leaves a box out, cannot sign.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cosec.clock import Clock
from cosec.deployment import Deployment
from cosec.errors import InvalidInput
from cosec.kit.cautions import Caution
from cosec.kit.submission import Item
from cosec.pipeline.preview import Preview, Previewed, preview
from cosec.principals import Principal
from cosec.registry import mechanism_of, mechanisms


@dataclass(frozen=True)
class Review:
    """A record as it will be signed, what it triggers, and what must be confirmed."""

    item: Item
    submitter: str
    preview: Preview
    cautions: tuple[Caution, ...]

    @property
    def codes(self) -> frozenset[str]:
        """The codes a signature must confirm."""
        return frozenset(c.code for c in self.cautions)

    @property
    def own(self) -> list[Previewed]:
        """Findings it would open against the signer's own state."""
        return self.preview.against(self.submitter)

    @property
    def others(self) -> list[Previewed]:
        """Findings it would open against other states only."""
        return [p for p in self.preview.opens if self.submitter not in p.members]


def finding_code(p: Previewed) -> str:
    """A stable code for a finding a record would open."""
    digest = hashlib.sha256(
        "\x1f".join((p.flag, ",".join(p.members), p.summary)).encode()
    ).hexdigest()
    return f"finding:{p.flag}:{digest[:12]}"


def review(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    item: Item,
    clock: Clock,
) -> Review:
    """Check ``item`` as a submission (:class:`InvalidInput` naming each field), preview it,
    and list the cautions its signer must confirm."""
    shown = preview(session, deployment=deployment, principal=principal, item=item, clock=clock)
    submitter = principal.submitter or ""
    found: list[Caution] = []
    mechanism = mechanisms().get(mechanism_of(item.kind))
    if mechanism is not None and mechanism.interfaces.cautions is not None:
        own_cautions = mechanism.interfaces.cautions.load()
        found.extend(own_cautions(session, deployment, principal, item, clock.now()))
    for p in shown.against(submitter):
        found.append(
            Caution(
                finding_code(p),
                f"Signing this opens a {p.severity}-severity finding against "
                f"{deployment.current.member_name(submitter)}: {p.summary}",
                own=True,
            )
        )
    unique = {c.code: c for c in found}
    return Review(item, submitter, shown, tuple(unique.values()))


def confirm(found: Review, confirmed: Iterable[str]) -> None:
    """Refuse (:class:`InvalidInput` on ``confirm``) unless ``confirmed`` names exactly the
    cautions found now."""
    given = {c for c in confirmed if c}
    missing = [c for c in found.cautions if c.code not in given]
    if missing:
        raise InvalidInput.field(
            "confirm",
            "tick every warning before signing; not confirmed: "
            + "; ".join(c.message for c in missing),
        )
    if given - found.codes:
        raise InvalidInput.field(
            "confirm",
            "the warnings changed since this page was shown (or it confirms warnings there are "
            "not): review the record again before signing",
        )
