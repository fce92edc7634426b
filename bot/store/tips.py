"""Tips: a team lead's coaching tips, shown on cards and picked in turn."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.store.models import Tip
from bot.store.records import (
    MAX_TIP_CHARS,
    TipRecord,
    _check_guideline,
    _now,
    _record,
    has_control_characters,
    names_a_tip,
)


class TipsPart:
    """The tips of a workspace."""

    def add_tip(
        self,
        workspace: str,
        text: str,
        *,
        author_id: str,
        author_name: str,
        guideline: str | None = None,
        now: datetime | None = None,
    ) -> TipRecord:
        text = text.strip()
        if not text:
            raise ValueError("a tip needs text")
        if len(text) > MAX_TIP_CHARS:
            raise ValueError(f"a tip has at most {MAX_TIP_CHARS} characters")
        if has_control_characters(text):
            raise ValueError("a tip has no control characters")
        _check_guideline(guideline)
        moment = now or _now()
        with self._session() as session:
            tip = Tip(
                workspace=workspace,
                guideline=guideline,
                text=text,
                author_id=author_id,
                author_name=author_name,
                created_at=moment,
                updated_at=moment,
            )
            session.add(tip)
            session.flush()
            return _record(tip)

    def edit_tip(
        self,
        workspace: str,
        tip_id: int,
        text: str,
        *,
        guideline: str | None = None,
        now: datetime | None = None,
    ) -> TipRecord | None:
        text = text.strip()
        if not text or len(text) > MAX_TIP_CHARS or has_control_characters(text):
            raise ValueError(f"a tip needs text of at most {MAX_TIP_CHARS} characters, without control characters")
        _check_guideline(guideline)
        if not names_a_tip(tip_id):
            return None
        with self._session() as session:
            tip = session.scalar(select(Tip).where(Tip.workspace == workspace, Tip.id == tip_id))
            if tip is None:
                return None
            tip.text = text
            tip.guideline = guideline
            tip.updated_at = now or _now()
            session.flush()
            return _record(tip)

    def remove_tip(self, workspace: str, tip_id: int) -> bool:
        if not names_a_tip(tip_id):
            return False
        with self._session() as session:
            result = session.execute(delete(Tip).where(Tip.workspace == workspace, Tip.id == tip_id))
            return result.rowcount == 1

    def get_tip(self, workspace: str, tip_id: int) -> TipRecord | None:
        if not names_a_tip(tip_id):
            return None
        with self._session(read_only=True) as session:
            tip = session.scalar(select(Tip).where(Tip.workspace == workspace, Tip.id == tip_id))
            return _record(tip) if tip else None

    def list_tips(self, workspace: str, guideline: str | None = None) -> list[TipRecord]:
        """The workspace's tips, oldest first; with a guideline, only that guideline's."""
        _check_guideline(guideline)
        query = select(Tip).where(Tip.workspace == workspace)
        if guideline is not None:
            query = query.where(Tip.guideline == guideline)
        with self._session(read_only=True) as session:
            return [_record(tip) for tip in session.scalars(query.order_by(Tip.id))]

    def pick_tip(
        self, workspace: str, guideline: str | None = None, *, rotation: int | None = None
    ) -> TipRecord | None:
        """One tip, taking turns: each call (per workspace and guideline) moves to the next one.

        ``rotation`` fixes the turn (the weekly post uses the week number); without it an
        in-process counter rotates.
        """
        _check_guideline(guideline)
        with self._session(read_only=True) as session:
            return self._pick(session, workspace, guideline, rotation)

    def pick_tips(self, workspace: str, guidelines: list[str]) -> dict[str, TipRecord]:
        """One rotating tip for each of ``guidelines`` that has one (for a review card)."""
        for guideline in guidelines:
            _check_guideline(guideline)
        if not guidelines:
            return {}
        with self._session(read_only=True) as session:  # one query for all of them, on every card
            rows = session.scalars(select(Tip).where(Tip.workspace == workspace, Tip.guideline.in_(guidelines))
                                   .order_by(Tip.id)).all()
            by_guideline: dict[str, list[Tip]] = {}
            for row in rows:
                by_guideline.setdefault(row.guideline, []).append(row)
            picked = {}
            for guideline in guidelines:
                tips = by_guideline.get(guideline)
                if tips:
                    with self._lock:
                        turn = next(self._rotation[(workspace, guideline)])
                    picked[guideline] = _record(tips[turn % len(tips)])
        return picked

    def _pick(self, session: Session, workspace: str, guideline: str | None, rotation: int | None) -> TipRecord | None:
        if rotation is None:
            with self._lock:
                rotation = next(self._rotation[(workspace, guideline)])
        query = select(Tip).where(Tip.workspace == workspace)
        if guideline is not None:
            query = query.where(Tip.guideline == guideline)
        total = session.scalar(select(func.count()).select_from(query.subquery()))
        if not total:
            return None
        tip = session.scalar(query.order_by(Tip.id).offset(rotation % total).limit(1))
        return _record(tip) if tip else None
