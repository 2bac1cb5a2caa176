"""SIGTERM (systemd, ``docker stop``) and SIGINT (Ctrl-C) stop ``newsmod run`` the same way.

The first signal sets ``stop``: no new work is taken, the work in flight (checks, clicks,
actions) finishes, and the caller closes the database. If that takes longer than ``grace``
seconds, or a second signal comes, the main task is cancelled (what is unfinished is still in
the durable queue and is done after the restart).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

#: Seconds the work in flight may take after a stop signal (systemd waits 90 s by default).
GRACE_SECONDS = 20.0
SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def graceful_stop(
    stop: asyncio.Event, main: asyncio.Task[object], *, grace: float = GRACE_SECONDS
) -> Iterator[None]:
    """While inside, SIGTERM and SIGINT set ``stop`` (then cancel ``main`` after ``grace``)."""
    loop = asyncio.get_running_loop()
    timers: list[asyncio.TimerHandle] = []

    def cancel(why: str) -> None:
        if not main.done():
            log.warning("%s: stopping without finishing the work in flight", why)
            main.cancel()

    def received(signum: int) -> None:
        name = signal.Signals(signum).name
        if stop.is_set():
            cancel(f"second {name}")
            return
        log.info("%s received: stopping (finishing the work in flight, at most %g s)", name, grace)
        stop.set()
        timers.append(loop.call_later(grace, cancel, f"still busy {grace:g} s after {name}"))

    for signum in SIGNALS:
        loop.add_signal_handler(signum, received, signum)
    try:
        yield
    finally:
        for signum in SIGNALS:
            loop.remove_signal_handler(signum)
        for timer in timers:
            timer.cancel()
