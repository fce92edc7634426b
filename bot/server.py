"""One aiohttp server for every chat surface: Slack on /slack/events, Teams on /api/messages.

Each surface adds its own routes; this module only wires them and serves /healthz. The server
keeps no state that another process needs, so several can run behind a load balancer.
"""

from __future__ import annotations

import sys

from aiohttp import web

from bot.health import HEALTH
from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings


async def healthz(request: web.Request) -> web.Response:
    """200 while the server answers; ``status`` is ``degraded`` when a part (the database) is away.

    Reviews need nothing but the process, so a missing database is no reason for a load balancer to
    take the server out: the body says what is off.
    """
    parts = dict(source() for source in request.app.get(HEALTH, ()))
    degraded = any(state == "unavailable" for state in parts.values())
    return web.json_response({"ok": True, "status": "degraded" if degraded else "ok", **parts})


def build_web_app(settings: Settings) -> web.Application:
    """The aiohttp application with the routes of every configured surface."""
    app = web.Application(client_max_size=1024**2)
    app[HEALTH] = []
    app.router.add_get("/healthz", healthz)
    if settings.slack_configured:
        from bot.slack.app import add_slack_routes

        add_slack_routes(app, settings)
    if settings.teams_configured:
        from bot.teams.app import add_teams_routes

        add_teams_routes(app, settings)
    return app


MISSING = (
    "Nothing to serve: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET for Slack, and/or "
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID (with CLIENTSECRET and TENANTID) for Teams "
    "(or CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED=true for local development), "
    "in the environment or in .env."
)


def without_broken_slack(settings: Settings) -> tuple[Settings, str | None]:
    """Settings without Slack when its settings are half there, and the one line that says what to set.

    A half-configured Slack (a bot token without its signing secret, a wrong app-level token) must not
    keep Teams from serving, nor stay silent: the caller prints the line and carries on.
    """
    values = (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
    filled = [value is not None and bool(value.get_secret_value()) for value in values]
    off = {"slack_bot_token": None, "slack_signing_secret": None, "slack_app_token": None}
    if not any(filled):  # Slack not in use (empty lines copied from a template count as unset)
        return (settings.model_copy(update=off) if settings.slack_configured else settings), None
    from bot.slack.app import slack_settings_problem

    problem = slack_settings_problem(settings)
    return (settings, None) if problem is None else (settings.model_copy(update=off), problem)


def run_server() -> int:
    configure_logging()
    try:
        settings = load_settings()
    except SettingsError as problem:
        print(problem, file=sys.stderr)  # names the setting and what it must be, never its value
        return 2
    settings, slack_problem = without_broken_slack(settings)
    if slack_problem:
        serving = " Serving Teams without Slack." if settings.teams_configured else ""
        print(slack_problem + serving, file=sys.stderr)  # the names of the settings, never their values
    if not (settings.slack_configured or settings.teams_configured):
        if not slack_problem:
            print(MISSING, file=sys.stderr)
        return 2
    from bot.review.lexicon import LexiconError

    try:
        app = build_web_app(settings)
    except LexiconError as problem:
        print(f"AANDACHT_LEXICON_PATHS: {problem}", file=sys.stderr)
        return 2
    web.run_app(app, host="0.0.0.0", port=settings.port, print=None)
    return 0
