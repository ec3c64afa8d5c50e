"""Configuration from the environment and `.env`, built by the composition root at start-up."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
ADMIN_PLATFORMS = ("discord", "slack", "console")


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    # An empty variable (DISCORD_TOKEN=) means "not set", so it never enables a platform.
    # The command line reads `.env` (Settings(_env_file=".env")); a bare Settings() never does.
    model_config = SettingsConfigDict(
        env_file=None, env_file_encoding="utf-8", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    database_url: str = Field("sqlite:///./data/prepbot.db", validation_alias=_env("PREPBOT_DATABASE_URL"))
    content_dir: str = Field("", validation_alias=_env("PREPBOT_CONTENT_DIR"))
    bundled_questions: bool = Field(True, validation_alias=_env("PREPBOT_BUNDLED_QUESTIONS"))
    timezone: str = Field("UTC", validation_alias=_env("PREPBOT_TIMEZONE"))
    log_level: str = Field("INFO", validation_alias=_env("PREPBOT_LOG_LEVEL"))
    admins: str = Field("", validation_alias=_env("PREPBOT_ADMINS"))
    catchup_hours: float = Field(6.0, ge=0, validation_alias=_env("PREPBOT_CATCHUP_HOURS"))
    health_file: Path = Field(Path("data/heartbeat.json"), validation_alias=_env("PREPBOT_HEALTH_FILE"))
    cache_dir: Path = Field(Path("data/cache"), validation_alias=_env("PREPBOT_CACHE_DIR"))

    discord_token: SecretStr | None = Field(None, validation_alias=_env("DISCORD_TOKEN"))
    discord_guild_id: int | None = Field(None, validation_alias=_env("DISCORD_GUILD_ID"))
    discord_api_url: str = Field("https://discord.com/api/v10", validation_alias=_env("DISCORD_API_URL"))
    discord_gateway_url: str = Field(
        "wss://gateway.discord.gg/", validation_alias=_env("DISCORD_GATEWAY_URL")
    )
    discord_shard_count: int | None = Field(None, ge=1, validation_alias=_env("DISCORD_SHARD_COUNT"))
    discord_shard_ids: str = Field("", validation_alias=_env("DISCORD_SHARD_IDS"))

    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_SIGNING_SECRET"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=_env("SLACK_API_URL"))
    slack_client_id: str | None = Field(None, validation_alias=_env("SLACK_CLIENT_ID"))
    slack_client_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_CLIENT_SECRET"))
    slack_redirect_uri: str | None = Field(None, validation_alias=_env("SLACK_REDIRECT_URI"))
    http_host: str = Field("127.0.0.1", validation_alias=_env("PREPBOT_HTTP_HOST"))
    http_port: int = Field(3000, ge=1, le=65535, validation_alias=_env("PREPBOT_HTTP_PORT"))
    metrics_port: int | None = Field(None, ge=1, le=65535, validation_alias=_env("PREPBOT_METRICS_PORT"))

    grader_url: str | None = Field(None, validation_alias=_env("PREPBOT_GRADER_URL"))
    grader_model: str | None = Field(None, validation_alias=_env("PREPBOT_GRADER_MODEL"))
    grader_api_key: SecretStr | None = Field(None, validation_alias=_env("PREPBOT_GRADER_API_KEY"))
    grader_timeout: float = Field(10.0, ge=1, le=60, validation_alias=_env("PREPBOT_GRADER_TIMEOUT"))
    review_retention: float = Field(0.9, ge=0.7, le=0.99, validation_alias=_env("PREPBOT_REVIEW_RETENTION"))
    images: bool = Field(True, validation_alias=_env("PREPBOT_IMAGES"))
    retention_days: int = Field(30, ge=1, le=3650, validation_alias=_env("PREPBOT_RETENTION_DAYS"))

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r}: use an IANA name such as Europe/Berlin") from None
        return value

    @model_validator(mode="after")
    def _grader_model_named(self) -> Settings:
        if self.grader_url and not self.grader_model:
            raise ValueError("PREPBOT_GRADER_URL is set: name the model in PREPBOT_GRADER_MODEL")
        return self

    @field_validator("grader_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("use an http:// or https:// URL of an OpenAI-compatible API")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"unknown level {value[:20]!r}: use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("admins")
    @classmethod
    def _platform_user_ids(cls, value: str) -> str:
        for item in (part.strip() for part in value.split(",")):
            platform, _, user_id = item.partition(":")
            if item and (platform not in ADMIN_PLATFORMS or not user_id.strip()):
                raise ValueError(
                    f"'{item[:40]}' is not platform:user_id; use e.g. "
                    "slack:U012ABCDEF or discord:80351110224678912"
                )
        return value

    @model_validator(mode="after")
    def _slack_install_complete(self) -> Settings:
        if (self.slack_client_id is None) != (self.slack_client_secret is None):
            have, need = (
                ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
                if self.slack_client_id is not None
                else ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID")
            )
            raise ValueError(f"{have} is set: also set {need} (Basic Information -> App Credentials)")
        if not self.slack_oauth:
            return self
        if self.slack_signing_secret is None:
            raise ValueError(
                "SLACK_CLIENT_ID is set: also set SLACK_SIGNING_SECRET (installs need HTTP mode)"
            )
        if self.slack_bot_token is not None or self.slack_app_token is not None:
            raise ValueError(
                "SLACK_CLIENT_ID is set: leave SLACK_BOT_TOKEN and SLACK_APP_TOKEN empty "
                "(workspaces install prepbot at /slack/install)"
            )
        if self.slack_redirect_uri and not self.slack_redirect_uri.startswith(("https://", "http://")):
            raise ValueError("SLACK_REDIRECT_URI: use the https:// URL of /slack/oauth_redirect")
        return self

    @model_validator(mode="after")
    def _slack_bot_token_present(self) -> Settings:
        if self.slack_oauth:
            return self
        for name, value in (
            ("SLACK_APP_TOKEN", self.slack_app_token),
            ("SLACK_SIGNING_SECRET", self.slack_signing_secret),
        ):
            if value is not None and self.slack_bot_token is None:
                raise ValueError(
                    f"{name} is set: also set SLACK_BOT_TOKEN (the xoxb- Bot User "
                    "OAuth Token), or leave both empty"
                )
        return self

    @model_validator(mode="after")
    def _slack_mode_chosen(self) -> Settings:
        if (
            self.slack_bot_token is not None
            and self.slack_app_token is None
            and self.slack_signing_secret is None
        ):
            raise ValueError(
                "SLACK_BOT_TOKEN is set: also set SLACK_APP_TOKEN (Socket Mode) or "
                "SLACK_SIGNING_SECRET (HTTP mode)"
            )
        return self

    @field_validator("content_dir", mode="before")
    @classmethod
    def _folders_as_text(cls, value: object) -> object:
        if isinstance(value, Path):
            return str(value)
        if isinstance(value, list | tuple):
            return ":".join(str(item) for item in value)
        return value

    @field_validator("discord_guild_id", "discord_shard_count", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("discord_shard_ids")
    @classmethod
    def _shard_ids_within_count(cls, value: str, info: ValidationInfo) -> str:
        items = [item.strip() for item in value.split(",") if item.strip()]
        if not items:
            return ""
        count = info.data.get("discord_shard_count")
        if count is None:
            raise ValueError("needs DISCORD_SHARD_COUNT, the total number of shards")
        if not all(item.isdigit() for item in items):
            raise ValueError("use comma-separated shard numbers, such as 0,1")
        ids = [int(item) for item in items]
        if max(ids) >= count or len(set(ids)) != len(ids):
            raise ValueError(f"use distinct shard numbers from 0 to {count - 1}")
        return ",".join(map(str, ids))

    @property
    def content_dirs(self) -> tuple[Path, ...]:
        """The folders PREPBOT_CONTENT_DIR names (`:`-separated), loaded after the bundled packs."""
        return tuple(Path(part.strip()) for part in self.content_dir.split(":") if part.strip())

    @property
    def admin_ids(self) -> frozenset[str]:
        """`platform:user_id` entries of PREPBOT_ADMINS."""
        return frozenset(item.strip() for item in self.admins.split(",") if item.strip())

    @property
    def discord_enabled(self) -> bool:
        return self.discord_token is not None

    @property
    def discord_shards(self) -> tuple[int, ...] | None:
        """This process's shard ids; None when unsharded (DISCORD_SHARD_COUNT blank).

        With a count and no ids, this process runs every shard."""
        if self.discord_shard_count is None:
            return None
        if not self.discord_shard_ids:
            return tuple(range(self.discord_shard_count))
        return tuple(int(item) for item in self.discord_shard_ids.split(","))

    @property
    def slack_oauth(self) -> bool:
        """Workspaces install prepbot themselves (HTTP mode, tokens in the database)."""
        return self.slack_client_id is not None and self.slack_client_secret is not None

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None or self.slack_oauth

    @property
    def slack_http_mode(self) -> bool:
        """Slack over HTTP (no app token): its listener also serves /metrics."""
        return self.slack_enabled and self.slack_app_token is None
