"""Aandacht: a coach for warmer replies to tenants, in Slack, Teams and on the command line."""

__version__ = "0.1.0"
