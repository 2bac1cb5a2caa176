"""Posts in watched channels reach the mod queue through the real pipeline; clean ones do not."""

from __future__ import annotations

from tests.discord.fake_discord import GUILD_ID, MODQUEUE_ID, TEXT_ID
from tests.discord.stack import ORIGINAL_HEADLINE, StackFactory, eventually


async def test_forum_post_flagged_into_the_mod_queue(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id = await stack.forum_post("SHOCKING!! rates", "Read https://news.example/rates")
    assert await stack.core.pipeline.run_until_empty() == 1

    [send] = stack.modqueue_sends()
    embed = send.json["embeds"][0]
    assert embed["title"] == "SHOCKING!! rates"
    fields = {f["name"].split(" · ")[0]: f["value"] for f in embed["fields"]}
    assert "ragebait" in fields
    assert ORIGINAL_HEADLINE in fields["editorialized-title"]
    assert "~~Central bank raises interest~~ **SHOCKING!!** rates" in fields["editorialized-title"]
    assert "<https://news.example/rates>" in embed["description"]
    assert "poster3000" in embed["description"]
    custom_ids = [c["custom_id"] for row in send.json["components"] for c in row["components"]]
    assert custom_ids == ["newsmod:confirm:1", "newsmod:dismiss:1", "newsmod:lock:1"]
    assert send.json["allowed_mentions"] == {"parse": []}
    case = await stack.core.get_case("worldnews", 1)
    assert case is not None
    assert case.post.id == post_id
    assert [e.action for e in case.entries] == ["flag"]


async def test_clean_post_untouched(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure(mode="live")
    await stack.forum_post("Central bank raises interest rates", "https://news.example/rates")
    await stack.text_post("Rates up https://news.example/rates")
    assert await stack.core.pipeline.run_until_empty() == 2
    touched = [
        c
        for c in stack.fake.calls
        if c.method in {"POST", "PATCH", "DELETE"} and c.path.startswith("/channels/")
    ]
    assert touched == []


async def test_unwatched_channel_and_bots_are_ignored(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    fake = stack.fake
    bot_message = fake.message_payload(TEXT_ID, "SHOCKING https://x.example/a")  # author: the bot
    await fake.dispatch("MESSAGE_CREATE", bot_message)
    other = fake.message_payload(MODQUEUE_ID, "SHOCKING https://x.example/b")
    other["author"] = {**other["author"], "id": "3005", "bot": False}
    await fake.dispatch("MESSAGE_CREATE", other)
    # A human post after both: once it is queued, the two before it were handled (in order).
    post_id, _ = await stack.text_post("Later https://x.example/c")
    rows = await stack.writer.run(
        lambda: stack.core.db.execute("SELECT post_id, title FROM posts").fetchall()
    )
    assert rows == [(post_id, "Later")]
    assert post_id.startswith(f"{GUILD_ID}:{TEXT_ID}:")


async def test_bare_link_in_text_channel_is_a_post_without_title(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, _ = await stack.text_post("https://news.example/rates")

    def title() -> str:
        row = stack.core.db.execute("SELECT title, url FROM posts WHERE post_id = ?", [post_id])
        return repr(row.fetchone())

    assert await stack.writer.run(title) == repr(("", "https://news.example/rates"))


async def test_edit_resolves_a_flag(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    _post_id, message_id = await stack.text_post("SHOCKING rates https://news.example/rates")
    await stack.core.pipeline.run_until_empty()
    assert len(stack.modqueue_sends()) == 1

    fake = stack.fake
    edited = fake.message_payload(
        TEXT_ID,
        "Rates rise https://news.example/rates",
        message_id=message_id,
        author={"id": "3001", "username": "poster3001", "discriminator": "0", "avatar": None},
    )
    await fake.dispatch("MESSAGE_UPDATE", edited)

    async def requeued() -> bool:
        return await stack.pending() == 1

    await eventually(requeued)
    await stack.core.pipeline.run_until_empty()
    case = await stack.core.get_case("worldnews", 1)
    assert case is not None
    assert [e.action for e in case.entries][-1] == "resolve"
    assert case.entries[-1].rules == ("ragebait",)
    assert len(stack.modqueue_sends()) == 1  # nothing new for moderators...
    # ...but their mod-queue message now shows the fix, and its buttons are disabled
    [queued_id] = [
        m for m, data in stack.fake.messages.items() if data["channel_id"] == str(MODQUEUE_ID)
    ]
    [edit] = stack.fake.find("PATCH", rf"/channels/{MODQUEUE_ID}/messages/{queued_id}")
    fields = {f["name"]: f["value"] for f in edit.json["embeds"][0]["fields"]}
    assert fields["Fixed by the poster"] == "`ragebait`\nNothing left to decide."
    buttons = [c for row in edit.json["components"] for c in row["components"]]
    assert buttons
    assert all(b["disabled"] for b in buttons)
    assert edit.json["allowed_mentions"] == {"parse": []}


async def test_live_mode_removes_after_explaining(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure(mode="live")
    forum_post = await stack.forum_post("Tabloid story paywalled", "https://news.example/t")
    _, message_id = await stack.text_post("Tabloid story https://news.example/u")
    await stack.core.pipeline.run_until_empty()
    thread_id = forum_post.split(":")[1]
    fake = stack.fake
    comment = fake.find("POST", rf"/channels/{thread_id}/messages")
    lock = fake.find("PATCH", rf"/channels/{thread_id}")
    assert len(comment) == 1  # the explanation first (paywall rule: comment)...
    assert fake.calls.index(comment[0]) < fake.calls.index(lock[0])  # ...then the removal
    assert lock[0].json == {"locked": True, "archived": True}  # removal = "lock" for forums
    assert fake.find("DELETE", rf"/channels/{TEXT_ID}/messages/{message_id}")
    queue = [s.json["embeds"][0] for s in stack.modqueue_sends()]
    assert len(queue) == 2
    for embed in queue:
        suggestion = embed["fields"][-1]["value"]
        assert suggestion.startswith("removed (")
        assert "tabloid-source" in suggestion


async def test_dry_run_only_flags(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    await stack.text_post("Tabloid story https://news.example/u")
    await stack.core.pipeline.run_until_empty()
    assert not stack.fake.find("DELETE", r"/channels/.*")
    [queue] = stack.modqueue_sends()
    suggestion = queue.json["embeds"][0]["fields"][-1]["value"]
    assert suggestion.startswith("would remove (tabloid-source)")
    assert "dry-run" in suggestion


async def test_thread_rename_is_checked_again(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id = await stack.forum_post("SHOCKING rates", "https://news.example/rates")
    await stack.core.pipeline.run_until_empty()
    thread_id = int(post_id.split(":")[1])
    renamed = stack.fake.thread_payload(thread_id, "Rates rise", 3000)
    await stack.fake.dispatch("THREAD_UPDATE", renamed)

    async def requeued() -> bool:
        return await stack.pending() == 1

    await eventually(requeued)
    await stack.core.pipeline.run_until_empty()
    case = await stack.core.get_case("worldnews", 1)
    assert case is not None
    assert case.entries[-1].action == "resolve"


async def test_a_post_links_its_message_or_thread_on_discord(stacks: StackFactory) -> None:
    """The permalink (a duplicate's evidence links it) is discord.py's ``jump_url``."""
    stack = await stacks()
    await stack.configure()
    thread_post = await stack.forum_post("Rates up", "Read https://news.example/rates")
    text_post, message_id = await stack.text_post("Rates up https://news.example/r2")

    def permalinks() -> dict[str, str]:
        rows = stack.core.db.execute("SELECT post_id, permalink FROM posts").fetchall()
        return dict(rows)

    thread_id = thread_post.split(":")[1]
    assert await stack.writer.run(permalinks) == {
        thread_post: f"https://discord.com/channels/{GUILD_ID}/{thread_id}",
        text_post: f"https://discord.com/channels/{GUILD_ID}/{TEXT_ID}/{message_id}",
    }
