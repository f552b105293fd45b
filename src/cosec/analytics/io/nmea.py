"""Raw NMEA 0183 AIS sentences (``!AIVDM``/``!AIVDO``) into position rows and rejects.

pyais decodes the payloads; this module adds what a log file needs around it and what
pyais' own stream reader does not give: a reason for every line it cannot use (its
iterator skips bad lines silently), multi-sentence messages assembled per channel and
sequence id with incomplete ones rejected, and the time of each report. A raw sentence
carries no date, so the time must come with the line, in one of three places:

- an NMEA 4.10 tag block ``\\s:station,c:1704067200*hh\\!AIVDM,...`` (``c`` = Unix time),
- a prefix before the sentence: ``2024-01-01T00:00:00Z !AIVDM,...`` or ``1704067200,!AIVDM,...``,
- a suffix after the checksum: ``!AIVDM,...*hh,1704067200``.

Position reports are message types 1, 2, 3 (class A), 18, 19 (class B) and 27 (long
range); other types are counted as ignored, not rejected.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from cosec.analytics.io.schema import Reject
from cosec.analytics.io.times import looks_like_time, parse_time
from cosec.analytics.io.validate import Checked, rejects_table, validate
from cosec.errors import InvalidInput

if TYPE_CHECKING:
    from pyais.messages import AISSentence

POSITION_TYPES = frozenset({1, 2, 3, 18, 19, 27})

_SENTENCE = re.compile(r"([!$][A-Z]{2}VD[MO],[^*]*\*[0-9A-Fa-f]{2})")
_LINE_END = re.compile(r"\r\n|\n|\r")
_TAG_TIME = re.compile(r"(?:^|,)c:([^,*]*)")

Part = tuple[int, str, "AISSentence", float | str | None]
"""A sentence of a message: line number, line, sentence, the line's time (see _split_line)."""


@dataclass
class NmeaResult:
    """Positions and rejects of one NMEA file, and the messages that were not positions."""

    checked: Checked
    ignored: Counter[int] = field(default_factory=Counter)
    """Decoded messages that carry no vessel position, by message type."""


def _line_time(text: str) -> float | str | None:
    """The time a piece of a log line carries: epoch seconds, the text of a time that is
    not valid (to reject as ``bad_timestamp``), or None when it holds no time at all."""
    text = text.strip(",;|\t ")
    if not text:
        return None
    when = parse_time(text)
    if when is not None:
        return when
    return text if looks_like_time(text) else None


def _split_line(line: str) -> tuple[str | None, float | str | None]:
    """The sentence (with its tag block) in a log line, and the time the line carries
    (epoch seconds; the text of an invalid time; None if there is none)."""
    match = _SENTENCE.search(line)
    if match is None:
        return None, None
    before = line[: match.start()]
    after = line[match.end() :]
    found: list[float | str | None] = []
    sentence = match.group(1)
    if before.rstrip().endswith("\\"):
        # A tag block ends just before the sentence: \s:...,c:...*hh\
        tag_start = before.rstrip()[:-1].rfind("\\")
        tag = before.rstrip()[tag_start + 1 : -1] if tag_start >= 0 else ""
        stamp = _TAG_TIME.search(tag.split("*")[0])
        if stamp is not None:
            found.append(_line_time(stamp.group(1)))
        before = before.rstrip()[: max(tag_start, 0)] if tag_start >= 0 else before
    found += [_line_time(before), _line_time(after)]
    # The first valid time wins; else the first text that looks like a time but is not one.
    times = [w for w in found if isinstance(w, float)]
    if times:
        return sentence, times[0]
    return sentence, next((w for w in found if w is not None), None)


def _position(decoded: Any) -> tuple[int, float, float, float | None, float | None] | None:
    """MMSI, lat, lon, speed and course of a position report (None = not available)."""
    if int(decoded.msg_type) not in POSITION_TYPES:
        return None
    speed = None if decoded.speed is None else float(decoded.speed)
    course = None if decoded.course is None else float(decoded.course)
    if int(decoded.msg_type) == 27:
        # Long-range reports: 63 kn and 511 degrees mean "not available".
        speed = None if speed is not None and speed >= 63 else speed
        course = None if course is not None and course >= 511 else course
    return int(decoded.mmsi), float(decoded.lat), float(decoded.lon), speed, course


def read_nmea(path: Path) -> NmeaResult:
    """Positions, rejects and ignored-message counts of an NMEA log (``.gz`` too)."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="ascii", errors="replace", newline="") as fh:
            # Lines end only at CR, LF or CRLF (str.splitlines would also split at form
            # feeds and file separators, and the line numbers would no longer be the file's).
            lines = _LINE_END.split(fh.read())
    except (OSError, EOFError, zlib.error) as exc:
        what = "gzip" if path.suffix == ".gz" else "NMEA"
        raise InvalidInput.field(
            "file", f"not a readable {what} file: {exc}", source=str(path)
        ) from exc
    if lines and not lines[-1]:
        lines.pop()
    return parse_nmea_lines(lines, source=str(path))


def parse_nmea_lines(lines: list[str], *, source: str) -> NmeaResult:
    """:func:`read_nmea` on lines already in memory (numbered from 1)."""
    from pyais.exceptions import AISBaseException  # pyais only when NMEA is read
    from pyais.messages import AISSentence, NMEASentenceFactory

    bad: list[tuple[int, Reject, str]] = []
    ignored: Counter[int] = Counter()
    out: dict[str, list[Any]] = {k: [] for k in ("mmsi", "timestamp", "lat", "lon", "sog")}
    out["cog"] = []
    out["_row"] = []
    out["_raw"] = []
    # Fragments waiting for the rest of their message: key -> [(line no, text, sentence)].
    pending: dict[tuple[Any, ...], list[Part]] = {}

    def emit(parts: list[Part]) -> None:
        number, text = parts[0][0], " | ".join(p[1] for p in parts)
        times = [p[3] for p in parts if p[3] is not None]
        when = next((w for w in times if isinstance(w, float)), times[0] if times else None)
        try:
            message = AISSentence.assemble_from_iterable([p[2] for p in parts]).decode()
            pos = _position(message)
        except (AISBaseException, ValueError, TypeError, KeyError, IndexError):
            bad.append((number, Reject.UNDECODABLE, text))
            return
        if pos is None:
            ignored[int(message.msg_type)] += 1
            return
        if when is None:
            bad.append((number, Reject.NO_TIMESTAMP, text))
            return
        if isinstance(when, str):
            bad.append((number, Reject.BAD_TIMESTAMP, text))
            return
        out["mmsi"].append(pos[0])
        out["timestamp"].append(when)
        out["lat"].append(pos[1])
        out["lon"].append(pos[2])
        out["sog"].append(pos[3])
        out["cog"].append(pos[4])
        out["_row"].append(number)
        out["_raw"].append(text)

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        sentence_text, when = _split_line(line)
        if sentence_text is None:
            bad.append((number, Reject.BAD_SENTENCE, line))
            continue
        try:
            sentence = NMEASentenceFactory.produce(sentence_text.encode("ascii"))
        except (AISBaseException, ValueError, UnicodeEncodeError):
            bad.append((number, Reject.BAD_SENTENCE, line))
            continue
        if not isinstance(sentence, AISSentence):
            bad.append((number, Reject.BAD_SENTENCE, line))
            continue
        if not sentence.is_valid:
            bad.append((number, Reject.BAD_CHECKSUM, line))
            continue
        part = (number, line, sentence, when)
        if sentence.frag_cnt == 1:
            emit([part])
            continue
        key = (sentence.talker_id, sentence.channel, sentence.seq_id, sentence.frag_cnt)
        group = pending.get(key)
        if sentence.frag_num == 1:
            if group is not None:
                bad.extend((p[0], Reject.INCOMPLETE_MULTIPART, p[1]) for p in group)
            pending[key] = [part]
        elif group is not None and len(group) == sentence.frag_num - 1:
            group.append(part)
        else:
            bad.append((number, Reject.INCOMPLETE_MULTIPART, line))
            continue
        group = pending[key]
        if len(group) == sentence.frag_cnt:
            del pending[key]
            emit(group)
    for group in pending.values():
        bad.extend((p[0], Reject.INCOMPLETE_MULTIPART, p[1]) for p in group)
    table = pa.table(
        {
            "mmsi": pa.array(out["mmsi"], pa.int64()),
            "timestamp": pa.array(out["timestamp"], pa.float64()),
            "lat": pa.array(out["lat"], pa.float64()),
            "lon": pa.array(out["lon"], pa.float64()),
            "sog": pa.array(out["sog"], pa.float64()),
            "cog": pa.array(out["cog"], pa.float64()),
            "_row": pa.array(out["_row"], pa.int64()),
            "_raw": pa.array(out["_raw"], pa.string()),
        }
    )
    checked = validate(table, kind="ais", source=source)
    rejects = pa.concat_tables([rejects_table(source, bad), checked.rejects]).sort_by("row")
    return NmeaResult(Checked(checked.clean, rejects), ignored)


def looks_like_nmea(path: Path) -> bool:
    """Whether the first non-empty lines of a file hold AIS sentences."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="ascii", errors="replace") as fh:
            for _ in range(20):
                line = fh.readline()
                if not line:
                    return False
                if line.strip():
                    return _SENTENCE.search(line) is not None
    except (OSError, EOFError, zlib.error):
        return False  # not readable as NMEA: the CSV reader says why
    return False
