"""A community's own defaults, set by its admins with `/prep config`: the timezone, the topics,
difficulty and reveal delay of quizzes and daily posts, an admin role, and its public boards.
Unset values fall back to the deployment's settings (environment variables)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any, NamedTuple, Protocol

from bot.bank import QuestionBank
from bot.daily.schedule import DEFAULT_REVEAL, ScheduleSpec, describe_delay, parse_duration, parse_timezone
from bot.errors import NotFound, UsageError
from bot.models import Community, Difficulty, Member, Question
from bot.replies import Notice, Tone
from bot.storage.community_store import CommunityStore
from bot.storage.repository import Store
from bot.topics import resolve_difficulty, resolve_topic, split_topic_and_difficulty

ON_OFF = {"on": True, "yes": True, "true": True, "off": False, "no": False, "false": False}
CLEAR = ("default", "any", "all", "none")
KEYS = {
    "timezone": "an IANA name such as Europe/Berlin",
    "topics": "topic names or aliases separated by commas or spaces (all: every topic)",
    "difficulty": "easy, medium or hard (any: every difficulty)",
    "reveal": "how long a daily question stays open, 5m to 23h (e.g. 8h, 90m)",
    "admin-role": "a Discord role or Slack user group whose members may run admin commands (none: off)",
    "public-boards": "on or off: whether members appear on public boards unless they choose",
    "weekly-board": "on or off: whether the weekly leaderboard is posted on Mondays",
}


class Role(NamedTuple):
    id: str
    name: str


class RoleDirectory(Protocol):
    """A platform's roles (Discord) or user groups (Slack) in a community."""

    async def find(self, community_id: str, typed: str) -> Role | None: ...


@dataclass(frozen=True)
class CommunityDefaults:
    timezone: str
    topics: tuple[str, ...] = ()
    difficulty: Difficulty | None = None
    reveal_after: timedelta = DEFAULT_REVEAL
    admin_role: Role | None = None
    public_boards: bool = True
    weekly_board: bool = True


def _from_row(base: CommunityDefaults, row: dict[str, Any]) -> CommunityDefaults:
    found = base
    if row["timezone"]:
        found = replace(found, timezone=row["timezone"])
    if row["topics"]:
        found = replace(found, topics=tuple(row["topics"].split(",")))
    if row["difficulty"]:
        found = replace(found, difficulty=Difficulty(row["difficulty"]))
    if row["reveal_minutes"]:
        found = replace(found, reveal_after=timedelta(minutes=row["reveal_minutes"]))
    if row["admin_role"]:
        found = replace(
            found, admin_role=Role(row["admin_role"], row["admin_role_name"] or row["admin_role"])
        )
    if row["public_boards"] is not None:
        found = replace(found, public_boards=bool(row["public_boards"]))
    if row["weekly_board"] is not None:
        found = replace(found, weekly_board=bool(row["weekly_board"]))
    return found


def _on_off(key: str, value: str) -> bool:
    if value.lower() not in ON_OFF:
        raise UsageError(f"'{value[:20]}' is not on or off: use /prep config {key} on|off.")
    return ON_OFF[value.lower()]


def valid_keys() -> str:
    return "\n".join(f"• {key}: {what}" for key, what in KEYS.items())


class Communities:
    def __init__(self, store: CommunityStore, bank: QuestionBank, *, default_timezone: str = "UTC") -> None:
        self.store = store
        self.bank = bank
        self.base = CommunityDefaults(default_timezone)
        self.roles: dict[str, RoleDirectory] = {}
        self._present: set[str] = set()

    @classmethod
    def over(cls, store: Store, bank: QuestionBank, *, default_timezone: str) -> Communities:
        """Over the database and the bank; `default_timezone` is the deployment's."""
        return cls(CommunityStore(store.engine, store.transactions), bank, default_timezone=default_timezone)

    async def defaults(self, platform: str, community_id: str) -> CommunityDefaults:
        return _from_row(self.base, await self.store.settings(Community(platform, community_id).key))

    async def schedule_defaults(self, platform: str, community_id: str) -> ScheduleSpec:
        """What a new daily schedule posts unless `/prep schedule set` says otherwise."""
        found = await self.defaults(platform, community_id)
        return ScheduleSpec(
            time(9), found.timezone, found.topics, found.difficulty, reveal_after=found.reveal_after
        )

    async def quiz_candidates(self, member: Member, args: tuple[str, ...]) -> list[Question] | None:
        """The questions of a quiz whose topic or difficulty was left out and the community has
        a default for; None when the community's defaults do not apply."""
        topic, difficulty = split_topic_and_difficulty(args, self.bank.topics)
        if topic is not None and difficulty is not None:
            return None
        defaults = await self.defaults(member.platform, member.community_id)
        if not defaults.topics and defaults.difficulty is None:
            return None
        topics = (topic,) if topic else defaults.topics
        difficulty = difficulty or defaults.difficulty
        candidates = [q for t in topics or (None,) for q in self.bank.select(t, difficulty)]
        if not candidates:
            raise NotFound("No questions match this community's default topics and difficulty. Try another.")
        return candidates

    # --- admins ------------------------------------------------------------------------------

    async def config(self, member: Member, args: tuple[str, ...]) -> Notice:
        if not args:
            return Notice(await self.describe(member))
        key = args[0].lower()
        if key not in KEYS:
            raise UsageError(f"Unknown setting '{key[:30]}'. The settings are:\n{valid_keys()}")
        if len(args) < 2:
            raise UsageError(f"Give a value: /prep config {key} <value>, {KEYS[key]}.")
        value = " ".join(args[1:]).strip()
        values = await self._values(member, key, value)
        await self.store.save(member.community.key, values)
        return Notice("Saved. " + await self.describe(member), Tone.SUCCESS)

    async def _values(self, member: Member, key: str, value: str) -> dict[str, Any]:
        cleared = value.lower() in CLEAR
        if key == "timezone":
            return {"timezone": None if value.lower() == "default" else parse_timezone(value)}
        if key == "topics":
            words = value.replace(",", " ").split()
            chosen = [] if cleared else [resolve_topic(word, self.bank.topics) for word in words]
            return {"topics": ",".join(dict.fromkeys(chosen)) or None}
        if key == "difficulty":
            return {"difficulty": None if cleared else resolve_difficulty(value).value}
        if key == "reveal":
            minutes = None if value.lower() == "default" else int(parse_duration(value).total_seconds()) // 60
            return {"reveal_minutes": minutes}
        if key == "admin-role":
            role = None if cleared else await self._role(member, value)
            return {"admin_role": role.id if role else None, "admin_role_name": role.name if role else None}
        column = key.replace("-", "_")
        return {column: None if value.lower() == "default" else _on_off(key, value)}

    async def _role(self, member: Member, typed: str) -> Role:
        if member.platform == "console":
            return Role(typed[:64], typed[:100])
        directory = self.roles.get(member.platform)
        found = await directory.find(member.community_id, typed) if directory else None
        if found is None:
            kind = "user group" if member.platform == "slack" else "role"
            raise UsageError(
                f"There is no {kind} called '{typed[:40]}' here, so nothing was changed. "
                f"Name an existing {kind} (or none to turn the admin role off)."
            )
        return found

    async def describe(self, member: Member) -> str:
        row = await self.store.settings(member.community.key)
        found = _from_row(self.base, row)

        def mark(*columns: str) -> str:
            return "" if any(row[c] is not None for c in columns) else " (default)"

        topics = ", ".join(self.bank.topics.titles(found.topics)) or "all"
        role = found.admin_role.name if found.admin_role else "none"
        lines = (
            f"• timezone: {found.timezone}{mark('timezone')}",
            f"• topics: {topics}{mark('topics')}",
            f"• difficulty: {found.difficulty.value if found.difficulty else 'any'}{mark('difficulty')}",
            f"• reveal: {describe_delay(found.reveal_after)}{mark('reveal_minutes')}",
            f"• admin-role: {role}{mark('admin_role')}",
            f"• public-boards: {'on' if found.public_boards else 'off'}{mark('public_boards')}",
            f"• weekly-board: {'on' if found.weekly_board else 'off'}{mark('weekly_board')}",
        )
        return (
            "This community's settings:\n"
            + "\n".join(lines)
            + "\nChange one with /prep config <key> <value>."
        )

    async def admin_role(self, platform: str, community_id: str) -> Role | None:
        return (await self.defaults(platform, community_id)).admin_role

    # --- the bot removed and back --------------------------------------------------------------

    async def removed(self, platform: str, community_id: str, now: datetime) -> None:
        community = Community(platform, community_id).key
        self._present.discard(community)
        await self.store.mark_removed(community, now)

    async def seen(self, platform: str, community_id: str) -> None:
        """Activity in a community: if it had removed the bot, its data is kept after all."""
        community = Community(platform, community_id).key
        if community in self._present:
            return
        if await self.store.is_removed(community):
            await self.store.clear_removed(community)
        self._present.add(community)
