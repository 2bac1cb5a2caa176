"""Import Lemmy's own modlog (human moderators' post removals, restores, locks) into newsmod's.

So that there is one case log: each imported action is appended to the newsmod modlog under the
post's case, with the moderator as actor and ``evidence.import_key`` = the Lemmy modlog entry's
stable key. An entry already imported (same key on that post) is never appended again. Actions
by the bot's own account are skipped: the pipeline logged them when it took them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.lemmy.poller import PLATFORM
from bot.lemmy.types import LemmyApi, LemmyModAction
from bot.pipeline.ports import Writer
from bot.store.entries import Actor, PostRef
from bot.store.modlog import Modlog
from bot.store.query import ModlogFilter

log = logging.getLogger(__name__)

NO_REASON = "(no reason given on Lemmy)"


@dataclass(frozen=True)
class ImportTarget:
    community_id: int  # Lemmy's id
    key: str  # the community's key in guidelines.toml


def post_ref(action: LemmyModAction) -> PostRef:
    p = action.post
    return PostRef(PLATFORM, str(p.id), p.url or "", p.title, str(p.creator.id), p.creator.handle)


class ModlogImporter:
    def __init__(
        self,
        client: LemmyApi,
        modlog: Modlog,
        writer: Writer,
        targets: list[ImportTarget],
        *,
        bot_person_id: int,
        max_pages: int = 5,
    ) -> None:
        self.client = client
        self.modlog = modlog
        self.writer = writer
        self.targets = targets
        self.bot_person_id = bot_person_id
        self.max_pages = max_pages

    async def import_once(self) -> int:
        """Import new human actions from every watched community; how many were appended."""
        total = 0
        for target in self.targets:
            actions = await self._fetch(target)
            for action in reversed(actions):  # oldest first, so the case reads in order
                if await self.writer.run(self._append, target.key, action):
                    total += 1
        return total

    async def _fetch(self, target: ImportTarget) -> list[LemmyModAction]:
        """Newest first, stopping at the first page that holds an entry imported before."""
        found: list[LemmyModAction] = []
        cursor: str | None = None
        for _ in range(self.max_pages):
            page = await self.client.modlog(target.community_id, cursor)
            human = [a for a in page.actions if not self._by_bot(a)]
            found += human
            known = await self.writer.run(self._known_any, target.key, human)
            cursor = page.next_cursor
            if known or cursor is None:
                break
        return found

    def _by_bot(self, action: LemmyModAction) -> bool:
        return action.moderator is not None and action.moderator.id == self.bot_person_id

    def _imported_keys(self, community: str, post_id: str) -> set[str]:
        entries = self.modlog.query(ModlogFilter(community=community, post=post_id, limit=1000))
        return {
            str(e.evidence.get("import_key"))
            for e in entries
            if e.platform == PLATFORM and e.evidence.get("import_key")
        }

    def _known_any(self, community: str, actions: list[LemmyModAction]) -> bool:
        return any(a.key in self._imported_keys(community, str(a.post.id)) for a in actions)

    def _append(self, community: str, action: LemmyModAction) -> bool:
        """Runs on the writer thread: append ``action`` unless its key is already there."""
        ref = post_ref(action)
        if action.key in self._imported_keys(community, ref.id):
            return False
        moderator = action.moderator
        actor = (
            Actor(f"lemmy:{moderator.id}", moderator.handle, "moderator")
            if moderator is not None
            else Actor("lemmy", "Lemmy moderator (name hidden)", "platform")
        )
        case = self.modlog.open_case(community, ref)
        self.modlog.append(
            community=community,
            actor=actor,
            action=action.kind,
            case=case,
            post=ref,
            reason=action.reason or NO_REASON,
            evidence={
                "import_key": action.key,
                "source": "lemmy-modlog",
                "lemmy_time": action.when,
                "lemmy_community": action.community.handle,
            },
        )
        log.info("imported Lemmy %s of post %s by %s", action.kind, ref.id, actor.name)
        return True
