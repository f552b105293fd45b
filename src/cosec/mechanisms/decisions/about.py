"""The mechanism's command as ``cosec --help`` lists it, read without importing its records.

Named by an entry point of the ``cosec.mechanisms.about`` group (``pyproject.toml``); the
registration takes its title, command and Typer app from here.
"""

TITLE = "Institutions and binding decisions"
"""The mechanism's title: its command's help line."""
COMMAND = "decisions"
"""Its command: ``cosec decisions``."""
CLI = "cosec.mechanisms.decisions.cli:app"
"""Its Typer app, imported when the command runs."""
