"""What the core needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bot.models import Channel, Member
from bot.replies import Reply

if TYPE_CHECKING:
    from bot.storage.earlier_attempts import EarlierAttempt
    from bot.storage.member_reads import BoardEntry, BoardView, MemberRecord, Progress, TopicTally
    from bot.storage.repository import Pending
    from bot.storage.review_store import DueReviews
    from bot.storage.writes import Answer, PointsRule, RecordedAttempt


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class PostRefused(Exception):
    """The platform refused a post or edit for good: retrying cannot help until a person acts.

    `reason` names what happened ("the bot was removed from the channel"); `fix` says what an
    admin can do about it ("/invite @prepbot in that channel"). Publishers raise it for errors
    such as a deleted or archived channel, missing access or permissions, or a revoked token;
    anything else they raise is taken as worth retrying.
    """

    def __init__(self, reason: str, fix: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


class Publisher(Protocol):
    """Posts replies to channels on one platform and edits them later."""

    platform: str

    async def post(self, channel: Channel, reply: Reply) -> str:
        """Post `reply` publicly in `channel`; returns the platform's message id."""
        ...

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        """Replace the message `message_id` in `channel` with `reply`."""
        ...


@runtime_checkable
class PostFinder(Protocol):
    """A publisher that can look for a daily post it may already have sent (optional).

    A post whose outcome is unknown (the call timed out, or the process died after sending) is
    looked for before it is sent again, so a slow platform or a crash never doubles it.
    """

    async def find_post(self, channel: Channel, post_id: int, since: datetime) -> str | None:
        """The message id of daily post `post_id` (its QuestionCard's `post_id`) if the bot
        posted it in `channel` at or after `since`, else None. Raises on transport errors."""
        ...


@runtime_checkable
class ChannelCheck(Protocol):
    """A publisher that can tell, without posting, whether the bot may post in a channel
    (optional; `/prep schedule resume` uses it before resuming a schedule paused by a refusal)."""

    async def check_channel(self, channel: Channel) -> None:
        """Return when the bot can post in `channel`; raise PostRefused saying why not."""
        ...


class ChatModel(Protocol):
    """An OpenAI-compatible chat-completions endpoint that reviews open answers."""

    async def complete(self, messages: list[dict[str, str]]) -> str:
        """The assistant message's text for `messages`; raises on any transport error."""
        ...


class PlatformState(Protocol):
    """Small facts a platform adapter keeps between runs (e.g. the commands last registered)."""

    async def get_state(self, key: str) -> str | None: ...

    async def set_state(self, key: str, value: str) -> None: ...


class PracticeStore(PlatformState, Protocol):
    """The practice records the use cases read and write: members, open questions, answers and
    leaderboard totals. bot.storage.repository.Store is the SQL one; tests have an in-memory one."""

    async def member_id(self, member: Member) -> int: ...

    async def find_member(
        self, platform: str, community_id: str, who: str, *, by_name: bool = True
    ) -> MemberRecord | None: ...

    async def set_pending(
        self, member: Member, question_id: str, post_id: int | None, now: datetime, purpose: str = "practice"
    ) -> Pending | None:
        """Make the question the member's open one; the one it replaced, if any."""

    async def get_pending(self, member: Member) -> Pending | None: ...

    async def record_attempt(self, answer: Answer, points_rule: PointsRule) -> RecordedAttempt:
        """Store one answer in one transaction; raises AlreadyAnswered when it was taken."""
        ...

    async def top(self, community: str, scope: str, limit: int = 10) -> list[BoardEntry]: ...

    async def board(self, member: Member, scope: str, limit: int = 10) -> BoardView:
        """The board's top `limit` and the member's own standing on it, in one read."""
        ...

    async def tally_by_topic(self, member_id: int) -> list[TopicTally]: ...

    async def points(self, member_id: int, scope: str = "all") -> int: ...

    async def progress(
        self, platform: str, community_id: str, who: str, *, by_name: bool = True
    ) -> Progress | None:
        """A member (found as by `find_member`) with their tallies and points, in one read."""
        ...

    async def earlier_attempt(
        self, member: Member, question_id: str, post_id: int | None
    ) -> EarlierAttempt | None:
        """The answer the member already gave to the daily post `post_id` (or, without one,
        their latest practice answer to the question)."""
        ...


class ReviewRecords(Protocol):
    """Members' review cards: what is due, skips, and how well each question went."""

    async def skip(self, member: Member, question_id: str, now: datetime) -> bool: ...

    async def due(self, member_id: int, now: datetime, first: int = 5) -> DueReviews: ...

    async def due_and_answer_times(
        self, member_id: int, now: datetime, since: datetime
    ) -> tuple[DueReviews, list[datetime]]:
        """`due` (the count only) and `answer_times`, in one read."""
        ...

    async def drop(self, member_id: int, question_id: str) -> None: ...

    async def question_scores(self, member: Member) -> dict[str, float]: ...

    async def scores_and_open_question(self, member: Member) -> tuple[dict[str, float], Pending | None]:
        """What choosing the member's next question needs, in one read: `question_scores` and
        the question open for them."""
        ...


class Metrics(Protocol):
    """What operators count and time (adapters/metrics.py exports it for Prometheus).

    Labels take few values: command names from the command table, kinds, verdicts, short reasons.
    """

    def command(self, name: str, outcome: str, seconds: float) -> None:
        """A command ran: outcome `ok`, `refused` (a clear error reply) or `error` (a crash)."""
        ...

    def answer(self, kind: str, verdict: str) -> None: ...

    def grading(self, kind: str, grader: str, seconds: float) -> None:
        """Time to grade an answer: `rules` (the bank's grader) or `reviewer` (the chat model)."""
        ...

    def daily_post(self, outcome: str, reason: str) -> None:
        """A channel's daily question `sent`, `skipped`, `late` (sent after its time) or `failed`."""
        ...

    def platform_error(self, platform: str, error: str) -> None: ...

    def rate_limited(self, platform: str) -> None:
        """The platform answered HTTP 429 (its client waits and retries)."""
        ...

    def scheduler_lag(self, seconds: float) -> None:
        """How late a scheduled job started."""
        ...

    def database_error(self, error: str) -> None: ...


class NoMetrics:
    """Counts nothing: the default when no metrics are exported."""

    def command(self, name: str, outcome: str, seconds: float) -> None:
        pass

    def answer(self, kind: str, verdict: str) -> None:
        pass

    def grading(self, kind: str, grader: str, seconds: float) -> None:
        pass

    def daily_post(self, outcome: str, reason: str) -> None:
        pass

    def platform_error(self, platform: str, error: str) -> None:
        pass

    def rate_limited(self, platform: str) -> None:
        pass

    def scheduler_lag(self, seconds: float) -> None:
        pass

    def database_error(self, error: str) -> None:
        pass
