"""Renders the neutral replies as Slack Block Kit messages; every user or question text is escaped.

Each renderer lays out a Draft; `fit` (adapters/slack/blocks.py) turns it into messages that fit.
"""

from __future__ import annotations

from functools import singledispatch

from adapters.slack.actions import (
    ANSWER_ACTION,
    CHOICE_ACTION_PREFIX,
    CLAIM_ACTION_PREFIX,
    claim_value,
    encode_value,
)
from adapters.slack.blocks import Draft, Message, contexts, escape, fit, sections, user_text
from adapters.wording import PERIOD_TITLES, VERDICT_WORDS, closing_time, option_label
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

VERDICT_EMOJI = {
    Verdict.CORRECT: ":white_check_mark:",
    Verdict.PARTIAL: ":large_yellow_circle:",
    Verdict.WRONG: ":x:",
}
VERDICT_LINES = {verdict: f"{VERDICT_EMOJI[verdict]} *{words}*" for verdict, words in VERDICT_WORDS.items()}
POINT_MARKS = {
    PointStatus.MADE: ":white_check_mark:",
    PointStatus.MISSED: ":heavy_minus_sign:",
    PointStatus.CONTRADICTED: ":warning:",
}


def render(reply: Reply) -> list[Message]:
    """The reply as one Slack message, or several in reading order when it is long."""
    return fit(draft(reply))


@singledispatch
def draft(reply: Reply) -> Draft:
    raise TypeError(f"no Slack rendering for {type(reply).__name__}")


@draft.register
def _notice(reply: Notice) -> Draft:
    prefix = {Tone.ERROR: ":warning: ", Tone.SUCCESS: ":white_check_mark: ", Tone.INFO: ""}
    text = prefix[reply.tone] + escape(reply.text)
    return Draft(text).add(sections(text))


@draft.register
def _help(reply: Help) -> Draft:
    lines = [
        f"`{escape(c.usage)}` — {escape(c.summary)}" + (" _(admins)_" if c.admin_only else "")
        for c in reply.commands
    ]
    return Draft(escape(reply.intro)).add(sections(escape(reply.intro)), sections("\n".join(lines)))


def card_heading(reply: QuestionCard) -> str:
    return (
        f"*{escape(reply.topic_title)}* · {escape(reply.difficulty)} · {escape(reply.kind)}"
        f"  ·  {reply.reference}"
    )


@draft.register
def _card(reply: QuestionCard) -> Draft:
    post_id = reply.post_id or 0
    card = Draft(escape(reply.prompt)).add(contexts(card_heading(reply)), sections(escape(reply.prompt)))
    if reply.options:
        card.add(
            sections(
                "\n".join(
                    f"*{letter})* {escape(option)}"
                    for letter, option in zip("ABCDE", reply.options, strict=False)
                )
            )
        )
        buttons = [
            {
                "type": "button",
                "action_id": f"{CHOICE_ACTION_PREFIX}{letter}",
                "text": {"type": "plain_text", "text": letter},
                "value": encode_value(post_id, reply.question_id, letter),
            }
            for letter in "ABCDE"[: len(reply.options)]
        ]
    else:
        buttons = [
            {
                "type": "button",
                "action_id": ANSWER_ACTION,
                "style": "primary",
                "text": {"type": "plain_text", "text": "Answer"},
                "value": encode_value(post_id, reply.question_id),
            }
        ]
    card.add({"type": "actions", "elements": buttons})
    notes = []
    if reply.answered_count is not None:
        notes.append(f"{reply.answered_count} answered so far.")
    if reply.closes_at:
        notes.append(f"Answers close {escape(closing_time(reply))}.")
    if notes:
        card.add(contexts(" ".join(notes)))
    return card


@draft.register
def _feedback(reply: AnswerFeedback) -> Draft:
    if reply.repeat:
        score = "No points: you had already attempted this question (practice only)."
    else:
        score = f"+{reply.points} points (total {reply.total_points}, streak {reply.streak})."
    if reply.daily_streak is not None:
        score += f" Daily streak: {reply.daily_streak}."
    headline = f"{VERDICT_LINES[reply.verdict]} {score}"
    feedback = Draft(headline).add(sections(headline))
    if reply.rubric_graded:
        feedback.add(sections(key_points(reply)))
    if reply.notes:
        feedback.add(contexts(escape(" ".join(reply.notes))))
    if reply.rubric_graded:
        feedback.add(sections("*Model answer:*\n" + escape(reply.model_answer)))
    else:
        feedback.add(sections("*Answer:* " + escape(reply.correct_answer)))
    if reply.your_answer:
        feedback.add(contexts("You answered: " + escape(reply.your_answer)))
    feedback.add(sections("*Why:* " + escape(reply.explanation)))
    if reply.review is not None:
        made = [
            f":white_check_mark: {escape(p.point)}: “{escape(p.quote)}”"
            for p in reply.review.opinions
            if p.made
        ]
        notes = "\n".join([*made, escape(reply.review.feedback)]).strip() or "No key point made."
        feedback.add(sections("*Reviewer's notes:*\n" + notes))
    if reply.claimable:
        feedback.add(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{CLAIM_ACTION_PREFIX}{point}",
                        "text": {"type": "plain_text", "text": f"I covered point {point}"},
                        "value": claim_value(reply.question_id, point),
                    }
                    for point in reply.claimable[:5]
                ],
            }
        )
    return feedback


def key_points(reply: AnswerFeedback) -> str:
    lines = []
    for number, point in enumerate(reply.point_evidence, start=1):
        lines.append(f"{number}. {POINT_MARKS[point.status]} {escape(point.point)}")
        if point.quote:
            said = "you said: " if point.status == PointStatus.CONTRADICTED else ""
            lines.append(f"> {said}“{escape(short_quote(point.quote))}”")
    return "\n".join(lines)


def rank_line(row: LeaderboardRow) -> str:
    return f"{row.rank}. {user_text(row.name)} — {row.points} pts"


def leaderboard_lines(reply: Leaderboard) -> list[str]:
    lines = [rank_line(row) + ("  ← you" if row.is_caller else "") for row in reply.rows]
    if not reply.rows:
        lines.append("Nobody has scored yet. Be the first: `/prep quiz`")
    return lines


def own_rank_line(reply: Leaderboard) -> str:
    """The caller's own rank, shown in a block of its own so no other row can push it out."""
    if reply.caller is None:
        return "_You have no points in this period yet._"
    return f"*Your rank:* {rank_line(reply.caller)}"


def leaderboard_title(reply: Leaderboard) -> str:
    topic = f" — {escape(reply.topic_title)}" if reply.topic_title else ""
    return f"*Leaderboard — {PERIOD_TITLES[reply.period]}{topic}*"


@draft.register
def _leaderboard(reply: Leaderboard) -> Draft:
    title = leaderboard_title(reply)
    return Draft(title).add(
        sections(title),
        sections("\n".join(leaderboard_lines(reply)), verbatim=True),
        sections(own_rank_line(reply), verbatim=True),
    )


def stats_lines(reply: Stats) -> list[str]:
    lines = [
        f"*Stats for {user_text(reply.name)}*: {reply.points} points, "
        f"{reply.correct}/{reply.answered} correct ({reply.accuracy:.0%}), "
        f"streak {reply.streak} (best {reply.best_streak})"
        + (f", daily streak {reply.daily_streak}" if reply.daily_streak is not None else "")
    ]
    lines += [
        f"• {escape(t.topic_title)}: {t.correct}/{t.answered} ({t.accuracy:.0%})" for t in reply.by_topic
    ]
    if not reply.by_topic:
        lines.append("No answers yet. Try `/prep quiz`")
    if reply.weak_spots:
        lines.append("*Weakest topics* (chance of a right answer, 80% credible range):")
        lines += [
            f"• {escape(w.label)}: about {w.mean:.0%} ({w.low:.0%}–{w.high:.0%})"
            + (" _unsure: few answers_" if w.unsure else "")
            for w in reply.weak_spots
        ]
    lines.append(f"Reviews due: {reply.reviews_due}" + (" — `/prep review`" if reply.reviews_due else ""))
    return lines


@draft.register
def _stats(reply: Stats) -> Draft:
    lines = stats_lines(reply)
    return Draft(lines[0]).add(sections("\n".join(lines), verbatim=True))


@draft.register
def _topics(reply: TopicList) -> Draft:
    lines = ["*Topics* (use the name in `/prep quiz <topic>`):"]
    lines += [
        f"• `{escape(t.slug)}` {escape(t.title)} — {t.questions}"
        + (f" (also {', '.join(f'`{escape(a)}`' for a in t.aliases)})" if t.aliases else "")
        for t in reply.topics
    ]
    return Draft("Topics").add(sections("\n".join(lines)))


@draft.register
def _reveal(reply: Reveal) -> Draft:
    reveal = Draft(escape(reply.prompt)).add(
        contexts(f"*{escape(reply.topic_title)}* · {escape(reply.difficulty)} · answers closed"),
        sections(escape(reply.prompt)),
        sections("*Answer:* " + escape(reply.correct_answer)),
        sections("*Why:* " + escape(reply.explanation)),
        contexts(f"{reply.correct_count}/{reply.answered_count} answered correctly."),
    )
    if reply.distribution:
        reveal.add(
            sections(
                "\n".join(
                    f"{'✓' if option.correct else '•'} {escape(option_label(option))}: {option.count}"
                    for option in reply.distribution
                )
            )
        )
    if reply.top:
        reveal.add(
            sections("*Today's top:*\n" + "\n".join(rank_line(row) for row in reply.top), verbatim=True)
        )
    return reveal


@draft.register
def _sequence(reply: ReplySequence) -> Draft:
    parts = [draft(part) for part in reply.parts]
    combined = Draft(parts[0].fallback)
    for part in parts:
        if combined.blocks:
            combined.add({"type": "divider"})
        combined.add(part.blocks)
    return combined
