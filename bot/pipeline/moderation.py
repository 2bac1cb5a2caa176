"""Moderators' decisions on a case, through the core (slash commands, buttons, CLI, web).

Each decision is applied through the post's platform adapter when it changes the post (remove,
restore, lock), then logged in the modlog with the moderator as actor. ``confirm`` and
``dismiss`` (and ``approve``, which dismisses every open finding) are stored as labels per
rule: the data behind ``newsmod stats``. Unknown cases and rules are one-line InputErrors.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from sqlite_utils.db import Database

from bot.errors import InputError, NewsmodError
from bot.models import RULE_IDS, Post
from bot.pipeline.actions import ActionLog, PendingAction, new_owner
from bot.pipeline.adapter import PlatformAdapter
from bot.pipeline.findings import FindingStore
from bot.pipeline.finish import finish_action
from bot.pipeline.planner import WHOLE_POST, action_key
from bot.pipeline.ports import Writer
from bot.pipeline.queue import PostQueue, post_from_row
from bot.pipeline.safewriter import SafeWriter
from bot.store.db import write_transaction
from bot.store.entries import Actor, Entry
from bot.store.modlog import Modlog

log = logging.getLogger(__name__)

#: The decisions ``newsmod decide`` offers, and whether each one needs ``--rule``.
DECISIONS: dict[str, bool] = {
    "approve": False,
    "confirm": True,
    "dismiss": True,
    "remove": True,
    "restore": False,
    "lock": False,
    "note": False,
}


@dataclass(frozen=True)
class CaseRef:
    community: str
    number: int
    post: Post
    entries: int  # modlog entries on the case so far (makes moderator action keys unique)


def check_rule(rule: str) -> str:
    if rule not in RULE_IDS:
        raise InputError(f"unknown rule {rule!r} (known: {', '.join(RULE_IDS)})")
    return rule


class Moderation:
    def __init__(
        self,
        db: Database,
        writer: Writer,
        modlog: Modlog,
        adapters: Mapping[str, PlatformAdapter],
        *,
        owner: str | None = None,
    ) -> None:
        self.db = db
        #: Whose claim a decision being applied is (shared with the pipeline beside it).
        self.owner = owner or new_owner()
        self.writer = SafeWriter(writer, db)
        self.modlog = modlog
        self.adapters = dict(adapters)
        self.findings = FindingStore(db)
        self.queue = PostQueue(db)
        self.actions = ActionLog(db)

    # -- decisions -----------------------------------------------------------------------------

    async def approve(
        self, case: int, actor: Actor, *, community: str | None = None, reason: str = ""
    ) -> Entry:
        """The post is fine: every open finding on the case is dismissed."""
        ref = await self._case(case, community)
        return await self.writer.run(self._approve, ref, actor, reason)

    async def dismiss(
        self, case: int, rule: str, actor: Actor, *, community: str | None = None, reason: str = ""
    ) -> Entry:
        ref = await self._case(case, community)
        return await self.writer.run(self._label, ref, check_rule(rule), "dismissed", actor, reason)

    async def confirm(
        self, case: int, rule: str, actor: Actor, *, community: str | None = None, reason: str = ""
    ) -> Entry:
        ref = await self._case(case, community)
        return await self.writer.run(self._label, ref, check_rule(rule), "confirmed", actor, reason)

    async def remove(
        self, case: int, rule: str, reason: str, actor: Actor, *, community: str | None = None
    ) -> Entry:
        """Remove the post for breaking ``rule``; a reason is required (it is shown and logged)."""
        check_rule(rule)
        if not reason.strip():
            raise InputError("a removal needs a reason (--reason)")
        ref = await self._case(case, community)
        return await self._on_platform(ref, "remove", rule, reason, actor)

    async def restore(
        self, case: int, actor: Actor, *, community: str | None = None, reason: str = ""
    ) -> Entry:
        ref = await self._case(case, community)
        return await self._on_platform(ref, "restore", WHOLE_POST, reason, actor)

    async def lock(
        self, case: int, actor: Actor, *, community: str | None = None, reason: str = ""
    ) -> Entry:
        ref = await self._case(case, community)
        return await self._on_platform(ref, "lock", WHOLE_POST, reason, actor)

    async def note(
        self, case: int, text: str, actor: Actor, *, community: str | None = None
    ) -> Entry:
        if not text.strip():
            raise InputError("a note needs text (--reason)")
        ref = await self._case(case, community)
        return await self.writer.run(self._append_in_txn, ref, "note", actor, text)

    # -- helpers -------------------------------------------------------------------------------

    async def _case(self, number: int, community: str | None) -> CaseRef:
        return await self.writer.run(self._find_case, number, community)

    def _find_case(self, number: int, community: str | None) -> CaseRef:
        if community is None:
            found = self.modlog.case_communities(number)
            if not found:
                raise InputError(f"unknown case {number}")
            if len(found) > 1:
                raise InputError(
                    f"case {number} exists in several communities ({', '.join(found)}): "
                    "say which (--community)"
                )
            community = found[0]
        case = self.modlog.get_case(community, number)
        if case is None:
            raise InputError(f"unknown case {number} in community {community!r}")
        row = self.queue.by_case(community, number)
        if row is not None:
            post = post_from_row(row)
        else:  # a case the pipeline did not open (e.g. imported from a platform's modlog)
            ref = case.post
            post = Post(ref.id, ref.title, ref.url or None, platform=ref.platform,
                        community=community, author_id=ref.author_id,
                        author_name=ref.author_name)  # fmt: skip
        return CaseRef(community, number, post, len(case.entries))

    async def _on_platform(
        self, ref: CaseRef, kind: str, rule: str, reason: str, actor: Actor
    ) -> Entry:
        """Record the decision pending, apply it through the adapter with its key, then mark it
        done with its modlog entry (the pipeline's exactly-once path: after a crash in between,
        the pipeline finishes it with the same key and the moderator as actor)."""
        post = ref.post
        adapter = self.adapters.get(post.platform)
        if adapter is None:
            raise InputError(
                f"case {ref.number} is a {post.platform} post and there is no {post.platform} "
                f"connection here: {kind} it from the bot on {post.platform}"
            )
        action = await self.writer.run(self._reserve, ref, kind, rule, reason, actor)
        method = {"remove": adapter.remove, "restore": adapter.restore, "lock": adapter.lock}[kind]
        try:
            await method(post, reason, action.key)
        except Exception as exc:
            log.warning("%s of case %d failed: %s", kind, ref.number, exc, exc_info=True)
            await self.writer.run(self.actions.discard, action.key)
            one_line = " ".join(str(exc).split()) or type(exc).__name__
            message = f"{post.platform} did not {kind} case {ref.number}: {one_line}"
            raise NewsmodError(message) from exc
        return await self.writer.run(self._complete, action)

    def _reserve(
        self, ref: CaseRef, kind: str, rule: str, reason: str, actor: Actor
    ) -> PendingAction:
        post = ref.post
        # One key per decision: the case's entry count makes a later remove/restore/remove
        # distinct, while a retry of the same (unlogged) decision reuses its key.
        key = action_key(post.platform, post.id, rule, kind, post.content_hash())
        key = f"{key}:mod{ref.entries}"
        rules = [rule] if rule != WHOLE_POST else []
        payload = {
            "post": post.to_json(),
            "rules": rules,
            "text": reason,
            "actor": asdict(actor),
            "confirm": rules if kind == "remove" else [],
        }
        with write_transaction(self.db):
            action = self.actions.insert(key, post, ref.number, rule, kind, payload,
                                         owner=self.owner)  # fmt: skip
            if action is None and not self.actions.claim(key, self.owner):
                # In flight: a moderator's earlier click, or the retry of one left by a crash.
                raise NewsmodError(f"case {ref.number}: this {kind} is already under way or done")
            existing = action or self.actions.get(key)
        assert existing is not None
        return existing

    def _complete(self, action: PendingAction) -> Entry:
        with write_transaction(self.db):
            entry = finish_action(
                action, actions=self.actions, findings=self.findings, modlog=self.modlog
            )
        if entry is None:
            raise NewsmodError(f"case {action.case_no}: this {action.kind} was already recorded")
        return entry

    def _case_findings(self, ref: CaseRef) -> dict[str, str]:
        rows = self.findings.for_case(ref.community, ref.number)
        return {row["rule"]: row["status"] for row in rows}

    def _approve(self, ref: CaseRef, actor: Actor, reason: str) -> Entry:
        with write_transaction(self.db):
            rules = [rule for rule, status in self._case_findings(ref).items() if status == "open"]
            for rule in rules:
                self.findings.label(ref.community, ref.number, rule, "dismissed", actor.name)
                self.findings.set_status(ref.community, ref.number, rule, "dismissed")
            return self._append(ref, "approve", actor, tuple(rules), reason)

    def _label(self, ref: CaseRef, rule: str, label: str, actor: Actor, reason: str) -> Entry:
        with write_transaction(self.db):
            if rule not in self._case_findings(ref):
                raise InputError(f"case {ref.number} has no finding for rule {rule!r}")
            self.findings.label(ref.community, ref.number, rule, label, actor.name)
            self.findings.set_status(ref.community, ref.number, rule, label)
            return self._append(ref, _LABEL_ACTION[label], actor, (rule,), reason)

    def _append_in_txn(self, ref: CaseRef, action: str, actor: Actor, reason: str) -> Entry:
        with write_transaction(self.db):
            return self._append(ref, action, actor, (), reason)

    def _append(
        self, ref: CaseRef, action: str, actor: Actor, rules: tuple[str, ...], reason: str
    ) -> Entry:
        return self.modlog.append(
            community=ref.community, case=ref.number, actor=actor, action=action,
            rules=rules, reason=reason,
        )  # fmt: skip


_LABEL_ACTION = {"dismissed": "dismiss", "confirmed": "confirm"}
