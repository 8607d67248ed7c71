"""Alembic migrations of the session database, run by `Store.migrate` at start-up (no alembic.ini).

Revision N (`versions/000N_*.py`) is what `PRAGMA user_version = N` meant before Alembic, so a
SQLite file from an older version of the app is stamped at its revision and upgraded from there.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection

SCHEMA_VERSION = 6
"""The newest revision this app ships (`versions/0006_*`)."""
LEGACY_VERSION = 5
"""The last `PRAGMA user_version` the hand-written SQLite steps reached."""

log = logging.getLogger("interviewer.store")


def upgrade(connection: Connection) -> None:
    """Bring the database on `connection` (in a transaction the caller holds) to the newest
    revision; a database from a newer app is refused, saying what to do."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    from interviewer.store import StoreError  # here: store imports this module

    config = Config()
    config.set_main_option("script_location", "interviewer:migrations")
    config.attributes["connection"] = connection
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    sqlite = connection.dialect.name == "sqlite"

    def newer(found: object) -> StoreError:
        return StoreError(f"The session database was written by a newer version of this app"
                          f" (schema {found}, this app knows up to {head}). Upgrade the app, or"
                          " point INTERVIEWER_DATABASE_URL at another database.")

    current = MigrationContext.configure(connection).get_current_revision()
    if current is None and sqlite:
        legacy = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
        if legacy > LEGACY_VERSION:
            raise newer(legacy)
        if legacy:
            command.stamp(config, f"{legacy:04d}")
            current = f"{legacy:04d}"
    elif current is not None:
        try:
            script.get_revision(current)
        except CommandError as exc:
            raise newer(current) from exc
    if current != head:
        log.info("upgrading the session database from schema %s to %s", current, head)
        command.upgrade(config, "head")
    if sqlite:  # an app from before Alembic refuses this file instead of misreading it
        connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
