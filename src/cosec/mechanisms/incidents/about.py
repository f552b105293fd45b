"""The mechanism's command as ``cosec --help`` lists it, read without importing its records.

Named by an entry point of the ``cosec.mechanisms.about`` group (``pyproject.toml``); the
registration takes its title, command and Typer app from here.
"""

TITLE = "Code of safe conduct at sea and in the air"
"""The mechanism's title: its command's help line."""
COMMAND = "incidents"
"""Its command: ``cosec incidents``."""
CLI = "cosec.mechanisms.incidents.cli:app"
"""Its Typer app, imported when the command runs."""
