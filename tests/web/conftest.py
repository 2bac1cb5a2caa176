from __future__ import annotations

from pathlib import Path

import pytest

from bot.web import WebSettings, create_app
from tests.web.demo import DEMO_END, build_demo_db

TOKEN = "s3cret-moderator-token-0123"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_db(tmp_path_factory.mktemp("web") / "demo.db")


@pytest.fixture
def make_client(aiohttp_client, demo_db):
    async def make(settings: WebSettings | None = None, db: Path | None = None):
        app = create_app(
            db or demo_db, settings or WebSettings(mod_token=TOKEN), clock=lambda: DEMO_END
        )
        return await aiohttp_client(app)

    return make


@pytest.fixture
async def client(make_client):
    return await make_client()
