"""Starting several processes: one `run` per SQLite file, and PostgreSQL migrated once when
several processes start together on an empty database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]

from tests.ops.processes import PREPBOT, Bot, environment, prepbot


async def test_a_second_run_on_one_sqlite_file_is_refused(tmp_path: Path, content_dir: Path) -> None:
    env = {
        "PREPBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'bot.db'}",
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
    }
    first = await Bot.start(env, tmp_path)
    try:
        await first.type("/prep quiz fundamentals easy")
        await first.wait_for("Answer with", stream="out")
        second = prepbot("run", env=env, cwd=tmp_path)
        assert second.returncode == 2
        assert "already using the SQLite database" in second.stderr
        assert "PostgreSQL" in second.stderr and "Traceback" not in second.stderr
        await first.type("/prep answer B")  # the first one is unaffected
        await first.wait_for("points", stream="out")
    finally:
        await first.kill()
    again = await Bot.start(env, tmp_path)  # a killed process leaves no lock behind
    try:
        await again.type("/prep topics")
        await again.wait_for("fundamentals", stream="out")
    finally:
        await again.kill()


async def test_processes_starting_together_on_empty_postgresql_migrate_once(
    postgres_database: str, content_dir: Path, tmp_path: Path
) -> None:
    connection = await asyncpg.connect(postgres_database)
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()
    env = environment(
        {
            "PREPBOT_DATABASE_URL": postgres_database,
            "PREPBOT_CONTENT_DIR": str(content_dir),
            "PREPBOT_BUNDLED_QUESTIONS": "false",
        }
    )
    upgrades = [
        await asyncio.create_subprocess_exec(
            PREPBOT,
            "db",
            "upgrade",
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(4)
    ]
    results = await asyncio.gather(*(process.communicate() for process in upgrades))
    for process, (_, err) in zip(upgrades, results, strict=True):
        assert process.returncode == 0, err.decode()
