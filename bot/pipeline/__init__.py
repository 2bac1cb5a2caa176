"""The moderation pipeline: durable queue, policy actions applied once, fix-it loop, moderation.

Public API (see docs/internals.md): ``Pipeline``, ``PostQueue``, ``PlatformAdapter``,
``ModQueueItem``, ``InProcessAdapter``, ``Moderation``, ``rule_stats``; the tables' migrations are
``bot.pipeline.schema.MIGRATIONS`` (pass them to ``open_db(extra_migrations=...)``).
"""
