"""What a member's representative must confirm before a vote becomes a signed record (shown
on the review page, checked again at signing): a vote that will not count, a vote that
replaces an earlier one, a no that blocks a consensus."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from cosec.kit import NotFound, Principal
from cosec.kit.cautions import Caution
from cosec.mechanisms.decisions import service
from cosec.mechanisms.decisions.records import Vote
from cosec.plugin.store import Deployment, Item, Session


def _vote(item: Item) -> Vote | None:
    payload: Any = item.payload
    if not isinstance(payload, dict):
        payload = payload.model_dump(mode="json")
    try:
        return Vote.model_validate(payload)
    except ValidationError:
        return None


def cautions(
    session: Session, deployment: Deployment, principal: Principal, item: Item, now: datetime
) -> list[Caution]:
    """The cautions for a ``decisions.vote`` about to be signed by ``principal``."""
    if item.kind != "decisions.vote":
        return []
    v = _vote(item)
    me = principal.submitter or ""
    if v is None:
        return []
    try:
        view, _ = service.get_proposal(
            session, deployment=deployment, principal=principal, proposal_id=v.proposal_id
        )
    except NotFound:
        return []
    state = view.state
    out = [
        Caution(
            "final",
            f"This vote is signed for your state by {v.representative} and logged for good: "
            "it can be replaced by a later vote before the close, never removed.",
        )
    ]
    if state.status != "tabled":
        out.append(
            Caution(
                f"not_counted:{state.status}",
                f"Proposal {state.id} is {state.status}: this vote will be logged but not counted.",
            )
        )
    earlier = state.votes.get(me)
    if earlier is not None and state.status == "tabled":
        out.append(
            Caution(
                f"replaces:{earlier.record_id}",
                f"You already voted {earlier.vote} (record {earlier.record_id}); "
                f"this vote replaces it.",
            )
        )
    if v.vote == "no" and view.rule == "consensus":
        out.append(Caution("blocks", "Under consensus, a single no blocks adoption.", own=True))
    if v.vote == "no" and view.rule == "consensus_minus_parties":
        if me in state.proposal.parties:
            text = "You are a party to this proposal: your no does not count against adoption."
        else:
            text = "Under consensus minus the parties, your no blocks adoption."
        out.append(Caution("party_no" if me in state.proposal.parties else "blocks", text))
    return out
