"""The modlog benchmark still runs (at a tiny size; ``make bench`` runs it at 1M)."""

from __future__ import annotations

import pytest

from bench import bench_modlog


def test_bench_modlog_runs_small(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(bench_modlog, "N", 2500)
    monkeypatch.setattr(bench_modlog, "QUERIES", 5)
    bench_modlog.main()
    out = capsys.readouterr().out
    assert "| insert 2,500 entries |" in out
    assert "| verify 2,500 entries" in out
    assert out.count("| page: ") == 3
