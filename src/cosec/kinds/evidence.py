"""The record of an analysis: what ran, on what data, and a digest of what it found."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from cosec.kit.mechanism import RecordKind
from cosec.records import MAX_ID, Audience, Name, RecordModel, Text

KIND_ANALYSIS = "evidence.analysis"


class AnalysisRecord(RecordModel):
    """``evidence.analysis``: events detected in a track dataset, committed to by a digest.

    The events themselves are stored as observations next to the record; the record's
    ``events_sha256`` (SHA-256 of the events as canonical JSON lines) and its place in the
    log make them tamper-evident: anyone who reruns the analysis on the same dataset with
    the same parameters gets the same digest.
    """

    dataset: Annotated[str, Field(min_length=1, max_length=200)]
    dataset_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """SHA-256 of the dataset's manifest (its files, counts and import parameters)."""
    data_kind: Literal["ais", "adsb"]
    event_kind: Literal["encounters", "rendezvous", "gaps", "loitering", "near-coast"]
    params: dict[str, Any]
    engine: Name
    events: Annotated[int, Field(ge=0, le=MAX_ID)]
    events_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    note: Text = ""


ANALYSIS_KIND = RecordKind(
    KIND_ANALYSIS,
    AnalysisRecord,
    title="Analysis of tracks",
    default_audience=Audience.SECRETARIAT,
    submitted_by=("secretariat",),
)
KINDS = (ANALYSIS_KIND,)
