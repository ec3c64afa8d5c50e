"""Prometheus metrics: the core's `Metrics` port on a registry of prepbot's own, served at /metrics.

Served on the Slack HTTP-mode listener when there is one, else on `PREPBOT_METRICS_PORT`.
The Grafana dashboard in deploy/grafana/ queries these names.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger("prepbot.metrics")

METRICS_PATH = "/metrics"
# Seconds: commands answer within Slack's 3 s and Discord's 3 s; a reviewer may take up to 60 s.
COMMAND_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)
GRADING_BUCKETS = (0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
LAG_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0)


class PrometheusMetrics:
    """The `bot.ports.Metrics` port, counted in `registry` (not the process-wide default)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        into: dict[str, Any] = {"registry": self.registry}
        self.commands = Counter(
            "prepbot_commands", "Commands run, by name and outcome", ["command", "outcome"], **into
        )
        self.command_seconds = Histogram(
            "prepbot_command_seconds", "Time to run a command", ["command"], buckets=COMMAND_BUCKETS, **into
        )
        self.answers = Counter(
            "prepbot_answers", "Answers graded, by kind and verdict", ["kind", "verdict"], **into
        )
        self.grading_seconds = Histogram(
            "prepbot_grading_seconds",
            "Time to grade an answer, by kind and grader (rules or reviewer)",
            ["kind", "grader"],
            buckets=GRADING_BUCKETS,
            **into,
        )
        self.daily_posts = Counter(
            "prepbot_daily_posts",
            "Daily questions sent, skipped, late (sent after their time) or failed, by reason",
            ["outcome", "reason"],
            **into,
        )
        self.platform_errors = Counter(
            "prepbot_platform_errors", "Errors answered by a platform's API", ["platform", "error"], **into
        )
        self.rate_limits = Counter(
            "prepbot_platform_rate_limited", "HTTP 429 answers from a platform's API", ["platform"], **into
        )
        self.lag = Histogram(
            "prepbot_scheduler_lag_seconds", "How late scheduled jobs started", buckets=LAG_BUCKETS, **into
        )
        self.database_errors = Counter(
            "prepbot_database_errors", "Database errors, by driver exception", ["error"], **into
        )

    def command(self, name: str, outcome: str, seconds: float) -> None:
        self.commands.labels(name, outcome).inc()
        self.command_seconds.labels(name).observe(seconds)

    def answer(self, kind: str, verdict: str) -> None:
        self.answers.labels(kind, verdict).inc()

    def grading(self, kind: str, grader: str, seconds: float) -> None:
        self.grading_seconds.labels(kind, grader).observe(seconds)

    def daily_post(self, outcome: str, reason: str) -> None:
        self.daily_posts.labels(outcome, reason).inc()

    def platform_error(self, platform: str, error: str) -> None:
        self.platform_errors.labels(platform, error[:64]).inc()

    def rate_limited(self, platform: str) -> None:
        self.rate_limits.labels(platform).inc()

    def scheduler_lag(self, seconds: float) -> None:
        self.lag.observe(seconds)

    def database_error(self, error: str) -> None:
        self.database_errors.labels(error).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def metrics_route(metrics: PrometheusMetrics) -> web.RouteDef:
    from aiohttp import web  # only when /metrics is served: the console alone never loads it

    async def scrape(_: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    return web.get(METRICS_PATH, scrape)


async def serve_metrics(metrics: PrometheusMetrics, host: str, port: int) -> web.AppRunner:
    """A listener of its own for /metrics (when Slack's HTTP listener is not running)."""
    from aiohttp import web

    app = web.Application()
    app.add_routes([metrics_route(metrics)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("serving %s on %s:%s", METRICS_PATH, host, port)
    return runner


def watch_database(engine: AsyncEngine, metrics: PrometheusMetrics) -> None:
    """Count every error the database driver raises, whichever query or connection hit it."""

    def failed(context: ExceptionContext) -> None:
        metrics.database_error(type(context.original_exception).__name__)

    event.listen(engine.sync_engine, "handle_error", failed)
