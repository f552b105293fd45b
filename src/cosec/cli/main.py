"""The ``cosec`` command: one Typer app; every area and every mechanism a command of its own.

Commands are loaded when they run, not when ``cosec`` starts: ``cosec --help`` and
``cosec version`` import neither the store, nor the web, nor the track analytics (numba,
pyarrow, DuckDB), which took 2 to 4 s before anything happened. Each command is named here
with its one-line help, so the list shows without importing it; a test holds those lines
to the commands' own help.

A mechanism's command is listed from its ``about`` module (entry-point group
:data:`ABOUT`: ``TITLE``, ``COMMAND``, ``CLI``), which imports nothing, so ``cosec --help``
imports no mechanism's records, and not Pydantic. A mechanism without one still gets its
command: its registration is imported to list it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType

import typer
import typer._click as click  # Typer's own copy of click, which its groups subclass
from typer.core import TyperGroup

from cosec import __version__


@dataclass(frozen=True, slots=True)
class Lazy:
    """A command imported on use: ``module:attribute`` (a Typer app or a function)."""

    target: str
    help: str
    titled: bool = False
    """A mechanism's command: its registration's title is its help, wherever it is shown."""

    def load(self, name: str) -> click.Command:
        """The click command."""
        module, _, attribute = self.target.partition(":")
        obj = getattr(import_module(module), attribute)
        if isinstance(obj, typer.Typer):
            command = typer.main.get_command(obj)
            if not isinstance(command, TyperGroup):  # Typer folds a one-command app: unfold
                only = obj.registered_commands[0]
                command.name = only.name or (only.callback.__name__ if only.callback else name)
                command = TyperGroup(
                    name=name, commands=[command], help=obj.info.help, no_args_is_help=True
                )
        else:
            holder = typer.Typer()
            holder.command(name=name)(obj)
            command = typer.main.get_command(holder)
        command.name = name
        if self.titled:
            command.help = self.help
        return command


CORE: dict[str, Lazy] = {
    "charter": Lazy(
        "cosec.cli.charter:app", "Charters: the mechanism's members, bodies and rules as data."
    ),
    "users": Lazy("cosec.cli.users:app", "Users and their API keys."),
    "findings": Lazy(
        "cosec.cli.findings:app", "Findings: which obligation, who, how severe, what evidence."
    ),
    "evaluate": Lazy(
        "cosec.cli.findings:evaluate_command",
        "Evaluate every obligation in force now and update the findings.",
    ),
    "scorecard": Lazy(
        "cosec.cli.findings:scorecard_command",
        "A member's scorecard: each obligation kept, under watch or breached.",
    ),
    "report": Lazy(
        "cosec.cli.report:app", "Reports: the annual implementation report as PDF or HTML."
    ),
    "publish": Lazy(
        "cosec.cli.publish:app",
        "Publish findings, statistics and reports to the public (signed, logged releases).",
    ),
    "tracks": Lazy(
        "cosec.cli.tracks:app", "Import ship and aircraft tracks and find events in them."
    ),
    "keys": Lazy("cosec.cli.keys:app", "Signing keys: make, register, rotate and revoke them."),
    "log": Lazy("cosec.cli.log:app", "The tamper-evident log: checkpoints, receipts, audits."),
    "witness": Lazy(
        "cosec.cli.witness:app", "Witness the log: check consistency, then cosign checkpoints."
    ),
    "evidence": Lazy(
        "cosec.cli.evidence:app", "Evidence from tracks: analyses stored as signed observations."
    ),
    "fleet": Lazy("cosec.cli.fleet:app", "The registry of state vessels and aircraft."),
    "inbox": Lazy(
        "cosec.cli.inbox:app", "Open actions and deadlines; e-mail alerts and feed links."
    ),
    "db": Lazy("cosec.cli.db:app", "The database: create or upgrade its schema."),
    "serve": Lazy(
        "cosec.cli.db:serve",
        "Serve the API and web app (migrating the database and adopting COSEC_CHARTER if new).",
    ),
    "demo": Lazy(
        "cosec.demo.cli:demo", "Build the East Asia demo year in COSEC_DATABASE_URL, then serve it."
    ),
}


MECHANISMS = "cosec.mechanisms"
"""The entry-point group of the mechanisms' registrations (``cosec.registry.GROUP``, not
imported here: the registry imports every registration, and so every mechanism's records)."""
ABOUT = "cosec.mechanisms.about"
"""The entry-point group of the mechanisms' ``about`` modules, by the names of their
registrations' entry points."""


def _from_about(module: ModuleType, entry: str) -> tuple[str, Lazy]:
    """The command an ``about`` module names: ``COMMAND``, help ``TITLE``, app ``CLI``."""
    names = ("COMMAND", "TITLE", "CLI")
    values = [getattr(module, n, None) for n in names]
    wrong = [n for n, v in zip(names, values, strict=True) if not isinstance(v, str) or not v]
    if wrong:
        raise TypeError(f"{entry}: {', '.join(wrong)} must be non-empty text")
    command, title, cli = (str(v) for v in values)
    return command, Lazy(cli, title, titled=True)


def _from_registration(registration: object, entry: str) -> tuple[str, Lazy] | None:
    """The command a mechanism's registration names (its records imported with it)."""
    from cosec.kit.mechanism import Mechanism

    if not isinstance(registration, Mechanism):
        raise TypeError(f"{entry} does not name a cosec Mechanism")
    cli = registration.interfaces.cli
    if cli is None:
        return None
    command = registration.interfaces.command or registration.name
    return command, Lazy(cli.target, registration.title, titled=True)


@cache
def mechanism_commands() -> dict[str, Lazy]:
    """Each installed mechanism's command, from its ``about`` module if it has one, else
    from its registration."""
    from importlib.metadata import entry_points

    installed = entry_points()  # one scan of the installed packages for both groups
    about = {ep.name: ep for ep in installed.select(group=ABOUT)}
    found: dict[str, Lazy] = {}
    for ep in installed.select(group=MECHANISMS):
        light = about.get(ep.name)
        command: tuple[str, Lazy] | None
        if light is not None:
            command = _from_about(light.load(), f"entry point {ep.name} of {ABOUT}")
        else:
            command = _from_registration(ep.load(), f"entry point {ep.name} of {MECHANISMS}")
        if command is not None:
            found[command[0]] = command[1]
    return found


def lazy_commands() -> dict[str, Lazy]:
    """Every command but ``version``: the core's and each installed mechanism's."""
    return CORE | mechanism_commands()


class LazyGroup(TyperGroup):
    """A group whose subcommands are imported when used; their help lines are static."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *lazy_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None:
            return found
        lazy = lazy_commands().get(cmd_name)
        return lazy.load(cmd_name) if lazy is not None else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lazy = lazy_commands()
        rows: list[tuple[str, str]] = []
        for name in self.list_commands(ctx):
            if name in lazy:
                rows.append((name, lazy[name].help))
            else:
                cmd = super().get_command(ctx, name)
                if cmd is not None and not cmd.hidden:
                    rows.append((name, cmd.get_short_help_str(limit=200)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(
    name="cosec",
    cls=LazyGroup,
    help="cosec: the working system of a co-operative security mechanism for East Asia.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def cosec() -> None:
    """cosec: the working system of a co-operative security mechanism for East Asia."""


@app.command()
def version() -> None:
    """Print cosec's version."""
    typer.echo(__version__)
