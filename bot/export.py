"""`/prep export`: the questions a member got wrong or has due for review, as neutral rows.

Adapters turn the rows into files (an Anki deck and a CSV) and hand them over privately.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import ChoiceQuestion, Member, OpenQuestion, Question
from bot.replies import Notice, Reply, reference_code
from bot.review import plural
from bot.service import PracticeService, correct_answer_text
from bot.storage.export_log import ExportLog

MAX_ROWS = 1000
WRONG = "answered wrong"
DUE = "due for review"
NOTHING_YET = (
    "Nothing to export yet: the export holds the questions you got wrong and those due for "
    "review, and you have not answered any. Try /prep quiz, then come back."
)
ALL_RIGHT = (
    "Nothing to export: every question you answered was right and none is due for review. "
    "Well done! /prep quiz weak finds something harder."
)


@dataclass(frozen=True)
class ExportRow:
    """One question to study again: what was asked, the answer, and why it is in the export."""

    question_id: str
    topic: str
    topic_title: str
    tags: tuple[str, ...]
    kind: str
    difficulty: str
    prompt: str
    choices: tuple[str, ...]
    answer: str
    explanation: str
    key_points: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def reference(self) -> str:
        return reference_code(self.question_id)


@dataclass(frozen=True)
class Export(Notice):
    """A notice that carries the rows to write; shown as its text where files cannot go."""

    rows: tuple[ExportRow, ...] = ()


def export_row(question: Question, topic_title: str, reasons: tuple[str, ...]) -> ExportRow:
    return ExportRow(
        question_id=question.id,
        topic=question.topic,
        topic_title=topic_title,
        tags=tuple(question.tags),
        kind=question.kind.value,
        difficulty=question.difficulty.value,
        prompt=question.prompt,
        choices=tuple(question.options) if isinstance(question, ChoiceQuestion) else (),
        answer=correct_answer_text(question),
        explanation=question.explanation,
        key_points=tuple(p.point for p in question.rubric) if isinstance(question, OpenQuestion) else (),
        reasons=reasons,
    )


class Exports:
    def __init__(self, practice: PracticeService, log: ExportLog) -> None:
        self.practice = practice
        self.log = log

    async def export(self, member: Member) -> Reply:
        """The member's wrong and due questions (due first, most overdue first)."""
        practice = self.practice
        record = await practice.store.find_member(
            member.platform, member.community_id, member.user_id, by_name=False
        )
        if record is None:
            return Notice(NOTHING_YET)
        scores = await practice.review_store.question_scores(member)
        now = practice.clock.now()
        due = await practice.review_store.due(record.id, now, MAX_ROWS)
        wrong = {question_id for question_id, score in scores.items() if score < 1.0}
        due_now = set(due.question_ids)
        ordered = list(dict.fromkeys([*due.question_ids, *sorted(wrong)]))
        rows = []
        for question_id in ordered[:MAX_ROWS]:
            question = practice.bank.get(question_id)
            if question is None:
                continue
            reasons = tuple(
                reason
                for reason, included in ((WRONG, question_id in wrong), (DUE, question_id in due_now))
                if included
            )
            rows.append(export_row(question, practice.bank.topics.title(question.topic), reasons))
        if not rows:
            return Notice(ALL_RIGHT if scores else NOTHING_YET)
        wrong_count = sum(WRONG in row.reasons for row in rows)
        due_count = sum(DUE in row.reasons for row in rows)
        await self.log.record(record.id, now, len(rows), wrong_count, due_count)
        text = (
            f"Your export: {plural(len(rows), 'question')} ({wrong_count} answered wrong or partly "
            f"right, {due_count} due for review), as an Anki deck and a CSV. Import the deck in "
            "Anki with File → Import; importing a later export updates these cards instead of "
            "adding copies."
        )
        return Export(text, rows=tuple(rows))
