"""The §11 rules on a file of proposals and votes, with no database.

Input: ``{"proposals": [{"id", "body", "rule"?, "parties"?: [codes], "votes": {"CODE":
"yes"|"no"|"abstain"}}]}``. Output: one object per proposal, ``{"id", "outcome"
("adopted", "rejected" or "no_quorum"), "yes", "no", "abstain", "present", "rule"}``. A
vote by a state not a member of the body, an unknown body or rule, or a vote other than
yes, no or abstain is refused, naming the proposal and the field.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from cosec.kit import Charter, FieldError, InvalidInput
from cosec.mechanisms.decisions.bodies import bodies, check_proposal
from cosec.mechanisms.decisions.kernel import Tally, decide

COLUMNS = ("id", "outcome", "yes", "no", "abstain", "present", "rule")


def _good_id(pid: Any) -> bool:
    """A proposal's id: a non-empty string or an integer, printed back as given."""
    return (isinstance(pid, str) and bool(pid)) or (
        isinstance(pid, int) and pid is not True and pid is not False
    )


def _where(i: int, raw: Any) -> str:
    pid = raw.get("id") if isinstance(raw, dict) else None
    return f"proposal {pid}" if _good_id(pid) else f"proposals[{i}]"


def read(file: Path) -> Any:
    """The file's JSON (a file that is not JSON is bad input, naming the file)."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput.field(str(file), f"must be a JSON file: {exc}") from None


def assess(data: Any, charter: Charter) -> list[tuple[str | int, Tally]]:
    """Each proposal's id and tally; :class:`InvalidInput` naming every bad field."""
    if not isinstance(data, dict) or not isinstance(data.get("proposals"), list):
        raise InvalidInput.field("proposals", 'must be {"proposals": [...]}, a list of proposals')
    known = bodies(charter)
    errors: list[FieldError] = []
    seen: set[str | int] = set()
    good: list[tuple[str | int, str, tuple[str, ...], dict[str, str], str]] = []
    for i, raw in enumerate(data["proposals"]):
        where = _where(i, raw)
        if not isinstance(raw, dict):
            errors.append(FieldError(where, "must be an object"))
            continue
        pid, body_id, rule = raw.get("id"), raw.get("body"), raw.get("rule")
        parties, votes = raw.get("parties") or [], raw.get("votes")
        shape = [
            ("id", _good_id(pid), "must be a non-empty string or an integer"),
            ("body", isinstance(body_id, str), "must be a body id (a string)"),
            ("rule", rule is None or isinstance(rule, str), "must be a rule (a string)"),
            (
                "parties",
                isinstance(parties, list) and all(isinstance(p, str) for p in parties),
                "must be a list of member codes",
            ),
            ("votes", isinstance(votes, dict), 'must be {"CODE": "yes"|"no"|"abstain"}'),
        ]
        bad = [FieldError(f"{where}.{name}", says) for name, ok, says in shape if not ok]
        if bad:
            errors.extend(bad)
            continue
        assert isinstance(pid, str | int)
        assert isinstance(body_id, str)
        assert isinstance(votes, dict)
        if pid in seen:
            errors.append(FieldError(f"{where}.id", "is used by another proposal"))
        seen.add(pid)
        wrong = list(check_proposal(where, body_id, rule, tuple(parties), votes, known))
        if wrong:
            errors.extend(wrong)
            continue
        effective = rule or known[body_id].rule or ""
        good.append((pid, body_id, tuple(parties), votes, effective))
    if errors:
        raise InvalidInput(errors)
    return [
        (pid, decide(rule, known[body].members, votes, parties))
        for pid, body, parties, votes, rule in good
    ]


def assess_file(file: Path, charter: Charter, as_of: datetime) -> list[dict[str, object]]:
    """The rows ``cosec decisions assess`` prints (``as_of`` plays no part: no deadlines)."""
    return [tally.as_json(pid) for pid, tally in assess(read(file), charter)]
