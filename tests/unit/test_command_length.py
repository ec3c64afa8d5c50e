"""Command text is length-checked before it is parsed: a huge one gets a friendly error at once."""

from __future__ import annotations

import pytest

from bot.commands import MAX_ANSWER_CHARS, MAX_COMMAND_CHARS, parse
from bot.errors import UsageError


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "line",
    [
        "/prep stats " + "x" * 1_000_000,
        "/prep quiz " + "'a' " * 250_000,  # many quoted words: slow for shlex
        "/prep stats " + '"' * 1_000_000,
    ],
)
def test_a_huge_command_is_refused_with_the_limit(line: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse(line)
    assert f"the limit is {MAX_COMMAND_CHARS:,}" in refused.value.message


def test_answers_are_not_split_so_their_own_limit_applies() -> None:
    answer = "a" * (MAX_ANSWER_CHARS + 1)
    assert parse(f"/prep answer {answer}").text == answer
