"""What every benchmark section says about itself: the machine, the code, where it goes."""

from __future__ import annotations

import contextlib
import math
import os
import platform
import statistics
import subprocess
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "performance.md"


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section between ``name``'s markers in docs/performance.md."""
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    block = f"{begin}\n{body.strip()}\n{end}"
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOCS.write_text(text, encoding="utf-8")


def code() -> str:
    """The commit measured, and whether the application code differs from it."""
    try:
        sha = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "cosec at an unknown commit"
    return f"cosec at commit {sha}" + (" with uncommitted changes in src/" if dirty else "")


def machine() -> str:
    """CPU, cores, kernel and Python."""
    cpu = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} logical cores, Linux {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def load() -> str:
    """The 1-minute load average (the machine is shared)."""
    with contextlib.suppress(OSError):
        return f"{os.getloadavg()[0]:.2f}"
    return "unknown"


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def spread(xs: Sequence[float], unit: float = 1.0, fmt: str = "{:.2f}") -> str:
    """``min–max`` of ``xs`` divided by ``unit``."""
    return f"{fmt.format(min(xs) / unit)}–{fmt.format(max(xs) / unit)}"


def exponent(n1: float, t1: float, n2: float, t2: float) -> float:
    """The growth exponent k in t ∝ n^k between two sizes."""
    return math.log(t2 / t1) / math.log(n2 / n1)


def seconds(t: float) -> str:
    """A duration for a table: ms below a second."""
    return f"{t * 1e3:,.0f} ms" if t < 1 else f"{t:,.2f} s"
