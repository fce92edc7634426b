"""What the bot does with each Teams activity: a thin adapter from activities to the review engine.

- a message with a draft (personal chat, or after an @mention in a group chat or channel): the
  review card as a reply to that message. The request is answered at once and the review is sent
  afterwards, because a language-model review can take longer than Teams waits for an answer.
- a greeting, a question for help or an empty message: the help card.
- a new member (or the bot being added): the welcome card.
- the message-extension action ``checkTone`` on a message (``composeExtension/fetchTask`` or
  ``submitAction``): the review in a task module, answered within Teams' five seconds.
- the card buttons "Waarom?" and "Nuttig"/"Niet nuttig" (``Action.Submit``), in a chat or a task module.

No draft text is logged or stored: logs carry activity types and ids only.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from bot.coaching.commands import after_tip_word
from bot.coaching.service import Caller, Coaching
from bot.dedup import RecentIds
from bot.present.packing import decode_draft, encode_draft
from bot.review.model import GUIDELINE_IDS, ReviewInputError
from bot.review.quoting import split_tenant_quote
from bot.store.repository import StoreError
from bot.teams import cards, tips
from bot.teams.text import (
    greeting_language,
    has_words,
    html_to_text,
    locale_language,
    message_text,
    tidy,
)

if TYPE_CHECKING:
    from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState
    from microsoft_agents.hosting.core.authorization import ClaimsIdentity

    from bot.review.engines import Reviewer
    from bot.review.model import Review
    from bot.settings import Settings
    from bot.store.repository import Schedule, TipRecord

log = logging.getLogger("aandacht.teams")
T = TypeVar("T")

COMMAND_ID = "checkTone"
# Teams retries an invoke that takes longer than five seconds; the task module must answer sooner.
INVOKE_BUDGET_SECONDS = 4.0
CLAIM_WAIT_SECONDS = 2.0
"""Longest wait for the database's claim on an activity before answering it anyway."""

def tenant_of(activity: Any) -> str:
    """The Microsoft 365 tenant of an activity: the scope for tips and counts (one organisation each)."""
    conversation = activity.conversation
    tenant = getattr(conversation, "tenant_id", None) if conversation else None
    if not tenant:
        channel_data = activity.channel_data
        data = channel_data if isinstance(channel_data, dict) else getattr(channel_data, "__dict__", {}) or {}
        tenant_data = data.get("tenant") or {}
        tenant = tenant_data.get("id") if isinstance(tenant_data, dict) else getattr(tenant_data, "id", None)
    return tenant or "unknown-tenant"


def channel_of(activity: Any) -> str | None:
    """The conversation a ``tip week`` schedule posts to: a channel itself, not the reply thread in it."""
    conversation = activity.conversation.id if activity.conversation else None
    return conversation.split(";messageid=")[0] if conversation else None


def conversation_address(activity: Any) -> str:
    """The conversation reference a later proactive post needs (service URL, conversation, tenant,
    bot); without the person who typed the command or their message."""
    reference = activity.get_conversation_reference()
    reference.conversation.id = channel_of(activity)
    return reference.model_dump_json(by_alias=True, exclude_none=True, exclude={"user", "activity_id"})


def bot_names(activity: Any) -> set[str]:
    """Names under which the bot is mentioned in this activity (from the recipient and mention entities)."""
    names: set[str] = set()
    recipient = activity.recipient
    if recipient is not None and recipient.name:
        names.add(recipient.name)
    for entity in activity.entities or []:
        if getattr(entity, "type", None) != "mention":
            continue
        mentioned = getattr(entity, "mentioned", None)
        if isinstance(mentioned, dict):
            mentioned_id, text = mentioned.get("id"), getattr(entity, "text", None)
        else:
            mentioned_id, text = getattr(mentioned, "id", None), getattr(entity, "text", None)
        if recipient is not None and mentioned_id == recipient.id and text:
            names.add(text.replace("<at>", "").replace("</at>", ""))
    return names


class TeamsHandlers:
    """The bot's behaviour in Teams; one instance per server, holding the reviewers and pending replies."""

    def __init__(self, settings: Settings, reviewer: Reviewer, offline: Reviewer, adapter: Any, *,
                 store: Any = None) -> None:
        self.settings = settings
        self.reviewer = reviewer
        self.offline = offline
        self.adapter = adapter
        self.store = store
        self.coaching = Coaching(store, retention_months=settings.insight_retention_months) if store else None
        self._pending: set[asyncio.Task] = set()
        self._week_loop: asyncio.Task | None = None
        self._recent = RecentIds()

    # --- wiring

    def register(self, agent: AgentApplication) -> None:
        agent.conversation_update("membersAdded")(self.on_members_added)
        agent.invoke("composeExtension/fetchTask")(self.on_extension_fetch)
        agent.invoke("composeExtension/submitAction")(self.on_extension_submit)
        agent.invoke("message/submitAction")(self.on_feedback_loop)
        agent.activity("message")(self.on_message)
        agent.error(self.on_app_error)

    async def drain(self, _app: Any = None, timeout: float = 25.0) -> None:
        """On shutdown, let reviews that are under way still reach the person (bounded wait)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._pending:  # a finished review may start one more task (its counts)
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                log.warning("Teams: %d replies still under way at shutdown", len(self._pending))
                return
            await asyncio.wait(set(self._pending), timeout=left)

    async def warm_up_store(self, _app: Any = None) -> None:
        """Open (and migrate) the database in the background at start-up, not in someone's first review;
        then run the tip of the week for Teams channels (its claim in the database makes several
        processes post once)."""
        self._spawn(self._with_store(lambda store: None))
        if self.store is not None:
            from bot.store.tip_of_week import TipOfTheWeek

            weekly = TipOfTheWeek(self.store, self.post_tip_of_the_week, surface="teams",
                                  retention_months=self.settings.insight_retention_months)
            self._week_loop = asyncio.get_running_loop().create_task(weekly.run())

    async def post_tip_of_the_week(self, schedule: Schedule, tip: TipRecord) -> None:
        """A proactive message in the channel or chat where a lead typed ``tip week``."""
        from microsoft_agents.activity import Activity, ConversationReference

        reference = ConversationReference.model_validate_json(schedule.address or "{}")

        async def send(turn: TurnContext) -> None:
            await turn.send_activity(Activity(type="message", text_format="markdown", text=tips.week_text(schedule, tip)))

        continuation = reference.get_continuation_activity()
        if self.settings.teams_client_id:
            await self.adapter.continue_conversation(self.settings.teams_client_id, continuation, send)
        else:  # local development without an app registration: the same anonymous identity as requests
            from microsoft_agents.hosting.core.authorization import ClaimsIdentity

            await self.adapter.continue_conversation_with_claims(ClaimsIdentity(), continuation, send,
                                                                 audience="")

    async def close_store(self, _app: Any = None) -> None:
        if self._week_loop is not None:
            self._week_loop.cancel()
            await asyncio.wait({self._week_loop}, timeout=5)
        if self.store is not None:
            await asyncio.to_thread(self.store.close)

    # --- messages

    async def on_message(self, context: TurnContext, _state: TurnState) -> None:
        activity = context.activity
        user_lang = locale_language(activity.locale)
        if isinstance(activity.value, dict) and cards.ACTION_KEY in activity.value and not (activity.text or "").strip():
            await self.on_card_action(context, activity.value)
            return
        text = message_text(activity.text, bot_names(activity))
        tip_words = after_tip_word(text)
        if tip_words is not None and self.coaching is not None:
            caller, leads = self._caller(activity, user_lang)
            await context.send_activity(await tips.answer(self.coaching, caller, leads, tip_words))
            return
        help_lang = greeting_language(text, user_lang)
        if not has_words(text) or help_lang:
            await context.send_activity(self._card_activity(cards.help_card(help_lang or user_lang)))
            return
        if not await self._first_delivery(activity):
            log.info("Teams: activity %s delivered again; already answered", activity.id)
            return
        draft, tenant_message = split_tenant_quote(text)
        self._spawn(self._review_and_reply(context.identity, activity, draft, tenant_message, user_lang))

    async def _first_delivery(self, activity: Any) -> bool:
        """False for an activity this process, or another one (the database's claim), already took."""
        if not activity.id:
            return True
        tenant = tenant_of(activity)
        if self._recent.seen_before(f"{tenant}:{activity.id}"):
            return False
        if self.coaching is None:
            return True
        try:
            return await asyncio.wait_for(self.coaching.claim_event(tenant, f"teams:{activity.id}"[:64]),
                                          CLAIM_WAIT_SECONDS)
        except (TimeoutError, StoreError) as error:  # a database that is away never costs anyone their review
            log.warning("Teams: event claim unavailable (%s); answering anyway", type(error).__name__)
            return True

    def _caller(self, activity: Any, lang: str) -> tuple[Caller, tips.TeamsLeads]:
        user = activity.from_property
        ids = frozenset({getattr(user, "aad_object_id", None), getattr(user, "id", None)} - {None, ""})
        user_id = getattr(user, "aad_object_id", None) or getattr(user, "id", None) or "unknown"
        name = getattr(user, "name", None) or ""
        conversation = channel_of(activity)
        caller = Caller(tenant_of(activity), user_id, name, lang, conversation, surface="teams",
                        address=conversation_address(activity) if conversation else None)
        return caller, tips.TeamsLeads(ids, self.settings.lead_id_set, name, getattr(activity, "local_timezone", None))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _review_and_reply(self, identity: ClaimsIdentity, activity: Any, draft: str,
                                tenant_message: str | None, user_lang: str) -> None:
        """After the request was answered: typing, the review, and the card as a reply to the draft's message."""

        async def in_conversation(turn: TurnContext) -> None:
            try:
                await turn.send_activity(_typing())
            except Exception as error:  # only a courtesy; the review still follows
                log.warning("Teams: typing indicator not delivered (%s)", type(error).__name__, exc_info=True)
            reply, issues = await self._reply_to_draft(activity, draft, tenant_message, user_lang)
            sent = await turn.send_activity(reply)
            if issues and sent is not None and getattr(sent, "id", None) and self.coaching is not None:
                # for Teams' own thumbs up / down, which name only the message: its guidelines, no text
                self._spawn(self._quietly(self.coaching.remember_card(tenant_of(activity), sent.id, issues)))

        try:
            await self.adapter.continue_conversation_with_claims(identity, activity, in_conversation)
        except Exception:
            log.exception("Teams: could not deliver the review for activity %s", activity.id)

    async def _reply_to_draft(self, activity: Any, draft: str, tenant_message: str | None,
                              user_lang: str) -> tuple[Any, list[str]]:
        """The reply, and the guidelines with an issue (for the feedback on it)."""
        try:
            review = await self.reviewer.areview(draft, tenant_message, language=user_lang)
        except ReviewInputError as problem:
            return self._card_activity(cards.notice_card(problem.message(user_lang))), []
        except Exception:  # never the draft in the log: only what failed
            log.exception("Teams: review failed for activity %s", activity.id)
            return self._card_activity(cards.notice_card(cards.t(user_lang, "failed"))), []
        self._spawn(self._record_review(activity, review))
        another = self._another(draft, tenant_message, review)
        return await self._review_activity(review, tenant_of(activity), another), review.issues()

    @staticmethod
    async def _quietly(work: Any) -> None:
        """Work beside a reply (remembering a card): a database that is away costs nobody anything."""
        try:
            await work
        except Exception as error:  # noqa: BLE001 - logged without any text
            log.warning("Teams: could not keep the card's guidelines (%s)", type(error).__name__)

    async def on_feedback_loop(self, context: TurnContext, _state: TurnState) -> None:
        """Teams' own thumbs up / down under a review card (``message/submitAction``, action ``feedback``):
        one count per guideline the card was about. The words a person may type with it are neither
        kept nor logged."""
        value = context.activity.value if isinstance(context.activity.value, dict) else {}
        action = value.get("actionValue") if isinstance(value.get("actionValue"), dict) else {}
        reaction = action.get("reaction")
        message_id = context.activity.reply_to_id or ""
        if value.get("actionName") == "feedback" and reaction in ("like", "dislike") and self.coaching is not None:
            tenant = tenant_of(context.activity)
            try:
                guidelines = await self.coaching.card_guidelines(tenant, message_id)
                if guidelines:
                    await self.coaching.record(tenant, guidelines, reaction == "like")
            except Exception as error:  # noqa: BLE001 - the click is answered either way
                log.warning("Teams: feedback not counted (%s)", type(error).__name__)
            log.info("Teams: feedback loop reaction=%s", reaction)
        await self._invoke_response(context, {})

    def _another(self, draft: str, tenant_message: str | None, review: Review) -> str | None:
        """The packed draft for "Nog een versie": only when a language model writes the versions."""
        if not self.settings.llm_configured:
            return None
        return encode_draft(draft, tenant_message, review.language)

    async def _review_activity(self, review: Review, tenant: str, another: str | None = None):
        team_tips = await self._tips(tenant, review.issues())
        activity = self._card_activity(cards.review_card(review, tips=team_tips, another=another))
        activity.summary = cards.review_summary(review)
        # Teams' own thumbs up / down under the card (on_feedback_loop), beside the card's own buttons
        activity.channel_data = {"feedbackLoopEnabled": True}
        return activity

    @staticmethod
    def _card_activity(content: cards.Card):
        """A message with one Adaptive Card, made with the Agents SDK's CardFactory and MessageFactory."""
        from microsoft_agents.hosting.core import CardFactory, MessageFactory

        activity = MessageFactory.attachment(CardFactory.adaptive_card(content))
        activity.summary = content.get("fallbackText") or None
        return activity

    # --- card buttons (Action.Submit in a chat arrives as a message with a value)

    async def on_card_action(self, context: TurnContext, data: dict) -> None:
        lang = data.get("lang") if data.get("lang") in ("nl", "en") else locale_language(context.activity.locale)
        action = data.get(cards.ACTION_KEY)
        if action == "why" and data.get("guideline") in GUIDELINE_IDS:
            await context.send_activity(self._card_activity(cards.why_card(data["guideline"], lang)))
        elif action == "feedback":
            await self._record_feedback(tenant_of(context.activity), data)
            await context.send_activity(cards.thanks_text(lang, bool(data.get("useful"))))
        elif action == "another" and isinstance(data.get("draft"), str):
            review = await self._another_version(context.activity, data["draft"], lang)
            await context.send_activity(
                await self._review_activity(review, tenant_of(context.activity), data["draft"]) if review
                else self._card_activity(cards.notice_card(cards.t(lang, "failed"))))
        else:
            await context.send_activity(self._card_activity(cards.help_card(lang)))

    async def _another_version(self, activity: Any, packed: str, lang: str) -> Review | None:
        """A new rewrite by the language model ("Nog een versie"), from the draft the card carries;
        None when that fails (the person gets the kind notice)."""
        try:
            draft, tenant_message, _ = decode_draft(packed)
        except Exception:  # noqa: BLE001 - a tampered or truncated value
            log.warning("Teams: 'another version' with an unreadable value")
            return None
        try:
            return await self.reviewer.areview(draft, tenant_message, language=lang,
                                               variant=secrets.randbelow(1_000_000) + 1)
        except Exception:
            log.exception("Teams: another version failed for activity %s", activity.id)
            return None

    async def _with_store(self, action: Callable[[Any], T]) -> T | None:
        """Run ``action(store)`` off the event loop; without a store, or when it fails, ``None``.

        Tips and counts are extras: a database that is away must never cost anyone their review.
        """
        if self.store is None:
            return None
        from bot.store.access import run_in_store
        from bot.store.repository import StoreError

        try:
            return await run_in_store(lambda: action(self.store.get()))
        except Exception as error:
            log.warning("Teams: store unavailable (%s); going on without tips and counts", type(error).__name__,
                        exc_info=not isinstance(error, StoreError))
            return None

    async def _record_feedback(self, tenant: str, data: dict) -> None:
        """Counts per guideline only (never text, never who)."""
        guidelines = [g for g in data.get("guidelines") or [] if g in GUIDELINE_IDS]
        useful = bool(data.get("useful"))
        log.info("Teams: feedback useful=%s guidelines=%s", useful, ",".join(guidelines) or "-")
        if guidelines:
            await self._with_store(lambda store: store.record_feedback(tenant, guidelines, useful))

    async def _record_review(self, activity: Any, review: Review) -> None:
        """Count the verdicts of a shown review for the team's figures (never the draft)."""
        user = activity.from_property
        user_id = (getattr(user, "aad_object_id", None) or getattr(user, "id", None) or "unknown") if user else "unknown"
        tenant = tenant_of(activity)
        await self._with_store(lambda store: store.record_review(tenant, user_id, review.verdicts))

    async def _tips(self, tenant: str, issues: list[str]) -> dict[str, str]:
        """The team's own tips for the guidelines with an issue, from this tenant only."""
        if not issues:
            return {}
        picked = await self._with_store(lambda store: store.pick_tips(tenant, issues))
        return {gid: f"{tip.text} ({tip.author_name})" if tip.author_name else tip.text
                for gid, tip in (picked or {}).items()}

    # --- welcome

    async def on_members_added(self, context: TurnContext, _state: TurnState) -> None:
        """Personal chat: welcome the person. Team or group chat: introduce the bot once, when it is added."""
        activity = context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        added = [m for m in activity.members_added or [] if m is not None]
        personal = (activity.conversation.conversation_type or "personal") == "personal"
        bot_added = any(m.id == bot_id for m in added)
        if personal and added or bot_added:
            lang = locale_language(activity.locale)
            await context.send_activity(self._card_activity(cards.help_card(lang, welcome=True)))

    # --- message extension: "Toon checken" / "Check tone" on a message

    async def on_extension_fetch(self, context: TurnContext, _state: TurnState) -> None:
        await self._invoke_response(context, await self._extension_review(context))

    async def on_extension_submit(self, context: TurnContext, _state: TurnState) -> None:
        value = context.activity.value if isinstance(context.activity.value, dict) else {}
        data = value.get("data") if isinstance(value.get("data"), dict) else {}
        lang = data.get("lang") if data.get("lang") in ("nl", "en") else locale_language(context.activity.locale)
        action = data.get(cards.ACTION_KEY)
        if action == "why" and data.get("guideline") in GUIDELINE_IDS:
            body = _task_continue(cards.why_card(data["guideline"], lang), cards.t(lang, "why"))
        elif action == "feedback":
            await self._record_feedback(tenant_of(context.activity), data)
            body = _task_message(cards.thanks_text(lang, bool(data.get("useful"))))
        elif action == "another" and isinstance(data.get("draft"), str):
            review = await self._another_version(context.activity, data["draft"], lang)
            tips = await self._tips(tenant_of(context.activity), review.issues()) if review else {}
            body = (_task_continue(cards.review_card(review, tips=tips, another=data["draft"]), cards.t(lang, "title"))
                    if review else _task_message(cards.t(lang, "failed")))
        else:
            body = await self._extension_review(context)
        await self._invoke_response(context, body)

    async def _extension_review(self, context: TurnContext) -> dict:
        activity = context.activity
        value = activity.value if isinstance(activity.value, dict) else {}
        user_lang = locale_language(activity.locale)
        if value.get("commandId") not in (None, COMMAND_ID):
            return _task_message(cards.t(user_lang, "no_message"))
        text = payload_text(value.get("messagePayload"))
        if not text:
            return _task_message(cards.t(user_lang, "no_message"))
        try:
            review = await self._review_within_budget(text, user_lang)
        except ReviewInputError as problem:
            return _task_message(problem.message(user_lang))
        except Exception:
            log.exception("Teams: review failed for invoke %s", activity.id)
            return _task_message(cards.t(user_lang, "failed"))
        content = cards.review_card(review, tips=await self._tips(tenant_of(activity), review.issues()),
                                    another=self._another(text, None, review))
        self._spawn(self._record_review(activity, review))
        return _task_continue(content, cards.t(review.language, "title"))

    async def _review_within_budget(self, text: str, user_lang: str) -> Review:
        """The configured reviewer if it answers in time, else the offline review with a note saying so."""
        try:
            return await asyncio.wait_for(self.reviewer.areview(text, language=user_lang), INVOKE_BUDGET_SECONDS)
        except TimeoutError:
            if self.reviewer is self.offline:
                raise
            log.warning("Teams: the reviewer took longer than %.1fs; answering with the offline review",
                        INVOKE_BUDGET_SECONDS)
            review = await self.offline.areview(text, language=user_lang)
            return review.model_copy(update={"notes": [*review.notes, cards.t(review.language, "slow_model")]})

    @staticmethod
    async def _invoke_response(context: TurnContext, body: dict) -> None:
        from microsoft_agents.activity import Activity, InvokeResponse

        await context.send_activity(Activity(type="invokeResponse", value=InvokeResponse(status=200, body=body)))

    # --- errors

    async def on_turn_error(self, context: TurnContext, error: Exception) -> None:
        """Replaces the SDK's default, which would send the exception text to the user."""
        log.error("Teams: turn failed (%s) for activity %s", type(error).__name__, context.activity.id,
                  exc_info=error)
        if context.activity.type == "message":
            lang = locale_language(context.activity.locale)
            try:
                await context.send_activity(cards.t(lang, "failed"))
            except Exception:
                log.exception("Teams: could not send the failure notice")

    async def on_app_error(self, context: TurnContext, error: Exception) -> None:
        await self.on_turn_error(context, error)


def payload_text(message_payload: Any) -> str:
    """The text of the message a message-extension action was used on (its body is usually HTML)."""
    if not isinstance(message_payload, dict):
        return ""
    body = message_payload.get("body") or {}
    content = body.get("content") or ""
    if (body.get("contentType") or "").lower() == "html":
        return html_to_text(content)
    return tidy(content)


def _task_continue(content: cards.Card, title: str) -> dict:
    """A task-module response that shows ``content`` (Teams: ``task.type`` continue)."""
    return {"task": {"type": "continue", "value": {
        "title": title, "height": "large", "width": "large", "card": cards.attachment(content),
    }}}


def _task_message(text: str) -> dict:
    """A task-module response that shows a short message and closes (Teams: ``task.type`` message)."""
    return {"task": {"type": "message", "value": text}}


def _typing():
    from microsoft_agents.activity import Activity

    return Activity(type="typing")
