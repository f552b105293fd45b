"""`cosec toy ...`."""

import typer

from cosec.plugin.cli import add_assess
from tests.toy.toy.assess import assess_file

app = typer.Typer(help="Toy reports, filed each year.", no_args_is_help=True)
add_assess(app, assess_file, file_help="JSON reports.", summary="Judge a file of toy reports.")
