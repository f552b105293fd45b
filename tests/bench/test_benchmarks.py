"""The benchmarks' code runs, at a tiny size. No timing is asserted here: the figures are
measured by ``python -m bench ...`` and written to docs/performance.md."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from bench.cli.timing import Timed, imports_by_package, run
from bench.evaluation import measure, stores
from bench.evaluation.docs import exponent
from bench.evaluation.generate import ASSESS_COLUMNS, assess_rows, generate
from bench.evaluation.report import Results, section

from cosec.charters import load_charter
from cosec.mechanisms.notifications import assess


def test_the_history_is_the_same_every_time() -> None:
    a, b = generate(60), generate(60)
    assert [(e.when, e.actor, e.kind, e.payload) for e in a.events] == [
        (e.when, e.actor, e.kind, e.payload) for e in b.events
    ]
    assert a.counts()["notification.prior"] == 60
    times = [e.when for e in a.events]
    assert times == sorted(times)


def test_a_tiny_store_goes_through_the_submission_path_and_every_measurement(
    tmp_path: Path,
) -> None:
    built = tmp_path / "store"
    built.mkdir()
    meta = stores.build(60, built, say=lambda _line: None)
    store = stores.Store(60, built, meta)
    assert meta["counts"]["notification.prior"] == 60
    assert store.records == sum(meta["counts"].values()) > 60

    full = measure.full_evaluation(
        store, tmp_path, runs=1, budget=60, cap=None, say=lambda _line: None
    )
    assert len(full.first) == len(full.again) == len(full.cli) == 1
    assert sum(full.findings.values()) > 0
    assert full.evaluated is not None
    assert full.evaluated.exists()

    more = measure.one_more(full, store, tmp_path, count=3, cold=True, say=lambda _line: None)
    assert len(more.total) == 3
    assert more.cold is not None
    assert all(j >= 1 for j in more.judged)  # each new notification is judged

    res = Results(command="python -m bench.evaluation.run --sizes 60")
    res.stores[60], res.full[60], res.one_more[60] = store, full, more
    text = section(res)
    assert "(a) Full evaluation" in text
    assert "(c) One more submission" in text


def test_the_assessment_file_is_valid_input() -> None:
    rows = assess_rows(80)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ASSESS_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    parsed = assess.parse_rows(buf.getvalue(), json_format=False)
    valid = assess.validate_rows(parsed, load_charter("eas-2026"))
    assert len(valid) == 80
    assert any(r.amends is not None for r in valid)


def test_growth_exponent() -> None:
    assert exponent(1_000, 2.0, 10_000, 20.0) == 1.0
    assert round(exponent(1_000, 1.0, 100_000, 100.0 * 10), 2) == 1.5


def test_commands_are_timed_and_their_imports_counted() -> None:
    python = sys.executable
    timed = run([("pass", [python, "-c", "pass"])], runs=2, warmup=0, use_hyperfine=False)
    assert isinstance(timed[0], Timed)
    assert len(timed[0].times) == 2
    imports = imports_by_package([python, "-c", "import json"], runs=1)
    assert "json" in dict(imports.packages)
    assert imports.total > 0
