"""Discord's documented request limits, checked the way Discord checks them: the one copy, used
by the renderers (layout.py), `prepbot content check` and the strict fake of the tests.

Each check returns Discord's nested `errors` object (empty when the request is valid), the body of
its HTTP 400 `{"code": 50035, "message": "Invalid Form Body", "errors": {...}}` answer
(https://discord.com/developers/docs/reference#error-messages).

Lengths are counted in UTF-16 code units, as Discord's clients do; for text in the Basic
Multilingual Plane that is one per character, and never fewer than Python's `len`.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

# https://discord.com/developers/docs/resources/message#create-message-jsonform-params
CONTENT = 2000  # "Message contents (up to 2000 characters)"
EMBEDS = 10  # "Up to 10 rich embeds (up to 6000 characters)"
# https://discord.com/developers/docs/resources/message#embed-object-embed-limits
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
AUTHOR_NAME = 256
EMBEDS_TOTAL = 6000  # title, description, field names and values, footer and author, all embeds
# https://discord.com/developers/docs/components/reference#action-row
ACTION_ROWS = 5  # "up to 5 action rows" in a message (legacy layout)
BUTTONS_PER_ROW = 5  # "Up to 5 contextually grouped buttons"
# https://discord.com/developers/docs/components/reference#button
BUTTON_LABEL = 80
CUSTOM_ID = 100  # "Developer-defined identifier ... 1-100 characters"
# https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
MODAL_TITLE = 45
MODAL_COMPONENTS = 5  # "Between 1 and 5 (inclusive) components that make up the modal"
# https://discord.com/developers/docs/components/reference#label
LABEL_TEXT = 45
LABEL_DESCRIPTION = 100
# https://discord.com/developers/docs/components/reference#text-input
TEXT_INPUT_LENGTH = 4000  # min_length 0-4000, max_length 1-4000, value up to 4000
TEXT_INPUT_PLACEHOLDER = 100

ACTION_ROW, BUTTON, TEXT_INPUT, LABEL = 1, 2, 4, 18
LINK_STYLE, PREMIUM_STYLE = 5, 6


def length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Errors:
    """Collects problems under their JSON path, nested like Discord's `errors` object."""

    def __init__(self) -> None:
        self.tree: Json = {}

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.tree
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_length(self, path: tuple[str | int, ...], value: Any, limit: int) -> None:
        size = length(value) if isinstance(value, str) else len(value) if isinstance(value, list) else 0
        if size > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def between(self, path: tuple[str | int, ...], value: Any, low: int, high: int) -> None:
        size = length(value) if isinstance(value, str) else len(value) if isinstance(value, list) else 0
        if value is None or not low <= size <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def check_message(body: Json, *, creating: bool = True) -> Json:
    """A message create or edit (channel message, webhook/follow-up, or interaction reply data)."""
    errors = Errors()
    errors.max_length(("content",), body.get("content") or "", CONTENT)
    embeds = body.get("embeds") or []
    errors.max_length(("embeds",), embeds, EMBEDS)
    total = 0
    for index, embed in enumerate(embeds):
        total += _check_embed(errors, ("embeds", index), embed)
    if total > EMBEDS_TOTAL:
        errors.add(
            ("embeds",), "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBEDS_TOTAL}"
        )
    _check_rows(errors, body.get("components") or [])
    if creating and not (
        body.get("content")
        or embeds
        or body.get("components")
        or body.get("attachments")
        or body.get("sticker_ids")
    ):
        # https://discord.com/developers/docs/topics/opcodes-and-status-codes#json (50006)
        errors.add(("content",), "BASE_TYPE_REQUIRED", "Cannot send an empty message")
    return errors.tree


def _check_embed(errors: Errors, path: tuple[str | int, ...], embed: Json) -> int:
    texts = {
        "title": (embed.get("title") or "", EMBED_TITLE),
        "description": (embed.get("description") or "", EMBED_DESCRIPTION),
    }
    for key, (text, limit) in texts.items():
        errors.max_length((*path, key), text, limit)
    total = sum(length(text) for text, _ in texts.values())
    fields = embed.get("fields") or []
    errors.max_length((*path, "fields"), fields, EMBED_FIELDS)
    for index, field in enumerate(fields):
        name, value = field.get("name") or "", field.get("value") or ""
        errors.between((*path, "fields", index, "name"), name, 1, FIELD_NAME)
        errors.between((*path, "fields", index, "value"), value, 1, FIELD_VALUE)
        total += length(name) + length(value)
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    errors.max_length((*path, "footer", "text"), footer, FOOTER_TEXT)
    errors.max_length((*path, "author", "name"), author, AUTHOR_NAME)
    return total + length(footer) + length(author)


def _check_rows(errors: Errors, rows: list[Json]) -> None:
    errors.max_length(("components",), rows, ACTION_ROWS)
    seen: set[str] = set()
    for row_index, row in enumerate(rows):
        path: tuple[str | int, ...] = ("components", row_index)
        if row.get("type") != ACTION_ROW:
            errors.add(
                (*path, "type"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "Top-level message components must be action rows",
            )
            continue
        buttons = row.get("components") or []
        errors.between((*path, "components"), buttons, 1, BUTTONS_PER_ROW)
        for index, button in enumerate(buttons):
            _check_button(errors, (*path, "components", index), button, seen)


def _check_button(errors: Errors, path: tuple[str | int, ...], button: Json, seen: set[str]) -> None:
    if button.get("type") != BUTTON:
        return
    errors.max_length((*path, "label"), button.get("label") or "", BUTTON_LABEL)
    if button.get("style") in (LINK_STYLE, PREMIUM_STYLE):
        return
    custom_id = button.get("custom_id")
    errors.between((*path, "custom_id"), custom_id, 1, CUSTOM_ID)
    if custom_id in seen:
        errors.add(
            (*path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"
        )
    seen.add(str(custom_id))


def check_modal(data: Json) -> Json:
    errors = Errors()
    errors.between(("title",), data.get("title"), 1, MODAL_TITLE)
    errors.between(("custom_id",), data.get("custom_id"), 1, CUSTOM_ID)
    components = data.get("components") or []
    errors.between(("components",), components, 1, MODAL_COMPONENTS)
    for index, component in enumerate(components):
        path: tuple[str | int, ...] = ("components", index)
        if component.get("type") == LABEL:
            errors.between((*path, "label"), component.get("label"), 1, LABEL_TEXT)
            errors.max_length((*path, "description"), component.get("description") or "", LABEL_DESCRIPTION)
            _check_text_input(errors, (*path, "component"), component.get("component") or {}, labelled=True)
        elif component.get("type") == ACTION_ROW:  # the deprecated layout, still accepted
            inputs = component.get("components") or []
            errors.between((*path, "components"), inputs, 1, 1)
            for inner, text_input in enumerate(inputs):
                _check_text_input(errors, (*path, "components", inner), text_input, labelled=False)
        else:
            errors.add(
                (*path, "type"), "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (1, 10, 18).'
            )
    return errors.tree


def _check_text_input(errors: Errors, path: tuple[str | int, ...], field: Json, *, labelled: bool) -> None:
    if field.get("type") != TEXT_INPUT:
        return
    errors.between((*path, "custom_id"), field.get("custom_id"), 1, CUSTOM_ID)
    if field.get("style") not in (1, 2):
        errors.add((*path, "style"), "BASE_TYPE_CHOICES", "Value must be one of (1, 2).")
    if not labelled:  # inside a Label the text input's own label is not used
        errors.between((*path, "label"), field.get("label"), 1, LABEL_TEXT)
    for key, low in (("min_length", 0), ("max_length", 1)):
        value = field.get(key)
        if value is not None and not low <= value <= TEXT_INPUT_LENGTH:
            errors.add(
                (*path, key), "NUMBER_TYPE_MAX", f"int value should be between {low} and {TEXT_INPUT_LENGTH}."
            )
    errors.max_length((*path, "placeholder"), field.get("placeholder") or "", TEXT_INPUT_PLACEHOLDER)
    errors.max_length((*path, "value"), field.get("value") or "", TEXT_INPUT_LENGTH)


# https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type
MESSAGE_REPLY, DEFERRED_REPLY, DEFERRED_UPDATE, UPDATE_MESSAGE, CHOICES, MODAL = 4, 5, 6, 7, 8, 9
# https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure
CHOICES_MAX, CHOICE_NAME, CHOICE_VALUE = 25, 100, 100


def check_callback(body: Json) -> Json:
    """An interaction response: a message, an update of one, a deferral, or a modal."""
    kind = body.get("type")
    data = body.get("data") or {}
    if kind in (MESSAGE_REPLY, UPDATE_MESSAGE):
        return check_message(data, creating=kind == MESSAGE_REPLY)
    if kind == MODAL:
        return {"data": tree} if (tree := check_modal(data)) else {}
    if kind in (DEFERRED_REPLY, DEFERRED_UPDATE):
        return {}
    errors = Errors()
    if kind == CHOICES:
        choices = data.get("choices") or []
        errors.max_length(("data", "choices"), choices, CHOICES_MAX)
        for index, choice in enumerate(choices):
            errors.between(("data", "choices", index, "name"), choice.get("name"), 1, CHOICE_NAME)
            errors.max_length(("data", "choices", index, "value"), choice.get("value"), CHOICE_VALUE)
        return errors.tree
    errors.add(("type",), "BASE_TYPE_CHOICES", "Value must be one of (4, 5, 6, 7, 8, 9, 10, 12).")
    return errors.tree
