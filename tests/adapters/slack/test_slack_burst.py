"""1,000 members click one daily post at once, through the real Bolt app served over HTTP:
every click is recorded once and every member gets their feedback on their response_url."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.bootstrap import Core
from tests.adapters.slack.conftest import serving_daily
from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import ADMIN, SlackSender, action_payload, buttons, command, shown
from tests.conftest import SMALL_PACK

MEMBERS = 1000
CONCURRENCY = 50  # requests in flight at once, as a busy workspace's clicks arrive

pytestmark = pytest.mark.slow


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """Only the multiple-choice questions, so the daily post is answered by a click."""
    folder = tmp_path / "choice-only"
    folder.mkdir()
    (folder / "sample.yaml").write_text(SMALL_PACK.split("  - id: pca-name")[0], encoding="utf-8")
    return folder


async def click_all(slack: SlackSender, post_ts: str, choices: list[dict[str, str]]) -> dict[str, str]:
    """Every member clicks one of the post's buttons; the response_url hook each one's reply
    comes back on, by member."""
    gate = asyncio.Semaphore(CONCURRENCY)

    async def click(number: int) -> tuple[str, str]:
        user = f"UB{number:04d}"
        button = choices[number % len(choices)]
        payload = action_payload(
            slack.mock,
            {"action_id": button["action_id"], "value": button["value"]},
            user=user,
            name=f"member{number}",
            message_ts=post_ts,
        )
        async with gate:
            assert await slack.interaction(payload) == (200, "")
        return user, str(payload["response_url"]).rsplit("/", 1)[1]

    return dict(await asyncio.gather(*(click(n) for n in range(MEMBERS))))


async def test_a_burst_of_clicks_is_recorded_once_and_every_member_gets_feedback(
    mock_slack: MockSlack, core: Core
) -> None:
    async with serving_daily(mock_slack, core) as slack:
        assert "Posted today's question" in shown(await command(slack, "post-now", user=ADMIN, name="grace"))
        (post,) = await mock_slack.wait_for("chat.postMessage")
        choices = buttons(post)
        replied_before = len(mock_slack.named("response_url"))
        hooks = await click_all(slack, "1700000000.000001", choices)
        await mock_slack.wait_while_coming("response_url", replied_before + MEMBERS)
    replies = Counter(call.headers["hook"] for call in mock_slack.named("response_url"))
    assert all(replies[hook] == 1 for hook in hooks.values())  # one reply each, none lost
    feedback = {call.headers["hook"]: shown(call) for call in mock_slack.named("response_url")}
    assert all("points" in feedback[hook] for hook in hooks.values())
    async with core.store.engine.connect() as conn:
        recorded = (
            await conn.execute(
                text(
                    "SELECT m.user_id, count(*) AS n FROM attempts a JOIN members m ON m.id = a.member_id "
                    "WHERE a.post_id IS NOT NULL GROUP BY m.user_id"
                )
            )
        ).all()
    assert {row.user_id: row.n for row in recorded} == dict.fromkeys(hooks, 1)
