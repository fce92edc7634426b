"""Teams' own thumbs up / down on a review card: which guidelines the card was about, by the id of
the message Teams gave it (no text, no person). Rows older than 30 days are removed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback_targets",
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(128), nullable=False),
        sa.Column("guidelines", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "message_id", name="pk_feedback_targets"),
    )
    op.create_index("ix_feedback_targets_created_at", "feedback_targets", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_targets_created_at", table_name="feedback_targets")
    op.drop_table("feedback_targets")
