"""Turning what a member types into a topic or a difficulty."""

from __future__ import annotations

from rapidfuzz import process

from bot.errors import UnknownTopic, UsageError
from bot.models import TOPIC_TITLES, Difficulty, Topic

ALIASES = {
    "basics": Topic.FUNDAMENTALS, "data": Topic.DATA_PREPARATION,
    "features": Topic.DATA_PREPARATION, "supervised": Topic.SUPERVISED_LEARNING,
    "unsupervised": Topic.UNSUPERVISED_LEARNING, "clustering": Topic.UNSUPERVISED_LEARNING,
    "evaluation": Topic.MODEL_EVALUATION, "metrics": Topic.MODEL_EVALUATION,
    "optimisation": Topic.OPTIMIZATION, "dl": Topic.DEEP_LEARNING,
    "nlp": Topic.NLP_TRANSFORMERS, "transformers": Topic.NLP_TRANSFORMERS,
    "stats": Topic.PROBABILITY_STATISTICS, "statistics": Topic.PROBABILITY_STATISTICS,
    "probability": Topic.PROBABILITY_STATISTICS, "ab-testing": Topic.PROBABILITY_STATISTICS,
    "production": Topic.MLOPS, "design": Topic.SYSTEM_DESIGN, "coding": Topic.CODING_DATA_TOOLS,
    "python": Topic.CODING_DATA_TOOLS, "sql": Topic.CODING_DATA_TOOLS,
    "ethics": Topic.RESPONSIBLE_AI, "fairness": Topic.RESPONSIBLE_AI,
    "behavioural": Topic.BEHAVIORAL, "career": Topic.INTERVIEW_PREP, "prep": Topic.INTERVIEW_PREP,
}


def resolve_topic(typed: str) -> Topic:
    key = "-".join(typed.lower().replace("_", " ").split())
    if not key:
        raise UnknownTopic("Name a topic; /prep topics lists them.")
    if key in Topic._value2member_map_:
        return Topic(key)
    if key in ALIASES:
        return ALIASES[key]
    by_title = {title.lower(): topic for topic, title in TOPIC_TITLES.items()}
    if typed.lower().strip() in by_title:
        return by_title[typed.lower().strip()]
    prefixed = [topic for topic in Topic if topic.value.startswith(key)]
    if len(prefixed) == 1:
        return prefixed[0]
    names = [t.value for t in Topic] + list(ALIASES)
    guess = process.extractOne(key, names, score_cutoff=70)
    hint = ""
    if guess is not None:
        suggestion = ALIASES.get(guess[0]) or Topic(guess[0])
        hint = f" Did you mean '{suggestion.value}'?"
    raise UnknownTopic(f"Unknown topic '{typed[:40]}'.{hint} /prep topics lists them.")


def resolve_difficulty(typed: str) -> Difficulty:
    try:
        return Difficulty(typed.lower())
    except ValueError:
        raise UsageError(
            f"Unknown difficulty '{typed[:20]}': use easy, medium or hard."
        ) from None


def split_topic_and_difficulty(words: tuple[str, ...]) -> tuple[Topic | None, Difficulty | None]:
    """`quiz deep learning hard` -> (deep-learning, hard); either part may be absent."""
    difficulty = None
    rest = list(words)
    if rest and rest[-1].lower() in Difficulty._value2member_map_:
        difficulty = resolve_difficulty(rest.pop())
    elif rest and rest[0].lower() in Difficulty._value2member_map_:
        difficulty = resolve_difficulty(rest.pop(0))
    topic = resolve_topic(" ".join(rest)) if rest else None
    return topic, difficulty
