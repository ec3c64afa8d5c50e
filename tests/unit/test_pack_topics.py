"""Topics declared by packs, merged across packs and folders; every problem reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank import BUNDLED_CONTENT, QuestionBank, load_content
from bot.errors import ContentError, UnknownTopic
from bot.settings import Settings
from bot.topics import resolve_topic

QUESTION = """  - id: {id}
    kind: choice
    topic: {topic}
    difficulty: easy
    prompt: Which of these is the {id} option?
    options: [one, two, three, four]
    answer: A
    explanation: Because.
    sources: [general]
"""


def pack(name: str, *questions: tuple[str, str], topics: str = "", title: str = "") -> str:
    header = f"pack: {name}\ntitle: {title or name.title()}\n{topics}questions:\n"
    return header + "".join(QUESTION.format(id=qid, topic=topic) for qid, topic in questions)


def folder(root: Path, name: str, **packs: str) -> Path:
    path = root / name
    path.mkdir()
    for file, text in packs.items():
        (path / f"{file}.yaml").write_text(text, encoding="utf-8")
    return path


RECSYS = "topics:\n  - id: recsys\n    title: Recommender systems\n    aliases: [recommenders, rec-sys]\n"


def test_a_pack_declares_its_topics_with_titles_and_aliases(tmp_path: Path) -> None:
    bank = QuestionBank.load(
        folder(tmp_path, "c", recsys=pack("recsys", ("two-tower", "recsys"), topics=RECSYS))
    )
    [info] = bank.topics
    assert (info.id, info.title, info.aliases) == (
        "recsys",
        "Recommender systems",
        ("recommenders", "rec-sys"),
    )
    assert resolve_topic("recommenders", bank.topics) == "recsys"
    assert resolve_topic("Recommender systems", bank.topics) == "recsys"
    with pytest.raises(UnknownTopic, match="Did you mean 'recsys'"):
        resolve_topic("recommender", bank.topics)


def test_a_pack_in_the_old_format_names_its_new_topics_after_itself(tmp_path: Path) -> None:
    bank = QuestionBank.load(
        folder(
            tmp_path,
            "c",
            old=pack("old", ("a-q", "vision"), ("b-q", "vision"), title="Computer vision basics"),
        )
    )
    assert [(t.id, t.title, t.aliases) for t in bank.topics] == [("vision", "Computer vision basics", ())]
    assert bank.topic_counts() == {"vision": 2}


def test_an_old_format_pack_uses_a_title_declared_elsewhere(tmp_path: Path) -> None:
    content = folder(
        tmp_path,
        "c",
        a=pack("a", ("a-q", "recsys"), topics=RECSYS),
        b=pack("b", ("b-q", "recsys"), title="Something else"),
    )
    bank = QuestionBank.load(content)
    assert [t.title for t in bank.topics] == ["Recommender systems"]


def test_declarations_merge_aliases_and_refuse_conflicting_titles(tmp_path: Path) -> None:
    more = "topics:\n  - {id: recsys, title: Recommender systems, aliases: [recsys-basics]}\n"
    bank = QuestionBank.load(
        folder(
            tmp_path,
            "c",
            a=pack("a", ("a-q", "recsys"), topics=RECSYS),
            b=pack("b", ("b-q", "recsys"), topics=more),
        )
    )
    [info] = bank.topics
    assert info.aliases == ("recommenders", "rec-sys", "recsys-basics")
    clash = "topics:\n  - {id: recsys, title: Recommenders}\n"
    bad = folder(
        tmp_path,
        "d",
        a=pack("a", ("a-q", "recsys"), topics=RECSYS),
        b=pack("b", ("b-q", "recsys"), topics=clash),
    )
    with pytest.raises(
        ContentError,
        match=r"b.yaml: field 'topics.0.title': topic 'recsys' is "
        r"titled 'Recommenders' here but 'Recommender systems' in .*a.yaml",
    ):
        QuestionBank.load(bad)


def test_an_alias_names_one_topic_only(tmp_path: Path) -> None:
    other = "topics:\n  - {id: search, title: Search, aliases: [recommenders]}\n"
    bad = folder(
        tmp_path,
        "c",
        a=pack("a", ("a-q", "recsys"), topics=RECSYS),
        b=pack("b", ("b-q", "search"), topics=other),
    )
    with pytest.raises(
        ContentError, match="alias 'recommenders' of topic 'search' already names topic 'recsys'"
    ):
        QuestionBank.load(bad)


def test_every_broken_question_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    first = pack("a", ("ok-q", "recsys"), ("lost-q", "astrology"), topics=RECSYS)
    first = first.replace("answer: A", "answer: E", 1)
    second = pack("b", ("b-q", "recsys")).replace("difficulty: easy", "difficulty: brutal")
    second = second.replace("    prompt: Which of these is the b-q option?\n", "")
    bad = folder(tmp_path, "c", a=first, b=second)
    with pytest.raises(ContentError) as caught:
        QuestionBank.load(bad)
    found = {(p.path.name, p.question_id, p.field) for p in caught.value.problems}
    assert found == {
        ("a.yaml", "ok-q", "answer"),
        ("a.yaml", "lost-q", "topic"),
        ("b.yaml", "b-q", "difficulty"),
        ("b.yaml", "b-q", "prompt"),
    }
    assert len(caught.value.message.splitlines()) == 4


def test_extra_folders_load_after_the_bundled_packs(tmp_path: Path) -> None:
    ours = folder(tmp_path, "ours", recsys=pack("recsys", ("two-tower", "recsys"), topics=RECSYS))
    theirs = folder(tmp_path, "theirs", mine=pack("mine", ("my-mlops-q", "mlops")))
    shipped = QuestionBank.load(BUNDLED_CONTENT)
    bank = load_content([ours, theirs])
    assert len(bank) == len(shipped) + 2
    assert list(bank.questions)[: len(shipped)] == list(shipped.questions)
    assert bank.topics.ids == (*shipped.topics.ids, "recsys")
    assert bank.topics.title("mlops") == "MLOps and production"


def test_a_duplicate_id_across_folders_names_both_files(tmp_path: Path) -> None:
    one = folder(tmp_path, "one", a=pack("a", ("same-q", "mlops")))
    two = folder(tmp_path, "two", b=pack("b", ("same-q", "mlops")))
    with pytest.raises(ContentError) as caught:
        load_content([one, two])
    assert caught.value.message.endswith(
        f"{two / 'b.yaml'}: question 'same-q': field 'id': duplicate question id (also in {one / 'a.yaml'})"
    )


def test_without_bundled_questions_the_bundled_topics_stay(tmp_path: Path) -> None:
    ours = folder(tmp_path, "ours", mine=pack("mine", ("my-mlops-q", "mlops")))
    bank = load_content([ours], bundled_questions=False)
    assert list(bank.questions) == ["my-mlops-q"]
    assert "behavioral" in bank.topics and bank.topics.title("mlops") == "MLOps and production"
    with pytest.raises(ContentError, match="no other folder"):
        load_content([], bundled_questions=False)


def test_the_content_setting_takes_several_folders(tmp_path: Path) -> None:
    settings = Settings(content_dir=f"{tmp_path / 'a'}: {tmp_path / 'b'}:", _env_file=None)
    assert settings.content_dirs == (tmp_path / "a", tmp_path / "b")
    assert Settings(content_dir=tmp_path, _env_file=None).content_dirs == (tmp_path,)
    assert Settings(_env_file=None).content_dirs == ()
