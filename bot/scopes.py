"""Leaderboard scopes: which points a board counts."""

from __future__ import annotations

from datetime import datetime, timedelta


def period_scope(period: str, local_now: datetime) -> str:
    day = local_now.date()
    if period == "week":
        return f"week:{(day - timedelta(days=day.weekday())).isoformat()}"
    if period == "month":
        return f"month:{day:%Y-%m}"
    return "all"
