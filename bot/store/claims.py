"""Event claims (a Slack retry or a Teams redelivery reaching another process never makes a second
card) and feedback targets (which guidelines a Teams card was about, for Teams' own thumbs)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete

from bot.review.model import GUIDELINE_IDS
from bot.store.models import EVENT_ID_LEN, WORKSPACE_LEN, EventClaim, FeedbackTarget
from bot.store.records import EVENT_CLAIM_HOURS, _now

FEEDBACK_TARGET_DAYS = 30
"""How long a Teams card's thumbs still count."""


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

    def remember_card(self, workspace: str, message_id: str, guidelines: list[str], *, now: datetime | None = None) -> None:
        """Which guidelines the card with this message id had an issue with (Teams' thumbs name only the message)."""
        known = [g for g in guidelines if g in GUIDELINE_IDS]
        if not known or not message_id:
            return
        statement = (
            self._insert(FeedbackTarget)
            .values(workspace=workspace[:WORKSPACE_LEN], message_id=message_id[:128], guidelines=",".join(known),
                    created_at=now or _now())
            .on_conflict_do_nothing(index_elements=["workspace", "message_id"])
        )
        with self._session() as session:
            session.execute(statement)

    def card_guidelines(self, workspace: str, message_id: str) -> list[str]:
        """The guidelines remembered for a card, or an empty list (unknown, or older than 30 days)."""
        with self._session(read_only=True) as session:
            row = session.get(FeedbackTarget, (workspace[:WORKSPACE_LEN], message_id[:128]))
        return [g for g in row.guidelines.split(",") if g in GUIDELINE_IDS] if row else []

    def purge_feedback_targets(self, *, days: float = FEEDBACK_TARGET_DAYS, now: datetime | None = None) -> int:
        cutoff = (now or _now()) - timedelta(days=days)
        with self._session() as session:
            return session.execute(delete(FeedbackTarget).where(FeedbackTarget.created_at < cutoff)).rowcount
