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
from cosec.plugin.web import Input, RecordForm

Values = Mapping[str, str]
MAX_TASKS = 3
VOTE_CHOICES = (("yes", "Yes"), ("no", "No"), ("abstain", "Abstain"))


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
    rule = RULE_NAMES.get(v.rule, v.rule)
    return f"Proposal {v.id}, “{v.state.proposal.title}”, to the {body}, decided by {rule}."


VOTE = RecordForm(
    kind="decisions.vote",
    path="/decisions/vote",
    title="Vote on a proposal",
    inputs=lambda values: [
        Input("proposal_id", "Proposal", "hidden", required=True),
        Input("vote", "Vote", "select", choices=VOTE_CHOICES, required=True),
        Input(
            "representative",
            "Cast by (your representative)",
            required=True,
            help="The post or person casting it: Minister for Foreign Affairs...",
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
    intro="Your vote is signed for your state and logged for good. Until the secretariat "
    "closes the vote a later vote replaces it; afterwards the rules decide.",
    back=("/decisions/proposals", "Proposals"),
    follows="decisions.proposal",
    offer=lambda record, principal: principal.member is not None,
    offer_text="Vote on this proposal",
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
    base, group = f"payload.tasks[{n}]", f"Implementation task {n + 1}"
    return [
        Input(f"t{n}-member", "Who (member code)", loc=f"{base}.member", group=group),
        Input(f"t{n}-what", "What", loc=f"{base}.what", group=group),
        Input(f"t{n}-due", "By when", "date", loc=f"{base}.due", group=group),
    ]


PROPOSE = RecordForm(
    kind="decisions.proposal",
    path="/decisions/proposals/new",
    title="Put a proposal to a body",
    inputs=lambda values: [
        Input("body", "Body", required=True, help="council, summit, wg-csbm..."),
        Input("title", "Title", required=True),
        Input("text", "Text", "textarea"),
        Input(
            "rule",
            "Decision rule",
            "select",
            choices=(("", "the body's own"), *((r, RULE_NAMES[r]) for r in RULES)),
        ),
        Input("parties", "Parties (member codes)", help="The states it concerns: CHN PHL"),
        Input("meeting_id", "Table it at meeting (record id)", help="Empty: keep it a draft."),
        *(i for n in range(MAX_TASKS) for i in _task_inputs(n)),
    ],
    build=_proposal,
    label=lambda values: values.get("title", "") or "Proposal",
    done=lambda record_id, values: f"/decisions/proposals/{record_id}",
    intro="A binding body's adopted proposal becomes a decision: each task's member must "
    "report it carried out by its date, or the task is a finding against it.",
    back=("/decisions/proposals", "Proposals"),
    roles=("member", "secretariat"),
)

CONVENE = RecordForm(
    kind="decisions.meeting",
    path="/decisions/meetings/new",
    title="Convene a meeting",
    inputs=lambda values: [
        Input("body", "Body", required=True),
        Input("title", "Title", required=True),
        Input("opens_on", "Opens on", "date", required=True),
        Input("closes_on", "Closes on", "date"),
        Input("place", "Place"),
        Input("agenda", "Agenda (one item a line)", "textarea"),
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
    back=("/decisions/meetings", "Meetings"),
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
    title="Close the vote",
    inputs=lambda values: [
        Input("proposal_id", "Proposal", "hidden", required=True),
        Input("members", "The body's members", "hidden"),
        Input("rule", "Rule", "hidden"),
        Input("note", "Note for the record"),
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
    intro="Once closed, the votes cast are counted by the rule and the outcome is final.",
    back=("/decisions/proposals", "Proposals"),
    roles=("secretariat",),
    follows="decisions.proposal",
    offer_text="Close the vote",
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
    title="Report a task carried out",
    inputs=lambda values: [
        Input("proposal_id", "Decision (proposal id)", "hidden", required=True),
        Input("task", "Task number", "number", required=True, minimum="1"),
        Input("done_on", "Carried out on", "date", required=True),
        Input("note", "Note", "textarea"),
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
    back=("/decisions/register", "Register"),
    follows="decisions.proposal",
    offer=_done_offer,
    offer_text="Report a task carried out",
    ref_input="proposal_id",
    defaults=lambda principal: {"task": "1"},
    about=_about,
)

FORMS = (VOTE, PROPOSE, CONVENE, CLOSE, TASK_DONE)
