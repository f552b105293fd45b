"""The command line answers at once: its list of commands loads no heavy module."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cosec.cli import main

HEAVY = ("numba", "pyarrow", "pandas", "dask", "duckdb", "sqlalchemy", "fastapi")

PROBE = """
import json, sys
sys.argv = ["cosec", *{argv!r}]
from cosec.cli.main import app
try:
    app()
except SystemExit:
    pass
print("\\n" + json.dumps(sorted(m.split(".")[0] for m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("argv", [["--help"], ["version"]])
def test_listing_commands_imports_no_heavy_module(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert done.stdout  # the help or the version was printed
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_every_command_listed_says_what_the_command_itself_says() -> None:
    """The static help lines of the command list agree with each command's own help."""
    for name, lazy in main.lazy_commands().items():
        command = lazy.load(name)
        assert command.get_short_help_str(limit=500).rstrip(".") == lazy.help.rstrip("."), name
