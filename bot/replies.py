"""The neutral reply model every adapter renders: meaning, not markup."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.answer_review import AnswerReview
from bot.commands import Period
from bot.grading import PointEvidence, PointStatus, Verdict
from bot.weak_spots import TopicEstimate


class Tone(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    ERROR = "error"


@dataclass(frozen=True)
class Notice:
    text: str
    tone: Tone = Tone.INFO
    private: bool = True


@dataclass(frozen=True)
class CommandHelp:
    usage: str
    summary: str
    admin_only: bool = False


@dataclass(frozen=True)
class Help:
    intro: str
    commands: tuple[CommandHelp, ...]
    private: bool = True


def reference_code(question_id: str) -> str:
    """A neutral code members can quote to name a question; unlike the id it tells no answer."""
    return "Q" + hashlib.blake2s(question_id.encode(), digest_size=3).hexdigest().upper()


@dataclass(frozen=True)
class QuestionCard:
    """A question to answer. `post_id` is set for a channel's daily post, else it is practice."""

    question_id: str
    kind: str
    topic: str
    topic_title: str
    difficulty: str
    prompt: str
    options: tuple[str, ...] = ()
    post_id: int | None = None
    answered_count: int | None = None
    closes_at: datetime | None = None  # in the schedule's timezone
    private: bool = True
    answered_as: Verdict | None = None  # the reader's verdict, once they have answered this post

    @property
    def reference(self) -> str:
        return reference_code(self.question_id)


QUOTE_LIMIT = 150


def short_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A quoted clause cut to `limit` characters at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut + "…"


@dataclass(frozen=True)
class AnswerFeedback:
    question_id: str
    verdict: Verdict
    points: int
    total_points: int
    streak: int
    correct_answer: str
    explanation: str
    your_answer: str = ""
    points_hit: tuple[str, ...] = ()
    points_missed: tuple[str, ...] = ()
    model_answer: str = ""
    repeat: bool = False
    points_contradicted: tuple[str, ...] = ()
    evidence: tuple[PointEvidence, ...] = ()
    notes: tuple[str, ...] = ()
    private: bool = True
    daily_streak: int | None = None  # set when answering a channel's daily question
    review: AnswerReview | None = None

    @property
    def rubric_graded(self) -> bool:
        return bool(self.points_hit or self.points_missed or self.points_contradicted)

    @property
    def claimable(self) -> tuple[int, ...]:
        """Rubric numbers (from 1) of points a member may say they covered: /prep claim N."""
        if not self.evidence:
            return ()
        return tuple(
            number for number, e in enumerate(self.evidence, start=1) if e.status != PointStatus.MADE
        )

    @property
    def point_evidence(self) -> tuple[PointEvidence, ...]:
        """Every rubric point with its status and quote, in rubric order when known."""
        if self.evidence:
            return self.evidence
        return (
            *(PointEvidence(p, PointStatus.MADE) for p in self.points_hit),
            *(PointEvidence(p, PointStatus.CONTRADICTED) for p in self.points_contradicted),
            *(PointEvidence(p, PointStatus.MISSED) for p in self.points_missed),
        )


@dataclass(frozen=True)
class LeaderboardRow:
    rank: int
    name: str
    points: int
    correct: int
    is_caller: bool = False


@dataclass(frozen=True)
class Leaderboard:
    period: Period
    topic_title: str | None
    rows: tuple[LeaderboardRow, ...]
    caller: LeaderboardRow | None
    private: bool = False
    week_start: str | None = None  # set on the Monday post of last week's board (ISO date)


@dataclass(frozen=True)
class TopicStats:
    topic_title: str
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Stats:
    name: str
    points: int
    answered: int
    correct: int
    streak: int
    best_streak: int
    by_topic: tuple[TopicStats, ...] = field(default=())
    private: bool = True
    daily_streak: int | None = None  # consecutive scheduled daily questions answered
    weak_spots: tuple[TopicEstimate, ...] = ()  # weakest topic first
    reviews_due: int = 0
    answers_per_day: tuple[int, ...] = ()  # the last eight weeks, oldest first
    last_day: date | None = None  # the day `answers_per_day` ends with

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class TopicCount:
    slug: str
    title: str
    questions: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicList:
    topics: tuple[TopicCount, ...]
    private: bool = True


@dataclass(frozen=True)
class OptionCount:
    """One row of a reveal's tally: a choice (its letter and text) or, for an open question, a
    verdict (renderers word it)."""

    label: str
    count: int
    correct: bool = False
    verdict: Verdict | None = None


@dataclass(frozen=True)
class Reveal:
    """A daily post after its reveal time: the answer, why, and how the channel answered."""

    question_id: str
    topic_title: str
    difficulty: str
    prompt: str
    correct_answer: str
    explanation: str
    answered_count: int
    correct_count: int
    distribution: tuple[OptionCount, ...]
    top: tuple[LeaderboardRow, ...]
    post_id: int
    private: bool = False

    @property
    def reference(self) -> str:
        return reference_code(self.question_id)


Part = Notice | QuestionCard | AnswerFeedback


@dataclass(frozen=True)
class ReplySequence:
    """Several replies shown together, in order: e.g. feedback, a word on what is left, the next
    question. Platforms may show them as one message or as several."""

    parts: tuple[Part, ...]
    private: bool = True


Reply = (
    Notice | Help | QuestionCard | AnswerFeedback | Leaderboard | Stats | TopicList | Reveal | ReplySequence
)
