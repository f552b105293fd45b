"""The mechanism's command as ``cosec --help`` lists it, read without importing its records.

Named by an entry point of the ``cosec.mechanisms.about`` group (``pyproject.toml``); the
registration takes its title, command and Typer app from here.
"""

TITLE = "Exercises and reconnaissance along other members' coasts"
"""The mechanism's title: its command's help line."""
COMMAND = "coasts"
"""Its command: ``cosec coasts``."""
CLI = "cosec.mechanisms.coasts.cli:app"
"""Its Typer app, imported when the command runs."""
