"""Files for one member on Slack (the progress card, an export): uploaded to the member's direct
message with prepbot.

Slack files cannot be ephemeral, so they go where only the member sees them, by
files_upload_v2 (https://api.slack.com/messaging/files#uploading_files), and the reply says
where they went.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_sdk.web.async_client import AsyncWebClient

from adapters.export_files import ExportFile, export_files
from adapters.progress_card import FILENAME, card_title, progress_png
from adapters.slack.members import api_error
from bot.export import Export
from bot.privacy import DataExport
from bot.replies import Notice, Stats, Tone

log = logging.getLogger("prepbot.slack")
SENT = Notice(
    "Your progress card is in your direct message with prepbot "
    "(Slack files cannot be private, so it is not shown here)."
)
EXPORT_SENT = (
    "The two files (prepbot-review.apkg for Anki, prepbot-review.csv) are in your direct message "
    "with prepbot: Slack files cannot be private, so they are not shown here."
)
EXPORT_FAILED = "Slack did not take the files, so nothing was sent. Please try /prep export again later."
DATA_SENT = (
    "Your data (everything prepbot stores about you here, as JSON) is in your direct message "
    "with prepbot: Slack files cannot be private, so it is not shown here."
)
DATA_FAILED = "Slack did not accept the file with your data just now. Please try again in a minute."


async def upload_to_dm(client: AsyncWebClient, user_id: str, files: Sequence[ExportFile], what: str) -> bool:
    """Share `files` in the member's DM with the bot; False (and one log line) when Slack refused."""
    try:
        opened = await client.conversations_open(users=user_id)
        channel = str(opened["channel"]["id"])
        await client.files_upload_v2(
            channel=channel,
            file_uploads=[
                {"file": f.content, "filename": f.filename, "title": f.title, "alt_txt": f.title}
                for f in files
            ],
        )
    except Exception as error:
        log.warning("%s not uploaded for %s: %s", what, user_id, api_error(error))
        return False
    return True


async def send_progress_card(
    client: AsyncWebClient, user_id: str, stats: Stats, enabled: bool
) -> Notice | None:
    """Upload the card to the member's DM; the note to add to the reply, or None without a card."""
    card = await progress_png(stats, enabled)
    if card is None:
        return None
    uploaded = ExportFile(FILENAME, card, card_title(stats))
    return SENT if await upload_to_dm(client, user_id, [uploaded], "progress card") else None


async def send_export(client: AsyncWebClient, user_id: str, export: Export | DataExport) -> Notice:
    """Upload the export's files to the member's DM; the private reply saying where they are."""
    if isinstance(export, DataExport):
        data = ExportFile(export.filename, export.content, "Your prepbot data")
        if await upload_to_dm(client, user_id, [data], "data export"):
            return Notice(DATA_SENT)
        return Notice(DATA_FAILED, Tone.ERROR)
    if await upload_to_dm(client, user_id, await export_files(export.rows), "export"):
        return Notice(f"{export.text}\n\n{EXPORT_SENT}", Tone.SUCCESS)
    return Notice(EXPORT_FAILED, Tone.ERROR)
