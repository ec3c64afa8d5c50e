"""Domain types: questions, topics and members."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SOURCE = r"^(general|\d{3}_[0-9a-f]{16})$"
LETTERS = "ABCDE"
STAR_PARTS = ("situation", "task", "action", "result")


BEHAVIORAL = "behavioral"


class TopicInfo(BaseModel):
    """A topic a pack declares: its slug, the title members see and other names for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=SLUG, max_length=40)]
    title: Annotated[str, Field(min_length=1, max_length=80)]
    aliases: tuple[Annotated[str, Field(pattern=SLUG, max_length=40)], ...] = ()


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Kind(StrEnum):
    CHOICE = "choice"
    SHORT = "short"
    OPEN = "open"


# The longest texts members see whole in one block: a Slack section holds 3,000 characters and a
# Discord embed field 1,024 (adapters/slack/limits.py SECTION_TEXT, adapters/discord/limits.py
# FIELD_VALUE; tests/content/test_render_limits.py keeps these in step with them and the renderers).
SLACK_SECTION = 3000
DISCORD_FIELD = 1024
PROMPT_MAX = SLACK_SECTION  # the card's prompt: one section; a Discord description holds 4,096
EXPLANATION_MAX = SLACK_SECTION - len("*Why:* ")
MODEL_ANSWER_MAX = SLACK_SECTION - len("*Model answer:*\n")
OPTION_LINE = "**E.** "  # how a Discord card lists each option
OPTIONS_LISTING_MAX = DISCORD_FIELD  # all options as listed, one per line: one Discord field

Prompt = Annotated[str, Field(min_length=1, max_length=PROMPT_MAX)]
Explanation = Annotated[str, Field(min_length=1, max_length=EXPLANATION_MAX)]
ModelAnswer = Annotated[str, Field(min_length=1, max_length=MODEL_ANSWER_MAX)]


class _QuestionBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    id: Annotated[str, Field(pattern=SLUG, max_length=60)]
    topic: Annotated[str, Field(pattern=SLUG, max_length=40)]
    tags: list[Annotated[str, Field(pattern=SLUG)]] = Field(default_factory=list)
    difficulty: Difficulty
    prompt: Prompt
    explanation: Explanation
    sources: list[Annotated[str, Field(pattern=SOURCE)]] = Field(min_length=1)

    @property
    def auto_gradable(self) -> bool:
        return self.kind != Kind.OPEN  # type: ignore[attr-defined, no-any-return]


class ChoiceQuestion(_QuestionBase):
    """One correct option among three to five, named by its letter."""

    kind: Literal[Kind.CHOICE] = Kind.CHOICE
    options: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(min_length=3, max_length=5)
    answer: Annotated[str, Field(pattern=r"^[A-E]$")]

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> ChoiceQuestion:
        if LETTERS.index(self.answer) >= len(self.options):
            raise ValueError(
                f"answer {self.answer} is not among the {len(self.options)} options "
                f"({LETTERS[0]}-{LETTERS[len(self.options) - 1]})"
            )
        folded = [option.strip().casefold() for option in self.options]
        if len(set(folded)) != len(folded):
            raise ValueError("options repeat each other")
        listed = sum(len(OPTION_LINE) + len(option) for option in self.options) + len(self.options) - 1
        if listed > OPTIONS_LISTING_MAX:
            raise ValueError(
                f"the options take {listed:,} characters as a card lists them (a letter and a line "
                f"each); at most {OPTIONS_LISTING_MAX:,} fit in one Discord embed field: shorten them"
            )
        return self

    @property
    def answer_index(self) -> int:
        return LETTERS.index(self.answer)

    @property
    def answer_text(self) -> str:
        return self.options[self.answer_index]


class ShortQuestion(_QuestionBase):
    """A short typed answer: the canonical form plus accepted variants."""

    kind: Literal[Kind.SHORT] = Kind.SHORT
    answer: Annotated[str, Field(min_length=1, max_length=120)]
    accept: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field(default_factory=list)
    reject: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field(
        default_factory=list,
        description="Near-misses graded wrong even when they look close to an accepted answer.",
    )
    tolerance: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="Absolute tolerance for a numeric answer."
    )
    units: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list, description="Units a member may append to the answer, e.g. pixels."
    )
    percent: bool | None = Field(
        default=None,
        description="Whether 50% equals 0.5; by default on when the prompt asks for a proportion, "
        "percentage, probability or rate.",
    )


class RubricPoint(BaseModel):
    """A key point of a good answer and the phrases that show it was made."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    point: Annotated[str, Field(min_length=1, max_length=300)]
    any: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list,
        description="Phrasings: terms joined by ' + ' must meet in one clause; '|' separates "
        "alternatives of a term.",
    )
    keywords: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        default_factory=list, description="Single-term phrasings."
    )

    @model_validator(mode="after")
    def _has_a_phrasing(self) -> RubricPoint:
        if not any(phrasing.strip(" +|") for phrasing in (*self.any, *self.keywords)):
            raise ValueError(
                f"rubric point '{self.point}' needs at least one phrasing in 'any' or 'keywords'"
            )
        return self

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (*self.any, *self.keywords)


class OpenQuestion(_QuestionBase):
    """An interview-style question graded by rubric key points."""

    kind: Literal[Kind.OPEN] = Kind.OPEN
    model_answer: ModelAnswer
    rubric: list[RubricPoint] = Field(min_length=3, max_length=6)

    @model_validator(mode="after")
    def _behavioral_answers_follow_star(self) -> OpenQuestion:
        if self.topic == BEHAVIORAL:
            lowered = self.model_answer.lower()
            missing = [part for part in STAR_PARTS if f"{part}:" not in lowered]
            if missing:
                raise ValueError(
                    "model_answer of a behavioral question must follow STAR; missing "
                    + ", ".join(f"'{part.capitalize()}:'" for part in missing)
                )
        return self


Question = Annotated[ChoiceQuestion | ShortQuestion | OpenQuestion, Field(discriminator="kind")]


class PackHeader(BaseModel):
    """A pack file's fields other than its questions."""

    model_config = ConfigDict(extra="forbid")

    pack: Annotated[str, Field(pattern=SLUG)]
    title: Annotated[str, Field(min_length=1, max_length=4000)]
    topics: list[TopicInfo] = Field(default_factory=list)


class QuestionPack(PackHeader):
    """One YAML file of the content folder."""

    questions: list[Question] = Field(min_length=1)


@dataclass(frozen=True)
class Community:
    """A Discord server, a Slack workspace or the console's group, on its platform; stored as
    its key "platform:id"."""

    platform: str
    community_id: str

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.community_id}"

    @classmethod
    def parse(cls, key: str) -> Community:
        platform, separator, community_id = key.partition(":")
        if not separator or not platform or not community_id:
            raise ValueError(f"not a community key: {key!r}")
        return cls(platform, community_id)


class Member(BaseModel):
    """Somebody in a community: a Discord guild member or a Slack workspace user."""

    model_config = ConfigDict(frozen=True)

    platform: Annotated[str, Field(pattern=r"^[a-z]+$")]
    community_id: Annotated[str, Field(min_length=1, max_length=64)]
    user_id: Annotated[str, Field(min_length=1, max_length=64)]
    display_name: Annotated[str, Field(max_length=100)] = ""

    @field_validator("display_name")
    @classmethod
    def _printable_name(cls, value: str) -> str:
        return re.sub(r"[\x00-\x1f\x7f]", "", value).strip()

    @property
    def name(self) -> str:
        return self.display_name or self.user_id

    @property
    def community(self) -> Community:
        return Community(self.platform, self.community_id)


class Channel(BaseModel):
    """A place messages go: a Discord channel, a Slack channel or the console."""

    model_config = ConfigDict(frozen=True)

    platform: str
    community_id: str
    channel_id: str

    @property
    def community(self) -> Community:
        return Community(self.platform, self.community_id)
