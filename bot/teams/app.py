"""Microsoft Teams on ``POST /api/messages``, with the Microsoft 365 Agents SDK.

The route lives in a sub-application mounted at ``/api`` so that the SDK's JWT check (its own
``jwt_authorization_decorator``, fed by its own ``CONNECTIONS__SERVICE_CONNECTION__SETTINGS__*``
configuration) guards this route only: ``/slack/events`` and ``/healthz`` never see it.

Without a valid Bot Framework token an activity gets 401 before any handler runs, so nothing is
ever sent to the ``serviceUrl`` of an unauthenticated activity. ``ANONYMOUS_ALLOWED=true`` (the
SDK's own switch, for local development only) admits activities without a token.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import warnings
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from bot.review.engines import Reviewer
    from bot.settings import Settings

log = logging.getLogger("aandacht.teams")

HANDLERS: web.AppKey[Any] = web.AppKey("teams_handlers", object)
TEAMS_HANDLERS: web.AppKey[Any] = web.AppKey("teams_handlers_of_server", object)
"""The Teams handlers on the main web app (HANDLERS is the key on the /api sub-application)."""
SDK_PREFIX = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"


def sdk_configuration(settings: Settings) -> dict:
    """The Agents SDK configuration, parsed by the SDK's own ``load_configuration_from_env``.

    The values come from :class:`Settings` (which reads the environment and ``.env``) under the
    SDK's own variable names, so the SDK sees exactly what it would read from the environment.
    """
    from microsoft_agents.activity import load_configuration_from_env

    env: dict[str, str] = {f"{SDK_PREFIX}ANONYMOUS_ALLOWED": "true" if settings.teams_anonymous_allowed else "false"}
    if settings.teams_client_id:
        env[f"{SDK_PREFIX}CLIENTID"] = settings.teams_client_id
    if settings.teams_client_secret is not None:
        env[f"{SDK_PREFIX}CLIENTSECRET"] = settings.teams_client_secret.get_secret_value()
    if settings.teams_tenant_id:
        env[f"{SDK_PREFIX}TENANTID"] = settings.teams_tenant_id
    return load_configuration_from_env(env)


SIGNED_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})


def bearer_token_problem(authorization: str | None) -> str | None:
    """Why a Bearer token can never be a Bot Framework token, read from its header alone; else ``None``.

    Bot Framework tokens are signed with a published key (``kid``) and an asymmetric algorithm. A token
    without a ``kid`` (``alg: none``, or HS256 signed with a guessed secret) made the SDK's validator fail
    with a KeyError (a 500); it is refused here with 401 before the validator runs.
    """
    if not authorization or not authorization.lower().startswith("bearer "):
        return None  # no token, or not a Bearer one: the SDK's own check answers
    token = authorization[7:].strip()
    header_part = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(header_part + "=" * (-len(header_part) % 4)))
    except (ValueError, TypeError):
        return None  # not a JWT at all: the SDK refuses it (401) by itself
    if not isinstance(header, dict):
        return "token header is not an object"
    if header.get("alg") not in SIGNED_ALGORITHMS:
        return "token not signed with a published key"
    if not header.get("kid"):
        return "token without a key id"
    return None


def refuse_tokens_without_key_id(handler):
    @functools.wraps(handler)
    async def checked(request: web.Request) -> web.StreamResponse:
        problem = bearer_token_problem(request.headers.get("Authorization"))
        if problem:
            log.info("Teams: request refused with 401 (%s)", problem)
            return web.json_response({"error": "Unauthorized"}, status=401)
        return await handler(request)

    return checked


def build_teams_api(settings: Settings, reviewer: Reviewer | None = None, store=None) -> web.Application:
    """The ``/api`` sub-application: the SDK adapter, the agent and the JWT-guarded ``/messages`` route."""
    from microsoft_agents.authentication.msal import MsalConnectionManager
    from microsoft_agents.hosting.aiohttp import (
        CloudAdapter,
        jwt_authorization_decorator,
        start_agent_process,
    )
    from microsoft_agents.hosting.core import (
        AgentApplication,
        MemoryStorage,
        OutboundHostValidator,
        TurnState,
    )
    from pydantic import ValidationError

    from bot.review.engines import make_reviewer
    from bot.teams.handlers import TeamsHandlers

    if store is None:
        from bot.store.repository import LazyStore

        # Opened on first use, so the server starts (and reviews) even while the database is away.
        store = LazyStore.from_settings(settings)
    config = sdk_configuration(settings)
    connection_manager = MsalConnectionManager(**config)
    # In production, replies go only to Microsoft's own https service hosts (and to the host the
    # token names): a replayed token cannot make the bot send its own token somewhere else.
    # Local development (anonymous) talks to a local emulator or fake, so the check is off there.
    host_validator = None if settings.teams_anonymous_allowed else OutboundHostValidator(enabled=True)
    adapter = CloudAdapter(connection_manager=connection_manager, host_validator=host_validator)
    # No typing timer: replies are sent after the request is answered (see TeamsHandlers). The
    # bot's mention is removed by bot.teams.text, which also needs to know where it stood.
    agent = AgentApplication[TurnState](
        storage=MemoryStorage(), connection_manager=connection_manager, start_typing_timer=False,
        remove_recipient_mention=False,
    )
    handlers = TeamsHandlers(
        settings,
        reviewer or make_reviewer(settings, "auto"),
        make_reviewer(settings, "offline"),
        adapter,
        store=store,
    )
    handlers.register(agent)
    adapter.on_turn_error = handlers.on_turn_error

    @refuse_tokens_without_key_id
    @jwt_authorization_decorator
    async def messages(request: web.Request) -> web.StreamResponse:
        try:
            return await start_agent_process(request, agent, adapter)
        except (ValidationError, TypeError, ValueError) as problem:
            # Raised before any turn runs (turn errors go to the handlers' error hook): the body
            # is not an activity Teams would send, e.g. without serviceUrl or with a wrong field type.
            log.warning("Teams: malformed activity refused (%s)", type(problem).__name__)
            return web.json_response({"error": "Malformed activity."}, status=400)

    api = web.Application()
    with warnings.catch_warnings():
        # The SDK's decorator reads its configuration under this plain string key from the
        # application that owns the route; aiohttp would prefer an AppKey, which the SDK cannot use.
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        api["agent_configuration"] = connection_manager.get_default_connection_configuration()
    api[HANDLERS] = handlers
    api.router.add_post("/messages", messages)
    api.on_startup.append(handlers.warm_up_store)
    api.on_cleanup.append(handlers.drain)
    api.on_cleanup.append(handlers.close_store)
    return api


def add_teams_routes(web_app: web.Application, settings: Settings, *, reviewer: Reviewer | None = None,
                     store=None) -> None:
    """Mount ``POST /api/messages`` on ``web_app`` (same process, same port as Slack)."""
    if settings.teams_anonymous_allowed:
        log.warning("Teams: anonymous access is ON (ANONYMOUS_ALLOWED=true); use this for local development only")
        if not settings.teams_client_id:
            # Without an app id the SDK warns on every single turn; once (above) is enough.
            logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client").setLevel(
                logging.ERROR)
    elif not settings.teams_client_secret:
        log.warning("Teams: CLIENTID is set but CLIENTSECRET is not; replies to Teams will fail to authenticate")
    api = build_teams_api(settings, reviewer=reviewer, store=store)
    web_app.add_subapp("/api", api)
    from bot.health import HEALTH

    web_app[TEAMS_HANDLERS] = api[HANDLERS]  # for tests and the tip-of-the-week loop's callers
    teams_store = api[HANDLERS].store
    if HEALTH in web_app and teams_store is not None and hasattr(teams_store, "state"):
        web_app[HEALTH].append(lambda: ("database", teams_store.state))
    log.info("Teams: POST /api/messages ready")
