"""Self-assessment buttons under open-question feedback, through the real Bolt app (HTTP mode)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.slack.app import EVENTS_PATH, create_slack_adapter
from bot.bootstrap import Core, build_core, build_router
from bot.models import Member
from bot.storage.self_assessments import SelfAssessmentStore
from tests.adapters.slack.conftest import http_settings, running, stop
from tests.adapters.slack.mock_slack import TEAM_ID, MockSlack
from tests.adapters.slack.slack_client import MEMBER, SlackSender, buttons, click, command, shown

PARTIAL = "Overfitting means the model memorises noise. I would add L2 regularisation."


@pytest.fixture
async def slack_and_core(
    mock_slack: MockSlack, content_dir: Path, tmp_path: Path
) -> AsyncIterator[tuple[SlackSender, Core]]:
    settings = http_settings(
        mock_slack, content_dir=content_dir, database_url=f"sqlite:///{tmp_path / 's.db'}"
    )
    core = await build_core(settings)
    adapter = create_slack_adapter(settings, build_router(core))
    task = await running(adapter)
    yield SlackSender(mock_slack, f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}"), core
    await stop(adapter, task)
    await core.close()


async def test_a_member_claims_a_missed_point_with_a_button(slack_and_core: tuple[SlackSender, Core]) -> None:
    slack, core = slack_and_core
    ada = Member(platform="slack", community_id=TEAM_ID, user_id=MEMBER)
    await core.store.set_pending(ada, "explain-overfitting", None, datetime(2026, 1, 1, tzinfo=UTC))
    feedback = await command(slack, "answer " + PARTIAL)
    assert "3. " in shown(feedback) and "Names more data or early stopping" in shown(feedback)
    [claim] = buttons(feedback)
    assert claim["text"]["text"] == "I covered point 3"
    noted, _ = await click(slack, claim)
    assert "Noted: you say you covered point 3" in shown(noted)
    store = SelfAssessmentStore(core.store)
    assert await store.claims_per_point(f"slack:{TEAM_ID}", "explain-overfitting") == {3: 1}


async def test_a_forged_claim_value_is_refused(slack_and_core: tuple[SlackSender, Core]) -> None:
    slack, _ = slack_and_core
    refused, _ = await click(slack, {"action_id": "prep_claim_2", "value": "<!channel>|9"})
    assert "no longer valid" in shown(refused)
