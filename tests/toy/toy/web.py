"""/toy: the toy's page."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cosec.plugin.store import list_visible
from cosec.plugin.web import DeploymentDep, PrincipalDep, SessionDep, render

router = APIRouter(include_in_schema=False)


@router.get("/toy")
def toy_page(
    request: Request, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> HTMLResponse:
    rows = list_visible(session, principal, deployment.current, kinds=["toy.report"])
    return render(request, "toy/reports.html", principal, deployment, rows=rows)
