"""The topics the loaded packs declare, and turning what a member types into one of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import process

from bot.errors import UnknownTopic, UsageError
from bot.models import Difficulty, TopicInfo


def slugify(typed: str) -> str:
    return "-".join(typed.lower().replace("_", " ").split())


@dataclass(frozen=True)
class Topics:
    """Declared topics in declaration order, looked up by id, alias or title."""

    infos: tuple[TopicInfo, ...] = ()
    _by_id: dict[str, TopicInfo] = field(init=False, repr=False, compare=False)
    _by_alias: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {info.id: info for info in self.infos})
        object.__setattr__(
            self, "_by_alias", {alias: info.id for info in self.infos for alias in info.aliases}
        )

    def __iter__(self) -> Iterator[TopicInfo]:
        return iter(self.infos)

    def __len__(self) -> int:
        return len(self.infos)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(info.id for info in self.infos)

    def get(self, topic_id: str) -> TopicInfo | None:
        return self._by_id.get(topic_id)

    def title(self, topic_id: str) -> str:
        """The topic's title; the bare id for a topic no loaded pack declares any more."""
        info = self._by_id.get(topic_id)
        return info.title if info else topic_id

    def titles(self, topic_ids: Iterable[str]) -> list[str]:
        return [self.title(topic_id) for topic_id in topic_ids]

    def alias_target(self, alias: str) -> str | None:
        return self._by_alias.get(alias)


def resolve_topic(typed: str, topics: Topics) -> str:
    """A topic id from its id, an alias, its title or a unique id prefix; else a did-you-mean."""
    key = slugify(typed)
    if not key:
        raise UnknownTopic("Name a topic; /prep topics lists them.")
    if key in topics:
        return key
    aliased = topics.alias_target(key)
    if aliased is not None:
        return aliased
    by_title = {slugify(info.title): info.id for info in topics}
    if key in by_title:
        return by_title[key]
    prefixed = [topic_id for topic_id in topics.ids if topic_id.startswith(key)]
    if len(prefixed) == 1:
        return prefixed[0]
    names = [*topics.ids, *(alias for info in topics for alias in info.aliases)]
    guess = process.extractOne(key, names, score_cutoff=70)
    hint = ""
    if guess is not None:
        suggestion = topics.alias_target(guess[0]) or guess[0]
        hint = f" Did you mean '{suggestion}'?"
    raise UnknownTopic(f"Unknown topic '{typed[:40]}'.{hint} /prep topics lists them.")


def resolve_difficulty(typed: str) -> Difficulty:
    try:
        return Difficulty(typed.lower())
    except ValueError:
        raise UsageError(f"Unknown difficulty '{typed[:20]}': use easy, medium or hard.") from None


def split_topic_and_difficulty(
    words: tuple[str, ...], topics: Topics
) -> tuple[str | None, Difficulty | None]:
    """`quiz deep learning hard` -> (deep-learning, hard); either part may be absent."""
    difficulty = None
    rest = list(words)
    if rest and rest[-1].lower() in Difficulty._value2member_map_:
        difficulty = resolve_difficulty(rest.pop())
    elif rest and rest[0].lower() in Difficulty._value2member_map_:
        difficulty = resolve_difficulty(rest.pop(0))
    if not rest:
        return None, difficulty
    try:
        return resolve_topic(" ".join(rest), topics), difficulty
    except UnknownTopic:
        if difficulty is None and len(rest) > 1 and _is_topic(" ".join(rest[:-1]), topics):
            # `quiz nlp expert`: the topic is fine; the last word is a difficulty that does not exist.
            resolve_difficulty(rest[-1])
        raise


def _is_topic(typed: str, topics: Topics) -> bool:
    try:
        resolve_topic(typed, topics)
    except UnknownTopic:
        return False
    return True
