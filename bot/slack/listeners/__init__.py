"""Bolt listeners, one module per kind of request, each with ``register(app)``.

Every listener is registered as Bolt's ack + lazy pair: the ack function answers Slack at once (the
app runs with ``process_before_response=True``, so the HTTP response leaves before any work
starts), and the lazy function does the work afterwards. Handlers are plain functions named for
what they answer; the services (reviewers, hooks) come from ``context["services"]``.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncAck


async def ack_at_once(ack: AsyncAck) -> None:
    """An empty 200 for Slack: nothing is shown in the channel, the answer follows privately."""
    await ack()
