"""Storage: SQLAlchemy 2 tables, sessions and migrations (SQLite by default, PostgreSQL too)."""
