"""newsmod: a moderation bot for news communities (platform-neutral core)."""

__version__ = "0.1.0"
