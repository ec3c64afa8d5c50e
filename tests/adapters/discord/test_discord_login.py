"""Login against the fake Discord and the synced `/prep` command payload."""

from __future__ import annotations

from bot.commands import COMMAND_TABLE
from bot.settings import Settings
from tests.adapters.discord.fake_discord import APP_ID, GUILD_ID, FakeDiscord
from tests.adapters.discord.harness import RunningBot, start_bot

STRING, USER, SUBCOMMAND, GROUP = 3, 6, 1, 2


def synced_commands(fake: FakeDiscord, path: str = f"/applications/{APP_ID}/commands") -> list:
    return [call.body for call in fake.find(lambda c: c.method == "PUT" and c.path == path)]


async def test_login_syncs_one_prep_group_with_every_subcommand(bot: RunningBot) -> None:
    fake = bot.fake
    assert fake.find(lambda c: c.path == "/users/@me")
    [payload] = synced_commands(fake)
    [prep] = payload
    assert prep["name"] == "prep" and prep["type"] == 1
    assert prep.get("dm_permission") is False or prep.get("contexts") == [0]
    subcommands = {o["name"]: o for o in prep["options"]}
    assert set(subcommands) == {
        "help",
        "today",
        "quiz",
        "answer",
        "claim",
        "again",
        "skip",
        "review",
        "mock",
        "leaderboard",
        "stats",
        "topics",
        "export",
        "schedule",
        "post-now",
        "question",
        "privacy",
        "config",
    }
    assert all(o["description"] for o in prep["options"])
    table = {c.name: c.brief for c in COMMAND_TABLE if c.brief}
    assert {
        name: subcommands[name]["description"].removesuffix(" (Manage Server)") for name in table
    } == table
    quiz = {o["name"]: o for o in subcommands["quiz"]["options"]}
    assert quiz["topic"]["type"] == STRING and quiz["topic"]["autocomplete"] is True
    assert [c["value"] for c in quiz["difficulty"]["choices"]] == ["easy", "medium", "hard"]
    leaderboard = {o["name"]: o for o in subcommands["leaderboard"]["options"]}
    assert [c["value"] for c in leaderboard["period"]["choices"]] == ["week", "month", "all"]
    mock = {o["name"]: o for o in subcommands["mock"]["options"]}
    assert [c["value"] for c in mock["round"]["choices"]][-2:] == ["mixed", "stop"]
    assert (mock["minutes"]["min_value"], mock["minutes"]["max_value"]) == (10, 60)
    assert "options" not in subcommands["export"] or subcommands["export"]["options"] == []
    [member] = subcommands["stats"]["options"]
    assert member["type"] == USER and member["required"] is False
    [text] = subcommands["answer"]["options"]
    assert text["required"] is True and text["max_length"] == 2000
    schedule = subcommands["schedule"]
    assert schedule["type"] == GROUP
    assert {o["name"] for o in schedule["options"]} == {"set", "show", "pause", "resume", "off"}
    assert "Manage Server" in subcommands["post-now"]["description"]
    assert "Manage Server" in subcommands["config"]["description"]
    config = {o["name"]: o for o in subcommands["config"]["options"]}
    assert "admin-role" in [c["value"] for c in config["key"]["choices"]]
    assert config["value"]["required"] is False and config["value"]["max_length"] == 400
    [action] = subcommands["privacy"]["options"]
    assert [c["value"] for c in action["choices"]] == ["hide", "show", "export", "forget", "forget confirm"]
    # Discord gives default permissions to whole top-level commands only: /prep stays usable by all.
    assert prep.get("default_member_permissions") is None


async def test_unchanged_commands_are_not_synced_again(settings: Settings, fake: FakeDiscord) -> None:
    first = await start_bot(settings, fake)
    await first.stop()
    second = await start_bot(settings, fake)
    await second.stop()
    assert len(synced_commands(fake)) == 1
    assert second.adapter.client.synced is False


async def test_guild_id_syncs_to_that_guild_only(settings: Settings, fake: FakeDiscord) -> None:
    running = await start_bot(settings.model_copy(update={"discord_guild_id": GUILD_ID}), fake)
    await running.stop()
    assert synced_commands(fake) == []
    [payload] = synced_commands(fake, f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    assert [c["name"] for c in payload] == ["prep"]
