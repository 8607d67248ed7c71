"""The audio record of a spoken answer (was user_version 5).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add turns.audio."""
    op.add_column("turns", sa.Column("audio", sa.Text))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("audio")
