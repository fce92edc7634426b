"""The Bolt app for Slack: a factory, its routes on the shared aiohttp server, and Socket Mode.

``build_slack_app`` makes a fresh ``AsyncApp`` per call (tests build many; there are no module
globals). Bolt verifies every request's signature (forged or older than five minutes: 401) before
any listener runs. Web API calls go to ``Settings.slack_api_url`` through a client that retries 429s
(honouring Retry-After), 500/503s and dropped connections.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import insights, tip_of_week
from bot.slack.delivery import retry_handlers
from bot.slack.gate import check_request, log_refusal
from bot.slack.listeners import actions, commands, events, shortcuts, tips, views
from bot.slack.services import SlackServices

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger("aandacht.slack")

LISTENERS = (commands, shortcuts, events, actions, views, tips, insights)
"""Every module that adds listeners to the Bolt app (``register(app)``)."""

SERVICES_KEY = "services"
SLACK_APP = web.AppKey("slack_app", AsyncApp)
SLACK_SERVICES = web.AppKey("slack_services", SlackServices)
AUTH_WARM_UP = web.AppKey("slack_auth_warm_up", asyncio.Future)


def slack_settings_problem(settings: Settings) -> str | None:
    """One clear line when the Slack settings are half there (a token without its secret, ...)."""
    token = settings.slack_bot_token is not None and bool(settings.slack_bot_token.get_secret_value())
    secret = settings.slack_signing_secret is not None and bool(settings.slack_signing_secret.get_secret_value())
    app_token = settings.slack_app_token is not None and bool(settings.slack_app_token.get_secret_value())
    if token and secret:
        if app_token and not settings.slack_app_token.get_secret_value().startswith("xapp-"):
            return "SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information > App-Level Tokens)."
        return None
    if not (token or secret or app_token):
        return None  # Slack simply not in use
    missing = [name for name, present in (("SLACK_BOT_TOKEN", token), ("SLACK_SIGNING_SECRET", secret)) if not present]
    return (
        f"Slack is half configured: set {' and '.join(missing)} too (Slack app settings: OAuth & Permissions "
        "> Bot User OAuth Token, Basic Information > Signing Secret), in the environment or in .env."
    )


class _TokenFromAuthorize(logging.Filter):
    """Drops Bolt's "As you gave `client` as well, `token` will be unused" warning.

    ``AsyncApp`` reads ``SLACK_BOT_TOKEN`` from the environment itself and warns, at every start,
    that it ignores it because a client is given. Here that is the design: the token comes from
    :class:`Settings` through :class:`WorkspaceAuthorize` for every request, and nothing is ignored.
    (No constructor argument avoids the read: an empty ``token`` falls back to the environment.)
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _quiet_bolt_token_warning() -> None:
    bolt_log = logging.getLogger("slack_bolt.AsyncApp")  # the logger AsyncApp warns on
    if not any(isinstance(f, _TokenFromAuthorize) for f in bolt_log.filters):
        bolt_log.addFilter(_TokenFromAuthorize())


def make_web_client(settings: Settings) -> AsyncWebClient:
    """The app's Web API client, without a token: :class:`WorkspaceAuthorize` gives each request one."""
    return AsyncWebClient(base_url=settings.slack_api_url, timeout=10, retry_handlers=retry_handlers())


class WorkspaceAuthorize:
    """Bolt ``authorize`` for one workspace: ``auth.test`` once, shared by every request.

    Bolt's built-in single-workspace authorization calls ``auth.test`` for every request that arrives
    before the first answer, so a burst at start-up waits on dozens of calls; here the first caller
    asks and the others wait for that one answer. ``warm_up`` asks at start-up, before any request.
    """

    def __init__(self, token: str) -> None:
        self._token = token
        self._result: AuthorizeResult | None = None
        self._lock = asyncio.Lock()

        async def authorize(client: AsyncWebClient, team_id: str | None = None) -> AuthorizeResult:
            return await self.result(client, team_id)  # Bolt passes arguments by name

        self.function = authorize
        self._failing = False

    async def result(self, client: AsyncWebClient, team_id: str | None = None) -> AuthorizeResult:
        """The auth.test answer, once; while Slack cannot answer it, the configured token alone.

        A review needs no auth.test: the card goes to the response_url or with the bot token Slack
        checks itself. So a failing auth.test (a 500, a time-out) costs nobody their review and asks
        nobody to reinstall the app; it is logged once and asked again on the next request. A token
        Slack refuses (invalid_auth, revoked) is still an error.
        """
        if self._result is None:
            async with self._lock:
                if self._result is None:
                    try:
                        response = await client.auth_test(token=self._token)
                    except SlackApiError as error:
                        if str(error.response.get("error")) in REFUSED_BOT_TOKEN:
                            raise
                        return self._without_auth_test(team_id, str(error.response.status_code))
                    except (TimeoutError, OSError, aiohttp.ClientError) as error:
                        return self._without_auth_test(team_id, type(error).__name__)
                    self._result = AuthorizeResult.from_auth_test_response(
                        auth_test_response=response, bot_token=self._token, user_token=None
                    )
                    if self._failing:
                        log.info("Slack auth.test works again")
                        self._failing = False
        return self._result

    def _without_auth_test(self, team_id: str | None, reason: str) -> AuthorizeResult:
        if not self._failing:
            log.warning("Slack auth.test failed (%s); handling requests with the configured bot token meanwhile",
                        reason)
            self._failing = True
        return AuthorizeResult(enterprise_id=None, team_id=team_id, bot_token=self._token)

    async def warm_up(self, client: AsyncWebClient) -> None:
        try:
            await self.result(client)
        except Exception as error:  # noqa: BLE001 - the first request will ask again
            log.warning("Slack auth.test failed at start-up (%s); check SLACK_BOT_TOKEN", type(error).__name__)


def build_slack_app(
    settings: Settings,
    client: AsyncWebClient | None = None,
    *,
    services: SlackServices | None = None,
    authorize: WorkspaceAuthorize | None = None,
) -> AsyncApp:
    """A Bolt ``AsyncApp`` with every listener; ``services`` lets tests and plug-ins pass their own."""
    problem = slack_settings_problem(settings)
    if problem or settings.slack_signing_secret is None:
        raise ValueError(problem or "Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to use Slack.")
    services = services or SlackServices.from_settings(settings)
    authorize = authorize or WorkspaceAuthorize(settings.slack_bot_token.get_secret_value())
    _quiet_bolt_token_warning()
    app = AsyncApp(
        client=client or make_web_client(settings),
        authorize=authorize.function,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        request_verification_enabled=True,
        # the ack functions answer Slack inline and the work runs in lazy listeners afterwards: no
        # polling for the ack (Bolt's other mode checks every 10 ms) and no review before the response
        process_before_response=True,
        name="aandacht",
    )

    @app.middleware
    async def attach_services(context, next):
        context[SERVICES_KEY] = services
        await next()

    @app.middleware
    async def skip_repeated_events(body, request, next):
        """A Slack retry never makes a second card.

        Event ids are remembered for ten minutes in this process (a retry of an event seen here is
        acked and skipped): the fast first filter. A retry because our ack was late
        (``http_timeout``) is skipped even by another process: the first delivery did reach a
        server, which is reviewing it. Retries after a failed delivery (connection error, 5xx) are
        handled once, so no review is lost: after the ack, the event listener claims the event id in
        the shared database (``SlackServices.first_delivery``) and only the winner posts a card.
        """
        if body.get("type") == "event_callback":
            event_id = body.get("event_id")
            if event_id and services.recent_events.seen_before(event_id):
                return BoltResponse(status=200, body="")
            retry_reason = (request.headers.get("x-slack-retry-reason") or [""])[0]
            if request.headers.get("x-slack-retry-num") and retry_reason == "http_timeout":
                return BoltResponse(status=200, body="")
        await next()

    services.coaching()  # tips on cards, feedback and event claims in the database
    insights.extend(services)  # counts of every review, App Home's insights
    for listeners in LISTENERS:
        listeners.register(app)
    return app


def add_slack_routes(web_app: web.Application, settings: Settings) -> AsyncApp:
    """Mount ``POST /slack/events`` on the shared aiohttp app; start Socket Mode beside it if asked.

    The Bolt app and its services are kept on the aiohttp app (``web_app[SLACK_APP]``,
    ``web_app[SLACK_SERVICES]``) so that tests can reach the hooks of a server built for real.
    """
    services = SlackServices.from_settings(settings)
    authorize = WorkspaceAuthorize(settings.slack_bot_token.get_secret_value())
    slack_app = build_slack_app(settings, services=services, authorize=authorize)

    verifier = SignatureVerifier(settings.slack_signing_secret.get_secret_value())

    async def slack_events(request: web.Request) -> web.StreamResponse:
        refusal = check_request(verifier, await request.read(), request.headers)
        if refusal is not None:
            log_refusal(refusal)
            return web.Response(status=refusal.status, text="")
        bolt_response = await slack_app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    web_app.router.add_post("/slack/events", slack_events)
    web_app[SLACK_APP] = slack_app
    web_app[SLACK_SERVICES] = services

    async def warm_up(_app: web.Application) -> None:
        """Before the first request: ask auth.test, and load the offline engine's data (~0.1 s)."""
        async def warm() -> None:  # a task, so that a shutdown during warm-up is quiet
            await asyncio.gather(authorize.warm_up(slack_app.client), services.warm_up(), return_exceptions=True)

        web_app[AUTH_WARM_UP] = asyncio.ensure_future(warm())

    async def stop_warm_up(_app: web.Application) -> None:
        web_app[AUTH_WARM_UP].cancel()
        await services.close()

    web_app.on_startup.append(warm_up)
    web_app.on_cleanup.append(stop_warm_up)
    tip_of_week.on_server(web_app, slack_app, services)  # the weekly loop runs beside the server
    if settings.slack_app_token is not None and settings.slack_app_token.get_secret_value():
        _add_socket_mode(web_app, slack_app, settings.slack_app_token.get_secret_value())
    return slack_app


SOCKET_MODE_RETRY_SECONDS = (1.0, 5.0, 15.0, 30.0, 60.0)
"""Waits between attempts to open Socket Mode while Slack cannot be reached (then every minute)."""
SOCKET_MODE_CALL_SECONDS = 15.0
"""Longest wait for one ``apps.connections.open`` (a Slack that does not answer is tried again)."""
SOCKET_MODE_CLOSE_SECONDS = 3.0
"""Longest wait for Socket Mode to close at shutdown: shutdown never hangs on a websocket."""
REFUSED_BOT_TOKEN = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"})
REFUSED_APP_TOKEN = frozenset({
    "invalid_auth", "not_authed", "not_allowed_token_type", "token_revoked", "token_expired",
    "account_inactive", "missing_scope",
})


def _add_socket_mode(web_app: web.Application, slack_app: AsyncApp, app_token: str) -> None:
    """Socket Mode for development without a public URL, next to the HTTP endpoint.

    Connects in a background task, so HTTP serves at once and shutdown never waits on it. A token
    Slack refuses is told in one line and not tried again; a Slack that cannot be reached is tried
    again in the background (after 1, 5, 15, 30 s, then every minute). Once connected, the SDK
    reconnects by itself. The SDK's client is made inside the running loop (its constructor starts a
    task and an HTTP session), not when the routes are added.
    """
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handlers: list[AsyncSocketModeHandler] = []

    async def connect() -> None:
        handler = AsyncSocketModeHandler(slack_app, app_token)
        handlers.append(handler)
        for attempt in itertools.count():
            try:
                # apps.connections.open itself (the SDK's issue_new_wss_url logs a second error line)
                response = await asyncio.wait_for(
                    slack_app.client.apps_connections_open(app_token=app_token), SOCKET_MODE_CALL_SECONDS
                )
            except SlackApiError as error:
                code = str(error.response.get("error") or error.response.status_code)
                if code in REFUSED_APP_TOKEN:
                    log.error("Slack refused the Socket Mode token (%s); HTTP /slack/events still works. Check "
                              "SLACK_APP_TOKEN (an xapp- token with connections:write).", code)
                    return
                reason = code
            except (TimeoutError, OSError, aiohttp.ClientError) as error:
                reason = type(error).__name__
            else:
                handler.client.wss_uri = response["url"]
                await handler.connect_async()
                log.info("Slack Socket Mode connected")
                return
            wait = SOCKET_MODE_RETRY_SECONDS[min(attempt, len(SOCKET_MODE_RETRY_SECONDS) - 1)]
            log.warning("Slack Socket Mode could not connect (%s); trying again in %.0f s, HTTP /slack/events "
                        "works meanwhile.", reason, wait)
            await asyncio.sleep(wait)

    async def run(_app: web.Application):
        task = asyncio.create_task(connect())
        yield
        task.cancel()
        await asyncio.wait({task}, timeout=SOCKET_MODE_CLOSE_SECONDS)
        for handler in handlers:
            try:
                await asyncio.wait_for(handler.close_async(), SOCKET_MODE_CLOSE_SECONDS)
            except Exception as error:  # noqa: BLE001 - shutting down anyway
                log.warning("Slack Socket Mode did not close cleanly (%s)", type(error).__name__)

    web_app.cleanup_ctx.append(run)
