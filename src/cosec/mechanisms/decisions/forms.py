"""The decisions' web forms on the core's review flow: a vote (reviewed before it is
signed: what it counts for, whether it blocks, whether it replaces an earlier vote), a
proposal, a meeting, tabling, closing a vote and reporting a task done."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cosec.kit import Conflict, InvalidInput, NotFound, Principal, StoredRecord
from cosec.mechanisms.decisions import service
from cosec.mechanisms.decisions.regime import RULE_NAMES, RULES
from cosec.plugin.store import Item
from cosec.plugin.web import N_, Input, RecordForm, gettext

Values = Mapping[str, str]
MAX_TASKS = 3
VOTE_CHOICES = (("yes", N_("Yes")), ("no", N_("No")), ("abstain", N_("Abstain")))


def _int(text: str) -> int | str:
    return int(text) if text.strip().isdigit() else text.strip()


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.replace(",", " ").split() if c.strip()]


def _about(session: Any, deployment: Any, principal: Principal, values: Values) -> str:
    pid = values.get("proposal_id", "")
    if not pid.isdigit():
        return ""
    try:
        v, _ = service.get_proposal(
            session, deployment=deployment, principal=principal, proposal_id=int(pid)
        )
    except NotFound:
        return ""
    body = v.body.name if v.body else v.state.proposal.body
    rule = gettext(RULE_NAMES.get(v.rule, v.rule))
    return gettext("Proposal %(id)s, “%(title)s”, to the %(body)s, decided by %(rule)s.") % {
        "id": v.id,
        "title": v.state.proposal.title,
        "body": body,
        "rule": rule,
    }


VOTE = RecordForm(
    kind="decisions.vote",
    path="/decisions/vote",
    title=N_("Vote on a proposal"),
    inputs=lambda values: [
        Input("proposal_id", gettext("Proposal"), "hidden", required=True),
        Input(
            "vote",
            gettext("Vote"),
            "select",
            choices=tuple((v, gettext(text)) for v, text in VOTE_CHOICES),
            required=True,
        ),
        Input(
            "representative",
            gettext("Cast by (your representative)"),
            required=True,
            help=gettext("The post or person casting it: Minister for Foreign Affairs..."),
        ),
    ],
    build=lambda values: Item(
        "decisions.vote",
        {
            "proposal_id": _int(values.get("proposal_id", "")),
            "vote": values.get("vote", ""),
            "representative": values.get("representative", "").strip(),
        },
    ),
    label=lambda values: f"Vote on proposal {values.get('proposal_id', '')}",
    done=lambda record_id, values: f"/decisions/proposals/{values.get('proposal_id', '')}",
    intro=N_(
        "Your vote is signed for your state and logged for good. Until the secretariat "
        "closes the vote a later vote replaces it; afterwards the rules decide."
    ),
    back=("/decisions/proposals", N_("Proposals")),
    follows="decisions.proposal",
    offer=lambda record, principal: principal.member is not None,
    offer_text=N_("Vote on this proposal"),
    ref_input="proposal_id",
    about=_about,
)


def _tasks(values: Values) -> list[dict[str, str]]:
    out = []
    for n in range(MAX_TASKS):
        what = values.get(f"t{n}-what", "").strip()
        if what:
            out.append(
                {
                    "member": values.get(f"t{n}-member", "").strip().upper(),
                    "what": what,
                    "due": values.get(f"t{n}-due", ""),
                }
            )
    return out


def _proposal(values: Values) -> Item:
    payload: dict[str, Any] = {
        "body": values.get("body", ""),
        "title": values.get("title", "").strip(),
        "text": values.get("text", "").strip(),
        "parties": _codes(values.get("parties", "")),
        "tasks": _tasks(values),
    }
    if values.get("rule"):
        payload["rule"] = values["rule"]
    if values.get("meeting_id", "").strip():
        payload["meeting_id"] = _int(values["meeting_id"])
    return Item("decisions.proposal", payload)


def _task_inputs(n: int) -> list[Input]:
    base = f"payload.tasks[{n}]"
    group = gettext("Implementation task %(n)s") % {"n": n + 1}
    return [
        Input(f"t{n}-member", gettext("Who (member code)"), loc=f"{base}.member", group=group),
        Input(f"t{n}-what", gettext("What"), loc=f"{base}.what", group=group),
        Input(f"t{n}-due", gettext("By when"), "date", loc=f"{base}.due", group=group),
    ]


PROPOSE = RecordForm(
    kind="decisions.proposal",
    path="/decisions/proposals/new",
    title=N_("Put a proposal to a body"),
    inputs=lambda values: [
        Input("body", gettext("Body"), required=True, help=gettext("council, summit, wg-csbm...")),
        Input("title", gettext("Title"), required=True),
        Input("text", gettext("Text"), "textarea"),
        Input(
            "rule",
            gettext("Decision rule"),
            "select",
            choices=(
                ("", gettext("the body's own")),
                *((r, gettext(RULE_NAMES[r])) for r in RULES),
            ),
        ),
        Input(
            "parties",
            gettext("Parties (member codes)"),
            help=gettext("The states it concerns: CHN PHL"),
        ),
        Input(
            "meeting_id",
            gettext("Table it at meeting (record id)"),
            help=gettext("Empty: keep it a draft."),
        ),
        *(i for n in range(MAX_TASKS) for i in _task_inputs(n)),
    ],
    build=_proposal,
    label=lambda values: values.get("title", "") or "Proposal",
    done=lambda record_id, values: f"/decisions/proposals/{record_id}",
    intro=N_(
        "A binding body's adopted proposal becomes a decision: each task's member must "
        "report it carried out by its date, or the task is a finding against it."
    ),
    back=("/decisions/proposals", N_("Proposals")),
    roles=("member", "secretariat"),
)

CONVENE = RecordForm(
    kind="decisions.meeting",
    path="/decisions/meetings/new",
    title=N_("Convene a meeting"),
    inputs=lambda values: [
        Input("body", gettext("Body"), required=True),
        Input("title", gettext("Title"), required=True),
        Input("opens_on", gettext("Opens on"), "date", required=True),
        Input("closes_on", gettext("Closes on"), "date"),
        Input("place", gettext("Place")),
        Input("agenda", gettext("Agenda (one item a line)"), "textarea"),
    ],
    build=lambda values: Item(
        "decisions.meeting",
        {
            "body": values.get("body", "").strip(),
            "title": values.get("title", "").strip(),
            "opens_on": values.get("opens_on", ""),
            "closes_on": values.get("closes_on") or None,
            "place": values.get("place", "").strip(),
            "agenda": [x.strip() for x in values.get("agenda", "").splitlines() if x.strip()],
        },
    ),
    label=lambda values: values.get("title", "") or "Meeting",
    done=lambda record_id, values: f"/decisions/meetings/{record_id}",
    back=("/decisions/meetings", N_("Meetings")),
    roles=("secretariat",),
)


def _close_prefill(
    session: Any, deployment: Any, principal: Principal, values: Values
) -> dict[str, str]:
    pid = values.get("proposal_id", "")
    if not pid.isdigit():
        return dict(values)
    try:
        payload = service.close_payload(
            session, deployment=deployment, principal=principal, proposal_id=int(pid), note=""
        )
    except (NotFound, Conflict, InvalidInput):  # not open: the review shows the error
        return dict(values)
    return dict(values) | {"members": " ".join(payload["members"]), "rule": payload["rule"]}


CLOSE = RecordForm(
    kind="decisions.close",
    path="/decisions/close",
    title=N_("Close the vote"),
    inputs=lambda values: [
        Input("proposal_id", gettext("Proposal"), "hidden", required=True),
        Input("members", gettext("The body's members"), "hidden"),
        Input("rule", gettext("Rule"), "hidden"),
        Input("note", gettext("Note for the record")),
    ],
    build=lambda values: Item(
        "decisions.close",
        {
            "proposal_id": _int(values.get("proposal_id", "")),
            "members": _codes(values.get("members", "")),
            "rule": values.get("rule", ""),
            "note": values.get("note", "").strip(),
        },
    ),
    label=lambda values: f"Close the vote on proposal {values.get('proposal_id', '')}",
    done=lambda record_id, values: f"/decisions/proposals/{values.get('proposal_id', '')}",
    intro=N_("Once closed, the votes cast are counted by the rule and the outcome is final."),
    back=("/decisions/proposals", N_("Proposals")),
    roles=("secretariat",),
    follows="decisions.proposal",
    offer_text=N_("Close the vote"),
    ref_input="proposal_id",
    prefill=_close_prefill,
    about=_about,
)


def _done_offer(record: StoredRecord, principal: Principal) -> bool:
    tasks = record.payload.get("tasks") or []
    return any(isinstance(t, dict) and t.get("member") == principal.member for t in tasks)


TASK_DONE = RecordForm(
    kind="decisions.task_done",
    path="/decisions/task-done",
    title=N_("Report a task carried out"),
    inputs=lambda values: [
        Input("proposal_id", gettext("Decision (proposal id)"), "hidden", required=True),
        Input("task", gettext("Task number"), "number", required=True, minimum="1"),
        Input("done_on", gettext("Carried out on"), "date", required=True),
        Input("note", gettext("Note"), "textarea"),
    ],
    build=lambda values: Item(
        "decisions.task_done",
        {
            "proposal_id": _int(values.get("proposal_id", "")),
            "task": _int(values.get("task", "")),
            "done_on": values.get("done_on", ""),
            "note": values.get("note", "").strip(),
        },
    ),
    label=lambda values: (
        f"Task {values.get('task', '')} of decision {values.get('proposal_id', '')}"
    ),
    done=lambda record_id, values: f"/decisions/proposals/{values.get('proposal_id', '')}",
    back=("/decisions/register", N_("Register")),
    follows="decisions.proposal",
    offer=_done_offer,
    offer_text=N_("Report a task carried out"),
    ref_input="proposal_id",
    defaults=lambda principal: {"task": "1"},
    about=_about,
)

FORMS = (VOTE, PROPOSE, CONVENE, CLOSE, TASK_DONE)
