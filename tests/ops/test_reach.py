"""A server that is not there, or does not answer: one line, retries with back-off, no traceback."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import aiohttp
import pytest

from bot.cli.main import main
from bot.errors import NewsmodError
from bot.lemmy.base import LemmyCredentials, LemmyError
from bot.lemmy.v3 import LemmyV3Client
from bot.ops.reach import wait_until_answering
from tests.ops.servers import silent_server


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


async def test_connection_refused_says_nothing_is_listening() -> None:
    url = closed_port_url()
    with pytest.raises(NewsmodError) as err:
        await wait_until_answering(url, "Lemmy")
    assert str(err.value) == (
        f"Lemmy: nothing is listening at {url} (connection refused); check the URL and port"
    )


async def test_an_unresponsive_server_is_retried_with_back_off(
    caplog: pytest.LogCaptureFixture,
) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    caplog.set_level(logging.WARNING, "bot.ops.reach")
    with silent_server() as url, pytest.raises(NewsmodError) as err:
        await wait_until_answering(url, "Lemmy", answer_within=0.2, attempts=3, sleep=sleep)
    assert str(err.value) == f"Lemmy at {url}: no answer within 0.2 s (3 attempts); giving up"
    assert waits == [5.0, 10.0]
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        f"Lemmy at {url}: no answer within 0.2 s; retrying in 5 s (attempt 1 of 3)",
        f"Lemmy at {url}: no answer within 0.2 s; retrying in 10 s (attempt 2 of 3)",
    ]
    assert all(r.exc_info is None for r in caplog.records)


async def test_a_lemmy_call_that_times_out_is_a_lemmy_error() -> None:
    """The watch loop retries LemmyErrors; a bare TimeoutError used to end in a traceback."""
    with silent_server() as url:
        limit = aiohttp.ClientTimeout(total=0.2)
        async with aiohttp.ClientSession(timeout=limit) as session:
            client = LemmyV3Client(session, LemmyCredentials(url, "bot", "pw"))
            with pytest.raises(LemmyError) as err:
                await client.call("GET", "/post/list", {"community_id": 1})
    assert err.value.code == "timeout: no answer from Lemmy"


@pytest.mark.usefixtures("no_settings")
def test_run_against_nothing_listening_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = closed_port_url()
    env = tmp_path / "bot.env"
    env.write_text(f"LEMMY_URL={url}\nLEMMY_USERNAME=bot\nLEMMY_PASSWORD=pw\n", encoding="utf-8")
    config = tmp_path / "g.toml"
    text = (Path(__file__).resolve().parents[2] / "config" / "guidelines.toml").read_text()
    config.write_text(text.replace("lemmy = []", 'lemmy = ["!news@lemmy.test"]', 1))
    argv = ["run", "lemmy", "--db", str(tmp_path / "n.db"), "--env-file", str(env),
            "--config", str(config)]  # fmt: skip
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"newsmod: Lemmy: nothing is listening at {url} (connection refused); "
        "check the URL and port\n"
    )


async def test_version_detection_on_a_silent_server_is_a_lemmy_error() -> None:
    from bot.lemmy.detect import detect_version

    with silent_server() as url:
        limit = aiohttp.ClientTimeout(total=0.2)
        async with aiohttp.ClientSession(timeout=limit) as session:
            with pytest.raises(LemmyError, match="no_lemmy_api_at"):
                await detect_version(session, url)
