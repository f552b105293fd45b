"""``/docs``: Swagger UI from assets this server ships (the ``fastapi-offline`` package), so
the API's documentation works offline and within the pages' Content-Security-Policy (no
CDN, no inline script: the page starts Swagger UI from ``/static/swagger-init.js``)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
"""Where Swagger UI's own files are served."""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} API</title>
<link rel="icon" href="{assets}/favicon.png">
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body>
</html>
"""


def swagger_assets() -> Path:
    """The folder of Swagger UI's files in the installed ``fastapi-offline`` package."""
    return Path(str(files("fastapi_offline") / "static"))


def mount(app: FastAPI) -> None:
    """Serve ``/docs`` and its assets from this server."""
    app.mount(ASSETS, StaticFiles(directory=swagger_assets()), name="docs-assets")
    page = PAGE.format(title=app.title, assets=ASSETS, openapi=app.openapi_url or "")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page)
