"""The annual implementation report: figures computed from findings and records by pure
functions (:mod:`.figures`), drawn as inline SVG (:mod:`.charts`), read from the store as
a reader may see it (:mod:`.gather`), and written as HTML or PDF (:mod:`.render`)."""
