"""What a person must confirm before signing an oversight record (shown on its review page,
checked again when it is signed): a petroleum report of a month the member has reported
already, that does not correct that report, adds to it (the usual slip is a correction
sent as a new report).

It reads the signer's own reports, through visibility (a member's reports are a few a
year). Lists are imported from CSV, where a row already listed is left out.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from cosec.kit import Principal
from cosec.kit.cautions import Caution
from cosec.mechanisms.oversight import records as r
from cosec.plugin.store import Deployment, Item, list_visible, stored_payload

M = TypeVar("M", bound=BaseModel)


def _parsed(model: type[M], item: Item) -> M | None:
    payload = item.payload
    if isinstance(payload, BaseModel):
        payload = payload.model_dump(mode="json")
    try:
        return model.model_validate(payload)
    except ValidationError:
        return None


def cautions(
    session: Session, deployment: Deployment, principal: Principal, item: Item, now: datetime
) -> list[Caution]:
    """The cautions for ``item``, a record about to be signed by ``principal``."""
    if item.kind == "oversight.petroleum_transfer":
        p = _parsed(r.PetroleumTransfer, item)
        return _month_again(session, deployment, principal, p) if p is not None else []
    return []


def _month_again(
    session: Session, deployment: Deployment, principal: Principal, p: r.PetroleumTransfer
) -> list[Caution]:
    rows = list_visible(
        session,
        principal,
        deployment.current,
        kinds=["oversight.petroleum_transfer"],
        submitter=principal.submitter,
    )
    out = []
    for row in rows:
        earlier = stored_payload(r.PetroleumTransfer, row)
        if earlier is None or earlier.month != p.month or row.id == p.corrects:
            continue
        out.append(
            Caution(
                f"month_reported:{row.id}",
                f"You reported {p.month} already (record {row.id}, {earlier.barrels:,} barrels): "
                "this report adds to it. To replace it, give its id under Corrects.",
            )
        )
    return out
