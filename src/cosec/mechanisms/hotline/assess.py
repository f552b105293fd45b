"""Judge a file of hotline messages under a charter, with no database.

``cosec hotline assess FILE`` reads ``{"messages": [{"id", "from", "to", "precedence",
"sent_at", "acknowledged_at"?, "drill"?}], "contacts"?: {"KOR": [{"role", "name"}]}}`` and
gives each message its deadline, how long the acknowledgement took, its status, and the
escalation steps that would have been fired by ``--as-of`` (or before the acknowledgement),
by the same rules the server applies. Every row is checked first; a bad one is named by
its id and field.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from cosec.kit import (
    Charter,
    FieldError,
    FindingDraft,
    InvalidInput,
    MemberCode,
    RecordDateTime,
    field_errors,
)
from cosec.mechanisms.hotline import records as r
from cosec.mechanisms.hotline.chain import Fold, Message
from cosec.mechanisms.hotline.obligations import HotlineContext, check_acknowledge
from cosec.mechanisms.hotline.regime import HotlineRegime

MAX_MESSAGES = 10_000
COLUMNS = (
    "id",
    "from",
    "to",
    "precedence",
    "drill",
    "deadline",
    "acknowledged_at",
    "ack_seconds",
    "status",
    "escalations",
    "flags",
)
TABLE_COLUMNS = ("id", "to", "precedence", "deadline", "ack_seconds", "status", "flags")


class MessageRow(BaseModel):
    """One message of an assessment file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: Annotated[str, Field(min_length=1, max_length=200)] | Annotated[int, Field(ge=0)]
    sender: MemberCode = Field(alias="from")
    to: MemberCode
    precedence: r.Precedence
    sent_at: RecordDateTime
    acknowledged_at: RecordDateTime | None = None
    drill: StrictBool = False
    subject: Annotated[str, Field(max_length=200)] = ""


def regime_of(charter: Charter) -> HotlineRegime:
    """The charter's hotline regime, or an error naming the charter."""
    regime = charter.regime("hotline")
    if not isinstance(regime, HotlineRegime):
        raise InvalidInput.field("--charter", f"{charter.id} has no hotline regime")
    return regime


def _name(raw: Any, i: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str | int) and str(raw["id"]).strip():
        return f"message {str(raw['id'])[:60]}"
    return f"messages[{i}]"


def validate(
    doc: Any, charter: Charter
) -> tuple[list[MessageRow], dict[str, tuple[r.Contact, ...]]]:
    """Every row and chain checked; one :class:`InvalidInput` naming each bad one."""
    if isinstance(doc, list):
        doc = {"messages": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("messages"), list):
        raise InvalidInput.field("FILE", 'must be {"messages": [...]}')
    raw_rows = doc["messages"]
    if len(raw_rows) > MAX_MESSAGES:
        raise InvalidInput.field("messages", f"must hold at most {MAX_MESSAGES:,} messages")
    errors: list[FieldError] = []
    rows: list[MessageRow] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_rows):
        name = _name(raw, i)
        try:
            row = MessageRow.model_validate(raw)
        except ValidationError as exc:
            errors.extend(field_errors(exc, (name,)))
            continue
        for field, code in (("from", row.sender), ("to", row.to)):
            if not charter.is_member(code):
                errors.append(FieldError(f"{name}.{field}", f"{code} is not a member"))
        if row.sender == row.to:
            errors.append(FieldError(f"{name}.to", "must be another member"))
        if row.acknowledged_at is not None and row.acknowledged_at < row.sent_at:
            errors.append(FieldError(f"{name}.acknowledged_at", "must not be before sent_at"))
        if str(row.id) in seen:
            errors.append(FieldError(f"{name}.id", "is used by an earlier message"))
        seen.add(str(row.id))
        rows.append(row)
    chains: dict[str, tuple[r.Contact, ...]] = {}
    raw_chains = doc.get("contacts") or {}
    if not isinstance(raw_chains, dict):
        errors.append(FieldError("contacts", "must map member codes to their chains"))
        raw_chains = {}
    for member, chain in raw_chains.items():
        try:
            chains[str(member)] = r.HotlineContacts.model_validate({"contacts": chain}).contacts
        except ValidationError as exc:
            errors.extend(field_errors(exc, (f"contacts.{member}",)))
    if errors:
        raise InvalidInput(errors)
    return rows, chains


def assess_rows(
    doc: Any, charter: Charter, as_of: datetime
) -> list[tuple[dict[str, Any], list[FindingDraft]]]:
    """Each message as a result row, with the findings it raises."""
    regime = regime_of(charter)
    rows, chains = validate(doc, charter)
    fold = Fold(lambda version: regime)
    fold.contacts.update(chains)
    messages: list[Message] = []
    for n, row in enumerate(rows, start=1):
        m = Message(
            id=n,
            sender=row.sender,
            to=row.to,
            precedence=row.precedence,
            subject=row.subject or str(row.id),
            drill=row.drill,
            sent_at=row.sent_at,
            window=regime.ack_minutes.window(row.precedence),
            acked_at=row.acknowledged_at,
        )
        fold.messages[n] = m
        messages.append(m)
    ctx = HotlineContext(regime=regime, as_of=as_of, messages=messages)
    found: dict[int, list[FindingDraft]] = {m.id: [] for m in messages}
    for f in check_acknowledge(ctx):
        found[int(f.subjects[0][1:])].append(f)
    out = []
    for row, m in zip(rows, messages, strict=True):
        until = m.acked_at if m.acked_at is not None else as_of
        chain = fold.chain(m.to)
        steps = [
            {"step": k, "at": m.step_deadline(k).isoformat(), "to": chain[k][1].name}
            for k in range(1, len(chain))
            if (m.step_deadline(k) < until if m.acked_at else m.step_deadline(k) <= until)
        ]
        status = (
            ("acknowledged" if m.acked_at <= m.deadline else "acknowledged late")
            if m.acked_at is not None
            else ("overdue" if as_of > m.deadline else "awaiting")
        )
        out.append(
            (
                {
                    "id": row.id,
                    "from": m.sender,
                    "to": m.to,
                    "precedence": m.precedence,
                    "drill": m.drill,
                    "deadline": m.deadline.isoformat(),
                    "acknowledged_at": m.acked_at.isoformat() if m.acked_at else None,
                    "ack_seconds": m.ack_seconds,
                    "status": status,
                    "escalations": steps,
                    "flags": [f.flag for f in found[m.id]],
                },
                found[m.id],
            )
        )
    return out


def read(file: Path) -> Any:
    """The JSON of an assessment file."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput.field("FILE", f"cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput.field("FILE", f"is not JSON (line {exc.lineno}: {exc.msg})") from None
