"""The command table drives the grammar and the help: a command in one is in the other."""

from __future__ import annotations

import pytest

from bot.commands import ADMIN_COMMANDS, COMMAND_TABLE, MEMBER_COMMANDS, parse
from bot.errors import UsageError
from bot.help import help_reply


@pytest.mark.parametrize("spec", COMMAND_TABLE, ids=lambda spec: spec.usage)
def test_every_line_of_the_table_is_parsed_and_shown_in_the_help(spec) -> None:
    assert parse(spec.usage.split("[")[0].split("<")[0]).name == spec.name
    shown = {(c.usage, c.summary, c.admin_only) for c in help_reply().commands}
    assert (spec.usage, spec.summary, spec.admin_only) in shown
    assert parse(f"/prep {spec.name}").admin_only == spec.admin_only


def test_a_name_missing_from_the_table_is_refused() -> None:
    assert "leaderboards" not in MEMBER_COMMANDS + ADMIN_COMMANDS
    with pytest.raises(UsageError, match="Unknown command 'leaderboards'"):
        parse("/prep leaderboards")
