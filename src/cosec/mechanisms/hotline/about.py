"""The mechanism's command as ``cosec --help`` lists it, read without importing its records.

Named by an entry point of the ``cosec.mechanisms.about`` group (``pyproject.toml``); the
registration takes its title, command and Typer app from here.
"""

TITLE = "The crisis hotline: messages, acknowledgements, escalations"
"""The mechanism's title: its command's help line."""
COMMAND = "hotline"
"""Its command: ``cosec hotline``."""
CLI = "cosec.mechanisms.hotline.cli:app"
"""Its Typer app, imported when the command runs."""
