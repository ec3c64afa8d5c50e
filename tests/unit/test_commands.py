import pytest

from bot.commands import parse, strip_control
from bot.errors import UnknownTopic, UsageError
from bot.models import Difficulty, Topic
from bot.topics import resolve_topic, split_topic_and_difficulty


def test_prefix_is_optional_and_bare_prep_is_help() -> None:
    assert parse("/prep").name == "help"
    assert parse("quiz nlp hard").args == ("nlp", "hard")
    assert parse("/prep   LEADERBOARD week").name == "leaderboard"


def test_answer_keeps_its_text_whole() -> None:
    assert parse("/prep answer it's   \"quoted\" text").text == "it's   \"quoted\" text"


def test_unknown_commands_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="Unknown command 'dance'"):
        parse("/prep dance")
    with pytest.raises(UsageError):
        parse("/prepquiz")


def test_control_and_bidi_override_characters_are_dropped() -> None:
    assert strip_control("a\x00b\u202ec\x1b") == "abc"
    assert strip_control("שלום 👋\n") == "שלום 👋\n"


def test_topics_resolve_from_slugs_aliases_titles_and_prefixes() -> None:
    assert resolve_topic("deep learning") == Topic.DEEP_LEARNING
    assert resolve_topic("nlp") == Topic.NLP_TRANSFORMERS
    assert resolve_topic("Responsible AI") == Topic.RESPONSIBLE_AI
    assert resolve_topic("behav") == Topic.BEHAVIORAL
    with pytest.raises(UnknownTopic, match="Did you mean"):
        resolve_topic("deep lerning x")


def test_quiz_arguments_split_into_topic_and_difficulty() -> None:
    assert split_topic_and_difficulty(("deep", "learning", "hard")) == (
        Topic.DEEP_LEARNING, Difficulty.HARD)
    assert split_topic_and_difficulty(("easy",)) == (None, Difficulty.EASY)
    assert split_topic_and_difficulty(()) == (None, None)
