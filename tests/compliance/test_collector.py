"""The cycle collector is paused while a store (or a file) is folded and judged, and resumed
after."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cosec import collector
from cosec.charter.models import Charter
from cosec.compliance import engine
from cosec.kit import projection
from cosec.plugin.cli import Assessed, add_assess
from tests.conftest import World


@pytest.fixture(autouse=True)
def _collector_running() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_inside_and_resumed_after_even_when_the_body_raises() -> None:
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()

    def fail() -> None:
        with collector.paused():
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail()
    assert gc.isenabled()


def test_nested_pauses_end_with_the_outermost() -> None:
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_stopped_before_stays_stopped() -> None:
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_concurrent_pauses_resume_when_the_last_one_ends() -> None:
    """Thread A pauses, thread B pauses, A ends: still paused until B ends."""
    a_in, b_in, a_out, b_go = (threading.Event() for _ in range(4))
    seen: dict[str, bool] = {}

    def a() -> None:
        with collector.paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def b() -> None:
        a_in.wait(5)
        with collector.paused():
            b_in.set()
            a_out.wait(5)
            seen["after A ended"] = gc.isenabled()
            b_go.wait(5)

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    a_out.wait(5)
    b_go.set()
    for t in threads:
        t.join(5)
    assert seen == {"after A ended": False}
    assert gc.isenabled()


def test_evaluate_folds_and_judges_with_the_collector_paused(
    sqlite_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    during: list[bool] = []
    fold, judge = projection.fold, engine.judge

    def watched_fold(*args: object, **kwargs: object) -> None:
        during.append(gc.isenabled())
        fold(*args, **kwargs)  # type: ignore[arg-type]

    def watched_judge(*args: object, **kwargs: object) -> object:
        during.append(gc.isenabled())
        return judge(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "fold", watched_fold)
    monkeypatch.setattr(engine, "judge", watched_judge)
    with sqlite_world.session() as s:
        report = engine.evaluate(s, deployment=sqlite_world.deployment(), clock=sqlite_world.clock)
    assert report.mechanisms
    assert not report.failed
    assert during
    assert not any(during)
    assert gc.isenabled()


def test_a_file_is_assessed_with_the_collector_paused(tmp_path: Path) -> None:
    during: list[bool] = []

    def run(file: Path, charter: Charter, at: datetime) -> Assessed:
        during.append(gc.isenabled())
        return Assessed(rows=[{"file": file.name}], columns=["file"])

    app = typer.Typer()
    add_assess(app, run, file_help="A file.", summary="Assess a file.")
    file = tmp_path / "rows.csv"
    file.write_text("x\n")
    result = CliRunner().invoke(app, [str(file), "--format", "csv", "--as-of", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "rows.csv" in result.output
    assert during == [False]
    assert gc.isenabled()
