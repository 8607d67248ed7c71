"""The session database's tables, as SQLAlchemy Core objects shared by the store's queries.

The migrations under `interviewer/migrations/versions` create exactly these tables; a change here
needs a new migration there (and a test that upgrades a database from the previous one).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

metadata = MetaData()

sessions = Table(
    "sessions", metadata,
    Column("id", Text, primary_key=True),
    Column("owner", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("created", Float, nullable=False),
    Column("updated", Float, nullable=False),
    Column("backend", Text, nullable=False),
    Column("model", Text, nullable=False),
    Column("state", Text, nullable=False),
    Index("sessions_owner", "owner", "updated"),
)

turns = Table(
    "turns", metadata,
    Column("session_id", Text, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("role", Text, nullable=False),
    Column("persona", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("question_id", Text),
    Column("question", Text),
    Column("text", Text, nullable=False),
    Column("critique", Text),
    Column("trace", Text),
    Column("created", Float, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("audio", Text),
    PrimaryKeyConstraint("session_id", "seq"),
)

documents = Table(
    "documents", metadata,
    Column("session_id", Text, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("chars", Integer, nullable=False),
    Column("created", Float, nullable=False),
    PrimaryKeyConstraint("session_id", "kind"),
)

story_banks = Table(
    "story_banks", metadata,
    Column("owner", Text, primary_key=True),
    Column("stories", Text, nullable=False),
)

app_secrets = Table(
    "app_secrets", metadata,
    Column("name", Text, primary_key=True),
    Column("value", Text, nullable=False),
    Column("created", Float, nullable=False),
)
