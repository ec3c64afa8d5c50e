"""What a button or modal carries: post id, question id and option, so old buttons survive restarts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from adapters.slack.blocks import sections

CHOICE_ACTION_PREFIX = "prep_choice_"
CHOICE_ACTION = re.compile(r"^prep_choice_[A-E]$")
ANSWER_ACTION = "prep_answer_open"
CLAIM_ACTION_PREFIX = "prep_claim_"
CLAIM_ACTION = re.compile(r"^prep_claim_[1-6]$")
ANSWER_VIEW = "prep_answer_modal"
ANSWER_BLOCK = "answer"
ANSWER_INPUT = "text"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_POST_ID = re.compile(r"\d{1,18}", re.ASCII)
OPTIONS = ("A", "B", "C", "D", "E")


@dataclass(frozen=True)
class AnswerTarget:
    """The question a button answers; post_id None is private practice."""

    post_id: int | None
    question_id: str
    option: str = ""


def encode_value(post_id: int, question_id: str, option: str = "") -> str:
    """`0|question-id|B`: post 0 is practice."""
    return f"{post_id}|{question_id}|{option}"


def decode_value(value: str) -> AnswerTarget | None:
    """Parse a button value; None when it is not one of ours (never trust it blindly)."""
    parts = value.split("|") if len(value) <= 100 else []
    if len(parts) != 3 or not _POST_ID.fullmatch(parts[0]):
        return None
    post, question_id, option = parts
    if not _SLUG.match(question_id) or len(question_id) > 60:
        return None
    if option and option not in OPTIONS:
        return None
    return AnswerTarget(int(post) or None, question_id, option)


def claim_value(question_id: str, point: int) -> str:
    return f"{question_id}|{point}"


def decode_claim(value: str) -> tuple[str, int] | None:
    """The question and key point a self-assessment button names; None when not one of ours."""
    question_id, _, point = value.partition("|") if len(value) <= 70 else ("", "", "")
    if not _SLUG.match(question_id) or not re.fullmatch(r"[1-6]", point, re.ASCII):
        return None
    return question_id, int(point)


@dataclass(frozen=True)
class ModalContext:
    """Kept in the modal's private_metadata, to answer privately after it is submitted."""

    target: AnswerTarget
    channel_id: str
    response_url: str

    def dump(self) -> str:
        return json.dumps(
            {
                "p": self.target.post_id or 0,
                "q": self.target.question_id,
                "c": self.channel_id,
                "r": self.response_url,
            }
        )

    @classmethod
    def load(cls, raw: str) -> ModalContext | None:
        try:
            data = json.loads(raw)
            target = decode_value(encode_value(int(data["p"]), str(data["q"])))
            channel, url = str(data.get("c", "")), str(data.get("r", ""))
        except (ValueError, KeyError, TypeError):
            return None
        if target is None:
            return None
        return cls(target, channel, url)


def answer_modal(prompt_mrkdwn: str, context: ModalContext, max_chars: int) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ANSWER_VIEW,
        "private_metadata": context.dump(),
        "title": {"type": "plain_text", "text": "Your answer"},
        "submit": {"type": "plain_text", "text": "Submit"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            *sections(prompt_mrkdwn),
            {
                "type": "input",
                "block_id": ANSWER_BLOCK,
                "label": {"type": "plain_text", "text": "Answer"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": ANSWER_INPUT,
                    "multiline": True,
                    "max_length": max_chars,
                },
            },
        ],
    }
