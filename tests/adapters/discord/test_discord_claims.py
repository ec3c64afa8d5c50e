"""Self-assessment buttons under open-question feedback, through the real discord.py client."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.models import Member
from bot.storage.self_assessments import SelfAssessmentStore
from tests.adapters.discord.fake_discord import ALICE_ID, GUILD_ID
from tests.adapters.discord.harness import ALICE, RunningBot, buttons_of, text_of
from tests.conftest import SMALL_PACK


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """The shared sample pack, which has an interview question with a three-point rubric."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "sample.yaml").write_text(SMALL_PACK, encoding="utf-8")
    return folder


PARTIAL = "Overfitting means the model memorises noise. I would add L2 regularisation."


async def test_a_member_claims_a_missed_point_with_a_button_that_survives_a_restart(bot: RunningBot) -> None:
    alice = Member(platform="discord", community_id=str(GUILD_ID), user_id=str(ALICE_ID))
    await bot.core.store.set_pending(alice, "explain-overfitting", None, datetime(2026, 1, 1, tzinfo=UTC))
    feedback = await bot.reply(await bot.command(ALICE, "answer", text=PARTIAL))
    assert "3. ❌ Names more data or early stopping" in text_of(feedback)
    [claim] = buttons_of(feedback)
    assert claim["label"] == "I covered point 3"
    assert claim["custom_id"] == "prep:claim:explain-overfitting:3"
    noted = await bot.reply(await bot.click(ALICE, claim["custom_id"], feedback))
    assert "Noted: you say you covered point 3" in text_of(noted)
    again = await bot.reply(await bot.click(ALICE, claim["custom_id"], feedback))
    assert "already said you covered point 3" in text_of(again)
    store = SelfAssessmentStore(bot.core.store)
    assert await store.claims_per_point(f"discord:{GUILD_ID}", "explain-overfitting") == {3: 1}


async def test_a_forged_claim_button_changes_nothing(bot: RunningBot) -> None:
    reply = await bot.reply(await bot.click(ALICE, "prep:claim:no-such-question:2"))
    assert "No interview question has the code" in text_of(reply)
