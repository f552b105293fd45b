"""What a point of contact must confirm before signing an arms return or expenditure report
(shown on its review page, checked again when it is signed):

- a return (or report) for a year the member already sent one for: the new one replaces
  it for the mirror checks and the figures (the first still says when it came);
- a line naming a state outside the regime: listed, never mirror-checked (a mistyped code
  would hide a transfer from the checks).

The core adds one caution for each finding the record would open against the member's own
state (a late return, a transfer its counterpart reports differently).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError

from cosec.kit import Principal
from cosec.kit.cautions import Caution
from cosec.mechanisms.arms.records import ArmsReturn, Expenditure
from cosec.plugin.store import Deployment, Item, Session, list_visible

WORDS = {"arms.return": "return of arms transfers", "arms.expenditure": "expenditure report"}


def _payload(item: Item) -> object:
    payload = item.payload
    return payload.model_dump(mode="json") if hasattr(payload, "model_dump") else payload


def cautions(
    session: Session, deployment: Deployment, principal: Principal, item: Item, now: datetime
) -> list[Caution]:
    """The cautions for ``item``, a record about to be signed by ``principal``."""
    if item.kind not in WORDS or principal.submitter is None:
        return []
    parsed: ArmsReturn | Expenditure
    try:
        if item.kind == "arms.return":
            parsed = ArmsReturn.model_validate(_payload(item))
        else:
            parsed = Expenditure.model_validate(_payload(item))
    except ValidationError:
        return []
    out = []
    earlier = [
        row
        for row in list_visible(
            session, principal, deployment.current, kinds=[item.kind], submitter=principal.submitter
        )
        if row.payload.get("year") == parsed.year
    ]
    if earlier:
        first = earlier[0]
        out.append(
            Caution(
                code=f"replaces:{earlier[-1].id}",
                message=(
                    f"You sent a {WORDS[item.kind]} for {parsed.year} on "
                    f"{first.submitted_at:%d %B %Y} (record {earlier[-1].id}): this one replaces "
                    "it; the first still says when it came."
                ),
            )
        )
    if isinstance(parsed, ArmsReturn):
        members = deployment.current.regime_members("arms")
        outside = sorted(
            {x.counterpart for x in (*parsed.exports, *parsed.imports)}
            - set(members if members is not None else ())
        )
        if members is not None and outside:
            out.append(
                Caution(
                    code="outside:" + ",".join(outside),
                    message=(
                        f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} not in the "
                        "arms regime: those transfers are listed and never compared with another "
                        "return. Check the codes."
                    ),
                )
            )
    return out
