"""Server-rendered web pages (Jinja2). Forms work without JavaScript."""
