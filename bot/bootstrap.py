"""The one composition root: `bootstrap` builds the whole object graph from settings (content,
database, practice and daily use cases, the router), with the clock, store, publishers and grader
injectable."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from bot.bank import QuestionBank, load_content
from bot.community_settings import Communities
from bot.daily.outbox import Outbox
from bot.daily.posting import DailyPoster
from bot.daily.service import DailyService, worker_name
from bot.dispatch import Dispatcher
from bot.errors import DatabaseUnavailable
from bot.mock_interview import MockInterviews
from bot.ports import ChatModel, Clock, Metrics, Publisher, SystemClock
from bot.self_assessment import SelfAssessment, SelfGradedReview
from bot.service import PracticeService
from bot.settings import Settings
from bot.spaced_repetition import ReviewScheduler
from bot.storage.daily_store import DailyStore
from bot.storage.engine import create_engine, masked, normalise_url
from bot.storage.migrate import current_revision, upgrade
from bot.storage.mock_store import MockStore
from bot.storage.repository import Store
from bot.storage.review_store import ReviewStore
from bot.storage.self_assessments import SelfAssessmentStore


@dataclass
class Core:
    settings: Settings
    bank: QuestionBank
    store: Store
    service: PracticeService

    async def close(self) -> None:
        await self.store.dispose()


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()[0] if str(original).strip() else ""
    return text or type(original).__name__


async def open_store(settings: Settings, *, migrate: bool = True) -> Store:
    """Connect (and migrate) the database, or raise DatabaseUnavailable naming the masked URL."""
    url = normalise_url(settings.database_url)
    try:
        engine = create_engine(settings.database_url)
        if migrate:
            await upgrade(engine, timezone=settings.timezone)
        else:
            async with engine.connect():
                pass
    except DatabaseUnavailable:
        raise
    except (OSError, SQLAlchemyError, ConnectionError, TimeoutError) as error:
        raise DatabaseUnavailable(f"cannot reach the database {masked(url)}: {_reason(error)}") from None
    except Exception as error:  # driver-specific errors (asyncpg raises its own types)
        raise DatabaseUnavailable(f"cannot reach the database {masked(url)}: {_reason(error)}") from None
    return Store(engine)


async def upgrade_database(settings: Settings) -> tuple[str | None, str | None]:
    """Migrate the database to the newest schema: (the revision before, the revision after)."""
    revisions: list[str | None] = []
    for migrate in (False, True):
        store = await open_store(settings, migrate=migrate)
        try:
            revisions.append(await current_revision(store.engine))
        finally:
            await store.dispose()
    return revisions[0], revisions[1]


async def build_core(
    settings: Settings,
    *,
    clock: Clock | None = None,
    reviewer: ChatModel | None = None,
    store: Store | None = None,
    metrics: Metrics | None = None,
) -> Core:
    bank = load_content(
        settings.content_dirs,
        bundled_questions=settings.bundled_questions,
        cache_dir=settings.cache_dir / "packs",
    )
    store = store or await open_store(settings)
    clock = clock or SystemClock()
    scheduler = ReviewScheduler(settings.review_retention)
    self_assessment = SelfAssessment(
        bank, SelfAssessmentStore(store), clock, SelfGradedReview(store, scheduler, clock)
    )
    service = PracticeService(
        bank,
        store,
        ReviewStore(store),
        scheduler=scheduler,
        self_assessment=self_assessment,
        timezone=settings.timezone,
        clock=clock,
        reviewer=reviewer,
        review_timeout=settings.grader_timeout,
        metrics=metrics,
    )
    return Core(settings, bank, store, service)


def build_router(
    core: Core, daily: DailyService | None = None, *, kind: type[Dispatcher] = Dispatcher
) -> Dispatcher:
    """The command router over the core (and the daily questions when given)."""
    mocks = MockInterviews(core.service, MockStore(core.store))
    return kind(core.service, mocks, daily, store=core.store)


def build_daily(
    core: Core,
    outbox: Outbox,
    *,
    clock: Clock | None = None,
    owner: str | None = None,
    rng: random.Random | None = None,
) -> DailyService:
    """The daily-question use cases over the core's database and bank."""
    clock = clock or core.service.clock
    daily_store = DailyStore(core.store.engine, core.store.transactions)
    poster = DailyPoster(
        core.bank,
        core.store,
        daily_store,
        outbox,
        clock=clock,
        catchup=timedelta(hours=core.settings.catchup_hours),
        owner=owner or worker_name(),
        rng=rng,
    )
    communities = Communities.over(core.store, core.bank, default_timezone=core.service.zone.key)
    return DailyService(
        core.service, poster, communities, default_timezone=core.settings.timezone, clock=clock
    )


@dataclass
class App:
    """The whole core graph: what entry points and adapters are given."""

    core: Core
    daily: DailyService
    dispatcher: Dispatcher

    @property
    def settings(self) -> Settings:
        return self.core.settings

    @property
    def outbox(self) -> Outbox:
        return self.daily.poster.outbox

    @property
    def metrics(self) -> Metrics:
        return self.core.service.metrics

    async def close(self) -> None:
        await self.core.close()


async def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    store: Store | None = None,
    publishers: Sequence[Publisher] = (),
    grader: ChatModel | None = None,
    owner: str | None = None,
    rng: random.Random | None = None,
    router: type[Dispatcher] = Dispatcher,
    metrics: Metrics | None = None,
) -> App:
    """Build everything from settings; `publishers` deliver the daily posts (more may register
    later, once their platform is connected); `metrics` counts commands, answers and posts."""
    core = await build_core(settings, clock=clock, reviewer=grader, store=store, metrics=metrics)
    outbox = Outbox(metrics=core.service.metrics)
    for publisher in publishers:
        outbox.register(publisher)
    daily = build_daily(core, outbox, owner=owner, rng=rng)
    return App(core, daily, build_router(core, daily, kind=router))
