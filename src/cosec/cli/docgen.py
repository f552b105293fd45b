"""Generate the CLI reference (docs/cli.md) from the commands themselves.

Run ``python -m cosec.cli.docgen > docs/cli.md``; a test fails when the file is stale, so
the reference never drifts from the code.
"""

from __future__ import annotations

from typing import Any

import typer
import typer._click as click

from cosec.cli.main import app


# Typer vendors its own copy of click, so commands are matched by shape, not by class.
def _walk(cmd: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    out = [(path, cmd)]
    if hasattr(cmd, "list_commands"):  # a group: its commands may be loaded on demand
        ctx = click.Context(cmd)
        for name in sorted(cmd.list_commands(ctx)):
            out.extend(_walk(cmd.get_command(ctx, name), [*path, name]))
    return out


def commands() -> list[tuple[str, Any]]:
    """Every command and group, as ``("cosec notifications assess", command)``."""
    root = typer.main.get_command(app)
    return [(" ".join(["cosec", *p]), c) for p, c in _walk(root, [])]


def _param(p: Any) -> str:
    if p.param_type_name == "argument":
        help_text = (getattr(p, "help", None) or "").replace("|", "\\|")
        return f"| `{(p.metavar or p.name).upper()}` | argument | {help_text} |"
    names = ", ".join(f"`{o}`" for o in p.opts + p.secondary_opts)
    help_text = (p.help or "").replace("|", "\\|")
    default = ""
    if p.default not in (None, False, ()) and not p.is_flag and not callable(p.default):
        value = getattr(p.default, "value", p.default)
        default = f" (default: `{value}`)"
    return f"| {names} | option | {help_text}{default} |"


def render() -> str:
    """The whole reference, as Markdown."""
    lines = [
        "# Command-line reference",
        "",
        "Generated from the commands by `python -m cosec.cli.docgen > docs/cli.md`; do not edit.",
        "Exit codes: 0 ok; 1 findings at or above `--fail-on` (or another error);",
        "2 bad input or usage.",
        "",
    ]
    for name, cmd in commands():
        if name == "cosec":
            continue
        lines += [f"## `{name}`", "", (cmd.help or "").strip().split("\n\n")[0], ""]
        params = [p for p in cmd.params if p.name not in ("help",)]
        if params:
            lines += ["| parameter | kind | help |", "|---|---|---|"]
            lines += [_param(p) for p in params]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
