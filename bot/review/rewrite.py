"""Placeholder rewrite (replaced below)."""
from __future__ import annotations


def rewrite_draft(draft, context, results):
    return draft
