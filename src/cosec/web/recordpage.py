"""A record's page and the charter's, both as labelled tables, never raw JSON.

``/records/{id}``: what a record says (its payload model's labels, nested tables, dates
and member names), who may read it, who drafted and who approved it when it was signed in
the web, and the forms that follow it (a reply to a request addressed to the reader).
``/charter``: the members, the bodies, and each regime's parameters with their meaning.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cosec.api.deps import DeploymentDep, PrincipalDep, SessionDep
from cosec.api.params import PathId
from cosec.charter.models import RegimeBase
from cosec.drafts.service import people_of
from cosec.errors import NotFound
from cosec.i18n import N_
from cosec.registry import mechanisms, record_kinds
from cosec.store.records import get_visible, parties_of
from cosec.web.formspec import offers_for
from cosec.web.modelwords import in_words_of
from cosec.web.payloadview import (
    Cell,
    Table,
    audience_words,
    label_of,
    parties_words,
    table_of,
)
from cosec.web.render import member_names, record_href, render

router = APIRouter(include_in_schema=False)

REGIME_MEANINGS = {  # translated where shown
    "members": N_("The member states that accepted this regime (all: every member)."),
    "obligations": N_("The obligations in force (none listed: every obligation of the mechanism)."),
    "default_audience": N_("Who reads a record when its sender does not choose."),
    "binding": N_("Whether the commitments are legally binding (or politically)."),
    "note": "",
}
REGIME_LABELS = (  # the labels of every regime's own fields (translated where shown)
    N_("Members"),
    N_("Obligations"),
    N_("Default audience"),
    N_("Binding"),
    N_("Note"),
)


@router.get("/records/{record_id}")
def record_detail(
    record_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    rec = get_visible(session, principal, deployment.current, record_id)
    if rec is None:
        raise NotFound(f"no record {record_id}")
    spec = record_kinds().get(rec.kind)
    charter = deployment.current
    names = member_names(charter)
    table = in_words_of(
        rec.mechanism, table_of(spec.model if spec is not None else None, rec.payload, names=names)
    )
    referenced = get_visible(session, principal, charter, rec.refers_to) if rec.refers_to else None
    return render(
        request,
        "record.html",
        principal,
        deployment,
        r=rec,
        title=spec.title if spec is not None and spec.title else rec.kind,
        table=table,
        audience=audience_words(rec.audience, rec.mechanism),
        parties=parties_words(sorted(parties_of(session, [rec.id])[rec.id]), charter),
        people=people_of(session, [rec.id]).get(rec.id),
        offers=offers_for(rec, principal),
        referenced_href=(
            record_href(referenced.kind, referenced.id) if referenced is not None else ""
        ),
        own_page=record_href(rec.kind, rec.id),
    )


def regime_table(regime: RegimeBase, names: Any) -> Table:
    """A regime's parameters, labelled, with their meaning beside each."""
    data = regime.model_dump(mode="json")
    table = table_of(type(regime), data, names=names)
    keys = {label_of(k): k for k in data}
    cells = []
    for c in table.cells:
        meaning = c.hint or REGIME_MEANINGS.get(keys.get(c.label, ""), "")
        cells.append(Cell(c.label, c.text, meaning, c.href, c.table, c.items))
    return Table(tuple(cells))


@router.get("/charter")
def charter_page(
    request: Request, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    charter = deployment.current
    titles = {name: m.title for name, m in mechanisms().items()}
    regimes = {
        name: in_words_of(name, regime_table(regime, member_names(charter)))
        for name, regime in charter.regimes.items()
        if isinstance(regime, RegimeBase)
    }
    return render(
        request,
        "charter.html",
        principal,
        deployment,
        versions=deployment.versions,
        regimes=regimes,
        titles=titles,
    )
