"""``newsmod web``: argument errors are one line (exit 2); the server really serves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import bot.cli.main as cli
from tests.web.conftest import TOKEN

REPO = Path(__file__).resolve().parents[2]
REGISTERED = cli.COMMAND_MODULES  # read before the fixture below narrows it


@pytest.fixture(autouse=True)
def only_web_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("bot.cli.web",))
    monkeypatch.delenv("NEWSMOD_DB", raising=False)
    monkeypatch.delenv("NEWSMOD_WEB_TOKEN", raising=False)


def test_web_is_registered():
    assert "bot.cli.web" in REGISTERED


def test_help_names_every_option(capsys):
    with pytest.raises(SystemExit):
        cli.main(["web", "--help"])
    out = capsys.readouterr().out
    for option in ("--db", "--host", "--port", "--show-mod-names", "--public-evidence",
                   "--mod-token-env"):  # fmt: skip
        assert option in out


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["--db", "{missing}"], {}, "no such database file"),
        (["--db", "{db}", "--port", "http"], {}, "--port: not a whole number"),
        (["--db", "{db}", "--port", "70000"], {}, "--port: must be at most 65535"),
        (["--db", "{db}"], {"NEWSMOD_WEB_TOKEN": "short"}, "NEWSMOD_WEB_TOKEN: the moderator"),
        (["--db", "{db}", "--mod-token-env", "MY_TOKEN"], {"MY_TOKEN": "x"}, "MY_TOKEN:"),
        (["--db", "{notdb}"], {}, "not a valid SQLite database"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    argv, env, message, demo_db, tmp_path, monkeypatch, capsys
):
    notdb = tmp_path / "garbage.db"
    notdb.write_bytes(b"this is not sqlite" * 100)
    paths = {"missing": tmp_path / "nope.db", "db": demo_db, "notdb": notdb}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = cli.main(["web", *(a.format(**paths) for a in argv)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert err.count("\n") == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serves_over_http_and_never_logs_the_token(demo_db):
    port = _free_port()
    env = {**os.environ, "NEWSMOD_WEB_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "-vv", "web", "--db", str(demo_db), "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # generous: only bounds a broken start, never races
        body = ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                request = urllib.request.Request(
                    f"{base}/", headers={"Authorization": f"Bearer {TOKEN}"}
                )
                with urllib.request.urlopen(request, timeout=10) as resp:
                    body = resp.read().decode()
                    server = resp.headers.get("Server")
                break
            except OSError:
                time.sleep(0.1)
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        assert "moderator view" in body
        assert "by alice_mod" in body
        assert server is None
        # A browser's sign-in: redirected to the same page without the token, with a cookie.
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(f"{base}/stats?token={TOKEN}", timeout=10) as resp:
            assert resp.url == f"{base}/stats"
            assert "moderator view" in resp.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    log = proc.stderr.read().decode() if proc.stderr else ""
    assert "GET /stats?token=[redacted]" in log  # the access log ran, at -vv
    assert TOKEN not in log
