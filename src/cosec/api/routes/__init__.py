"""API route modules, one per area; each is a thin adapter over a service."""
