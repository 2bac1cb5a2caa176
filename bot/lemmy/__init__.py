"""Lemmy API clients (v3 for Lemmy 0.19, v4 for Lemmy 1.0) over aiohttp, behind one interface."""

from bot.lemmy.base import Backoff, LemmyCredentials, LemmyError
from bot.lemmy.detect import detect_version, open_client
from bot.lemmy.types import (
    LemmyApi,
    LemmyComment,
    LemmyCommunity,
    LemmyMe,
    LemmyModAction,
    LemmyPerson,
    LemmyPost,
)
from bot.lemmy.v3 import LemmyV3Client
from bot.lemmy.v4 import LemmyV4Client

__all__ = [
    "Backoff",
    "LemmyApi",
    "LemmyComment",
    "LemmyCommunity",
    "LemmyCredentials",
    "LemmyError",
    "LemmyMe",
    "LemmyModAction",
    "LemmyPerson",
    "LemmyPost",
    "LemmyV3Client",
    "LemmyV4Client",
    "detect_version",
    "open_client",
]
