"""A practice question and its answer buttons, as a member sees them."""

from __future__ import annotations

from sqlalchemy import text

from bot.answer_feedback import ANSWERED_BEFORE
from bot.settings import Settings
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.harness import ALICE, RunningBot, buttons_of, start_bot, text_of

EPHEMERAL = 64


async def attempts(bot: RunningBot) -> int:
    async with bot.store.engine.connect() as conn:
        return int(await conn.scalar(text("SELECT count(*) FROM attempts")))


async def quiz(bot: RunningBot, topic: str = "fundamentals") -> dict:
    token = await bot.command(ALICE, "quiz", topic=topic)
    callback = await bot.callback(token)
    assert callback.body["type"] == 5 and callback.body["data"]["flags"] == EPHEMERAL  # deferred
    return await bot.reply(token)


async def test_quiz_shows_a_private_card_with_one_button_per_option(bot: RunningBot) -> None:
    card = await quiz(bot)
    assert "reduces variance" in text_of(card)
    assert "ML fundamentals" in text_of(card)
    assert [b["label"] for b in buttons_of(card)] == ["A", "B", "C"]
    assert buttons_of(card)[0]["custom_id"] == "prep:ans:0:bias-variance:A"


async def test_a_click_records_one_attempt_and_answers_privately(bot: RunningBot) -> None:
    card = await quiz(bot)
    token = await bot.click(ALICE, buttons_of(card)[0]["custom_id"], card)
    callback = await bot.callback(token)
    assert callback.body["type"] == 5 and callback.body["data"]["flags"] == EPHEMERAL
    feedback = text_of(await bot.reply(token))
    assert "Correct!" in feedback and "More data averages out noise" in feedback
    assert await attempts(bot) == 1


def without_repeat_note(shown: str) -> str:
    return shown.replace(f"Note\n{ANSWERED_BEFORE}\n", "")


async def test_a_second_click_shows_the_first_feedback_and_records_nothing(bot: RunningBot) -> None:
    card = await quiz(bot)
    first = text_of(await bot.reply(await bot.click(ALICE, buttons_of(card)[1]["custom_id"], card)))
    assert "Not quite." in first
    second = text_of(await bot.reply(await bot.click(ALICE, buttons_of(card)[0]["custom_id"], card)))
    assert ANSWERED_BEFORE in second
    assert without_repeat_note(second) == first  # grade, points, the member's answer and why
    assert await attempts(bot) == 1


async def test_buttons_posted_before_a_restart_still_answer(settings: Settings, fake: FakeDiscord) -> None:
    before = await start_bot(settings, fake)
    card = await quiz(before)
    await before.stop()
    after = await start_bot(settings, fake)
    try:
        token = await after.click(ALICE, buttons_of(card)[0]["custom_id"], card)
        assert "Correct!" in text_of(await after.reply(token))
        assert await attempts(after) == 1
    finally:
        await after.stop()


async def test_a_question_removed_from_the_bank_gets_a_friendly_reply(bot: RunningBot) -> None:
    token = await bot.click(ALICE, "prep:ans:0:question-that-was-deleted:A")
    reply = await bot.reply(token)
    assert "no longer in the bank" in text_of(reply)
    assert reply.get("components", []) == []
    assert await attempts(bot) == 0


async def test_short_questions_open_a_modal_whose_answer_is_graded(bot: RunningBot) -> None:
    card = await quiz(bot, "optimization")
    [answer_button] = buttons_of(card)
    assert answer_button["label"] == "Answer" and answer_button["custom_id"] == "prep:open:0:adam-optimizer"
    token = await bot.click(ALICE, answer_button["custom_id"], card)
    modal = (await bot.callback(token)).body
    assert modal["type"] == 9
    [label] = modal["data"]["components"]
    assert label["component"]["style"] == 2 and label["component"]["max_length"] == 2000
    submitted = await bot.submit_modal(ALICE, modal["data"]["custom_id"], "adam")
    assert "Correct!" in text_of(await bot.reply(submitted))
    assert await attempts(bot) == 1


async def test_open_questions_show_the_key_points_and_model_answer(bot: RunningBot) -> None:
    card = await quiz(bot, "system-design")
    token = await bot.click(ALICE, buttons_of(card)[0]["custom_id"], card)
    modal = (await bot.callback(token)).body
    submitted = await bot.submit_modal(
        ALICE, modal["data"]["custom_id"], "Teams share features and avoid training/serving skew."
    )
    feedback = text_of(await bot.reply(submitted))
    assert "Reuse of features across teams" in feedback
    assert "Model answer" in feedback and "serve them fast" in feedback


async def test_a_letter_outside_the_options_is_asked_again_and_not_recorded(bot: RunningBot) -> None:
    await quiz(bot)
    reply = text_of(await bot.reply(await bot.command(ALICE, "answer", text="E")))
    assert "Answer with one letter, A, B or C" in reply
    assert "More data averages out noise" not in reply
    assert await attempts(bot) == 0
    assert "Correct!" in text_of(await bot.reply(await bot.command(ALICE, "answer", text="(A)")))
    assert await attempts(bot) == 1


async def test_open_feedback_quotes_the_sentence_that_made_each_point(bot: RunningBot) -> None:
    card = await quiz(bot, "system-design")
    token = await bot.click(ALICE, buttons_of(card)[0]["custom_id"], card)
    modal = (await bot.callback(token)).body
    submitted = await bot.submit_modal(
        ALICE,
        modal["data"]["custom_id"],
        "Teams share features across projects. " + "It keeps serving fast for every request. " * 40,
    )
    feedback = await bot.reply(submitted)
    shown = text_of(feedback)
    assert "Teams share features across projects" in shown and "✅" in shown and "❌" in shown
    assert all(
        len(field["value"]) <= 1024 for embed in feedback["embeds"] for field in embed.get("fields", [])
    )
