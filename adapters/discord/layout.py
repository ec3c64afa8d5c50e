"""Fits text into Discord messages within the limits of adapters/discord/limits.py (with sources).

Long texts are split, never cut: across several fields, further embeds and further messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

from adapters.discord.limits import (
    EMBED_DESCRIPTION,
    EMBED_FIELDS,
    EMBED_TITLE,
    EMBEDS,
    EMBEDS_TOTAL,
    FIELD_NAME,
    FIELD_VALUE,
    FOOTER_TEXT,
    length,
)

FENCE = "```"
CONTINUED = " (continued)"
# Break after a paragraph, then a line, then a sentence, then a word; else anywhere.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?;:])\s+"), re.compile(r"\s+"))

Page = tuple[discord.Embed, ...]  # the embeds of one message


def fits_one_message(embeds: Page) -> bool:
    """Whether these embeds stay within one message's count and character total."""
    total = sum(
        length(e.title or "")
        + length(e.description or "")
        + length(e.footer.text or "")
        + length(e.author.name or "")
        + sum(length(f.name or "") + length(f.value or "") for f in e.fields)
        for e in embeds
    )
    return len(embeds) <= EMBEDS and total <= EMBEDS_TOTAL


def cut(text: str, limit: int) -> str:
    """For labels only (titles, field names): member-facing content is split, not cut."""
    while length(text) > limit:
        text = text[: limit - 1 - (length(text) - len(text))].rstrip() + "…"
    return text


def _longest_prefix(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit`, preferring a natural break."""
    end = min(len(text), limit)
    while length(text[:end]) > limit:
        end -= 1
    if end == len(text):
        return end
    for pattern in _BREAKS:
        breaks = [m.end() for m in pattern.finditer(text, 0, end + 1) if m.end() <= end]
        if breaks and breaks[-1] > end // 3:
            return breaks[-1]
    return end


def split(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit`; joined with whitespace they read as the original.

    A piece that ends inside a fenced code block closes it and the next piece reopens it.
    """
    text = text.strip()
    room = limit - (len(FENCE) + 1) * 2 if FENCE in text else limit
    pieces: list[str] = []
    reopen = False
    while text:
        end = _longest_prefix(text, room)
        piece, text = text[:end].rstrip(), text[end:].lstrip()
        if reopen:
            piece = FENCE + "\n" + piece
        reopen = piece.count(FENCE) % 2 == 1
        if reopen:
            piece += "\n" + FENCE
        if piece:
            pieces.append(piece)
    return pieces


@dataclass(frozen=True)
class Section:
    name: str
    text: str
    inline: bool = False


class _Pages:
    """Embeds packed into messages within the per-embed and per-message limits."""

    def __init__(self, colour: int, reserved: int) -> None:
        self.colour = colour
        self.pages: list[list[discord.Embed]] = [[]]
        self.used = reserved  # the footer, kept on the first message

    def _fits(self, cost: int) -> bool:
        return self.used + cost <= EMBEDS_TOTAL

    def embed(self, title: str = "", description: str = "") -> discord.Embed:
        cost = length(title) + length(description)
        if len(self.pages[-1]) == EMBEDS or not self._fits(cost):
            self.pages.append([])
            self.used = 0
        made = discord.Embed(title=title or None, description=description or None, colour=self.colour)
        self.pages[-1].append(made)
        self.used += cost
        return made

    def field(self, name: str, value: str, inline: bool) -> None:
        cost = length(name) + length(value)
        if not self._fits(cost):
            self.pages.append([])
            self.used = 0
        current = self.pages[-1][-1] if self.pages[-1] else None
        if current is None or len(current.fields) == EMBED_FIELDS:
            current = self.embed()
        current.add_field(name=name, value=value, inline=inline)
        self.used += cost


def layout(
    title: str, description: str, sections: list[Section], *, colour: int, footer: str = ""
) -> tuple[Page, ...]:
    """Messages showing all of `description` and every section, each message within limits."""
    footer = cut(footer, FOOTER_TEXT)
    pages = _Pages(colour, length(footer))
    head = cut(title, EMBED_TITLE)
    described = split(description, EMBED_DESCRIPTION) or [""]
    pages.embed(head, described[0])
    for more in described[1:]:
        pages.embed(description=more)
    for section in sections:
        name = cut(section.name, FIELD_NAME - len(CONTINUED))
        for index, piece in enumerate(split(section.text, FIELD_VALUE) or ["—"]):
            pages.field(name + (CONTINUED if index else ""), piece, section.inline and not index)
    if footer:
        pages.pages[0][-1].set_footer(text=footer)
    return tuple(tuple(page) for page in pages.pages if page)
