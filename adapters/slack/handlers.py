"""The Bolt listeners: /prep, answer buttons, the answer modal and the App Home tab.

Every listener is a lazy one: Bolt acknowledges the request at once (`ack_now`, or the modal's
validation) and runs the listener after, in its own task, so no ack waits on the core or on
Bolt's polling. The reply goes out privately via the response_url, or the Web API when that
has expired.
"""

from __future__ import annotations

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
from adapters.slack.guards import SeenKeys
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
from adapters.slack.progress_dm import send_progress_card
from adapters.slack.respond import ReplySession, ReplyTarget, send_reply
from bot.commands import Command, parse, strip_control
from bot.dispatch import Dispatcher
from bot.errors import PrepError
from bot.models import Member
from bot.replies import Leaderboard, Notice, Reply, Stats, Tone, reference_code
from bot.service import MAX_ANSWER_CHARS

log = logging.getLogger("prepbot.slack")
FALLBACK_NAME = "you"
APOLOGY = "Sorry, something went wrong on our side. It was logged; please try again."
ALREADY_ANSWERED = "You already answered this question."
ESCAPED_USER = re.compile(r"<@([UW][A-Z0-9]{1,20})(?:\|[^>]{0,100})?>")


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


async def ack_modal(ack: AsyncAck, view: dict[str, Any]) -> bool:
    """Closes the modal (True), or keeps it open with the problem under the answer box."""
    problem = modal_input_error(modal_answer(view))
    if problem:
        await ack(response_action="errors", errors={ANSWER_BLOCK: problem})
        return False
    await ack()
    return True


class SlackListeners:
    def __init__(
        self, dispatcher: Dispatcher, admins: AdminCheck, replies: ReplySession, *, images: bool = True
    ) -> None:
        self.dispatcher = dispatcher
        self.replies = replies
        self.deferred = Deferred()
        self.admins = admins
        self.images = images
        self.answered = SeenKeys()

    def register(self, app: AsyncApp) -> None:
        later = self.deferred.listener
        app.command("/prep")(later(self.on_command))
        app.action(CHOICE_ACTION)(later(self.on_choice))
        app.action(ANSWER_ACTION)(later(self.on_answer_button))
        app.action(CLAIM_ACTION)(later(self.on_claim))
        app.view(ANSWER_VIEW)(later(self.on_modal_submit, ack_modal))
        app.event("app_home_opened")(later(self.on_home_opened))

    async def send(self, client: AsyncWebClient, target: ReplyTarget, reply: Reply) -> None:
        await send_reply(client, target, reply, self.replies.get())

    async def guarded(self, work: Awaitable[Reply], request_id: str) -> Reply:
        """Core errors become private notices; anything else is logged and apologised for."""
        try:
            return await work
        except PrepError as error:
            return Notice(error.message, Tone.ERROR)
        except Exception:
            log.exception("slack request %s failed", request_id)
            return Notice(APOLOGY, Tone.ERROR)

    async def run_command(self, member: Member, channel_id: str, text: str) -> Reply:
        command = parse(ESCAPED_USER.sub(r"\1", text))
        is_admin = command.admin_only and await self.admins.is_admin(member)
        return await self.dispatcher.run(member, channel_of(member, channel_id), command, is_admin=is_admin)

    async def on_command(self, body: dict[str, Any], _: dict[str, Any], client: AsyncWebClient) -> None:
        member = member_from_command(body)
        channel_id = str(body.get("channel_id", ""))
        reply = await self.guarded(
            self.run_command(member, channel_id, str(body.get("text", ""))), body.get("trigger_id", "?")
        )
        target = ReplyTarget(member.user_id, channel_id, str(body.get("response_url", "")))
        await self.send(client, target, reply)
        if isinstance(reply, Stats):
            sent = await send_progress_card(client, member.user_id, reply, self.images)
            if sent is not None:
                await self.send(client, target, sent)

    async def answer(self, member: Member, target: AnswerTarget, response: str, message_key: str) -> Reply:
        """Record one answer; a second one for the same message and member is refused."""
        key = (member.community_id, member.user_id, target.post_id, target.question_id, message_key)
        if not self.answered.claim(key):
            return Notice(ALREADY_ANSWERED, Tone.ERROR)
        try:
            return await self.dispatcher.answer(member, target.question_id, response, post_id=target.post_id)
        except Exception as error:
            if not isinstance(error, PrepError):
                self.answered.release(key)
            raise

    async def on_choice(self, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        member = member_from_interaction(body)
        reply_to = interaction_target(member, body)
        target = decode_value(str(action.get("value", "")))
        if target is None or not target.option:
            await self.send(client, reply_to, INVALID_BUTTON)
            return
        message_key = str((body.get("container") or {}).get("message_ts", ""))
        reply = await self.guarded(
            self.answer(member, target, target.option, message_key), body.get("trigger_id", "?")
        )
        await self.send(client, reply_to, reply)

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
        question = self.dispatcher.service.bank.get(target.question_id)
        prompt = escape(question.prompt) if question else "Type your answer."
        context = ModalContext(target, interaction_channel_id(body), str(body.get("response_url", "")))
        try:
            await client.views_open(
                trigger_id=body["trigger_id"], view=answer_modal(prompt, context, MAX_ANSWER_CHARS)
            )
        except Exception:
            log.exception("slack request %s: views.open failed", body.get("trigger_id", "?"))
            await self.send(client, reply_to, Notice(APOLOGY, Tone.ERROR))

    async def on_modal_submit(
        self, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        raw = modal_answer(view)
        context = ModalContext.load(str(view.get("private_metadata", "")))
        if context is None:
            log.warning("slack request %s: modal without a valid context", body.get("trigger_id"))
            return
        member = member_from_interaction(body)
        reply = await self.guarded(
            self.answer(member, context.target, str(raw), str(view.get("id"))), body.get("trigger_id", "?")
        )
        target = ReplyTarget(member.user_id, context.channel_id, context.response_url)
        await self.send(client, target, reply)

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
