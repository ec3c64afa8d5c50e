"""The parsed packs kept between starts: an edited file or a damaged entry is never served."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest

from bot.bank import load_content
from bot.errors import ContentError
from bot.pack_cache import PackCache
from tests.unit.test_bank import extra, write


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    content, cache = tmp_path / "content", tmp_path / "cache"
    content.mkdir()
    write(content, "extra.yaml", extra(id="kept-q"))
    return content, cache


def load(content: Path, cache: Path) -> dict[str, str]:
    bank = load_content([content], bundled_questions=False, cache_dir=cache)
    return {question.id: question.prompt for question in bank.questions.values()}


def test_a_second_start_serves_the_same_questions_from_the_cache(folders: tuple[Path, Path]) -> None:
    content, cache = folders
    first = load(content, cache)
    assert list(cache.glob("*.json")), "the valid pack is kept"
    assert load(content, cache) == first == {"kept-q": "Which option is right?"}


def test_an_edited_file_is_read_again(folders: tuple[Path, Path]) -> None:
    content, cache = folders
    load(content, cache)
    write(content, "extra.yaml", extra(id="edited-q"))
    assert set(load(content, cache)) == {"edited-q"}


def test_an_edit_that_breaks_the_pack_is_reported_not_hidden_by_the_cache(folders: tuple[Path, Path]) -> None:
    content, cache = folders
    load(content, cache)
    write(content, "extra.yaml", extra(answer="F"))
    with pytest.raises(ContentError, match="answer"):
        load(content, cache)


@pytest.mark.parametrize("damage", [b"{not json", b'{"pack": "other", "questions": []}', b"null", b""])
def test_a_damaged_entry_is_ignored_and_rewritten(folders: tuple[Path, Path], damage: bytes) -> None:
    content, cache = folders
    expected = load(content, cache)
    (entry,) = [path for path in cache.glob("*.json") if b"kept-q" in path.read_bytes()]
    entry.write_bytes(damage)
    assert load(content, cache) == expected
    assert entry.read_bytes() != damage


def test_an_unwritable_cache_folder_only_costs_speed(folders: tuple[Path, Path]) -> None:
    content, cache = folders
    cache.write_text("a file where the folder should be", encoding="utf-8")
    assert load(content, cache) == {"kept-q": "Which option is right?"}


def test_yaml_values_json_cannot_hold_are_not_kept(tmp_path: Path) -> None:
    cache = PackCache(tmp_path)
    cache.put(b"dated", {"created": date(2024, 1, 1)})
    cache.put(b"numbered keys", {1: "one"})
    assert cache.get(b"dated") is None and cache.get(b"numbered keys") is None
    assert not list(tmp_path.glob("*"))


def test_loading_leaves_garbage_collection_as_it_found_it(folders: tuple[Path, Path]) -> None:
    """The collector is paused while packs load, and back afterwards, also when a pack is refused."""
    content, cache = folders
    load(content, cache)
    assert gc.isenabled()
    write(content, "broken.yaml", "pack: [unclosed")
    with pytest.raises(ContentError):
        load(content, cache)
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(ContentError):
            load(content, cache)
        assert not gc.isenabled()
    finally:
        gc.enable()
