"""Own trends and tip edits: user_trends, workspace_salts, and tips.updated_at.

Existing tips get ``updated_at = created_at``, so nothing a lead shared before the upgrade is lost
or looks edited.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tips") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE tips SET updated_at = created_at WHERE updated_at IS NULL")
    with op.batch_alter_table("tips") as batch:
        batch.alter_column("updated_at", existing_type=sa.DateTime(timezone=True), nullable=False)

    op.create_table(
        "user_trends",
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("guideline", sa.String(32), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("issues", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("workspace", "user_hash", "week", "guideline", name="pk_user_trends"),
    )
    op.create_table(
        "workspace_salts",
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("workspace", name="pk_workspace_salts"),
    )


def downgrade() -> None:
    op.drop_table("workspace_salts")
    op.drop_table("user_trends")
    with op.batch_alter_table("tips") as batch:
        batch.drop_column("updated_at")
