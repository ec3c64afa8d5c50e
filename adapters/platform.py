"""What `prepbot run` needs from each chat platform adapter."""

from __future__ import annotations

from typing import Protocol

from bot.ports import Publisher


class PlatformAdapter(Protocol):
    platform: str

    @property
    def publisher(self) -> Publisher:
        """Posts and edits this platform's daily questions."""
        ...

    @property
    def connected(self) -> bool:
        """Connected to the platform and serving (read by the health heartbeat)."""
        ...

    async def start(self) -> None:
        """Connect and serve until `close` is called or the connection fails for good."""
        ...

    async def close(self) -> None:
        """Stop taking new commands, finish what is in flight, close connections."""
        ...
