"""The web benchmark still runs (at a tiny size; ``make bench`` runs it at 1M entries)."""

from __future__ import annotations

import pytest

from bench import bench_web
from bot.store import Modlog, open_db


def test_bench_web_runs_small(monkeypatch: pytest.MonkeyPatch, tmp_path, capsys) -> None:
    monkeypatch.setattr(bench_web, "N", 3000)
    monkeypatch.setattr(bench_web, "REQUESTS", 8)
    monkeypatch.setattr(bench_web, "WARMUP", 1)
    monkeypatch.setattr(bench_web, "STATS_REQUESTS", 4)
    monkeypatch.setattr(bench_web, "COLD_REQUESTS", 2)
    monkeypatch.setattr(bench_web, "RESULTS", tmp_path)
    bench_web.main()
    out = capsys.readouterr().out
    assert "built web-v1-3000.db (3,000 entries)" in out
    assert out.count("| `/") == 8
    db = open_db(tmp_path / "web-v1-3000.db", readonly=True)
    try:
        modlog = Modlog(db)
        assert modlog.count() == 3000
        assert modlog.verify().ok
        assert modlog.count(bench_web.ModlogFilter(action="confirm")) > 0
    finally:
        db.close()
    bench_web.main()  # the second run reuses the cached database
    assert "built" not in capsys.readouterr().out
