"""Alembic's entry point: migrate over the connection `Store.migrate` opened (and locked)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None,
                  # SQLite cannot alter most of a table in place; batch mode copies it instead.
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
