"""Tip of the week in Teams too: a schedule says which chat surface it posts to, and for Teams the
conversation reference to post with (service URL, conversation, tenant and bot ids; no person).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tip_schedules") as batch:
        batch.add_column(sa.Column("surface", sa.String(8), nullable=False, server_default="slack"))
        batch.add_column(sa.Column("address", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tip_schedules") as batch:
        batch.drop_column("address")
        batch.drop_column("surface")
