"""The invite link's permission integer, computed from the permissions' names, is the README's and
the one the bot logs; a server that granted it lets every command reply with its files."""

from __future__ import annotations

import re
from pathlib import Path

import discord

from adapters.discord.permissions import IN_THREADS, INVITE_PERMISSIONS, POSTING, invite_url
from tests.adapters.discord.fake_discord import BOT_PERMISSIONS

README = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
# https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags
NEEDED = {
    "View Channels": "view_channel",
    "Send Messages": "send_messages",
    "Send Messages in Threads": "send_messages_in_threads",
    "Embed Links": "embed_links",
    "Attach Files": "attach_files",
    "Read Message History": "read_message_history",
}


def test_the_readme_invite_grants_exactly_the_named_permissions() -> None:
    expected = discord.Permissions(**dict.fromkeys(NEEDED.values(), True)).value
    assert expected == 274878024704 == INVITE_PERMISSIONS.value == BOT_PERMISSIONS
    assert set(re.findall(r"permissions[ =]`?(\d+)", README)) == {str(expected)}
    assert invite_url("<APPLICATION_ID>") in README
    words = " ".join(README.split())
    for name in NEEDED:
        assert name in words
    granted = discord.Permissions(expected)
    assert not granted.administrator and not granted.mention_everyone and not granted.manage_messages


def test_the_invite_covers_what_posting_checks_for() -> None:
    for flag, _ in (*POSTING, *IN_THREADS):
        assert getattr(INVITE_PERMISSIONS, flag)
