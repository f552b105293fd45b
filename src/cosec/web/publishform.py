"""The secretariat's web form that publishes findings (``publication.release``), on the
core's review flow: the release is reviewed, then signed, and the findings it names are
folded in as it is signed, so anyone reads them from then on.

Statistics and annual reports are published with ``cosec publish`` or
``POST /v1/publications``: their figures are computed by the server at that moment, which
a form's values alone cannot make.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy.orm import Session

from cosec.errors import FieldError, InvalidInput
from cosec.i18n import N_, gettext
from cosec.kit.submission import Item
from cosec.publication import service
from cosec.web.formspec import Input, RecordForm

Values = Mapping[str, str]
_SEPARATORS = re.compile(r"[,\s]+")
_ID = re.compile(r"[0-9]{1,12}")


def finding_ids(text: str) -> list[int]:
    """The ids in ``text`` (separated by commas or spaces); every token that is not an id is
    an error naming it, at the form's input."""
    tokens = [t for t in _SEPARATORS.split(text.strip()) if t]
    bad = [t for t in tokens if not _ID.fullmatch(t)]
    if bad:
        raise InvalidInput(
            [
                FieldError(
                    "payload.findings",
                    gettext("“%(token)s” is not the id of a finding (a whole number)")
                    % {"token": t[:40]},
                )
                for t in bad
            ]
        )
    return [int(t) for t in tokens]


def _build(values: Values) -> Item:
    ids = finding_ids(values.get("findings", ""))
    try:
        return service.findings_item(ids, note=values.get("note", "").strip())
    except InvalidInput as exc:  # its rules name ``findings``: shown at the input
        raise InvalidInput([FieldError(f"payload.{e.loc}", e.rule) for e in exc.errors]) from exc


def _label(values: Values) -> str:
    ids = " ".join(t for t in _SEPARATORS.split(values.get("findings", "").strip()) if t)
    return gettext("Publish findings %(ids)s") % {"ids": ids[:80]}


def _take_in(session: Session) -> None:
    service.take_in(session)


PUBLISH_FINDINGS = RecordForm(
    kind="publication.release",
    path="/publications/new",
    title=N_("Publish findings"),
    inputs=lambda values: [
        Input(
            "findings",
            gettext("Finding ids"),
            required=True,
            help=gettext("Separated by commas or spaces, e.g. 12, 15 31."),
        ),
        Input("note", gettext("Note"), "textarea", help=gettext("Optional; published too.")),
    ],
    build=_build,
    label=_label,
    done=lambda record_id, values: "/publications",
    intro=N_(
        "Publishing makes the findings you name readable by anyone, permanently: the release "
        "is a record signed with the secretariat's key, in the public log, and cannot be "
        "withdrawn. Statistics and annual reports are published with the command line "
        "(cosec publish) or the API."
    ),
    back=("/publications", N_("Publications")),
    roles=("secretariat",),
    after=_take_in,
)
