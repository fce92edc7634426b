"""All configuration, read once from the environment and `.env`.

Nothing else in the package reads ``os.environ``. Secrets are ``SecretStr`` so that they never
show up in a ``repr``, a log line or an error message.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "gpt-4.1-mini"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # --- review engine
    max_draft_chars: int = Field(
        6000,
        validation_alias=AliasChoices("AANDACHT_MAX_DRAFT_CHARS"),
        description="Longer drafts are reviewed up to this many characters, and the review says so.",
    )

    lexicon_paths: str = Field(
        "",
        validation_alias=AliasChoices("AANDACHT_LEXICON_PATHS"),
        description="Comma-separated TOML files with an organisation's own phrases, merged after the "
        "built-in lexicons (same format as bot/data/lexicon/nl.toml).",
    )

    # --- language model (the openai SDK's own variable names, so any compatible endpoint works)
    openai_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=AliasChoices("OPENAI_BASE_URL"))
    model: str = Field(DEFAULT_MODEL, validation_alias=AliasChoices("AANDACHT_MODEL"))
    llm_timeout: float = Field(
        20.0,
        validation_alias=AliasChoices("AANDACHT_LLM_TIMEOUT"),
        description="Total seconds one language-model review may take, retries included.",
    )

    # --- Slack
    slack_bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL"))

    # --- Microsoft Teams (the Agents SDK reads its own CONNECTIONS__... variables too)
    teams_client_id: str | None = Field(
        None, validation_alias=AliasChoices("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID")
    )
    teams_client_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET")
    )
    teams_tenant_id: str | None = Field(
        None, validation_alias=AliasChoices("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID")
    )
    teams_anonymous_allowed: bool = Field(
        False, validation_alias=AliasChoices("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED")
    )

    # --- server
    port: int = Field(3000, validation_alias=AliasChoices("PORT"))

    # --- storage and coaching
    database_url: str | None = Field(None, validation_alias=AliasChoices("DATABASE_URL"))
    data_dir: Path = Field(Path("data"), validation_alias=AliasChoices("AANDACHT_DATA_DIR"))
    lead_ids: str = Field("", validation_alias=AliasChoices("AANDACHT_LEAD_IDS"))
    lead_group: str | None = Field(None, validation_alias=AliasChoices("AANDACHT_LEAD_GROUP"))
    insight_retention_months: int = Field(12, validation_alias=AliasChoices("AANDACHT_RETENTION_MONTHS"))
    hash_salt: SecretStr | None = Field(None, validation_alias=AliasChoices("AANDACHT_HASH_SALT"))

    @property
    def llm_configured(self) -> bool:
        return self.openai_api_key is not None and bool(self.openai_api_key.get_secret_value())

    @property
    def slack_configured(self) -> bool:
        return self.slack_bot_token is not None and self.slack_signing_secret is not None

    @property
    def teams_configured(self) -> bool:
        return bool(self.teams_client_id) or self.teams_anonymous_allowed

    @cached_property
    def lead_id_set(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.lead_ids.split(",") if part.strip())

    @property
    def lexicon_path_list(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.lexicon_paths.split(",") if part.strip())

    @property
    def effective_database_url(self) -> str:
        """``DATABASE_URL``, or a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'aandacht.db').resolve()}"


class SettingsError(ValueError):
    """A setting with a value of the wrong kind; the text names the setting and what it must be.

    Never the value: a wrong value is often a secret pasted into the wrong variable.
    """

    def __init__(self, problems: str) -> None:
        self.problems = problems
        super().__init__(f"Setting not valid: {problems}. Fix it in the environment or in .env.")


def load_settings(**overrides) -> Settings:
    """Read the settings; tests pass overrides instead of touching the environment.

    Raises :class:`SettingsError` (one line, no value) for a malformed setting.
    """
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise SettingsError(describe_problem(error)) from None


def describe_problem(error: ValidationError) -> str:
    """"AANDACHT_LLM_TIMEOUT must be a number (Input should be a valid number)" for each wrong setting."""
    problems = []
    for item in error.errors(include_input=False, include_url=False):
        name = ".".join(str(part) for part in item.get("loc", ())) or "a setting"
        problems.append(f"{name}: {item.get('msg', 'invalid value')}")
    return "; ".join(problems)
