"""slack/manifest.json creates an app that sends the bot exactly what its listeners answer."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from bot.coaching import commands as tip_commands
from bot.slack.app import LISTENERS
from bot.slack.listeners.commands import REVIEW_COMMANDS
from bot.slack.listeners.shortcuts import CHECK_TONE
from tests.conftest import REPO

MANIFEST = json.loads((REPO / "slack" / "manifest.json").read_text(encoding="utf-8"))


class Registrations:
    """Stands in for the Bolt app in ``register(app)`` and writes down what each listener answers."""

    def __init__(self) -> None:
        self.seen: dict[str, list] = defaultdict(list)

    def __getattr__(self, kind: str):
        def listen(constraint, *_args, **_kwargs):
            self.seen[kind].append(constraint)
            return lambda *_a, **_k: None

        return listen


def registrations() -> dict[str, list]:
    """What the app's listener modules and plug-ins register, as ``build_slack_app`` calls them."""
    recorder = Registrations()
    for listeners in LISTENERS:
        listeners.register(recorder)
    return recorder.seen


SHORTCUT_TYPES = {"message_action": "message", "shortcut": "global"}  # Bolt's payload type -> manifest's
EVENT_SUBSCRIPTIONS = {"message": "message.im", "app_mention": "app_mention", "app_home_opened": "app_home_opened"}


def test_every_command_shortcut_and_event_the_bot_answers_is_in_the_manifest():
    seen = registrations()
    commands = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert commands == set(seen["command"]) == {*REVIEW_COMMANDS, "/tip"}
    shortcuts = {(s["type"], s["callback_id"]) for s in MANIFEST["features"]["shortcuts"]}
    registered = {(SHORTCUT_TYPES[s["type"]], s["callback_id"]) for s in seen["shortcut"]}
    assert shortcuts == registered == {("message", CHECK_TONE), ("global", "share_tip")}
    assert all(len(s["name"]) <= 24 for s in MANIFEST["features"]["shortcuts"])
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert events == {EVENT_SUBSCRIPTIONS[e] for e in seen["event"]} == {"app_home_opened", "app_mention", "message.im"}
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert seen["action"] and seen["view"]  # buttons and modals: they need interactivity
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_tip_gets_channels_as_ids_and_its_hint_lists_every_subcommand():
    [tip] = [c for c in MANIFEST["features"]["slash_commands"] if c["command"] == "/tip"]
    # escaped: a typed #channel arrives as <#C123|name>, which /tip week needs (a name alone is refused)
    assert tip["should_escape"] is True
    assert tip_commands.parse("week <#C0AB12CD|klantcontact> maandag", here="C0HERE").channel == "C0AB12CD"
    words = re.findall(r"[a-z][a-z-]+", tip["usage_hint"])
    subcommands = [w for w in words if w in tip_commands.VERBS]
    assert {tip_commands.VERBS[w] for w in subcommands} == {"add", "list", "edit", "remove", "week", "my_data"}
    assert "mijn-gegevens" in subcommands  # Dutch first
    assert len(tip["usage_hint"]) <= 1000 and len(tip["description"]) <= 2000
    review_commands = [c for c in MANIFEST["features"]["slash_commands"] if c["command"] in REVIEW_COMMANDS]
    assert all(c["should_escape"] is False for c in review_commands)  # drafts keep what was typed


def test_every_request_url_is_the_one_endpoint_on_a_placeholder_host():
    urls = [c["url"] for c in MANIFEST["features"]["slash_commands"]]
    urls += [MANIFEST["settings"]["event_subscriptions"]["request_url"],
             MANIFEST["settings"]["interactivity"]["request_url"]]
    assert set(urls) == {"https://YOUR-HOST.example.org/slack/events"}


SCOPES_OF_METHOD = {
    "chat_postMessage": {"chat:write"}, "chat_postEphemeral": {"chat:write"}, "chat_update": {"chat:write"},
    "views_open": set(), "views_update": set(), "views_push": set(), "views_publish": set(),
    "users_info": {"users:read"}, "usergroups_users_list": {"usergroups:read"}, "auth_test": set(),
    # a thread's parent: in DMs, channels, private channels and group DMs
    "conversations_replies": {"im:history", "channels:history", "groups:history", "mpim:history"},
    "apps_connections_open": set(),  # Socket Mode: connections:write on the app-level token, not a bot scope
    "send_dict": set(),  # response_url, no token
}


def test_every_web_api_method_in_the_code_has_its_scope_in_the_manifest():
    called = set()
    for path in (REPO / "bot" / "slack").rglob("*.py"):
        called |= set(re.findall(r"\bclient\.([a-z][A-Za-z_]*)\(", path.read_text(encoding="utf-8")))
    assert called - set(SCOPES_OF_METHOD) == set(), "a new Web API method: add it and its scopes here"
    needed = set().union(*(SCOPES_OF_METHOD[m] for m in called))
    assert needed <= set(MANIFEST["oauth_config"]["scopes"]["bot"])


def test_the_scopes_cover_the_web_api_methods_the_bot_calls():
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    needed = {
        "commands",  # /toon, /tone, /tip
        "chat:write",  # chat.postMessage, chat.postEphemeral, chat.update
        "im:history",  # message.im events and DM threads
        "app_mentions:read",  # app_mention
        "channels:history", "groups:history",  # conversations.replies for a thread's parent
        "users:read",  # users.info locale for the person's language
        "usergroups:read",  # team leads by user group (coaching)
    }
    assert needed <= scopes
    assert not any(s.endswith(":write") and s not in ("chat:write",) for s in scopes)  # no more than needed


def test_the_readme_section_matches_the_manifest_and_the_server():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Slack in five minutes", 1)[1].split("\n## ", 1)[0]
    placeholders = (REPO / "slack" / "manifest.json").read_text(encoding="utf-8").count("YOUR-HOST.example.org")
    assert placeholders == 5 and "(five times)" in section  # the section tells how many to replace
    for needed in ("SLACK_BOT_TOKEN=", "SLACK_SIGNING_SECRET=", "SLACK_APP_TOKEN=", "python -m bot serve", "/toon"):
        assert needed in section
