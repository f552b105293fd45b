"""Headers of a paged list: how many there are in all (``X-Total-Count``) and where the
next and previous pages are (``Link``, RFC 8288, as GitHub's and many APIs' lists say it),
so that a client reads a long list a page at a time by following ``rel="next"``."""

from __future__ import annotations

from fastapi import Request, Response


def page_headers(
    request: Request, response: Response, *, total: int, offset: int, limit: int | None
) -> None:
    """Set ``X-Total-Count`` and, when the list was asked for a page (``limit``), the
    ``Link`` to the pages beside it (the request's own URL, its other parameters kept)."""
    response.headers["X-Total-Count"] = str(total)
    if limit is None:
        return
    links = []
    if offset + limit < total:
        url = request.url.include_query_params(offset=offset + limit, limit=limit)
        links.append(f'<{url}>; rel="next"')
    if offset > 0:
        url = request.url.include_query_params(offset=max(0, offset - limit), limit=limit)
        links.append(f'<{url}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
