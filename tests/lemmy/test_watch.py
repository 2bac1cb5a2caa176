"""Start-up checks (connect) and the poller: which Lemmy posts reach the pipeline, and when."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp
import pytest

from bot.errors import ConfigError
from bot.lemmy import LemmyError, open_client
from bot.lemmy.base import LemmyBaseClient
from bot.lemmy.poller import LemmyPoller, post_from_lemmy
from bot.lemmy.types import LemmyCommunity, LemmyPerson, LemmyPost
from bot.models import Post
from bot.platforms.lemmy import LemmyConnection, connect
from tests.lemmy.conftest import Instance
from tests.lemmy.helpers import make_guidelines


async def test_connect_marks_bot_and_checks_moderation(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    conn = await connect(client, make_guidelines())
    assert lemmy.bot.bot_account
    assert [(w.community.id, w.key) for w in conn.watched] == [(lemmy.news.id, "worldnews")]


async def test_connect_not_a_moderator_is_one_line(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    guidelines = make_guidelines(("!worldnews@lemmy.test", "!pics@lemmy.test"))
    with pytest.raises(LemmyError, match="not_a_moderator: newsbot does not moderate !pics") as e:
        await connect(client, guidelines)
    assert "\n" not in str(e.value)


async def test_connect_unknown_community(client: LemmyBaseClient) -> None:
    with pytest.raises(
        ConfigError, match=r"communities.worldnews.lemmy: !nope@lemmy.test: couldnt"
    ):
        await connect(client, make_guidelines(("!nope@lemmy.test",)))


async def test_connect_wrong_password(lemmy: Instance, session: aiohttp.ClientSession) -> None:
    client = await open_client(session, lemmy.credentials("wrong"))
    with pytest.raises(LemmyError, match="wrong username or password"):
        await connect(client, make_guidelines())


class Collector:
    def __init__(self) -> None:
        self.posts: list[Post] = []
        self.hashes: set[tuple[str, str]] = set()

    async def __call__(self, post: Post) -> bool:
        """Like PostQueue.enqueue: False when seen with the same content."""
        self.posts.append(post)
        key = (post.id, post.content_hash())
        new = key not in self.hashes
        self.hashes.add(key)
        return new


async def poller_for(lemmy: Instance, client: LemmyBaseClient, **kw: object) -> tuple:
    conn: LemmyConnection = await connect(client, make_guidelines())
    submit = Collector()
    poller = LemmyPoller(
        client,
        conn.watched,
        submit,
        now=lambda: datetime.fromtimestamp(lemmy.clock.now, UTC),
        page_size=2,
        **kw,  # type: ignore[arg-type]
    )
    return poller, submit


async def test_poll_new_posts_skips_removed_and_stops_at_seen(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    s, clock = lemmy.fake.state, lemmy.clock
    old_pin = s.add_post(lemmy.news, lemmy.mod, "Community rules", featured=True,
                         published=clock.now - 3600)  # fmt: skip
    recs = []
    for n in range(4):
        clock.now += 60
        recs.append(s.add_post(lemmy.news, lemmy.poster, f"Story {n}", url=f"https://e.com/{n}"))
    recs[1].removed = True
    recs[2].embed_title = "The real headline 2"
    poller, submit = await poller_for(lemmy, client, full_every=100)
    assert await poller.poll_once() == 4
    # 0.19 lists featured posts first under New, 1.0 by date like any other
    order = (old_pin, recs[3], recs[2], recs[0]) if lemmy.fake.version == "v3" else (
        recs[3], recs[2], recs[0], old_pin)  # fmt: skip
    assert [p.id for p in submit.posts] == [str(x.id) for x in order]
    two = next(p for p in submit.posts if p.id == str(recs[2].id))
    assert (two.platform, two.community, two.embed_title) == (
        "lemmy",
        "worldnews",
        "The real headline 2",
    )
    assert two.author_name == "alice@lemmy.test"
    assert two.url == "https://e.com/2"
    # nothing new: the old featured post on top does not hide where "already seen" starts
    submit.posts.clear()
    assert await poller.poll_once() == 0
    listing_calls = [e for e in lemmy.fake.exchanges if e.path == "/post/list"]
    # first poll: 2 pages of 2 and the empty page after them (0.19 gives a next_page after
    # any non-empty page; 1.0 after a full one); second poll: stops on page 1
    assert len(listing_calls) == 3 + 1
    clock.now += 60
    fresh = s.add_post(lemmy.news, lemmy.poster, "Breaking")
    assert await poller.poll_once() == 1
    assert [p.id for p in submit.posts] == [str(fresh.id)]


async def test_edited_post_is_rechecked(lemmy: Instance, client: LemmyBaseClient) -> None:
    s, clock = lemmy.fake.state, lemmy.clock
    older = s.add_post(lemmy.news, lemmy.poster, "YOU WON'T BELIEVE this")
    for n in range(3):
        clock.now += 60
        s.add_post(lemmy.news, lemmy.poster, f"Later {n}")
    poller, submit = await poller_for(lemmy, client, full_every=2)
    assert await poller.poll_once() == 4
    clock.now += 60
    older.name, older.updated = "Minister resigns", clock.now  # the poster fixed the title
    assert await poller.poll_once() == 0  # quick poll: stops at the newest seen post
    assert await poller.poll_once() == 1  # full poll walks the window and finds the edit
    assert submit.posts[-1].title == "Minister resigns"


async def test_posts_older_than_window_are_not_checked(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    s, clock = lemmy.fake.state, lemmy.clock
    s.add_post(lemmy.news, lemmy.poster, "Ancient", published=clock.now - 3 * 86400)
    clock.now += 60
    recent = s.add_post(lemmy.news, lemmy.poster, "Recent")
    poller, submit = await poller_for(lemmy, client, recheck_hours=24)
    assert await poller.poll_once() == 1
    assert [p.id for p in submit.posts] == [str(recent.id)]


async def test_connect_with_a_refused_jwt(lemmy: Instance, session: aiohttp.ClientSession) -> None:
    from bot.lemmy import LemmyCredentials

    client = await open_client(session, LemmyCredentials(lemmy.url, jwt="expired-token"))
    with pytest.raises(LemmyError, match="refused the token in LEMMY_JWT") as err:
        await connect(client, make_guidelines())
    assert "\n" not in str(err.value)


async def test_connect_with_a_valid_jwt(lemmy: Instance, client: LemmyBaseClient) -> None:
    from bot.lemmy import LemmyCredentials

    jwt_client = type(client)(client.session, LemmyCredentials(lemmy.url, jwt=client.jwt))
    conn = await connect(jwt_client, make_guidelines())
    assert conn.me.person.name == "newsbot"


async def test_a_post_links_its_page_on_the_bots_instance(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Story", url="https://e.com/s")
    poller, submit = await poller_for(lemmy, client, site_url=lemmy.url + "/")
    assert await poller.poll_once() == 1
    (post,) = submit.posts
    assert (post.url, post.permalink) == ("https://e.com/s", f"{lemmy.url}/post/{rec.id}")


def test_without_the_site_a_lemmy_post_has_no_permalink() -> None:
    community = LemmyCommunity(1, "news", "lemmy.test")
    rec = LemmyPost(7, community, LemmyPerson(2, "alice", "lemmy.test"), "T", None, "",
                    "2026-03-01T12:00:00Z")  # fmt: skip
    assert post_from_lemmy(rec, "worldnews").permalink is None
    assert post_from_lemmy(rec, "worldnews", "https://l.test").permalink == "https://l.test/post/7"
