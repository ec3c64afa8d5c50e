"""The real `prepbot` process: piped console sessions, content checks and start-up errors."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

PREPBOT = str(Path(sys.executable).with_name("prepbot"))


def prepbot(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("PREPBOT_", "DISCORD_", "SLACK_"))
    }
    environment |= env or {}
    return subprocess.run(
        [PREPBOT, *args], input=stdin, capture_output=True, text=True, env=environment, cwd=cwd, timeout=60
    )


def stored(env: dict[str, str], query: str) -> list[tuple[object, ...]]:
    path = env["PREPBOT_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        return conn.execute(query).fetchall()


def test_a_piped_session_practises_and_stores_answers(env: dict[str, str]) -> None:
    script = (
        "/prep quiz fundamentals easy\n/prep answer B\n/prep leaderboard all\n/prep stats\n/prep topics\n"
    )
    result = prepbot("console", "--user", "ada", stdin=script, env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "A model scores poorly on both training and validation data" in out
    assert "Correct! +10 points (total 10, streak 1)." in out
    assert "1. ada" in out and "<- you" in out
    assert "Stats for ada: 10 points, 1/1 correct (100%)" in out
    assert "unsupervised-learning" in out
    assert stored(env, "select question_id, verdict, points from attempts") == [
        ("underfit-diagnosis", "correct", 10)
    ]


def test_bad_input_gets_clear_replies_and_stores_nothing(env: dict[str, str]) -> None:
    script = (
        "/prep answer B\n/prep dance\n/prep quiz astrology\n/prep quiz fundamentals hard\n"
        "/prep quiz unsupervised\n/prep answer\n/prep answer " + "x" * 10_000 + "\n"
        "/prep leaderboard fortnight\n/prep answer \x1b[31m\u202eמודל 🤖\n"
    )
    result = prepbot("console", "--user", "ada", stdin=script, env=env)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    out = result.stdout
    assert "You have no open question. Start one with /prep quiz." in out
    assert "Unknown command 'dance'" in out
    assert "Unknown topic 'astrology'" in out
    assert "No questions match that topic and difficulty" in out
    assert "Your answer is empty" in out
    assert "Your answer is 10,000 characters long; the limit is 2,000" in out
    assert "Unknown period or topic 'fortnight'" in out
    assert stored(env, "select response, verdict from attempts") == [("[31mמודל 🤖", "wrong")]


def test_content_check_prints_a_summary(content_dir: Path) -> None:
    result = prepbot("content", "check", str(content_dir))
    assert result.returncode == 0
    assert "fundamentals" in result.stdout and "OK: 5 questions" in result.stdout


def test_invalid_content_stops_check_and_run(tmp_path: Path, content_dir: Path, env: dict[str, str]) -> None:
    (content_dir / "bad.yaml").write_text(
        "pack: bad\ntitle: Bad\nquestions:\n  - id: bad-one\n    kind: choice\n", encoding="utf-8"
    )
    check = prepbot("content", "check", str(content_dir))
    run = prepbot("run", env=env, stdin="")
    for result in (check, run):
        assert result.returncode == 1
        assert "bad.yaml: question 'bad-one': field 'topic'" in result.stderr
        assert "Traceback" not in result.stderr


def test_content_check_lists_every_problem_of_every_folder(tmp_path: Path, content_dir: Path) -> None:
    broken = tmp_path / "group"
    broken.mkdir()
    (broken / "one.yaml").write_text(
        "pack: one\ntitle: One\nquestions:\n  - {id: no-kind, topic: mlops}\n"
        "  - {id: no-topic, kind: short, difficulty: easy, prompt: 'Why?', answer: x,\n"
        "     explanation: x, sources: [general]}\n",
        encoding="utf-8",
    )
    (broken / "two.yml").write_text("pack: two\n", encoding="utf-8")
    result = prepbot("content", "check", str(content_dir), str(broken))
    assert result.returncode == 1
    assert "one.yaml: question 'no-kind': field 'kind'" in result.stderr
    assert "one.yaml: question 'no-topic': field 'topic': Field required" in result.stderr
    assert "two.yml: field 'questions': must be a non-empty list" in result.stderr
    assert "two.yml: field 'title': Field required" in result.stderr
    assert result.stderr.strip().endswith("invalid content: 4 problems")


def test_content_check_warns_without_failing(content_dir: Path) -> None:
    text = (content_dir / "sample.yaml").read_text(encoding="utf-8")
    (content_dir / "sample.yaml").write_text(
        text.replace("[High variance, High bias,", "[Variance, High bias from an underpowered model,"),
        encoding="utf-8",
    )
    result = prepbot("content", "check", str(content_dir))
    assert result.returncode == 0
    assert "question 'underfit-diagnosis': field 'options': the correct option B" in result.stdout
    assert "OK: 5 questions" in result.stdout and "1 warnings" in result.stdout


def test_content_check_fails_naming_a_question_a_platform_cannot_show(content_dir: Path) -> None:
    # Valid by the schema (2,900 characters), but Slack escapes each & to &amp;: 14,500 characters
    # of block text, more than one message holds, and a card must be one message.
    (content_dir / "code.yaml").write_text(
        "pack: code\ntitle: Code\nquestions:\n  - id: shell-operators\n    kind: short\n"
        "    topic: fundamentals\n    difficulty: easy\n"
        f"    prompt: '{'&&&& ' * 580}'\n    answer: and\n    explanation: Both.\n"
        "    sources: [general]\n",
        encoding="utf-8",
    )
    result = prepbot("content", "check", str(content_dir))
    assert result.returncode == 1
    assert "code.yaml: question 'shell-operators': slack, practice card: the card takes 2 messages" in (
        result.stderr
    )
    assert "underfit-diagnosis" not in result.stderr
    assert result.stderr.strip().endswith("1 question cannot be shown within Discord's or Slack's limits")


def test_an_unreachable_database_is_one_line_with_the_password_masked(env: dict[str, str]) -> None:
    env = env | {"PREPBOT_DATABASE_URL": "postgresql://quiz:hunter2@127.0.0.1:9/prep"}
    result = prepbot("db", "upgrade", env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "postgresql+asyncpg://quiz:***@127.0.0.1:9/prep" in lines[0]
    assert "hunter2" not in result.stderr


def test_db_upgrade_creates_the_sqlite_file(env: dict[str, str]) -> None:
    result = prepbot("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created the database at schema revision")
    again = prepbot("db", "upgrade", env=env)
    assert again.stdout.startswith("database is up to date (schema revision")
    tables = {row[0] for row in stored(env, "select name from sqlite_master where type='table'")}
    assert {"members", "attempts", "posts", "totals", "alembic_version"} <= tables


def test_version_and_help_on_every_verb() -> None:
    assert prepbot("--version").stdout.startswith("prepbot ")
    for verb in (["run"], ["console"], ["content", "check"], ["db", "upgrade"]):
        result = prepbot(*verb, "--help")
        assert result.returncode == 0 and "usage: prepbot" in result.stdout


def test_a_member_claims_a_missed_key_point_in_the_console(env: dict[str, str]) -> None:
    script = (
        "/prep quiz fundamentals medium\n"
        "/prep answer Overfitting means memorising noise. I would add L2 regularisation.\n"
        "/prep claim 3\n/prep claim 3\n"
    )
    result = prepbot("console", "--user", "ada", stdin=script, env=env)
    assert result.returncode == 0, result.stderr
    assert "3. missing: Names more data or early stopping" in result.stdout
    assert "/prep claim 3" in result.stdout
    assert "Noted: you say you covered point 3" in result.stdout
    assert "You had already said you covered point 3" in result.stdout
    assert stored(env, "select point_number from self_assessments") == [(3,)]
