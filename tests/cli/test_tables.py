"""Tables are readable at 80 columns: a table too wide becomes one block per row."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("width", [80, 200])
def test_assess_fits_the_terminal_and_keeps_every_value(width: int) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cosec.cli.main import app; app()",
            "notifications",
            "assess",
            str(ROOT / "examples" / "activities.csv"),
            "--as-of",
            "2027-12-01",
        ],
        capture_output=True,
        text=True,
        env=os.environ | {"COLUMNS": str(width)},
        check=True,
    )
    lines = done.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    for value in ("Northern Shield", "2027-03-10", "near_threshold", "split_suspected"):
        assert value in done.stdout  # nothing cut to an ellipsis
    assert ("notification_required  true" in done.stdout) is (width == 80)
