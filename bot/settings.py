"""Configuration from the environment and `.env`, built by the composition root at start-up."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.bank import BUNDLED_CONTENT


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore", populate_by_name=True)

    database_url: str = Field("sqlite:///./data/prepbot.db",
                              validation_alias=_env("PREPBOT_DATABASE_URL"))
    content_dir: Path = Field(BUNDLED_CONTENT, validation_alias=_env("PREPBOT_CONTENT_DIR"))
    timezone: str = Field("UTC", validation_alias=_env("PREPBOT_TIMEZONE"))
    log_level: str = Field("INFO", validation_alias=_env("PREPBOT_LOG_LEVEL"))
    admins: str = Field("", validation_alias=_env("PREPBOT_ADMINS"))
    catchup_hours: float = Field(6.0, ge=0, validation_alias=_env("PREPBOT_CATCHUP_HOURS"))

    discord_token: SecretStr | None = Field(None, validation_alias=_env("DISCORD_TOKEN"))
    discord_guild_id: int | None = Field(None, validation_alias=_env("DISCORD_GUILD_ID"))
    discord_api_url: str = Field("https://discord.com/api/v10",
                                 validation_alias=_env("DISCORD_API_URL"))
    discord_gateway_url: str = Field("wss://gateway.discord.gg/",
                                     validation_alias=_env("DISCORD_GATEWAY_URL"))

    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=_env("SLACK_SIGNING_SECRET"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=_env("SLACK_API_URL"))
    http_host: str = Field("127.0.0.1", validation_alias=_env("PREPBOT_HTTP_HOST"))
    http_port: int = Field(3000, ge=1, le=65535, validation_alias=_env("PREPBOT_HTTP_PORT"))

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r}: use an IANA name such as Europe/Berlin") \
                from None
        return value

    @field_validator("discord_guild_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def admin_ids(self) -> frozenset[str]:
        """`platform:user_id` entries of PREPBOT_ADMINS."""
        return frozenset(item.strip() for item in self.admins.split(",") if item.strip())

    @property
    def discord_enabled(self) -> bool:
        return self.discord_token is not None

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None
