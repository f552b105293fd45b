"""Request-scoped dependencies: the unit of work, the deployment, who is calling, the clock."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from cosec import deployment as deployment_service
from cosec.access.ratelimit import TokenBuckets
from cosec.api import auth
from cosec.api.submit import through_committer
from cosec.clock import Clock
from cosec.deployment import Deployment
from cosec.errors import Forbidden, Unauthenticated
from cosec.kit.submission import Item
from cosec.logstore.context import Ledger
from cosec.pipeline.committer import Committer
from cosec.principals import Duty, Principal, Role
from cosec.store.db import unit_of_work
from cosec.store.tables import RecordRow


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request, for reading and validating.

    Submissions are written by the process's committer (group commit), never in the
    request's own transaction; the few other writes open their own unit of work.
    """
    with unit_of_work(request.app.state.sessions) as session:
        request.state.db = session  # the pages' layout reads the inbox's count through it
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_deployment(session: SessionDep) -> Deployment:
    """The deployment's charter versions."""
    return deployment_service.load(session)


def get_clock(request: Request) -> Clock:
    """The app's clock (the system clock, or a fixed one in tests)."""
    clock: Clock = request.app.state.clock
    return clock


def get_ledger(request: Request) -> Ledger:
    """The log's identity and deposited keys."""
    ledger: Ledger = request.app.state.ledger
    return ledger


def get_committer(request: Request) -> Committer:
    """The process's group-commit writer."""
    committer: Committer = request.app.state.committer
    return committer


def get_principal(request: Request, session: SessionDep) -> Principal:
    """Who is calling (see :mod:`cosec.api.auth`)."""
    return auth.resolve_principal(request, session)


async def checked_principal(
    request: Request, principal: Annotated[Principal, Depends(get_principal)]
) -> Principal:
    """Who is calling, once a web session's request that changes something showed its
    CSRF token."""
    await auth.check_csrf(request)
    return principal


def limit_costly(request: Request) -> None:
    """Take a token from the client's bucket for costly routes, or refuse it (429)."""
    costly: TokenBuckets = request.app.state.costly
    costly.take(auth.client_address(request))


Costly = Depends(limit_costly)
"""A route's ``dependencies=[Costly]``: rate-limited per client address."""


DeploymentDep = Annotated[Deployment, Depends(get_deployment)]
LedgerDep = Annotated[Ledger, Depends(get_ledger)]
CommitterDep = Annotated[Committer, Depends(get_committer)]
ClockDep = Annotated[Clock, Depends(get_clock)]
PrincipalDep = Annotated[Principal, Depends(checked_principal)]


def require_signed_in(principal: PrincipalDep) -> Principal:
    """Any authenticated principal."""
    if principal.role is Role.PUBLIC:
        raise Unauthenticated("sign in with an API key")
    return principal


def require_submitter(request: Request, principal: PrincipalDep) -> Principal:
    """A member's point of contact or the secretariat: a machine's key, or a person who may
    sign directly (an approver, when the two-person rule is off)."""
    if principal.role is Role.PUBLIC:
        raise Unauthenticated("sign in with an API key to submit")
    if principal.submitter is None:
        raise Forbidden(f"{principal.label} may not submit records")
    if principal.duty is Duty.READER:
        raise Forbidden(f"{principal.name} is a reader: readers sign nothing")
    if principal.duty is Duty.DRAFTER:
        raise Forbidden(
            f"{principal.name} is a drafter: prepare a draft on the web pages; an approver of "
            f"{principal.submitter} signs it"
        )
    if principal.duty is Duty.APPROVER and getattr(
        request.app.state.config, "two_person_rule", True
    ):
        raise Forbidden(
            "the two-person rule: a person's records are drafted by one person and signed by "
            "another on the web pages (/drafts); machines sign with keys of users without a duty"
        )
    return principal


def require_secretariat(principal: PrincipalDep) -> Principal:
    """The secretariat only."""
    if principal.role is Role.PUBLIC:
        raise Unauthenticated("sign in with an API key")
    if principal.role is not Role.SECRETARIAT:
        raise Forbidden("only the secretariat may do this")
    return principal


SubmitterDep = Annotated[Principal, Depends(require_submitter)]
SecretariatDep = Annotated[Principal, Depends(require_secretariat)]
SignedInDep = Annotated[Principal, Depends(require_signed_in)]


class Submitting:
    """A request's way to submit: through the committer, which checks and writes."""

    def __init__(
        self,
        session: SessionDep,
        deployment: DeploymentDep,
        committer: CommitterDep,
        principal: Annotated[Principal, Depends(require_submitter)],
    ) -> None:
        self.session, self.deployment = session, deployment
        self.committer, self.principal = committer, principal

    def record(
        self, kind: str, payload: Any, audience: str | None = None, parties: Sequence[str] = ()
    ) -> RecordRow:
        """Submit one record signed with the member's deposited key."""
        item = Item(kind=kind, payload=payload, audience=audience, parties=tuple(parties))
        row, _ = through_committer(
            self.session, committer=self.committer, principal=self.principal, item=item
        )
        return row


SubmitDep = Annotated[Submitting, Depends(Submitting)]
