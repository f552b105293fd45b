"""What a mechanism's pages use: the layout, links to records, the overview's figures, and
the request dependencies of :mod:`cosec.plugin.api`.

Templates live in the mechanism's ``templates/`` folder and are named with its name as a
prefix (``render(request, "notification/calendar.html", ...)``); they extend
``base.html`` and may import ``macros.html`` (findings tables, error boxes). Every POST
form carries ``<input type="hidden" name="csrf" value="{{ csrf }}">``; no inline scripts.

A form that makes a record is described by a :class:`RecordForm` (its :class:`Input` list, how
its values make a submission) and mounted with :func:`add_record_form`: the core shows it,
reviews the record before it is signed (what it opens, resolves and starts, the cautions
to tick), keeps drafts for the two-person rule, and puts each error at its input.

Words a page shows are marked for translation: ``_()`` in templates, :func:`N_` where a
label is defined in Python (translated where shown), :func:`gettext` for a sentence built
while serving; they go to the mechanism's own catalog (docs/languages.md).
"""

from cosec.drafts.service import people_of
from cosec.i18n import N_, gettext
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
from cosec.web.csvexport import csv_response, descending, page_of
from cosec.web.formspec import Input, RecordForm
from cosec.web.render import Stat, page_year, record_href, render
from cosec.web.reviewflow import add_record_form

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "N_",
    "ClockDep",
    "DeploymentDep",
    "Input",
    "PathId",
    "PrincipalDep",
    "RecordForm",
    "SessionDep",
    "Stat",
    "SubmitDep",
    "add_record_form",
    "csv_response",
    "descending",
    "gettext",
    "page_of",
    "page_year",
    "people_of",
    "record_href",
    "render",
]
