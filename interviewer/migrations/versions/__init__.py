"""Schema steps in order: revision N is what `PRAGMA user_version = N` meant before Alembic."""
