"""The hotline's pages: the console (inbox by precedence, unacknowledged first, countdowns,
one click to acknowledge; live by server-sent events, and working by reloading without
JavaScript), a message, the chains of contacts, the measured times."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from cosec.kit import Forbidden, InvalidInput, NotFound, Principal, Role, Unauthenticated
from cosec.mechanisms.hotline import service
from cosec.mechanisms.hotline.forms import FORMS, ROLE_WORDS
from cosec.mechanisms.hotline.records import PRECEDENCES
from cosec.plugin.store import RecordRow, select
from cosec.plugin.web import (
    N_,
    ClockDep,
    DeploymentDep,
    PathId,
    PrincipalDep,
    SessionDep,
    Stat,
    SubmitDep,
    add_record_form,
    csv_response,
    gettext,
    page_year,
    render,
)

router = APIRouter(include_in_schema=False)
for _form in FORMS:
    add_record_form(router, _form)

PAGE_SIZE = 50
STATIC = files("cosec.mechanisms.hotline") / "static"
STATUSES = (N_("awaiting"), N_("overdue"), N_("acknowledged"), N_("acknowledged late"))
"""A message's statuses (codes in URLs and exports; translated where shown)."""


def overview(session: Any, deployment: Any, principal: Principal) -> list[Stat]:
    """The overview page's figures for the hotline."""
    member = service.console_member(principal)
    if member is None:
        return []
    now = datetime.now(UTC)
    views = service.list_messages(session, deployment=deployment, principal=principal, now=now)
    if member == "SEC":
        waiting = [v for v in views if v.status(now) == "overdue"]
        label = N_("hotline messages overdue for acknowledgement")
    else:
        waiting = [v for v in views if v.acked_at is None and v.message.to == member]
        label = N_("hotline messages awaiting your acknowledgement")
    tone = "sev-high" if waiting else "ok"
    return [Stat(len(waiting), label, "/hotline", "count-hotline", tone)]


def _filters(request: Request) -> dict[str, str]:
    box = request.query_params.get("box", "all")
    precedence = request.query_params.get("precedence", "")
    status = request.query_params.get("status", "")
    if box not in service.BOXES:
        raise InvalidInput.field("box", "must be all, inbox or sent")
    if precedence and precedence not in PRECEDENCES:
        raise InvalidInput.field("precedence", f"must be one of {', '.join(PRECEDENCES)}")
    if status and status not in STATUSES:
        raise InvalidInput.field("status", f"must be one of {', '.join(STATUSES)}")
    return {"box": box, "precedence": precedence, "status": status}


def _console_member(principal: Principal) -> str:
    member = service.console_member(principal)
    if principal.role is Role.PUBLIC:
        raise Unauthenticated("sign in to use the hotline console")
    if member is None:
        raise Forbidden("the hotline console is for members' points of contact and the secretariat")
    return member


def _console_words() -> dict[str, Any]:
    """What the console's script writes, in the reader's language (``%(min)s``, ``%(s)s``
    and ``%(whom)s`` are filled in by the script)."""
    return {
        "left": gettext("%(min)s min %(s)s s left"),
        "over": gettext("%(min)s min over"),
        "escalated": gettext("escalated to %(whom)s"),
        "secretariat": gettext("the secretariat"),
        "acknowledge": gettext("Acknowledge"),
        "drill": gettext("drill"),
        "live": gettext("live"),
        "reconnecting": gettext("reconnecting…"),
        "status": {s: gettext(s) for s in STATUSES},
    }


def _role(code: str) -> str:
    """A contact's role in the reader's language."""
    return gettext(ROLE_WORDS[code]) if code in ROLE_WORDS else code


@router.get("/hotline")
def console(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> Response:
    if principal.role is Role.PUBLIC:
        return RedirectResponse("/login?next=/hotline", status_code=303)
    member = _console_member(principal)
    query = _filters(request)
    now = clock.now()
    views = service.list_messages(
        session,
        deployment=deployment,
        principal=principal,
        now=now,
        box=query["box"],
        precedence=query["precedence"] or None,
        status=query["status"] or None,
    )
    raw_page = request.query_params.get("page", "1")
    pages = max(1, -(-len(views) // PAGE_SIZE))
    page = min(int(raw_page), pages) if raw_page.isdigit() and int(raw_page) > 0 else 1
    live = getattr(request.app.state, "hotline", None)
    problems = sorted(live.problems.items()) if live is not None and member == "SEC" else []
    latest = session.scalar(select(RecordRow.id).order_by(RecordRow.id.desc()).limit(1)) or 0
    return render(
        request,
        "hotline/console.html",
        principal,
        deployment,
        member=member,
        messages=views[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(views),
        page=page,
        pages=pages,
        query=query,
        plain={k: v for k, v in query.items() if v and v != "all"},
        now=now,
        precedences=PRECEDENCES,
        statuses=STATUSES,
        problems=problems,
        regime=service.regime_of(deployment),
        after=latest,
        words=_console_words(),
    )


@router.get("/hotline/messages.csv")
def console_csv(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> Response:
    _console_member(principal)
    query = _filters(request)
    now = clock.now()
    views = service.list_messages(
        session,
        deployment=deployment,
        principal=principal,
        now=now,
        box=query["box"],
        precedence=query["precedence"] or None,
        status=query["status"] or None,
    )
    columns = ["id", "from", "to", "precedence", "drill", "subject", "sent_at", "deadline",
               "acknowledged_at", "ack_seconds", "status", "escalations"]  # fmt: skip
    rows = [
        [
            v.id,
            v.record.submitter,
            v.message.to,
            v.message.precedence,
            v.message.drill,
            v.message.subject,
            v.record.submitted_at.isoformat(),
            v.deadline.isoformat(),
            v.acked_at.isoformat() if v.acked_at else "",
            "" if v.ack_seconds is None else round(v.ack_seconds),
            v.status(now),
            " ".join(f"{e.step}:{e.to_member}" for _, e in v.escalations),
        ]
        for v in views
    ]
    return csv_response(columns, rows, "hotline.csv")


@router.get("/hotline/events")
def events(request: Request, session: SessionDep, principal: PrincipalDep) -> StreamingResponse:
    """Server-sent events: every change to the reader's messages, as it is logged."""
    member = _console_member(principal)
    live = getattr(request.app.state, "hotline", None)
    if live is None:
        raise NotFound("the hotline's live feed is not running on this server")
    raw = request.headers.get("last-event-id") or request.query_params.get("after") or "0"
    after = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    session.commit()  # give the connection back: the stream holds none
    return StreamingResponse(
        live.stream(member, after),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/hotline/static/{name}")
def static(name: str) -> Response:
    """The console's script (served from the package, under the CSP)."""
    if name != "console.js":
        raise NotFound(f"no file {name}")
    return Response((STATIC / name).read_text(encoding="utf-8"), media_type="text/javascript")


@router.post("/hotline/messages/{message_id}/ack")
def acknowledge(message_id: PathId, request: Request, submit: SubmitDep) -> Response:
    """One click: acknowledge a message addressed to your member."""
    submit.record("hotline.ack", {"message_id": message_id})
    live = getattr(request.app.state, "hotline", None)
    if live is not None:
        live.wake()
    back = request.query_params.get("next", "")
    target = back if back.startswith("/hotline") and "//" not in back else "/hotline"
    return RedirectResponse(target, status_code=303)


@router.get("/hotline/messages/{message_id}")
def message_page(
    message_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    v = service.get_message(
        session, deployment=deployment, principal=principal, message_id=message_id
    )
    return render(
        request,
        "hotline/message.html",
        principal,
        deployment,
        v=v,
        now=clock.now(),
        member=service.console_member(principal),
    )


@router.get("/hotline/contacts")
def contacts_page(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    chains = service.contacts(session, deployment=deployment, principal=principal)
    return render(
        request,
        "hotline/contacts.html",
        principal,
        deployment,
        chains=chains,
        role=_role,
        can_file=principal.role is Role.MEMBER,
    )


def _year(request: Request, clock: Any) -> int:
    return page_year(request.query_params.get("year", "")) or clock.now().year


@router.get("/hotline/times")
def times_page(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> HTMLResponse:
    year = _year(request, clock)
    times = service.ack_times(
        session, deployment=deployment, principal=principal, now=clock.now(), year=year
    )
    return render(
        request,
        "hotline/times.html",
        principal,
        deployment,
        times=times,
        year=year,
        precedences=PRECEDENCES,
        regime=service.regime_of(deployment),
    )


@router.get("/hotline/times.csv")
def times_csv(
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    clock: ClockDep,
) -> Response:
    year = _year(request, clock)
    times = service.ack_times(
        session, deployment=deployment, principal=principal, now=clock.now(), year=year
    )
    medians = [f"median_{p.lower()}_seconds" for p in PRECEDENCES]
    columns = ["member", "year", "received", "acknowledged", "drills", "late", "overdue",
               "median_seconds", "p90_seconds", *medians]  # fmt: skip
    rows = [
        [t.member, year, t.received, t.acknowledged, t.drills, t.late, t.overdue,
         "" if t.median_seconds is None else round(t.median_seconds),
         "" if t.p90_seconds is None else round(t.p90_seconds),
         *["" if p not in t.median_by_precedence else round(t.median_by_precedence[p])
           for p in PRECEDENCES]]
        for t in times
    ]  # fmt: skip
    return csv_response(columns, rows, f"hotline-times-{year}.csv")
