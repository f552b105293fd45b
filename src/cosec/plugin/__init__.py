"""What a mechanism's service and interface modules use of the core, in four facades.

A mechanism's pure modules (records, obligations, checks, projection, assess) import only
:mod:`cosec.kit`. Its other modules import only these: :mod:`cosec.plugin.store` (reads
and submissions, for ``service.py``), :mod:`cosec.plugin.api` (``api.py``),
:mod:`cosec.plugin.web` (``web.py``) and :mod:`cosec.plugin.cli` (``cli.py``). The core
behind them can change shape without a mechanism noticing; an import contract
(``pyproject.toml``) keeps mechanisms to the kit and these facades.
"""
