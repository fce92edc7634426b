"""The coaching service: tip commands carried out against the store, answered with typed outcomes.

Every store call runs in the store's own threads, bounded in time (:func:`bot.store.access.run_in_store`):
a database that is away or hangs never blocks a review, and the caller gets :class:`StoreError`
within seconds. Who is a team lead is the surface's to say (:class:`LeadDirectory`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from bot.coaching import commands as c
from bot.review.model import GUIDELINE_IDS
from bot.store.access import run_in_store
from bot.store.repository import (
    MAX_TIP_CHARS,
    Counts,
    Erasure,
    LazyStore,
    MyData,
    Schedule,
    Store,
    TeamWeek,
    TipRecord,
    has_control_characters,
)
from bot.store.tip_of_week import done_through_week

T = TypeVar("T")


class LeadDirectory(Protocol):
    """Who may change tips, and what the store keeps of them; one per surface (and per request in Slack)."""

    async def is_lead(self, user_id: str) -> bool: ...

    async def display_name(self, user_id: str, fallback: str) -> str: ...

    async def timezone(self, user_id: str) -> str: ...


@dataclass(frozen=True)
class Caller:
    """Who typed the command, and where: ``workspace`` (a Slack team, a Microsoft 365 tenant) scopes
    every tip; ``channel`` is where ``here`` points."""

    workspace: str
    user_id: str
    user_name: str
    lang: str
    channel: str | None = None
    surface: str = "slack"
    address: str | None = None
    """Teams: the conversation reference (JSON) that a tip of the week for ``channel`` posts with."""


# ---- outcomes: what a surface shows


@dataclass(frozen=True)
class Shown:
    tip: TipRecord


@dataclass(frozen=True)
class Listed:
    tips: list[TipRecord]
    guideline: str | None


@dataclass(frozen=True)
class Saved:
    tip: TipRecord
    edited: bool = False


@dataclass(frozen=True)
class Removed:
    tip_id: int


@dataclass(frozen=True)
class Schedules:
    schedules: list[Schedule]


@dataclass(frozen=True)
class Scheduled:
    schedule: Schedule


@dataclass(frozen=True)
class Stopped:
    count: int


@dataclass(frozen=True)
class DataShown:
    data: MyData


@dataclass(frozen=True)
class Erased:
    erasure: Erasure


@dataclass(frozen=True)
class HelpShown:
    unknown_word: str | None = None


@dataclass(frozen=True)
class Refused:
    """A sentence of ``tips.*`` in the catalogue says why: ``leads_only``, ``too_long``, ``not_found``, ..."""

    key: str
    values: Mapping[str, object] | None = None


Outcome = (Shown | Listed | Saved | Removed | Schedules | Scheduled | Stopped | DataShown | Erased | HelpShown
           | Refused)


def tip_problem(text: str) -> Refused | None:
    """Why a tip text cannot be saved, or None."""
    if not text.strip():
        return Refused("add_usage")
    if len(text) > MAX_TIP_CHARS:
        return Refused("too_long", {"limit": MAX_TIP_CHARS})
    if has_control_characters(text):
        return Refused("control_characters")
    return None


class Coaching:
    """The store behind tips, schedules, feedback and counts; also the review card's tip source and
    feedback counter, and the event claims that de-duplicate retried events across processes."""

    def __init__(self, handle: LazyStore, *, retention_months: int = 12) -> None:
        self.handle = handle
        self.retention_months = retention_months

    async def _run(self, work: Callable[[Store], T]) -> T:
        return await run_in_store(lambda: work(self.handle.get()))

    # ---- reads and writes, typed

    async def pick_tip(self, workspace: str, guideline: str | None = None) -> TipRecord | None:
        return await self._run(lambda store: store.pick_tip(workspace, guideline))

    async def list_tips(self, workspace: str, guideline: str | None = None) -> list[TipRecord]:
        return await self._run(lambda store: store.list_tips(workspace, guideline))

    async def add_tip(self, caller: Caller, text: str, guideline: str | None, author_name: str) -> TipRecord:
        return await self._run(lambda store: store.add_tip(
            caller.workspace, text, author_id=caller.user_id, author_name=author_name, guideline=guideline))

    async def edit_tip(self, workspace: str, tip_id: int, text: str, guideline: str | None) -> TipRecord | None:
        return await self._run(lambda store: store.edit_tip(workspace, tip_id, text, guideline=guideline))

    async def remove_tip(self, workspace: str, tip_id: int) -> bool:
        return await self._run(lambda store: store.remove_tip(workspace, tip_id))

    async def schedules(self, workspace: str) -> list[Schedule]:
        return await self._run(lambda store: store.list_schedules(workspace))

    async def set_schedule(self, caller: Caller, channel: str, weekday: int, hour: int, timezone: str) -> Schedule:
        done = done_through_week(weekday, hour, timezone, datetime.now(UTC))
        return await self._run(lambda store: store.set_schedule(
            caller.workspace, channel, weekday=weekday, hour=hour, timezone=timezone, created_by=caller.user_id,
            language=caller.lang, done_through_week=done, surface=caller.surface, address=caller.address))

    async def remove_schedule(self, workspace: str, channel: str | None) -> int:
        return await self._run(lambda store: store.remove_schedule(workspace, channel))

    async def my_data(self, workspace: str, user_id: str) -> MyData:
        return await self._run(lambda store: store.my_data(workspace, user_id))

    async def erase(self, workspace: str, user_id: str) -> Erasure:
        return await self._run(lambda store: store.erase_my_data(workspace, user_id))

    async def record_review(self, workspace: str, user_id: str, verdicts: Mapping[str, str]) -> None:
        await self._run(lambda store: store.record_review(workspace, user_id, dict(verdicts)))

    async def user_trend(self, workspace: str, user_id: str, weeks: int) -> dict[int, dict[str, Counts]]:
        return await self._run(lambda store: store.user_trend(workspace, user_id, weeks=weeks))

    async def team_insights(self, workspace: str, weeks: int) -> list[TeamWeek]:
        return await self._run(lambda store: store.team_insights(workspace, weeks=weeks))

    # ---- the review card's tip source and feedback counter; event claims

    async def tips_for(self, workspace: str, guideline_ids: Sequence[str], lang: str) -> Mapping[str, tuple[str, str]]:
        from bot.coaching.texts import author_of

        wanted = [g for g in guideline_ids if g in GUIDELINE_IDS]
        picked = await self._run(lambda store: store.pick_tips(workspace, wanted))
        return {gid: (tip.text, author_of(tip, lang)) for gid, tip in picked.items()}

    async def record(self, workspace: str, guideline_ids: Sequence[str], useful: bool) -> None:
        names = [g for g in guideline_ids if g in GUIDELINE_IDS]
        if workspace and names:
            await self._run(lambda store: store.record_feedback(workspace, names, useful))

    async def counts(self, workspace: str) -> Mapping[str, tuple[int, int]]:
        tallies = await self._run(lambda store: store.feedback(workspace))
        return {gid: (tally.helpful, tally.not_helpful) for gid, tally in tallies.items()}

    async def remember_card(self, workspace: str, message_id: str, guidelines: Sequence[str]) -> None:
        await self._run(lambda store: store.remember_card(workspace, message_id, list(guidelines)))

    async def card_guidelines(self, workspace: str, message_id: str) -> list[str]:
        return await self._run(lambda store: store.card_guidelines(workspace, message_id))

    async def claim_event(self, workspace: str, event_id: str) -> bool:
        return await self._run(lambda store: store.claim_event(workspace, event_id))

    # ---- a command, carried out

    async def answer(self, command: c.Command, caller: Caller, leads: LeadDirectory) -> Outcome:
        """What ``command`` gives ``caller``; raises StoreError when the database is away."""
        if isinstance(command, c.LEADS_ONLY) and not await leads.is_lead(caller.user_id):
            return Refused("leads_only")
        match command:
            case c.Help(unknown_word=word):
                return HelpShown(word)
            case c.NeedNumber():
                return Refused("id_usage")
            case c.PickTip(guideline=gid):
                tip = await self.pick_tip(caller.workspace, gid)
                if tip:
                    return Shown(tip)
                return Refused("no_tips_for", {"guideline": gid}) if gid else Refused("no_tips")
            case c.ListTips(guideline=gid):
                return Listed(await self.list_tips(caller.workspace, gid), gid)
            case c.MyData():
                return DataShown(await self.my_data(caller.workspace, caller.user_id))
            case c.Erase():
                return Erased(await self.erase(caller.workspace, caller.user_id))
            case c.ShowWeek():
                return Schedules(await self.schedules(caller.workspace))
            case c.AddTip(guideline=gid, text=text):
                problem = tip_problem(text)
                if problem:
                    return problem
                name = await leads.display_name(caller.user_id, caller.user_name)
                return Saved(await self.add_tip(caller, text, gid, name))
            case c.EditTip(tip_id=tip_id, guideline=gid, text=text):
                problem = tip_problem(text)
                if problem:
                    return problem
                tip = await self.edit_tip(caller.workspace, tip_id, text, gid)
                return Saved(tip, edited=True) if tip else Refused("not_found", {"id": tip_id})
            case c.RemoveTip(tip_id=tip_id):
                removed = await self.remove_tip(caller.workspace, tip_id)
                return Removed(tip_id) if removed else Refused("not_found", {"id": tip_id})
            case c.StopWeek(channel=channel):
                return Stopped(await self.remove_schedule(caller.workspace, channel))
            case c.SetWeek(channel=None, channel_name=name) if name:
                return Refused("week_by_name", {"name": name})
            case c.SetWeek(channel=channel, weekday=weekday, hour=hour) if channel and weekday is not None:
                timezone = await leads.timezone(caller.user_id)
                return Scheduled(await self.set_schedule(caller, channel, weekday, hour, timezone))
            case c.SetWeek():
                return Refused("week_usage")
        raise TypeError(f"not a tip command: {command!r}")
