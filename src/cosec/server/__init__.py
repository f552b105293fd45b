"""The server: the ASGI app assembled from the API, the pages and every mechanism's routes
(:mod:`.app`), and the process that serves it (:mod:`.main`)."""
