"""The fake Discord server's clock, interactions and scripted slowness.

Time at the fake server is a :class:`FakeClock` that only moves when a test (or a scripted slow
answer) moves it, so the 3-second and 15-minute interaction deadlines are checked without any
real waiting (``developers/interactions/receiving-and-responding``: "you must send an initial
response within 3 seconds of receiving the event"; "Interaction tokens are valid for 15
minutes").
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

#: Seconds an app has for its initial response to an interaction.
INITIAL_RESPONSE_DEADLINE = 3.0
#: Seconds an interaction token stays valid (edits of the answer, follow-ups).
TOKEN_LIFETIME = 15 * 60.0


class FakeClock:
    """Seconds since the server started, as far as the server knows."""

    def __init__(self) -> None:
        self.now = 0.0

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class FakeInteraction:
    id: str
    token: str
    kind: int  # 2 command, 3 component, 5 modal submit
    created: float
    message_id: int | None  # the message whose component was used, if any
    answer: int | None = None  # the callback type of the initial response
    response_id: int | None = None  # the message the answer created (types 4 and 5)

    def expired(self, now: float) -> bool:
        return now - self.created > TOKEN_LIFETIME

    def too_late(self, now: float) -> bool:
        return now - self.created > INITIAL_RESPONSE_DEADLINE


@dataclass
class Script:
    """A scripted behaviour for the requests matching ``method`` and ``pattern``."""

    method: str
    pattern: re.Pattern[str]

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and self.pattern.match(path) is not None


@dataclass
class Slow(Script):
    """Each of the next ``times`` matching requests takes ``seconds`` on the fake clock."""

    seconds: float = 0.0
    times: int = 1


@dataclass
class Hold(Script):
    """The next matching request waits (after being recorded and applied) until ``release``;
    ``arrived`` is set when it is there."""

    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)
    used: bool = False

    def release(self) -> None:
        self.released.set()
