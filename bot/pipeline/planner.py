"""From a check result to the actions the bot takes: pure, no I/O.

- ``note`` findings are only logged;
- ``flag`` findings go to the moderators' queue (``notify_mods``);
- ``comment`` findings get a public comment; the post is then removed if the policy decided so;
- ``comment`` and ``remove`` happen only in live mode: dry-run never acts on the post itself, the
  moderators' notification says instead what would have happened ("would comment: <the text>",
  "would remove").
Moderators are notified of every flagged or removed post, with the evidence.
Findings that were open on an earlier version and no longer hold are ``resolve``d: one action for
the post, which the platform shows too (the mod-queue message, the bot's report).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.guidelines import Community
from bot.models import CheckResult, Finding, Post

#: Planned action kinds, in the order they are applied; the modlog action each one writes.
KINDS: dict[str, str] = {
    "resolve": "resolve",
    "note": "note",
    "comment": "comment",
    "remove": "remove",
    "notify": "flag",
}
WHOLE_POST = "*"  # the rule part of the key for actions about the whole post


@dataclass(frozen=True)
class PlannedAction:
    kind: str  # a key of KINDS
    rule: str  # a rule id, or WHOLE_POST
    rules: tuple[str, ...]  # the rules this action is about (for the modlog)
    text: str  # comment text, removal reason, note or resolution
    dry_run: bool = False
    still_open: tuple[str, ...] = ()  # resolve: the rules the moderators still have to decide

    @property
    def modlog_action(self) -> str:
        return KINDS[self.kind]

    def key(self, post: Post) -> str:
        return action_key(post.platform, post.id, self.rule, self.kind, post.content_hash())


def action_key(platform: str, post_id: str, rule: str, kind: str, content_hash: str) -> str:
    return f"{platform}:{post_id}:{rule}:{kind}:{content_hash}"


def comment_text(finding: Finding, community: Community) -> str:
    """The public reply: which guideline, why, and archive links when the community opted in."""
    rule = community.rules.get(finding.rule)
    head = f"Rule {rule.guideline}" if rule and rule.guideline else "A rule"
    guideline = (rule.text or rule.name) if rule else finding.rule
    text = f"{head} of {community.name or community.key}: {guideline} {finding.message}"
    links = finding.evidence.get("suggested_archive_links") or []
    if community.suggest_archive_links and links:
        text += " Archive copies: " + " ".join(str(link) for link in links)
    return text.strip()


def suggested_action(
    decision: str, rules: tuple[str, ...], *, live: bool, would_comment: tuple[str, ...] = ()
) -> str:
    """What moderators are told; ``would_comment`` are the comments dry-run did not post."""
    named = ", ".join(rules)
    if decision == "remove":
        if live:
            return f"removed ({named}); restore if wrong"
        text = f"would remove ({named}); dry-run, flagged instead"
    else:
        text = f"review ({named})"
    return "; ".join([text, *(f"would comment: {comment}" for comment in would_comment)])


def plan(
    result: CheckResult,
    post: Post,
    community: Community,
    *,
    mode: str,
    open_rules: frozenset[str] = frozenset(),
    quiet_rules: frozenset[str] = frozenset(),
) -> list[PlannedAction]:
    """The actions for ``result``; ``open_rules`` were open on an earlier version of the post,
    ``quiet_rules`` were already dismissed or confirmed by a moderator (not raised again)."""
    live = mode == "live"
    found = {f.rule for f in result.findings}
    findings = [f for f in result.findings if f.rule not in quiet_rules]
    actions = []
    fixed = tuple(sorted(open_rules - found))
    if fixed:
        still_open = tuple(f.rule for f in findings if f.action in ("flag", "comment", "remove"))
        text = "no longer holds after the post was edited"
        actions.append(PlannedAction("resolve", WHOLE_POST, fixed, text, still_open=still_open))
    actions += [
        PlannedAction("note", f.rule, (f.rule,), f.message) for f in findings if f.action == "note"
    ]
    comments = [(f.rule, comment_text(f, community)) for f in findings if f.action == "comment"]
    if live:  # dry-run never posts: the notification below says what would have been posted
        actions += [PlannedAction("comment", rule, (rule,), text) for rule, text in comments]
    removing = tuple(f.rule for f in findings if f.action == "remove")
    if result.decision == "remove" and removing and live:
        reason = "; ".join(f"{f.rule}: {f.message}" for f in findings if f.action == "remove")
        actions.append(PlannedAction("remove", removing[0], removing, reason))
    raised = tuple(f.rule for f in findings if f.action in ("flag", "comment", "remove"))
    if raised and result.decision in ("flag", "remove"):
        decision = "remove" if removing else "flag"
        unposted = () if live else tuple(text for _, text in comments)
        text = suggested_action(decision, raised, live=live, would_comment=unposted)
        actions.append(
            PlannedAction("notify", WHOLE_POST, raised, text, dry_run=bool(removing) and not live)
        )
    return actions
