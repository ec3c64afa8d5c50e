"""Answer buttons and the answer modal.

Buttons are `DynamicItem`s: their custom_id carries the post (0 = private practice), the question
and the option, so a click on a message posted before a restart still finds its way.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

MAX_ANSWER_CHARS = 2000


class AnswerHandler(Protocol):
    async def answer(self, interaction: discord.Interaction[Any], post: int, question_id: str,
                     response: str) -> None: ...

    async def open_modal(self, interaction: discord.Interaction[Any], post: int,
                         question_id: str) -> None: ...


def handler_of(interaction: discord.Interaction[Any]) -> AnswerHandler:
    handler: AnswerHandler = interaction.client.answers
    return handler


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"prep:ans:(?P<post>\d{1,19}):(?P<question>[a-z0-9-]{1,60}):(?P<option>[A-E])"):
    def __init__(self, post: int, question_id: str, option: str) -> None:
        super().__init__(discord.ui.Button(
            label=option, style=discord.ButtonStyle.secondary,
            custom_id=f"prep:ans:{post}:{question_id}:{option}"))
        self.post, self.question_id, self.option = post, question_id, option

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> ChoiceButton:
        return cls(int(match["post"]), match["question"], match["option"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await handler_of(interaction).answer(interaction, self.post, self.question_id, self.option)


class OpenAnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                       template=r"prep:open:(?P<post>\d{1,19}):(?P<question>[a-z0-9-]{1,60})"):
    def __init__(self, post: int, question_id: str) -> None:
        super().__init__(discord.ui.Button(
            label="Answer", style=discord.ButtonStyle.primary,
            custom_id=f"prep:open:{post}:{question_id}"))
        self.post, self.question_id = post, question_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> OpenAnswerButton:
        return cls(int(match["post"]), match["question"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await handler_of(interaction).open_modal(interaction, self.post, self.question_id)


class AnswerModal(discord.ui.Modal):
    """A text box for a short or open answer; its submission goes to the same answer path."""

    def __init__(self, post: int, question_id: str) -> None:
        super().__init__(title="Your answer", timeout=15 * 60)
        self.post, self.question_id = post, question_id
        self.text: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label="Answer", style=discord.TextStyle.paragraph, custom_id="answer",
            max_length=MAX_ANSWER_CHARS, placeholder="Type your answer")
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await handler_of(interaction).answer(interaction, self.post, self.question_id,
                                             self.text.value)


DYNAMIC_ITEMS = (ChoiceButton, OpenAnswerButton)
