"""HTTP interface: the JSON API under /v1 (FastAPI) and the server that runs it with the web app."""
