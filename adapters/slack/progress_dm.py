"""The progress card on Slack: uploaded to the member's direct message with prepbot.

Slack files cannot be ephemeral, so the card goes where only the member sees it, by
files_upload_v2 (https://api.slack.com/messaging/files#uploading_files), and the stats reply
says where it went.
"""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from adapters.progress_card import FILENAME, card_title, progress_png
from adapters.slack.members import api_error
from bot.replies import Notice, Stats

log = logging.getLogger("prepbot.slack")
SENT = Notice(
    "Your progress card is in your direct message with prepbot "
    "(Slack files cannot be private, so it is not shown here)."
)


async def send_progress_card(
    client: AsyncWebClient, user_id: str, stats: Stats, enabled: bool
) -> Notice | None:
    """Upload the card to the member's DM; the note to add to the reply, or None without a card."""
    card = await progress_png(stats, enabled)
    if card is None:
        return None
    sent = await upload_to_dm(
        client, user_id, card, "progress card", filename=FILENAME, title=card_title(stats)
    )
    return SENT if sent else None


async def upload_to_dm(
    client: AsyncWebClient, user_id: str, content: bytes, what: str, *, filename: str, title: str
) -> bool:
    """Share a file in the member's DM with prepbot; False (logged) when Slack refused."""
    try:
        opened = await client.conversations_open(users=user_id)
        channel = str(opened["channel"]["id"])
        await client.files_upload_v2(
            channel=channel, file=content, filename=filename, title=title, alt_txt=what.capitalize()
        )
    except Exception as error:
        log.warning("%s not uploaded for %s: %s", what, user_id, api_error(error))
        return False
    return True
