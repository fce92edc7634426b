"""Bolt listeners, one module per kind of request, each with ``register(app)``.

Handlers are plain functions named for what they answer. They ack first (Slack allows 3 s), then
do the work; the services (reviewers, hooks) come from ``context["services"]``.
"""
