"""The `/prep` app-command group: every subcommand of the grammar, as Discord options."""

from typing import Any, Literal

import discord
from discord import app_commands

from adapters.discord.interactions import InteractionHandler
from bot.commands import Command, command_spec

Difficulty = Literal["easy", "medium", "hard"]
Period = Literal["week", "month", "all"]
ConfigKey = Literal[
    "timezone", "topics", "difficulty", "reveal", "admin-role", "public-boards", "weekly-board"
]
PrivacyAction = Literal["hide", "show", "export", "forget", "forget confirm"]
MockRound = Literal["breadth", "llm", "design", "behavioral", "stats", "coding-data", "mixed", "stop"]
Interaction = discord.Interaction[Any]
MAX_CHOICES = 25

ADMIN_NOTE = " (Manage Server)"


def described(name: str) -> str:
    """The command table's description of `name`, marked when only admins may run it."""
    spec = command_spec(name)
    return spec.brief + (ADMIN_NOTE if spec.admin_only else "")


def build_prep_group(handler: InteractionHandler) -> app_commands.Group:
    """`/prep ...` for members; schedule and post-now are refused at run time without Manage Server.

    Discord applies default permissions to a whole top-level command, never to one subcommand, so
    the admin subcommands stay listed under `/prep` and the permission check happens when they run.
    """
    prep = app_commands.Group(name="prep", description="Practise for ML-engineer interviews", guild_only=True)

    async def topic_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        typed = current.strip().lower()
        topics = handler.dispatcher.topics().topics
        return [
            app_commands.Choice(name=f"{t.title} ({t.questions})"[:100], value=t.slug)
            for t in topics
            if typed in t.slug or typed in t.title.lower() or any(typed in alias for alias in t.aliases)
        ][:MAX_CHOICES]

    async def quiz_topic_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        weak = app_commands.Choice(name="My weakest topic", value="weak")
        listed = await topic_choices(interaction, current)
        shown = [weak] if current.strip().lower() in "my weakest topic" else []
        return (shown + listed)[:MAX_CHOICES]

    @prep.command(name="help", description=described("help"))
    async def help_(interaction: Interaction) -> None:
        await handler.run(interaction, Command("help"))

    @prep.command(name="today", description=described("today"))
    async def today(interaction: Interaction) -> None:
        await handler.run(interaction, Command("today"))

    @prep.command(name="quiz", description=described("quiz"))
    @app_commands.describe(
        topic="Only questions on this topic (weak: your weakest)", difficulty="Only this difficulty"
    )
    @app_commands.autocomplete(topic=quiz_topic_choices)
    async def quiz(
        interaction: Interaction, topic: str | None = None, difficulty: Difficulty | None = None
    ) -> None:
        args = tuple(a for a in (topic, difficulty) if a)
        await handler.run(interaction, Command("quiz", args, " ".join(args)))

    @prep.command(name="answer", description=described("answer"))
    @app_commands.describe(text="Your answer: a letter for multiple choice, else your own words")
    async def answer(interaction: Interaction, text: app_commands.Range[str, 1, 2000]) -> None:
        await handler.run(interaction, Command("answer", text=text))

    @prep.command(name="claim", description=described("claim"))
    @app_commands.describe(point="The number shown beside the missed point in your feedback")
    async def claim(interaction: Interaction, point: app_commands.Range[int, 1, 6]) -> None:
        await handler.run(interaction, Command("claim", (str(point),), str(point)))

    @prep.command(name="again", description=described("again"))
    async def again(interaction: Interaction) -> None:
        await handler.run(interaction, Command("again"))

    @prep.command(name="skip", description=described("skip"))
    async def skip(interaction: Interaction) -> None:
        await handler.run(interaction, Command("skip"))

    @prep.command(name="review", description=described("review"))
    async def review(interaction: Interaction) -> None:
        await handler.run(interaction, Command("review"))

    @prep.command(name="mock", description=described("mock"))
    @app_commands.describe(
        round="Which round (default breadth; stop abandons your running mock)",
        minutes="How long, 10 to 60 minutes (default 20)",
    )
    async def mock(
        interaction: Interaction,
        round: MockRound | None = None,
        minutes: app_commands.Range[int, 10, 60] | None = None,
    ) -> None:
        args = tuple(str(a) for a in (round, minutes) if a is not None)
        await handler.run(interaction, Command("mock", args, " ".join(args)))

    @prep.command(name="leaderboard", description=described("leaderboard"))
    @app_commands.describe(
        period="Which period to rank (default: this week)", topic="Only points from this topic"
    )
    @app_commands.autocomplete(topic=topic_choices)
    async def leaderboard(
        interaction: Interaction, period: Period = "week", topic: str | None = None
    ) -> None:
        args = (period, topic) if topic else (period,)
        await handler.run(interaction, Command("leaderboard", args, " ".join(args)), public=True)

    @prep.command(name="stats", description=described("stats"))
    @app_commands.describe(member="Whose stats to show (default: yours)")
    async def stats(interaction: Interaction, member: discord.Member | None = None) -> None:
        args = (str(member.id),) if member else ()
        await handler.run(interaction, Command("stats", args, " ".join(args)))

    @prep.command(name="topics", description=described("topics"))
    async def topics(interaction: Interaction) -> None:
        await handler.run(interaction, Command("topics"))

    @prep.command(name="export", description=described("export"))
    async def export(interaction: Interaction) -> None:
        await handler.run(interaction, Command("export"))

    @prep.command(name="question", description=described("question"))
    @app_commands.describe(code="The code on the question's card, e.g. Q1A2B3C")
    async def question(interaction: Interaction, code: app_commands.Range[str, 1, 20]) -> None:
        await handler.run(interaction, Command("question", (code,), code))

    @prep.command(name="post-now", description=described("post-now"))
    async def post_now(interaction: Interaction) -> None:
        await handler.run(interaction, Command("post-now"))

    @prep.command(name="privacy", description=described("privacy"))
    @app_commands.describe(
        action="hide/show on public boards, export your data, forget (delete it; then forget confirm)"
    )
    async def privacy(interaction: Interaction, action: PrivacyAction) -> None:
        await handler.run(interaction, Command("privacy", tuple(action.split()), action))

    @prep.command(name="config", description=described("config"))
    @app_commands.describe(
        key="The setting to change (leave out to see them all)",
        value="Its new value, e.g. Europe/Berlin, on/off, 8h, or a role's name",
    )
    async def config(
        interaction: Interaction,
        key: ConfigKey | None = None,
        value: app_commands.Range[str, 1, 400] | None = None,
    ) -> None:
        args = tuple(a for a in (key, value) if a)
        await handler.run(interaction, Command("config", args, " ".join(args)))

    prep.add_command(build_schedule_group(handler, topic_choices))
    return prep


def build_schedule_group(handler: InteractionHandler, topic_choices: Any) -> app_commands.Group:
    schedule = app_commands.Group(name="schedule", description=described("schedule"))

    def action(name: str, *args: str) -> Command:
        full = (name, *args)
        return Command("schedule", full, " ".join(full))

    @schedule.command(name="set", description="Post a daily question here at a time" + ADMIN_NOTE)
    @app_commands.describe(
        time="Local time as HH:MM, e.g. 09:00",
        timezone="IANA timezone, e.g. Europe/Berlin (default: the bot's)",
        topics="Topics to draw from, separated by spaces (default: all)",
    )
    @app_commands.autocomplete(topics=topic_choices)
    async def set_(
        interaction: Interaction,
        time: app_commands.Range[str, 4, 5],
        timezone: str | None = None,
        topics: str | None = None,
    ) -> None:
        extra = ([timezone] if timezone else []) + (topics.split() if topics else [])
        await handler.run(interaction, action("set", time, *extra))

    @schedule.command(name="show", description="Show this channel's schedule" + ADMIN_NOTE)
    async def show(interaction: Interaction) -> None:
        await handler.run(interaction, action("show"))

    @schedule.command(name="pause", description="Pause the daily question" + ADMIN_NOTE)
    async def pause(interaction: Interaction) -> None:
        await handler.run(interaction, action("pause"))

    @schedule.command(name="resume", description="Resume the daily question" + ADMIN_NOTE)
    async def resume(interaction: Interaction) -> None:
        await handler.run(interaction, action("resume"))

    @schedule.command(name="off", description="Stop the daily question here" + ADMIN_NOTE)
    async def off(interaction: Interaction) -> None:
        await handler.run(interaction, action("off"))

    return schedule
