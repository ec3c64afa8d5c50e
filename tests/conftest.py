"""Shared fixtures: a small content folder, databases (SQLite always, PostgreSQL when one answers)."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bank import QuestionBank
from bot.bootstrap import App, Core, bootstrap
from bot.models import Channel, Member
from bot.replies import Reply
from bot.settings import Settings
from bot.topics import Topics

SMALL_PACK = """
pack: sample
title: Sample questions for tests
questions:
  - id: underfit-diagnosis
    kind: choice
    topic: fundamentals
    tags: [bias-variance]
    difficulty: easy
    prompt: A model scores poorly on both training and validation data. What is the likeliest cause?
    options: [High variance, High bias, Data leakage, Too many validation folds]
    answer: B
    explanation: Poor training error means the model cannot even fit the data it sees, which is bias.
    sources: [general]
  - id: leakage-signal
    kind: choice
    topic: data-preparation
    difficulty: hard
    prompt: Validation accuracy is 99.8% on the first try. What do you check first?
    options: [The learning rate, Target leakage, Batch size, The random seed]
    answer: B
    explanation: Near-perfect scores on a first try usually mean a feature encodes the label.
    sources: [general]
  - id: pca-name
    kind: short
    topic: unsupervised-learning
    difficulty: medium
    prompt: Which linear method projects data onto orthogonal directions of maximum variance?
    answer: PCA
    accept: [principal component analysis]
    explanation: PCA finds the orthogonal axes along which the data varies most.
    sources: [general]
  - id: kmeans-name
    kind: short
    topic: unsupervised-learning
    difficulty: easy
    prompt: >-
      Which clustering algorithm alternates assigning points to the nearest centroid
      and moving centroids?
    answer: k-means
    accept: [kmeans, lloyd's algorithm]
    explanation: k-means (Lloyd's algorithm) alternates the assignment and update steps.
    sources: [general]
  - id: explain-overfitting
    kind: open
    topic: fundamentals
    difficulty: medium
    prompt: Explain overfitting and two ways to reduce it.
    model_answer: Overfitting is fitting noise; reduce it with regularisation, more data or early stopping.
    rubric:
      - point: Defines overfitting as fitting noise rather than signal
        keywords: [noise, memorise, memorize, generalise, generalize]
      - point: Names regularisation
        keywords: [regularisation, regularization, l2, dropout]
      - point: Names more data or early stopping
        keywords: [more data, early stopping, augmentation]
    explanation: Interviewers want the definition and concrete remedies.
    sources: [general]
"""


class FixedClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 18, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture(scope="session")
def shipped_topics() -> Topics:
    """The topics the bundled packs declare."""
    return QuestionBank.load().topics


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "sample.yaml").write_text(SMALL_PACK, encoding="utf-8")
    return folder


def _postgres_url() -> str | None:
    explicit = os.environ.get("PREPBOT_TEST_POSTGRES_URL")
    if explicit:
        return explicit
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return "postgresql://postgres@127.0.0.1:5432/test"
    except OSError:
        return None


POSTGRES_URL = _postgres_url()


async def _recreate_database(admin_url: str, name: str, drop_only: bool = False) -> None:
    import asyncpg  # type: ignore[import-untyped]

    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throwaway database on the local PostgreSQL server, dropped at the end."""
    if POSTGRES_URL is None:
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432 (set PREPBOT_TEST_POSTGRES_URL)")
    name = f"prepbot_test_{uuid.uuid4().hex[:10]}"
    asyncio.run(_recreate_database(POSTGRES_URL, name))
    base = POSTGRES_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    asyncio.run(_recreate_database(POSTGRES_URL, name, drop_only=True))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'prepbot.db'}"
        return
    url: str = request.getfixturevalue("postgres_database")
    asyncio.run(_reset_schema(url))
    yield url


async def _reset_schema(url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql://", "postgresql://", 1))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


TEST_MEMBER = Member(platform="test", community_id="g1", user_id="ada", display_name="Ada")
TEST_CHANNEL = Channel(platform="test", community_id="g1", channel_id="c1")


@dataclass
class TestBot:
    """The whole bot in-process: send `/prep ...` lines as a member, get the neutral replies."""

    __test__ = False
    app: App
    clock: FixedClock

    @property
    def core(self) -> Core:
        return self.app.core

    async def send(
        self, text: str, member: Member = TEST_MEMBER, *, channel: Channel = TEST_CHANNEL, admin: bool = False
    ) -> Reply:
        return await self.app.dispatcher.handle_text(member, channel, text, is_admin=admin)


@pytest.fixture
async def testbot(content_dir: Path, database_url: str, clock: FixedClock) -> AsyncIterator[TestBot]:
    settings = Settings(bundled_questions=False, content_dir=content_dir, database_url=database_url)
    app = await bootstrap(settings, clock=clock)
    yield TestBot(app, clock)
    await app.close()


@pytest.fixture
def core(testbot: TestBot) -> Core:
    return testbot.core


@pytest.fixture
async def sqlite_app(content_dir: Path, tmp_path: Path) -> AsyncIterator[App]:
    """The whole bot on a SQLite file, on the real clock (for tests that drive real processes or
    the real scheduler)."""
    built = await bootstrap(
        Settings(
            bundled_questions=False,
            content_dir=content_dir,
            database_url=f"sqlite:///{tmp_path / 'sqlite-core.db'}",
        )
    )
    yield built
    await built.close()


@pytest.fixture
def sqlite_core(sqlite_app: App) -> Core:
    return sqlite_app.core


SLOW_FOLDERS = ("console", "deploy", "ops", "packaging")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start real prepbot processes or build the wheel are `slow`."""
    for item in items:
        parts = item.path.parts
        if "tests" in parts and parts[parts.index("tests") + 1] in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)
