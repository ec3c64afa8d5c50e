"""Tab at the console prompt offers what the `/prep` grammar allows at that point."""

from __future__ import annotations

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from adapters.console.completion import PrepCompleter

COMPLETER = PrepCompleter(["fundamentals", "nlp-transformers", "nlp"])


def offered(text: str) -> list[str]:
    return [c.text for c in COMPLETER.get_completions(Document(text), CompleteEvent(True))]


def test_subcommands_topics_and_difficulties_in_their_places() -> None:
    assert offered("/pr") == ["/prep"]
    assert offered("/prep qu") == ["quiz", "question"]
    assert offered("/prep quiz nl") == ["nlp-transformers", "nlp"]
    assert offered("/prep quiz nlp ") == ["easy", "medium", "hard"]
    assert offered("/prep leaderboard ")[:3] == ["week", "month", "all"]
    assert offered("/prep leaderboard all f") == ["fundamentals"]
    assert offered("/prep schedule p") == ["pause"]
    assert offered("/prep answer ") == []
    assert offered("/prep ex") == ["export"]
    assert offered("/prep export ") == []


def test_privacy_actions_and_config_keys_and_values() -> None:
    assert offered("/prep priv") == ["privacy"]
    assert offered("/prep privacy ") == ["hide", "show", "export", "forget"]
    assert offered("/prep privacy forget ") == ["confirm"]
    assert offered("/prep privacy export ") == []
    assert offered("/prep config we") == ["weekly-board"]
    assert offered("/prep config weekly-board ") == ["on", "off"]
    assert offered("/prep config topics nl") == ["nlp-transformers", "nlp"]
    assert offered("/prep config difficulty ") == ["easy", "medium", "hard"]
    assert offered("/prep config timezone ") == []
