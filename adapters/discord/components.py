"""Answer buttons and the answer modal.

Buttons are `DynamicItem`s and the modal is routed by its custom_id: each custom_id carries the
post (0 = private practice, at most 18 digits so it fits a 64-bit integer), the question and the
option, so a click or a typed answer reaches its question after any delay and after a restart.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

MAX_ANSWER_CHARS = 2000
POST = r"(?P<post>\d{1,18})"
QUESTION = r"(?P<question>[a-z0-9-]{1,60})"
CHOICE_ID = rf"prep:ans:{POST}:{QUESTION}:(?P<option>[A-E])"
OPEN_ID = rf"prep:open:{POST}:{QUESTION}"
MODAL_ID = rf"prep:modal:{POST}:{QUESTION}"
CLAIM_ID = rf"prep:claim:{QUESTION}:(?P<point>[1-6])"
ANSWER_INPUT = "answer"


class AnswerHandler(Protocol):
    async def answer(
        self, interaction: discord.Interaction[Any], post: int, question_id: str, response: str
    ) -> None: ...

    async def open_modal(
        self, interaction: discord.Interaction[Any], post: int, question_id: str
    ) -> None: ...

    async def claim(self, interaction: discord.Interaction[Any], question_id: str, point: int) -> None: ...


def handler_of(interaction: discord.Interaction[Any]) -> AnswerHandler:
    handler: AnswerHandler = interaction.client.answers
    return handler


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=CHOICE_ID):
    def __init__(self, post: int, question_id: str, option: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=option,
                style=discord.ButtonStyle.secondary,
                custom_id=f"prep:ans:{post}:{question_id}:{option}",
            )
        )
        self.post, self.question_id, self.option = post, question_id, option

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ChoiceButton:
        return cls(int(match["post"]), match["question"], match["option"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await handler_of(interaction).answer(interaction, self.post, self.question_id, self.option)


class OpenAnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=OPEN_ID):
    def __init__(self, post: int, question_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Answer", style=discord.ButtonStyle.primary, custom_id=f"prep:open:{post}:{question_id}"
            )
        )
        self.post, self.question_id = post, question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> OpenAnswerButton:
        return cls(int(match["post"]), match["question"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await handler_of(interaction).open_modal(interaction, self.post, self.question_id)


class ClaimButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=CLAIM_ID):
    """ "I covered point N": the member's self-assessment of a missed key point."""

    def __init__(self, question_id: str, point: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=f"I covered point {point}",
                style=discord.ButtonStyle.secondary,
                custom_id=f"prep:claim:{question_id}:{point}",
            )
        )
        self.question_id, self.point = question_id, point

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ClaimButton:
        return cls(match["question"], int(match["point"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await handler_of(interaction).claim(interaction, self.question_id, self.point)


class AnswerModal(discord.ui.Modal):
    """A text box for a short or open answer, in Discord's Label layout.

    discord.py does not keep it: `PrepClient.on_interaction` answers its submission from the
    custom_id alone (see `modal_target`), so nothing is lost to a timeout or a restart.
    """

    def __init__(self, post: int, question_id: str) -> None:
        super().__init__(title="Your answer", timeout=None, custom_id=f"prep:modal:{post}:{question_id}")
        self.add_item(
            discord.ui.Label(
                text="Your answer",
                description="Graded as soon as you submit; only you see the result.",
                component=discord.ui.TextInput(
                    style=discord.TextStyle.paragraph,
                    custom_id=ANSWER_INPUT,
                    max_length=MAX_ANSWER_CHARS,
                    placeholder="Type your answer",
                ),
            )
        )

    def is_finished(self) -> bool:
        return True  # so discord.py sends it without keeping it in memory


def modal_target(custom_id: str) -> tuple[int, str] | None:
    """The post and question an answer modal's custom_id names, if it is one of ours."""
    match = re.fullmatch(MODAL_ID, custom_id)
    return (int(match["post"]), match["question"]) if match else None


def submitted_text(components: list[Any]) -> str:
    """The answer typed into a submitted modal, in the Label or the older action-row layout."""
    for component in components:
        if not isinstance(component, dict):
            continue
        if component.get("custom_id") == ANSWER_INPUT:
            return str(component.get("value") or "")
        inner = [component["component"]] if "component" in component else component.get("components")
        found = submitted_text(inner) if isinstance(inner, list) else ""
        if found:
            return found
    return ""


def is_stale_component(custom_id: str) -> bool:
    """One of our button ids that no current button matches (out of date, or made up)."""
    return custom_id.startswith("prep:") and not any(
        re.fullmatch(template, custom_id) for template in (CHOICE_ID, OPEN_ID, CLAIM_ID)
    )


DYNAMIC_ITEMS = (ChoiceButton, OpenAnswerButton, ClaimButton)
