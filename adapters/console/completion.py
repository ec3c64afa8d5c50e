"""Tab completion of the `/prep` grammar at the console prompt: subcommands, topics, levels."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from bot.commands import ADMIN_COMMANDS, DIFFICULTIES, MEMBER_COMMANDS, PERIODS, SCHEDULE_ACTIONS
from bot.community_settings import KEYS as CONFIG_KEYS
from bot.privacy import ACTIONS as PRIVACY_ACTIONS
from bot.replies import TopicList

ROOT = "/prep"
QUIT_WORDS = ("/quit", "/exit")
SCHEDULE_WORDS = ("mon-fri", "weekdays", "weekends", "daily", "reveal=8h")
ON_OFF = ("on", "off")


def topic_names(topics: TopicList) -> tuple[str, ...]:
    """What a member can type for a topic: each slug, then the short aliases."""
    slugs = [topic.slug for topic in topics.topics]
    aliases = [alias for topic in topics.topics for alias in topic.aliases]
    return tuple(dict.fromkeys([*slugs, *aliases]))


class PrepCompleter(Completer):
    """Completes the word under the cursor from what the grammar allows at that position."""

    def __init__(self, topics: Sequence[str]) -> None:
        self.topics = tuple(topics)

    def _choices(self, before: Sequence[str]) -> Iterable[str]:
        if not before:
            return (ROOT, *QUIT_WORDS, *MEMBER_COMMANDS, *ADMIN_COMMANDS)
        words = list(before[1:]) if before[0].lower() == ROOT else list(before)
        if not words:
            return (*MEMBER_COMMANDS, *ADMIN_COMMANDS)
        command, given = words[0].lower(), words[1:]
        if command == "quiz":
            return DIFFICULTIES if given else (*self.topics, *DIFFICULTIES)
        if command == "leaderboard":
            return self.topics if given else (*PERIODS, *self.topics)
        if command == "privacy":
            return PRIVACY_ACTIONS if not given else ("confirm",) if given == ["forget"] else ()
        if command == "config":
            return tuple(CONFIG_KEYS) if not given else self._config_values(given)
        if command == "schedule":
            if not given:
                return SCHEDULE_ACTIONS
            if given[0].lower() == "set" and len(given) >= 2:
                return (*self.topics, *DIFFICULTIES, *SCHEDULE_WORDS)
        return ()

    def _config_values(self, given: Sequence[str]) -> Iterable[str]:
        key = given[0].lower()
        if key == "topics":
            return self.topics
        if key == "difficulty":
            return DIFFICULTIES if len(given) == 1 else ()
        return ON_OFF if key in ("public-boards", "weekly-board") and len(given) == 1 else ()

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        text = document.text_before_cursor
        if "\n" in text:
            return
        words = text.split()
        partial = "" if text.endswith((" ", "\t")) or not words else words.pop()
        for choice in self._choices(words):
            if choice.lower().startswith(partial.lower()) and choice.lower() != partial.lower():
                yield Completion(choice, start_position=-len(partial))
