"""A toy mechanism, installed only in its own test, that proves the plug-in contract."""
