"""Readers for the deployment files, shared by the container and compose tests."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import AliasChoices

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str
    stage: int  # 0 before the first FROM, then 1, 2, ...


def dockerfile(path: Path = ROOT / "Dockerfile") -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped; ${ARG}s of the
    global scope (before the first FROM) substituted in FROM lines."""
    instructions: list[Instruction] = []
    global_args: dict[str, str] = {}
    stage = 0
    pending = ""
    for line in path.read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).strip().partition(" ")
        pending = ""
        keyword, arguments = keyword.upper(), arguments.strip()
        if keyword == "FROM":
            stage += 1
            arguments = re.sub(
                r"\$\{(\w+)\}|\$(\w+)", lambda m: global_args.get(m[1] or m[2], m[0]), arguments
            )
        elif keyword == "ARG" and stage == 0:
            name, _, default = arguments.partition("=")
            global_args[name] = default
        instructions.append(Instruction(keyword, arguments, stage))
    return instructions


def env_settings(instructions: list[Instruction], stage: int) -> dict[str, str]:
    values: dict[str, str] = {}
    for instruction in instructions:
        if instruction.keyword == "ENV" and instruction.stage == stage:
            for pair in shlex.split(instruction.arguments):
                name, _, value = pair.partition("=")
                values[name] = value
    return values


def final_stage(instructions: list[Instruction]) -> int:
    return max(instruction.stage for instruction in instructions)


def data_dir(instructions: list[Instruction]) -> PurePosixPath:
    """Where the image keeps SQLite: the directory of its default PREPBOT_DATABASE_URL."""
    url = env_settings(instructions, final_stage(instructions))["PREPBOT_DATABASE_URL"]
    assert url.startswith("sqlite:////"), f"the image's database must be an absolute path: {url}"
    return PurePosixPath(url.removeprefix("sqlite:///")).parent


def settings_variables() -> dict[str, str]:
    """Every environment variable Settings reads, by field name."""
    names = {}
    for field_name, field in Settings.model_fields.items():
        alias = field.validation_alias
        first = alias.choices[0] if isinstance(alias, AliasChoices) else alias
        assert isinstance(first, str), f"Settings.{field_name} has no environment variable"
        names[field_name] = first
    return names
