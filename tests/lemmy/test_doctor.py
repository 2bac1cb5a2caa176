"""``newsmod doctor`` for Lemmy against the fake Lemmy (v3 and v4)."""

from __future__ import annotations

import socket

from bot.ops.doctor import check_lemmy
from tests.lemmy.conftest import Instance
from tests.lemmy.helpers import make_guidelines


def env_for(lemmy: Instance, password: str = "bot-pass") -> dict[str, str]:
    return {"LEMMY_URL": lemmy.url, "LEMMY_USERNAME": "newsbot", "LEMMY_PASSWORD": password}


async def test_all_good(lemmy: Instance) -> None:
    found = await check_lemmy(env_for(lemmy), make_guidelines(("!worldnews@lemmy.test",)))
    api = lemmy.fake.version
    assert [f.line() for f in found] == [
        f"ok       lemmy: logged in as newsbot@lemmy.test at {lemmy.url} (API {api})",
        "ok       lemmy: newsbot moderates !worldnews@lemmy.test (worldnews)",
    ]


async def test_every_unmoderated_or_unknown_community_is_a_line(lemmy: Instance) -> None:
    guidelines = make_guidelines(("!worldnews@lemmy.test", "!pics@lemmy.test", "!nope@lemmy.test"))
    found = [f.line() for f in await check_lemmy(env_for(lemmy), guidelines)]
    assert found[1:] == [
        "ok       lemmy: newsbot moderates !worldnews@lemmy.test (worldnews)",
        "PROBLEM  lemmy: newsbot does not moderate !pics@lemmy.test -> add newsbot@lemmy.test as a "
        "moderator of !pics@lemmy.test",
        "PROBLEM  lemmy: !nope@lemmy.test: couldnt_find_community -> check "
        "communities.worldnews.lemmy in guidelines.toml",
    ]


async def test_a_wrong_password(lemmy: Instance) -> None:
    (found,) = await check_lemmy(env_for(lemmy, "wrong"), make_guidelines())
    assert not found.ok
    assert "wrong username or password for 'newsbot'" in found.message
    assert found.fix == "check LEMMY_USERNAME and LEMMY_PASSWORD (or LEMMY_JWT)"


async def test_missing_settings_and_nothing_listening() -> None:
    (missing,) = await check_lemmy({"LEMMY_URL": "https://lemmy.test"}, None)
    assert missing.line() == (
        "PROBLEM  lemmy: LEMMY_USERNAME: missing (or set LEMMY_JWT) -> set it in .env or the "
        "environment"
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    env = {"LEMMY_URL": url, "LEMMY_USERNAME": "newsbot", "LEMMY_PASSWORD": "pw"}
    (refused,) = await check_lemmy(env, None)
    assert refused.message.startswith(f"Lemmy: nothing is listening at {url}")
