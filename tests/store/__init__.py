"""The database: engine, migrations and the confirmed category choices, on SQLite and PostgreSQL."""
