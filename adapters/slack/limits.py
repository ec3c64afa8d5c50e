"""Slack's documented limits on messages, blocks and views: the one copy, used by the renderer
(blocks.py), `prepbot content check` and the tests' mock Web API.

Each check returns the error Slack answers with (`invalid_blocks`, `msg_too_long`, ...) and a
detail for the test log, or None when the payload is accepted. Sources, by limit:

- BLOCKS: 50 blocks per message, 100 per modal or Home tab; block_id <= 255 characters, unique
  in a message and changed on every update of it ("If a message is updated, use a new block_id"):
  https://api.slack.com/reference/block-kit/blocks
- SECTION: text <= 3,000 characters; fields <= 10, each <= 2,000:
  https://api.slack.com/reference/block-kit/blocks#section
- HEADER: plain_text <= 150 characters: https://api.slack.com/reference/block-kit/blocks#header
- CONTEXT: <= 10 elements: https://api.slack.com/reference/block-kit/blocks#context
- ACTIONS: <= 25 elements: https://api.slack.com/reference/block-kit/blocks#actions
- BUTTON: text <= 75, action_id <= 255, value <= 2,000:
  https://api.slack.com/reference/block-kit/block-elements#button
- TEXT OBJECT: plain_text or mrkdwn, 1..3,000 characters:
  https://api.slack.com/reference/block-kit/composition-objects#text
- MODAL: title, submit and close <= 24 characters, private_metadata <= 3,000, callback_id <= 255:
  https://api.slack.com/reference/surfaces/views
- MESSAGE TEXT: `text` is the notification and accessibility fallback and must be given with
  blocks ("highly recommended"; we require it); longer than 40,000 characters is `msg_too_long`:
  https://api.slack.com/methods/chat.postMessage#text_usage
- CUMULATIVE BLOCK TEXT: Slack answers `msg_blocks_too_long` when the text of all blocks together
  is too long; the documented figure is 12,000 characters
  (https://api.slack.com/reference/block-kit/blocks#markdown) and observed failures start near
  13,200 (https://github.com/slackapi/bolt-js/issues/2509); the mock uses 12,000.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
BLOCK_ID = 255
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
ACTION_ID = 255
BUTTON_VALUE = 2000
TEXT_OBJECT = 3000
VIEW_TITLE = 24
PRIVATE_METADATA = 3000
CALLBACK_ID = 255
MESSAGE_TEXT = 40_000
CUMULATIVE_BLOCK_TEXT = 12_000

Problem = tuple[str, str] | None


class Invalid(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def require(condition: bool, detail: str) -> None:
    if not condition:
        raise Invalid(detail)


def text_object(obj: Any, where: str, limit: int = TEXT_OBJECT, *, plain_only: bool = False) -> None:
    require(isinstance(obj, dict), f"{where}: a text object is required")
    kinds = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    require(obj.get("type") in kinds, f"{where}: text type must be one of {kinds}")
    text = obj.get("text")
    require(isinstance(text, str) and len(text) > 0, f"{where}: text must not be empty")
    require(len(text) <= limit, f"{where}: must be less than {limit + 1} characters")


def button(element: dict[str, Any], where: str) -> None:
    text_object(element.get("text"), f"{where}.text", BUTTON_TEXT, plain_only=True)
    require(
        len(str(element.get("action_id", ""))) <= ACTION_ID,
        f"{where}.action_id: must be less than {ACTION_ID + 1} characters",
    )
    require(
        len(str(element.get("value", ""))) <= BUTTON_VALUE,
        f"{where}.value: must be less than {BUTTON_VALUE + 1} characters",
    )


def block(item: dict[str, Any], where: str) -> None:
    kind = item.get("type")
    require(
        len(str(item.get("block_id", ""))) <= BLOCK_ID,
        f"{where}.block_id: must be less than {BLOCK_ID + 1} characters",
    )
    if kind == "section":
        require("text" in item or "fields" in item, f"{where}: needs text or fields")
        if "text" in item:
            text_object(item["text"], f"{where}.text", SECTION_TEXT)
        fields = item.get("fields", [])
        require(len(fields) <= SECTION_FIELDS, f"{where}.fields: at most {SECTION_FIELDS}")
        for i, field in enumerate(fields):
            text_object(field, f"{where}.fields[{i}]", FIELD_TEXT)
    elif kind == "header":
        text_object(item.get("text"), f"{where}.text", HEADER_TEXT, plain_only=True)
    elif kind == "context":
        elements = item.get("elements") or []
        require(
            0 < len(elements) <= CONTEXT_ELEMENTS, f"{where}.elements: between 1 and {CONTEXT_ELEMENTS} items"
        )
        for i, element in enumerate(elements):
            text_object(element, f"{where}.elements[{i}]")
    elif kind == "actions":
        elements = item.get("elements") or []
        require(
            0 < len(elements) <= ACTIONS_ELEMENTS, f"{where}.elements: between 1 and {ACTIONS_ELEMENTS} items"
        )
        for i, element in enumerate(elements):
            require(element.get("type") == "button", f"{where}.elements[{i}]: unsupported")
            button(element, f"{where}.elements[{i}]")
    elif kind == "input":
        text_object(item.get("label"), f"{where}.label", 2000, plain_only=True)
        element = item.get("element") or {}
        require(len(str(element.get("action_id", ""))) <= ACTION_ID, f"{where}.element.action_id")
    elif kind != "divider":
        raise Invalid(f"{where}: unsupported block type {kind!r}")


def texts(value: Any) -> Iterator[str]:
    """Every `text` string inside blocks, as counted toward the cumulative limit."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def blocks(items: Any, limit: int) -> list[str]:
    """Checks a block list; returns its block_ids."""
    require(isinstance(items, list), "blocks: must be an array")
    require(len(items) <= limit, f"blocks: must be less than {limit + 1} items")
    ids: list[str] = []
    for i, item in enumerate(items):
        require(isinstance(item, dict), f"blocks[{i}]: must be an object")
        block(item, f"blocks[{i}]")
        if "block_id" in item:
            require(item["block_id"] not in ids, f"blocks[{i}].block_id: duplicate block_id")
            ids.append(str(item["block_id"]))
    return ids


def message(body: dict[str, Any], previous_block_ids: frozenset[str] = frozenset()) -> Problem:
    """A chat.postMessage / chat.postEphemeral / chat.update / response_url body."""
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        return "no_text", "text: the fallback text is required with blocks"
    if len(text) > MESSAGE_TEXT:
        return "msg_too_long", f"text: {len(text)} characters"
    raw = body.get("blocks")
    if raw is None:
        return None
    try:
        ids = blocks(raw, MESSAGE_BLOCKS)
    except Invalid as error:
        return "invalid_blocks", error.detail
    reused = previous_block_ids.intersection(ids)
    if reused:
        return "invalid_blocks", f"block_id reused from the previous version: {sorted(reused)[0]}"
    total = sum(len(t) for t in texts(raw))
    if total > CUMULATIVE_BLOCK_TEXT:
        return "msg_blocks_too_long", f"{total} characters of block text"
    return None


def view(payload: Any) -> Problem:
    """A views.open / views.publish / views.update view."""
    try:
        require(isinstance(payload, dict), "view: must be an object")
        kind = payload.get("type")
        require(kind in ("modal", "home"), f"view.type: {kind!r}")
        if kind == "modal":
            text_object(payload.get("title"), "view.title", VIEW_TITLE, plain_only=True)
            for name in ("submit", "close"):
                if name in payload:
                    text_object(payload[name], f"view.{name}", VIEW_TITLE, plain_only=True)
        require(
            len(str(payload.get("private_metadata", ""))) <= PRIVATE_METADATA,
            f"view.private_metadata: must be less than {PRIVATE_METADATA + 1} characters",
        )
        require(len(str(payload.get("callback_id", ""))) <= CALLBACK_ID, "view.callback_id")
        blocks(payload.get("blocks"), VIEW_BLOCKS)
    except Invalid as error:
        return "invalid_arguments", error.detail
    return None
