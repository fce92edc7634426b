"""Event claims: a Slack retry or a Teams redelivery reaching another process never makes a second card."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete

from bot.store.models import (
    EVENT_ID_LEN,
    WORKSPACE_LEN,
    EventClaim,
)
from bot.store.records import EVENT_CLAIM_HOURS, _now


class ClaimsPart:
    """Claimed event ids, one row per (workspace, event), removed after an hour."""

    def claim_event(self, workspace: str, event_id: str, *, now: datetime | None = None) -> bool:
        """Claim one Slack event for this process: True for the first caller, False for every other.

        An ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` on the (workspace, event id) key, so exactly one
        caller wins whichever process or thread it runs in, without a read first.
        """
        statement = (
            self._insert(EventClaim)
            .values(workspace=workspace[:WORKSPACE_LEN], event_id=event_id[:EVENT_ID_LEN], created_at=now or _now())
            .on_conflict_do_nothing(index_elements=["workspace", "event_id"])
            .returning(EventClaim.event_id)  # a row back only when inserted (rowcount is not portable here)
        )
        with self._session() as session:
            return session.execute(statement).first() is not None

    def purge_event_claims(self, *, hours: float = EVENT_CLAIM_HOURS, now: datetime | None = None) -> int:
        """Delete event claims older than ``hours`` (Slack stops retrying after minutes)."""
        cutoff = (now or _now()) - timedelta(hours=hours)
        with self._session() as session:
            return session.execute(delete(EventClaim).where(EventClaim.created_at < cutoff)).rowcount
