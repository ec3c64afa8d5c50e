"""Drives the real prepbot Discord client through the fake Discord: commands, clicks, modals."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from adapters.discord.app import DiscordAdapter
from bot.bootstrap import Core, bootstrap, build_router
from bot.ports import Clock
from bot.settings import Settings
from tests.adapters.discord.fake_discord import ALICE_ID, CHANNEL_ID, WAIT, Call, FakeDiscord, FakeUser

PACK = """
pack: tiny
title: Tiny test pack
questions:
  - id: bias-variance
    kind: choice
    topic: fundamentals
    difficulty: easy
    prompt: "Which change usually **reduces variance**?"
    options: ["More training data", "A deeper tree", "Fewer training examples"]
    answer: A
    explanation: "More data averages out noise, so the fit varies less between samples."
    sources: [general]
  - id: adam-optimizer
    kind: short
    topic: optimization
    difficulty: medium
    prompt: "Name the optimizer that keeps running averages of gradients and their squares."
    answer: Adam
    accept: [adam optimizer]
    explanation: "Adam combines momentum with RMSProp-style scaling."
    sources: [general]
  - id: feature-store-design
    kind: open
    topic: system-design
    difficulty: hard
    prompt: "Why would a team introduce a feature store?"
    model_answer: "To share features, keep training and serving consistent, and serve them fast."
    rubric:
      - point: "Reuse of features across teams"
        keywords: [reuse, share]
      - point: "Training/serving consistency"
        keywords: [consistent, skew]
      - point: "Low-latency online serving"
        keywords: [latency, fast, online]
    explanation: "Feature stores avoid training/serving skew and duplicated pipelines."
    sources: [general]
"""

ALICE = FakeUser(ALICE_ID, "alice", global_name="Alice")
ADMIN = FakeUser(700000000000000002, "boss", permissions=(1 << 5) | (1 << 31))


@dataclass
class RunningBot:
    fake: FakeDiscord
    core: Core
    adapter: DiscordAdapter
    task: asyncio.Task[None]
    tokens: list[str] = field(default_factory=list)

    @property
    def store(self) -> Any:
        return self.core.store

    async def command(
        self,
        user: FakeUser,
        *path: str,
        resolved: dict[str, Any] | None = None,
        app_permissions: int | None = None,
        **options: Any,
    ) -> str:
        """Run `/prep <path...> [options]` as `user`; returns the interaction token.

        `app_permissions`: the bot's permissions in the channel (default: the invite's).
        """
        leaf: dict[str, Any] = {
            "name": path[-1],
            "type": 1,
            "options": [
                {"name": k, "type": 6 if k == "member" else 4 if isinstance(v, int) else 3, "value": v}
                for k, v in options.items()
            ],
        }
        if len(path) == 2:
            leaf = {"name": path[0], "type": 2, "options": [leaf]}
        data: dict[str, Any] = {"id": "1", "name": "prep", "type": 1, "options": [leaf]}
        if resolved:
            data["resolved"] = resolved
        extra = {} if app_permissions is None else {"app_permissions": str(app_permissions)}
        return await self._send(self.fake.interaction(2, user, data, **extra))

    async def click(
        self, user: FakeUser, custom_id: str, shown: dict[str, Any] | None = None, **extra: Any
    ) -> str:
        """Click the button `custom_id` on a message the bot sent (`shown`: its body as sent).

        Like Discord, the interaction carries the message and its components; `extra` overrides
        fields of the interaction (e.g. `channel_id`).
        """
        if shown is None:
            shown = {
                "flags": 64,
                "components": [
                    {"type": 1, "components": [{"type": 2, "style": 2, "label": "A", "custom_id": custom_id}]}
                ],
            }
        message = self.fake.message(CHANNEL_ID, shown)
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._send(self.fake.interaction(3, user, data, message=message, **extra))

    async def submit_modal(self, user: FakeUser, custom_id: str, text: str) -> str:
        """Submit a modal as Discord sends a Label layout's submission."""
        data = {
            "custom_id": custom_id,
            "components": [
                {"type": 18, "id": 1, "component": {"type": 4, "id": 2, "custom_id": "answer", "value": text}}
            ],
        }
        return await self._send(self.fake.interaction(5, user, data))

    async def _send(self, payload: dict[str, Any]) -> str:
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        self.tokens.append(payload["token"])
        return str(payload["token"])

    async def reply(self, token: str) -> dict[str, Any]:
        """The message the member finally sees for an interaction (embeds, components, flags)."""
        call = await self.fake.wait_for(lambda c: token in c.path and bool(c.data.get("embeds")))
        return call.data

    async def callback(self, token: str) -> Call:
        return await self.fake.wait_for(lambda c: token in c.path and c.path.endswith("/callback"))

    async def stop(self) -> None:
        await self.adapter.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self.task, WAIT)
        # Let work the replies started (e.g. a daily post's count edit) finish before the database closes.
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
        if others:
            await asyncio.wait(others, timeout=1.0)
        await self.core.close()


def text_of(message: dict[str, Any]) -> str:
    """Everything a member reads in a message: content, embed titles, descriptions and fields."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(p for p in parts if p)


def buttons_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components", []) for c in row.get("components", [])]


async def start_bot(
    settings: Settings,
    fake: FakeDiscord,
    *,
    daily: str | None = "real",
    clock: Clock | None = None,
    **client_options: Any,
) -> RunningBot:
    """The client, ready; `daily` is "real" (the core's daily questions) or None."""
    app = await bootstrap(settings, clock=clock)
    core = app.core
    dispatcher = app.dispatcher if daily == "real" else build_router(core)
    adapter = DiscordAdapter(settings, dispatcher, guild_ready_timeout=0.01, **client_options)
    app.outbox.register(adapter.publisher)
    task = asyncio.create_task(adapter.start())
    ready = asyncio.create_task(adapter.client.ready.wait())
    done, _ = await asyncio.wait({task, ready}, timeout=WAIT, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        await adapter.close()
        if task in done:
            task.result()
        raise TimeoutError("the Discord client did not become ready")
    return RunningBot(fake, core, adapter, task)
