"""Evidence from tracks: analyses run on imported datasets, stored as observations that
mechanisms cite. An analysis is a signed, logged record; its events are kept beside it."""
