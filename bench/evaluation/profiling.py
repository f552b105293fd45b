"""Where the time goes: cProfile of one call, summarised by cosec's own functions."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SKIP = {"<lambda>", "<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>", "<module>"}


@dataclass(frozen=True)
class Line:
    """One function: where it is, its cumulative and own seconds, and its calls."""

    name: str
    cumulative: float
    own: float
    calls: int


@dataclass(frozen=True)
class Profiled:
    what: str
    total: float
    """Profiled seconds (cProfile slows Python code down; shares are what to read)."""
    lines: dict[str, Line]

    def top(self, n: int, *, by: str = "cumulative", skip: tuple[str, ...] = ()) -> list[Line]:
        rows = [x for x in self.lines.values() if not any(s in x.name for s in skip)]
        rows.sort(key=lambda x: -getattr(x, by))
        return rows[:n]


def _name(filename: str, func: str) -> str | None:
    if func in SKIP:
        return None
    if "/cosec/" in filename:
        module = filename.split("/cosec/", 1)[1].removesuffix(".py").replace("/", ".")
        return f"{module}.{func}"
    if filename.endswith("json/decoder.py") and func == "raw_decode":
        return "json.loads (stdlib)"
    if "pydantic" in filename or func == "validate_python":
        return "pydantic validation" if func == "validate_python" else None
    return None


def profile(what: str, fn: Callable[[], Any]) -> Profiled:
    """Run ``fn`` under cProfile."""
    prof = cProfile.Profile()
    prof.runcall(fn)
    stats = pstats.Stats(prof)
    rows: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    lines: dict[str, Line] = {}
    total = 0.0
    for (filename, _line, func), (_cc, nc, tt, ct, _callers) in rows.items():
        total += tt
        name = _name(filename, func)
        if name is None:
            continue
        old = lines.get(name)
        lines[name] = Line(
            name,
            ct + (old.cumulative if old else 0.0),
            tt + (old.own if old else 0.0),
            nc + (old.calls if old else 0),
        )
    return Profiled(what, total, lines)


def short(name: str) -> str:
    """``mechanisms.notifications.projection._groups_of`` → ``projection._groups_of``."""
    parts = name.split(".")
    return ".".join(parts[-2:]) if len(parts) > 2 else name


def describe(p: Profiled, n: int = 8, skip: tuple[str, ...] = ()) -> str:
    """``function cumulative s (share, calls)`` for the top ``n`` functions."""
    return "; ".join(
        f"`{short(x.name)}` {x.cumulative:.2f} s ({x.cumulative / p.total:.0%}, {x.calls:,} calls)"
        for x in p.top(n, skip=skip)
    )


def save(p: Profiled, path: Path) -> None:
    """The summary as text, for whoever looks further."""
    lines = [f"{p.what}: {p.total:.2f} s profiled", ""]
    lines += [f"{x.cumulative:9.3f} {x.own:9.3f} {x.calls:>10,}  {x.name}" for x in p.top(60)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
