"""The core's own record kinds beside the log's: analyses of tracks (``evidence.analysis``)
and the state-unit registry (``fleet.unit``). Pure models and checks, on the kit."""
