"""The mechanism kit: everything a mechanism imports from the core, and nothing else.

A mechanism is one package, ``cosec.mechanisms.<name>`` (see docs/mechanisms.md):

- ``records.py``: its record kinds' payload models, on :class:`RecordModel` with the
  bounded field types below (dates within 1990-2200, texts and lists bounded);
- ``obligations.py``: pure functions of its context yielding :class:`FindingDraft`;
- ``projection.py`` (or ``service.py``): its :class:`Projection`, the state its obligations
  read, folded from its records;
- ``checks.py``: the rules a submission meets beyond its schema, on a
  :class:`SubmissionCheck`;
- ``assess.py``: the rules on a file, with no database;
- ``service.py``, ``api.py``, ``cli.py``, ``web.py`` and ``templates/``: its use cases,
  routes, commands and pages, thin, on the core's helpers;
- ``__init__.py``: one :class:`Mechanism` named ``mechanism``, found through an entry point
  in the ``cosec.mechanisms`` group.

Mechanisms meet only through records, observations and findings: never import another
mechanism.
"""

from cosec.charter.models import Charter, CharterModel, RegimeBase
from cosec.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, Unauthenticated
from cosec.kit.actions import Action
from cosec.kit.demo import DEMO_YEAR_END, DemoPart, DemoStep, DemoTracks, at
from cosec.kit.evidence import (
    EvidenceReader,
    NoEvidence,
    Observation,
    StateUnit,
    flag_of_mmsi,
)
from cosec.kit.findings import FindingDraft, FindingState, Severity
from cosec.kit.mechanism import Interfaces, Mechanism, NavEntry, Obligation, RecordKind, Ref
from cosec.kit.projection import EVERYTHING, Projection, Setup, WholeProjection
from cosec.kit.submission import StoredRecord, SubmissionCheck, payload_of
from cosec.principals import Principal, Role
from cosec.records import (
    EARLIEST,
    LATEST,
    MAX_ITEMS,
    SECRETARIAT,
    Audience,
    Count,
    Latitude,
    Longitude,
    LongText,
    MemberCode,
    Name,
    RecordDate,
    RecordDateTime,
    RecordId,
    RecordModel,
    RequiredLongText,
    RequiredName,
    RequiredText,
    Text,
)
from cosec.validation import field_errors

__all__ = [
    "DEMO_YEAR_END",
    "EARLIEST",
    "EVERYTHING",
    "LATEST",
    "MAX_ITEMS",
    "SECRETARIAT",
    "Action",
    "Audience",
    "Charter",
    "CharterModel",
    "Conflict",
    "Count",
    "DemoPart",
    "DemoStep",
    "DemoTracks",
    "EvidenceReader",
    "FieldError",
    "FindingDraft",
    "FindingState",
    "Forbidden",
    "Interfaces",
    "InvalidInput",
    "Latitude",
    "LongText",
    "Longitude",
    "Mechanism",
    "MemberCode",
    "Name",
    "NavEntry",
    "NoEvidence",
    "NotFound",
    "Obligation",
    "Observation",
    "Principal",
    "Projection",
    "RecordDate",
    "RecordDateTime",
    "RecordId",
    "RecordKind",
    "RecordModel",
    "Ref",
    "RegimeBase",
    "RequiredLongText",
    "RequiredName",
    "RequiredText",
    "Role",
    "Setup",
    "Severity",
    "StateUnit",
    "StoredRecord",
    "SubmissionCheck",
    "Text",
    "Unauthenticated",
    "WholeProjection",
    "at",
    "field_errors",
    "flag_of_mmsi",
    "payload_of",
]
