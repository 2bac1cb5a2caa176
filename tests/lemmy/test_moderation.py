"""A moderator's decision on a Lemmy case (Discord button, CLI) acts on Lemmy: route by platform."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from bot.errors import NewsmodError
from bot.lemmy.base import LemmyBaseClient
from bot.models import Post
from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.moderation import Moderation
from bot.pipeline.pipeline import Pipeline
from bot.platforms.lemmy import LemmyAdapter, connect
from bot.store.entries import Actor
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter
from tests.fakes import NullFetcher
from tests.lemmy.conftest import Instance
from tests.lemmy.helpers import make_guidelines
from tests.lemmy.test_pipeline_crash import checker

MOD = Actor("discord:42", "alice_mod", "moderator")


async def test_moderator_decisions_act_on_lemmy(
    lemmy: Instance, client: LemmyBaseClient, db: Database, writer: DbWriter
) -> None:
    guidelines = make_guidelines(mode="dry-run")  # the bot only flags
    conn = await connect(client, guidelines)
    adapters = {
        "lemmy": LemmyAdapter(client, conn.me, guidelines),
        "discord": InProcessAdapter("discord"),
    }
    modlog = Modlog(db)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "SHOCK: minister out")
    post = Post(str(rec.id), rec.name, "https://e.com/a", platform="lemmy", community="worldnews")
    pipeline = Pipeline(db, writer, NullFetcher(), guidelines, adapters, modlog=modlog,
                        checker=checker)  # fmt: skip
    await pipeline.submit(post)
    await pipeline.run_until_empty()
    assert not rec.removed  # dry-run
    (report,) = lemmy.fake.state.reports.values()  # flagged: a report with rule and evidence
    assert "Rule 4 (No ragebait): Sensational wording." in report.reason
    assert "Rule 3 (Do not editorialize titles)" in report.reason
    case = modlog.find_case("worldnews", "lemmy", str(rec.id))
    assert case is not None

    moderation = Moderation(db, writer, modlog, adapters)
    await moderation.remove(case, "ragebait", "shock story", MOD, community="worldnews")
    assert rec.removed
    assert lemmy.fake.state.modlog[-1].reason == "Rule 4 (No ragebait): shock story"
    assert report.resolved
    if lemmy.fake.version == "v4":  # 1.0 reads the post as a non-moderator in post/lock: 404
        with pytest.raises(NewsmodError, match="cannot lock a removed post"):
            await moderation.lock(case, MOD, community="worldnews")
        assert not rec.locked
    await moderation.restore(case, MOD, community="worldnews")
    assert not rec.removed
    await moderation.lock(case, MOD, community="worldnews")
    assert rec.locked
    assert adapters["discord"].calls == []  # type: ignore[union-attr]
