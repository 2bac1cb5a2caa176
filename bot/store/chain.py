"""The modlog hash chain: the canonical encoding of an entry, its hash, and the verifier.

Each entry's ``hash`` is SHA-256 over a version tag and a compact JSON array of the entry's
stored fields in :data:`HASHED_COLUMNS` order (its own ``id`` and the previous entry's hash
included), so editing any field, deleting or inserting a row, or reordering rows breaks the chain
at that entry. JSON columns (``rules``, ``evidence``) are hashed as the exact stored text.

Chain version 1 hashed every field as stored: anyone holding an entry's hash and its public
fields could test a guess about a hidden one (a moderator's name, a private note) by hashing it.
Version 2 (entries logged since migration ``m005``) hashes the fields the public view may hide
(:data:`SECRET_COLUMNS`) only as *commitments*: a MAC (keyed BLAKE2b-256) under a random key
kept in the database (``modlog_key``) over the entry id, the column and the value, so equal
values in two entries commit differently and nothing about a hidden value can be tested without
the key. A
version-1 predecessor's hash is committed the same way (it is a function of hidden fields). The
public view publishes a version-2 entry's hash, its link to the previous entry and its
commitments: with them and the public fields anyone can recompute the chain
(:func:`public_entry_hash`); ``verify_chain`` (the key in hand) checks both versions.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from bot.store.entries import VerifyResult

log = logging.getLogger(__name__)

#: The stored columns an entry's hash covers, in hashing order (``hash`` itself excluded).
HASHED_COLUMNS: tuple[str, ...] = (
    "id",
    "time",
    "platform",
    "community",
    "case_number",
    "actor_id",
    "actor_name",
    "actor_kind",
    "action",
    "post_platform_id",
    "post_url",
    "post_title",
    "author_id",
    "author_name",
    "rules",
    "reason",
    "evidence",
    "config_version",
    "prev_hash",
)
#: The columns the public view may hide: in chain version 2 they are hashed as commitments.
SECRET_COLUMNS: tuple[str, ...] = ("actor_id", "actor_name", "reason", "evidence")
#: The ``prev_hash`` of the first entry.
GENESIS = "0" * 64
#: The chain version of entries logged now.
CHAIN_VERSION = 2
_TAG = b"newsmod-modlog-v1\n"
_TAG_V2 = b"newsmod-modlog-v2\n"
_PERSON = b"newsmod-commit"
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_SECRET_AT = tuple(HASHED_COLUMNS.index(c) for c in SECRET_COLUMNS)
_ID_AT = HASHED_COLUMNS.index("id")
_PREV_AT = HASHED_COLUMNS.index("prev_hash")


def entry_hash(values: Sequence[Any]) -> str:
    """The version-1 hash of one entry given its values in :data:`HASHED_COLUMNS` order."""
    return hashlib.sha256(_TAG + _ENCODER.encode(values).encode("utf-8")).hexdigest()


def commitment(key: bytes, entry_id: int, column: str, value: Any) -> str:
    """The keyed BLAKE2b-256 MAC under ``key`` of (entry id, column, stored value): hides the
    value (fields separated by U+001F; the value, last, may hold anything)."""
    message = f"{entry_id}\x1f{column}\x1f{value}".encode()
    return hashlib.blake2b(message, key=key, digest_size=32, person=_PERSON).hexdigest()


def prev_link(key: bytes, entry_id: int, prev_hash: str, prev_version: int) -> str:
    """What a version-2 entry hashes for its predecessor: the predecessor's hash, or its
    commitment when that is a version-1 hash (which would let its hidden fields be tested)."""
    if prev_version >= CHAIN_VERSION or prev_hash == GENESIS:
        return prev_hash
    return commitment(key, entry_id, "prev_hash", prev_hash)


def commitments(key: bytes, values: Sequence[Any]) -> dict[str, str]:
    """The commitments of an entry's :data:`SECRET_COLUMNS` (values in ``HASHED_COLUMNS``
    order)."""
    entry_id = values[_ID_AT]
    return {
        column: commitment(key, entry_id, column, values[at])
        for column, at in zip(SECRET_COLUMNS, _SECRET_AT, strict=True)
    }


def hash_v2(public: Sequence[Any]) -> str:
    """The version-2 hash over an entry's values with its secret columns already replaced by
    their commitments and ``prev_hash`` by its link (:func:`public_values`)."""
    return hashlib.sha256(_TAG_V2 + _ENCODER.encode(public).encode("utf-8")).hexdigest()


def public_values(key: bytes, values: Sequence[Any], prev_version: int) -> list[Any]:
    """``values`` (``HASHED_COLUMNS`` order) as version 2 hashes them."""
    public = list(values)
    for column, at in zip(SECRET_COLUMNS, _SECRET_AT, strict=True):
        public[at] = commitment(key, values[_ID_AT], column, values[at])
    public[_PREV_AT] = prev_link(key, values[_ID_AT], values[_PREV_AT], prev_version)
    return public


def entry_hash_v2(key: bytes, values: Sequence[Any], prev_version: int) -> str:
    """The version-2 hash of one entry (values in ``HASHED_COLUMNS`` order)."""
    return hash_v2(public_values(key, values, prev_version))


def public_entry_hash(exported: dict[str, Any]) -> str:
    """Recompute a version-2 entry's hash from its public export (``/modlog.json``): the public
    fields, ``prev_hash`` (the link) and ``commitments``. No key needed, nothing hidden used."""
    commits = exported["commitments"]
    by_column = {
        "case_number": exported["case"],
        "post_platform_id": exported["post_id"],
        "rules": canonical_json(list(exported["rules"])),
        **{column: commits[column] for column in SECRET_COLUMNS},
    }
    return hash_v2([by_column.get(c, exported.get(c)) for c in HASHED_COLUMNS])


def public_proof(conn: Any, key: bytes, entry_id: int) -> dict[str, Any]:
    """What the public view may publish about entry ``entry_id``'s place in the chain: for a
    version-2 entry its hash, its link to the previous entry (``prev_hash``) and the commitments
    of its hidden fields; for a version-1 entry nothing (its hash would let a reader test guesses
    about its hidden fields)."""
    columns = ", ".join(HASHED_COLUMNS)
    row = conn.execute(
        f"SELECT {columns}, chain, hash, (SELECT chain FROM modlog WHERE id = m.id - 1) "
        "FROM modlog AS m WHERE id = ?",
        (entry_id,),
    ).fetchone()
    if row is None or row[-3] < CHAIN_VERSION or not key:
        return {"chain": row[-3] if row else 0, "hash": "", "prev_hash": "", "commitments": {}}
    values, prev_version = row[:-3], row[-1] or CHAIN_VERSION
    return {
        "chain": row[-3],
        "hash": row[-2],
        "prev_hash": prev_link(key, entry_id, values[_PREV_AT], prev_version),
        "commitments": commitments(key, values),
    }


def read_key(conn: Any) -> bytes:
    """The chain key stored by migration ``m005`` (``b""`` in a database without one)."""
    row = conn.execute("SELECT key FROM modlog_key WHERE id = 1").fetchone()
    return bytes.fromhex(row[0]) if row else b""


def canonical_json(value: Any) -> str:
    """The stored text of a JSON column: sorted keys, compact, UTF-8 kept (stable to hash).

    Always valid JSON: a NaN or infinite number (which ``json`` would write as the invalid
    ``NaN``/``Infinity``) is stored as ``null``."""
    try:
        return json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
        )
    except ValueError:
        return canonical_json(_finite(value))


def _finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float replaced by None (lists, tuples, dicts)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _walk(rows: Iterable[tuple[Any, ...]], key: bytes) -> tuple[VerifyResult, int, str]:
    """Check rows (hashed values, chain version, stored hash) in id order; returns result, last
    id, last time."""
    expected_id = 1
    prev_hash = GENESIS
    prev_version = 1  # the first entry may be of any version; none may follow a newer one
    prev_time = ""
    checked = 0
    time_at = HASHED_COLUMNS.index("time")
    for row in rows:
        entry_id = row[0]
        if entry_id != expected_id:
            missing = (
                f"entry {expected_id} is missing"
                if entry_id == expected_id + 1
                else f"entries {expected_id}-{entry_id - 1} are missing"
            )
            reason = f"{missing} (deleted; entry {entry_id} follows entry {expected_id - 1})"
            return VerifyResult(False, checked, expected_id, reason), expected_id - 1, prev_time
        values, version, stored = row[:-2], row[-2], row[-1]
        if values[_PREV_AT] != prev_hash or version < prev_version:
            reason = (
                f"entry {entry_id} does not follow entry {entry_id - 1}: its prev_hash differs "
                "(entries reordered or replaced, or the previous entry rewritten)"
            )
            return VerifyResult(False, checked, entry_id, reason), entry_id - 1, prev_time
        if version >= CHAIN_VERSION:
            if not key:
                reason = f"entry {entry_id}: the database has no chain key (modlog_key)"
                return VerifyResult(False, checked, entry_id, reason), entry_id - 1, prev_time
            computed = entry_hash_v2(key, values, prev_version)
        else:
            computed = entry_hash(values)
        if computed != stored:
            reason = f"entry {entry_id} was altered: its fields no longer match its hash"
            return VerifyResult(False, checked, entry_id, reason), entry_id - 1, prev_time
        if values[time_at] < prev_time:
            reason = f"entry {entry_id}: its time {values[time_at]} is before entry {entry_id - 1}"
            return VerifyResult(False, checked, entry_id, reason), entry_id - 1, prev_time
        prev_hash = stored
        prev_version = version
        prev_time = values[time_at]
        checked += 1
        expected_id += 1
    return VerifyResult(True, checked), expected_id - 1, prev_time


def verify_chain(db: Database, *, batch: int = 10_000) -> VerifyResult:
    """Walk the whole chain in id order (streaming, one read snapshot) and report the first break.

    Besides each link, the highest id ever issued (``sqlite_sequence``) must be the last entry's,
    so deleting entries from the end is caught too.
    """
    conn = db.conn
    columns = ", ".join(HASHED_COLUMNS)
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN")  # one snapshot for the walk and the sequence check
    try:
        key = read_key(conn)
        cursor = conn.execute(f"SELECT {columns}, chain, hash FROM modlog ORDER BY id")
        cursor.arraysize = batch

        def rows() -> Iterable[tuple[Any, ...]]:
            while chunk := cursor.fetchmany():
                yield from chunk

        result, last_id, _ = _walk(rows(), key)
        cursor.close()
        if not result.ok:
            return result
        seq_row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'modlog'").fetchone()
        issued = int(seq_row[0]) if seq_row else 0
        if issued > last_id:
            reason = (
                f"entries {last_id + 1}-{issued} are missing from the end (deleted)"
                if issued > last_id + 1
                else f"entry {issued} is missing from the end (deleted)"
            )
            return VerifyResult(False, result.checked, last_id + 1, reason)
        return result
    finally:
        if own_transaction and conn.in_transaction:
            conn.execute("ROLLBACK")
