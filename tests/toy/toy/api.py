"""/v1/toy/reports."""

from fastapi import APIRouter

from cosec.plugin.api import DeploymentDep, PrincipalDep, RecordOut, SessionDep
from cosec.plugin.store import list_visible

router = APIRouter(prefix="/v1", tags=["toy"])


@router.get("/toy/reports", response_model=list[RecordOut])
def reports(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[RecordOut]:
    """Toy reports the caller may read."""
    rows = list_visible(session, principal, deployment.current, kinds=["toy.report"])
    return [RecordOut.of(r) for r in rows]
