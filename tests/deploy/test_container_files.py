"""The image recipe, its build context, its pinned dependencies and the example configuration.

No Docker engine is needed: these read the files the way `docker build` and pip will.
"""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import get_args

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from pydantic import SecretStr, TypeAdapter

from bot.settings import Settings
from tests.deploy.container_files import (
    ROOT,
    Instruction,
    data_dir,
    dockerfile,
    env_settings,
    final_stage,
    settings_variables,
)

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
COMPOSE_VARIABLES = {"POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "COMPOSE_FILE", "COMPOSE_PROFILES"}


def test_every_stage_starts_from_an_exact_python_slim_release() -> None:
    bases = [i.arguments.split()[0] for i in dockerfile() if i.keyword == "FROM"]
    assert len(bases) >= 1
    minimum = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    for base in bases:
        match = re.fullmatch(r"python:(\d+\.\d+)\.(\d+)-slim-[a-z]+(@sha256:[0-9a-f]{64})?", base)
        assert match, f"{base}: pin python:<major>.<minor>.<patch>-slim-<debian release>"
        assert tuple(map(int, match[1].split("."))) >= tuple(map(int, minimum.split(".")))
    assert len(set(bases)) == 1, f"build and runtime stages must share one Python: {bases}"


def _runtime_stage() -> list[Instruction]:
    instructions = dockerfile()
    return [i for i in instructions if i.stage == final_stage(instructions)]


def _app_user(stage: list[Instruction]) -> set[str]:
    """The name and uid of the account the runtime stage creates."""
    for run in (i.arguments for i in stage if i.keyword == "RUN"):
        match = re.search(r"useradd\b.*--uid\s+(\d+)\b.*?\s([a-z_][a-z0-9_-]*)\s*(&&|$)", run)
        if match:
            return {match[1], match[2]}
    raise AssertionError("the runtime stage must create its user with useradd --uid")


def test_the_bot_runs_as_an_unprivileged_user_with_health_and_graceful_stop() -> None:
    last = _runtime_stage()
    keywords = [i.keyword for i in last]
    users = [i.arguments.split(":")[0] for i in last if i.keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}
    assert users[-1] in _app_user(last), "USER must be the account the image creates"
    assert keywords.index("USER") < keywords.index("CMD")
    cmd = [i.arguments for i in last if i.keyword == "CMD"]
    assert [json.loads(c) for c in cmd] == [["prepbot", "run"]]
    health = [i.arguments for i in last if i.keyword == "HEALTHCHECK"]
    assert len(health) == 1
    exec_form = json.loads(health[0][health[0].index("CMD") + 3 :])
    assert exec_form == ["prepbot", "health"]
    assert [i.arguments for i in last if i.keyword == "STOPSIGNAL"] == ["SIGTERM"]


def test_dependencies_are_installed_with_the_constraints_file() -> None:
    installs = [
        i.arguments
        for i in dockerfile()
        if i.keyword == "RUN" and re.search(r"pip install .*-c constraints\.txt", i.arguments)
    ]
    assert installs, "the Dockerfile must `pip install -c constraints.txt` the project"
    assert all("--no-cache-dir" in run for run in installs)
    copies = [i.arguments.split() for i in dockerfile() if i.keyword == "COPY"]
    assert any("constraints.txt" in words for words in copies)


def test_the_data_directory_belongs_to_the_app_user_and_holds_the_database() -> None:
    last = _runtime_stage()
    directory = str(data_dir(dockerfile()))
    workdir = [i.arguments for i in last if i.keyword == "WORKDIR"][-1]
    assert directory == f"{workdir}/data", "./data of the WORKDIR is where prepbot looks by default"
    owners = {
        match[1]
        for i in last
        if i.keyword == "RUN"
        for match in re.finditer(
            rf"chown\s+(?:-R\s+)?([\w-]+)(?::[\w-]+)?\s+{re.escape(directory)}\b", i.arguments
        )
    }
    assert owners & _app_user(last), f"{directory} must belong to the app user"


def test_the_image_sets_only_settings_that_exist() -> None:
    instructions = dockerfile()
    env = env_settings(instructions, final_stage(instructions))
    ours = {name for name in env if name.startswith(("PREPBOT_", "DISCORD_", "SLACK_"))}
    assert ours <= set(settings_variables().values()), "a renamed setting left the Dockerfile behind"


def _ignored(path: str, patterns: list[str]) -> bool:
    """.dockerignore semantics for the patterns we use: a pattern covers a path when it matches
    the path or one of its parent folders (`**/` at any depth); the last matching line wins."""
    parts = Path(path).parts
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    anywhere = ["/".join(parts[i:n]) for n in range(1, len(parts) + 1) for i in range(n)]
    ignored = False
    for line in patterns:
        pattern = line.removeprefix("!").rstrip("/")
        candidates = anywhere if pattern.startswith("**/") else prefixes
        if any(fnmatch.fnmatch(candidate, pattern.removeprefix("**/")) for candidate in candidates):
            ignored = not line.startswith("!")
    return ignored


def test_the_build_context_carries_the_sources_and_never_secrets_or_data() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    sources = [
        word
        for i in dockerfile()
        if i.keyword == "COPY" and "--from" not in i.arguments
        for word in i.arguments.split()[:-1]
    ]
    assert sources
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: no such file in the repository"
        assert not _ignored(source.rstrip("/"), patterns), f"COPY {source} is excluded by .dockerignore"
    for packaged in ["content/fundamentals.yaml", "bot/storage/migrations/env.py", "README.md"]:
        assert not _ignored(packaged, patterns)
    for private in [
        ".env",
        "data/prepbot.db",
        ".venv/bin/python",
        ".git/config",
        "bot/__pycache__/settings.cpython-311.pyc",
    ]:
        assert _ignored(private, patterns), f"{private} would be sent to the Docker daemon"


def _pins() -> dict[str, tuple[str, str]]:
    pins: dict[str, tuple[str, str]] = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)", line.strip())
        assert match, f"constraints.txt: {line!r} is not an exact pin name==version"
        name = canonicalize_name(match[1])
        assert name not in pins, f"constraints.txt pins {name} twice"
        pins[name] = (match[1], match[2])
    return pins


def test_constraints_pin_every_runtime_dependency_within_its_range() -> None:
    pins = _pins()
    for raw in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(raw)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is a dependency but constraints.txt does not pin it"
        assert requirement.specifier.contains(pins[name][1], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name][1]}, outside pyproject.toml's {requirement}"
        )
    test_tools = {
        canonicalize_name(Requirement(raw).name)
        for raw in PYPROJECT["project"]["optional-dependencies"]["test"]
    }
    assert not test_tools & set(pins), "constraints.txt is for the runtime: no test tools"


def _runtime_closure() -> set[str]:
    """Every distribution `pip install .` pulls in, from the installed metadata."""
    seen: set[str] = set()
    pending: list[tuple[Requirement, tuple[str, ...]]] = [
        (Requirement(raw), ()) for raw in PYPROJECT["project"]["dependencies"]
    ]
    while pending:
        requirement, extras = pending.pop()
        environments: list[dict[str, str]] = [{"extra": e} for e in extras] or [{"extra": ""}]
        if requirement.marker and not any(requirement.marker.evaluate(e) for e in environments):
            continue
        name = canonicalize_name(requirement.name)
        if name in seen and not requirement.extras:
            continue
        seen.add(name)
        for raw in distribution(requirement.name).requires or []:
            pending.append((Requirement(raw), tuple(requirement.extras)))
    return seen


def test_constraints_pin_the_dependencies_of_the_dependencies_too() -> None:
    try:
        closure = _runtime_closure()
    except PackageNotFoundError as missing:
        pytest.skip(f"dependency {missing} is not installed here, so its own requirements are unknown")
    unpinned = sorted(closure - set(_pins()))
    assert not unpinned, f"constraints.txt misses {unpinned}: regenerate it (see its header)"


def test_env_example_documents_every_setting() -> None:
    lines = (ROOT / ".env.example").read_text().splitlines()
    entries = {}
    for number, line in enumerate(lines):
        match = re.fullmatch(r"#?([A-Z][A-Z0-9_]*)=(.*)", line)
        if match:
            assert lines[number - 1].startswith("# "), f"{match[1]} needs a one-line comment above it"
            entries[match[1]] = match[2]
    variables = settings_variables()
    missing = sorted(set(variables.values()) - set(entries))
    assert not missing, f".env.example lacks {missing}"
    unknown = sorted(set(entries) - set(variables.values()) - COMPOSE_VARIABLES)
    assert not unknown, f".env.example names variables nothing reads: {unknown}"
    for field_name, variable in variables.items():
        field = Settings.model_fields[field_name]
        annotation = field.annotation
        assert annotation is not None
        if annotation is SecretStr or SecretStr in get_args(annotation):
            assert entries[variable] == "", f"{variable} is a secret: leave it empty in the example"
        elif entries[variable]:
            shown = TypeAdapter(annotation).validate_python(entries[variable])
            assert shown == field.default, f"{variable}={entries[variable]} is not the default"
    assert entries["POSTGRES_PASSWORD"] == ""


def test_env_example_covers_the_readme_configuration_table() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Configuration") :]
    section = section[: section.index("\n## ", 1)]
    documented = set(re.findall(r"^\|[^|]*`([A-Z][A-Z0-9_]+)`", section, flags=re.MULTILINE)) | set(
        re.findall(r"/ `([A-Z][A-Z0-9_]+)`", section)
    )
    assert "PREPBOT_DATABASE_URL" in documented
    example = (ROOT / ".env.example").read_text()
    assert not [v for v in documented if f"{v}=" not in example]
