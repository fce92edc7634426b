"""Tip of the week speaks the language of the lead who scheduled it: tip_schedules.language.

Existing schedules get Dutch, the language the bot used for them before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tip_schedules") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="nl"))


def downgrade() -> None:
    with op.batch_alter_table("tip_schedules") as batch:
        batch.drop_column("language")
