"""What newsmod writes on Lemmy: report reasons, mod comments, removal reasons, action markers.

Every report and comment carries a short marker derived from the pipeline's action key, so after
a crash the adapter can find what it already wrote instead of writing it twice.
"""

from __future__ import annotations

import hashlib
import re

from bot.guidelines import Community
from bot.models import RULE_IDS, Finding

#: Lemmy's limit on report reasons (``report_too_long`` beyond it) and our cap on mod reasons.
REPORT_MAX = 1000
REASON_MAX = 1000


def marker_for(key: str) -> str:
    """``newsmod:<12 hex>``: short, stable for one action key, unlikely in human text."""
    return "newsmod:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def rule_of_key(key: str) -> str | None:
    """The rule id in an action key ``platform:post_id:rule:kind:hash[:...]``, if it has one."""
    parts = key.split(":")
    return parts[2] if len(parts) > 2 and parts[2] in RULE_IDS else None


def rule_label(rule_id: str, community: Community) -> str:
    """``Rule 3 (Do not editorialize titles)`` from the community's config."""
    rule = community.rules.get(rule_id)
    if rule is None:
        return rule_id
    name = rule.name or rule.id
    return f"Rule {rule.guideline} ({name})" if rule.guideline else f"{name}"


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def removal_reason(reason: str, key: str, community: Community) -> str:
    """``Rule N (<name>): <why>`` for each ``rule-id: why`` part of ``reason`` (the planner's
    format), or for the key's rule when a moderator wrote the reason in their own words."""
    parts = [p.strip() for p in reason.split("; ") if p.strip()] or [""]
    key_rule = rule_of_key(key)
    out = []
    for part in parts:
        rule_id, sep, why = part.partition(": ")
        if sep and rule_id in RULE_IDS:
            out.append(f"{rule_label(rule_id, community)}: {why}")
        elif key_rule and not part.startswith("Rule "):
            out.append(f"{rule_label(key_rule, community)}: {part}".rstrip(": "))
        else:
            out.append(part)
    return clip("; ".join(out), REASON_MAX)


def _evidence_line(finding: Finding) -> str:
    bits = []
    for name, value in finding.evidence.items():
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            bits.append(f"{name}={value}")
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            bits.append(f"{name}={', '.join(value[:3])}")
    return "; ".join(bits)


def report_reason(
    findings: tuple[Finding, ...], suggested: str, community: Community, marker: str
) -> str:
    """One report (≤ 1000 chars): each rule, message and evidence, the suggestion, the marker."""
    tail = f" [{marker}]"
    lines = []
    for f in findings:
        line = f"{rule_label(f.rule, community)}: {f.message}"
        evidence = _evidence_line(f)
        if evidence:
            line += f" ({evidence})"
        lines.append(line)
    body = " | ".join(lines) or "newsmod flagged this post"
    if suggested:
        body += f" | newsmod suggests: {suggested}"
    return clip(body, REPORT_MAX - len(tail)) + tail


#: CommonMark punctuation that can start markup, plus ``@`` (Lemmy mentions) and ``&`` (entities).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~^@&])")
_LINE_MARKER = re.compile(r"(?m)^(\s*)([-=]|\d+[.)])")
_URL = re.compile(r"https?://[^\s<>\"'`\\]+")
_URL_TRAILING = ".,;:!?)]}'\""


def _escape_plain(text: str) -> str:
    return _LINE_MARKER.sub(r"\1\\\2", _MD_SPECIAL.sub(r"\\\1", text))


def escape_markdown(text: str) -> str:
    """Text from posters and article pages, made inert for Lemmy's Markdown.

    Markup characters are backslash-escaped, so a title like ``[x](http://evil)`` or
    ``![](http://tracker)`` renders as typed, and ``@user@instance`` mentions notify nobody
    (Lemmy finds mentions in the raw text: the escaped ``\\@`` does not match). URLs stay
    clickable as ``<autolinks>``, with any ``@`` in them percent-encoded for the same reason.
    """
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_URL_TRAILING)
        out.append(_escape_plain(text[pos : match.start()]))
        out.append("<" + url.replace("@", "%40") + ">")
        pos = match.start() + len(url)
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def comment_body(text: str, marker: str) -> str:
    """The public mod comment: the explanation (escaped), then a footer with the marker."""
    body = escape_markdown(" ".join(text.split()))
    return f"{body}\n\n---\n*newsmod, this community's moderation bot · ref {marker}*"
