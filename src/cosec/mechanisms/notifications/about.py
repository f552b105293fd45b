"""The mechanism's command as ``cosec --help`` lists it, read without importing its records.

Named by an entry point of the ``cosec.mechanisms.about`` group (``pyproject.toml``); the
registration takes its title, command and Typer app from here.
"""

TITLE = "Prior notification of major military activities"
"""The mechanism's title: its command's help line."""
COMMAND = "notifications"
"""Its command: ``cosec notifications``."""
CLI = "cosec.mechanisms.notifications.cli:app"
"""Its Typer app, imported when the command runs."""
