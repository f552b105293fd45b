"""Who may read what: the one place every read path (API, web, CLI, exports) filters by.

A record or finding is readable by

- anyone, when its audience is ``public``;
- members of its mechanism's regime (and observers), when its audience is ``regime``;
- its parties, whatever its audience: the submitter, the members it is addressed to, and
  for a finding the members it concerns;
- for a record, the parties of a record that refers to it: the state invited to observe an
  activity may read its notification, whoever else it was addressed to;
- the secretariat, always.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, false, or_, select, true, union
from sqlalchemy.orm import InstrumentedAttribute, aliased

from cosec.charter.models import Charter
from cosec.principals import Principal, Role
from cosec.records import Audience
from cosec.store.publications import published_finding_ids
from cosec.store.tables import FindingPartyRow, FindingRow, RecordPartyRow, RecordRow


def member_regimes(charter: Charter, member: str) -> list[str]:
    """Mechanisms whose regime ``member`` belongs to under ``charter``.

    The core's own records (answers to findings) are addressed to the whole charter, so
    every member belongs to the ``core`` regime.
    """
    out = ["core"] if charter.is_member(member) else []
    for name in charter.regimes:
        members = charter.regime_members(name)
        if members is None or member in members:
            out.append(name)
    return out


def _visible(
    principal: Principal,
    charter: Charter,
    *,
    audience: InstrumentedAttribute[str],
    mechanism: InstrumentedAttribute[str],
    own_id: InstrumentedAttribute[int],
    parties: Select[Any] | CompoundSelect[Any],
) -> ColumnElement[bool]:
    """The rule above as a WHERE clause; ``parties`` selects the ids the member is party to."""
    if principal.role is Role.SECRETARIAT:
        return true()
    public = audience == Audience.PUBLIC.value
    if principal.role is Role.OBSERVER:
        return or_(public, audience == Audience.REGIME.value)
    if principal.role is not Role.MEMBER or not principal.member:
        return public
    regimes = member_regimes(charter, principal.member)
    in_regime = (
        and_(audience == Audience.REGIME.value, mechanism.in_(regimes)) if regimes else false()
    )
    return or_(public, in_regime, own_id.in_(parties))


def records_visible(principal: Principal, charter: Charter) -> ColumnElement[bool]:
    """WHERE clause on ``records`` for what ``principal`` may read."""
    mine = select(RecordPartyRow.record_id).where(RecordPartyRow.member == principal.member)
    referring = aliased(RecordRow)
    referred = select(referring.refers_to).where(
        referring.id.in_(mine), referring.refers_to.is_not(None)
    )
    return _visible(
        principal,
        charter,
        audience=RecordRow.audience,
        mechanism=RecordRow.mechanism,
        own_id=RecordRow.id,
        parties=union(mine, referred),
    )


def findings_visible(principal: Principal, charter: Charter) -> ColumnElement[bool]:
    """WHERE clause on ``findings`` for what ``principal`` may read: the rule above, and
    every finding the secretariat published (:mod:`cosec.store.publications`)."""
    if principal.role is Role.SECRETARIAT:
        return true()
    return or_(
        FindingRow.id.in_(published_finding_ids()),
        _findings_by_audience(principal, charter),
    )


def _findings_by_audience(principal: Principal, charter: Charter) -> ColumnElement[bool]:
    return _visible(
        principal,
        charter,
        audience=FindingRow.audience,
        mechanism=FindingRow.mechanism,
        own_id=FindingRow.id,
        parties=select(FindingPartyRow.finding_id).where(
            FindingPartyRow.member == principal.member
        ),
    )
