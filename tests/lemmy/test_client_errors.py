"""What the Lemmy client makes of a broken connection, answers that are not JSON, and a login
answer without a token: each is one line naming what happened, never a traceback."""

from __future__ import annotations

import socket

import aiohttp
import pytest

from bot.lemmy import LemmyCredentials, LemmyError, open_client
from bot.lemmy.base import LemmyAuthError, LemmyBaseClient
from bot.lemmy.v3 import LemmyV3Client
from bot.platforms.lemmy import connect
from tests.lemmy.conftest import Instance
from tests.lemmy.helpers import make_guidelines


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused_is_one_line(session: aiohttp.ClientSession) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    client = LemmyV3Client(session, LemmyCredentials(url, "newsbot", "pw"))
    with pytest.raises(LemmyError) as err:
        await client.login()
    assert err.value.code.startswith("network_error: ")
    assert err.value.status == 0
    assert "\n" not in str(err.value)


async def test_no_lemmy_at_the_url(session: aiohttp.ClientSession) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(LemmyError, match="no_lemmy_api_at"):
        await open_client(session, LemmyCredentials(url, "newsbot", "pw"))


async def test_proxy_error_page_is_an_http_error(lemmy: Instance, client: LemmyBaseClient) -> None:
    lemmy.fake.broken.append((502, "<html><body>502 Bad Gateway</body></html>"))
    with pytest.raises(LemmyError) as err:
        await client.posts(lemmy.news.id)
    assert (err.value.code, err.value.status) == ("http_502", 502)
    assert "html" not in str(err.value)
    assert (await client.posts(lemmy.news.id)).posts == []  # the next call goes through


async def test_non_json_success_is_invalid_json(lemmy: Instance, client: LemmyBaseClient) -> None:
    lemmy.fake.broken.append((200, "maintenance: back soon"))
    with pytest.raises(LemmyError) as err:
        await client.community("!worldnews@lemmy.test")
    assert (err.value.code, err.value.status) == ("invalid_json_response", 200)


async def test_login_answer_without_a_token(
    lemmy: Instance, session: aiohttp.ClientSession
) -> None:
    lemmy.fake.login_without_token = True
    client = await open_client(session, lemmy.credentials())
    with pytest.raises(LemmyAuthError, match="login_returned_no_token: Lemmy accepted 'newsbot'"):
        await connect(client, make_guidelines())
    assert client.jwt == ""


async def test_login_answer_that_is_not_json(
    lemmy: Instance, session: aiohttp.ClientSession
) -> None:
    client = await open_client(session, lemmy.credentials())
    lemmy.fake.broken.append((200, "<html>login page</html>"))
    with pytest.raises(LemmyError, match="invalid_json_response") as err:
        await client.login()
    assert "\n" not in str(err.value)
