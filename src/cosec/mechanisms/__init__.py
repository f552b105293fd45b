"""One package per system of the mechanism; each registers itself through an entry point."""
