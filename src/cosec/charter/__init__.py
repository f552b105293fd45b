"""Charters as data: the mechanism's members, bodies and rules, loaded from TOML.

:mod:`cosec.charter.models` holds the typed models (what mechanisms build on);
:mod:`cosec.charters` loads and validates charter files against the regimes of the
installed mechanisms.
"""
