"""Plain dataclasses that flow through the core (see docs/internals.md).

``Post`` comes from a platform adapter or the CLI, ``Page`` from the fetcher, ``Article`` from
extraction, ``Finding`` from one guideline rule, ``CheckResult`` from the checker and policy.
Nothing here knows about Discord, Lemmy or SQLite.
"""

from __future__ import annotations

import hashlib
import json
import operator
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, SupportsIndex

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
    "duplicate-post",
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
    permalink: str | None = None  # the post on its platform (Lemmy post page, Discord message)

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
            "permalink": self.permalink,
        }

    def content_hash(self) -> str:
        """Hash of what a poster can edit; a changed hash means the post must be re-checked."""
        raw = json.dumps([self.title, self.url or "", self.body], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


class Page:
    """What the fetcher got for a URL. ``error`` is set (one line) when nothing usable came back.

    The page's body is either text (``Page(text=...)``: tests, saved pages) or the bytes the
    server sent with the charset its ``Content-Type`` header declared (``Page(body=...,
    charset=...)``: the fetcher). Bytes are decoded on first use of :attr:`text` or
    :attr:`encoding`, by the fetcher's rules (``bot.fetch.decode.decode_html``), and pickled as
    bytes: the bot's process hands a fetched page to a check worker without decoding it or
    encoding it again, and the worker decodes it (a copy of ``text`` decoded in the sender is
    not sent along; decoding gives the same text again).
    """

    __slots__ = (
        "_encoding", "_text", "body", "charset", "content_type", "error", "final_url",
        "from_cache", "redirects", "status", "truncated", "url",
    )  # fmt: skip

    def __init__(
        self,
        url: str,  # as requested
        final_url: str,  # after redirects
        status: int = 0,
        content_type: str = "",
        text: str | None = None,  # the decoded body; None (or omitted) with ``body``
        encoding: str = "",  # the codec ``text`` was decoded with
        redirects: list[str] | None = None,
        truncated: bool = False,  # the size cap was reached
        from_cache: bool = False,
        error: str | None = None,
        *,
        body: bytes | None = None,  # the bytes as received, decoded when ``text`` is first read
        charset: str | None = None,  # the HTTP header's charset for ``body``
    ) -> None:
        if body is not None and (text is not None or encoding):
            raise ValueError("a Page holds either text (with its encoding) or body bytes")
        self.url = url
        self.final_url = final_url
        self.status = status
        self.content_type = content_type
        self.redirects = redirects if redirects is not None else []
        self.truncated = truncated
        self.from_cache = from_cache
        self.error = error
        self.body = body
        self.charset = charset
        self._text = text if body is None else None
        self._encoding = encoding

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def text(self) -> str:
        """The decoded body ("" on error); bytes are decoded the first time it is read."""
        if self._text is None:
            self._decode()
        assert self._text is not None
        return self._text

    @property
    def encoding(self) -> str:
        """The Python codec of :attr:`text` ("" when none was used)."""
        if self._text is None:
            self._decode()
        return self._encoding

    def _decode(self) -> None:
        if self.body is None:
            self._text = ""
            return
        from bot.fetch.decode import decode_html  # here: models stay import-light

        decoded = decode_html(self.body, self.charset)
        self._text, self._encoding = decoded.text, decoded.encoding

    def _fields(self) -> tuple[object, ...]:
        return (
            self.url, self.final_url, self.status, self.content_type, self.text, self.encoding,
            self.redirects, self.truncated, self.from_cache, self.error,
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        """Pages are equal when everything a reader sees is (text, not how it was held)."""
        if not isinstance(other, Page):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaced

    def __repr__(self) -> str:
        held = (
            f"body=<{len(self.body)} bytes>, charset={self.charset!r}"
            if self.body is not None
            else f"text=<{len(self._text or '')} characters>, encoding={self._encoding!r}"
        )
        return (
            f"Page(url={self.url!r}, final_url={self.final_url!r}, status={self.status}, "
            f"content_type={self.content_type!r}, {held}, redirects={self.redirects!r}, "
            f"truncated={self.truncated}, from_cache={self.from_cache}, error={self.error!r})"
        )

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Callable[..., Page], tuple[Any, ...]]:
        """Pickled with its bytes when it has them (never a text decoded from them). From
        protocol 5 the bytes go as a ``PickleBuffer``: out of band where the pickler takes
        buffers (``WorkerPool`` sends them as they are, no copy into the pickle), else in band.
        """
        held = self.body is None
        args = (
            self.url, self.final_url, self.status, self.content_type,
            self._text if held else None, self._encoding if held else "",
            self.redirects, self.truncated, self.from_cache, self.error,
        )  # fmt: skip
        body: object = self.body
        if self.body is not None and operator.index(protocol) >= 5:
            body = pickle.PickleBuffer(self.body)
        return _unpickle_page, (args, body, self.charset)


def _unpickle_page(args: tuple[Any, ...], body: Any, charset: str | None) -> Page:
    if body is not None and not isinstance(body, bytes):
        body = bytes(body)  # an out-of-band buffer handed to the unpickler as another type
    return Page(*args, body=body, charset=charset)


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
