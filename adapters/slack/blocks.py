"""Block Kit building blocks, and the one place that makes every message fit Slack's limits
(adapters/slack/limits.py, with their sources): block_ids unique and new on every update, long
texts split across sections and then across follow-up messages; nothing is cut.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from adapters.slack.limits import CUMULATIVE_BLOCK_TEXT, MESSAGE_BLOCKS, SECTION_TEXT, VIEW_BLOCKS

Block = dict[str, Any]
Message = dict[str, Any]

MESSAGE_TEXT_BUDGET = CUMULATIVE_BLOCK_TEXT - 1000  # room for the fallback text
FALLBACK_LIMIT = 300
NAME_LIMIT = 40
CONTINUED = "(continued)"
_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")
# Formatting characters in mrkdwn have no escape; names show look-alikes instead.
_FORMATTING = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"})


def escape(text: str) -> str:
    """Escape mrkdwn control characters, so no text can mention, broadcast or disguise a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def user_text(name: str, limit: int = NAME_LIMIT) -> str:
    """A member-chosen name for a verbatim mrkdwn block: cut first, then escaped, no formatting."""
    name = " ".join(name.split())
    if len(name) > limit:
        name = name[: limit - 1] + "…"
    return escape(name).translate(_FORMATTING)


def split_text(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a line break, else a space, never inside an
    escaped entity such as `&amp;`."""
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = window.rfind("\n")
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
            tail = _ENTITY_TAIL.search(window)
            if tail:
                cut = tail.start()
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip(" \n")
    if text or not pieces:
        pieces.append(text)
    return [piece or " " for piece in pieces]


def sections(mrkdwn: str, *, verbatim: bool = False) -> list[Block]:
    """One section per piece; `verbatim` stops Slack turning bare URLs and #names into links."""
    blocks = []
    for piece in split_text(mrkdwn):
        text: dict[str, Any] = {"type": "mrkdwn", "text": piece}
        if verbatim:
            text["verbatim"] = True
        blocks.append({"type": "section", "text": text})
    return blocks


def contexts(mrkdwn: str) -> list[Block]:
    return [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": piece}]} for piece in split_text(mrkdwn)
    ]


def block_text_length(block: Block) -> int:
    """What a block adds to the message's cumulative text."""
    total = 0
    stack: list[Any] = [block]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "text" and isinstance(value, str):
                    total += len(value)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return total


def fallback_text(mrkdwn: str) -> str:
    line = " ".join(mrkdwn.split())
    if len(line) <= FALLBACK_LIMIT:
        return line or " "
    return split_text(line, FALLBACK_LIMIT - 1)[0] + "…"


def with_fresh_ids(blocks: list[Block]) -> list[Block]:
    """Slack wants a new block_id on every version of a message; ids stay unique within it."""
    stamp = uuid.uuid4().hex[:10]
    return [{**block, "block_id": f"{stamp}.{i}"} for i, block in enumerate(blocks)]


@dataclass
class Draft:
    """A reply as blocks in reading order, before it is split into messages that fit."""

    fallback: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block | list[Block]) -> Draft:
        for item in blocks:
            self.blocks.extend(item if isinstance(item, list) else [item])
        return self


def fit(draft: Draft, max_blocks: int = MESSAGE_BLOCKS, max_text: int = MESSAGE_TEXT_BUDGET) -> list[Message]:
    """The draft as one message, or several in order when its blocks exceed one message."""
    groups: list[list[Block]] = [[]]
    used = 0
    for block in draft.blocks:
        size = block_text_length(block)
        if groups[-1] and (len(groups[-1]) >= max_blocks or used + size > max_text):
            groups.append([])
            used = 0
        groups[-1].append(block)
        used += size
    first = fallback_text(draft.fallback)
    return [
        {
            "text": first if i == 0 else f"{CONTINUED} {first}"[:FALLBACK_LIMIT],
            "blocks": with_fresh_ids(group),
        }
        for i, group in enumerate(groups)
    ]


def view_blocks(blocks: list[Block]) -> list[Block]:
    """Blocks for a modal or the Home tab (100 at most), with ids fresh for this version."""
    return with_fresh_ids(blocks[:VIEW_BLOCKS])
