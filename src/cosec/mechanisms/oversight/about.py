"""The mechanism's command as ``cosec --help`` lists it, read without importing its records.

Named by an entry point of the ``cosec.mechanisms.about`` group (``pyproject.toml``); the
registration takes its title, command and Typer app from here.
"""

TITLE = "Oversight of North Korea's programmes and of the sanctions"
"""The mechanism's title: its command's help line."""
COMMAND = "oversight"
"""Its command: ``cosec oversight``."""
CLI = "cosec.mechanisms.oversight.cli:app"
"""Its Typer app, imported when the command runs."""
