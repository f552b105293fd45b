"""The road from a form to a signature: form, review, then sign (or save a draft).

``POST {form}/review`` checks the values with every rule of the pipeline and shows the
record as it will be signed (a labelled table), who will read it, what it would open
(against the signer's own state first), resolve and start, and the cautions to tick.
``POST {form}/sign`` signs only if the cautions found again at that moment are exactly
those ticked (422 naming ``confirm`` otherwise: nothing is written), and only if the
signer may (a drafter never; under the two-person rule, an approver only what another
person drafted). ``POST {form}/draft`` keeps a draft for an approver; ``POST {form}``
shows the form again with its values ("Edit").
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from cosec import deployment as deployment_service
from cosec.api.deps import DeploymentDep, PrincipalDep, SessionDep
from cosec.compliance import engine
from cosec.deployment import Deployment
from cosec.drafts import service as drafts
from cosec.drafts.review import review
from cosec.drafts.tables import DraftRow
from cosec.errors import FieldError, Forbidden, InvalidInput, Unauthenticated
from cosec.principals import Principal, Role
from cosec.registry import mechanism_of, record_kinds
from cosec.store.db import unit_of_work
from cosec.store.tables import PrincipalRow
from cosec.web.formspec import FORMS, RecordForm, place, values_of
from cosec.web.modelwords import in_words_of
from cosec.web.payloadview import audience_words, parties_words, table_of
from cosec.web.render import member_names, render

_log = logging.getLogger(__name__)


def two_person_rule(request: Request) -> bool:
    """Whether people's records need two persons (``COSEC_TWO_PERSON_RULE``)."""
    return bool(getattr(request.app.state.config, "two_person_rule", True))


def gate(principal: Principal, form: RecordForm) -> None:
    """Refuse whoever may not use ``form``."""
    if principal.role is Role.PUBLIC:
        raise Unauthenticated("sign in to use this form")
    if principal.role.value not in form.roles:
        raise Forbidden(f"{principal.label} may not use this form: it is for {form.roles[0]}s")
    refused = drafts.may_draft(principal)
    if refused is not None:
        raise Forbidden(refused)


def form_page(
    request: Request,
    principal: Principal,
    deployment: Deployment,
    form: RecordForm,
    values: dict[str, str],
    *,
    errors: Sequence[FieldError] = (),
    draft_id: int | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The form, with its values and each error at its input."""
    inputs = list(form.inputs(values))
    placed = place(inputs, errors)
    groups: list[tuple[str, list[Any]]] = []
    for i in inputs:
        if not groups or groups[-1][0] != i.group:
            groups.append((i.group, []))
        groups[-1][1].append(i)
    return render(
        request,
        "record_form.html",
        principal,
        deployment,
        form=form,
        values=values,
        groups=groups,
        placed=placed,
        draft_id=draft_id,
        about=about(request, deployment, principal, form, values),
        status_code=status_code,
    )


def about(
    request: Request,
    deployment: Deployment,
    principal: Principal,
    form: RecordForm,
    values: dict[str, str],
) -> str:
    """The sentence saying what the record concerns, if the form has one."""
    if form.about is None:
        return ""
    with unit_of_work(request.app.state.sessions) as s:
        return form.about(s, deployment, principal, values)


def review_page(
    request: Request,
    session: Session,
    deployment: Deployment,
    principal: Principal,
    form: RecordForm,
    values: dict[str, str],
    *,
    draft: DraftRow | None = None,
    draft_id: int | None = None,
    errors: Sequence[FieldError] = (),
    status_code: int = 200,
) -> HTMLResponse:
    """The record as it will be signed, what it triggers, and what must be confirmed."""
    try:
        item = form.build(values)  # a value it cannot take is shown at its input too
        found = review(
            session,
            deployment=deployment,
            principal=principal,
            item=item,
            clock=request.app.state.clock,
        )
    except InvalidInput as exc:
        return form_page(
            request,
            principal,
            deployment,
            form,
            values,
            errors=exc.errors,
            draft_id=draft.id if draft is not None else draft_id,
            status_code=422,
        )
    spec = record_kinds()[item.kind]
    charter = deployment.current
    mechanism = mechanism_of(item.kind)
    two_person = two_person_rule(request)
    if draft is not None:
        sign_action = f"/drafts/{draft.id}/sign"
        refusal = drafts.may_sign(principal, draft, two_person=two_person)
    else:
        sign_action = f"{form.path}/sign"
        pending = None
        if draft_id is not None:  # signing an edited draft makes the editor its drafter
            pending = DraftRow(member=principal.submitter or "", drafted_by=principal.id)
        refusal = drafts.may_sign(principal, pending, two_person=two_person)
    drafter = ""
    if draft is not None:
        drafter = next((u for u in _names(session, [draft.drafted_by])), "")
    return render(
        request,
        "review.html",
        principal,
        deployment,
        form=form,
        values=values,
        title=spec.title or item.kind,
        table=in_words_of(
            mechanism, table_of(spec.model, found.preview.payload, names=member_names(charter))
        ),
        audience=audience_words(found.preview.audience, mechanism),
        parties=parties_words(found.preview.parties, charter),
        found=found,
        refusal=refusal,
        sign_action=sign_action,
        draft=draft,
        draft_id=draft.id if draft is not None else draft_id,
        drafter=drafter,
        draft_version=drafts.version_of(draft) if draft is not None else "",
        about=about(request, deployment, principal, form, values),
        errors=[e for e in errors if e.loc == "confirm"],
        other_errors=[e for e in errors if e.loc != "confirm"],
        status_code=status_code,
    )


def _names(session: Session, ids: Sequence[int]) -> list[str]:
    return [p.name for i in ids if (p := session.get(PrincipalRow, i)) is not None]


def sign(
    request: Request,
    principal: Principal,
    form: RecordForm,
    values: dict[str, str],
    confirmed: Sequence[str],
    *,
    draft_id: int | None = None,
    version: str | None = None,
) -> int:
    """Sign in one writing unit of work (record, log entry, people, draft), then bring the
    findings up to date; the record's id."""
    item = form.build(values)
    with unit_of_work(request.app.state.sessions, write=True) as s:
        d = deployment_service.load(s)
        if draft_id is not None and version is not None:
            current = drafts.get_open(s, principal=principal, draft_id=draft_id)
            refused = drafts.may_sign(principal, current, two_person=two_person_rule(request))
            if refused is not None:
                raise Forbidden(refused)
            if drafts.version_of(current) != version:
                raise InvalidInput.field(
                    "confirm", "the draft changed since this page was shown: review it again"
                )
        row, _ = drafts.sign(
            s,
            deployment=d,
            ledger=request.app.state.ledger,
            principal=principal,
            item=item,
            clock=request.app.state.clock,
            confirmed=confirmed,
            two_person=two_person_rule(request),
            draft_id=draft_id,
        )
        if form.after is not None:
            form.after(s)
        record_id, mechanism = row.id, row.mechanism
    evaluate(request, mechanism)
    return record_id


def evaluate(request: Request, mechanism: str) -> None:
    """Bring the mechanism's findings up to date (findings are derived: a failure here is
    logged and caught up by the next evaluation, the record stands)."""
    try:
        with unit_of_work(request.app.state.sessions, write=True) as s:
            engine.catch_up(
                s,
                deployment=deployment_service.load(s),
                clock=request.app.state.clock,
                projections=engine.Projections(),
                only=[mechanism],
            )
    except Exception:
        _log.exception("evaluating %s after a signature failed", mechanism)


def save_draft(
    request: Request,
    principal: Principal,
    form: RecordForm,
    values: dict[str, str],
    draft_id: int | None,
) -> int:
    """Keep the values as a draft (a new one, or the one being edited); its id."""
    with unit_of_work(request.app.state.sessions, write=True) as s:
        row = drafts.save(
            s,
            principal=principal,
            kind=form.kind,
            title=form.label(values) or form.title,
            form_path=form.path,
            form=values,
            now=request.app.state.clock.now(),
            draft_id=draft_id,
        )
        return row.id


def _draft_id(raw: str | None) -> int | None:
    if raw is None or not raw.strip():
        return None
    if not raw.strip().isdigit() or len(raw.strip()) > 9:
        raise InvalidInput.field("_draft", "must be the id of a draft")
    return int(raw)


def add_record_form(router: APIRouter, form: RecordForm) -> None:
    """Mount a form's page, its review, its signature and its drafts on ``router``."""
    FORMS[form.path] = form

    @router.get(form.path)
    def show(
        request: Request,
        session: SessionDep,
        deployment: DeploymentDep,
        principal: PrincipalDep,
    ) -> Response:
        if principal.role is Role.PUBLIC:
            return RedirectResponse(f"/login?next={form.path}", status_code=303)
        gate(principal, form)
        names = {i.name for i in form.inputs({})}
        given = {k: v for k, v in request.query_params.items() if k in names and len(v) < 200}
        draft_id = _draft_id(request.query_params.get("_draft"))
        values = form.defaults(principal) | given
        if form.prefill is not None:
            values |= form.prefill(session, deployment, principal, values)
        if draft_id is not None:
            draft = drafts.get_open(session, principal=principal, draft_id=draft_id)
            values = drafts.form_values(draft.form)
        return form_page(request, principal, deployment, form, values, draft_id=draft_id)

    @router.post(form.path)
    async def edit(
        request: Request, deployment: DeploymentDep, principal: PrincipalDep
    ) -> Response:
        gate(principal, form)
        posted = await request.form()
        values = values_of(list(posted.multi_items()))
        draft_id = _draft_id(_one(posted.get("_draft")))
        return form_page(request, principal, deployment, form, values, draft_id=draft_id)

    @router.post(f"{form.path}/review")
    async def review_route(
        request: Request,
        session: SessionDep,
        deployment: DeploymentDep,
        principal: PrincipalDep,
    ) -> Response:
        gate(principal, form)
        posted = await request.form()
        values = values_of(list(posted.multi_items()))
        draft_id = _draft_id(_one(posted.get("_draft")))
        return await run_in_threadpool(
            review_page,
            request,
            session,
            deployment,
            principal,
            form,
            values,
            draft_id=draft_id,
        )

    @router.post(f"{form.path}/sign")
    async def sign_route(
        request: Request,
        session: SessionDep,
        deployment: DeploymentDep,
        principal: PrincipalDep,
    ) -> Response:
        gate(principal, form)
        posted = await request.form()
        values = values_of(list(posted.multi_items()))
        confirmed = [str(c) for c in posted.getlist("confirm")]
        draft_id = _draft_id(_one(posted.get("_draft")))
        try:
            if draft_id is not None:  # an edited draft: kept as edited, then signed
                await run_in_threadpool(save_draft, request, principal, form, values, draft_id)
            record_id = await run_in_threadpool(
                sign, request, principal, form, values, confirmed, draft_id=draft_id
            )
        except InvalidInput as exc:
            session.rollback()
            return await run_in_threadpool(
                review_page,
                request,
                session,
                deployment,
                principal,
                form,
                values,
                draft_id=draft_id,
                errors=exc.errors,
                status_code=422,
            )
        return RedirectResponse(form.done(record_id, values), status_code=303)

    @router.post(f"{form.path}/draft")
    async def draft_route(request: Request, principal: PrincipalDep) -> Response:
        gate(principal, form)
        posted = await request.form()
        values = values_of(list(posted.multi_items()))
        draft_id = _draft_id(_one(posted.get("_draft")))
        saved = await run_in_threadpool(save_draft, request, principal, form, values, draft_id)
        return RedirectResponse(f"/drafts/{saved}", status_code=303)


def _one(value: Any) -> str | None:
    return value if isinstance(value, str) else None
