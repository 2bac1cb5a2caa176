"""The moderation pipeline: durable queue, policy actions applied once, fix-it loop, moderation.

Public API (see docs/internals.md): ``pipeline.Pipeline``, ``queue.PostQueue``,
``adapter.PlatformAdapter`` / ``ResolvingAdapter`` (the optional ``resolved`` hook) /
``ModQueueItem`` / ``InProcessAdapter``, ``moderation.Moderation``, ``sources.OverridingChecker``
/ ``SourceEditor`` (moderators' source-list edits, on every platform), ``notices.NoticeLog``
(where a platform put each notification), ``stats.rule_stats``, ``backtest.backtest``,
``checkpool.ProcessChecker``, ``groupcommit.GroupCommit`` (writes of posts finishing together
share one transaction). The tables come from ``schema.MIGRATIONS`` (pass it to
``open_db(path, extra_migrations=[MIGRATIONS])``).
"""
