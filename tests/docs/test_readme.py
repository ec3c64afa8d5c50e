"""The README says what the code does: its command table, its example pack, its settings."""

from __future__ import annotations

import re
from pathlib import Path

from bot import grading
from bot.bank import load_content
from bot.commands import ADMIN_COMMANDS, MEMBER_COMMANDS, parse
from bot.content_lint import content_warnings
from bot.help import COMMANDS
from bot.models import ChoiceQuestion, OpenQuestion, ShortQuestion
from tests.deploy.container_files import settings_variables

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def table_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            rows.append([cell.strip().replace("\\|", "|") for cell in cells])
    return rows[1:]  # the header row


def test_the_command_table_lists_exactly_the_commands_of_the_help_reply() -> None:
    rows = table_rows(section("Commands"))
    readme = {row[0].strip("`"): row[1] for row in rows}
    help_usages = {command.usage: command.admin_only for command in COMMANDS}
    assert set(readme) == set(help_usages)
    for usage, admin_only in help_usages.items():
        assert (readme[usage] == "admins") == admin_only, usage


def test_every_subcommand_of_the_grammar_is_in_the_table() -> None:
    usages = [row[0].strip("`") for row in table_rows(section("Commands"))]
    named = {parse(usage.split("[")[0].split("<")[0]).name for usage in usages}
    assert named == set(MEMBER_COMMANDS + ADMIN_COMMANDS)


def test_the_example_pack_loads_with_one_question_of_each_kind(tmp_path: Path) -> None:
    text = section("Write your own questions")
    example = re.search(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    assert example is not None
    (tmp_path / "recsys.yaml").write_text(example.group(1), encoding="utf-8")
    bank = load_content([tmp_path], bundled_questions=False)
    assert content_warnings(bank) == []
    assert {type(q) for q in bank.questions.values()} == {ChoiceQuestion, ShortQuestion, OpenQuestion}
    assert "recommenders" in bank.topics.get("recsys").aliases  # type: ignore[union-attr]
    for question in bank.questions.values():
        if isinstance(question, OpenQuestion):
            assert all("any" in point.model_dump(exclude_defaults=True) for point in question.rubric)
            right = question.model_answer
        else:
            right = question.answer
        result = grading.grade(question, right)
        assert isinstance(result, grading.Grade) and result.verdict == grading.Verdict.CORRECT
    assert "content/question-pack.schema.json" in text


def test_the_configuration_table_names_every_setting() -> None:
    text = section("Configuration")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", text))
    missing = sorted(set(settings_variables().values()) - documented)
    assert not missing, f"README's configuration table lacks {missing}"


def test_the_console_section_explains_multi_line_answers() -> None:
    quick_start = section("Quick start")
    sentence = next(s for s in re.split(r"(?<=\.)\s+", quick_start) if "multi-line" in s)
    assert "/prep answer" in sentence
    assert "blank line" in quick_start and "Esc" in quick_start
