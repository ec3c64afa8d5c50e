"""Renders the neutral replies as plain terminal text."""

from __future__ import annotations

import textwrap
from contextvars import ContextVar
from functools import singledispatch

from adapters.wording import PERIOD_TITLES, VERDICT_WORDS, how_to_answer, option_label
from bot.grading import PointStatus
from bot.replies import (
    AnswerFeedback,
    Help,
    Leaderboard,
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

POINT_LABELS = {
    PointStatus.MADE: "covered",
    PointStatus.MISSED: "missing",
    PointStatus.CONTRADICTED: "contradicted",
}


PIPED_WIDTH = 88
text_width: ContextVar[int] = ContextVar("text_width", default=PIPED_WIDTH)


def wrap(text: str, indent: str = "") -> str:
    return "\n".join(
        textwrap.fill(part, width=text_width.get(), initial_indent=indent, subsequent_indent=indent)
        if not part.startswith("```") and "\n" not in part
        else part
        for part in text.split("\n\n")
    )


@singledispatch
def render(reply: Reply) -> str:
    raise TypeError(f"no console rendering for {type(reply).__name__}")


def render_at_width(reply: Reply, width: int) -> str:
    """The reply with its paragraphs wrapped at `width` columns (a terminal's width)."""
    token = text_width.set(width)
    try:
        return render(reply)
    finally:
        text_width.reset(token)


@render.register
def _notice(reply: Notice) -> str:
    prefix = {Tone.ERROR: "Sorry: ", Tone.SUCCESS: "", Tone.INFO: ""}[reply.tone]
    return reply.text if reply.text.startswith("Sorry") else prefix + reply.text


@render.register
def _help(reply: Help) -> str:
    width = max(len(c.usage) for c in reply.commands)
    lines = [wrap(reply.intro), ""]
    for command in reply.commands:
        admin = " (admins)" if command.admin_only else ""
        lines.append(f"  {command.usage.ljust(width)}  {command.summary}{admin}")
    return "\n".join(lines)


@render.register
def _card(reply: QuestionCard) -> str:
    heading = f"[{reply.topic_title} · {reply.difficulty} · {reply.kind}]  {reply.reference}"
    lines = [heading, wrap(reply.prompt)]
    lines += [f"  {letter}) {option}" for letter, option in zip("ABCDE", reply.options, strict=False)]
    if reply.answered_count is not None:
        lines.append(f"{reply.answered_count} answered so far.")
    lines.append(how_to_answer(reply))
    return "\n".join(lines)


@render.register
def _feedback(reply: AnswerFeedback) -> str:
    if reply.repeat:
        score = "No points: you had already attempted this question (practice only)."
    else:
        score = f"+{reply.points} points (total {reply.total_points}, streak {reply.streak})."
    lines = [f"{VERDICT_WORDS[reply.verdict]} {score}"]
    if reply.rubric_graded:
        for number, evidence in enumerate(reply.point_evidence, start=1):
            lines.append(f"  {number}. {POINT_LABELS[evidence.status]}: {evidence.point}")
            if evidence.quote:
                lines.append(f'      "{short_quote(evidence.quote)}"')
    lines += [wrap(note, "  ") for note in reply.notes]
    if reply.rubric_graded:
        if reply.claimable:
            lines.append(f"  Covered a point the grader missed? /prep claim {reply.claimable[0]}")
        lines.append("Model answer:")
        lines.append(wrap(reply.model_answer, "  "))
    else:
        lines.append(f"Answer: {reply.correct_answer}")
    lines.append(wrap("Why: " + reply.explanation))
    if reply.review is not None:
        lines.append("Reviewer's notes:")
        lines += [wrap(f'made: {o.point} ("{o.quote}")', "  ") for o in reply.review.opinions if o.made]
        if reply.review.feedback:
            lines.append(wrap(reply.review.feedback, "  "))
    return "\n".join(lines)


@render.register
def _leaderboard(reply: Leaderboard) -> str:
    title = PERIOD_TITLES[reply.period]
    lines = [f"Leaderboard — {title}" + (f" — {reply.topic_title}" if reply.topic_title else "")]
    if not reply.rows:
        lines.append("  Nobody has scored yet. Be the first: /prep quiz")
    for row in reply.rows:
        marker = "  <- you" if row.is_caller else ""
        lines.append(f"  {row.rank:>3}. {row.name:<24} {row.points:>6} pts{marker}")
    if reply.caller and not any(row.is_caller for row in reply.rows):
        lines.append(
            f"  ...\n  {reply.caller.rank:>3}. {reply.caller.name:<24} {reply.caller.points:>6} pts  <- you"
        )
    elif reply.caller is None:
        lines.append("  You have no points in this period yet.")
    return "\n".join(lines)


@render.register
def _stats(reply: Stats) -> str:
    lines = [
        f"Stats for {reply.name}: {reply.points} points, {reply.correct}/{reply.answered} "
        f"correct ({reply.accuracy:.0%}), streak {reply.streak} (best {reply.best_streak})"
    ]
    for topic in reply.by_topic:
        lines.append(
            f"  {topic.topic_title:<42} {topic.correct:>4}/{topic.answered:<4} {topic.accuracy:>4.0%}"
        )
    if not reply.by_topic:
        lines.append("  No answers yet. Try /prep quiz")
    if reply.weak_spots:
        lines.append("Weakest topics (chance of a right answer, 80% credible range):")
        lines += [
            f"  {w.label:<42} about {w.mean:.0%} ({w.low:.0%}-{w.high:.0%})"
            + (", unsure: few answers" if w.unsure else "")
            for w in reply.weak_spots
        ]
        lines.append("  Practise the weakest with /prep quiz weak")
    lines.append(f"Reviews due: {reply.reviews_due}" + (" (/prep review)" if reply.reviews_due else ""))
    return "\n".join(lines)


@render.register
def _topics(reply: TopicList) -> str:
    lines = ["Topics (use the name in /prep quiz <topic>):"]
    lines += [
        f"  {t.slug:<24} {t.title:<42} {t.questions:>4}"
        + (f"   also: {', '.join(t.aliases)}" if t.aliases else "")
        for t in reply.topics
    ]
    return "\n".join(lines)


@render.register
def _reveal(reply: Reveal) -> str:
    lines = [
        f"[{reply.topic_title} · {reply.difficulty}]  {reply.reference}  (closed)",
        wrap(reply.prompt),
        f"Answer: {reply.correct_answer}",
        wrap("Why: " + reply.explanation),
        f"{reply.answered_count} answered, {reply.correct_count} correct.",
    ]
    lines += [
        f"  {option.count:>4}  {option_label(option)}{'  <- correct' if option.correct else ''}"
        for option in reply.distribution
    ]
    if reply.top:
        lines.append("Top answerers today:")
        lines += [f"  {row.rank:>3}. {row.name:<24} {row.points:>6} pts" for row in reply.top]
    return "\n".join(lines)


@render.register
def _sequence(reply: ReplySequence) -> str:
    return "\n\n".join(render(part) for part in reply.parts)
