"""What the public page may show, and the optional moderator token."""

from __future__ import annotations

from dataclasses import dataclass

#: The stats page covers at most this many days (the queries stay bounded on a large log).
MAX_STATS_DAYS = 90
DEFAULT_STATS_DAYS = 30


@dataclass(frozen=True)
class WebSettings:
    """``show_mod_names``: name moderators on the public page (else "a moderator").
    ``public_evidence``: show findings' evidence and entries' evidence publicly.
    ``mod_token``: when set, a request carrying it (``Authorization: Bearer``, or the session
    cookie a browser gets by opening any page once with ``?token=``; see ``bot.web.auth``) gets
    the moderator view: names, evidence, notes and the moderator filter.
    """

    show_mod_names: bool = False
    public_evidence: bool = False
    mod_token: str | None = None
    page_size: int = 50
    stats_days: int = DEFAULT_STATS_DAYS

    def __post_init__(self) -> None:
        if self.mod_token is not None and len(self.mod_token) < 16:
            raise ValueError("the moderator token must be at least 16 characters")
        if not 1 <= self.stats_days <= MAX_STATS_DAYS:
            raise ValueError(f"stats_days must be between 1 and {MAX_STATS_DAYS}")


@dataclass(frozen=True)
class Viewer:
    """Who is looking: what this request may see."""

    moderator: bool
    show_mod_names: bool
    show_evidence: bool

    @classmethod
    def for_request(cls, settings: WebSettings, *, moderator: bool) -> Viewer:
        return cls(
            moderator=moderator,
            show_mod_names=moderator or settings.show_mod_names,
            show_evidence=moderator or settings.public_evidence,
        )
