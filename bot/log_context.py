"""Ids (interaction, channel, post) that every log line written inside a block carries.

Kept in the core, in plain stdlib, so that the scheduler and the adapters share one context.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

ID_KEYS = ("interaction", "channel", "post")
_ids: ContextVar[dict[str, str]] = ContextVar("prepbot_log_ids", default={})  # noqa: B039


@contextmanager
def log_ids(**ids: object) -> Iterator[None]:
    """Attach ids (interaction, channel, post) to every record logged inside the block."""
    known = {key: str(value) for key, value in ids.items() if value not in (None, "")}
    token = _ids.set({**_ids.get(), **known})
    try:
        yield
    finally:
        _ids.reset(token)


def current_ids() -> dict[str, str]:
    return _ids.get()
