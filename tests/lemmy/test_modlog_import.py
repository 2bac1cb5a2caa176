"""Lemmy's modlog in newsmod's: human moderators' actions imported once each, bot's skipped."""

from __future__ import annotations

from sqlite_utils import Database

from bot.lemmy.base import LemmyBaseClient
from bot.lemmy.modlog_import import ModlogImporter
from bot.platforms.lemmy import connect, import_targets
from bot.store.modlog import Modlog
from bot.store.query import ModlogFilter
from bot.store.writer import DbWriter
from tests.lemmy.conftest import Instance
from tests.lemmy.helpers import make_guidelines


async def test_imports_human_actions_once(
    lemmy: Instance, client: LemmyBaseClient, db: Database, writer: DbWriter
) -> None:
    s, clock = lemmy.fake.state, lemmy.clock
    conn = await connect(client, make_guidelines())
    modlog = Modlog(db)
    importer = ModlogImporter(
        client, modlog, writer, import_targets(conn), bot_person_id=conn.me.person.id, max_pages=3
    )
    a = s.add_post(lemmy.news, lemmy.poster, "Tabloid story", url="https://tabloid.example/x")
    b = s.add_post(lemmy.news, lemmy.poster, "Heated")
    elsewhere = s.add_post(lemmy.other, lemmy.poster, "Cat")
    s.remove_post(lemmy.mod, a, True, "Rule 5: tabloid")
    clock.now += 1
    s.lock_post(lemmy.mod, b, True, None)
    clock.now += 1
    s.remove_post(lemmy.mod, a, False, None)
    s.remove_post(lemmy.mod, elsewhere, True, "not watched")
    await client.remove_post(b.id, "Rule 4 (No ragebait): bot's own")  # logged by the pipeline
    assert await importer.import_once() == 3
    assert await importer.import_once() == 0  # once each
    entries = modlog.query(ModlogFilter(community="worldnews"))
    got = sorted((e.post.id if e.post else "", e.action, e.actor.name, e.reason) for e in entries)
    assert got == sorted(
        [
            (str(a.id), "remove", "human_mod@lemmy.test", "Rule 5: tabloid"),
            (str(a.id), "restore", "human_mod@lemmy.test", "(no reason given on Lemmy)"),
            (str(b.id), "lock", "human_mod@lemmy.test", "(no reason given on Lemmy)"),
        ]
    )
    assert all(e.case_number is not None for e in entries)
    assert all(e.evidence["source"] == "lemmy-modlog" for e in entries)
    case_a = {e.case_number for e in entries if e.post and e.post.id == str(a.id)}
    assert len(case_a) == 1  # one case per post
    clock.now += 1
    s.lock_post(lemmy.mod, a, True, "later")
    assert await importer.import_once() == 1
    assert modlog.verify().ok


async def test_pages_back_until_known_entries(
    lemmy: Instance, client: LemmyBaseClient, db: Database, writer: DbWriter
) -> None:
    """More entries than one modlog page (50): every one imported, each once; later polls stop
    at the first page holding an entry imported before."""
    s, clock = lemmy.fake.state, lemmy.clock
    conn = await connect(client, make_guidelines())
    modlog = Modlog(db)
    importer = ModlogImporter(
        client, modlog, writer, import_targets(conn), bot_person_id=conn.me.person.id
    )
    for n in range(60):
        clock.now += 1
        s.remove_post(lemmy.mod, s.add_post(lemmy.news, lemmy.poster, f"P{n}"), True, f"r{n}")
    assert await importer.import_once() == 60
    clock.now += 1
    s.remove_post(lemmy.mod, s.add_post(lemmy.news, lemmy.poster, "late"), True, "late")
    before = sum(1 for e in lemmy.fake.exchanges if e.path == "/modlog")
    assert await importer.import_once() == 1
    assert sum(1 for e in lemmy.fake.exchanges if e.path == "/modlog") == before + 1
    reasons = [e.reason for e in modlog.query(ModlogFilter(community="worldnews", limit=100))]
    assert len(reasons) == 61
    assert len(set(reasons)) == 61
    assert reasons[-1] == "r0"  # oldest first in newsmod's log (newest first in the query)
