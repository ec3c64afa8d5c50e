"""The Bolt listeners: /prep, answer buttons, the answer modal and the App Home tab.

Listeners acknowledge Slack first and do their work after, in a task of their own
(adapters/slack/deferred.py), so no ack waits on the core or on Bolt's polling. Answers are the
exception: they are recorded before the ack when the store answers within ACK_WITHIN, so a
process that dies first leaves the member Slack's visible error instead of a silently lost
click. Replies go out privately via the response_url, or the Web API when that has expired.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.actions import (
    ANSWER_ACTION,
    ANSWER_BLOCK,
    ANSWER_INPUT,
    ANSWER_VIEW,
    CHOICE_ACTION,
    CLAIM_ACTION,
    AnswerTarget,
    ModalContext,
    answer_modal,
    decode_claim,
    decode_value,
)
from adapters.slack.blocks import escape
from adapters.slack.deferred import Deferred
from adapters.slack.home import home_view
from adapters.slack.members import (
    AdminCheck,
    api_error,
    channel_of,
    display_name_of,
    interaction_channel_id,
    member_from_command,
    member_from_interaction,
)
from adapters.slack.progress_dm import send_export, send_progress_card
from adapters.slack.respond import ReplySession, ReplyTarget, send_reply
from bot.commands import MAX_ANSWER_CHARS, Command, parse, strip_control
from bot.dispatch import Dispatcher
from bot.export import Export
from bot.models import Member
from bot.notices import APOLOGY, reply_or_notice
from bot.privacy import DataExport
from bot.replies import Leaderboard, Notice, Reply, Stats, Tone, reference_code

log = logging.getLogger("prepbot.slack")
FALLBACK_NAME = "you"
ESCAPED_USER = re.compile(r"<@([UW][A-Z0-9]{1,20})(?:\|[^>]{0,100})?>")


# Slack shows the member an error when a click is not acknowledged within 3 s
# (https://api.slack.com/interactivity/handling#acknowledgment_response); keep a margin.
ACK_WITHIN = 2.0
# Commands worked on at once after their ack; the rest wait their turn, so that under load a new
# request (a click's answer is recorded before its ack) is not queued behind every command in
# flight. Only the core's work is bounded: sending replies waits on the network and is not.
COMMANDS_AT_ONCE = 2
INVALID_BUTTON = Notice("That button is no longer valid.", Tone.ERROR)


def interaction_target(member: Member, body: dict[str, Any]) -> ReplyTarget:
    return ReplyTarget(member.user_id, interaction_channel_id(body), str(body.get("response_url", "")))


def modal_input_error(raw: str | None) -> str | None:
    text = strip_control(raw or "").strip()
    if not text:
        return "Type an answer before submitting."
    if len(text) > MAX_ANSWER_CHARS:
        return f"Your answer is {len(text):,} characters long; the limit is {MAX_ANSWER_CHARS:,}."
    return None


def modal_answer(view: dict[str, Any]) -> str | None:
    values = view.get("state", {}).get("values", {})
    answer = values.get(ANSWER_BLOCK, {}).get(ANSWER_INPUT, {}).get("value")
    return answer if isinstance(answer, str) else None


class SlackListeners:
    def __init__(
        self, dispatcher: Dispatcher, admins: AdminCheck, replies: ReplySession, *, images: bool = True
    ) -> None:
        self.dispatcher = dispatcher
        self.replies = replies
        self.deferred = Deferred()
        self.admins = admins
        self.images = images
        self.turns = asyncio.Semaphore(COMMANDS_AT_ONCE)

    def register(self, app: AsyncApp) -> None:
        later = self.deferred.listener
        app.command("/prep")(later(self.on_command))
        app.action(CHOICE_ACTION)(self.on_choice)
        app.action(ANSWER_ACTION)(later(self.on_answer_button))
        app.action(CLAIM_ACTION)(later(self.on_claim))
        app.view(ANSWER_VIEW)(self.on_modal_submit)
        app.event("app_home_opened")(later(self.on_home_opened))

    async def send(self, client: AsyncWebClient, target: ReplyTarget, reply: Reply) -> None:
        await send_reply(client, target, reply, self.replies.get())

    async def guarded(self, work: Awaitable[Reply], request_id: str) -> Reply:
        return await reply_or_notice(work, f"slack request {request_id}")

    async def run_command(self, member: Member, channel_id: str, text: str) -> Reply:
        command = parse(ESCAPED_USER.sub(r"\1", text))
        is_admin = command.admin_only and await self.admins.is_admin(member)
        return await self.dispatcher.run(member, channel_of(member, channel_id), command, is_admin=is_admin)

    async def on_command(self, body: dict[str, Any], _: dict[str, Any], client: AsyncWebClient) -> None:
        member = member_from_command(body)
        channel_id = str(body.get("channel_id", ""))
        async with self.turns:
            reply = await self.guarded(
                self.run_command(member, channel_id, str(body.get("text", ""))), body.get("trigger_id", "?")
            )
        target = ReplyTarget(member.user_id, channel_id, str(body.get("response_url", "")))
        if isinstance(reply, (Export, DataExport)):
            reply = await send_export(client, member.user_id, reply)
        await self.send(client, target, reply)
        if isinstance(reply, Stats):
            sent = await send_progress_card(client, member.user_id, reply, self.images)
            if sent is not None:
                await self.send(client, target, sent)

    async def answer(self, member: Member, target: AnswerTarget, response: str) -> Reply:
        """Record one answer; the core shows a repeated one the feedback of the first."""
        return await self.dispatcher.answer(member, target.question_id, response, post_id=target.post_id)

    async def recorded_then_acked(
        self, ack: AsyncAck, member: Member, target: AnswerTarget, response: str, request_id: str
    ) -> asyncio.Future[Reply]:
        """Acknowledge once the answer is recorded, or after ACK_WITHIN seconds if the store is
        slower; the reply to send when recording is done."""
        answering = asyncio.ensure_future(self.guarded(self.answer(member, target, response), request_id))
        await asyncio.wait({answering}, timeout=ACK_WITHIN)
        await ack()
        return answering

    def reply_later(self, client: AsyncWebClient, target: ReplyTarget, reply: Awaitable[Reply]) -> None:
        async def send() -> None:
            await self.send(client, target, await reply)

        self.deferred.spawn(send())

    async def on_choice(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        member = member_from_interaction(body)
        reply_to = interaction_target(member, body)
        target = decode_value(str(action.get("value", "")))
        if target is None or not target.option:
            await ack()
            self.deferred.spawn(self.send(client, reply_to, INVALID_BUTTON))
            return
        answering = await self.recorded_then_acked(
            ack, member, target, target.option, body.get("trigger_id", "?")
        )
        self.reply_later(client, reply_to, answering)

    async def on_claim(self, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        """ "I covered point N" under open-question feedback: that question's key point."""
        member = member_from_interaction(body)
        reply_to = interaction_target(member, body)
        claimed = decode_claim(str(action.get("value", "")))
        if claimed is None:
            await self.send(client, reply_to, INVALID_BUTTON)
            return
        question_id, point = claimed
        command = f"claim {point} {reference_code(question_id)}"
        reply = await self.guarded(
            self.run_command(member, reply_to.channel_id, command), body.get("trigger_id", "?")
        )
        await self.send(client, reply_to, reply)

    async def on_answer_button(
        self, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        member = member_from_interaction(body)
        reply_to = interaction_target(member, body)
        target = decode_value(str(action.get("value", "")))
        if target is None:
            await self.send(client, reply_to, INVALID_BUTTON)
            return
        prompt = escape(self.dispatcher.prompt_of(target.question_id) or "") or "Type your answer."
        context = ModalContext(target, interaction_channel_id(body), str(body.get("response_url", "")))
        try:
            await client.views_open(
                trigger_id=body["trigger_id"], view=answer_modal(prompt, context, MAX_ANSWER_CHARS)
            )
        except Exception:
            log.exception("slack request %s: views.open failed", body.get("trigger_id", "?"))
            await self.send(client, reply_to, Notice(APOLOGY, Tone.ERROR))

    async def on_modal_submit(
        self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        raw = modal_answer(view)
        problem = modal_input_error(raw)
        if problem:
            await ack(response_action="errors", errors={ANSWER_BLOCK: problem})
            return
        context = ModalContext.load(str(view.get("private_metadata", "")))
        if context is None:
            await ack()
            log.warning("slack request %s: modal without a valid context", body.get("trigger_id"))
            return
        member = member_from_interaction(body)
        answering = await self.recorded_then_acked(
            ack, member, context.target, str(raw), body.get("trigger_id", "?")
        )
        self.reply_later(
            client, ReplyTarget(member.user_id, context.channel_id, context.response_url), answering
        )

    async def on_home_opened(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        try:
            await self.publish_home(client, body["team_id"], event["user"], event.get("channel", ""))
        except Exception:
            log.exception("slack event %s: publishing the App Home failed", body.get("event_id"))

    async def publish_home(self, client: AsyncWebClient, team_id: str, user_id: str, channel_id: str) -> None:
        member = Member(
            platform="slack",
            community_id=team_id,
            user_id=user_id,
            display_name=await self.display_name(client, user_id),
        )
        channel = channel_of(member, channel_id or user_id)
        stats = await self.dispatcher.run(member, channel, Command("stats"), is_admin=False)
        board = await self.dispatcher.run(member, channel, Command("leaderboard", ("week",)), is_admin=False)
        assert isinstance(stats, Stats) and isinstance(board, Leaderboard)
        await client.views_publish(user_id=user_id, view=home_view(stats, board))

    async def display_name(self, client: AsyncWebClient, user_id: str) -> str:
        """The member's Slack name, or a neutral one when Slack cannot say: the Home tab still opens."""
        try:
            info = await client.users_info(user=user_id)
            user = info.get("user")
        except Exception as error:
            log.warning("users.info failed for the App Home: %s", api_error(error))
            return FALLBACK_NAME
        return (display_name_of(user) if isinstance(user, dict) else "") or FALLBACK_NAME
