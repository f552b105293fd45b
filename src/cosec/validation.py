"""Turn Pydantic validation errors into cosec's ``field: rule`` messages.

Pydantic reports *what* went wrong in its own words; cosec's users read the rule they
broke (``must be a positive integer``), with the dotted path of the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from cosec.errors import FieldError


def dotted(loc: tuple[int | str, ...]) -> str:
    """``("regimes", "notification", "thresholds", "troops")`` → ``regimes.notification...``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def rule_of(error: Any) -> str:
    """The rule an error broke, in plain words."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "unknown key (not part of the schema)"
    if kind in ("greater_than", "greater_than_equal"):
        bound = ctx.get("gt", ctx.get("ge"))
        if kind == "greater_than" and bound == 0:
            return "must be a positive integer" if _integral(value) else "must be positive"
        if kind == "greater_than_equal" and bound == 0:
            return "must not be negative"
        word = "greater than" if kind == "greater_than" else "at least"
        return f"must be {word} {bound}"
    if kind in ("less_than", "less_than_equal"):
        bound = ctx.get("lt", ctx.get("le"))
        return f"must be {'less than' if kind == 'less_than' else 'at most'} {bound}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be an integer"
    if kind in ("float_type", "float_parsing"):
        return "must be a number"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind in (
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    ):
        return "must be a date (YYYY-MM-DD)"
    if kind in ("datetime_type", "datetime_parsing", "datetime_from_date_parsing"):
        return "must be a date-time in ISO 8601 with an offset"
    if kind == "timezone_aware":
        return "must carry a UTC offset"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == r"^[A-Z]{3}$":
            return "must be an ISO 3166-1 alpha-3 code (three capital letters)"
        return f"must match {pattern}"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else error["msg"].lower()
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} item(s)"
    if kind in ("literal_error", "enum"):
        return f"must be one of {ctx.get('expected', '')}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    msg = str(error["msg"])
    if not msg:
        return str(kind)
    return msg[0].lower() + msg[1:] if msg[1:2].islower() else msg


def _integral(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    try:
        int(str(value))
    except ValueError:
        return False
    return True


def field_errors(exc: ValidationError, prefix: tuple[int | str, ...] = ()) -> list[FieldError]:
    """Every error of ``exc`` as ``FieldError`` with a dotted location."""
    return describe(exc.errors(include_url=False), prefix)


def describe(errors: Sequence[Any], prefix: tuple[int | str, ...] = ()) -> list[FieldError]:
    """Pydantic error dicts (from a model or from FastAPI's request validation) as rules."""
    raw = list(errors)
    with_bad_items = {
        tuple(e["loc"][:-1]) for e in raw if e["loc"] and isinstance(e["loc"][-1], int)
    }
    out = []
    for e in raw:
        if e["type"] == "too_short" and tuple(e["loc"]) in with_bad_items:
            continue  # pydantic also calls a list short when its only item was invalid
        if e["type"] == "json_invalid":
            reason = (e.get("ctx") or {}).get("error", "")
            out.append(
                FieldError(
                    "body", f"is not valid JSON ({reason})" if reason else "is not valid JSON"
                )
            )
            continue
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # Pydantic adds the union member or literal tag to loc; keep only real field names.
        loc = tuple(p for p in loc if p not in ("literal['all']", "tuple[str, ...]"))
        out.append(FieldError(dotted(prefix + loc), rule_of(e)))
    return out
