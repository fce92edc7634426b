"""One aiohttp server for every chat surface: Slack on /slack/events, Teams on /api/messages.

Each surface adds its own routes; this module only wires them and serves /healthz. The server
keeps no state that another process needs, so several can run behind a load balancer.
"""

from __future__ import annotations

import logging
import sys

from aiohttp import web

from bot.settings import Settings, load_settings

log = logging.getLogger("aandacht.server")


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def build_web_app(settings: Settings) -> web.Application:
    """The aiohttp application with the routes of every configured surface."""
    app = web.Application(client_max_size=1024**2)
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


def run_server() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    if not (settings.slack_configured or settings.teams_configured):
        print(MISSING, file=sys.stderr)
        return 2
    app = build_web_app(settings)
    web.run_app(app, host="0.0.0.0", port=settings.port, print=None)
    return 0
