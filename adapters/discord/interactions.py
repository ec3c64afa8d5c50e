"""Turns Discord interactions into dispatcher calls and their replies into (mostly private) embeds."""

from __future__ import annotations

import io
import logging
from typing import Any

import discord

from adapters.discord.components import AnswerModal, is_stale_component, modal_target, submitted_text
from adapters.discord.embeds import Rendered
from adapters.discord.permissions import cannot_post, missing_to_post, posts_here
from adapters.discord.render import render
from adapters.discord.roles import holds_role
from adapters.export_files import export_files
from adapters.logs import log_ids
from adapters.progress_card import FILENAME, progress_png
from bot.commands import Command
from bot.dispatch import Dispatcher, check_allowed
from bot.errors import PrepError
from bot.export import Export
from bot.models import Channel, Member
from bot.notices import notice_for
from bot.privacy import DataExport
from bot.replies import Notice, Reply, Stats, Tone, reference_code
from bot.settings import Settings

log = logging.getLogger("prepbot.discord")
PLATFORM = "discord"
NO_MENTIONS = discord.AllowedMentions.none()
CANNOT_ATTACH = (
    "I can't attach files in this channel, so your export could not be sent here. Ask an admin "
    "to give prepbot the **Attach Files** permission (Edit Channel → Permissions), or run "
    "/prep export in another channel."
)
OUT_OF_DATE = (
    "This {what} is out of date, so nothing was recorded. Open the question again "
    "(`/prep today` or `/prep quiz`) and answer there."
)


def member_of(interaction: discord.Interaction[Any]) -> Member:
    user = interaction.user
    community = str(interaction.guild_id) if interaction.guild_id else f"dm-{user.id}"
    return Member(
        platform=PLATFORM, community_id=community, user_id=str(user.id), display_name=user.display_name[:100]
    )


def channel_of(interaction: discord.Interaction[Any]) -> Channel:
    community = str(interaction.guild_id) if interaction.guild_id else f"dm-{interaction.user.id}"
    return Channel(platform=PLATFORM, community_id=community, channel_id=str(interaction.channel_id))


class InteractionHandler:
    """The one place commands, button clicks and modal answers meet the dispatcher."""

    def __init__(self, settings: Settings, dispatcher: Dispatcher) -> None:
        self.settings = settings
        self.dispatcher = dispatcher
        self._deferred_private: dict[int, bool] = {}

    async def defer(self, interaction: discord.Interaction[Any], *, private: bool) -> None:
        self._deferred_private[interaction.id] = private
        await interaction.response.defer(ephemeral=private, thinking=True)

    async def send(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        """Answer the interaction; after a defer, replace its "thinking..." placeholder.

        A reply too long for one message continues in follow-up messages of the same visibility.
        """
        can_attach = interaction.app_permissions.attach_files
        if isinstance(reply, (Export, DataExport)) and not can_attach:
            reply = Notice(CANNOT_ATTACH, Tone.ERROR)
        shown: Rendered = render(reply)
        extra: dict[str, Any] = {"view": shown.view} if shown.view else {}
        files = await self._files(reply) if can_attach else []
        if any(f.filename == FILENAME for f in files):
            shown.first[0].set_image(url=f"attachment://{FILENAME}")
        if not interaction.response.is_done():
            await interaction.response.send_message(
                embeds=shown.first,
                ephemeral=reply.private,
                allowed_mentions=NO_MENTIONS,
                files=files,
                **extra,
            )
        elif reply.private == self._deferred_private.pop(interaction.id, True):
            await interaction.edit_original_response(
                embeds=shown.first, attachments=files, allowed_mentions=NO_MENTIONS, **extra
            )
        else:
            # The reply's visibility differs from the placeholder's: drop it and follow up instead.
            await interaction.delete_original_response()
            await interaction.followup.send(
                embeds=shown.first,
                ephemeral=reply.private,
                allowed_mentions=NO_MENTIONS,
                files=files,
                **extra,
            )
        for page, view in shown.messages()[1:]:
            buttons: dict[str, Any] = {"view": view} if view else {}
            await interaction.followup.send(
                embeds=page, ephemeral=reply.private, allowed_mentions=NO_MENTIONS, **buttons
            )

    async def _files(self, reply: Reply) -> list[discord.File]:
        """What rides on the reply: the progress card with stats, the files of an export."""
        if isinstance(reply, Export):
            return [
                discord.File(io.BytesIO(f.content), filename=f.filename)
                for f in await export_files(reply.rows)
            ]
        if isinstance(reply, DataExport):
            return [discord.File(io.BytesIO(reply.content), filename=reply.filename)]
        card = await progress_png(reply, self.settings.images) if isinstance(reply, Stats) else None
        return [discord.File(io.BytesIO(card), filename=FILENAME)] if card else []

    def is_admin(self, interaction: discord.Interaction[Any]) -> bool:
        allowed = interaction.permissions.manage_guild
        return allowed or f"{PLATFORM}:{interaction.user.id}" in self.settings.admin_ids

    async def run(
        self, interaction: discord.Interaction[Any], command: Command, *, public: bool = False
    ) -> None:
        """Run a `/prep` subcommand: acknowledge at once, then reply when the core has answered."""
        await self._guarded(interaction, self._run(interaction, command, public))

    async def _has_admin_role(self, interaction: discord.Interaction[Any]) -> bool:
        """The member holds the role the server's admins named with /prep config admin-role."""
        if interaction.guild_id is None:
            return False
        role = await self.dispatcher.communities.admin_role(PLATFORM, str(interaction.guild_id))
        return holds_role(interaction, role)

    async def _run(self, interaction: discord.Interaction[Any], command: Command, public: bool) -> None:
        is_admin = self.is_admin(interaction) or (
            command.admin_only and await self._has_admin_role(interaction)
        )
        check_allowed(PLATFORM, command, is_admin=is_admin)  # before the defer: the refusal is immediate
        missing = missing_to_post(interaction) if posts_here(command) else []
        if missing:
            await self.send(interaction, Notice(cannot_post(missing), Tone.ERROR))
            return
        await self.defer(interaction, private=not public)
        reply = await self.dispatcher.run(
            member_of(interaction), channel_of(interaction), command, is_admin=is_admin
        )
        await self.send(interaction, reply)

    async def answer(
        self, interaction: discord.Interaction[Any], post: int, question_id: str, response: str
    ) -> None:
        await self._guarded(interaction, self._answer(interaction, post, question_id, response))

    async def _answer(
        self, interaction: discord.Interaction[Any], post: int, question_id: str, response: str
    ) -> None:
        await self.defer(interaction, private=True)
        member = member_of(interaction)
        feedback = await self.dispatcher.answer(
            member, question_id, response, post_id=post or None, channel=channel_of(interaction)
        )
        await self.send(interaction, feedback)

    async def claim(self, interaction: discord.Interaction[Any], question_id: str, point: int) -> None:
        """A self-assessment button under open-question feedback: that question, that point."""
        reference = reference_code(question_id)
        await self.run(interaction, Command("claim", (str(point), reference), f"{point} {reference}"))

    async def open_modal(self, interaction: discord.Interaction[Any], post: int, question_id: str) -> None:
        await self._guarded(interaction, interaction.response.send_modal(AnswerModal(post, question_id)))

    async def routed(self, interaction: discord.Interaction[Any]) -> None:
        """Interactions no discord.py view handles: every answer modal, and out-of-date buttons."""
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if interaction.type is discord.InteractionType.modal_submit:
            target = modal_target(custom_id)
            if target is not None:
                await self.answer(interaction, *target, submitted_text(data.get("components", [])))
            else:
                await self._guarded(interaction, self._out_of_date(interaction, "answer form"))
        elif interaction.type is discord.InteractionType.component and is_stale_component(custom_id):
            await self._guarded(interaction, self._out_of_date(interaction, "button"))

    async def _out_of_date(self, interaction: discord.Interaction[Any], what: str) -> None:
        await self.send(interaction, Notice(OUT_OF_DATE.format(what=what), Tone.INFO))

    async def _guarded(self, interaction: discord.Interaction[Any], work: Any) -> None:
        with log_ids(interaction=interaction.id, channel=interaction.channel_id):
            log.info("discord %s in guild %s", interaction.type.name, interaction.guild_id)
            await self._guarded_work(interaction, work)

    async def _guarded_work(self, interaction: discord.Interaction[Any], work: Any) -> None:
        try:
            await work
        except Exception as error:
            if not isinstance(error, PrepError):
                log.exception("interaction %s failed", interaction.id)
            await self._tell(interaction, notice_for(error))

    async def _tell(self, interaction: discord.Interaction[Any], notice: Notice) -> None:
        try:
            await self.send(interaction, notice)
        except discord.HTTPException:
            log.exception("could not tell the member about interaction %s", interaction.id)
