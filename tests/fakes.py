"""Small stand-ins shared by several test packages."""

from __future__ import annotations

from typing import Any


class NullFetcher:
    """For pipelines whose checker never fetches: a fetch is a test bug."""

    async def fetch(self, url: str) -> Any:
        raise AssertionError("this test's checker never fetches")
