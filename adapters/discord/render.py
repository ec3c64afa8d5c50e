"""Renders the neutral replies as Discord embeds, with answer buttons for question cards."""

from __future__ import annotations

from functools import singledispatch

import discord

from adapters.discord.components import ChoiceButton, ClaimButton, OpenAnswerButton
from adapters.discord.embeds import AMBER, BLUE, GREEN, RED, Rendered, plain, shown
from adapters.discord.layout import Section, fits_one_message
from adapters.wording import PERIOD_TITLES, VERDICT_WORDS, option_label
from bot.grading import PointStatus, Verdict
from bot.replies import (
    AnswerFeedback,
    Help,
    Leaderboard,
    LeaderboardRow,
    Notice,
    QuestionCard,
    Reply,
    ReplySequence,
    Reveal,
    Stats,
    Tone,
    TopicList,
    short_quote,
)

TONE_COLOURS = {Tone.INFO: BLUE, Tone.SUCCESS: GREEN, Tone.ERROR: RED}
VERDICTS = {
    Verdict.CORRECT: (VERDICT_WORDS[Verdict.CORRECT], GREEN),
    Verdict.PARTIAL: (VERDICT_WORDS[Verdict.PARTIAL], AMBER),
    Verdict.WRONG: (VERDICT_WORDS[Verdict.WRONG], RED),
}
POINT_MARKS = {PointStatus.MADE: "✅", PointStatus.MISSED: "❌", PointStatus.CONTRADICTED: "⚠️"}
LETTERS = "ABCDE"


@singledispatch
def render(reply: Reply) -> Rendered:
    raise TypeError(f"no Discord rendering for {type(reply).__name__}")


@render.register
def _notice(reply: Notice) -> Rendered:
    return shown("", reply.text, TONE_COLOURS[reply.tone])


@render.register
def _help(reply: Help) -> Rendered:
    lines = [
        f"`{c.usage}` — {c.summary}" + (" *(Manage Server)*" if c.admin_only else "") for c in reply.commands
    ]
    return shown("prepbot", reply.intro, sections=[Section("Commands", "\n".join(lines))])


def answer_view(card: QuestionCard) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    post = card.post_id or 0
    if card.options:
        for letter, _ in zip(LETTERS, card.options, strict=False):
            view.add_item(ChoiceButton(post, card.question_id, letter))
    else:
        view.add_item(OpenAnswerButton(post, card.question_id))
    return view


@render.register
def _card(reply: QuestionCard) -> Rendered:
    heading = "Today's question" if reply.post_id else "Practice question"
    sections = [
        Section(
            "Options",
            "\n".join(
                f"**{letter}.** {option}" for letter, option in zip(LETTERS, reply.options, strict=False)
            ),
        )
    ]
    footer = f"{reply.topic_title} · {reply.difficulty} · {reply.kind}"
    if reply.answered_count is not None:
        footer += f" · {reply.answered_count} answered so far"
    return shown(
        heading,
        reply.prompt,
        sections=sections if reply.options else (),
        footer=footer,
        view=answer_view(reply),
    )


@render.register
def _feedback(reply: AnswerFeedback) -> Rendered:
    verdict, colour = VERDICTS[reply.verdict]
    if reply.repeat:
        score = "No points: you had already attempted this question (practice only)."
    else:
        score = f"+{reply.points} points · total {reply.total_points} · streak {reply.streak}"
        if reply.daily_streak is not None:
            score += f" · daily streak {reply.daily_streak}"
    sections = [Section("Your answer", plain(reply.your_answer))] if reply.your_answer else []
    if reply.rubric_graded:
        sections.append(Section("Key points", key_points(reply)))
    if reply.notes:
        sections.append(Section("Note", "\n".join(reply.notes)))
    if reply.rubric_graded:
        sections.append(Section("Model answer", reply.model_answer))
    else:
        sections.append(Section("Answer", reply.correct_answer))
    sections.append(Section("Why", reply.explanation))
    if reply.review is not None:
        made = [f"✅ {p.point}: “{plain(p.quote)}”" for p in reply.review.opinions if p.made]
        sections.append(
            Section(
                "Reviewer's notes",
                "\n".join([*made, plain(reply.review.feedback)]).strip() or "No key point made.",
            )
        )
    return shown(verdict, score, colour, sections, view=claim_view(reply))


def claim_view(reply: AnswerFeedback) -> discord.ui.View | None:
    """ "I covered point N" under each key point the grader did not credit."""
    if not reply.claimable:
        return None
    view = discord.ui.View(timeout=None)
    for point in reply.claimable[:5]:
        view.add_item(ClaimButton(reply.question_id, point))
    return view


def key_points(reply: AnswerFeedback) -> str:
    """One line per rubric point, each with the (shortened) clause that made or contradicted it."""
    lines = []
    for number, point in enumerate(reply.point_evidence, start=1):
        head = f"{number}. {POINT_MARKS[point.status]} {plain(point.point)}"
        said = "you said: " if point.status == PointStatus.CONTRADICTED else ""
        quote = plain(short_quote(point.quote)) if point.quote else ""
        lines.append(f"{head}\n> {said}“{quote}”" if quote else head)
    return "\n".join(lines)


def _rows(rows: tuple[LeaderboardRow, ...]) -> str:
    return "\n".join(
        f"`{row.rank:>2}.` {'**' if row.is_caller else ''}{plain(row.name)}"
        f"{'**' if row.is_caller else ''} — {row.points} pts"
        for row in rows
    )


@render.register
def _leaderboard(reply: Leaderboard) -> Rendered:
    title = f"Leaderboard — {PERIOD_TITLES[reply.period]}"
    if reply.topic_title:
        title += f" — {reply.topic_title}"
    sections = []
    if reply.caller is None:
        sections.append(Section("You", "You have no points in this period yet."))
    elif not any(row.is_caller for row in reply.rows):
        sections.append(Section("You", _rows((reply.caller,))))
    return shown(
        title, _rows(reply.rows) or "Nobody has scored yet. Be the first: `/prep quiz`", sections=sections
    )


@render.register
def _stats(reply: Stats) -> Rendered:
    summary = (
        f"**{reply.points}** points · {reply.correct}/{reply.answered} correct "
        f"({reply.accuracy:.0%}) · streak {reply.streak} (best {reply.best_streak})"
    )
    if reply.daily_streak is not None:
        summary += f"\nDaily streak: {reply.daily_streak}"
    lines = [f"{t.topic_title}: {t.correct}/{t.answered} ({t.accuracy:.0%})" for t in reply.by_topic]
    sections = [Section("By topic", "\n".join(lines) or "No answers yet. Try `/prep quiz`")]
    if reply.weak_spots:
        sections.append(
            Section(
                "Weakest topics (chance of a right answer, 80% range)",
                "\n".join(
                    f"{w.label}: about {w.mean:.0%} ({w.low:.0%}–{w.high:.0%})"
                    + (" · *unsure: few answers*" if w.unsure else "")
                    for w in reply.weak_spots
                )
                + "\nPractise the weakest with `/prep quiz weak`",
            )
        )
    sections.append(
        Section("Reviews due", f"{reply.reviews_due}" + (" · `/prep review`" if reply.reviews_due else ""))
    )
    return shown("Stats", f"{plain(reply.name)}\n{summary}", sections=sections)


def _aliases(aliases: tuple[str, ...]) -> str:
    return " · also " + ", ".join(f"`{alias}`" for alias in aliases) if aliases else ""


@render.register
def _topics(reply: TopicList) -> Rendered:
    lines = [f"`{t.slug}` — {t.title} ({t.questions})" + _aliases(t.aliases) for t in reply.topics]
    return shown("Topics", "\n".join(lines) or "No questions loaded.")


@render.register
def _reveal(reply: Reveal) -> Rendered:
    sections = [Section("Answer", reply.correct_answer), Section("Why", reply.explanation)]
    if reply.distribution:
        sections.append(
            Section(
                "How the channel answered",
                "\n".join(
                    f"{'✅' if o.correct else '▫️'} {option_label(o)}: {o.count}" for o in reply.distribution
                ),
            )
        )
    sections.append(Section("Answered", f"{reply.correct_count}/{reply.answered_count} correct"))
    if reply.top:
        sections.append(Section("Top today", _rows(reply.top)))
    return shown(
        "Today's question — answer",
        reply.prompt,
        GREEN,
        sections,
        footer=f"{reply.topic_title} · {reply.difficulty}",
    )


@render.register
def _sequence(reply: ReplySequence) -> Rendered:
    """Short notes ride in the next reply's first message; buttons stay under the last embed."""
    messages: list[Rendered] = []
    for part in map(render, reply.parts):
        last = messages[-1] if messages else None
        if (
            last
            and last.view is None
            and len(last.pages) == 1
            and not last.then
            and fits_one_message(last.pages[0] + part.pages[0])
        ):
            messages[-1] = Rendered((last.pages[0] + part.pages[0], *part.pages[1:]), part.view, part.then)
        else:
            messages.append(part)
    first, *rest = messages
    return Rendered(first.pages, first.view, (*first.then, *rest))
