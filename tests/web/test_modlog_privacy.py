"""The public modlog lets no reader test a guess about a hidden field (issue 15, point 2).

The attack of the issue, written out: a reader holds the public ``/modlog.json`` and
``/modlog.csv`` and a list of candidate moderator names and private notes. For every entry and
every candidate it computes what it can without the chain key: the entry's hash as chain version 1
computes it with the candidate in the hidden field, the candidate's plain SHA-256, and the
commitment with an empty or guessed key. None of those may appear anywhere in the public output,
and no hidden value may appear in it as text. The chain stays publicly checkable all the same.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
from pathlib import Path

import pytest

from bot.store import Actor, Modlog, PostRef, open_db
from bot.store.chain import (
    HASHED_COLUMNS,
    canonical_json,
    commitment,
    entry_hash,
    public_entry_hash,
    read_key,
)
from bot.web import WebSettings

from .conftest import TOKEN

HIDDEN = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"]
CANDIDATES = [*HIDDEN, "mallory", "trent", "peggy", "victor"]
NOTES = ["spam ring, see the other account", "author is my neighbour"]
BOT = Actor("newsmod", "newsmod", "bot")


@pytest.fixture
def private_db(tmp_path: Path) -> Path:
    path = tmp_path / "private.db"
    db = open_db(path)
    modlog = Modlog(db)
    for n, name in enumerate(HIDDEN):
        post = PostRef("lemmy", f"p{n}", f"https://news.example/{n}", f"Title {n}", "a-1", "au")
        case = modlog.open_case("world", post)
        modlog.append(community="world", case=case, actor=BOT, action="flag", rules=["ragebait"])
        mod = Actor(f"id-{name}", name, "moderator")
        modlog.append(community="world", case=case, actor=mod, action="remove", reason="shock")
        modlog.append(
            community="world",
            case=case,
            actor=mod,
            action="note",
            reason=NOTES[n % len(NOTES)],
            evidence={"seen": name},
        )
    db.close()
    return path


async def _public(make_client, path: Path) -> tuple[str, list[dict], str]:
    client = await make_client(WebSettings(mod_token=TOKEN), db=path)
    response = await client.get("/modlog.json?limit=500")
    assert response.status == 200
    text = await response.text()
    csv_response = await client.get("/modlog.csv?limit=500")
    assert csv_response.status == 200
    return text, json.loads(text)["entries"], await csv_response.text()


def _guesses(row: dict) -> set[str]:
    """Every value the attacker can compute for this entry from its public fields and one
    guess (a candidate name for the actor, a candidate note for the reason)."""
    out: set[str] = set()
    public = {
        **row,
        "case_number": row["case"],
        "post_platform_id": row["post_id"],
        "rules": canonical_json(row["rules"]),
        "evidence": canonical_json(row["evidence"]),
    }
    for name, note in itertools.product(CANDIDATES, [*NOTES, row["reason"]]):
        for key in (b"", name.encode(), hashlib.sha256(name.encode()).digest()):
            out.add(commitment(key, row["id"], "actor_name", name))
        guess = {
            **public,
            "actor_id": f"id-{name}",
            "actor_name": name,
            "reason": note,
            "evidence": canonical_json({"seen": name}),
        }
        for prev in {row["prev_hash"], ""}:
            out.add(entry_hash([guess[c] if c != "prev_hash" else prev for c in HASHED_COLUMNS]))
        out.add(hashlib.sha256(name.encode()).hexdigest())
        out.add(hashlib.sha256(note.encode()).hexdigest())
    return out


async def test_no_public_value_confirms_a_hidden_moderator_or_note(make_client, private_db):
    text, entries, csv_text = await _public(make_client, private_db)
    published = text + csv_text
    for hidden in [*HIDDEN, *(f"id-{n}" for n in HIDDEN), *NOTES]:
        assert hidden not in published
    for row in entries:
        for value in _guesses(row):
            assert value not in published, f"entry {row['id']}: a guess is confirmed"


async def test_the_attack_would_work_with_the_key(make_client, private_db):
    """The test above can fail: with the database's key a guess is confirmed."""
    _, entries, _ = await _public(make_client, private_db)
    db = open_db(private_db, readonly=True)
    key = read_key(db.conn)
    db.close()
    row = next(r for r in entries if r["action"] == "note")
    confirmed = [
        name
        for name in CANDIDATES
        if commitment(key, row["id"], "actor_name", name) == row["commitments"]["actor_name"]
    ]
    assert len(confirmed) == 1
    assert confirmed[0] in HIDDEN


async def test_the_same_moderator_commits_differently_in_each_entry(make_client, private_db):
    _, entries, _ = await _public(make_client, private_db)
    commits = [r["commitments"]["actor_name"] for r in entries if r["actor_kind"] == "moderator"]
    assert len(commits) == len(set(commits)) == 2 * len(HIDDEN)


async def test_anyone_can_check_the_chain_from_the_public_export(make_client, private_db):
    _, entries, csv_text = await _public(make_client, private_db)
    entries = sorted(entries, key=lambda r: r["id"])
    for older, newer in itertools.pairwise(entries):
        assert newer["prev_hash"] == older["hash"]
    for row in entries:
        assert row["chain"] == 2
        assert public_entry_hash(row) == row["hash"]
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert {r["hash"] for r in rows} == {r["hash"] for r in entries}
    assert all(len(r["commit_actor_name"]) == 64 for r in rows)
