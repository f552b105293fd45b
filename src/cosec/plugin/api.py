"""What a mechanism's JSON routes use: request dependencies, bounded parameters, shared
response models. Authorisation is declared with these dependencies, never in a handler."""

from cosec.api.deps import (
    ClockDep,
    Costly,
    DeploymentDep,
    PrincipalDep,
    SecretariatDep,
    SessionDep,
    SignedInDep,
    SubmitDep,
    SubmitterDep,
)
from cosec.api.paging import page_headers
from cosec.api.params import (
    FIRST_YEAR,
    LAST_YEAR,
    Limit,
    Offset,
    OptionalYear,
    PathId,
    QueryId,
    Year,
)
from cosec.api.schemas import FindingOut, RecordOut, Submission

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "ClockDep",
    "Costly",
    "DeploymentDep",
    "FindingOut",
    "Limit",
    "Offset",
    "OptionalYear",
    "PathId",
    "PrincipalDep",
    "QueryId",
    "RecordOut",
    "SecretariatDep",
    "SessionDep",
    "SignedInDep",
    "Submission",
    "SubmitDep",
    "SubmitterDep",
    "Year",
    "page_headers",
]
