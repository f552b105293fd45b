"""The incident pages (being built)."""

from typing import Any

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)


def overview(session: Any, deployment: Any, principal: Any) -> list[Any]:
    """No figures yet."""
    return []
