"""docker-compose.yml (SQLite on one host) and docker-compose.postgres.yml (the PostgreSQL profile).

Checked against the Compose specification's rules for the keys we use, always, and by
`docker-compose config` / `docker compose config` when one is installed (neither needs an engine).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.container_files import ROOT, data_dir, dockerfile

BASE = "docker-compose.yml"
POSTGRES = "docker-compose.postgres.yml"
TOP_LEVEL = {"version", "name", "services", "networks", "volumes", "configs", "secrets", "include"}
SERVICE_KEYS = {
    "annotations",
    "attach",
    "blkio_config",
    "build",
    "cap_add",
    "cap_drop",
    "cgroup",
    "cgroup_parent",
    "command",
    "configs",
    "container_name",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpu_shares",
    "cpus",
    "cpuset",
    "credential_spec",
    "depends_on",
    "deploy",
    "develop",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "entrypoint",
    "env_file",
    "environment",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "gpus",
    "group_add",
    "healthcheck",
    "hostname",
    "image",
    "init",
    "ipc",
    "isolation",
    "labels",
    "links",
    "logging",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "post_start",
    "pre_stop",
    "privileged",
    "profiles",
    "pull_policy",
    "read_only",
    "restart",
    "runtime",
    "scale",
    "secrets",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "tty",
    "ulimits",
    "user",
    "userns_mode",
    "uts",
    "volumes",
    "volumes_from",
    "working_dir",
}
HEALTHCHECK_KEYS = {"test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"}
DURATION = re.compile(r"(\d+(\.\d+)?(h|ms|us|ns|m|s))+")
DURATION_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}


def _load(name: str) -> dict[str, Any]:
    document = yaml.safe_load((ROOT / name).read_text())
    assert isinstance(document, dict), f"{name} must be a mapping"
    return document


def _seconds(duration: str) -> float:
    assert DURATION.fullmatch(duration), f"{duration!r} is not a Compose duration such as 30s"
    return sum(
        float(n) * DURATION_UNITS[unit]
        for n, _, unit in re.findall(r"(\d+(\.\d+)?)(h|ms|us|ns|m|s)", duration)
    )


def _named_volumes(service: dict[str, Any]) -> dict[str, str]:
    """source -> target for the service's named-volume mounts (bind mounts are left out)."""
    mounts = {}
    for entry in service.get("volumes", []):
        if isinstance(entry, str):
            source, _, rest = entry.partition(":")
            target = rest.split(":")[0]
        else:
            source, target = entry.get("source", ""), entry["target"]
        if source and not source.startswith((".", "/", "~", "$")):
            mounts[source] = target
    return mounts


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{k: _merge(base.get(k), v) for k, v in override.items()}}
    return override


@pytest.mark.parametrize("name", [BASE, POSTGRES])
def test_compose_files_use_only_keys_of_the_compose_specification(name: str) -> None:
    document = _load(name)
    assert not {k for k in document if not k.startswith("x-")} - TOP_LEVEL
    declared = set(document.get("volumes") or {})
    for service_name, service in document["services"].items():
        unknown = {k for k in service if not k.startswith("x-")} - SERVICE_KEYS
        assert not unknown, f"{name}: service {service_name} has unknown keys {unknown}"
        if name == BASE:
            assert set(_named_volumes(service)) <= declared, f"{service_name}: undeclared volume"
        for key in ("stop_grace_period",):
            if key in service:
                _seconds(service[key])
        if "restart" in service:
            assert re.fullmatch(r"no|always|unless-stopped|on-failure(:\d+)?", service["restart"])
        for profile in service.get("profiles", []):
            assert re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+", profile)
        check = service.get("healthcheck")
        if check:
            assert set(check) <= HEALTHCHECK_KEYS
            assert isinstance(check["test"], list) and check["test"][0] in {"CMD", "CMD-SHELL"}
            for key in ("interval", "timeout", "start_period", "start_interval"):
                if key in check:
                    _seconds(check[key])
            assert isinstance(check.get("retries", 3), int)


def test_the_bot_keeps_its_database_on_a_named_volume_and_restarts() -> None:
    bot = _load(BASE)["services"]["bot"]
    assert bot["build"] in (".", {"context": "."})
    assert bot["env_file"] in (".env", [".env"])
    assert str(data_dir(dockerfile())) in _named_volumes(bot).values(), (
        "the bot's named volume must be mounted where the image keeps SQLite"
    )
    assert bot["restart"] in {"unless-stopped", "always"}
    assert _seconds(bot["stop_grace_period"]) >= 10
    assert bot.get("stop_signal", "SIGTERM") == "SIGTERM"
    assert bot["healthcheck"]["test"] == ["CMD", "prepbot", "health"]
    assert "profiles" not in bot, "`docker compose up -d` must start the bot with no profile"


def test_postgres_is_an_opt_in_profile_with_its_own_volume_and_readiness_check() -> None:
    document = _load(BASE)
    postgres = document["services"]["postgres"]
    assert re.fullmatch(r"postgres:\d+(\.\d+)?(-alpine|-bookworm)?", postgres["image"]), (
        "pin the PostgreSQL major version: it decides the on-disk format"
    )
    assert postgres["profiles"] == ["postgres"]
    assert "/var/lib/postgresql/data" in _named_volumes(postgres).values()
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    bot_dependencies = document["services"]["bot"].get("depends_on") or {}
    profiled = {name for name, s in document["services"].items() if s.get("profiles")}
    assert not profiled & set(bot_dependencies), (
        "depending on a profiled service breaks `docker compose up` without that profile"
    )


def test_the_postgres_override_points_the_bot_at_a_healthy_postgres() -> None:
    base, override = _load(BASE), _load(POSTGRES)
    assert set(override["services"]) <= set(base["services"])
    merged = _merge(base, override)["services"]
    assert merged["bot"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    url = merged["bot"]["environment"]["PREPBOT_DATABASE_URL"]
    credentials = merged["postgres"]["environment"]
    assert re.fullmatch(
        rf"postgresql://{credentials['POSTGRES_USER']}:\$\{{POSTGRES_PASSWORD[^}}]*\}}"
        rf"@postgres:5432/{credentials['POSTGRES_DB']}",
        url,
    )


def test_every_compose_variable_is_in_the_env_example() -> None:
    used = set()
    for name in (BASE, POSTGRES):
        text = (ROOT / name).read_text()
        used |= set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", text))
    example = (ROOT / ".env.example").read_text()
    assert used and not [v for v in used if not re.search(rf"^#?{v}=", example, re.MULTILINE)]


def _compose_tool() -> list[str] | None:
    candidates = [["docker-compose"], ["docker", "compose"]]
    for command in candidates:
        if (
            shutil.which(command[0])
            and subprocess.run([*command, "version"], capture_output=True, timeout=30).returncode == 0
        ):
            return command
    return None


def _compose_config(tool: list[str], project: Path, *args: str) -> dict[str, Any]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "DOCKER_", "POSTGRES_"))
    }
    done = subprocess.run(
        [*tool, *args, "config"], cwd=project, env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    quiet = subprocess.run(
        [*tool, *args, "config", "-q"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert quiet.returncode == 0 and not quiet.stdout, quiet.stderr
    rendered = yaml.safe_load(done.stdout)
    assert isinstance(rendered, dict)
    return rendered


def test_docker_compose_accepts_both_deployments(tmp_path: Path) -> None:
    tool = _compose_tool()
    if tool is None:
        pytest.skip(
            "neither docker-compose nor `docker compose` is installed; "
            "the Compose specification checks above still ran"
        )
    for name in (BASE, POSTGRES, "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    example = (ROOT / ".env.example").read_text()
    (tmp_path / ".env").write_text(example)

    single = _compose_config(tool, tmp_path)
    assert str(data_dir(dockerfile())) in _named_volumes(single["services"]["bot"]).values()
    assert "depends_on" not in single["services"]["bot"]

    # The PostgreSQL deployment as .env.example describes it: three lines uncommented.
    chosen = re.sub(
        r"^#(POSTGRES_PASSWORD=|COMPOSE_FILE=|COMPOSE_PROFILES=)", r"\1", example, flags=re.MULTILINE
    ).replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=s3cret\n")
    (tmp_path / ".env").write_text(chosen)
    scaled = _compose_config(tool, tmp_path)
    bot = scaled["services"]["bot"]
    assert bot["environment"]["PREPBOT_DATABASE_URL"] == "postgresql://prepbot:s3cret@postgres:5432/prepbot"
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert scaled["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"] == "s3cret"
