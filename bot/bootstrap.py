"""Builds the core from settings: content, database (migrated) and the practice service."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from bot.bank import QuestionBank, load_content
from bot.errors import DatabaseUnavailable
from bot.ports import ChatModel, Clock, Metrics
from bot.service import PracticeService
from bot.settings import Settings
from bot.storage.engine import create_engine, masked, normalise_url
from bot.storage.migrate import current_revision, upgrade
from bot.storage.repository import Store


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
    metrics: Metrics | None = None,
) -> Core:
    bank = load_content(settings.content_dirs, bundled_questions=settings.bundled_questions)
    store = await open_store(settings)
    service = PracticeService(
        bank,
        store,
        timezone=settings.timezone,
        clock=clock,
        reviewer=reviewer,
        review_timeout=settings.grader_timeout,
        review_retention=settings.review_retention,
        metrics=metrics,
    )
    return Core(settings, bank, store, service)
