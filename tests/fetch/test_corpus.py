"""Decoding real saved pages from ../shared/corpus (skipped when the corpus is absent)."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest

from bot.fetch.decode import PRESCAN_BYTES, decode_html

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "headlines.jsonl").is_file(), reason="no ../shared/corpus"),
]


def rows(name: str) -> list[dict]:
    with (CORPUS / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def page_bytes(row: dict) -> bytes:
    with gzip.open(CORPUS / row["page"], "rb") as handle:
        return handle.read()


def non_ascii_dev_titles() -> list[dict]:
    return [
        r
        for r in rows("headlines.jsonl")
        if r["split"] == "dev" and not r["expected_title"].isascii()
    ]


def title_found(title: str, text: str) -> bool:
    """Every non-ASCII word of the headline appears in the decoded page (any case)."""
    words = [w.lower() for w in re.findall(r"\w+", title) if not w.isascii()]
    page = text.lower()
    if all(w in page for w in words):
        return True
    page = html.unescape(text).lower()  # the headline may be written with entities
    return all(w in page for w in words)


def test_every_page_decodes():
    for row in rows("headlines.jsonl") + rows("news.jsonl"):
        decoded = decode_html(page_bytes(row))
        assert decoded.text, row["id"]
        assert decoded.encoding, row["id"]


def test_non_ascii_headlines_survive_decoding_with_and_without_declarations():
    pages = non_ascii_dev_titles()
    assert len(pages) > 100
    declared = undeclared = 0
    for row in pages:
        body = page_bytes(row)
        declared += title_found(row["expected_title"], decode_html(body).text)
        detected = decode_html(strip_declarations(body))
        assert detected.source in {"detected", "bom"}, row["id"]
        undeclared += title_found(row["expected_title"], detected.text)
    assert declared / len(pages) >= 0.98
    assert undeclared / len(pages) >= 0.95


def strip_declarations(data: bytes) -> bytes:
    """Disarm charset declarations in the part of the page the decoder prescans."""
    head, rest = data[: 2 * PRESCAN_BYTES], data[2 * PRESCAN_BYTES :]
    head = re.sub(rb"(?i)charset", b"xharset", head)
    return re.sub(rb"(?i)encoding=", b"xncoding=", head) + rest


def test_legacy_pages_are_detected_exactly_without_their_declaration():
    """Dev pages declared in a legacy charset decode to the same text once undeclared."""
    checked = 0
    for row in rows("headlines.jsonl"):
        if row["split"] != "dev":
            continue
        body = page_bytes(row)
        declared = decode_html(body)
        if declared.encoding == "utf-8":
            continue
        checked += 1
        detected = decode_html(strip_declarations(body))
        assert detected.source == "detected", row["id"]
        assert detected.text == decode_html(strip_declarations(body), declared.encoding).text, (
            row["id"],
            detected.encoding,
        )
    assert checked >= 5
