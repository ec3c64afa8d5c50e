"""Admins' daily-question commands: `/prep schedule set|show|pause|resume|off` and `/prep post-now`."""

from __future__ import annotations

from datetime import datetime

from bot.bank import QuestionBank
from bot.commands import SCHEDULE_ACTIONS
from bot.community_settings import Communities
from bot.daily.choosing import matching_questions
from bot.daily.posting import DailyPoster
from bot.daily.question_posts import DayPost
from bot.daily.schedule import ScheduleSpec, parse_schedule
from bot.daily.views import describe_schedule, local_time
from bot.errors import UsageError
from bot.models import Channel, Member
from bot.ports import Clock
from bot.replies import Notice, Tone
from bot.storage.delivery_store import NO_QUESTION

NO_SCHEDULE = (
    "No daily question is scheduled in this channel. An admin can start one with "
    "/prep schedule set 09:00 Europe/Berlin"
)


class ScheduleAdmin:
    def __init__(
        self,
        poster: DailyPoster,
        bank: QuestionBank,
        *,
        default_timezone: str,
        clock: Clock,
        communities: Communities,
    ) -> None:
        self.poster = poster
        self.communities = communities
        self.daily_store = poster.daily_store
        self.bank = bank
        self.default_timezone = default_timezone
        self.clock = clock

    async def schedule(self, member: Member, channel: Channel, args: tuple[str, ...]) -> Notice:
        action = args[0].lower() if args else "show"
        if action not in SCHEDULE_ACTIONS:
            raise UsageError(
                "Use /prep schedule set <HH:MM> [timezone] [topics...], or "
                "/prep schedule show|pause|resume|off."
            )
        now = self.clock.now()
        if action == "set":
            defaults = await self.communities.schedule_defaults(channel.platform, channel.community_id)
            spec = parse_schedule(args[1:], self.default_timezone, self.bank.topics, defaults)
            self._check_questions(spec)
            await self.daily_store.save_schedule(
                channel.platform, channel.channel_id, channel.community_id, spec, now, set_by=member.user_id
            )
            await self._changed(channel)
            saved = await self.daily_store.get_schedule(channel.platform, channel.channel_id)
            assert saved is not None
            next_post = await self.next_post(channel, saved.spec, now)
            described = describe_schedule(saved, self.bank.topics, next_post)
            return Notice("Scheduled. " + described, Tone.SUCCESS)
        saved = await self.daily_store.get_schedule(channel.platform, channel.channel_id)
        if saved is None:
            return Notice(NO_SCHEDULE)
        if action == "show":
            next_post = await self.next_post(channel, saved.spec, now)
            return Notice(describe_schedule(saved, self.bank.topics, next_post))
        if action == "off":
            await self.daily_store.delete_schedule(channel.platform, channel.channel_id)
            await self._changed(channel)
            return Notice(
                "The daily question in this channel is off. Past posts and points stay.", Tone.SUCCESS
            )
        if action == "pause":
            await self.daily_store.set_paused(channel.platform, channel.channel_id, True, now)
            await self._changed(channel)
            return Notice("Paused: no daily questions here until /prep schedule resume.", Tone.SUCCESS)
        refusal = await self.poster.resume(channel, saved)
        await self._changed(channel)
        if refusal is not None:
            return Notice(f"Still paused: the bot still cannot post here: {refusal}", Tone.ERROR)
        next_post = await self.next_post(channel, saved.spec, now)
        return Notice(f"Resumed. Next post: {local_time(saved.spec, next_post)}.", Tone.SUCCESS)

    def _check_questions(self, spec: ScheduleSpec) -> None:
        if not matching_questions(self.bank, spec):
            raise UsageError(
                "No questions match those topics and that difficulty; /prep topics lists what there is."
            )

    async def _changed(self, channel: Channel) -> None:
        await self.poster.schedule_changed(channel.platform, channel.channel_id)

    async def next_post(self, channel: Channel, spec: ScheduleSpec, now: datetime) -> datetime:
        """The next post time; a day whose question is already out (post-now) posts no more."""
        moment = spec.next_after(now, any_day=False)
        posted = await self.daily_store.post_for_day(
            channel.platform, channel.channel_id, spec.local_date(moment)
        )
        if posted is not None and posted.message_id is not None:
            moment = spec.next_after(moment, any_day=False)
        return moment

    async def post_now(self, member: Member, channel: Channel) -> Notice:
        saved = await self.daily_store.get_schedule(channel.platform, channel.channel_id)
        now = self.clock.now()
        spec = saved.spec if saved else ScheduleSpec(now.time(), self.default_timezone)
        day = spec.local_date(now)
        before = await self.daily_store.post_for_day(channel.platform, channel.channel_id, day)
        if before is not None and before.message_id is not None:
            return Notice("Today's question is already posted in this channel: /prep today shows it.")
        if before is not None and before.question_id == NO_QUESTION:
            return Notice(
                f"Today's question was skipped in this channel: {before.failure}. "
                "The next one comes at the next post time."
            )
        if not self.poster.outbox.serves(channel.platform):
            raise UsageError("This process cannot post to this platform.")
        if before is not None and before.failure:
            posted = await self.poster.retry(before)  # the admin asks again: try again
        else:
            timezone = saved.spec.timezone if saved else "UTC"
            wanted = DayPost(channel, spec, day, now + spec.reveal_after, timezone, member.user_id)
            posted = await self.poster.ensure_post(wanted, before)
        if posted is not None:
            return Notice("Posted today's question in this channel.", Tone.SUCCESS)
        after = await self.daily_store.post_for_day(channel.platform, channel.channel_id, day)
        if after is not None and after.failure:
            return Notice(
                f"Today's question could not be posted in this channel: {after.failure}", Tone.ERROR
            )
        return Notice(
            "Today's question is not posted yet: the platform did not confirm it in "
            "time, or another process is posting it. prepbot keeps trying (it will "
            "not be posted twice) and tells you here if it finally cannot.",
            Tone.ERROR,
        )
