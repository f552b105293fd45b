"""Publication: what the secretariat makes public (findings, statistics, annual reports),
each release a signed record in the log (``publication.release``); and the public's
feeds of what is public (the calendar of notified activities)."""
