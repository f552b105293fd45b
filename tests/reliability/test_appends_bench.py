"""The appends benchmark still runs end to end (tiny sizes, SQLite, nothing written, no
timing asserted): group commit in one and two server processes and one transaction per
append through the real ``Committer``, both HTTP servers, the stage costs and the report.
Each run checks that the log holds exactly the appends sent, so this is also a small
concurrency test."""

from __future__ import annotations

import pytest
from bench.ledger import appends


@pytest.mark.slow
def test_the_appends_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    appends.main(
        [
            "--backends=sqlite",
            "--runs=1",
            "--appends=36",
            "--threads=2",
            "--processes=1,2",
            "--window=4",
            "--http-runs=1",
            "--http-appends=18",
            "--http-clients=3",
            "--attempts=1",
            "--patience=0",
            "--no-write",
        ]
    )
    out = capsys.readouterr().out
    assert appends.BEGIN not in out  # the section is printed, not the markers
    for line in (
        "SQLite, group commit | 1 |",
        "SQLite, group commit | 2 |",
        "SQLite, one transaction per append | 1 |",
        "`cosec serve` as shipped",
        "`cosec serve --workers 2`, as shipped",
        "`Committer(evaluate=False)`",
        "### Where the time goes",
    ):
        assert line in out, line
