"""What a mechanism's pages use: the layout, links to records, the overview's figures, and
the request dependencies of :mod:`cosec.plugin.api`.

Templates live in the mechanism's ``templates/`` folder and are named with its name as a
prefix (``render(request, "notification/calendar.html", ...)``); they extend
``base.html`` and may import ``macros.html`` (findings tables, error boxes). Every POST
form carries ``<input type="hidden" name="csrf" value="{{ csrf }}">``; no inline scripts.
"""

from cosec.plugin.api import (
    FIRST_YEAR,
    LAST_YEAR,
    ClockDep,
    DeploymentDep,
    PathId,
    PrincipalDep,
    SessionDep,
    SubmitDep,
)
from cosec.web.render import Stat, page_year, record_href, render

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "ClockDep",
    "DeploymentDep",
    "PathId",
    "PrincipalDep",
    "SessionDep",
    "Stat",
    "SubmitDep",
    "page_year",
    "record_href",
    "render",
]
