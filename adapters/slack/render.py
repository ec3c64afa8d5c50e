"""Renders the neutral replies as Slack Block Kit messages; every user or question text is escaped."""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from adapters.slack.actions import ANSWER_ACTION, CHOICE_ACTION_PREFIX, encode_value
from bot.grading import PointStatus, Verdict
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

Message = dict[str, Any]
SECTION_LIMIT = 3000
VERDICT_LINES = {Verdict.CORRECT: ":white_check_mark: *Correct!*",
                 Verdict.PARTIAL: ":large_yellow_circle: *Partly right.*",
                 Verdict.WRONG: ":x: *Not quite.*"}
POINT_MARKS = {PointStatus.MADE: ":white_check_mark:", PointStatus.MISSED: ":heavy_minus_sign:",
               PointStatus.CONTRADICTED: ":warning:"}
PERIOD_TITLES = {"week": "This week", "month": "This month", "all": "All time"}


def escape(text: str) -> str:
    """Escape mrkdwn control characters, so no text can mention, broadcast or disguise a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def section(mrkdwn: str) -> dict[str, Any]:
    if len(mrkdwn) > SECTION_LIMIT:
        mrkdwn = mrkdwn[: SECTION_LIMIT - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def context(mrkdwn: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn[:SECTION_LIMIT]}]}


def message(fallback: str, blocks: list[dict[str, Any]]) -> Message:
    """`text` is the notification fallback; it is mrkdwn too, so it is built from escaped parts."""
    return {"text": fallback[:SECTION_LIMIT], "blocks": blocks[:50]}


@singledispatch
def render(reply: Reply) -> Message:
    raise TypeError(f"no Slack rendering for {type(reply).__name__}")


@render.register
def _notice(reply: Notice) -> Message:
    prefix = {Tone.ERROR: ":warning: ", Tone.SUCCESS: ":white_check_mark: ", Tone.INFO: ""}
    text = prefix[reply.tone] + escape(reply.text)
    return message(text, [section(text)])


@render.register
def _help(reply: Help) -> Message:
    lines = [f"`{escape(c.usage)}` — {escape(c.summary)}" + (" _(admins)_" if c.admin_only else "")
             for c in reply.commands]
    return message(escape(reply.intro), [section(escape(reply.intro)), section("\n".join(lines))])


def card_heading(reply: QuestionCard) -> str:
    return (f"*{escape(reply.topic_title)}* · {escape(reply.difficulty)} · {escape(reply.kind)}"
            f"  ·  {reply.reference}")


@render.register
def _card(reply: QuestionCard) -> Message:
    post_id = reply.post_id or 0
    blocks = [context(card_heading(reply)), section(escape(reply.prompt))]
    if reply.options:
        blocks.append(section("\n".join(f"*{letter})* {escape(option)}"
                                        for letter, option in zip("ABCDE", reply.options,
                                                                  strict=False))))
        buttons = [{"type": "button", "action_id": f"{CHOICE_ACTION_PREFIX}{letter}",
                    "text": {"type": "plain_text", "text": letter},
                    "value": encode_value(post_id, reply.question_id, letter)}
                   for letter in "ABCDE"[: len(reply.options)]]
    else:
        buttons = [{"type": "button", "action_id": ANSWER_ACTION, "style": "primary",
                    "text": {"type": "plain_text", "text": "Answer"},
                    "value": encode_value(post_id, reply.question_id)}]
    blocks.append({"type": "actions", "block_id": f"answer:{post_id}", "elements": buttons})
    notes = []
    if reply.answered_count is not None:
        notes.append(f"{reply.answered_count} answered so far.")
    if reply.closes_at:
        notes.append(f"Answers close {escape(reply.closes_at)}.")
    if notes:
        blocks.append(context(" ".join(notes)))
    return message(escape(reply.prompt), blocks)


@render.register
def _feedback(reply: AnswerFeedback) -> Message:
    if reply.repeat:
        score = "No points: you had already attempted this question (practice only)."
    else:
        score = f"+{reply.points} points (total {reply.total_points}, streak {reply.streak})."
    if reply.daily_streak is not None:
        score += f" Daily streak: {reply.daily_streak}."
    headline = f"{VERDICT_LINES[reply.verdict]} {score}"
    blocks = [section(headline)]
    if reply.rubric_graded:
        blocks.append(section(key_points(reply)))
        if reply.notes:
            blocks.append(context(escape(" ".join(reply.notes))))
        blocks.append(section("*Model answer:*\n" + escape(reply.model_answer)))
    else:
        blocks.append(section("*Answer:* " + escape(reply.correct_answer)))
    if reply.your_answer:
        blocks.append(context("You answered: " + escape(reply.your_answer)))
    blocks.append(section("*Why:* " + escape(reply.explanation)))
    if reply.review is not None:
        made = [f":white_check_mark: {escape(p.point)}: “{escape(p.quote)}”"
                for p in reply.review.opinions if p.made]
        notes = "\n".join([*made, escape(reply.review.feedback)]).strip() or "No key point made."
        blocks.append(section("*Reviewer's notes:*\n" + notes))
    return message(headline, blocks)


def key_points(reply: AnswerFeedback) -> str:
    lines = []
    for point in reply.point_evidence:
        lines.append(f"{POINT_MARKS[point.status]} {escape(point.point)}")
        if point.quote:
            said = "you said: " if point.status == PointStatus.CONTRADICTED else ""
            lines.append(f"> {said}“{escape(short_quote(point.quote))}”")
    return "\n".join(lines)


def leaderboard_lines(reply: Leaderboard) -> list[str]:
    lines = []
    for row in reply.rows:
        marker = "  ← you" if row.is_caller else ""
        lines.append(f"{row.rank}. {escape(row.name)} — {row.points} pts{marker}")
    if not reply.rows:
        lines.append("Nobody has scored yet. Be the first: `/prep quiz`")
    if reply.caller and not any(row.is_caller for row in reply.rows):
        lines.append(f"…\n{reply.caller.rank}. {escape(reply.caller.name)} — "
                     f"{reply.caller.points} pts  ← you")
    elif reply.caller is None:
        lines.append("_You have no points in this period yet._")
    return lines


def leaderboard_title(reply: Leaderboard) -> str:
    topic = f" — {escape(reply.topic_title)}" if reply.topic_title else ""
    return f"*Leaderboard — {PERIOD_TITLES.get(reply.period, reply.period)}{topic}*"


@render.register
def _leaderboard(reply: Leaderboard) -> Message:
    title = leaderboard_title(reply)
    return message(title, [section(title), section("\n".join(leaderboard_lines(reply)))])


def stats_lines(reply: Stats) -> list[str]:
    lines = [f"*Stats for {escape(reply.name)}*: {reply.points} points, "
             f"{reply.correct}/{reply.answered} correct ({reply.accuracy:.0%}), "
             f"streak {reply.streak} (best {reply.best_streak})"
             + (f", daily streak {reply.daily_streak}" if reply.daily_streak is not None else "")]
    lines += [f"• {escape(t.topic_title)}: {t.correct}/{t.answered} ({t.accuracy:.0%})"
              for t in reply.by_topic]
    if not reply.by_topic:
        lines.append("No answers yet. Try `/prep quiz`")
    if reply.weak_spots:
        lines.append("*Weakest topics* (chance of a right answer, 80% credible range):")
        lines += [f"• {escape(w.label)}: about {w.mean:.0%} ({w.low:.0%}–{w.high:.0%})"
                  + (" _unsure: few answers_" if w.unsure else "") for w in reply.weak_spots]
    lines.append(f"Reviews due: {reply.reviews_due}"
                 + (" — `/prep review`" if reply.reviews_due else ""))
    return lines


@render.register
def _stats(reply: Stats) -> Message:
    lines = stats_lines(reply)
    return message(lines[0], [section("\n".join(lines))])


@render.register
def _topics(reply: TopicList) -> Message:
    lines = ["*Topics* (use the name in `/prep quiz <topic>`):"]
    lines += [f"• `{escape(t.slug)}` {escape(t.title)} — {t.questions}"
              + (f" (also {', '.join(f'`{escape(a)}`' for a in t.aliases)})" if t.aliases else "")
              for t in reply.topics]
    return message("Topics", [section("\n".join(lines))])


@render.register
def _reveal(reply: Reveal) -> Message:
    blocks = [context(f"*{escape(reply.topic_title)}* · {escape(reply.difficulty)} · answers closed"),
              section(escape(reply.prompt)),
              section("*Answer:* " + escape(reply.correct_answer)),
              section("*Why:* " + escape(reply.explanation)),
              context(f"{reply.correct_count}/{reply.answered_count} answered correctly.")]
    if reply.distribution:
        blocks.append(section("\n".join(
            f"{'✓' if option.correct else '•'} {escape(option.label)}: {option.count}"
            for option in reply.distribution)))
    if reply.top:
        blocks.append(section("*Today's top:*\n" + "\n".join(
            f"{row.rank}. {escape(row.name)} — {row.points} pts" for row in reply.top)))
    return message(escape(reply.prompt), blocks)


@render.register
def _sequence(reply: ReplySequence) -> Message:
    shown = [render(part) for part in reply.parts]
    blocks: list[dict[str, Any]] = []
    for part in shown:
        if blocks:
            blocks.append({"type": "divider"})
        blocks += part["blocks"]
    return message(shown[0]["text"], blocks)
