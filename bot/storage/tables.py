"""The database schema. Idempotency lives here: unique keys make retries and replays harmless."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from bot.storage.types import UtcDateTime

metadata = MetaData()

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community", String(80), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("display_name", String(100), nullable=False, server_default=""),
    Column("streak", Integer, nullable=False, server_default="0"),
    Column("best_streak", Integer, nullable=False, server_default="0"),
    Column("last_active", Date, nullable=True),
    UniqueConstraint("community", "user_id", name="uq_members_community_user"),
)

# A channel's daily question. A post is claimed (row inserted with a lease) before it is sent;
# `message_id` is stored once the platform accepted it, so a row without one is unfinished. Its
# send began at `send_started_at` (its outcome is unknown until `message_id` is stored: look for
# it before sending again); `requested_by` asked for it (post-now); `failure` says why it finally
# could not be posted, and such a row is no longer retried. A skipped day has no question.
posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community", String(80), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("channel_id", String(64), nullable=False),
    Column("question_id", String(80), nullable=False),
    Column("local_date", Date, nullable=True),
    Column("message_id", String(64), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("closes_at", UtcDateTime, nullable=True),
    Column("revealed_at", UtcDateTime, nullable=True),
    Column("lease_owner", String(64), nullable=True),
    Column("lease_until", UtcDateTime, nullable=True),
    Column("reveal_skipped", Boolean, nullable=False, server_default=text("false")),
    Column("send_started_at", UtcDateTime, nullable=True),
    Column("requested_by", String(64), nullable=True),
    Column("failure", Text, nullable=True),
    UniqueConstraint("platform", "channel_id", "local_date", name="uq_posts_channel_day"),
    Index("ix_posts_community_date", "community", "local_date"),
)

attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("community", String(80), nullable=False),
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="SET NULL"), nullable=True),
    Column("question_id", String(80), nullable=False),
    Column("topic", String(40), nullable=False),
    Column("response", Text, nullable=False),
    Column("verdict", String(10), nullable=False),
    Column("points", Integer, nullable=False),
    Column("scored", Boolean, nullable=False),
    Column("answered_at", UtcDateTime, nullable=False),
    UniqueConstraint("post_id", "member_id", name="uq_attempts_post_member"),
    Index("ix_attempts_community_topic_time", "community", "topic", "answered_at"),
    Index("ix_attempts_member_time", "member_id", "answered_at"),
    Index(
        "uq_attempts_scored_once",
        "member_id",
        "question_id",
        unique=True,
        sqlite_where=text("scored"),
        postgresql_where=text("scored"),
    ),
)

# The question a member was asked last and may answer next, for practice or for review.
pending = Table(
    "pending",
    metadata,
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(80), nullable=False),
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="CASCADE"), nullable=True),
    Column("asked_at", UtcDateTime, nullable=False),
    Column("purpose", String(10), nullable=False, server_default="practice"),
)

# Running totals per member and scope ("all", "week:2026-11-16", "month:2026-11", and each of them
# per topic: "all|llm"), so that leaderboards read one index range instead of aggregating attempts.
totals = Table(
    "totals",
    metadata,
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("scope", String(80), primary_key=True),
    Column("community", String(80), nullable=False),
    Column("points", Integer, nullable=False),
    Column("correct", Integer, nullable=False),
    Index("ix_totals_board", "community", "scope", "points"),
)

# Small per-deployment facts adapters keep between runs (e.g. the hash of the last command sync).
platform_state = Table(
    "platform_state",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

# One row per channel with a daily question; `weekdays` holds Monday=0 .. Sunday=6 as digits.
# It remembers who set it and, once the platform refused a post for good, why it is paused.
schedules = Table(
    "schedules",
    metadata,
    Column("platform", String(16), primary_key=True),
    Column("channel_id", String(64), primary_key=True),
    Column("community_id", String(64), nullable=False),
    Column("post_time", String(5), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("topics", String(400), nullable=False, server_default=""),
    Column("difficulty", String(10), nullable=True),
    Column("weekdays", String(7), nullable=False, server_default="0123456"),
    Column("reveal_minutes", Integer, nullable=False, server_default="480"),
    Column("paused", Boolean, nullable=False, server_default=text("false")),
    Column("active_since", UtcDateTime, nullable=False),
    Column("set_by", String(64), nullable=True),
    Column("paused_reason", Text, nullable=True),
)

# The Monday leaderboard post of a channel, claimed like a daily post.
weekly_boards = Table(
    "weekly_boards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("channel_id", String(64), nullable=False),
    Column("week_start", Date, nullable=False),
    Column("message_id", String(64), nullable=True),
    Column("lease_owner", String(64), nullable=True),
    Column("lease_until", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("platform", "channel_id", "week_start", name="uq_weekly_boards_channel_week"),
)

# A member's own judgement beside the automatic grade: "I did cover that" for a rubric point
# (numbered from 1 in rubric order) of one open-question attempt. Points stay as graded.
self_assessments = Table(
    "self_assessments",
    metadata,
    Column("attempt_id", Integer, ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True),
    Column("point_number", Integer, primary_key=True),
    Column("claimed_at", UtcDateTime, nullable=False),
)

# One FSRS card per member and question; `/prep review` reads a member's cards by due time.
review_cards = Table(
    "review_cards",
    metadata,
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("state", Integer, nullable=False),
    Column("step", Integer, nullable=True),
    Column("stability", Float, nullable=True),
    Column("difficulty", Float, nullable=True),
    Column("due", UtcDateTime, nullable=False),
    Column("last_review", UtcDateTime, nullable=True),
    Index("ix_review_cards_member_due", "member_id", "due"),
)

# Every rating a card was given (rating NULL: the question was skipped) and where it came from.
review_logs = Table(
    "review_logs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("question_id", String(80), nullable=False),
    Column("rating", Integer, nullable=True),
    Column("source", String(10), nullable=False),
    Column("reviewed_at", UtcDateTime, nullable=False),
    Column("duration_ms", Integer, nullable=True),
    Index("ix_review_logs_member_time", "member_id", "reviewed_at"),
)

# One daily question per community and local day: channels of a community that post on the same
# day claim distinct questions (the claim is inserted in the post's own transaction).
daily_questions = Table(
    "daily_questions",
    metadata,
    Column("community", String(80), primary_key=True),
    Column("local_date", Date, primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
)

# Private notes for a member (an admin), shown with the reply to their next command.
admin_notes = Table(
    "admin_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("community_id", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_admin_notes_member", "platform", "community_id", "user_id"),
)

# Timed mock interviews. A member has at most one running session (partial
# unique index); its planned questions are its items, served and answered in `position` order.
mock_sessions = Table(
    "mock_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("round", String(20), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("deadline", UtcDateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("score", Float, nullable=True),
    Index("ix_mock_sessions_member_round", "member_id", "round", "started_at"),
    Index(
        "uq_mock_sessions_running",
        "member_id",
        unique=True,
        sqlite_where=text("status = 'running'"),
        postgresql_where=text("status = 'running'"),
    ),
)

mock_items = Table(
    "mock_items",
    metadata,
    Column("session_id", Integer, ForeignKey("mock_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("question_id", String(80), nullable=False),
    Column("served_at", UtcDateTime, nullable=True),
    Column("answered_at", UtcDateTime, nullable=True),
    Column("verdict", String(10), nullable=True),
    Column("made", Text, nullable=False, server_default=""),
    Column("missed", Text, nullable=False, server_default=""),
)

exports = Table(
    "exports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("exported_at", UtcDateTime, nullable=False),
    Column("questions", Integer, nullable=False),
    Column("wrong", Integer, nullable=False),
    Column("due", Integer, nullable=False),
    Index("ix_exports_member", "member_id", "exported_at"),
)

# Per-community settings (migration 0009): NULL means "the deployment's default". `removed_at` is
# when the platform said the bot left the community; its data goes after the retention period.
community_settings = Table(
    "community_settings",
    metadata,
    Column("community", String(80), primary_key=True),
    Column("timezone", String(64), nullable=True),
    Column("topics", String(400), nullable=True),
    Column("difficulty", String(10), nullable=True),
    Column("reveal_minutes", Integer, nullable=True),
    Column("admin_role", String(64), nullable=True),
    Column("admin_role_name", String(100), nullable=True),
    Column("public_boards", Boolean, nullable=True),
    Column("weekly_board", Boolean, nullable=True),
    Column("removed_at", UtcDateTime, nullable=True),
)

# A member's own choice to appear on public boards or not (no row: the community's default).
member_privacy = Table(
    "member_privacy",
    metadata,
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("on_boards", Boolean, nullable=False),
)
