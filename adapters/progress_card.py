"""The progress card: a PNG of a member's stats, drawn with matplotlib off the event loop.

matplotlib is imported on first use, so start-up and `prepbot health` do not pay for it.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import timedelta
from typing import Any

from bot.replies import Stats

log = logging.getLogger("prepbot.images")
FILENAME = "progress.png"
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot

    return matplotlib.pyplot


def card_title(stats: Stats) -> str:
    return (
        f"{stats.name}: {stats.correct}/{stats.answered} correct · streak {stats.streak} "
        f"(best {stats.best_streak}) · {stats.reviews_due} reviews due"
    )


def draw_card(stats: Stats) -> bytes:
    """The card as PNG bytes: accuracy by topic beside a heatmap of answers per day."""
    plt = _pyplot()
    figure, (topics, days) = plt.subplots(
        1,
        2,
        figsize=(10, 4),
        dpi=100,
        gridspec_kw={
            "width_ratios": [3, 2],
            "left": 0.24,
            "right": 0.98,
            "wspace": 0.18,
            "bottom": 0.14,
            "top": 0.88,
        },
    )
    try:
        figure.suptitle(card_title(stats), fontsize=11)
        shown = stats.by_topic[-12:]
        if shown:
            labels = [t.topic_title[:28] for t in shown]
            topics.barh(labels, [t.accuracy * 100 for t in shown], color="#4a7bd0")
            for row, topic in enumerate(shown):
                topics.text(
                    1, row, f"{topic.correct}/{topic.answered}", va="center", fontsize=7, color="white"
                )
        else:
            topics.text(0.5, 0.5, "No answers yet", ha="center", transform=topics.transAxes)
        topics.invert_yaxis()
        topics.set_xlim(0, 100)
        topics.set_xlabel("accuracy by topic (%)")
        topics.tick_params(labelsize=8)
        _heatmap(days, stats)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)


def _heatmap(axes: Any, stats: Stats) -> None:
    counts = list(stats.answers_per_day)
    weeks = max(1, (len(counts) + 6) // 7)
    grid = [[0.0] * weeks for _ in range(7)]
    if stats.last_day is not None and counts:
        first = stats.last_day - timedelta(days=len(counts) - 1)
        offset = first.weekday()
        weeks = (len(counts) + offset + 6) // 7
        grid = [[0.0] * weeks for _ in range(7)]
        for index, count in enumerate(counts):
            slot = index + offset
            grid[slot % 7][slot // 7] = float(count)
    axes.imshow(grid, cmap="Greens", aspect="auto", vmin=0, vmax=max(1.0, *map(max, grid)))
    axes.set_yticks(range(7), _WEEKDAYS, fontsize=7)
    axes.set_xticks([])
    axes.set_xlabel(f"answers per day, last {len(counts) // 7 or 8} weeks ({sum(counts)} in all)")


async def progress_png(stats: Stats, enabled: bool = True) -> bytes | None:
    """The card, drawn in a worker thread; None when images are off or drawing failed."""
    if not enabled or stats.answered == 0:
        return None
    try:
        return await asyncio.to_thread(draw_card, stats)
    except Exception as error:  # a missing font or a matplotlib crash must not cost the text stats
        log.warning("progress card not drawn for %s: %s: %s", stats.name[:40], type(error).__name__, error)
        return None
