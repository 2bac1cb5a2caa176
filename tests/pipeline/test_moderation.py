from __future__ import annotations

from typing import Any

import pytest
from sqlite_utils import Database

from bot.errors import InputError, NewsmodError
from bot.models import Post
from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.moderation import Moderation
from bot.store.entries import Actor
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter

from .helpers import make_guidelines, post

MOD = Actor("u1", "alice", "moderator")
TITLE = "Two [tabloid-source] [ragebait]"


@pytest.fixture
async def flagged(make_pipeline: Any) -> None:
    pipe = make_pipeline(make_guidelines(communities=("worldnews", "europe")))
    await pipe.submit(post("p1", TITLE, author_name="bob"))
    await pipe.submit(post("p2", "[blogspam]", community="europe"))  # case 1 of europe
    await pipe.submit(post("p3", "[blogspam]"))  # case 2 of worldnews
    await pipe.run_until_empty()


@pytest.fixture
def moderation(
    db: Database, writer: DbWriter, modlog: Modlog, adapter: InProcessAdapter
) -> Moderation:
    return Moderation(db, writer, modlog, {"test": adapter})


def state(db: Database) -> dict[str, tuple[str, str | None]]:
    rows = db.execute(
        "SELECT f.rule, f.status, l.label FROM findings f LEFT JOIN labels l "
        "ON l.community = f.community AND l.case_no = f.case_no AND l.rule = f.rule "
        "WHERE f.community = 'worldnews' AND f.case_no = 1"
    ).fetchall()
    return {rule: (status, label) for rule, status, label in rows}


@pytest.mark.usefixtures("flagged")
@pytest.mark.parametrize(
    ("call", "action", "rules", "calls", "findings"),
    [
        (
            ("approve", 1),
            "approve",
            ("ragebait", "tabloid-source"),
            [],
            {"ragebait": ("dismissed", "dismissed"), "tabloid-source": ("dismissed", "dismissed")},
        ),
        (
            ("dismiss", 1, "ragebait"),
            "dismiss",
            ("ragebait",),
            [],
            {"ragebait": ("dismissed", "dismissed"), "tabloid-source": ("open", None)},
        ),
        (
            ("confirm", 1, "tabloid-source"),
            "confirm",
            ("tabloid-source",),
            [],
            {"ragebait": ("open", None), "tabloid-source": ("confirmed", "confirmed")},
        ),
        (
            ("remove", 1, "ragebait", "Rule 4: ragebait"),
            "remove",
            ("ragebait",),
            ["remove"],
            {"ragebait": ("confirmed", "confirmed"), "tabloid-source": ("open", None)},
        ),
        (
            ("remove", 1, "us-domestic-news", "US only"),
            "remove",
            ("us-domestic-news",),
            ["remove"],
            {"ragebait": ("open", None), "tabloid-source": ("open", None)},
        ),
        (("restore", 1), "restore", (), ["restore"], None),
        (("lock", 1), "lock", (), ["lock"], None),
        (("note", 1, "Asked the poster for a better source"), "note", (), [], None),
    ],
)
async def test_moderator_decisions(
    db: Database,
    moderation: Moderation,
    adapter: InProcessAdapter,
    modlog: Modlog,
    call: tuple[Any, ...],
    action: str,
    rules: tuple[str, ...],
    calls: list[str],
    findings: dict[str, tuple[str, str | None]] | None,
) -> None:
    before = state(db)
    name, *args = call
    entry = await getattr(moderation, name)(*args, MOD, community="worldnews")
    assert (entry.action, entry.rules, entry.case_number, entry.actor) == (action, rules, 1, MOD)
    assert entry.post is not None
    assert (entry.post.id, entry.post.author_name) == ("p1", "bob")
    assert adapter.kinds()[3:] == calls  # the first three are the bot's notifications
    assert state(db) == (findings or before)
    assert modlog.verify().ok


async def test_the_case_community_is_found_when_unambiguous(
    flagged: None, moderation: Moderation
) -> None:
    entry = await moderation.confirm(2, "blogspam", MOD)
    assert (entry.community, entry.post.id if entry.post else "") == ("worldnews", "p3")
    with pytest.raises(InputError, match=r"case 1 exists in several communities \(europe, "):
        await moderation.confirm(1, "blogspam", MOD)


@pytest.mark.usefixtures("flagged")
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (("approve", 9, MOD), "unknown case 9$"),
        (("approve", 9, MOD, "europe"), "unknown case 9 in community 'europe'"),
        (("dismiss", 1, "made-up", MOD, "worldnews"), "unknown rule 'made-up' \\(known: not-orig"),
        (("dismiss", 1, "blogspam", MOD, "worldnews"), "case 1 has no finding for rule 'blogspam'"),
        (("remove", 1, "ragebait", "  ", MOD, "worldnews"), "a removal needs a reason"),
        (("note", 1, "", MOD, "worldnews"), "a note needs text"),
    ],
)
async def test_bad_decisions_are_one_line_input_errors(
    db: Database, moderation: Moderation, call: tuple[Any, ...], message: str
) -> None:
    name, *args = call
    kwargs = {}
    if isinstance(args[-1], str) and args[-1] in ("worldnews", "europe"):
        kwargs["community"] = args.pop()
    before = db.execute("SELECT count(*) FROM modlog").fetchone()
    with pytest.raises(InputError, match=message):
        await getattr(moderation, name)(*args, **kwargs)
    assert db.execute("SELECT count(*) FROM modlog").fetchone() == before


async def test_platform_failures_and_missing_adapters(
    flagged: None, db: Database, writer: DbWriter, modlog: Modlog
) -> None:
    class Down(InProcessAdapter):
        async def remove(self, post: Post, reason: str, key: str) -> None:
            raise ConnectionError("503 Service\nUnavailable")

    down = Moderation(db, writer, modlog, {"test": Down("test")})
    message = r"^test did not remove case 1: 503 Service Unavailable$"
    with pytest.raises(NewsmodError, match=message):
        await down.remove(1, "ragebait", "bad", MOD, community="worldnews")
    none = Moderation(db, writer, modlog, {})
    with pytest.raises(InputError, match="case 1 is a test post and there is no test connection"):
        await none.lock(1, MOD, community="worldnews")
    assert [e.action for e in modlog.get_case("worldnews", 1).entries] == ["flag"]  # type: ignore[union-attr]


async def test_dismissed_rules_are_not_raised_again_after_an_edit(
    flagged: None, make_pipeline: Any, moderation: Moderation, adapter: InProcessAdapter
) -> None:
    await moderation.dismiss(1, "ragebait", MOD, community="worldnews")
    pipe = make_pipeline(make_guidelines(communities=("worldnews", "europe")))
    await pipe.submit(post("p1", "Edited [ragebait] [tabloid-source] [blogspam]"))
    await pipe.run_until_empty()
    last = adapter.calls[-1].item
    assert last is not None
    assert last.rules == ("tabloid-source", "blogspam")


async def test_a_removal_interrupted_after_the_platform_applied_it_is_logged_once(
    flagged: None,
    db: Database,
    moderation: Moderation,
    adapter: InProcessAdapter,
    modlog: Modlog,
    make_pipeline: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Crash(BaseException):
        pass

    def crash(action: Any) -> None:
        raise Crash  # the process dies after the platform removed the post

    monkeypatch.setattr(moderation, "_complete", crash)
    with pytest.raises(Crash):
        await moderation.remove(1, "ragebait", "Rule 4", MOD, community="worldnews")
    assert adapter.kinds()[3:] == ["remove"]
    pending = db.execute("SELECT kind, state FROM actions WHERE key LIKE '%:mod%'").fetchall()
    assert pending == [("remove", "pending")]

    # the restarted bot's pipeline finishes it: same key (not applied again), moderator as actor
    pipe = make_pipeline(make_guidelines(communities=("worldnews", "europe")))
    await pipe.run_once()
    assert adapter.kinds()[3:] == ["remove"]
    assert len(adapter.skipped) == 1
    entries = modlog.get_case("worldnews", 1).entries  # type: ignore[union-attr]
    removals = [e for e in entries if e.action == "remove"]
    assert [(e.actor, e.rules, e.reason) for e in removals] == [(MOD, ("ragebait",), "Rule 4")]
    assert state(db)["ragebait"] == ("confirmed", "confirmed")
    assert modlog.verify().ok


async def test_a_refused_decision_leaves_nothing_pending(
    flagged: None, db: Database, writer: DbWriter, modlog: Modlog
) -> None:
    class Down(InProcessAdapter):
        async def lock(self, post: Post, reason: str, key: str) -> None:
            raise ConnectionError("nope")

    with pytest.raises(NewsmodError, match="test did not lock case 1: nope"):
        await Moderation(db, writer, modlog, {"test": Down("test")}).lock(
            1, MOD, community="worldnews"
        )
    assert db.execute("SELECT count(*) FROM actions WHERE key LIKE '%:mod%'").fetchone() == (0,)
