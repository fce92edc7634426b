"""Words that once worked on one surface only; the Slack and Teams tip tests both go through them."""

from bot.review.rubric import guidelines

ALIASES_ONCE_SPLIT = {
    "luisteren": "hear", "b1": "plain_language", "vervolgstap": "next_step",  # once Slack only
    "taal": "plain_language", "nee": "no_with_care", "mens": "person_not_policy", "stap": "next_step",  # Teams only
}


def label(gid: str) -> str:
    return guidelines()[gid].label("nl")
