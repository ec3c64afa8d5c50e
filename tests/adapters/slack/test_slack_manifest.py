"""Slack lists /prep with the description and usage hint of slack-manifest.yml; they are the
command table's, so a command added to the table shows up in Slack's autocomplete too."""

from __future__ import annotations

from typing import Any

import yaml

from adapters.slack.manifest import slash_description, slash_usage_hint


def prep_command() -> Any:
    with open("slack-manifest.yml", encoding="utf-8") as manifest:
        commands = yaml.safe_load(manifest)["features"]["slash_commands"]
    [prep] = [c for c in commands if c["command"] == "/prep"]
    return prep


def test_the_manifest_describes_prep_as_the_command_table_does() -> None:
    prep = prep_command()
    assert prep["description"] == slash_description()
    assert prep["usage_hint"] == slash_usage_hint()
