"""The structured answer asked of the model: a strict JSON schema, built by the SDK from these models once."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

import openai
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from bot.review.model import GUIDELINE_IDS


def _verdict(value: object) -> object:
    """Forgive the small slips of servers that do not enforce the schema: " Issue", "N/A", "nvt"."""
    if isinstance(value, str):
        value = value.strip().lower()
        return "n/a" if value in ("na", "n.a.", "nvt", "n.v.t.", "not applicable", "none") else value
    return value


def _plain_verdict(value: object) -> object:
    """Only no_with_care can be "n/a"; for the others it means nothing to criticise: "ok"."""
    value = _verdict(value)
    return "ok" if value == "n/a" else value


Plain = Annotated[Literal["ok", "issue"], BeforeValidator(_plain_verdict)]


def _without_description(schema: dict[str, Any]) -> None:
    schema.pop("description", None)


class _Answer(BaseModel):
    """Base of the answer models: their docstrings are for us, not tokens in every request."""

    model_config = ConfigDict(json_schema_extra=_without_description)


class ModelVerdicts(_Answer):
    """One field per guideline, so a strict schema makes all seven required.

    The schema sent is strict (no extra fields); reading the answer is lenient (extra fields are
    ignored, verdict spellings normalised), so that a server without schema enforcement does not
    lose a whole review over a detail. Anything that still does not fit is a malformed answer.
    """

    hear: Plain
    acknowledge: Plain
    no_with_care: Annotated[Literal["ok", "issue", "n/a"], BeforeValidator(_verdict)]
    person_not_policy: Plain
    respect: Plain
    next_step: Plain
    plain_language: Plain


class ModelFinding(_Answer):
    guideline: Literal[
        "hear", "acknowledge", "no_with_care", "person_not_policy", "respect", "next_step", "plain_language"
    ]
    quote: str | None = Field(description="words copied exactly from the draft, or null when something is missing")
    message: str = Field(description="one sentence: why this matters for the tenant")
    suggestion: str = Field(description="a warmer alternative, or what to add")


def _known_findings(value: object) -> object:
    """Leave out findings for a guideline id the rubric does not have, instead of failing all."""
    if isinstance(value, list):
        return [item for item in value if not isinstance(item, dict) or item.get("guideline") in GUIDELINE_IDS]
    return value


class ModelReview(_Answer):
    findings: Annotated[list[ModelFinding], BeforeValidator(_known_findings)]
    verdicts: ModelVerdicts
    score: int = Field(description="0 (cold) to 100 (warm)")
    rewrite: str = Field(description="the whole reply, warmer, same facts and decision")


@cache
def response_format() -> dict[str, Any]:
    """``response_format`` for ``chat.completions.create``: the SDK's strict schema of ``ModelReview``.

    Built once: ``chat.completions.parse`` rebuilds it from the pydantic model on every call, which
    cost more CPU than guarding the answer. The schema is the one ``parse`` sends
    (``openai.pydantic_function_tool`` makes it by the same strict rules).
    """
    schema = openai.pydantic_function_tool(ModelReview)["function"]["parameters"]
    return {"type": "json_schema", "json_schema": {"name": ModelReview.__name__, "strict": True, "schema": schema}}
