"""A community is a value: built from a member or a channel, stored as its key, parsed back."""

from __future__ import annotations

import pytest

from bot.models import Channel, Community, Member


def test_a_member_and_a_channel_of_one_server_are_in_the_same_community() -> None:
    member = Member(platform="discord", community_id="111", user_id="ada")
    channel = Channel(platform="discord", community_id="111", channel_id="c1")
    assert member.community == channel.community == Community("discord", "111")
    assert member.community.key == "discord:111"


def test_a_key_parses_back_to_its_community_even_with_a_colon_in_the_id() -> None:
    community = Community("slack", "T0:enterprise")
    assert Community.parse(community.key) == community


@pytest.mark.parametrize("key", ["discord", ":111", "discord:", ""])
def test_a_string_that_is_not_a_community_key_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="not a community key"):
        Community.parse(key)
