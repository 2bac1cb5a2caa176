"""Global options anywhere, ``--version``, a light ``--help``, ``init``, bad input in one line."""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main as cli
from bot.cli.logs import JsonFormatter, TextFormatter, setup_logging

REPO = Path(__file__).resolve().parents[2]


def registered_help() -> dict[str, str]:
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {action.dest: action.help or "" for action in sub._choices_actions}


def test_the_light_help_matches_the_registered_commands() -> None:
    assert {name: text for name, (_m, text) in cli.COMMANDS.items()} == registered_help()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == "newsmod 0.1.0\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["-v", "--log-format", "json", "init", "DIR"],
        ["init", "DIR", "-v", "--log-format", "json"],
        ["--log-format=json", "init", "-v", "DIR"],
    ],
)
def test_global_options_before_or_after_the_command(argv: list[str]) -> None:
    command = cli.find_command(argv)
    assert command == "init"
    args = cli.build_parser([cli.COMMANDS[command][0]]).parse_args(argv)
    assert (args.verbose, args.log_format, args.dir) == (1, "json", "DIR")


def test_help_and_version_import_no_command() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from bot.cli.main import main\n"
        "for argv in (['--version'], ['--help']):\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(argv)\n"
        "heavy = {'aiohttp', 'sqlite_utils', 'discord', 'jinja2', 'selectolax', 'rapidfuzz'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
        "print(sorted(m for m in sys.modules if m.startswith('bot.cli.') and m not in\n"
        "             ('bot.cli.main', 'bot.cli.logs')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)  # fmt: skip
    assert out.stdout.splitlines() == ["[]", "[]"]


def test_check_imports_only_the_check_path() -> None:
    code = (
        "import sys\n"
        "from bot.cli.main import main\n"
        "main(['check', '--offline', '--json', '--title', 'A title', '--url', 'https://e.org/a'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'aiohttp', 'discord', 'jinja2',"
        " 'sqlite_utils'}), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)  # fmt: skip
    assert out.stderr.splitlines()[-1] == "[]"


def test_text_and_json_log_lines() -> None:
    record = logging.LogRecord("bot.x", logging.INFO, __file__, 1, "hello %s", ("there",), None)
    record.created, record.msecs = 1_796_650_501.25, 250.0
    assert TextFormatter().format(record) == "2026-12-07T13:35:01.250Z INFO bot.x: hello there"
    assert json.loads(JsonFormatter().format(record)) == {
        "time": "2026-12-07T13:35:01.250Z", "level": "INFO", "logger": "bot.x",
        "message": "hello there",
    }  # fmt: skip


def test_setup_logging_leaves_a_host_s_handlers_alone() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    setup_logging(2, "json")  # pytest's handlers are on the root logger
    assert root.handlers == before


# -- init ----------------------------------------------------------------------------------------


def test_init_writes_config_and_env_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["init", str(tmp_path / "bot")]) == 0
    out = capsys.readouterr().out
    assert "Next steps:" in out
    assert out.count("\n  ") == 3
    env = (tmp_path / "bot" / ".env.example").read_text(encoding="utf-8")
    for name in ("DISCORD_TOKEN", "LEMMY_URL", "LEMMY_PASSWORD", "NEWSMOD_DB", "NEWSMOD_CONFIG"):
        assert f"\n{name}=\n" in env
    assert all(line.endswith("=") for line in env.splitlines() if not line.startswith("#"))
    config = (tmp_path / "bot" / "config" / "guidelines.toml").read_text(encoding="utf-8")
    assert config.startswith("# Written by `newsmod init`")


def test_init_refuses_to_overwrite_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["init", str(tmp_path)]) == 0
    (tmp_path / ".env.example").write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["init", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "already exist (use --force to overwrite)" in err
    assert (tmp_path / ".env.example").read_text(encoding="utf-8") == "mine"
    assert cli.main(["init", str(tmp_path), "--force"]) == 0
    assert (tmp_path / ".env.example").read_text(encoding="utf-8") != "mine"


def test_init_into_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a-file"
    target.write_text("", encoding="utf-8")
    assert cli.main(["init", str(target)]) == 2
    assert capsys.readouterr().err == f"newsmod: init: {target} is not a directory\n"


@pytest.mark.usefixtures("no_settings")
@pytest.mark.parametrize("command", ["run", "doctor"])
def test_a_missing_env_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    missing = tmp_path / "nope.env"
    assert cli.main([command, "--env-file", str(missing)]) == 2
    assert capsys.readouterr().err == f"newsmod: --env-file: no such file: {missing}\n"


@pytest.mark.usefixtures("no_settings")
@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--offline", "--title", "T", "--url", "https://e.org/a"],
        ["demo"],
        ["run", "lemmy"],
        ["doctor"],
    ],
)
def test_a_missing_guidelines_file_is_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    missing = tmp_path / "nope.toml"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSMOD_CONFIG", str(missing))
    status = cli.main(argv)
    captured = capsys.readouterr()
    message = f"file not found: {missing}"
    if argv == ["doctor"]:  # a report: the problem is one of its lines
        assert status == 1
        assert f"PROBLEM  config: nope.toml: {message}" in captured.out
    else:
        assert status == 2
        assert captured.err == f"newsmod: nope.toml: {message}\n"
