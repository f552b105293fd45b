"""Drafts: records prepared by one person and signed by another (never in the log until signed)."""
