"""What ``/healthz`` reports: each surface adds the parts it leans on (``("database", "unavailable")``).

A module of its own, so that Slack and Teams register their parts without importing the server (or
each other through it).
"""

from __future__ import annotations

from aiohttp import web

__all__ = ["HEALTH"]

HEALTH = web.AppKey("health_sources", list)
"""Callables that name a part the server leans on and its state, e.g. ``("database", "unavailable")``."""
