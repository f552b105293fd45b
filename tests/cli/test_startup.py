"""The command line answers at once: its list of commands loads no heavy module."""

from __future__ import annotations

import json
import subprocess
import sys
from types import ModuleType

import pytest

from cosec.cli import main
from cosec.registry import mechanisms

HEAVY = ("numba", "pyarrow", "pandas", "dask", "duckdb", "sqlalchemy", "fastapi")

PROBE = """
import json, sys
sys.argv = ["cosec", *{argv!r}]
from cosec.cli.main import app
try:
    app()
except SystemExit:
    pass
print("\\n" + json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def run_cosec(argv: list[str]) -> tuple[str, set[str]]:
    """What ``cosec ARGV`` printed, and every module it imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [["--help"], ["version"]])
def test_listing_commands_imports_no_heavy_module(argv: list[str]) -> None:
    printed, modules = run_cosec(argv)
    loaded = {m.split(".")[0] for m in modules}
    assert printed  # the help or the version was printed
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_help_lists_the_mechanisms_without_importing_their_records() -> None:
    """Each mechanism's command is listed from its ``about`` module: no record model, so no
    Pydantic (which Typer 0.29 itself imports once any command runs, ``cosec version`` too)."""
    printed, modules = run_cosec(["--help"])
    assert all(f"\n  {c} " in printed for c in ("notifications", "incidents", "arms", "patrols"))
    assert "pydantic" not in {m.split(".")[0] for m in modules}
    read = {m for m in modules if m.startswith("cosec.mechanisms.") and m.count(".") > 2}
    assert read
    assert all(m.endswith(".about") for m in read), sorted(read)


def test_every_command_listed_says_what_the_command_itself_says() -> None:
    """The static help lines of the command list agree with each command's own help."""
    for name, lazy in main.lazy_commands().items():
        command = lazy.load(name)
        assert command.get_short_help_str(limit=500).rstrip(".") == lazy.help.rstrip("."), name


def test_each_mechanism_is_listed_as_its_registration_names_it() -> None:
    """A mechanism's ``about`` module and its registration name the same command."""
    listed = main.mechanism_commands()
    with_cli = [m for m in mechanisms().values() if m.interfaces.cli is not None]
    assert len(listed) == len(with_cli)
    for m in with_cli:
        assert m.interfaces.cli is not None
        lazy = listed[m.interfaces.command or m.name]
        assert (lazy.target, lazy.help, lazy.titled) == (m.interfaces.cli.target, m.title, True)


def test_an_about_module_that_lacks_a_name_is_refused() -> None:
    about = ModuleType("about")
    about.TITLE = "A title"  # type: ignore[attr-defined]
    about.CLI = ""  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="COMMAND, CLI must be non-empty text"):
        main._from_about(about, "entry point x")
