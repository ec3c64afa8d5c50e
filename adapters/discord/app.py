"""The Discord adapter: the real discord.py client, its `/prep` commands and answer buttons."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.backoff import ExponentialBackoff

from adapters.connect_logs import RetryLines, retry_line
from adapters.discord.call_metrics import counting_trace
from adapters.discord.commands import build_prep_group
from adapters.discord.components import DYNAMIC_ITEMS
from adapters.discord.interactions import NO_MENTIONS, InteractionHandler
from adapters.discord.permissions import invite_url
from adapters.discord.publisher import DiscordPublisher
from adapters.discord.roles import GuildRoles
from adapters.discord.sync import sync_if_changed
from bot.dispatch import Dispatcher
from bot.errors import PrepError
from bot.notices import APOLOGY
from bot.settings import Settings

log = logging.getLogger("prepbot.discord")
# Told that the bot can no longer post somewhere: (server id, channel id or None for the whole
# server, what happened).
RemovalHook = Callable[[str, str | None, str], Awaitable[None]]
UNREACHABLE = (OSError, aiohttp.ClientError, TimeoutError, discord.DiscordServerError)
# discord.py retries the gateway itself and logs each failure with "Attempting a reconnect in 3.52s".
GATEWAY_RETRIES = RetryLines(
    "discord", r"Attempting a reconnect in ([\d.]+)s", lambda found: float(found.group(1))
)


def point_at_endpoints(settings: Settings) -> None:
    """discord.py keeps its REST base and gateway URL on classes; point both at the configured ones."""
    discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


class PrepTree(app_commands.CommandTree["PrepClient"]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        log.error("interaction %s failed", interaction.id, exc_info=error)
        if not interaction.response.is_done():
            await interaction.response.send_message(APOLOGY, ephemeral=True, allowed_mentions=NO_MENTIONS)


class PrepClient(discord.Client):
    def __init__(self, settings: Settings, dispatcher: Dispatcher, **options: Any) -> None:
        # The bot has no voice, so discord.py need not warn that its voice libraries are missing.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(intents=discord.Intents.default(), allowed_mentions=NO_MENTIONS, **options)
        self.settings = settings
        self.dispatcher = dispatcher
        self.answers = InteractionHandler(settings, dispatcher)
        self.tree = PrepTree(self)
        self.tree.add_command(build_prep_group(self.answers))
        self.ready = asyncio.Event()
        self.synced: bool | None = None
        self.removal_hook: RemovalHook | None = None

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        assert self.application_id is not None
        self.synced = await sync_if_changed(
            self.tree, self.dispatcher.platform_state, self.application_id, self.settings.discord_guild_id
        )

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        await self.answers.routed(interaction)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        try:
            await self.dispatcher.communities.seen("discord", str(guild.id))
        except Exception:
            log.exception("recording that server %s added the bot back failed", guild.id)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self._removed(str(guild.id), None, "the bot was removed from the server")

    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        await self._removed(str(channel.guild.id), str(channel.id), "the channel was deleted")

    async def _removed(self, community_id: str, channel_id: str | None, what: str) -> None:
        log.warning("discord: %s (server %s, channel %s)", what, community_id, channel_id or "all")
        if self.removal_hook is None:
            return
        try:
            await self.removal_hook(community_id, channel_id, what)
        except Exception:
            log.exception("handling the removal from server %s failed", community_id)

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s in %d server(s)", self.user, len(self.guilds))
        if self.application_id is not None:
            log.info("invite link for another server: %s", invite_url(self.application_id))
        self.ready.set()


class ShardedPrepClient(PrepClient, discord.AutoShardedClient):
    """The same client on some shards of a sharded bot: one gateway connection per shard id."""


class DiscordAdapter:
    platform = "discord"

    def __init__(self, settings: Settings, dispatcher: Dispatcher, **client_options: Any) -> None:
        """`client_options` go to `discord.Client` (e.g. `guild_ready_timeout`)."""
        self.settings = settings
        shards = settings.discord_shards
        if shards is None:
            self.client = PrepClient(settings, dispatcher, **client_options)
        else:
            self.client = ShardedPrepClient(
                settings,
                dispatcher,
                shard_ids=list(shards),
                shard_count=settings.discord_shard_count,
                **client_options,
            )
        self.publisher = DiscordPublisher(self.client)
        dispatcher.communities.roles["discord"] = GuildRoles(self.client)

    def on_removal(self, hook: RemovalHook) -> None:
        """Call `hook` when the bot leaves a server or one of its channels is deleted, so the
        daily questions there can stop (nothing calls it until the composition root wires it)."""
        self.client.removal_hook = hook

    @property
    def connected(self) -> bool:
        """Ready, and every gateway connection of this process open (one per shard)."""
        client = self.client
        if not client.is_ready() or client.is_closed() or self.publisher.token_refused:
            return False
        shards = getattr(client, "shards", None)
        if shards is not None:
            return bool(shards) and not any(shard.is_closed() for shard in shards.values())
        return client.ws is not None and client.ws.open

    async def start(self) -> None:
        assert self.settings.discord_token is not None, "DISCORD_TOKEN is not set"
        point_at_endpoints(self.settings)
        if self.settings.discord_shards is not None:
            log.info(
                "discord: shards %s of %s in this process",
                ",".join(map(str, self.settings.discord_shards)),
                self.settings.discord_shard_count,
            )
        GATEWAY_RETRIES.attach(logging.getLogger("discord.client"))
        GATEWAY_RETRIES.attach(logging.getLogger("discord.shard"))
        await self._login(self.settings.discord_token.get_secret_value())
        await self.client.connect(reconnect=True)

    async def _login(self, token: str) -> None:
        """discord.py does not retry its login request; a network failure is retried here,
        with backoff, until it succeeds or the bot is stopped."""
        backoff = ExponentialBackoff()
        while True:
            try:
                await self.client.login(token)
                return
            except discord.LoginFailure:
                raise PrepError(
                    "DISCORD_TOKEN was refused by Discord: copy the bot token again "
                    "from the Developer Portal (Bot → Reset Token)"
                ) from None
            except UNREACHABLE as error:
                # Close the failed login's HTTP session; its connector closes with it, so the
                # next login must make a new one.
                await self.client.http.close()
                self.client.http.connector = discord.utils.MISSING
                delay = backoff.delay()
                log.warning(retry_line("discord", error, delay))
                log.debug("discord login failed", exc_info=error)
                await asyncio.sleep(delay)

    async def close(self) -> None:
        await self.client.close()


def create_discord_adapter(settings: Settings, dispatcher: Dispatcher) -> DiscordAdapter:
    return DiscordAdapter(settings, dispatcher, http_trace=counting_trace(dispatcher.metrics))
