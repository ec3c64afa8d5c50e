"""`/prep privacy`: a member hides from or shows on public boards, exports all their data, or
has it deleted (after typing the confirmation the first reply spells out)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from bot.errors import UsageError
from bot.models import Member
from bot.replies import Leaderboard, Notice, Reply, Tone
from bot.storage.privacy_store import PrivacyStore

ACTIONS = ("hide", "show", "export", "forget")
CONFIRM = "/prep privacy forget confirm"
NOTHING_STORED = "Nothing is stored about you here: no answers, stats, reviews or settings."
FORGET_WARNING = (
    "This deletes everything prepbot stores about you in this community: your answers, points "
    "and stats, topic totals, reviews, self-assessments, mock interviews and settings. You leave "
    "every leaderboard. It cannot be undone. To go ahead, type exactly:\n" + CONFIRM
)
FORGOTTEN = (
    "Done: everything prepbot stored about you here is deleted and the leaderboards no longer "
    "count you. If you practise again, you start from zero."
)


@dataclass(frozen=True)
class DataExport(Notice):
    """A member's data as a JSON file, for the adapter to attach to the private reply (or DM)."""

    filename: str = "prepbot-data.json"
    content: bytes = b""


def export_filename(member: Member) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in member.user_id)[:40]
    return f"prepbot-data-{member.platform}-{safe}.json"


class Privacy:
    def __init__(self, store: PrivacyStore) -> None:
        self.store = store

    async def handle(self, member: Member, args: tuple[str, ...]) -> Reply:
        action = args[0].lower() if args else ""
        if action not in ACTIONS or (len(args) > 1 and (action, args[1].lower()) != ("forget", "confirm")):
            raise UsageError(
                "Use /prep privacy hide (leave the public boards), show (appear on them), "
                "export (all your data as a file) or forget (delete all your data)."
            )
        if action in ("hide", "show"):
            await self.store.set_on_boards(member, action == "show")
            if action == "hide":
                return Notice(
                    "You are hidden from public boards. You still practise as before, and "
                    "/prep leaderboard still shows you your own rank (only to you).",
                    Tone.SUCCESS,
                )
            return Notice("You appear on public boards again.", Tone.SUCCESS)
        if action == "export":
            return await self.export(member)
        if len(args) < 2:
            return Notice(FORGET_WARNING)
        if not await self.store.forget(member):
            return Notice(NOTHING_STORED)
        return Notice(FORGOTTEN, Tone.SUCCESS)

    async def keep_private(self, member: Member, reply: Reply) -> Reply:
        """A board that would show a hidden member's own rank to the channel is shown to them only."""
        if not isinstance(reply, Leaderboard) or reply.caller is None or reply.private:
            return reply
        return reply if await self.store.shown_on_boards(member) else replace(reply, private=True)

    async def export(self, member: Member) -> Notice:
        data = await self.store.export(member)
        if data is None:
            return Notice(NOTHING_STORED)
        content = json.dumps(data, indent=2, default=str, ensure_ascii=False).encode()
        answers = len(data.get("answers", ()))
        return DataExport(
            f"Everything prepbot stores about you here ({answers} answer(s), stats, reviews, "
            "mock interviews and settings), as JSON.",
            filename=export_filename(member),
            content=content,
        )
