"""`prepbot db backup`: a live SQLite database copied, restored, and every answer found in it."""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path

from tests.ops.processes import Bot, prepbot

ANSWERS = "select member_id, question_id, verdict, points from attempts order by id"


def rows(database: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return conn.execute(query).fetchall()


async def test_a_backup_taken_while_the_bot_runs_restores_every_answer(
    tmp_path: Path, content_dir: Path
) -> None:
    database = tmp_path / "data" / "bot.db"
    env = {
        "PREPBOT_DATABASE_URL": f"sqlite:///{database}",
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
    }
    for name, answer in (("ada", "B"), ("grace", "A"), ("linus", "B")):
        session = prepbot(
            "console", "--user", name, env=env, stdin=f"/prep quiz fundamentals easy\n/prep answer {answer}\n"
        )
        assert session.returncode == 0, session.stderr
    # A running bot keeps the database open and writes to it (its latest answer still in the WAL).
    bot = await Bot.start(env, tmp_path)
    try:
        await bot.type("/prep quiz unsupervised-learning easy")
        await bot.type("/prep answer kmeans")
        await bot.wait_for("Correct!", stream="out")
        target = tmp_path / "backups" / "nested" / "prepbot-backup.db"
        result = prepbot("db", "backup", str(target), env=env)
        assert result.returncode == 0, result.stderr
        assert f"to {target}" in result.stdout
        again = prepbot("db", "backup", str(target), env=env)
        forced = prepbot("db", "backup", "--force", str(target), env=env)
    finally:
        bot.terminate()
        assert await bot.exit_code(15) == 0
        await bot.kill()
    assert again.returncode != 0 and "--force" in again.stderr
    assert forced.returncode == 0, forced.stderr

    live = rows(database, ANSWERS)
    assert len(live) == 4
    assert rows(target, "PRAGMA integrity_check") == [("ok",)]
    assert rows(target, ANSWERS) == live
    restored = {
        "PREPBOT_DATABASE_URL": f"sqlite:///{target}",
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
    }
    for name, line in (
        ("ada", "Stats for ada: 10 points, 1/1 correct"),
        ("grace", "Stats for grace: 0 points, 0/1 correct"),
        (getpass.getuser(), "10 points, 1/1 correct"),
    ):
        stats = prepbot("console", "--user", name, env=restored, stdin="/prep stats\n")
        assert stats.returncode == 0 and line in stats.stdout, stats.stdout
    board = prepbot("console", "--user", "ada", env=restored, stdin="/prep leaderboard all\n")
    assert "linus" in board.stdout and "ada" in board.stdout


def test_backup_refuses_what_it_cannot_copy(tmp_path: Path, content_dir: Path) -> None:
    missing = prepbot(
        "db",
        "backup",
        str(tmp_path / "b.db"),
        env={"PREPBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"},
    )
    assert missing.returncode != 0 and "no SQLite database" in missing.stderr
    assert not (tmp_path / "b.db").exists()
    postgres = prepbot(
        "db",
        "backup",
        str(tmp_path / "b.dump"),
        env={"PREPBOT_DATABASE_URL": "postgresql://prep:s3cr3t-pw@db.internal:5432/prepbot"},
    )
    assert postgres.returncode != 0
    assert (
        f"pg_dump --format=custom --file {tmp_path / 'b.dump'} "
        "postgresql://prep@db.internal:5432/prepbot" in postgres.stderr
    )
    assert "s3cr3t-pw" not in postgres.stderr + postgres.stdout


def test_backup_has_help() -> None:
    result = prepbot("db", "backup", "--help", env={})
    assert result.returncode == 0 and "--force" in result.stdout and "pg_dump" in result.stdout
