"""The moderation pipeline: durable queue, policy actions applied once, fix-it loop, moderation.

Public API (see docs/internals.md): ``pipeline.Pipeline``, ``queue.PostQueue``,
``adapter.PlatformAdapter`` / ``ModQueueItem`` / ``InProcessAdapter``, ``moderation.Moderation``,
``stats.rule_stats``, ``backtest.backtest``, ``checkpool.ProcessChecker``. The tables come from
``schema.MIGRATIONS`` (pass it to ``open_db(path, extra_migrations=[MIGRATIONS])``).
"""
