"""First schema: tips, tip-of-the-week schedules, feedback and insight counts.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tips",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("guideline", sa.String(32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.String(64), nullable=False),
        sa.Column("author_name", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tips"),
    )
    op.create_index("ix_tips_workspace_guideline", "tips", ["workspace", "guideline"])
    op.create_table(
        "tip_schedules",
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("last_run_week", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "channel", name="pk_tip_schedules"),
    )
    op.create_table(
        "feedback_counts",
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("guideline", sa.String(32), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("helpful", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("not_helpful", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("workspace", "guideline", "week", name="pk_feedback_counts"),
    )
    op.create_table(
        "insight_counts",
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("guideline", sa.String(32), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("issues", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("workspace", "week", "guideline", name="pk_insight_counts"),
    )


def downgrade() -> None:
    op.drop_table("insight_counts")
    op.drop_table("feedback_counts")
    op.drop_table("tip_schedules")
    op.drop_index("ix_tips_workspace_guideline", table_name="tips")
    op.drop_table("tips")
