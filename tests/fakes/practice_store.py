"""An in-memory PracticeStore and ReviewRecords: the SQL store's rules (an open question is taken
once, a post is answered once, points once per question and community), kept in dicts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from bot.errors import AlreadyAnswered
from bot.models import Community, Member
from bot.storage.earlier_attempts import EarlierAttempt
from bot.storage.member_reads import BoardEntry, BoardView, MemberRecord, Progress, Standing, TopicTally
from bot.storage.repository import Pending
from bot.storage.review_store import SCORES, DueReviews
from bot.storage.writes import Answer, Opened, PointsRule, RecordedAttempt, topic_scope


@dataclass
class Attempt:
    member_id: int
    community: str
    post_id: int | None
    question_id: str
    topic: str
    verdict: str
    points: int
    scored: bool
    answered_at: datetime
    response: str = ""


@dataclass
class FakePracticeStore:
    members: dict[tuple[str, str], MemberRecord] = field(default_factory=dict)
    pending: dict[int, Pending] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)
    totals: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)  # (points, correct)
    state: dict[str, str] = field(default_factory=dict)

    def _member(self, member: Member, today: date | None = None) -> MemberRecord:
        key = (member.community.key, member.user_id)
        record = self.members.get(key) or MemberRecord(len(self.members) + 1, member.display_name, 0, 0, None)
        if today is not None and record.last_active != today:
            streak = record.streak + 1 if record.last_active == today - timedelta(days=1) else 1
            record = replace(
                record, streak=streak, best_streak=max(streak, record.best_streak), last_active=today
            )
        self.members[key] = replace(record, name=member.display_name)
        return self.members[key]

    def _community_of(self, member_id: int) -> str:
        return next(community for (community, _), r in self.members.items() if r.id == member_id)

    async def member_id(self, member: Member) -> int:
        return self._member(member).id

    async def find_member(
        self, platform: str, community_id: str, who: str, *, by_name: bool = True
    ) -> MemberRecord | None:
        community = Community(platform, community_id).key
        found = [
            r
            for (c, user_id), r in self.members.items()
            if c == community and (user_id == who or (by_name and r.name.lower() == who.lower()))
        ]
        return found[0] if found else None

    async def set_pending(
        self, member: Member, question_id: str, post_id: int | None, now: datetime, purpose: str = "practice"
    ) -> Pending | None:
        member_id = self._member(member).id
        replaced = self.pending.get(member_id)
        self.pending[member_id] = Pending(question_id, post_id, now, purpose)
        return replaced

    async def get_pending(self, member: Member) -> Pending | None:
        key = (member.community.key, member.user_id)
        record = self.members.get(key)
        return self.pending.get(record.id) if record else None

    async def record_attempt(self, answer: Answer, points_rule: PointsRule) -> RecordedAttempt:
        member = self._member(answer.member, answer.today)
        community = answer.member.community.key
        opened = None
        if answer.post_id is None:
            taken = self.pending.get(member.id)
            if taken is None or taken.question_id != answer.question_id or taken.post_id is not None:
                raise AlreadyAnswered
            opened = Opened(taken.asked_at, taken.purpose)
        mine = [a for a in self.attempts if a.member_id == member.id]
        if answer.post_id is not None and any(a.post_id == answer.post_id for a in mine):
            raise AlreadyAnswered
        repeat = any(a.scored and a.question_id == answer.question_id for a in mine)
        points = 0 if repeat else points_rule(True, member.streak, opened)
        if answer.post_id is None or (
            (closed := self.pending.get(member.id)) is not None and closed.post_id == answer.post_id
        ):
            del self.pending[member.id]
        self.attempts.append(
            Attempt(
                member.id,
                community,
                answer.post_id,
                answer.question_id,
                answer.topic,
                answer.verdict,
                points,
                not repeat,
                answer.now,
                answer.response,
            )
        )
        for scope in answer.scopes:
            for counted in (scope, topic_scope(scope, answer.topic)):
                before_points, before_correct = self.totals.get((member.id, counted), (0, 0))
                self.totals[(member.id, counted)] = (
                    before_points + points,
                    before_correct + int(answer.correct and not repeat),
                )
        return RecordedAttempt(points, repeat, self.totals[(member.id, "all")][0], member.streak)

    async def top(self, community: str, scope: str, limit: int = 10) -> list[BoardEntry]:
        entries = [
            BoardEntry(member_id, self._name(member_id), points, correct)
            for (member_id, counted), (points, correct) in self.totals.items()
            if counted == scope and points > 0 and self._community_of(member_id) == community
        ]
        return sorted(entries, key=lambda e: (-e.points, e.member_id))[:limit]

    def _name(self, member_id: int) -> str:
        return next(r.name for r in self.members.values() if r.id == member_id)

    async def _standing(self, community: str, scope: str, member_id: int) -> Standing:
        points, correct = self.totals.get((member_id, scope), (0, 0))
        if points <= 0:
            return Standing(0, 0, correct)
        ahead = [e for e in await self.top(community, scope, limit=10**9) if e.points > points]
        return Standing(len(ahead) + 1, points, correct)

    async def board(self, member: Member, scope: str, limit: int = 10) -> BoardView:
        community = member.community.key
        record = await self.find_member(member.platform, member.community_id, member.user_id, by_name=False)
        entries = await self.top(community, scope, limit)
        if record is None:
            return BoardView(entries, None, Standing(0, 0, 0))
        return BoardView(entries, record.id, await self._standing(community, scope, record.id))

    async def tally_by_topic(self, member_id: int) -> list[TopicTally]:
        topics = sorted({a.topic for a in self.attempts if a.member_id == member_id})
        mine = [a for a in self.attempts if a.member_id == member_id]
        return [
            TopicTally(
                t, sum(a.topic == t for a in mine), sum(a.topic == t and a.verdict == "correct" for a in mine)
            )
            for t in topics
        ]

    async def points(self, member_id: int, scope: str = "all") -> int:
        return self.totals.get((member_id, scope), (0, 0))[0]

    async def progress(
        self, platform: str, community_id: str, who: str, *, by_name: bool = True
    ) -> Progress | None:
        record = await self.find_member(platform, community_id, who, by_name=by_name)
        if record is None:
            return None
        return Progress(record, await self.tally_by_topic(record.id), await self.points(record.id))

    async def earlier_attempt(
        self, member: Member, question_id: str, post_id: int | None
    ) -> EarlierAttempt | None:
        record = self._member(member)
        same_post = (
            (lambda a: a.post_id == post_id)
            if post_id is not None
            else (lambda a: a.post_id is None and a.question_id == question_id)
        )
        mine = [a for a in self.attempts if a.member_id == record.id and same_post(a)]
        if not mine:
            return None
        last = mine[-1]
        return EarlierAttempt(record.id, last.response, last.verdict, last.points, last.scored, record.streak)

    async def get_state(self, key: str) -> str | None:
        return self.state.get(key)

    async def set_state(self, key: str, value: str) -> None:
        self.state[key] = value

    # --- ReviewRecords: skips close the open question; no cards fall due in memory -------------

    async def skip(self, member: Member, question_id: str, now: datetime) -> bool:
        member_id = self._member(member).id
        opened = self.pending.get(member_id)
        if opened is None or opened.question_id != question_id:
            return False
        del self.pending[member_id]
        return True

    async def due(self, member_id: int, now: datetime, first: int = 5) -> DueReviews:
        return DueReviews(0, (), None)

    async def due_and_answer_times(
        self, member_id: int, now: datetime, since: datetime
    ) -> tuple[DueReviews, list[datetime]]:
        times = [a.answered_at for a in self.attempts if a.member_id == member_id and a.answered_at >= since]
        return await self.due(member_id, now, first=0), times

    async def drop(self, member_id: int, question_id: str) -> None:
        return None

    async def scores_and_open_question(self, member: Member) -> tuple[dict[str, float], Pending | None]:
        return await self.question_scores(member), await self.get_pending(member)

    async def question_scores(self, member: Member) -> dict[str, float]:
        member_id = self._member(member).id
        grades: dict[str, list[float]] = {}
        for a in self.attempts:
            if a.member_id == member_id:
                grades.setdefault(a.question_id, []).append(SCORES.get(a.verdict, 0.0))
        return {question_id: sum(g) / len(g) for question_id, g in grades.items()}
