"""slack/manifest.json creates an app that sends the bot exactly what its listeners answer."""

from __future__ import annotations

import json

from bot.slack.listeners.commands import REVIEW_COMMANDS
from bot.slack.listeners.shortcuts import CHECK_TONE
from tests.conftest import REPO

MANIFEST = json.loads((REPO / "slack" / "manifest.json").read_text(encoding="utf-8"))


def test_every_command_shortcut_and_event_the_bot_answers_is_in_the_manifest():
    commands = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert commands == {*REVIEW_COMMANDS, "/tip"}
    shortcuts = {(s["type"], s["callback_id"]) for s in MANIFEST["features"]["shortcuts"]}
    assert shortcuts == {("message", CHECK_TONE), ("global", "share_tip")}
    assert all(len(s["name"]) <= 24 for s in MANIFEST["features"]["shortcuts"])
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_home_opened", "app_mention", "message.im"}
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_every_request_url_is_the_one_endpoint_on_a_placeholder_host():
    urls = [c["url"] for c in MANIFEST["features"]["slash_commands"]]
    urls += [MANIFEST["settings"]["event_subscriptions"]["request_url"],
             MANIFEST["settings"]["interactivity"]["request_url"]]
    assert set(urls) == {"https://YOUR-HOST.example.org/slack/events"}


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
    section = (REPO / "slack" / "README-section.md").read_text(encoding="utf-8")
    placeholders = (REPO / "slack" / "manifest.json").read_text(encoding="utf-8").count("YOUR-HOST.example.org")
    assert placeholders == 5 and "(five times)" in section  # the section tells how many to replace
    for needed in ("SLACK_BOT_TOKEN=", "SLACK_SIGNING_SECRET=", "SLACK_APP_TOKEN=", "python -m bot serve", "/toon"):
        assert needed in section
