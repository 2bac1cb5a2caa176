"""Tampering with the modlog behind its triggers' back, as someone with the database file can."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def tamper(path: Path, *statements: str) -> None:
    """Drop the triggers that refuse UPDATE and DELETE on ``modlog``, then run ``statements``."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER modlog_no_update")
    conn.execute("DROP TRIGGER modlog_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
