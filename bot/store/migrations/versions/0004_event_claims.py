"""Event claims: a Slack retry that reaches another server process never makes a second card.

One row per (workspace, event id) with the time it was claimed; no text. Rows older than an hour
are removed by the housekeeping round.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_claims",
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "event_id", name="pk_event_claims"),
    )
    op.create_index("ix_event_claims_created_at", "event_claims", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_event_claims_created_at", table_name="event_claims")
    op.drop_table("event_claims")
