"""Principals (who acts), their roles and API keys, and what each may read."""

from cosec.principals import PUBLIC, Duty, Principal, Role

__all__ = ["PUBLIC", "Duty", "Principal", "Role"]
