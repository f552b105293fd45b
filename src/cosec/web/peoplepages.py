"""Drafts waiting for an approver, and people with what each drafted and approved.

``/drafts`` lists the open drafts of the reader's member; ``/drafts/{id}`` reviews one
with the same preview and cautions as a form's review, and its approver signs it there
(``POST /drafts/{id}/sign``, the two-person rule and the cautions checked on the
server). ``/people/{name}`` shows a person's duty, second factor, and the records they
drafted and approved; it is for themselves, their member's users and the secretariat.
A person without a second factor sets one up there (``POST /people/{name}/totp``: the
secret shown once, on only after a first code from their app confirms it).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from cosec.access import people
from cosec.access import service as users
from cosec.access.tables import PersonRow
from cosec.api.deps import DeploymentDep, PrincipalDep, SessionDep
from cosec.api.params import PathId
from cosec.drafts import service as drafts
from cosec.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from cosec.principals import Principal, Role
from cosec.registry import record_kinds
from cosec.store.db import unit_of_work
from cosec.store.tables import PrincipalRow
from cosec.web import reviewflow
from cosec.web.formspec import FORMS
from cosec.web.render import record_href, render
from cosec.web.signin import server_secret

router = APIRouter(include_in_schema=False)


def _signed_in(principal: Principal) -> None:
    if principal.role is Role.PUBLIC:
        raise Unauthenticated("sign in to read your member's drafts")


@router.get("/drafts")
def draft_list(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    if principal.role is Role.PUBLIC:
        return RedirectResponse("/login?next=/drafts", status_code=303)
    rows = drafts.list_drafts(session, principal=principal)
    closed = drafts.list_drafts(session, principal=principal, state=drafts.SIGNED)[:20]
    ids = {r.drafted_by for r in rows} | {r.drafted_by for r in closed}
    ids |= {r.closed_by for r in closed if r.closed_by is not None}
    who = _names(session, ids)
    kinds = record_kinds()
    return render(
        request,
        "drafts.html",
        principal,
        deployment,
        drafts=rows,
        signed=closed,
        who=who,
        titles={k: v.title or k for k, v in kinds.items()},
    )


def _names(session: SessionDep, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(PrincipalRow.id, PrincipalRow.name).where(PrincipalRow.id.in_(ids))
    )
    return {pid: name for pid, name in rows}


@router.get("/drafts/{draft_id}")
def draft_detail(
    draft_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    _signed_in(principal)
    draft = drafts.get(session, principal=principal, draft_id=draft_id)
    form = FORMS.get(draft.form_path)
    if form is None:
        raise NotFound(f"draft {draft_id} was made by a form this server no longer has")
    if draft.state != drafts.OPEN:
        href = record_href(draft.kind, draft.record_id) if draft.record_id else "/drafts"
        return render(request, "draft_closed.html", principal, deployment, draft=draft, href=href)
    values = drafts.form_values(draft.form)
    return reviewflow.review_page(
        request, session, deployment, principal, form, values, draft=draft
    )


@router.post("/drafts/{draft_id}/sign")
async def draft_sign(
    draft_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> Response:
    _signed_in(principal)
    posted = await request.form()
    confirmed = [str(c) for c in posted.getlist("confirm")]
    version = posted.get("_version")
    draft = drafts.get_open(session, principal=principal, draft_id=draft_id)
    form = FORMS.get(draft.form_path)
    if form is None:
        raise NotFound(f"draft {draft_id} was made by a form this server no longer has")
    values = drafts.form_values(draft.form)
    try:
        record_id = await run_in_threadpool(
            reviewflow.sign,
            request,
            principal,
            form,
            values,
            confirmed,
            draft_id=draft_id,
            version=version if isinstance(version, str) else "",
        )
    except InvalidInput as exc:
        session.rollback()
        draft = drafts.get_open(session, principal=principal, draft_id=draft_id)
        return await run_in_threadpool(
            reviewflow.review_page,
            request,
            session,
            deployment,
            principal,
            form,
            drafts.form_values(draft.form),
            draft=draft,
            errors=exc.errors,
            status_code=422,
        )
    return RedirectResponse(form.done(record_id, values), status_code=303)


@router.post("/drafts/{draft_id}/discard")
def draft_discard(draft_id: PathId, request: Request, principal: PrincipalDep) -> Response:
    _signed_in(principal)
    with unit_of_work(request.app.state.sessions, write=True) as s:
        drafts.discard(s, principal=principal, draft_id=draft_id, now=request.app.state.clock.now())
    return RedirectResponse("/drafts", status_code=303)


@router.get("/people")
def people_list(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    if principal.role is Role.PUBLIC:
        return RedirectResponse("/login?next=/people", status_code=303)
    q = select(PrincipalRow, PersonRow).join(PersonRow, PersonRow.principal_id == PrincipalRow.id)
    if principal.role is not Role.SECRETARIAT:
        if principal.role is Role.MEMBER:
            q = q.where(PrincipalRow.role == "member", PrincipalRow.member == principal.member)
        else:
            q = q.where(PrincipalRow.id == principal.id)
    rows = [
        (p, person)
        for p, person in session.execute(q.order_by(PrincipalRow.member, PrincipalRow.name))
    ]
    return render(request, "people.html", principal, deployment, rows=rows)


@router.get("/people/{name}")
def person_page(
    name: str,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    _signed_in(principal)
    if len(name) > 200:
        raise NotFound("no such user")
    try:
        person = users.get(session, name=name)
    except NotFound:
        raise NotFound(f"no user named {name!r}") from None
    if not drafts.may_see_person(principal, person):
        raise NotFound(f"no user named {name!r}")
    entries = drafts.audit(session, viewer=principal, person=person, deployment=deployment)
    kinds = record_kinds()
    return render(
        request,
        "person.html",
        principal,
        deployment,
        person=person,
        info=people.info(session, principal=person),
        entries=entries,
        titles={k: v.title or k for k, v in kinds.items()},
        href=record_href,
        open_drafts=[d for d in drafts.drafts_of(session, person=person) if d.state == "open"],
    )


def _self(principal: Principal, name: str) -> Principal:
    """Only a person sets up their own second factor."""
    _signed_in(principal)
    if principal.name != name:
        raise Forbidden("only the person themselves sets up their second factor")
    if not principal.is_person:
        raise Forbidden(f"{name} is a machine's key: it has no second factor")
    return principal


@router.post("/people/{name}/totp")
def totp_enrol(
    name: str, request: Request, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    """A new second factor, shown once; it is on once a code confirms it."""
    me = _self(principal, name)
    with unit_of_work(request.app.state.sessions, write=True) as s:
        if people.needs_code(s, me.id):
            raise Conflict(
                "your second factor is on already: to replace it, ask the secretariat "
                "(cosec users totp enrol)"
            )
        enrolled = people.enrol_totp(
            s,
            principal=me,
            server=server_secret(request),
            now=request.app.state.clock.now(),
            confirmed=False,
        )
    return render(request, "totp.html", me, deployment, enrolled=enrolled, errors=[])


@router.post("/people/{name}/totp/confirm")
async def totp_confirm(
    name: str, request: Request, deployment: DeploymentDep, principal: PrincipalDep
) -> Response:
    me = _self(principal, name)
    code = str((await request.form()).get("code", ""))

    def confirm() -> None:
        with unit_of_work(request.app.state.sessions, write=True) as s:
            people.confirm_totp(
                s,
                principal=me,
                code=code,
                server=server_secret(request),
                now=request.app.state.clock.now(),
            )

    try:
        await run_in_threadpool(confirm)
    except InvalidInput as exc:
        return render(
            request, "totp.html", me, deployment, enrolled=None, errors=exc.errors, status_code=422
        )
    return RedirectResponse(f"/people/{name}", status_code=303)
