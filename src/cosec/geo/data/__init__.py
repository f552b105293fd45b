"""Data files shipped with cosec.geo (the versioned feature lists)."""
