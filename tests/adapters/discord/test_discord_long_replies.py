"""Replies longer than one Discord message arrive whole, through the real client."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.models import EXPLANATION_MAX, MODEL_ANSWER_MAX, Channel
from bot.replies import OptionCount, Reveal
from tests.adapters.discord.fake_discord import CHANNEL_ID, GUILD_ID
from tests.adapters.discord.harness import ALICE, RunningBot, buttons_of, text_of

SENTENCE = "Monitoring compares live feature distributions against the training snapshot. "
# As long as the schema allows: past two 1,024-character fields each, 6,000 characters together.
MODEL_ANSWER = ("Result: " + SENTENCE * 48)[:MODEL_ANSWER_MAX].strip()
EXPLANATION = ("Why: " + "Drift shows up in inputs before it shows up in labels. " * 70)[
    :EXPLANATION_MAX
].strip()
PACK = f"""
pack: long
title: Long answers
questions:
  - id: drift-monitoring
    kind: open
    topic: system-design
    difficulty: hard
    prompt: "How would you monitor a deployed model for drift?"
    model_answer: "{MODEL_ANSWER}"
    rubric:
      - point: "Compare live inputs with the training distribution"
        keywords: [distribution, drift]
      - point: "Alert on thresholds"
        keywords: [alert, threshold]
      - point: "Retrain or roll back"
        keywords: [retrain, rollback]
    explanation: "{EXPLANATION}"
    sources: [general]
"""


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "long.yaml").write_text(PACK, encoding="utf-8")
    return folder


def everything_sent(bot: RunningBot, token: str) -> str:
    return "\n".join(text_of(c.data) for c in bot.fake.find(lambda c: token in c.path))


async def test_a_long_model_answer_and_explanation_arrive_whole(bot: RunningBot) -> None:
    card = await bot.reply(await bot.command(ALICE, "quiz"))
    modal = (await bot.callback(await bot.click(ALICE, buttons_of(card)[0]["custom_id"], card))).body
    token = await bot.submit_modal(
        ALICE, modal["data"]["custom_id"], "Compare the distribution with training and alert on drift."
    )
    await bot.fake.replies_to(token, count=3)  # deferral, the edited placeholder, a follow-up
    shown = " ".join(everything_sent(bot, token).split())
    assert " ".join(MODEL_ANSWER.split()) in shown.replace(" Model answer (continued) ", " ")
    assert shown.count("Drift shows up in inputs") == EXPLANATION.count("Drift shows up in inputs")
    assert not bot.fake.rejected


async def test_a_long_reveal_edits_the_post_and_continues_below_it(bot: RunningBot) -> None:
    channel = Channel(platform="discord", community_id=str(GUILD_ID), channel_id=str(CHANNEL_ID))
    reveal = Reveal(
        question_id="drift-monitoring",
        topic_title="System design",
        difficulty="hard",
        prompt="How would you monitor a deployed model for drift? " * 70,
        correct_answer=MODEL_ANSWER,
        explanation=EXPLANATION,
        answered_count=3,
        correct_count=1,
        distribution=(OptionCount("Correct", 1, True),),
        top=(),
        post_id=42,
    )
    await bot.adapter.publisher.edit(channel, "1234", reveal)
    posts = f"/channels/{CHANNEL_ID}/messages"
    [edited] = bot.fake.find(lambda c: c.method == "PATCH" and c.path == f"{posts}/1234")
    below = bot.fake.find(lambda c: c.method == "POST" and c.path == posts)
    assert edited.body["components"] == [] and below
    shown = " ".join(" ".join(text_of(c.body) for c in [edited, *below]).split())
    assert shown.count("Monitoring compares live") == MODEL_ANSWER.count("Monitoring compares live")
    assert "1/3 correct" in shown
