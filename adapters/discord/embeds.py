"""Discord messages as prepbot sends them: text with every mention broken, laid out as embeds
within Discord's limits, with the buttons each message carries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import discord

from adapters.discord.layout import Page, Section, layout

BLUE, GREEN, RED, AMBER = 0x5865F2, 0x57F287, 0xED4245, 0xFEE75C
_MENTION_SYNTAX = re.compile(r"<(?=[@#/:&!])")
_BARE_MENTION = re.compile(r"@(?=everyone|here|[!&]?\d)")


def no_mentions(text: str) -> str:
    """Break every mention syntax (`@everyone`, `<@&1>`, `<#1>`, `</cmd:1>`) with a zero-width space."""
    return _BARE_MENTION.sub("@\u200b", _MENTION_SYNTAX.sub("<\u200b", text))


def plain(text: str) -> str:
    """User text shown as typed: no markdown, no mentions, no masked links."""
    escaped = discord.utils.escape_markdown(text).replace("](", "]\u200b(")
    return no_mentions(escaped)


@dataclass(frozen=True)
class Rendered:
    """One reply as Discord messages: the first carries the buttons, the rest follow it."""

    pages: tuple[Page, ...]
    view: discord.ui.View | None = None
    then: tuple[Rendered, ...] = ()  # further replies, each with its own buttons

    @property
    def first(self) -> list[discord.Embed]:
        return list(self.pages[0])

    @property
    def followups(self) -> list[list[discord.Embed]]:
        return [list(page) for page in self.pages[1:]]

    def messages(self) -> list[tuple[list[discord.Embed], discord.ui.View | None]]:
        """Every message to send, in order, with the buttons each carries."""
        own = [(list(page), self.view if index == 0 else None) for index, page in enumerate(self.pages)]
        return own + [message for more in self.then for message in more.messages()]

    def embed_dicts(self) -> list[dict[str, Any]]:
        """Every embed of every message, as sent."""
        return [dict(embed.to_dict()) for page, _ in self.messages() for embed in page]


def shown(
    title: str,
    description: str = "",
    colour: int = BLUE,
    sections: Sequence[Section] = (),
    footer: str = "",
    view: discord.ui.View | None = None,
) -> Rendered:
    """Mentions broken everywhere, then laid out within Discord's limits."""
    safe = [Section(no_mentions(s.name), no_mentions(s.text) or "—", s.inline) for s in sections]
    return Rendered(
        layout(no_mentions(title), no_mentions(description), safe, colour=colour, footer=no_mentions(footer)),
        view,
    )
