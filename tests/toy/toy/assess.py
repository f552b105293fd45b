"""The toy's rule on a JSON file of reports, with no database."""

import json
from datetime import datetime
from pathlib import Path

from cosec.kit import Charter, FieldError, InvalidInput, field_errors
from cosec.plugin.cli import Assessed
from tests.toy.toy.obligations import ToyContext, check_on_time
from tests.toy.toy.records import ToyReport


def assess_file(file: Path, charter: Charter, as_of: datetime) -> Assessed:
    """``[{"member", "year", "filed_on"}]`` → one row per late report."""
    rows = json.loads(file.read_text(encoding="utf-8"))
    reports, errors = [], []
    for n, row in enumerate(rows, start=1):
        member = row.pop("member", "")
        if not charter.is_member(member):
            errors.append(FieldError(f"row {n}.member", f"{member!r} is not a charter member"))
        try:
            reports.append((member, ToyReport.model_validate(row), n))
        except ValueError as exc:
            errors.extend(field_errors(exc, (f"row {n}",)))  # type: ignore[arg-type]
    if errors:
        raise InvalidInput(errors)
    found = list(check_on_time(ToyContext(reports, 3, 31)))
    return Assessed(
        rows=[{"flag": f.flag, "members": list(f.members)} for f in found],
        columns=["flag", "members"],
        findings=found,
    )
