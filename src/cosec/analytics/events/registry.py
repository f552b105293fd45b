"""The detector of each event kind, by name."""

from __future__ import annotations

from cosec.analytics.events import encounters, gaps, loitering, near_coast, rendezvous
from cosec.analytics.events.base import Detector

DETECTORS: dict[str, Detector] = {
    "encounters": encounters.DETECTOR,
    "rendezvous": rendezvous.DETECTOR,
    "gaps": gaps.DETECTOR,
    "loitering": loitering.DETECTOR,
    "near-coast": near_coast.DETECTOR,
}
