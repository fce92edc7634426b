"""The Slack surface: a thin adapter from Slack requests to ``Review`` and from ``Review`` to Block Kit."""
