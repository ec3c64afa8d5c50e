"""Renders the neutral replies as Discord embeds, with answer buttons for question cards."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import singledispatch

import discord

from adapters.discord.components import ChoiceButton, OpenAnswerButton
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

BLUE, GREEN, RED, AMBER = 0x5865F2, 0x57F287, 0xED4245, 0xFEE75C
TONE_COLOURS = {Tone.INFO: BLUE, Tone.SUCCESS: GREEN, Tone.ERROR: RED}
VERDICTS = {Verdict.CORRECT: ("Correct!", GREEN), Verdict.PARTIAL: ("Partly right.", AMBER),
            Verdict.WRONG: ("Not quite.", RED)}
POINT_MARKS = {PointStatus.MADE: "✅", PointStatus.MISSED: "❌", PointStatus.CONTRADICTED: "⚠️"}
FIELD_LIMIT = 1024
PERIOD_TITLES = {"week": "This week", "month": "This month", "all": "All time"}
LETTERS = "ABCDE"
_MENTION_SYNTAX = re.compile(r"<(?=[@#/:&!])")
_BARE_MENTION = re.compile(r"@(?=everyone|here|[!&]?\d)")


def no_mentions(text: str) -> str:
    """Break every mention syntax (`@everyone`, `<@&1>`, `<#1>`, `</cmd:1>`) with a zero-width space."""
    return _BARE_MENTION.sub("@\u200b", _MENTION_SYNTAX.sub("<\u200b", text))


def plain(text: str) -> str:
    """User text shown as typed: no markdown, no mentions, no masked links."""
    escaped = discord.utils.escape_markdown(text).replace("](", "]\u200b(")
    return no_mentions(escaped)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


EMBEDS_PER_MESSAGE, CHARACTERS_PER_MESSAGE = 10, 6000


@dataclass(frozen=True)
class Rendered:
    """One message: its embeds and buttons, and any messages that follow it."""

    embed: discord.Embed
    view: discord.ui.View | None = None
    more_embeds: tuple[discord.Embed, ...] = ()
    followups: tuple[Rendered, ...] = ()

    @property
    def embeds(self) -> list[discord.Embed]:
        return [self.embed, *self.more_embeds]

    def takes(self, embed: discord.Embed) -> bool:
        """Whether `embed` still fits below this message's (buttons stay under the last one)."""
        return (self.view is None and len(self.embeds) < EMBEDS_PER_MESSAGE
                and sum(map(len, self.embeds)) + len(embed) <= CHARACTERS_PER_MESSAGE)


def embed(title: str, description: str = "", colour: int = BLUE) -> discord.Embed:
    return discord.Embed(title=cut(no_mentions(title), 256),
                         description=cut(no_mentions(description), 4096), colour=colour)


def field(target: discord.Embed, name: str, value: str, inline: bool = False) -> None:
    target.add_field(name=cut(no_mentions(name), 256), value=cut(no_mentions(value) or "—", 1024),
                     inline=inline)


@singledispatch
def render(reply: Reply) -> Rendered:
    raise TypeError(f"no Discord rendering for {type(reply).__name__}")


@render.register
def _notice(reply: Notice) -> Rendered:
    return Rendered(embed("", reply.text, TONE_COLOURS[reply.tone]))


@render.register
def _help(reply: Help) -> Rendered:
    result = embed("prepbot", reply.intro)
    lines = [f"`{c.usage}` — {c.summary}" + (" *(Manage Server)*" if c.admin_only else "")
             for c in reply.commands]
    field(result, "Commands", "\n".join(lines))
    return Rendered(result)


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
    result = embed(heading, reply.prompt)
    if reply.options:
        field(result, "Options", "\n".join(f"**{letter}.** {option}" for letter, option
                                           in zip(LETTERS, reply.options, strict=False)))
    footer = f"{reply.topic_title} · {reply.difficulty} · {reply.kind}"
    if reply.answered_count is not None:
        footer += f" · {reply.answered_count} answered so far"
    result.set_footer(text=no_mentions(footer))
    return Rendered(result, answer_view(reply))


@render.register
def _feedback(reply: AnswerFeedback) -> Rendered:
    verdict, colour = VERDICTS[reply.verdict]
    if reply.repeat:
        score = "No points: you had already attempted this question (practice only)."
    else:
        score = f"+{reply.points} points · total {reply.total_points} · streak {reply.streak}"
        if reply.daily_streak is not None:
            score += f" · daily streak {reply.daily_streak}"
    result = embed(verdict, score, colour)
    if reply.your_answer:
        field(result, "Your answer", plain(cut(reply.your_answer, 900)))
    if reply.rubric_graded:
        field(result, "Key points", key_points(reply))
        if reply.notes:
            field(result, "Note", "\n".join(reply.notes))
        field(result, "Model answer", reply.model_answer)
    else:
        field(result, "Answer", reply.correct_answer)
    field(result, "Why", reply.explanation)
    if reply.review is not None:
        made = [f"✅ {p.point}: “{plain(p.quote)}”" for p in reply.review.opinions if p.made]
        field(result, "Reviewer's notes", "\n".join([*made, plain(reply.review.feedback)]).strip()
              or "No key point made.")
    return Rendered(result)


def key_points(reply: AnswerFeedback) -> str:
    """One line per rubric point, quotes shortened so the whole list fits one embed field."""
    evidence = reply.point_evidence
    heads = [f"{POINT_MARKS[e.status]} {plain(e.point)}" for e in evidence]
    quoted = sum(1 for e in evidence if e.quote)
    room = (FIELD_LIMIT - sum(len(head) + 1 for head in heads)) // max(1, quoted) - 8
    budget = max(0, min(150, room))
    lines = []
    for head, point in zip(heads, evidence, strict=True):
        said = "you said" if point.status == PointStatus.CONTRADICTED else ""
        quote = plain(short_quote(point.quote, budget)) if point.quote and budget >= 20 else ""
        lines.append(f"{head}\n> {said + ': ' if said else ''}“{quote}”" if quote else head)
    return "\n".join(lines)


def _rows(rows: tuple[LeaderboardRow, ...]) -> str:
    return "\n".join(f"`{row.rank:>2}.` {'**' if row.is_caller else ''}{plain(row.name)}"
                     f"{'**' if row.is_caller else ''} — {row.points} pts" for row in rows)


@render.register
def _leaderboard(reply: Leaderboard) -> Rendered:
    title = f"Leaderboard — {PERIOD_TITLES.get(reply.period, reply.period)}"
    if reply.topic_title:
        title += f" — {reply.topic_title}"
    result = embed(title, _rows(reply.rows) or "Nobody has scored yet. Be the first: `/prep quiz`")
    if reply.caller is None:
        field(result, "You", "You have no points in this period yet.")
    elif not any(row.is_caller for row in reply.rows):
        field(result, "You", _rows((reply.caller,)))
    return Rendered(result)


@render.register
def _stats(reply: Stats) -> Rendered:
    summary = (f"**{reply.points}** points · {reply.correct}/{reply.answered} correct "
               f"({reply.accuracy:.0%}) · streak {reply.streak} (best {reply.best_streak})")
    if reply.daily_streak is not None:
        summary += f"\nDaily streak: {reply.daily_streak}"
    result = embed("Stats", f"{plain(reply.name)}\n{summary}")
    lines = [f"{t.topic_title}: {t.correct}/{t.answered} ({t.accuracy:.0%})" for t in reply.by_topic]
    field(result, "By topic", "\n".join(lines) or "No answers yet. Try `/prep quiz`")
    if reply.weak_spots:
        field(result, "Weakest topics (chance of a right answer, 80% range)", "\n".join(
            f"{w.label}: about {w.mean:.0%} ({w.low:.0%}–{w.high:.0%})"
            + (" · *unsure: few answers*" if w.unsure else "") for w in reply.weak_spots)
            + "\nPractise the weakest with `/prep quiz weak`")
    field(result, "Reviews due", f"{reply.reviews_due}"
          + (" · `/prep review`" if reply.reviews_due else ""))
    return Rendered(result)


def _aliases(aliases: tuple[str, ...]) -> str:
    return " · also " + ", ".join(f"`{alias}`" for alias in aliases) if aliases else ""


@render.register
def _topics(reply: TopicList) -> Rendered:
    lines = [f"`{t.slug}` — {t.title} ({t.questions})" + _aliases(t.aliases) for t in reply.topics]
    return Rendered(embed("Topics", "\n".join(lines) or "No questions loaded."))


@render.register
def _reveal(reply: Reveal) -> Rendered:
    result = embed("Today's question — answer", reply.prompt, GREEN)
    field(result, "Answer", reply.correct_answer)
    field(result, "Why", reply.explanation)
    if reply.distribution:
        field(result, "How the channel answered", "\n".join(
            f"{'✅' if o.correct else '▫️'} {o.label}: {o.count}" for o in reply.distribution))
    field(result, "Answered", f"{reply.correct_count}/{reply.answered_count} correct")
    if reply.top:
        field(result, "Top today", _rows(reply.top))
    result.set_footer(text=no_mentions(f"{reply.topic_title} · {reply.difficulty}"))
    return Rendered(result)


@render.register
def _sequence(reply: ReplySequence) -> Rendered:
    messages: list[Rendered] = []
    for part in reply.parts:
        shown = render(part)
        if messages and messages[-1].takes(shown.embed):
            last = messages[-1]
            messages[-1] = replace(last, view=shown.view, more_embeds=(*last.more_embeds, shown.embed))
        else:
            messages.append(shown)
    first, *rest = messages
    return replace(first, followups=tuple(rest))
