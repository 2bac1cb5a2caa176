"""Plain dataclasses that flow through the core (see docs/internals.md).

``Post`` comes from a platform adapter or the CLI, ``Page`` from the fetcher, ``Article`` from
extraction, ``Finding`` from one guideline rule, ``CheckResult`` from the checker and policy.
Nothing here knows about Discord, Lemmy or SQLite.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

ArticleStatus = Literal["fetched", "snapshot", "unreachable"]
Action = Literal["note", "flag", "comment", "remove"]
DecisionKind = Literal["allow", "flag", "remove"]

#: Rule ids, stable across config, modlog, JSON output and commands (DESIGN.md).
RULE_IDS: tuple[str, ...] = (
    "not-original-source",
    "paywall-no-archive",
    "editorialized-title",
    "ragebait",
    "tabloid-source",
    "blogspam",
    "social-media-source",
    "us-domestic-news",
)

#: Actions a policy may attach to a finding, mildest first.
ACTIONS: tuple[str, ...] = ("note", "flag", "comment", "remove")


@dataclass(frozen=True)
class Post:
    """A submission to check: a title, an optional link and an optional body."""

    id: str
    title: str
    url: str | None = None
    body: str = ""
    platform: str = "cli"
    community: str = ""  # community key in guidelines.toml; "" means the default community
    author_id: str = ""
    author_name: str = ""
    html_path: str | None = None  # a saved page to use instead of fetching (snapshot)
    embed_title: str | None = None  # the headline the platform itself fetched (Lemmy)
    created_at: str | None = None  # ISO 8601, UTC

    def to_json(self) -> dict[str, Any]:
        """Every field, in declaration order (what ``dataclasses.asdict`` gives, built directly:
        the pipeline stores one per action)."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "body": self.body,
            "platform": self.platform,
            "community": self.community,
            "author_id": self.author_id,
            "author_name": self.author_name,
            "html_path": self.html_path,
            "embed_title": self.embed_title,
            "created_at": self.created_at,
        }

    def content_hash(self) -> str:
        """Hash of what a poster can edit; a changed hash means the post must be re-checked."""
        raw = json.dumps([self.title, self.url or "", self.body], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


@dataclass
class Page:
    """What the fetcher got for a URL. ``error`` is set (one line) when nothing usable came back."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int = 0
    content_type: str = ""
    text: str = ""  # decoded body ("" on error)
    encoding: str = ""
    redirects: list[str] = field(default_factory=list)
    truncated: bool = False  # the size cap was reached
    from_cache: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class HeadlineCandidate:
    """One headline the page offers, and where it came from."""

    source: str  # "og:title" | "twitter:title" | "json-ld" | "h1" | "title" | "embed" ...
    text: str


@dataclass
class Article:
    """What extraction learned about the linked page."""

    status: ArticleStatus
    url: str  # as linked in the post
    final_url: str | None = None
    error: str | None = None  # why the article could not be read (status == "unreachable")
    headline: str | None = None
    candidates: list[HeadlineCandidate] = field(default_factory=list)
    site_name: str | None = None
    publisher: str | None = None
    canonical_url: str | None = None
    published: str | None = None
    language: str | None = None
    paywalled: bool = False
    paywall_signals: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)  # first paragraphs of the body text
    text_length: int = 0
    links: list[str] = field(default_factory=list)  # absolute outbound links in the body
    blog_signals: list[str] = field(default_factory=list)  # content-farm / blogspam signs
    rules_skipped: list[str] = field(default_factory=list)  # rules that needed a readable page

    @property
    def readable(self) -> bool:
        return self.status != "unreachable"

    @classmethod
    def unreachable(cls, url: str, error: str) -> Article:
        return cls(status="unreachable", url=url, final_url=None, error=error)

    def to_json(self) -> dict[str, Any]:
        """Every field in declaration order, lists copied (what ``dataclasses.asdict`` gives,
        built directly: it runs for every checked post, and ``asdict`` deep-copies generically).
        """
        return {
            "status": self.status,
            "url": self.url,
            "final_url": self.final_url,
            "error": self.error,
            "headline": self.headline,
            "candidates": [{"source": c.source, "text": c.text} for c in self.candidates],
            "site_name": self.site_name,
            "publisher": self.publisher,
            "canonical_url": self.canonical_url,
            "published": self.published,
            "language": self.language,
            "paywalled": self.paywalled,
            "paywall_signals": list(self.paywall_signals),
            "lead": list(self.lead),
            "text_length": self.text_length,
            "links": list(self.links),
            "blog_signals": list(self.blog_signals),
            "rules_skipped": list(self.rules_skipped),
        }


@dataclass
class Finding:
    """One broken guideline with the evidence a moderator needs to judge it."""

    rule: str
    confidence: float
    message: str  # one sentence for the moderator
    evidence: dict[str, Any] = field(default_factory=dict)
    action: str = "flag"  # set by the policy from the community's config
    # The strongest action this finding can support, whatever the config says: e.g. a title
    # translated from a non-English headline is worth a note in the modlog, never a flag.
    max_action: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "confidence": round(float(self.confidence), 3),
            "action": self.action,
            "message": self.message,
            "evidence": self.evidence,
        }


@dataclass
class CheckResult:
    """The checker's answer for one post: the ``newsmod check`` JSON contract."""

    id: str
    decision: DecisionKind
    article: Article
    findings: list[Finding] = field(default_factory=list)
    community: str = ""
    config_version: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "decision": self.decision,
            "article": self.article.to_json(),
            "findings": [f.to_json() for f in self.findings],
        }
