"""The benchmark still runs (tiny size, nothing written, no timing asserted)."""

from __future__ import annotations

import pytest
from bench.ledger import proofs


def test_benchmark_runs_and_cross_checks_pymerkle(capsys: pytest.CaptureFixture[str]) -> None:
    proofs.main(["--size", "3000", "--proofs", "40", "--warmup", "5", "--no-write"])
    out = capsys.readouterr().out
    assert "<!-- BEGIN" not in out  # the section is printed, not the markers
    for name in ("cosec, in memory", "pymerkle InmemoryTree", "pymerkle SqliteTree"):
        assert name in out
