"""The store: the database file, the hash-chained modlog, cases, settings and the writer thread.

See docs/internals.md ("Store"). Everything takes a ``sqlite_utils.Database`` handed in by the
caller; ``open_db`` makes one with WAL, a busy timeout and the schema up to date.
"""

from bot.store.actiontypes import BUILTIN_ACTION_TYPES, ActionType
from bot.store.db import open_db, resolve_db_path, write_transaction
from bot.store.entries import Actor, Case, Entry, PostRef, VerifyResult
from bot.store.migrations import STORE_MIGRATIONS
from bot.store.modlog import Modlog, NewEntry
from bot.store.query import ModlogFilter
from bot.store.settings import SettingsStore
from bot.store.writer import DbWriter

__all__ = [
    "BUILTIN_ACTION_TYPES",
    "STORE_MIGRATIONS",
    "ActionType",
    "Actor",
    "Case",
    "DbWriter",
    "Entry",
    "Modlog",
    "ModlogFilter",
    "NewEntry",
    "PostRef",
    "SettingsStore",
    "VerifyResult",
    "open_db",
    "resolve_db_path",
    "write_transaction",
]
