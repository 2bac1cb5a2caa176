"""The platforms' beats for ``newsmod status``: Lemmy after each poll round, per community."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from bot.store.heartbeat import Heartbeat

Beat = Callable[[str | None], Awaitable[None]]


def lemmy_beat(heartbeat: Heartbeat, communities: Iterable[str]) -> Beat:
    """What the Lemmy watcher calls after each poll round (None: it went through)."""
    keys = sorted(set(communities))

    async def beat(error: str | None) -> None:
        for key in keys:
            if error is None:
                await heartbeat.ok("lemmy", key, "polled")
            else:
                await heartbeat.failed("lemmy", key, error)

    return beat
