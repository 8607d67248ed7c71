"""Story banks per owner (was user_version 4).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create story_banks."""
    op.create_table(
        "story_banks",
        sa.Column("owner", sa.Text, primary_key=True),
        sa.Column("stories", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop it."""
    op.drop_table("story_banks")
