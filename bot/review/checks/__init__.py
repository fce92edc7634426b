"""One module per guideline, each with a ``check(context) -> CheckResult`` (proselint style).

The phrases live in ``bot/data/lexicon/``; these modules hold the logic that weighs them.
"""

from __future__ import annotations

from bot.review.checks import (
    acknowledge,
    hear,
    next_step,
    no_with_care,
    person_not_policy,
    plain_language,
    respect,
)

CHECKS = (hear, acknowledge, no_with_care, person_not_policy, respect, next_step, plain_language)

__all__ = ["CHECKS"]
