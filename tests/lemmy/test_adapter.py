"""LemmyAdapter: reports, distinguished comments, removals with rule reasons; all idempotent."""

from __future__ import annotations

from dataclasses import replace

from bot.lemmy.base import LemmyBaseClient
from bot.lemmy.text import comment_body, marker_for
from bot.pipeline.adapter import ModQueueItem, PlatformAdapter, ResolvingAdapter
from bot.pipeline.planner import WHOLE_POST, action_key
from tests.lemmy.conftest import Instance
from tests.lemmy.fake.state import ReportRec
from tests.lemmy.helpers import lemmy_post, make_adapter, queue_item

KEY = "lemmy:{}:ragebait:{}:abc123"


async def test_is_a_platform_adapter(client: LemmyBaseClient) -> None:
    adapter = await make_adapter(client)
    assert isinstance(adapter, PlatformAdapter)
    assert isinstance(adapter, ResolvingAdapter)
    assert adapter.platform == "lemmy"


async def test_flag_reports_once_with_rule_and_evidence(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    forwarded: list[ModQueueItem] = []

    async def forward(item: ModQueueItem) -> None:
        forwarded.append(item)

    adapter = await make_adapter(client, forward=forward)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "SHOCKING: you won't believe")
    item = queue_item(lemmy_post(rec.id), KEY.format(rec.id, "notify"), "x" * 3000)
    await adapter.notify_mods(item)
    await adapter.notify_mods(item)  # retried after a crash: no second report
    (report,) = lemmy.fake.state.reports.values()
    assert report.reason.startswith("Rule 4 (No ragebait): xxx")
    assert len(report.reason) <= 1000
    assert report.reason.endswith("]")
    assert len(forwarded) == 2  # the Discord mod queue dedupes by its own key


async def test_comment_is_distinguished_and_not_repeated(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    adapter = await make_adapter(client)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    post, key = lemmy_post(rec.id), KEY.format(rec.id, "comment")
    await adapter.comment(post, "Rule 3: please use the article's own headline.", key)
    await adapter.comment(post, "Rule 3: please use the article's own headline.", key)
    (comment,) = lemmy.fake.state.comments.values()
    assert comment.distinguished
    assert comment.content.startswith("Rule 3: please use")
    assert "newsmod:" in comment.content
    other = KEY.format(rec.id, "comment").replace("ragebait", "blogspam")
    await adapter.comment(post, "Another rule.", other)
    assert len(lemmy.fake.state.comments) == 2


async def test_half_done_comment_gets_distinguished(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    """Crash after creating the comment but before distinguishing it: finish, do not repeat."""
    adapter = await make_adapter(client)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    post, key = lemmy_post(rec.id), KEY.format(rec.id, "comment")
    await client.create_comment(rec.id, comment_body("Explanation.", marker_for(key)))
    await adapter.comment(post, "Explanation.", key)
    (comment,) = lemmy.fake.state.comments.values()
    assert comment.distinguished


async def test_a_comment_made_before_a_crash_is_found_in_a_busy_thread(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    """The retry comes when 120 others have commented first: the bot reads on, page by page,
    finds its own comment and does not post it twice."""
    adapter = await make_adapter(client)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    post, key = lemmy_post(rec.id), KEY.format(rec.id, "comment")
    for n in range(120):
        lemmy.fake.state.add_comment(rec, lemmy.poster, f"Reader comment {n}")
    await client.create_comment(rec.id, comment_body("Explanation.", marker_for(key)))
    await adapter.comment(post, "Explanation.", key)
    mine = [c for c in lemmy.fake.state.comments.values() if c.creator_id == lemmy.bot.id]
    assert len(mine) == 1
    assert mine[0].distinguished
    lists = [e for e in lemmy.fake.exchanges if e.path == "/comment/list"]
    assert len(lists) == 3  # 50 + 50 + 21 comments


async def test_a_report_made_before_a_crash_is_found_among_many(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    """The retry comes when 120 readers have reported the post since: the bot reads on, page by
    page, finds its own report and does not file it twice."""
    adapter = await make_adapter(client)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    item = queue_item(lemmy_post(rec.id), KEY.format(rec.id, "notify"), "shock wording")
    await adapter.notify_mods(item)
    s = lemmy.fake.state
    for n in range(120):
        lemmy.clock.now += 1
        s.reports[n + 10_000] = ReportRec(
            n + 10_000, rec.id, lemmy.poster.id, f"r{n}", lemmy.clock.now
        )
    await adapter.notify_mods(item)
    mine = [r for r in s.reports.values() if r.creator_id == lemmy.bot.id]
    assert len(mine) == 1
    path = "/post/report/list" if client.version == "v3" else "/report/list"
    assert len([e for e in lemmy.fake.exchanges if e.path == path]) == 1 + 3  # 50 + 50 + 21


async def test_remove_reason_resolves_reports_once(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    adapter = await make_adapter(client)
    s = lemmy.fake.state
    rec = s.add_post(lemmy.news, lemmy.poster, "Outrage!")
    await adapter.notify_mods(queue_item(lemmy_post(rec.id), KEY.format(rec.id, "notify")))
    key = KEY.format(rec.id, "remove")
    await adapter.remove(lemmy_post(rec.id), "ragebait: sensational wording", key)
    await adapter.remove(lemmy_post(rec.id), "ragebait: sensational wording", key)
    assert rec.removed
    assert not rec.locked
    assert all(r.resolved for r in s.reports.values())
    (entry,) = s.modlog
    assert entry.reason == "Rule 4 (No ragebait): sensational wording"


async def test_moderator_reason_gets_rule_prefix(lemmy: Instance, client: LemmyBaseClient) -> None:
    adapter = await make_adapter(client, lock_removed=True)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Outrage!")
    key = KEY.format(rec.id, "remove") + ":mod2"
    await adapter.remove(lemmy_post(rec.id), "shock story", key)
    assert rec.removed
    assert rec.locked  # LEMMY_LOCK_REMOVED
    why = "Rule 4 (No ragebait): shock story"
    kinds = [(e.kind, e.reason) for e in lemmy.fake.state.modlog]
    lock_reason = None if lemmy.fake.version == "v3" else why  # v3 LockPost has no reason
    # locked first: Lemmy 1.0 answers 404 to a lock of a removed post
    assert kinds == [("lock_post", lock_reason), ("remove_post", why)]
    await adapter.restore(lemmy_post(rec.id), "mods changed their mind", key + "r")
    assert not rec.removed
    assert not rec.locked


async def test_lock_and_restore_are_idempotent(lemmy: Instance, client: LemmyBaseClient) -> None:
    adapter = await make_adapter(client)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Heated thread")
    post = lemmy_post(rec.id)
    await adapter.lock(post, "ragebait: comments out of hand", KEY.format(rec.id, "lock"))
    await adapter.lock(post, "ragebait: comments out of hand", KEY.format(rec.id, "lock"))
    await adapter.restore(post, "not removed", KEY.format(rec.id, "restore"))
    assert rec.locked
    assert not rec.removed
    assert [e.kind for e in lemmy.fake.state.modlog] == ["lock_post"]


async def test_comment_survives_rate_limit(lemmy: Instance, client: LemmyBaseClient) -> None:
    adapter = await make_adapter(client)
    posts = [lemmy.fake.state.add_post(lemmy.news, lemmy.poster, f"P{n}") for n in range(9)]
    for rec in posts:
        await adapter.comment(lemmy_post(rec.id), "Note.", KEY.format(rec.id, "comment"))
    assert len(lemmy.fake.state.comments) == 9
    assert all(c.distinguished for c in lemmy.fake.state.comments.values())
    assert sum(lemmy.clock.sleeps) >= 600 - 1  # waited for the bucket, with a fake clock


async def test_one_report_per_post_resolved_then_reopened_and_tells_discord(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    """Lemmy keeps one report per account per post: an edit that fixed everything resolves the
    bot's report; a finding on a later version reopens that same report (no second one)."""
    told: list[tuple[ModQueueItem, tuple[str, ...]]] = []

    async def forward_resolved(item: ModQueueItem, rules: tuple[str, ...]) -> None:
        told.append((item, rules))

    adapter = await make_adapter(client)
    adapter.forward_resolved = forward_resolved
    s = lemmy.fake.state
    rec = s.add_post(lemmy.news, lemmy.poster, "SHOCKING: rates")
    before = lemmy_post(rec.id, "SHOCKING: rates")
    old_key = action_key("lemmy", before.id, WHOLE_POST, "notify", before.content_hash())
    await adapter.notify_mods(queue_item(before, old_key))
    theirs = ReportRec(s.next_id(), rec.id, lemmy.poster.id, "spam", lemmy.clock.now)
    s.reports[theirs.id] = theirs
    after = lemmy_post(rec.id, "Rates rise")
    fixed = replace(queue_item(after, "lemmy:x:*:resolve:y"), findings=())
    await adapter.resolved(fixed, ("ragebait",))
    await adapter.resolved(fixed, ("ragebait",))  # retried: nothing more to do
    (mine,) = (r for r in s.reports.values() if r is not theirs)
    assert mine.resolved
    assert mine.resolver_id == lemmy.bot.id
    assert not theirs.resolved  # a user's report is for the moderators to close
    # a later edit brings a new finding: the bot's report is reopened, not duplicated
    later = lemmy_post(rec.id, "SHOCKING rates, again")
    new_key = action_key("lemmy", later.id, WHOLE_POST, "notify", later.content_hash())
    await adapter.notify_mods(queue_item(later, new_key))
    await adapter.notify_mods(queue_item(later, new_key))  # retried: still one report
    assert [r.id for r in s.reports.values() if r is not theirs] == [mine.id]
    assert not mine.resolved
    refused = [e for e in lemmy.fake.exchanges if e.path == "/post/report" and e.status != 200]
    assert not refused  # never a doomed second report
    assert [rules for _, rules in told] == [("ragebait",), ("ragebait",)]


async def test_resolved_with_findings_still_open_keeps_the_report(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    adapter = await make_adapter(client)
    s = lemmy.fake.state
    rec = s.add_post(lemmy.news, lemmy.poster, "SHOCKING: rates")
    before = lemmy_post(rec.id, "SHOCKING: rates")
    old_key = action_key("lemmy", before.id, WHOLE_POST, "notify", before.content_hash())
    await adapter.notify_mods(queue_item(before, old_key))
    after = lemmy_post(rec.id, "Rates rise, shocking")
    new_key = action_key("lemmy", after.id, WHOLE_POST, "notify", after.content_hash())
    await adapter.notify_mods(queue_item(after, new_key))  # the still-open finding
    await adapter.resolved(queue_item(after, "lemmy:x:*:resolve:z"), ("editorialized-title",))
    (report,) = s.reports.values()
    assert not report.resolved  # the only report the bot may have: it stays open


async def test_resolved_without_a_report_changes_nothing(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    adapter = await make_adapter(client)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Removed by the bot earlier")
    await adapter.resolved(queue_item(lemmy_post(rec.id), "k"), ("ragebait",))
    assert not lemmy.fake.state.reports
