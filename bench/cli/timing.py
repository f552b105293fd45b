"""Timing whole commands, process start included: hyperfine when installed, else repeated
``subprocess`` runs; every figure is a median.

The machine is shared, so the commands compared are interleaved: by hand, run by run;
with hyperfine, in rounds (each round times every command a few times), so that a busy
spell falls on all of them rather than on whichever hyperfine happened to be timing."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timed:
    """One command's runs."""

    label: str
    command: str
    times: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def low(self) -> float:
        return min(self.times)

    @property
    def high(self) -> float:
        return max(self.times)


def hyperfine() -> str | None:
    """The hyperfine binary, if installed."""
    return shutil.which("hyperfine")


def hyperfine_version() -> str:
    found = hyperfine()
    if found is None:
        return ""
    return subprocess.run([found, "--version"], capture_output=True, text=True).stdout.strip()


def run(
    commands: Sequence[tuple[str, Sequence[str]]],
    *,
    runs: int,
    warmup: int,
    env: Mapping[str, str] | None = None,
    use_hyperfine: bool = True,
    cwd: Path | None = None,
    per_round: int = 2,
) -> list[Timed]:
    """Time each ``(label, argv)``: ``warmup`` untimed runs, then ``runs`` timed ones (with
    hyperfine, ``per_round`` of them per round)."""
    full_env = dict(os.environ if env is None else env)
    found = hyperfine() if use_hyperfine else None
    if found is None:
        return _by_hand(commands, runs=runs, warmup=warmup, env=full_env, cwd=cwd)
    times: dict[str, list[float]] = {label: [] for label, _ in commands}
    done = 0
    while done < runs:
        now = min(per_round, runs - done)
        for t in _with_hyperfine(
            found, commands, runs=now, warmup=warmup if done == 0 else 0, env=full_env, cwd=cwd
        ):
            times[t.label] += t.times
        done += now
    return [Timed(label, shlex.join(cmd), times[label]) for label, cmd in commands]


def _with_hyperfine(
    binary: str,
    commands: Sequence[tuple[str, Sequence[str]]],
    *,
    runs: int,
    warmup: int,
    env: dict[str, str],
    cwd: Path | None,
) -> list[Timed]:
    with tempfile.TemporaryDirectory(prefix="cosec-bench-") as tmp:
        export = Path(tmp) / "hyperfine.json"
        argv = [
            binary,
            "--shell=none",
            "--style=none",
            f"--runs={runs}",
            f"--warmup={warmup}",
            f"--export-json={export}",
        ]
        argv += [shlex.join(cmd) for _, cmd in commands]
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
        results = json.loads(export.read_text())["results"]
    return [
        Timed(label, shlex.join(cmd), [float(t) for t in r["times"]])
        for (label, cmd), r in zip(commands, results, strict=True)
    ]


def _by_hand(
    commands: Sequence[tuple[str, Sequence[str]]],
    *,
    runs: int,
    warmup: int,
    env: dict[str, str],
    cwd: Path | None,
) -> list[Timed]:
    times: dict[str, list[float]] = {label: [] for label, _ in commands}
    for i in range(warmup + runs):
        for label, cmd in commands:  # interleaved: a busy moment falls on every command
            t0 = time.perf_counter()
            subprocess.run(
                cmd,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=cwd,
            )
            if i >= warmup:
                times[label].append(time.perf_counter() - t0)
    return [Timed(label, shlex.join(cmd), times[label]) for label, cmd in commands]


def before(rev: str, root: Path, into: Path) -> Path | None:
    """The ``src`` tree of commit ``rev`` extracted under ``into`` (``None`` if unknown)."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", rev, "src"],
            capture_output=True,
            check=True,
        ).stdout
    except subprocess.CalledProcessError:
        return None
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def short_rev(rev: str, root: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", rev], capture_output=True, text=True
    )
    return done.stdout.strip() or rev


def imports_by_package(
    cmd: Sequence[str], *, runs: int = 3, env: Mapping[str, str] | None = None
) -> Imports:
    """``python -X importtime`` of a command: the seconds its imports take, each top-level
    package's own share (its modules' self times summed) and each module's self time, all
    medians of ``runs``, largest first. ``cmd`` is run by a Python interpreter or is a
    Python script; importtime slows imports down a little."""
    full_env = dict(os.environ if env is None else env)
    full_env["PYTHONPROFILEIMPORTTIME"] = "1"
    totals: list[float] = []
    per_run: list[dict[str, float]] = []
    modules: list[dict[str, float]] = []
    for _ in range(runs):
        done = subprocess.run(cmd, env=full_env, capture_output=True, text=True, check=True)
        own: dict[str, float] = {}
        mine: dict[str, float] = {}
        total = 0.0
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, cumulative_us, name = line.removeprefix("import time:").split("|", 2)
            name = name[1:]  # one space, then two more per level of nesting
            package = name.strip().split(".")[0]
            own[package] = own.get(package, 0.0) + float(self_us) / 1e6
            mine[name.strip()] = float(self_us) / 1e6
            if not name.startswith(" "):
                total += float(cumulative_us) / 1e6
        totals.append(total)
        per_run.append(own)
        modules.append(mine)
    return Imports(statistics.median(totals), _medians(per_run), _medians(modules))


@dataclass(frozen=True)
class Imports:
    """Where a command's imports go (seconds)."""

    total: float
    packages: list[tuple[str, float]]
    modules: list[tuple[str, float]]

    def of(self, prefix: str, n: int) -> list[tuple[str, float]]:
        """The ``n`` slowest modules whose name starts with ``prefix``."""
        return [(m, t) for m, t in self.modules if m.startswith(prefix)][:n]


def _medians(runs: list[dict[str, float]]) -> list[tuple[str, float]]:
    keys = {k for r in runs for k in r}
    out = [(k, statistics.median(r.get(k, 0.0) for r in runs)) for k in keys]
    out.sort(key=lambda x: -x[1])
    return out
