"""``newsmod modlog``, ``newsmod modlog verify`` and ``newsmod case`` through ``main([...])``."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import bot.cli.main as cli
from bot.cli.common import parse_time, render_table, write_rows
from bot.errors import InputError
from bot.store import Actor, Modlog, PostRef, open_db

BOT = Actor("bot", "newsmod", "bot")
MOD = Actor("m1", "alice", "moderator")
RULES = ["ragebait", "editorialized-title", "blogspam"]


class StepClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(hours=1)
        return self.now


@pytest.fixture(autouse=True)
def only_modlog_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    # Other command modules have their own tests; keep these independent of them.
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("bot.cli.modlog",))
    monkeypatch.delenv("NEWSMOD_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "mod.db"
    db = open_db(path)
    modlog = Modlog(db, clock=StepClock())
    for i in range(1, 21):
        community = "worldnews" if i <= 15 else "science"
        post = PostRef("lemmy", f"p{i}", f"https://news.example/{i}", f"Headline {i}", f"u{i % 2}")
        case = modlog.open_case(community, post)
        modlog.append(
            community=community,
            case=case,
            actor=BOT,
            action="flag",
            rules=[RULES[i % 3]],
            reason=f"finding {i}",
            evidence={"score": i},
        )
    modlog.append(community="worldnews", case=2, actor=MOD, action="remove", reason="ragebait")
    db.close()
    return path  # 21 entries; entry n is at 2026-03-01 + (2n) hours (case, then entry)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_lists_newest_first_with_paging_hint(capsys, db_path: Path) -> None:
    code, out, err = run(capsys, "modlog", "--db", str(db_path), "--limit", "3")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["id", "when", "(UTC)", "community", "case", "actor", "action",
                                "rules", "post", "reason"]  # fmt: skip
    assert [line.split()[0] for line in lines[2:5]] == ["21", "20", "19"]
    assert "alice" in lines[2]
    assert lines[5] == "(more: add --before 19 for the next page)"
    code, out, _ = run(capsys, "modlog", "--db", str(db_path), "--limit", "3", "--before", "19")
    assert [line.split()[0] for line in out.splitlines()[2:5]] == ["18", "17", "16"]


def test_json_export_is_one_array(capsys, db_path: Path) -> None:
    code, out, _ = run(
        capsys, "modlog", "--db", str(db_path), "--community", "worldnews", "--rule", "ragebait",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert [e["id"] for e in data] == [15, 12, 9, 6, 3]
    assert data[0]["rules"] == ["ragebait"]
    assert data[0]["evidence"] == {"score": 15}
    assert out.count("\n") == len(data) + 2  # one entry per line


def test_csv_export_all(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "modlog", "--db", str(db_path), "--format", "csv", "--all")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 21
    assert rows[0]["action"] == "remove"
    assert rows[-1]["rules"] == "editorialized-title"
    assert json.loads(rows[-1]["evidence"]) == {"score": 1}


def test_empty_results(capsys, db_path: Path) -> None:
    assert run(capsys, "modlog", "--db", str(db_path), "--actor", "nobody")[1] == (
        "no matching entries\n"
    )
    assert run(capsys, "modlog", "--db", str(db_path), "--actor", "x", "--format", "json")[1] == (
        "[]\n"
    )


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--community", "science"], [20, 19, 18, 17, 16]),
        (["--action", "remove"], [21]),
        (["--actor", "alice"], [21]),
        (["--author", "u1", "--community", "science"], [19, 17]),
        (["--post", "p4"], [4]),
        (["--post", "https://news.example/5"], [5]),
        (["--case", "2", "--community", "worldnews"], [21, 2]),
        (["--case", "15"], [15]),  # only worldnews has a case 15
        (["--since", "2026-03-01T30:00"], None),
        (["--since", "2026-03-02T00:00Z", "--until", "2026-03-02T12:00+00"], [*range(17, 11, -1)]),
        (["--until", "2026-03-01"], list(range(11, 0, -1))),  # a bare date includes that day
    ],
)  # fmt: skip
def test_filters(capsys, db_path: Path, args: list[str], ids: list[int] | None) -> None:
    code, out, err = run(capsys, "modlog", "--db", str(db_path), "--format", "json", *args)
    if ids is None:
        assert code == 2
        assert "not a date or time" in err
        return
    assert code == 0, err
    assert [e["id"] for e in json.loads(out)] == ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rule", "clickbait"], "unknown rule 'clickbait'"),
        (["--action", "ban"], "unknown modlog action 'ban'"),
        (["--since", "last tuesday"], "--since: not a date or time"),
        (["--since", "800000d"], "--since: out of range: '800000d'"),
        (["--since", "9" * 5000 + "w"], "--since: out of range"),
        (["--until", "9999-12-31"], "--until: out of range"),
        (["--since", "0001-01-01T00:00+05:00"], "--since: out of range"),
        (["--limit", "0"], "--limit: must be at least 1"),
        (["--limit", "lots"], "--limit: not a whole number"),
        (["--before", "-3"], "--before: must be at least 1"),
        (["--case", "3"], "case 3 exists in several communities (science, worldnews)"),
        (["--case", "99"], "unknown case 99"),
        (["--all"], "--all exports everything"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, db_path: Path, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "modlog", "--db", str(db_path), *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_db_from_environment(capsys, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMOD_DB", str(db_path))
    code, out, _ = run(capsys, "modlog", "--limit", "1", "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["id"] == 21


def test_missing_and_corrupt_database(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "modlog", "--db", str(tmp_path / "none.db"))
    assert (code, err.count("\n")) == (2, 1)
    assert "no such database file" in err
    assert not (tmp_path / "none.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00garbage" * 1000)
    for argv in (["modlog"], ["modlog", "verify"], ["case", "1"]):
        code, out, err = run(capsys, *argv, "--db", str(junk))
        assert code == 2
        assert out == ""
        assert (
            err
            == f"newsmod: {junk}: not a valid SQLite database or corrupt (file is not a database)\n"
        )


def test_verify_ok_then_broken(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "modlog", "verify", "--db", str(db_path))
    assert (code, out) == (0, "modlog ok: 21 entries, hash chain intact\n")
    # --db given to the parent command works too
    assert run(capsys, "modlog", "--db", str(db_path), "verify")[0] == 0
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER modlog_no_update")
    conn.execute("UPDATE modlog SET reason = 'nothing happened' WHERE id = 7")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "modlog", "verify", "--db", str(db_path))
    assert code == 1
    assert out.startswith("modlog BROKEN at entry 7: entry 7 was altered")
    assert "(6 entries before it are intact)" in out


def test_case_shows_post_and_entries(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "case", "2", "--community", "worldnews", "--db", str(db_path))
    assert code == 0
    assert "Case 2 · worldnews" in out
    assert "Title:  Headline 2" in out
    assert "Post:   lemmy p2  https://news.example/2" in out
    entry_lines = [line for line in out.splitlines() if line[:2].strip().isdigit()]
    assert [line.split()[0] for line in entry_lines] == ["2", "21"]
    code, out, _ = run(capsys, "case", "12", "--db", str(db_path), "--format", "json")
    data = json.loads(out)
    assert (data["community"], data["case"], data["post"]["id"]) == ("worldnews", 12, "p12")
    assert [e["id"] for e in data["entries"]] == [12]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["case", "99"], "unknown case 99"),
        (["case", "3"], "pass --community"),
        (["case", "7", "--community", "science"], "unknown case 7 in community 'science'"),
        (["case", "three"], "case number: not a whole number"),
    ],
)
def test_case_errors(capsys, db_path: Path, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv, "--db", str(db_path))
    assert (code, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1


def test_read_commands_never_write(capsys, db_path: Path) -> None:
    before = db_path.read_bytes()
    for argv in (["modlog"], ["modlog", "verify"], ["case", "1", "--community", "science"]):
        assert run(capsys, *argv, "--db", str(db_path))[0] == 0
    assert db_path.read_bytes() == before


# -- the shared helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2026-11-01", False, datetime(2026, 11, 1, tzinfo=UTC)),
        ("2026-11-01", True, datetime(2026, 11, 2, tzinfo=UTC)),
        ("2026-11-01T12:30", True, datetime(2026, 11, 1, 12, 30, tzinfo=UTC)),
        ("2026-11-01T12:30:00Z", False, datetime(2026, 11, 1, 12, 30, tzinfo=UTC)),
        ("2026-11-01T14:30+02:00", False, datetime(2026, 11, 1, 12, 30, tzinfo=UTC)),
        ("7d", False, datetime(2026, 11, 23, tzinfo=UTC)),
        ("36h", False, datetime(2026, 11, 28, 12, tzinfo=UTC)),
        ("2w", False, datetime(2026, 11, 16, tzinfo=UTC)),
    ],
)
def test_parse_time(text: str, end: bool, expected: datetime) -> None:
    now = datetime(2026, 11, 30, tzinfo=UTC)
    assert parse_time(text, "--since", end=end, now=now) == expected


@pytest.mark.parametrize("text", ["", "tomorrow", "2026-13-01", "7y", "-3d"])
def test_parse_time_refuses(text: str) -> None:
    with pytest.raises(InputError, match="--since: not a date or time"):
        parse_time(text, "--since")


def test_render_table_aligns_and_shortens() -> None:
    rows = [{"a": 1, "b": "short"}, {"a": 22, "b": "a much longer cell"}]
    text = render_table(rows, ["a", "b"], widths={"b": 8}, headers={"a": "A"})
    assert text.splitlines() == ["A   b", "--  -------", "1   short", "22  a much…"]  # at a word


def test_write_rows_csv_flattens_lists_and_objects() -> None:
    out = io.StringIO()
    write_rows(out, [{"r": ["x", "y"], "e": {"k": 1}, "n": None}], "csv", columns=["r", "e", "n"])
    assert out.getvalue() == 'r,e,n\nx;y,"{""k"": 1}",\n'


def test_old_schema_is_upgraded_once_then_read(capsys, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("DROP INDEX cases_number")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_case_number_index'")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "case", "12", "--db", str(db_path))
    assert code == 0
    assert "Case 12 · worldnews" in out
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'cases_number'").fetchone()
    conn.close()


def test_foreign_sqlite_file_is_left_alone(capsys, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    code, out, err = run(capsys, "modlog", "--db", str(other))
    assert (code, out) == (2, "")
    assert err == f"newsmod: {other}: not a newsmod database (no modlog schema)\n"
    assert other.read_bytes() == before
