"""The `metrics` Compose profile: Prometheus scrapes the bot, Grafana shows the prepbot dashboard,
and every metric the dashboard queries is one the bot exports (there is no Docker engine here:
the files are parsed and cross-checked)."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from prometheus_client.parser import text_string_to_metric_families

from adapters.metrics import METRICS_PATH, PrometheusMetrics
from tests.deploy.container_files import ROOT

DASHBOARD = ROOT / "deploy/grafana/dashboards/prepbot.json"
PROMETHEUS = ROOT / "deploy/prometheus/prometheus.yml"
GRAFANA = ROOT / "deploy/grafana/provisioning"
METRIC_NAME = re.compile(r"\bprepbot_[a-z_]+\b")
SUFFIXES = ("_bucket", "_count", "_sum", "_total", "_created")


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return document


def exported() -> set[str]:
    """Every sample name the bot serves once each kind of event has happened."""
    metrics = PrometheusMetrics()
    metrics.command("quiz", "ok", 0.1)
    metrics.answer("choice", "correct")
    metrics.grading("open", "rules", 0.001)
    metrics.daily_post("sent", "")
    metrics.platform_error("slack", "channel_not_found")
    metrics.rate_limited("discord")
    metrics.scheduler_lag(0.5)
    metrics.database_error("OperationalError")
    text = metrics.exposition().decode()
    return {sample.name for family in text_string_to_metric_families(text) for sample in family.samples}


def queried() -> dict[str, set[str]]:
    """Each panel's title and the metric names its queries use."""
    dashboard = json.loads(DASHBOARD.read_text())
    return {
        panel["title"]: {name for target in panel["targets"] for name in METRIC_NAME.findall(target["expr"])}
        for panel in dashboard["panels"]
    }


def test_every_metric_the_dashboard_queries_is_exported_and_every_one_exported_is_shown() -> None:
    names = exported()
    panels = queried()
    assert all(panels.values()), "every panel queries a prepbot metric"
    used = set().union(*panels.values())
    assert used <= names, f"the bot does not export {sorted(used - names)}"
    families = {re.sub(rf"({'|'.join(SUFFIXES)})$", "", n) for n in names}
    shown = {re.sub(rf"({'|'.join(SUFFIXES)})$", "", n) for n in used}
    assert families == shown, f"no panel for {sorted(families - shown)}"


def test_prometheus_scrapes_the_bot_on_its_metrics_port() -> None:
    config = yaml.safe_load(PROMETHEUS.read_text())
    (job,) = config["scrape_configs"]
    assert job["metrics_path"] == METRICS_PATH
    (targets,) = job["static_configs"]
    (target,) = targets["targets"]
    service, port = target.split(":")
    assert service in compose()["services"]
    assert f"PREPBOT_METRICS_PORT={port}" in (ROOT / "docker-compose.yml").read_text()


def test_the_metrics_profile_provisions_grafana_with_the_dashboard_and_prometheus() -> None:
    services = compose()["services"]
    prometheus, grafana = services["prometheus"], services["grafana"]
    assert prometheus["profiles"] == grafana["profiles"] == ["metrics"]
    assert "profiles" not in services["bot"]
    mounts = {
        source: target
        for service in (prometheus, grafana)
        for source, target, *_ in (volume.split(":") for volume in service["volumes"])
    }
    config_file = next(arg for arg in prometheus["command"] if arg.startswith("--config.file="))
    assert mounts["./deploy/prometheus/prometheus.yml"] == config_file.split("=", 1)[1]
    assert mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    (source,) = yaml.safe_load((GRAFANA / "datasources/prometheus.yml").read_text())["datasources"]
    assert source["url"] == "http://prometheus:9090" and source["type"] == "prometheus"
    (provider,) = yaml.safe_load((GRAFANA / "dashboards/prepbot.yml").read_text())["providers"]
    assert mounts["./deploy/grafana/dashboards"] == provider["options"]["path"]
    dashboard = json.loads(DASHBOARD.read_text())
    sources = {target["datasource"]["uid"] for panel in dashboard["panels"] for target in panel["targets"]}
    assert sources == {source["uid"]}
