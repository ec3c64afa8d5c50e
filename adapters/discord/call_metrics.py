"""Counts Discord's error answers and HTTP 429s for the metrics, from discord.py's HTTP session
(an aiohttp trace: every request discord.py makes, retries included)."""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp

from bot.ports import Metrics


def counting_trace(metrics: Metrics) -> aiohttp.TraceConfig:
    trace = aiohttp.TraceConfig()

    async def ended(
        _: aiohttp.ClientSession, __: SimpleNamespace, sent: aiohttp.TraceRequestEndParams
    ) -> None:
        status = sent.response.status
        if status == 429:
            metrics.rate_limited("discord")
        elif status >= 400:
            metrics.platform_error("discord", f"http_{status}")

    async def failed(
        _: aiohttp.ClientSession, __: SimpleNamespace, sent: aiohttp.TraceRequestExceptionParams
    ) -> None:
        metrics.platform_error("discord", type(sent.exception).__name__)

    trace.on_request_end.append(ended)
    trace.on_request_exception.append(failed)
    return trace
