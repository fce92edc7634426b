"""Slack's side of coaching: who is a team lead, and the one coaching service per Slack app.

Team leads: ``AANDACHT_LEAD_IDS``, members of the ``AANDACHT_LEAD_GROUP`` user group (asked from
Slack, cached five minutes), and workspace admins and owners (``users.info``, cached five minutes).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

from cachetools import TTLCache
from slack_sdk.web.async_client import AsyncWebClient

from bot.locale import say
from bot.store.tip_of_week import DEFAULT_TIMEZONE

log = logging.getLogger("aandacht.tips")

CACHE_SECONDS = 300.0
PROFILES_KEPT = 2_000  # people whose users.info is remembered for CACHE_SECONDS
PROFILE_WAIT_SECONDS = 2.0
COMMAND = "/tip"


def tips_say(key: str, lang: str, /, count: int | None = None, **values: object) -> str:
    """A ``tips.*`` sentence as Slack shows it (``/tip``, ``#kanaal``)."""
    return say(f"tips.{key}", lang, count, cmd=COMMAND, here=say("tips.here_slack", lang), **values)


@dataclass
class Leads:
    """Who may change tips: listed ids, the lead user group, workspace admins and owners."""

    lead_ids: frozenset[str]
    lead_group: str | None
    ttl: float = CACHE_SECONDS
    _group: tuple[frozenset[str], float] | None = field(default=None, init=False)
    _profiles: TTLCache[str, dict] = field(init=False)

    def __post_init__(self) -> None:
        self._profiles = TTLCache(maxsize=PROFILES_KEPT, ttl=self.ttl)

    def asking(self, client: AsyncWebClient) -> SlackLeads:
        """The lead directory for one request (its Web API client)."""
        return SlackLeads(self, client)

    async def profile(self, client: AsyncWebClient, user_id: str) -> dict:
        """``users.info``'s user (cached); empty when Slack does not answer in time."""
        cached = self._profiles.get(user_id)
        if cached is not None:
            return cached
        try:
            response = await asyncio.wait_for(client.users_info(user=user_id), PROFILE_WAIT_SECONDS)
        except Exception as error:  # noqa: BLE001 - no scope, rate limit, network: not an admin
            log.warning("users.info failed (%s)", type(error).__name__)
            return {}
        user = dict(response.get("user") or {})
        self._profiles[user_id] = user
        return user

    async def group_members(self, client: AsyncWebClient) -> frozenset[str]:
        if not self.lead_group:
            return frozenset()
        if self._group and self._group[1] > time.monotonic():
            return self._group[0]
        try:
            response = await asyncio.wait_for(
                client.usergroups_users_list(usergroup=self.lead_group), PROFILE_WAIT_SECONDS
            )
        except Exception as error:  # noqa: BLE001 - keep the last known members a while longer
            log.warning("usergroups.users.list failed (%s)", type(error).__name__)
            return self._group[0] if self._group else frozenset()
        members = frozenset(response.get("users") or [])
        self._group = (members, time.monotonic() + self.ttl)
        return members

    async def is_lead(self, client: AsyncWebClient, user_id: str) -> bool:
        if not user_id:
            return False
        if user_id in self.lead_ids:
            return True
        if user_id in await self.group_members(client):
            return True
        user = await self.profile(client, user_id)
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


@dataclass(frozen=True)
class SlackLeads:
    """:class:`bot.coaching.service.LeadDirectory` for one Slack request."""

    leads: Leads
    client: AsyncWebClient

    async def is_lead(self, user_id: str) -> bool:
        return await self.leads.is_lead(self.client, user_id)

    async def display_name(self, user_id: str, fallback: str) -> str:
        user = await self.leads.profile(self.client, user_id)
        profile = user.get("profile") or {}
        return (profile.get("display_name") or profile.get("real_name") or user.get("real_name")
                or fallback or user_id)[:255]

    async def timezone(self, user_id: str) -> str:
        return (await self.leads.profile(self.client, user_id)).get("tz") or DEFAULT_TIMEZONE
