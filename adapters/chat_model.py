"""The optional answer reviewer: an OpenAI-compatible chat-completions endpoint over HTTP."""

from __future__ import annotations

import json

from bot.ports import ChatModel
from bot.settings import Settings

MAX_REPLY_BYTES = 64_000


class ChatModelError(Exception):
    """The endpoint answered, but not with a chat completion."""


class ChatCompletionsClient:
    """POSTs to `<base>/chat/completions` (Ollama, vLLM, llama.cpp, OpenAI and the like)."""

    def __init__(self, url: str, model: str, api_key: str | None, timeout: float) -> None:
        base = url.rstrip("/")
        self.url = base if base.endswith("/chat/completions") else f"{base}/chat/completions"
        self.model = model
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout = timeout

    async def complete(self, messages: list[dict[str, str]]) -> str:
        body = {
            "model": self.model,
            "messages": messages,
            "temperature": 0,
            "response_format": {"type": "json_object"},
        }
        import aiohttp  # only when a reviewer is configured: a start-up without one skips it

        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self._timeout)) as session,
            session.post(self.url, json=body, headers=self._headers) as response,
        ):
            if response.status != 200:
                raise ChatModelError(f"HTTP {response.status}")
            raw = await response.content.read(MAX_REPLY_BYTES + 1)
        if len(raw) > MAX_REPLY_BYTES:
            raise ChatModelError(f"a reply over {MAX_REPLY_BYTES:,} bytes")
        try:
            content = json.loads(raw)["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise ChatModelError("a reply that is not a chat completion") from None
        if not isinstance(content, str):
            raise ChatModelError("a completion without text")
        return content


def chat_model_from(settings: Settings) -> ChatModel | None:
    """The configured reviewer, or None (the default: nothing leaves the machine)."""
    if not settings.grader_url or not settings.grader_model:
        return None
    key = settings.grader_api_key.get_secret_value() if settings.grader_api_key else None
    return ChatCompletionsClient(settings.grader_url, settings.grader_model, key, settings.grader_timeout + 1)
