"""The Monday leaderboard post of each channel with a daily schedule, posted exactly once."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from bot.commands import Period
from bot.daily.delivery import LEASE, Claim, Delivery
from bot.daily.views import schedule_channel
from bot.models import Community
from bot.ports import Clock
from bot.replies import Leaderboard, LeaderboardRow
from bot.scopes import BoardScope
from bot.service import rank_in
from bot.storage.claim_store import BOARD
from bot.storage.community_store import CommunityStore
from bot.storage.daily_rows import ScheduleRow
from bot.storage.daily_store import DailyStore
from bot.storage.repository import Store

log = logging.getLogger("prepbot.daily")


class WeeklyBoards:
    def __init__(
        self,
        store: Store,
        daily_store: DailyStore,
        delivery: Delivery,
        *,
        clock: Clock,
        catchup: timedelta,
        owner: str,
    ) -> None:
        self.store = store
        self.daily_store = daily_store
        self.delivery = delivery
        self.clock = clock
        self.catchup = catchup
        self.owner = owner
        # The last day reported late, per (what, channel): each miss is logged once.
        self._reported_misses: dict[tuple[str, str], date] = {}
        self.communities = CommunityStore(store.engine, store.transactions)

    def _within_window(self, what: str, schedule: ScheduleRow, due: datetime, now: datetime) -> bool:
        if now - due <= self.catchup:
            return True
        channel = f"{schedule.platform}:{schedule.channel_id}"
        day = schedule.spec.local_date(due)
        if self._reported_misses.get((what, channel)) != day:
            self._reported_misses[what, channel] = day
            log.warning(
                "skipped the %s of %s for %s: %s late, past the %s catch-up window",
                what,
                channel,
                day,
                now - due,
                self.catchup,
            )
        return False

    async def post_if_due(self, schedule: ScheduleRow, now: datetime) -> None:
        due = schedule.spec.latest_at_or_before(now, any_day=True)
        if due is None or due < schedule.active_since:
            return
        monday = schedule.spec.local_date(due)
        if monday.weekday() != 0:
            return
        state = await self.daily_store.board_state(schedule.platform, schedule.channel_id, monday)
        if state is not None and state.message_id is not None:
            return
        if not self._within_window("weekly leaderboard", schedule, due, now):
            return
        if not await self._wanted(schedule):
            return
        board = await self._last_week_board(schedule, monday)
        if board is None:
            return
        channel = schedule_channel(schedule)

        async def claim() -> Claim | None:
            if state is not None:
                return Claim(state.id, board, mine=False)
            won = await self.daily_store.claim_board(
                platform=channel.platform,
                channel_id=channel.channel_id,
                week_start=monday,
                now=self.clock.now(),
                owner=self.owner,
                lease=LEASE,
            )
            if won is not None:
                return Claim(won, board)
            lost = await self.daily_store.board_state(channel.platform, channel.channel_id, monday)
            return None if lost is None else Claim(lost.id, board, mine=False)

        await self.delivery.send_once(BOARD, channel, claim)

    async def _wanted(self, schedule: ScheduleRow) -> bool:
        """The community's admins can turn the weekly board off (/prep config weekly-board off)."""
        community = Community(schedule.platform, schedule.community_id).key
        return (await self.communities.settings(community))["weekly_board"] is not False

    async def _last_week_board(self, schedule: ScheduleRow, monday: date) -> Leaderboard | None:
        week = monday - timedelta(days=7)
        community = Community(schedule.platform, schedule.community_id).key
        entries = await self.store.top(community, BoardScope.week_of(week).key)
        if not entries:
            return None
        rows = tuple(
            LeaderboardRow(rank_in(entries, i), e.name, e.points, e.correct) for i, e in enumerate(entries)
        )
        return Leaderboard(
            period=Period.WEEK,
            topic_title=None,
            rows=rows,
            caller=None,
            private=False,
            week_start=week.isoformat(),
        )
