"""`cosec tracks ...`: import AIS/ADS-B tracks and detect events in them."""

from __future__ import annotations

import typer

app = typer.Typer(help="Import ship and aircraft tracks and find events in them.", no_args_is_help=True)
