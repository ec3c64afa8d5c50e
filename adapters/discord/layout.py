"""Fits text into Discord messages: the one place Discord's size limits are enforced.

Long texts are split, never cut: across several fields, further embeds and further messages.
Limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits and
https://discord.com/developers/docs/resources/message#create-message-jsonform-params
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
FIELDS_PER_EMBED = 25
EMBEDS_PER_MESSAGE = 10
MESSAGE_TOTAL = 6000  # every title, description, field, footer and author of one message's embeds
FENCE = "```"
CONTINUED = " (continued)"
# Break after a paragraph, then a line, then a sentence, then a word; else anywhere.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?;:])\s+"), re.compile(r"\s+"))

Page = tuple[discord.Embed, ...]  # the embeds of one message


def size(text: str) -> int:
    """Length as Discord counts it (UTF-16 code units; never less than `len`)."""
    return len(text.encode("utf-16-le")) // 2


def fits_one_message(embeds: Page) -> bool:
    """Whether these embeds stay within one message's count and character total."""
    total = sum(
        size(e.title or "")
        + size(e.description or "")
        + size(e.footer.text or "")
        + size(e.author.name or "")
        + sum(size(f.name or "") + size(f.value or "") for f in e.fields)
        for e in embeds
    )
    return len(embeds) <= EMBEDS_PER_MESSAGE and total <= MESSAGE_TOTAL


def cut(text: str, limit: int) -> str:
    """For labels only (titles, field names): member-facing content is split, not cut."""
    while size(text) > limit:
        text = text[: limit - 1 - (size(text) - len(text))].rstrip() + "…"
    return text


def _longest_prefix(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit`, preferring a natural break."""
    end = min(len(text), limit)
    while size(text[:end]) > limit:
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
        return self.used + cost <= MESSAGE_TOTAL

    def embed(self, title: str = "", description: str = "") -> discord.Embed:
        cost = size(title) + size(description)
        if len(self.pages[-1]) == EMBEDS_PER_MESSAGE or not self._fits(cost):
            self.pages.append([])
            self.used = 0
        made = discord.Embed(title=title or None, description=description or None, colour=self.colour)
        self.pages[-1].append(made)
        self.used += cost
        return made

    def field(self, name: str, value: str, inline: bool) -> None:
        cost = size(name) + size(value)
        if not self._fits(cost):
            self.pages.append([])
            self.used = 0
        current = self.pages[-1][-1] if self.pages[-1] else None
        if current is None or len(current.fields) == FIELDS_PER_EMBED:
            current = self.embed()
        current.add_field(name=name, value=value, inline=inline)
        self.used += cost


def layout(
    title: str, description: str, sections: list[Section], *, colour: int, footer: str = ""
) -> tuple[Page, ...]:
    """Messages showing all of `description` and every section, each message within limits."""
    footer = cut(footer, FOOTER)
    pages = _Pages(colour, size(footer))
    head = cut(title, TITLE)
    described = split(description, DESCRIPTION) or [""]
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
