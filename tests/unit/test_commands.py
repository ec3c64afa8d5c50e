import pytest

from bot.commands import parse, strip_control
from bot.errors import UnknownTopic, UsageError
from bot.models import Difficulty
from bot.topics import Topics, resolve_topic, split_topic_and_difficulty


def test_prefix_is_optional_and_bare_prep_is_help() -> None:
    assert parse("/prep").name == "help"
    assert parse("quiz nlp hard").args == ("nlp", "hard")
    assert parse("/prep   LEADERBOARD week").name == "leaderboard"


def test_answer_keeps_its_text_whole() -> None:
    assert parse('/prep answer it\'s   "quoted" text').text == 'it\'s   "quoted" text'


def test_unknown_commands_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="Unknown command 'dance'"):
        parse("/prep dance")
    with pytest.raises(UsageError):
        parse("/prepquiz")


def test_control_and_bidi_override_characters_are_dropped() -> None:
    assert strip_control("a\x00b\u202ec\x1b") == "abc"
    assert strip_control("שלום 👋\n") == "שלום 👋\n"


def test_topics_resolve_from_slugs_aliases_titles_and_prefixes(shipped_topics: Topics) -> None:
    assert resolve_topic("deep learning", shipped_topics) == "deep-learning"
    assert resolve_topic("nlp", shipped_topics) == "nlp-transformers"
    assert resolve_topic("Responsible AI", shipped_topics) == "responsible-ai"
    assert resolve_topic("behav", shipped_topics) == "behavioral"
    with pytest.raises(UnknownTopic, match="Did you mean"):
        resolve_topic("deep lerning x", shipped_topics)


def test_quiz_arguments_split_into_topic_and_difficulty(shipped_topics: Topics) -> None:
    assert split_topic_and_difficulty(("deep", "learning", "hard"), shipped_topics) == (
        "deep-learning",
        Difficulty.HARD,
    )
    assert split_topic_and_difficulty(("easy",), shipped_topics) == (None, Difficulty.EASY)
    assert split_topic_and_difficulty((), shipped_topics) == (None, None)
