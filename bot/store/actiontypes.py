"""The modlog's action types (like Red's case types): a name, a description, what it needs.

The built-in set covers the bot, moderators and platform imports. A caller that needs more
passes them to ``Modlog(db, extra_action_types=...)``; nothing here is mutated at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.errors import InputError


@dataclass(frozen=True)
class ActionType:
    name: str
    description: str
    needs_post: bool = False  # the entry must name a post (directly or through its case)
    needs_reason: bool = False  # a moderator must say why


BUILTIN_ACTION_TYPES: tuple[ActionType, ...] = (
    ActionType("flag", "a finding was flagged for the moderators", needs_post=True),
    ActionType("comment", "a public comment was posted on the post", needs_post=True),
    ActionType("remove", "the post was removed", needs_post=True, needs_reason=True),
    ActionType("restore", "a removed post was restored", needs_post=True),
    ActionType("lock", "the post or thread was locked", needs_post=True),
    ActionType("unlock", "the post or thread was unlocked", needs_post=True),
    ActionType("approve", "a moderator approved the post as it is", needs_post=True),
    ActionType("confirm", "a moderator confirmed a finding", needs_post=True),
    ActionType("dismiss", "a moderator dismissed a finding", needs_post=True),
    ActionType("note", "a note on a case or post"),
    ActionType("resolve", "a finding no longer holds (the post was fixed)", needs_post=True),
    ActionType("recheck", "an edited post was checked again", needs_post=True),
    ActionType("config-change", "the community's rule configuration changed"),
    ActionType("setting-change", "a bot setting changed"),
    ActionType("source-add", "a domain was added to a source list"),
    ActionType("source-remove", "a domain was removed from a source list"),
    ActionType("import", "an entry imported from a platform's own modlog"),
)


def action_registry(extra: Iterable[ActionType] = ()) -> dict[str, ActionType]:
    """The built-in action types plus ``extra``; a clashing name is a programming error."""
    registry: dict[str, ActionType] = {t.name: t for t in BUILTIN_ACTION_TYPES}
    for action_type in extra:
        if action_type.name in registry:
            raise ValueError(f"action type {action_type.name!r} is already registered")
        registry[action_type.name] = action_type
    return registry


def check_action(registry: Mapping[str, ActionType], name: str) -> ActionType:
    """The registered type called ``name``, else InputError listing the known ones."""
    try:
        return registry[name]
    except KeyError:
        known = ", ".join(registry)
        raise InputError(f"unknown modlog action {name!r} (known: {known})") from None
