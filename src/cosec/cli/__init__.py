"""Command-line interface (Typer): parse, call a service, render. No rule lives here."""
