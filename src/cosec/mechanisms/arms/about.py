"""The mechanism's command as ``cosec --help`` lists it, read without importing its records.

Named by an entry point of the ``cosec.mechanisms.about`` group (``pyproject.toml``); the
registration takes its title, command and Typer app from here.
"""

TITLE = "Arms transfers and military expenditure"
"""The mechanism's title: its command's help line."""
COMMAND = "arms"
"""Its command: ``cosec arms``."""
CLI = "cosec.mechanisms.arms.cli:app"
"""Its Typer app, imported when the command runs."""
