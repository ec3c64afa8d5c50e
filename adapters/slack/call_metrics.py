"""Counts Slack's error answers and HTTP 429s for the metrics, from inside slack_sdk's client.

slack_sdk shows every response and connection error to its retry handlers in order; this one
comes first, counts, and never asks for a retry (the handlers after it do the retrying).
"""

from __future__ import annotations

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.ports import Metrics


class CountErrors(AsyncRetryHandler):
    def __init__(self, metrics: Metrics) -> None:
        super().__init__(max_retry_count=0)
        self.metrics = metrics

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if error is not None:
            self.metrics.platform_error("slack", type(error).__name__)
        elif response is not None and response.status_code == 429:
            self.metrics.rate_limited("slack")
        elif response is not None and response.status_code >= 500:
            self.metrics.platform_error("slack", f"http_{response.status_code}")
        elif response is not None and isinstance(response.body, dict) and response.body.get("ok") is False:
            self.metrics.platform_error("slack", str(response.body.get("error", "unknown")))
        return False
