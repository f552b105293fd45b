"""The store, as a mechanism's service reads it and submits to it (visibility applied)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.charter.models import Charter
from cosec.charters import load_charter, load_profile
from cosec.clock import Clock, SystemClock
from cosec.compliance.evidence import StoreEvidence
from cosec.compliance.service import FindingView, list_findings
from cosec.deployment import Deployment
from cosec.deployment import load as load_deployment
from cosec.kit.submission import Item
from cosec.pipeline.preview import Preview, previews
from cosec.pipeline.submit import Submission as CommitterSubmission
from cosec.pipeline.submit import submit, submit_many
from cosec.principals import PUBLIC, Principal, Role
from cosec.store.records import (
    count_visible,
    get_visible,
    list_referring,
    list_visible,
    parties_of,
    stored_payload,
)
from cosec.store.tables import RecordRow
from cosec.store.visibility import records_visible

__all__ = [
    "PUBLIC",
    "Charter",
    "Clock",
    "CommitterSubmission",
    "Deployment",
    "FindingView",
    "Item",
    "Preview",
    "Principal",
    "RecordRow",
    "Role",
    "Session",
    "StoreEvidence",
    "SystemClock",
    "count_visible",
    "get_visible",
    "list_findings",
    "list_referring",
    "list_visible",
    "load_charter",
    "load_deployment",
    "load_profile",
    "parties_of",
    "previews",
    "records_visible",
    "select",
    "stored_payload",
    "submit",
    "submit_many",
]
